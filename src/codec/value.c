/* value.c - exact register values: big-endian mantissa <-> decimal text.
 * All arithmetic is on byte arrays and digit strings: never float/double. */
#include <stdio.h>
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/tables.h"
#include "kmp/value.h"

/* Longest digit string of a KMP_MANTISSA_MAX-byte mantissa (256^64 < 10^155). */
#define DIGITS_MAX 160

int kmp_value_parse(const uint8_t *p, size_t n, kmp_value *v, size_t *used)
{
	memset(v, 0, sizeof *v);
	if (n < 2)
		return KMP_ERR_LENGTH;
	if (p[0] == 0 || p[0] > KMP_MANTISSA_MAX)
		return KMP_ERR_RANGE;
	if (n < (size_t)p[0] + 2)
		return KMP_ERR_LENGTH;
	v->len = p[0];
	v->sign_exp = p[1];
	memcpy(v->mantissa, p + 2, v->len);
	if (used)
		*used = (size_t)v->len + 2;
	return KMP_OK;
}

/* Mantissa as decimal digits, most significant first, without leading
 * zeros ("0" for zero).  Returns the digit count. */
static size_t mantissa_digits(const kmp_value *v, char *out)
{
	uint8_t work[KMP_MANTISSA_MAX];
	char rev[DIGITS_MAX];
	size_t nd = 0, len = v->len;
	memcpy(work, v->mantissa, len);
	size_t first = 0; /* first non-zero byte of work */
	while (first < len && work[first] == 0)
		first++;
	while (first < len) {
		/* divide work[first..] by 10, remainder is the next digit */
		unsigned rem = 0;
		for (size_t i = first; i < len; i++) {
			unsigned cur = rem * 256 + work[i];
			work[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
		}
		rev[nd++] = (char)('0' + rem);
		while (first < len && work[first] == 0)
			first++;
	}
	if (nd == 0)
		rev[nd++] = '0';
	for (size_t i = 0; i < nd; i++)
		out[i] = rev[nd - 1 - i];
	out[nd] = '\0';
	return nd;
}

static int put(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n + 1 > cap) {
		if (cap)
			buf[0] = '\0'; /* never a stale value in the caller's buffer */
		return KMP_ERR_NOSPACE;
	}
	memcpy(buf, s, n + 1);
	return (int)n;
}

static int is_zero(const kmp_value *v)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->mantissa[i])
			return 0;
	return 1;
}

int kmp_value_format(const kmp_value *v, char *buf, size_t cap)
{
	char digits[DIGITS_MAX + 1];
	char out[KMP_VALUE_TEXT_MAX];
	size_t nd = mantissa_digits(v, digits), o = 0;
	int exp = kmp_value_exponent(v);

	/* no "-0": a negative zero is the same reading as zero */
	if (kmp_value_negative(v) && !is_zero(v))
		out[o++] = '-';
	if (exp >= 0) {
		memcpy(out + o, digits, nd);
		o += nd;
		if (!(nd == 1 && digits[0] == '0'))
			for (int i = 0; i < exp; i++)
				out[o++] = '0';
	} else {
		size_t frac = (size_t)-exp;
		if (nd <= frac) {
			/* 0.0057: a zero, the point, then padding zeros */
			out[o++] = '0';
			out[o++] = '.';
			for (size_t i = nd; i < frac; i++)
				out[o++] = '0';
			memcpy(out + o, digits, nd);
			o += nd;
		} else {
			memcpy(out + o, digits, nd - frac);
			o += nd - frac;
			out[o++] = '.';
			memcpy(out + o, digits + nd - frac, frac);
			o += frac;
		}
	}
	out[o] = '\0';
	return put(buf, cap, out);
}

int kmp_value_from_text(const char *text, uint8_t len, kmp_value *v)
{
	char digits[DIGITS_MAX + 64];
	size_t nd = 0;
	int neg = 0, exp = 0, seen_point = 0;
	const char *p = text;

	memset(v, 0, sizeof *v);
	if (len == 0 || len > KMP_MANTISSA_MAX)
		return KMP_ERR_RANGE;
	/* the form kmp_value_format writes: [-]digits[.digits]; "+5", ".5"
	 * and "5." are not it */
	if (*p == '-')
		neg = *p++ == '-';
	if (!(*p >= '0' && *p <= '9'))
		return KMP_ERR_ARG;
	for (; *p; p++) {
		if (*p == '.' && !seen_point) {
			seen_point = 1;
			if (!(p[1] >= '0' && p[1] <= '9'))
				return KMP_ERR_ARG;
		} else if (*p >= '0' && *p <= '9') {
			if (nd >= sizeof digits)
				return KMP_ERR_RANGE;
			digits[nd++] = *p;
			if (seen_point)
				exp--;
		} else {
			return KMP_ERR_ARG;
		}
	}
	if (nd == 0)
		return KMP_ERR_ARG;

	for (;;) {
		/* digits -> big-endian bytes; on overflow drop a trailing zero
		 * into the exponent (255000 in one byte is 255e3) */
		uint8_t m[KMP_MANTISSA_MAX] = {0};
		int overflow = 0;
		for (size_t i = 0; i < nd && !overflow; i++) {
			unsigned carry = (unsigned)(digits[i] - '0');
			for (int b = len - 1; b >= 0; b--) {
				unsigned cur = m[b] * 10u + carry;
				m[b] = (uint8_t)cur;
				carry = cur >> 8;
			}
			overflow = carry != 0;
		}
		if (!overflow) {
			if (exp > 63 || exp < -63)
				return KMP_ERR_RANGE;
			v->len = len;
			v->sign_exp = (uint8_t)((neg ? 0x80 : 0) | (exp < 0 ? 0x40 : 0) |
			                        (exp < 0 ? -exp : exp));
			memcpy(v->mantissa, m, len);
			return KMP_OK;
		}
		if (nd > 1 && digits[nd - 1] == '0') {
			nd--;
			exp++;
		} else {
			return KMP_ERR_RANGE;
		}
	}
}

/* Magnitude as (digits without leading zeros, position of the decimal point
 * counted from the left: number of integer digits, may be <= 0). */
static size_t magnitude(const kmp_value *v, char *d, long *point)
{
	size_t nd = mantissa_digits(v, d);
	*point = (long)nd + kmp_value_exponent(v);
	/* strip trailing zeros so equal values compare equal */
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	d[nd] = '\0';
	return nd;
}

int kmp_value_cmp(const kmp_value *a, const kmp_value *b)
{
	int za = is_zero(a), zb = is_zero(b);
	int sa = za ? 0 : kmp_value_negative(a) ? -1 : 1;
	int sb = zb ? 0 : kmp_value_negative(b) ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	char da[DIGITS_MAX + 1], db[DIGITS_MAX + 1];
	long pa, pb;
	size_t na = magnitude(a, da, &pa), nb = magnitude(b, db, &pb);
	int mag;
	if (pa != pb) {
		mag = pa < pb ? -1 : 1;
	} else {
		mag = 0;
		for (size_t i = 0; i < na || i < nb; i++) {
			char ca = i < na ? da[i] : '0', cb = i < nb ? db[i] : '0';
			if (ca != cb) {
				mag = ca < cb ? -1 : 1;
				break;
			}
		}
	}
	return sa < 0 ? -mag : mag;
}

int kmp_value_text(const kmp_value *v, uint8_t unit, char *buf, size_t cap)
{
	char t[KMP_VALUE_TEXT_MAX * 4];
	kmp_datetime dt;
	switch (unit) {
	case KMP_UNIT_HHMMSS:
	case KMP_UNIT_YYMMDD:
	case KMP_UNIT_YYYYMMDD:
	case KMP_UNIT_MMDD:
	case KMP_UNIT_RTC:
	case KMP_UNIT_RTC_Q:
	case KMP_UNIT_KAMDATETIME:
	case KMP_UNIT_DST_DATETIME:
		/* checked first: 999999 is no time, 221301 no date, 000000 a
		 * date the meter never set; those show as the number they are */
		if (kmp_datetime_decode(v, unit, &dt) == KMP_OK)
			return put(buf, cap, dt.text);
		break;
	case KMP_UNIT_ASCII: {
		size_t o = 0, i = 0;
		while (i < v->len && v->mantissa[i] == 0)
			i++; /* leading NULs pad short texts */
		for (; i < v->len; i++) {
			uint8_t c = v->mantissa[i];
			if (c >= 0x20 && c < 0x7F && c != '\\')
				t[o++] = (char)c;
			else
				o += (size_t)snprintf(t + o, sizeof t - o, "\\x%02X", c);
		}
		t[o] = '\0';
		return put(buf, cap, t);
	}
	default:
		break;
	}
	return kmp_value_format(v, buf, cap);
}
