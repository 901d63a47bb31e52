/* hexarg.c - parse pasted hex (see hexarg.h). */
#include <ctype.h>
#include <stdio.h>

#include "app/hexarg.h"

static int nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int separator(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',' || c == '-';
}

int hexarg_parse(const char *s, uint8_t *out, size_t *n, size_t cap, char *err, size_t errcap)
{
	int half = -1;
	size_t digits = 0;
	for (const char *p = s; *p; p++) {
		if (separator((unsigned char)*p)) {
			/* a separator between the two digits of a byte: "8 0" is not 80 */
			if (half >= 0) {
				snprintf(
				        err, errcap,
				        "not hex: a lone digit before a separator at character %zu",
				        (size_t)(p - s) + 1);
				return -1;
			}
			continue;
		}
		if (half < 0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
		    nibble((unsigned char)p[2]) >= 0 && nibble((unsigned char)p[3]) >= 0) {
			p++; /* 0x prefix of one byte */
			continue;
		}
		int v = nibble((unsigned char)*p);
		if (v < 0) {
			if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F)
				snprintf(err, errcap, "not hex: unexpected '%c' at character %zu",
				         *p, (size_t)(p - s) + 1);
			else
				snprintf(err, errcap, "not hex: byte 0x%02X at character %zu",
				         (unsigned char)*p, (size_t)(p - s) + 1);
			return -1;
		}
		digits++;
		if (half < 0) {
			half = v;
			continue;
		}
		if (*n >= cap) {
			snprintf(err, errcap, "too much hex (at most %zu bytes)", cap);
			return -1;
		}
		out[(*n)++] = (uint8_t)(half << 4 | v);
		half = -1;
	}
	if (half >= 0) {
		snprintf(err, errcap, "not hex: an odd number of hex digits (%zu)", digits);
		return -1;
	}
	return 0;
}
