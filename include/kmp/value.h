/* value.h - exact register values.
 *
 * A register value travels as LEN | SIGN_EXP | MANTISSA (LEN bytes, unsigned
 * big-endian); bit7 of SIGN_EXP = negative value, bit6 = negative exponent,
 * bits5..0 = exponent.  value = (-1)^s x mantissa x 10^(+-exp).
 * Decoded exactly into decimal text, never through float or double: binary
 * floating point loses digits (protocol notes, "Register record"). */
#ifndef KMP_VALUE_H
#define KMP_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* Longest mantissa handled.  MULTICAL sends 1..4 bytes, 382 electricity
 * meters up to 16; 64 bytes keeps a margin (155 decimal digits). */
#define KMP_MANTISSA_MAX 64
/* Room for the longest text either form can take: the decimal (sign, 155
 * digits, 63 zeros, point) or unit 54 ASCII with every byte escaped as
 * \xNN (4 x 64), plus the NUL. */
#define KMP_VALUE_TEXT_MAX (4 * KMP_MANTISSA_MAX + 8)

typedef struct kmp_value {
	uint8_t len;      /* mantissa bytes, 1..KMP_MANTISSA_MAX */
	uint8_t sign_exp; /* raw SIGN_EXP byte */
	uint8_t mantissa[KMP_MANTISSA_MAX];
} kmp_value;

static inline int kmp_value_negative(const kmp_value *v)
{
	return (v->sign_exp & 0x80) != 0;
}
/* Signed decimal exponent, -63..63. */
static inline int kmp_value_exponent(const kmp_value *v)
{
	int e = v->sign_exp & 0x3F;
	return (v->sign_exp & 0x40) ? -e : e;
}

/* Parse LEN | SIGN_EXP | MANTISSA from p (n bytes available).  On success
 * stores the bytes consumed in *used (may be NULL) and returns KMP_OK;
 * KMP_ERR_LENGTH when fewer bytes than LEN announces (or fewer than 2),
 * KMP_ERR_RANGE when LEN is 0 or above KMP_MANTISSA_MAX. */
int kmp_value_parse(const uint8_t *p, size_t n, kmp_value *v, size_t *used);

/* Build a value from decimal text ("-123.45", "0.0", "255000": an optional
 * minus, digits, and optionally a point followed by digits) with the
 * given mantissa length: the inverse of kmp_value_format, used by the
 * simulator and the tests.  Returns KMP_OK, KMP_ERR_ARG (not a number) or
 * KMP_ERR_RANGE (does not fit len bytes / exponent beyond 63). */
int kmp_value_from_text(const char *text, uint8_t len, kmp_value *v);

/* Exact decimal text with the meter's own decimals: mantissa 0 with exponent
 * -1 prints "0.0", 255 with exponent 3 prints "255000".  Returns the text
 * length or KMP_ERR_NOSPACE. */
int kmp_value_format(const kmp_value *v, char *buf, size_t cap);

/* Compare two values numerically (-1, 0, 1), exactly. */
int kmp_value_cmp(const kmp_value *a, const kmp_value *b);

/* Text as people read it for this unit: the date and time units as ISO text
 * once every field is checked (datetime.h: 47 "20:02:43", 48 and 49
 * "2022-09-01", 50 "09-01", 53/63/72/79 "2024-12-31 00:00:04", with a
 * " DST" remark when the meter flags summer time), 54 ASCII (non-printable
 * bytes as \xNN); every other unit, and any date or time that is not a
 * possible one (999999 as hh:mm:ss, month 13, an unset 000000), gives the
 * exact decimal.  Returns the text length or KMP_ERR_NOSPACE; buf always
 * holds a string afterwards ("" when cap is too small), never left-over
 * bytes. */
int kmp_value_text(const kmp_value *v, uint8_t unit, char *buf, size_t cap);

#endif
