/* parse.c - register IDs typed at the terminal's prompts (see parse.h). */
#include <stdio.h>
#include <string.h>

#include "tui/parse.h"

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* One ID at *s: decimal, or hex after 0x.  Not strtoul's base 0, which
 * reads "010" as octal 8; not a sign either ("-5" is no ID). */
int tui_parse_id(const char **s, uint16_t *id, char *err, size_t cap)
{
	const char *p = skip_blanks(*s), *start = p;
	int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	const char *digits = hex ? p + 2 : p;
	unsigned long v = 0;
	int n = 0;
	for (const char *q = digits;; q++, n++) {
		int c = (unsigned char)*q, d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (v <= 65535)
			v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (!n) {
		/* name what was typed, up to the next separator */
		int len = (int)strcspn(start, " \t-.");
		len = len < 1 ? 1 : len > 20 ? 20 : len;
		if (!*start)
			snprintf(err, cap, "a register ID is missing (decimal or 0x hex)");
		else
			snprintf(err, cap, "'%.*s' is not a register ID (decimal or 0x hex)", len,
			         start);
		return -1;
	}
	const char *end = digits + n;
	if (v > 65535) {
		snprintf(err, cap, "%.*s is not a register ID (0..65535)",
		         (int)(end - start) > 20 ? 20 : (int)(end - start), start);
		return -1;
	}
	*id = (uint16_t)v;
	*s = skip_blanks(end);
	return 0;
}

int tui_parse_id_list(const char *text, uint16_t *ids, size_t *n, size_t cap, char *err,
                      size_t errcap)
{
	const char *s = skip_blanks(text);
	if (!*s) {
		snprintf(err, errcap, "type register IDs: 60,68 or 0x3EA");
		return -1;
	}
	while (*s) {
		/* an item: up to the next comma or blank */
		size_t len = strcspn(s, ", \t");
		char tok[32];
		uint16_t id;
		if (!len) {
			snprintf(err, errcap, "empty register ID in '%.40s'", text);
			return -1;
		}
		snprintf(tok, sizeof tok, "%.*s", (int)(len < sizeof tok ? len : sizeof tok - 1),
		         s);
		const char *t = tok;
		if (len >= sizeof tok || tui_parse_id(&t, &id, err, errcap) != 0 || *t) {
			snprintf(err, errcap,
			         "'%.*s' is not a register ID (0..65535, decimal or 0x hex)",
			         (int)(len > 20 ? 20 : len), s);
			return -1;
		}
		if (*n >= cap) {
			snprintf(err, errcap, "too many registers (at most %zu)", cap);
			return -1;
		}
		ids[(*n)++] = id;
		s = skip_blanks(s + len);
		if (*s == ',') {
			s = skip_blanks(s + 1);
			if (!*s || *s == ',') {
				snprintf(err, errcap, "empty register ID in '%.40s'", text);
				return -1;
			}
		}
	}
	return 0;
}
