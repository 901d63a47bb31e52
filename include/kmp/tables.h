/* tables.h - names of unit codes and register IDs.
 * Units from the public table (reference/units.tsv) with the corrections in
 * the protocol notes (21 W, 25 var, 38 K) and the codes 65..90 other
 * sources name (reference/units-by-source.tsv); registers from
 * reference/registers.tsv.  Lookups never read out of bounds: a code outside
 * the table gives NULL and the caller shows the raw code. */
#ifndef KMP_TABLES_H
#define KMP_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* Special unit codes (protocol notes, "Register record"). */
#define KMP_UNIT_HHMMSS 47
#define KMP_UNIT_YYMMDD 48
#define KMP_UNIT_YYYYMMDD 49
#define KMP_UNIT_MMDD 50
#define KMP_UNIT_RTC 53 /* 8-byte real-time clock (datetime.h) */
#define KMP_UNIT_ASCII 54
#define KMP_UNIT_RTC_Q 63
#define KMP_UNIT_DATETIME 64
#define KMP_UNIT_KAMDATETIME 72
#define KMP_UNIT_DST_DATETIME 79 /* 7 bytes "DST YY-MM-DD hh:mm:ss" in logger replies */

/* Unit name (UTF-8, e.g. "°C", "m³") or NULL for a code outside the table. */
const char *kmp_unit_name(unsigned code);
/* Unit name in plain ASCII ("C", "m3") for terminals without UTF-8; NULL
 * outside the table. */
const char *kmp_unit_name_ascii(unsigned code);
/* Writes the unit name, or "unit 0xNN" for unknown codes, into buf. */
const char *kmp_unit_label(unsigned code, char *buf, size_t cap);

typedef struct kmp_register_info {
	uint16_t id;
	const char *name;
	const char *family; /* "heat", "electricity 382", "water (MULTICAL 21)"... */
} kmp_register_info;

/* Register info for an ID, or NULL when no public table names it. */
const kmp_register_info *kmp_register_lookup(unsigned id);
/* The whole table, sorted by id, for listings. */
const kmp_register_info *kmp_register_table(size_t *count);

#endif
