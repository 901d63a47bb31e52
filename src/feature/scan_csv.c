/* scan_csv.c - the scan's CSV format: writing rows and "# done" lines,
 * and reading an interrupted scan back for --resume (the file itself:
 * scan_out.c).
 * Format: docs/scanning.md, "The CSV file". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "kmp/parse.h"
#include "kmp/tables.h"

static int bit(const uint8_t *map, uint32_t id)
{
	return (map[id >> 3] >> (id & 7)) & 1;
}
static void set_bit(uint8_t *map, uint32_t id)
{
	map[id >> 3] |= (uint8_t)(1u << (id & 7));
}

/* --- writing ---------------------------------------------------------------- */

int kmp_scan_csv_field(const char *s, char *out, size_t cap)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	size_t o = 0;
	if (quote) {
		if (o + 1 >= cap)
			return -1;
		out[o++] = '"';
	}
	for (; *s; s++) {
		char c = *s == '\r' || *s == '\n' ? ' ' : *s;
		if (o + (c == '"' ? 2 : 1) >= cap)
			return -1;
		if (c == '"')
			out[o++] = '"';
		out[o++] = c;
	}
	if (quote) {
		if (o + 1 >= cap)
			return -1;
		out[o++] = '"';
	}
	out[o] = 0;
	return (int)o;
}

int kmp_scan_csv_row(const kmp_scan_reg *r, char *buf, size_t cap)
{
	char v[KMP_VALUE_TEXT_MAX];
	if (kmp_value_format(&r->value, v, sizeof v) < 0)
		return -1;
	const char *unit = kmp_unit_name(r->unit);
	int n = snprintf(buf, cap, "%u,%u,", r->id, r->unit);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	size_t o = (size_t)n;
	int k = kmp_scan_csv_field(unit ? unit : "", buf + o, cap - o);
	if (k < 0)
		return -1;
	o += (size_t)k;
	n = snprintf(buf + o, cap - o, ",%u,", r->value.len);
	if (n < 0 || (size_t)n >= cap - o)
		return -1;
	o += (size_t)n;
	if ((k = kmp_scan_csv_field(v, buf + o, cap - o)) < 0)
		return -1;
	o += (size_t)k;
	if (o + 1 >= cap)
		return -1;
	buf[o++] = ',';
	if ((k = kmp_scan_csv_field(r->name ? r->name : "", buf + o, cap - o)) < 0)
		return -1;
	o += (size_t)k;
	if (o + 2 > cap)
		return -1;
	buf[o++] = '\n';
	buf[o] = 0;
	return (int)o;
}

/* Append "a-b" or "a" (after a comma unless first) to buf at *o. */
static int put_range(char *buf, size_t cap, size_t *o, uint32_t a, uint32_t b, int first)
{
	int n = a == b ? snprintf(buf + *o, cap - *o, "%s%u", first ? "" : ",", a)
	               : snprintf(buf + *o, cap - *o, "%s%u-%u", first ? "" : ",", a, b);
	if (n < 0 || (size_t)n >= cap - *o)
		return -1;
	*o += (size_t)n;
	return 0;
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

int kmp_scan_csv_done_line(const uint16_t *ids, size_t n, char *buf, size_t cap)
{
	uint16_t sorted[KMP_MAX_IDS * 4];
	if (n == 0 || n > sizeof sorted / sizeof sorted[0])
		return -1;
	memcpy(sorted, ids, n * sizeof ids[0]);
	qsort(sorted, n, sizeof sorted[0], cmp_u16);
	int w = snprintf(buf, cap, "# done ");
	if (w < 0 || (size_t)w >= cap)
		return -1;
	size_t o = (size_t)w;
	size_t i = 0;
	int first = 1;
	while (i < n) {
		uint32_t a = sorted[i], b = a;
		while (i + 1 < n && sorted[i + 1] <= b + 1)
			b = sorted[++i];
		i++;
		if (put_range(buf, cap, &o, a, b, first))
			return -1;
		first = 0;
	}
	if (o + 2 > cap)
		return -1;
	buf[o++] = '\n';
	buf[o] = 0;
	return (int)o;
}

/* A growing text buffer. */
typedef struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

/* Ranges per "# done" line when rendering: short enough to read. */
#define RANGES_PER_LINE 32

int kmp_scan_csv_render(uint16_t from, uint16_t to, unsigned batch, const uint8_t *done,
                        const kmp_scan_reg *regs, size_t n_regs, char **out, size_t *len)
{
	sbuf b = {0};
	char line[1024];
	sb_put(&b, KMP_SCAN_CSV_HEADER "\n", sizeof KMP_SCAN_CSV_HEADER);
	int n = snprintf(line, sizeof line, "# kmpterm scan from=%u to=%u batch=%u\n", from, to,
	                 batch);
	sb_put(&b, line, (size_t)n);
	for (size_t i = 0; i < n_regs; i++) {
		/* a row without its ID done would be read back as an orphan */
		if (!bit(done, regs[i].id))
			continue;
		int k = kmp_scan_csv_row(&regs[i], line, sizeof line);
		if (k > 0)
			sb_put(&b, line, (size_t)k);
	}
	size_t o = 0;
	int ranges = 0;
	for (uint32_t id = 0; id < KMP_SCAN_IDS;) {
		if (!bit(done, id)) {
			id++;
			continue;
		}
		uint32_t a = id;
		while (id + 1 < KMP_SCAN_IDS && bit(done, id + 1))
			id++;
		if (ranges == 0) {
			memcpy(line, "# done ", 7);
			o = 7;
		}
		put_range(line, sizeof line, &o, a, id, ranges == 0);
		id++;
		if (++ranges == RANGES_PER_LINE) {
			line[o++] = '\n';
			sb_put(&b, line, o);
			ranges = 0;
		}
	}
	if (ranges) {
		line[o++] = '\n';
		sb_put(&b, line, o);
	}
	if (b.oom) {
		free(b.p);
		return KMP_ERR_NOMEM;
	}
	*out = b.p;
	*len = b.len;
	return KMP_OK;
}

/* --- reading -------------------------------------------------------------- */

/* A whole field as a number 0..max (decimal or 0x hex, kmp/parse.h). */
static int parse_num(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	uint64_t v;
	if (kmp_parse_uint_n(s, n, max, &v) != KMP_OK)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

static void set_range(uint8_t *map, uint32_t a, uint32_t b)
{
	while (a <= b && (a & 7))
		set_bit(map, a++);
	if (a + 7 <= b) {
		memset(map + (a >> 3), 0xFF, (b + 1 - a) >> 3);
		a += (b + 1 - a) & ~7u;
	}
	while (a <= b)
		set_bit(map, a++);
}

/* "a-b,c,..." after "# done ": set the bits, all or nothing (a line
 * that does not parse whole marks nothing done). */
static int parse_done(const char *s, size_t n, uint8_t *done)
{
	if (n == 0)
		return -1;
	for (int apply = 0; apply < 2; apply++) {
		size_t i = 0;
		for (;;) {
			const char *comma = memchr(s + i, ',', n - i);
			size_t j = comma ? (size_t)(comma - s) : n;
			uint16_t a, b;
			/* an empty item (a trailing comma) is not our writing */
			if (kmp_parse_range_n(s + i, j - i, &a, &b, NULL, 0) != KMP_OK)
				return -1;
			if (apply)
				set_range(done, a, b);
			if (!comma)
				break;
			i = j + 1;
		}
	}
	return 0;
}

/* "# kmpterm scan from=A to=B ...": the range of the scan. */
static void parse_meta(const char *s, size_t n, long *from, long *to)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		long *dst = NULL;
		size_t skip = 0;
		if (n - i > 5 && !memcmp(s + i, "from=", 5))
			dst = from, skip = 5;
		else if (n - i > 3 && !memcmp(s + i, "to=", 3))
			dst = to, skip = 3;
		if (!dst)
			continue;
		size_t j = i + skip;
		while (j < n && s[j] != ' ')
			j++;
		unsigned long v;
		if (!parse_num(s + i + skip, j - i - skip, 65535, &v))
			*dst = (long)v;
	}
}

#define FIELDS 6
#define FIELD_MAX KMP_VALUE_TEXT_MAX

/* Split one line into exactly FIELDS fields (RFC 4180 quoting, no line
 * breaks inside quotes).  Returns 0 or -1. */
static int split_row(const char *s, size_t n, char f[FIELDS][FIELD_MAX], size_t *flen)
{
	size_t i = 0;
	for (int k = 0; k < FIELDS; k++) {
		size_t o = 0;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return -1; /* no closing quote */
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						i++;
					} else {
						i++;
						break;
					}
				}
				if (o + 1 >= FIELD_MAX)
					return -1;
				f[k][o++] = s[i++];
			}
		} else {
			while (i < n && s[i] != ',') {
				if (s[i] == '"' || o + 1 >= FIELD_MAX)
					return -1;
				f[k][o++] = s[i++];
			}
		}
		f[k][o] = 0;
		flen[k] = o;
		if (k < FIELDS - 1) {
			if (i >= n || s[i] != ',')
				return -1;
			i++;
		}
	}
	return i == n ? 0 : -1;
}

/* One data row into r (id, unit, value).  Returns 0 or -1. */
static int parse_row(const char *s, size_t n, kmp_scan_reg *r)
{
	char f[FIELDS][FIELD_MAX];
	size_t flen[FIELDS];
	unsigned long id, unit, len;
	if (split_row(s, n, f, flen))
		return -1;
	if (parse_num(f[0], flen[0], 65535, &id) || parse_num(f[1], flen[1], 255, &unit) ||
	    parse_num(f[3], flen[3], KMP_MANTISSA_MAX, &len) || len == 0)
		return -1;
	memset(r, 0, sizeof *r);
	r->id = (uint16_t)id;
	r->unit = (uint8_t)unit;
	/* the value must be what kmp_value_format wrote: exact decimal text
	 * that fits the length (unit_name and name are recomputed) */
	if (strlen(f[4]) != flen[4] || kmp_value_from_text(f[4], (uint8_t)len, &r->value) != KMP_OK)
		return -1;
	const kmp_register_info *info = kmp_register_lookup(r->id);
	r->name = info ? info->name : NULL;
	r->resumed = 1;
	return 0;
}

/* Rows are collected with their order so the first of duplicates wins. */
typedef struct row_at {
	kmp_scan_reg reg;
	size_t seq;
} row_at;

static int cmp_row(const void *a, const void *b)
{
	const row_at *x = a, *y = b;
	if (x->reg.id != y->reg.id)
		return x->reg.id < y->reg.id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int kmp_scan_csv_parse(const char *text, size_t n, kmp_scan_csv *out)
{
	memset(out, 0, sizeof *out);
	out->from = out->to = -1;
	row_at *rows = NULL;
	size_t n_rows = 0, cap_rows = 0;
	size_t pos = 0;
	uint8_t redo[KMP_SCAN_BITMAP] = {0}; /* IDs of unreadable rows */
	/* a byte-order mark from a spreadsheet that saved the file */
	if (n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		pos = 3;
	while (pos < n) {
		const char *nl = memchr(text + pos, '\n', n - pos);
		if (!nl) {
			out->truncated = 1; /* cut off by a kill or a full disk: ignored */
			break;
		}
		const char *s = text + pos;
		size_t len = (size_t)(nl - s);
		pos += len + 1;
		if (len && s[len - 1] == '\r')
			len--;
		int first = out->lines++ == 0;
		if (first && len == strlen(KMP_SCAN_CSV_HEADER) &&
		    !memcmp(s, KMP_SCAN_CSV_HEADER, len)) {
			out->header = 1;
			continue;
		}
		if (len == 0)
			continue;
		if (s[0] == '#') {
			if (len > 7 && !memcmp(s, "# done ", 7)) {
				if (parse_done(s + 7, len - 7, out->done))
					out->bad++;
			} else if (len >= 14 && !memcmp(s, "# kmpterm scan", 14)) {
				parse_meta(s + 14, len - 14, &out->from, &out->to);
			}
			continue; /* other comments are the user's */
		}
		kmp_scan_reg r;
		if (parse_row(s, len, &r)) {
			/* if at least its ID reads, the register was found once:
			 * it must not pass for absent, so it is asked again */
			unsigned long id;
			const char *comma = memchr(s, ',', len);
			if (comma && !parse_num(s, (size_t)(comma - s), 65535, &id)) {
				set_bit(redo, (uint32_t)id);
				out->unreadable++;
			} else {
				out->bad++;
			}
			continue;
		}
		if (n_rows == cap_rows) {
			size_t cap = cap_rows ? 2 * cap_rows : 64;
			row_at *p = realloc(rows, cap * sizeof *p);
			if (!p) {
				free(rows);
				return KMP_ERR_NOMEM;
			}
			rows = p;
			cap_rows = cap;
		}
		rows[n_rows].reg = r;
		rows[n_rows].seq = n_rows;
		n_rows++;
	}
	if (out->from >= 0 && out->to >= 0 && out->from > out->to)
		out->from = out->to = -1;
	for (size_t k = 0; k < sizeof out->done; k++)
		out->done[k] &= (uint8_t)~redo[k];
	for (size_t k = 0; k < sizeof out->done; k++)
		out->n_done += (size_t)__builtin_popcount(out->done[k]);
	if (n_rows)
		qsort(rows, n_rows, sizeof rows[0], cmp_row);
	out->regs = n_rows ? malloc(n_rows * sizeof *out->regs) : NULL;
	if (n_rows && !out->regs) {
		free(rows);
		return KMP_ERR_NOMEM;
	}
	for (size_t i = 0; i < n_rows; i++) {
		const kmp_scan_reg *r = &rows[i].reg;
		if (!bit(out->done, r->id))
			out->orphans++; /* its batch never completed: asked again */
		else if (out->n_regs && out->regs[out->n_regs - 1].id == r->id)
			out->duplicates++;
		else
			out->regs[out->n_regs++] = *r;
	}
	free(rows);
	return KMP_OK;
}

void kmp_scan_csv_free(kmp_scan_csv *c)
{
	free(c->regs);
	c->regs = NULL;
	c->n_regs = 0;
}
