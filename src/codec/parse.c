/* parse.c - register IDs, ID lists, ranges, unsigned integers and seconds
 * (see parse.h for the grammar). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/parse.h"

static int digit_value(int c, int base)
{
	int d = -1;
	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	return d < base ? d : -1;
}

/* The longest number at the start of s[0..len): "0x" and hex digits, or
 * decimal digits.  Returns the characters it takes (0: no number there;
 * "0x" without a hex digit is no number either), the value in *v, and
 * *over set when the value exceeds max (the digits are still taken, so
 * the caller can name the whole number). */
static size_t scan_uint(const char *s, size_t len, uint64_t max, uint64_t *v, int *over)
{
	size_t i = 0;
	int base = 10;
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	size_t first = i;
	uint64_t acc = 0;
	*over = 0;
	for (; i < len; i++) {
		int d = digit_value((unsigned char)s[i], base);
		if (d < 0)
			break;
		if (*over || (uint64_t)d > max || acc > (max - (uint64_t)d) / (uint64_t)base)
			*over = 1;
		else
			acc = acc * (uint64_t)base + (uint64_t)d;
	}
	if (i == first)
		return 0;
	*v = acc;
	return i;
}

int kmp_parse_uint_n(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int over;
	if (!s || len == 0)
		return KMP_ERR_ARG;
	size_t used = scan_uint(s, len, max, &v, &over);
	if (used != len)
		return KMP_ERR_ARG;
	if (over)
		return KMP_ERR_RANGE;
	*out = v;
	return KMP_OK;
}

int kmp_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	return kmp_parse_uint_n(s, s ? strlen(s) : 0, max, out);
}

int kmp_parse_id(const char *s, uint16_t *id)
{
	uint64_t v;
	int rc = kmp_parse_uint(s, KMP_ID_MAX, &v);
	if (rc == KMP_OK)
		*id = (uint16_t)v;
	return rc;
}

static int say(char *err, size_t cap, int rc, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int say(char *err, size_t cap, int rc, const char *fmt, ...)
{
	if (err && cap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, cap, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Shown text is cut at this many characters: a message stays one line. */
#define SHOW 20

/* One ID of a range at s[*i..len): the position after it (and after the
 * blanks that follow) goes to *i. */
static int range_id(const char *s, size_t len, size_t *i, uint16_t *id, char *err, size_t cap)
{
	size_t p = skip_blanks(s, *i, len);
	uint64_t v = 0;
	int over;
	size_t used = scan_uint(s + p, len - p, KMP_ID_MAX, &v, &over);
	if (used == 0) {
		if (p == len)
			return say(err, cap, KMP_ERR_ARG,
			           "a register ID is missing (decimal or 0x hex)");
		/* name what was typed, up to the next separator (at least one
		 * character: "-5" names the '-') */
		size_t n = strcspn(s + p, " \t-.");
		n = n < 1 ? 1 : n > SHOW ? SHOW : n;
		if (n > len - p)
			n = len - p;
		return say(err, cap, KMP_ERR_ARG, "'%.*s' is not a register ID (decimal or 0x hex)",
		           (int)n, s + p);
	}
	if (over)
		return say(err, cap, KMP_ERR_RANGE, "%.*s is not a register ID (0..65535)",
		           (int)(used > SHOW ? SHOW : used), s + p);
	*id = (uint16_t)v;
	*i = skip_blanks(s, p + used, len);
	return KMP_OK;
}

int kmp_parse_range_n(const char *s, size_t len, uint16_t *from, uint16_t *to, char *err,
                      size_t cap)
{
	uint16_t a, b;
	size_t i = 0;
	int rc;
	if (!s || skip_blanks(s, 0, len) == len)
		return say(err, cap, KMP_ERR_ARG,
		           "a range is missing: A-B or A..B, e.g. 0-2000 or 0x3E8-0x7D0");
	if ((rc = range_id(s, len, &i, &a, err, cap)) != KMP_OK)
		return rc;
	if (i == len) {
		b = a; /* one ID: a range of one */
	} else {
		if (s[i] == '-')
			i++;
		else if (len - i >= 2 && s[i] == '.' && s[i + 1] == '.')
			i += 2;
		else
			return say(err, cap, KMP_ERR_ARG,
			           "expected A-B, e.g. 0-2000 (got '%.*s' after %u)",
			           (int)(len - i > SHOW ? SHOW : len - i), s + i, a);
		if ((rc = range_id(s, len, &i, &b, err, cap)) != KMP_OK)
			return rc;
		if (i != len)
			return say(err, cap, KMP_ERR_ARG, "unexpected '%.*s' after the range",
			           (int)(len - i > SHOW ? SHOW : len - i), s + i);
	}
	if (a > b)
		return say(err, cap, KMP_ERR_RANGE,
		           "empty range: %u is above %u (A-B needs A <= B)", a, b);
	*from = a;
	*to = b;
	return KMP_OK;
}

int kmp_parse_range(const char *s, uint16_t *from, uint16_t *to, char *err, size_t cap)
{
	return kmp_parse_range_n(s, s ? strlen(s) : 0, from, to, err, cap);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int kmp_parse_id_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err, size_t errcap)
{
	size_t items = 0;
	if (!s)
		return say(err, errcap, KMP_ERR_ARG, "empty register list");
	const char *p = s;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, ", \t");
		if (len == 0) /* a comma where an ID belongs: ",60" or "60,,68" */
			return say(err, errcap, KMP_ERR_ARG, "empty register ID in '%.40s'", s);
		uint64_t v;
		int rc = kmp_parse_uint_n(p, len, KMP_ID_MAX, &v);
		if (rc != KMP_OK)
			return say(err, errcap, rc,
			           "invalid register '%.*s' (an ID 0..65535, decimal or 0x hex)",
			           (int)(len > 40 ? 40 : len), p);
		if (*n >= cap)
			return say(err, errcap, KMP_ERR_NOSPACE, "too many registers (at most %zu)",
			           cap);
		ids[(*n)++] = (uint16_t)v;
		items++;
		p += len;
		while (is_blank(*p))
			p++;
		if (*p == ',') {
			/* a comma promises another ID */
			const char *q = ++p;
			while (is_blank(*q))
				q++;
			if (*q == ',' || !*q)
				return say(err, errcap, KMP_ERR_ARG, "empty register ID in '%.40s'",
				           s);
		}
	}
	if (items == 0)
		return say(err, errcap, KMP_ERR_ARG, "empty register list");
	return KMP_OK;
}

int kmp_parse_seconds(const char *s, uint64_t max_us, uint64_t *us)
{
	uint64_t whole = 0, frac = 0, scale = 1000000;
	int round_up = 0;
	size_t i = 0;
	if (!s || !(s[0] >= '0' && s[0] <= '9'))
		return KMP_ERR_ARG;
	/* whole seconds: checked against the limit as they grow, so no
	 * number of digits can overflow */
	uint64_t max_s = max_us / 1000000;
	int over = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');
		if (over || whole > max_s / 10 || whole * 10 + d > max_s)
			over = 1;
		else
			whole = whole * 10 + d;
	}
	if (s[i] == '.') {
		i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return KMP_ERR_ARG; /* "5." is not a number here */
		for (size_t k = 0; s[i] >= '0' && s[i] <= '9'; i++, k++) {
			if (k < 6) {
				scale /= 10;
				frac += (uint64_t)(s[i] - '0') * scale;
			} else if (k == 6) {
				round_up = s[i] >= '5';
			}
		}
	}
	if (s[i])
		return KMP_ERR_ARG;
	if (over)
		return KMP_ERR_RANGE;
	uint64_t v = whole * 1000000 + frac + (uint64_t)round_up;
	if (v > max_us)
		return KMP_ERR_RANGE;
	*us = v;
	return KMP_OK;
}
