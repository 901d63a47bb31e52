/* trace_line.c - a --log line back into its fields (see trace_line.h). */
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/trace_line.h"

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int kmp_iso_time_parse(const char *s, size_t len, struct timespec *ts)
{
	/* 2026-11-21T10:00:00.123Z */
	int y, mo, d, h, mi, se, ms;
	if (len != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != '.' || s[23] != 'Z')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se) ||
	    digits(s + 20, 3, &ms))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > kmp_days_in_month(y, mo) || h > 23 ||
	    mi > 59 || se > 59)
		return -1;
	long days = kmp_days_since_1970(y, mo, d);
	ts->tv_sec = (time_t)(days * 86400L + h * 3600L + mi * 60L + se);
	ts->tv_nsec = ms * 1000000L;
	return 0;
}

static const struct {
	const char *name;
	kmp_trace_dir dir;
} dirs[] = {
        {"TX", KMP_TRACE_TX},           {"RX", KMP_TRACE_RX},
        {"ECHO", KMP_TRACE_ECHO},       {"ACK", KMP_TRACE_ACK},
        {"ZERO", KMP_TRACE_ZERO},       {"GARBAGE", KMP_TRACE_GARBAGE},
        {"PARTIAL", KMP_TRACE_PARTIAL}, {"TIMEOUT", KMP_TRACE_TIMEOUT},
        {"LINK", KMP_TRACE_LINK},
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "80 3F 10" or "-": bytes separated by one space. */
static int parse_hex(const char *s, size_t len, kmp_trace_line *out, size_t *bad)
{
	out->n = 0;
	if (len == 1 && s[0] == '-')
		return 0;
	size_t i = 0;
	while (i < len) {
		int hi, lo;
		if (i + 2 > len || (hi = hexval(s[i])) < 0 || (lo = hexval(s[i + 1])) < 0) {
			*bad = i;
			return -1;
		}
		if (out->n == sizeof out->bytes) {
			*bad = i;
			return -1;
		}
		out->bytes[out->n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
		if (i < len) {
			if (s[i] != ' ' || i + 1 == len) {
				*bad = i;
				return -1;
			}
			i++;
		}
	}
	if (!out->n) {
		*bad = 0;
		return -1;
	}
	return 0;
}

int kmp_trace_line_parse(const char *line, size_t len, kmp_trace_line *out, unsigned *col,
                         const char **why)
{
	const char *f[5];
	size_t fl[5], k = 0, start = 0;
	if (len && line[len - 1] == '\r')
		len--;
	memset(out, 0, sizeof *out);
	/* five fields; the decode is the rest of the line (it holds no TAB) */
	for (size_t i = 0; i <= len && k < 5; i++) {
		if (i == len || (line[i] == '\t' && k < 4)) {
			f[k] = line + start;
			fl[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	if (k < 5) {
		*col = (unsigned)len + 1;
		*why = "not a kmpterm trace line (TIME, DIR, HEX, STATUS, DECODE separated by "
		       "tabs)";
		return -1;
	}
	if (kmp_iso_time_parse(f[0], fl[0], &out->wall) != 0) {
		*col = 1;
		*why = "the time is not like 2026-11-21T10:00:00.123Z";
		return -1;
	}
	size_t d = 0;
	for (; d < sizeof dirs / sizeof dirs[0]; d++)
		if (strlen(dirs[d].name) == fl[1] && !memcmp(dirs[d].name, f[1], fl[1]))
			break;
	if (d == sizeof dirs / sizeof dirs[0]) {
		*col = (unsigned)(f[1] - line) + 1;
		*why = "unknown direction (TX, RX, ECHO, ACK, ZERO, GARBAGE, PARTIAL, TIMEOUT, "
		       "LINK)";
		return -1;
	}
	out->dir = dirs[d].dir;
	size_t bad = 0;
	if (parse_hex(f[2], fl[2], out, &bad) != 0) {
		*col = (unsigned)(f[2] - line + (long)bad) + 1;
		*why = "the bytes are not hex like 80 3F 10 (or - for none)";
		return -1;
	}
	int has_bytes = out->dir != KMP_TRACE_TIMEOUT && out->dir != KMP_TRACE_LINK;
	if (has_bytes != (out->n > 0)) {
		*col = (unsigned)(f[2] - line) + 1;
		*why = has_bytes ? "this direction carries bytes"
		                 : "this direction carries no bytes";
		return -1;
	}
	out->status = f[3];
	out->status_len = fl[3];
	out->decode = f[4];
	out->decode_len = fl[4];
	return 0;
}

int kmp_trace_field_is(const char *f, size_t len, const char *text)
{
	return strlen(text) == len && !memcmp(f, text, len);
}

int kmp_trace_field_has(const char *f, size_t len, const char *text)
{
	size_t t = strlen(text);
	for (size_t i = 0; t <= len && i + t <= len; i++)
		if (!memcmp(f + i, text, t))
			return 1;
	return 0;
}
