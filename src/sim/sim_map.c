/* sim_map.c - parse kmpsim register map files (format: docs/kmpsim-map.md).
 *
 * The parser works on a buffer, never on a FILE, so the fuzz target can
 * feed it anything: NUL bytes, endless lines, no final newline. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/parse.h"
#include "sim/sim_map.h"

static int fail(char *err, size_t cap, unsigned line, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t cap, unsigned line, const char *fmt, ...)
{
	if (err && cap) {
		int k = snprintf(err, cap, "%u: ", line);
		if (k >= 0 && (size_t)k < cap) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(err + k, cap - (size_t)k, fmt, ap);
			va_end(ap);
		}
	}
	return KMP_ERR_BAD_INPUT;
}

/* Split line (already without comment) into at most 5 fields; returns the
 * count, 5 meaning "too many". */
static int split(char *line, char *field[5])
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			return n;
		if (n == 5)
			return 5;
		field[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

/* A decimal value kmp_value_from_text refused as out of range: say whether
 * the length is too short or the exponent (6 bits and a sign: -63..63, so
 * at most 63 decimal places) cannot express it at any length. */
static int value_range_error(const char *text, unsigned long len, unsigned lineno, char *err,
                             size_t cap)
{
	kmp_value v;
	if (kmp_value_from_text(text, KMPSIM_MAP_LEN_MAX, &v) == KMP_OK)
		return fail(err, cap, lineno, "value %s does not fit %lu byte%s", text, len,
		            len == 1 ? "" : "s");
	const char *point = strchr(text, '.');
	size_t places = point ? strlen(point + 1) : 0;
	if (places > 63)
		return fail(err, cap, lineno,
		            "value %s has %zu decimal places: the exponent goes down to -63", text,
		            places);
	return fail(err, cap, lineno, "value %s does not fit %d bytes with an exponent up to 63",
	            text, KMPSIM_MAP_LEN_MAX);
}

/* Decimal or 0x hex (kmp/parse.h): -1 not a number, -2 out of range. */
static int parse_num(const char *s, unsigned long max, unsigned long *out)
{
	uint64_t v;
	int rc = kmp_parse_uint(s, max, &v);
	if (rc == KMP_OK)
		*out = (unsigned long)v;
	return rc == KMP_OK ? 0 : rc == KMP_ERR_RANGE ? -2 : -1;
}

static int parse_line(char *line, unsigned lineno, kmpsim_map *out, char *err, size_t cap)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *f[5];
	int nf = split(line, f);
	if (nf == 0)
		return KMP_OK;
	if (nf > 4)
		return fail(err, cap, lineno,
		            "more than 4 fields: expected 'id unit length value'");
	if (nf < 4)
		return fail(err, cap, lineno, "%d field%s: expected 'id unit length value'", nf,
		            nf == 1 ? "" : "s");

	unsigned long id, unit, len;
	int rc = parse_num(f[0], 65535, &id);
	if (rc == -1)
		return fail(err, cap, lineno, "register id '%s' is not a number", f[0]);
	if (rc == -2)
		return fail(err, cap, lineno, "register id %s is outside 0..65535", f[0]);
	rc = parse_num(f[1], 255, &unit);
	if (rc == -1)
		return fail(err, cap, lineno, "unit '%s' is not a number", f[1]);
	if (rc == -2)
		return fail(err, cap, lineno, "unit %s is outside 0..255", f[1]);
	rc = parse_num(f[2], 255, &len);
	if (rc == -1)
		return fail(err, cap, lineno, "length '%s' is not a number", f[2]);
	if (rc == -2 || len < 1 || len > KMPSIM_MAP_LEN_MAX)
		return fail(err, cap, lineno, "length %s is outside 1..%d", f[2],
		            KMPSIM_MAP_LEN_MAX);

	for (size_t i = 0; i < out->n; i++)
		if (out->regs[i].id == id)
			return fail(err, cap, lineno, "register %lu already defined on line %u", id,
			            out->regs[i].line);
	if (out->n == KMPSIM_MAP_MAX)
		return fail(err, cap, lineno, "more than %d registers", KMPSIM_MAP_MAX);

	kmpsim_reg *r = &out->regs[out->n];
	rc = kmp_value_from_text(f[3], (uint8_t)len, &r->value);
	if (rc == KMP_ERR_ARG)
		return fail(err, cap, lineno, "value '%s' is not a decimal number", f[3]);
	if (rc != KMP_OK)
		return value_range_error(f[3], len, lineno, err, cap);
	r->id = (uint16_t)id;
	r->unit = (uint8_t)unit;
	r->line = lineno;
	out->n++;
	return KMP_OK;
}

int kmpsim_map_parse(const char *text, size_t n, kmpsim_map *out, char *err, size_t cap)
{
	char line[KMPSIM_MAP_LINE_MAX + 1];
	unsigned lineno = 0;
	size_t i = 0;

	out->n = 0;
	if (err && cap)
		err[0] = '\0';
	while (i < n) {
		size_t len = 0;
		lineno++;
		for (; i < n && text[i] != '\n'; i++) {
			if (text[i] == '\0')
				return fail(err, cap, lineno, "NUL byte: not a text file");
			if (len == KMPSIM_MAP_LINE_MAX)
				return fail(err, cap, lineno, "line longer than %d characters",
				            KMPSIM_MAP_LINE_MAX);
			line[len++] = text[i];
		}
		i++; /* the newline */
		line[len] = '\0';
		int rc = parse_line(line, lineno, out, err, cap);
		if (rc != KMP_OK)
			return rc;
	}
	return KMP_OK;
}

int kmpsim_map_load(const char *path, kmpsim_map *out, char *err, size_t cap)
{
	/* Map files are a few kB; 1 MB is a generous bound that stops a wrong
	 * path (a device, a huge log) from being slurped. */
	enum { MAP_FILE_MAX = 1 << 20 };
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return KMP_ERR_IO;
	}
	char *buf = malloc(MAP_FILE_MAX + 1);
	if (!buf) {
		fclose(fp);
		snprintf(err, cap, "%s: out of memory", path);
		return KMP_ERR_NOMEM;
	}
	size_t n = fread(buf, 1, MAP_FILE_MAX + 1, fp);
	int rd_err = ferror(fp);
	fclose(fp);
	if (rd_err || n > MAP_FILE_MAX) {
		free(buf);
		snprintf(err, cap, "%s: %s", path,
		         rd_err ? "read error" : "larger than 1 MB, not a map file");
		return rd_err ? KMP_ERR_IO : KMP_ERR_BAD_INPUT;
	}
	char msg[256];
	int rc = kmpsim_map_parse(buf, n, out, msg, sizeof msg);
	free(buf);
	if (rc != KMP_OK)
		snprintf(err, cap, "%s:%s", path, msg);
	return rc;
}

const kmpsim_reg *kmpsim_map_find(const kmpsim_map *m, uint16_t id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->regs[i].id == id)
			return &m->regs[i];
	return NULL;
}
