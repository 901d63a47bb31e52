/* family.h - meter families: the same register ID means different things on
 * a heat meter and an electricity meter (1010 is a customer number on a
 * MULTICAL, the total meter number on a 382), and info codes are numbered
 * per family.  Names per family come from tests/data/registers-by-family.tsv
 * (the vendor's description 5512-447 and public implementations). */
#ifndef KMP_FAMILY_H
#define KMP_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/tables.h"

typedef enum kmp_family {
	KMP_FAMILY_UNKNOWN = 0, /* not known: the generic table (tables.h) */
	KMP_FAMILY_HEAT_302,    /* MULTICAL 302 */
	KMP_FAMILY_HEAT_60X,    /* MULTICAL 601/602 (5512-447 5.2) */
	KMP_FAMILY_HEAT_801,    /* MULTICAL 801: the 601 table plus 5512-447 5.3 */
	KMP_FAMILY_HEAT_X03,    /* MULTICAL 303/403/603/803 */
	KMP_FAMILY_WATER,       /* MULTICAL 21, flowIQ */
	KMP_FAMILY_ELECTRICITY, /* 382/162/351, OMNIPOWER */
	KMP_FAMILY_COUNT
} kmp_family;

/* "heat MULTICAL 303/403/603/803", ...; "unknown" for KMP_FAMILY_UNKNOWN
 * and out-of-range values. */
const char *kmp_family_name(kmp_family fam);

/* The family's own entry for an ID (NULL when the family's table does not
 * list it; always NULL for KMP_FAMILY_UNKNOWN).  MULTICAL 801 falls back to
 * the 601 table it extends. */
const kmp_register_info *kmp_register_family_lookup(kmp_family fam, unsigned id);

/* The family's own table, sorted by ID (*n entries); NULL and 0 for
 * KMP_FAMILY_UNKNOWN.  The 801's holds its own additions only: the 601's
 * table names the rest (kmp_register_family_lookup falls back to it). */
const kmp_register_info *kmp_family_table(kmp_family fam, size_t *n);

/* Every register ID a public source names for the family: its own table
 * (the 801's with the 601's), and the generic table's rows for that kind of
 * meter; for KMP_FAMILY_UNKNOWN every ID of every table.  Sorted, unique;
 * at most cap are written.  Returns how many were written.  (`scan
 * --known` asks these first.) */
size_t kmp_family_known_ids(kmp_family fam, uint16_t *out, size_t cap);

/* The name to show: the family's own, else the generic table's (only where
 * the generic entry does not belong to another kind of meter), else
 * "register N" written into buf.  Never NULL. */
const char *kmp_register_name(kmp_family fam, uint16_t id, char *buf, size_t cap);

#endif
