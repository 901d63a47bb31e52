/* meter_type.h - what a GetType code says about a meter, and how a meter's
 * family is named on the command line and in the config file.
 *
 * Kamstrup publishes GetType's meter type codes only in part: the KMP
 * description 5512-447 (rev. M1, 6.2.1) names the MULTICAL 601's 0001,
 * 0004, 0005, the same through a 67-05 top module (1501, 1504, 1505), and
 * the 09xx (top module, address 7F) and 16xx (base module, address BF)
 * ranges; the public readers (PyKMP, MeterLogger, bsdphk/PyKamstrup,
 * ha-kamstrup) print the code and name none.  Anything else is shown as
 * its code, never guessed.  Pure, no I/O. */
#ifndef KMP_METER_TYPE_H
#define KMP_METER_TYPE_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/family.h"

typedef struct kmp_meter_type_info {
	const char *model;  /* "MULTICAL 601, Pt100" */
	kmp_family family;  /* KMP_FAMILY_UNKNOWN for a module */
	uint8_t address;    /* the address its requests go to (3F, 7F, BF) */
	const char *source; /* "5512-447 6.2.1" */
} kmp_meter_type_info;

/* What a public source says about a GetType code; NULL when none names it. */
const kmp_meter_type_info *kmp_meter_type_lookup(uint16_t code);

/* The family's name for the command line and the config file
 * ("multical403", "multical601", "multical801", "multical302",
 * "multical21", "kamstrup382"); "unknown" for KMP_FAMILY_UNKNOWN. */
const char *kmp_family_key(kmp_family fam);

/* Parse a family as people write it: the keys above, a model of the
 * family ("403", "multical603", "flowiq", "omnipower", "162", ...), case
 * and spaces or dashes ignored.  Returns 0, or -1 (out untouched). */
int kmp_family_parse(const char *s, kmp_family *out);

/* The keys kmp_family_parse accepts first, for messages:
 * "multical302, multical601, ...". */
const char *kmp_family_keys(void);

/* Register IDs that only one family's public sources name, asked in one
 * GetRegister to tell the families apart (at most KMP_MAX_IDS), and the
 * registers that say what the meter is (404 meter type on a 603, 640 the
 * type as text on a MULTICAL 21, 1126 the complete type number on a 382).
 * *n gets the count. */
const uint16_t *kmp_family_probe_ids(size_t *n);

/* The family the IDs present in a reply point to: a family whose
 * signature ID is there, when exactly one is; KMP_FAMILY_UNKNOWN when none
 * or several are. */
kmp_family kmp_family_from_ids(const uint16_t *ids, size_t n);

/* 1 when id is one of the probe's registers that name the meter. */
int kmp_family_type_register(uint16_t id);

#endif
