/* infocodes.h - what the meter's status registers say, as named flags.
 *
 * A meter reports its troubles as a number: register 99 (info code), 369
 * (info bits) and, on water meters, 99 and 582 (battery days).  Which bit or
 * digit means what depends on the meter family, and comes from the vendor's
 * technical descriptions (cited in infocodes.c).  Only what a source names
 * gets a name: any other set bit is reported as "bit N" (known = 0), never
 * guessed.  The same flag type serves the event status (GetEventStatus) and
 * the loggers' INFO fields.  Pure, no I/O. */
#ifndef KMP_INFOCODES_H
#define KMP_INFOCODES_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/family.h"
#include "kmp/value.h"

#define KMP_FLAG_NAME_MAX 40
#define KMP_FLAG_TEXT_MAX 96
/* Flags one value can give: 32 bits, or 8 display digits. */
#define KMP_FLAGS_MAX 32

typedef struct kmp_flag {
	char name[KMP_FLAG_NAME_MAX]; /* machine name: "leak_cold_water", "bit_1" */
	char text[KMP_FLAG_TEXT_MAX]; /* for people: "Leak in the cold-water system" */
	int known;                    /* 0: set, but no public source names it */
} kmp_flag;

/* One named bit of a bit field. */
typedef struct kmp_bit_name {
	uint8_t bit;
	const char *name;
	const char *text;
} kmp_bit_name;

/* Non-zero when kmp_info_flags has a table for this register on this family. */
int kmp_info_register(kmp_family fam, uint16_t reg);

/* The flags a register value sets, in bit (or digit) order.  Returns how
 * many were written to out (0: nothing set, all is well), KMP_ERR_ARG when
 * the family has no table for the register, KMP_ERR_RANGE when the value is
 * not a whole non-negative number the register can hold (a fraction, a
 * negative, more bits than the register has).  At most max flags are
 * written; a longer list is cut (KMP_FLAGS_MAX always fits). */
int kmp_info_flags(kmp_family fam, uint16_t reg, const kmp_value *v, kmp_flag *out, size_t max);

/* The set bits of a bit field width bits wide, named from table t (n
 * entries); bits the table does not name become "bit N".  Returns the
 * number of flags written. */
int kmp_flags_from_bits(const kmp_bit_name *t, size_t n, uint32_t bits, unsigned width,
                        kmp_flag *out, size_t max);

/* Flags joined for one line: "leak_cold_water,bit_1" (names) or
 * "Leak in the cold-water system; bit 1" (texts).  Returns buf. */
const char *kmp_flags_join(const kmp_flag *f, size_t n, int texts, char *buf, size_t cap);

#endif
