/* scan_csv.c - the scan's CSV rows and journal lines, and reading a
 * scan file and its journal back for --resume (the files themselves:
 * scan_out.c).  Format: docs/scanning.md, "The CSV file". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feature/csv.h"
#include "feature/scanner.h"
#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/parse.h"
#include "kmp/tables.h"
#include "sbuf.h"

static int bit(const uint8_t *map, uint32_t id)
{
	return (map[id >> 3] >> (id & 7)) & 1;
}
static void set_bit(uint8_t *map, uint32_t id)
{
	map[id >> 3] |= (uint8_t)(1u << (id & 7));
}
static void clear_bit(uint8_t *map, uint32_t id)
{
	map[id >> 3] &= (uint8_t) ~(1u << (id & 7));
}

/* --- writing ---------------------------------------------------------------- */

int kmp_scan_csv_field(const char *s, char *out, size_t cap)
{
	return kmp_csv_field(s, out, cap);
}

int kmp_scan_csv_row(const kmp_scan_reg *r, const kmp_scan_meta *m, char *buf, size_t cap)
{
	kmp_value_shown shown;
	if (kmp_value_show(&r->value, r->unit, &shown) != KMP_OK)
		return -1;
	kmp_csv_line l;
	kmp_csv_begin(&l, buf, cap);
	kmp_csv_putf(&l, "%u", r->id);
	kmp_csv_put(&l, r->name);
	kmp_csv_put(&l, shown.raw);
	kmp_csv_putf(&l, "%u", r->unit);
	kmp_csv_put(&l, kmp_unit_name(r->unit));
	kmp_csv_put(&l, shown.text);
	kmp_csv_putf(&l, "%u", r->value.len);
	if (m && m->have_serial)
		kmp_csv_putf(&l, "%lu", (unsigned long)m->serial);
	else
		kmp_csv_put(&l, NULL);
	if (m && m->have_type)
		kmp_csv_putf(&l, "0x%04X", m->meter_type);
	else
		kmp_csv_put(&l, NULL);
	return kmp_csv_end(&l);
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

/* ids (any order) as merged ranges "0-7,9" at buf + *o. */
static int put_ids(const uint16_t *ids, size_t n, char *buf, size_t cap, size_t *o)
{
	uint16_t sorted[KMP_MAX_IDS * 4];
	if (n == 0 || n > sizeof sorted / sizeof sorted[0])
		return -1;
	memcpy(sorted, ids, n * sizeof ids[0]);
	qsort(sorted, n, sizeof sorted[0], cmp_u16);
	size_t i = 0;
	int first = 1;
	while (i < n) {
		uint32_t a = sorted[i], b = a;
		while (i + 1 < n && sorted[i + 1] <= b + 1)
			b = sorted[++i];
		i++;
		if (put_range(buf, cap, o, a, b, first))
			return -1;
		first = 0;
	}
	return 0;
}

int kmp_scan_journal_line(const kmp_scan_outcome *oc, char *buf, size_t cap)
{
	size_t o = 0;
	int w = snprintf(buf, cap, "done ");
	if (w < 0 || (size_t)w >= cap)
		return -1;
	o = (size_t)w;
	if (put_ids(oc->resolved, oc->n_resolved, buf, cap, &o))
		return -1;
	if (oc->n_new) {
		if (o + 7 >= cap)
			return -1;
		memcpy(buf + o, " found ", 7);
		o += 7;
		if (put_ids(oc->new_ids, oc->n_new, buf, cap, &o))
			return -1;
	}
	if (o + 2 > cap)
		return -1;
	buf[o++] = '\n';
	buf[o] = 0;
	return (int)o;
}

int kmp_scan_csv_render(const kmp_scan_meta *m, const uint8_t *done, const kmp_scan_reg *regs,
                        size_t n_regs, char **out, size_t *len)
{
	sbuf b = {0};
	char line[2048];
	sb_put(&b, KMP_SCAN_CSV_HEADER KMP_CSV_EOL, strlen(KMP_SCAN_CSV_HEADER KMP_CSV_EOL));
	for (size_t i = 0; i < n_regs; i++) {
		/* a row without its ID done would be read back as an orphan */
		if (!bit(done, regs[i].id))
			continue;
		int k = kmp_scan_csv_row(&regs[i], m, line, sizeof line);
		if (k > 0)
			sb_put(&b, line, (size_t)k);
	}
	return sb_done(&b, out, len);
}

/* Ranges per journal line when rendering: short enough to read. */
#define RANGES_PER_LINE 32

/* The IDs set in map as "KEY a-b,c" lines. */
static void put_map_lines(sbuf *b, const char *key, const uint8_t *map)
{
	char line[1024];
	size_t o = 0;
	int ranges = 0;
	for (uint32_t id = 0; id < KMP_SCAN_IDS;) {
		if (!bit(map, id)) {
			id++;
			continue;
		}
		uint32_t a = id;
		while (id + 1 < KMP_SCAN_IDS && bit(map, id + 1))
			id++;
		if (ranges == 0)
			o = (size_t)snprintf(line, sizeof line, "%s ", key);
		put_range(line, sizeof line, &o, a, id, ranges == 0);
		id++;
		if (++ranges == RANGES_PER_LINE) {
			line[o++] = '\n';
			sb_put(b, line, o);
			ranges = 0;
		}
	}
	if (ranges) {
		line[o++] = '\n';
		sb_put(b, line, o);
	}
}

int kmp_scan_journal_render(const kmp_scan_meta *m, const uint8_t *done, const kmp_scan_reg *regs,
                            size_t n_regs, char **out, size_t *len)
{
	sbuf b = {0};
	char line[256];
	int n = snprintf(line, sizeof line,
	                 KMP_SCAN_JOURNAL_MAGIC "\n"
	                                        "range %u-%u\nbatch %u\n",
	                 m->from, m->to, m->batch);
	sb_put(&b, line, (size_t)n);
	if (m->started[0]) {
		n = snprintf(line, sizeof line, "started %s\n", m->started);
		sb_put(&b, line, (size_t)n);
	}
	if (m->have_serial) {
		n = snprintf(line, sizeof line, "serial %lu\n", (unsigned long)m->serial);
		sb_put(&b, line, (size_t)n);
	}
	if (m->have_type) {
		n = snprintf(line, sizeof line, "meter_type 0x%04X\n", m->meter_type);
		sb_put(&b, line, (size_t)n);
	}
	if (m->sw[0]) {
		n = snprintf(line, sizeof line, "sw_revision %s\n", m->sw);
		sb_put(&b, line, (size_t)n);
	}
	put_map_lines(&b, "done", done);
	uint8_t *present = calloc(1, KMP_SCAN_BITMAP);
	if (!present) {
		free(b.p);
		return KMP_ERR_NOMEM;
	}
	for (size_t i = 0; i < n_regs; i++)
		if (bit(done, regs[i].id))
			set_bit(present, regs[i].id);
	put_map_lines(&b, "found", present);
	free(present);
	return sb_done(&b, out, len);
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

/* "a-b,c,..." : set the bits, all or nothing (a list that does not parse
 * whole marks nothing). */
static int parse_ranges(const char *s, size_t n, uint8_t *map)
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
				set_range(map, a, b);
			if (!comma)
				break;
			i = j + 1;
		}
	}
	return 0;
}

/* "# kmpterm scan from=A to=B ..." of the old format: the range. */
static void parse_old_meta(const char *s, size_t n, kmp_scan_csv *out)
{
	long from = -1, to = -1;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		long *dst = NULL;
		size_t skip = 0;
		if (n - i > 5 && !memcmp(s + i, "from=", 5))
			dst = &from, skip = 5;
		else if (n - i > 3 && !memcmp(s + i, "to=", 3))
			dst = &to, skip = 3;
		if (!dst)
			continue;
		size_t j = i + skip;
		while (j < n && s[j] != ' ')
			j++;
		unsigned long v;
		if (!parse_num(s + i + skip, j - i - skip, 65535, &v))
			*dst = (long)v;
	}
	if (from >= 0 && to >= 0 && from <= to) {
		out->meta.from = (uint16_t)from;
		out->meta.to = (uint16_t)to;
		out->have_range = 1;
	}
}

/* The columns of a scan file's header that --resume needs. */
typedef struct columns {
	int id, unit, length, value;
} columns;

/* Longest CSV line read back; longer ones are not ours. */
#define LINE_MAX_BYTES 4096

/* One data row into r (id, unit, value).  Returns 0, -1 (not a row) or
 * -2 (its ID reads, the rest does not: *id set). */
static int parse_row(const char *s, size_t n, const columns *c, kmp_scan_reg *r, unsigned long *id)
{
	char scratch[LINE_MAX_BYTES + KMP_CSV_MAX_FIELDS + 1];
	kmp_csv_fields f;
	unsigned long unit, len;
	if (n > LINE_MAX_BYTES || kmp_csv_split(s, n, scratch, &f)) {
		/* if at least its first field reads as an ID, the register was
		 * found once: it must not pass for absent */
		const char *comma = memchr(s, ',', n);
		if (c->id == 0 && comma && !parse_num(s, (size_t)(comma - s), 65535, id))
			return -2;
		return -1;
	}
	if ((size_t)c->id >= f.n || parse_num(f.f[c->id], f.len[c->id], 65535, id))
		return -1;
	if ((size_t)c->unit >= f.n || (size_t)c->length >= f.n || (size_t)c->value >= f.n ||
	    parse_num(f.f[c->unit], f.len[c->unit], 255, &unit) ||
	    parse_num(f.f[c->length], f.len[c->length], KMP_MANTISSA_MAX, &len) || len == 0)
		return -2;
	memset(r, 0, sizeof *r);
	r->id = (uint16_t)*id;
	r->unit = (uint8_t)unit;
	/* the value must be what kmp_value_format wrote: exact decimal text
	 * that fits the length (the names and the text are recomputed) */
	if (strlen(f.f[c->value]) != f.len[c->value] ||
	    kmp_value_from_text(f.f[c->value], (uint8_t)len, &r->value) != KMP_OK)
		return -2;
	const kmp_register_info *info = kmp_register_lookup(r->id);
	r->name = info ? info->name : NULL;
	r->resumed = 1;
	return 0;
}

static int header_columns(const char *s, size_t n, columns *c)
{
	char scratch[LINE_MAX_BYTES + KMP_CSV_MAX_FIELDS + 1];
	kmp_csv_fields f;
	if (n > LINE_MAX_BYTES || kmp_csv_split(s, n, scratch, &f))
		return -1;
	c->id = kmp_csv_column(&f, "id");
	c->unit = kmp_csv_column(&f, "unit");
	c->length = kmp_csv_column(&f, "length");
	c->value = kmp_csv_column(&f, "value");
	return c->id == 0 && c->unit > 0 && c->length > 0 && c->value > 0 ? 0 : -1;
}

/* The journal: meta and done/found lines.  present: IDs it counts as
 * present.  Returns 1 when it begins with the magic line. */
static int parse_journal(const char *t, size_t n, kmp_scan_csv *out, uint8_t *present)
{
	size_t pos = 0, len, kl, vl;
	const char *line, *v;
	int first = 1;
	while (kmp_journal_lines(t, n, &pos, &line, &len)) {
		if (first) {
			first = 0;
			if (len != strlen(KMP_SCAN_JOURNAL_MAGIC) ||
			    memcmp(line, KMP_SCAN_JOURNAL_MAGIC, len))
				return 0;
			continue;
		}
		kmp_journal_kv(line, len, &kl, &v, &vl);
		unsigned long num;
		uint16_t a, b;
#define KEY(k) (kl == strlen(k) && !memcmp(line, k, kl))
		if (KEY("done")) {
			const char *f = NULL;
			for (size_t i = 0; i + 7 <= vl && !f; i++)
				if (!memcmp(v + i, " found ", 7))
					f = v + i;
			size_t dl = f ? (size_t)(f - v) : vl;
			uint8_t *tmp = calloc(1, KMP_SCAN_BITMAP);
			if (!tmp) {
				out->bad++;
				continue;
			}
			/* a line counts whole or not at all */
			if (parse_ranges(v, dl, tmp) ||
			    (f && parse_ranges(f + 7, vl - dl - 7, present)))
				out->bad++;
			else
				for (size_t k = 0; k < KMP_SCAN_BITMAP; k++)
					out->done[k] |= tmp[k];
			free(tmp);
		} else if (KEY("found")) {
			if (parse_ranges(v, vl, present))
				out->bad++;
		} else if (KEY("range")) {
			if (kmp_parse_range_n(v, vl, &a, &b, NULL, 0) == KMP_OK) {
				out->meta.from = a;
				out->meta.to = b;
				out->have_range = 1;
			}
		} else if (KEY("batch")) {
			if (!parse_num(v, vl, KMP_MAX_IDS, &num) && num > 0)
				out->meta.batch = (unsigned)num;
		} else if (KEY("started")) {
			if (vl < sizeof out->meta.started)
				snprintf(out->meta.started, sizeof out->meta.started, "%.*s",
				         (int)vl, v);
		} else if (KEY("serial")) {
			if (!parse_num(v, vl, 0xFFFFFFFFul, &num)) {
				out->meta.serial = (uint32_t)num;
				out->meta.have_serial = 1;
			}
		} else if (KEY("meter_type")) {
			if (!parse_num(v, vl, 0xFFFF, &num)) {
				out->meta.meter_type = (uint16_t)num;
				out->meta.have_type = 1;
			}
		} else if (KEY("sw_revision")) {
			if (vl < sizeof out->meta.sw)
				snprintf(out->meta.sw, sizeof out->meta.sw, "%.*s", (int)vl, v);
		}
		/* other keys: a later kmpterm's, ignored */
#undef KEY
	}
	return !first;
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

/* The CSV's lines: header, rows, and the old format's comments. */
static int parse_csv(const char *text, size_t n, kmp_scan_csv *out, uint8_t *redo,
                     row_at **rows_out, size_t *n_rows_out)
{
	row_at *rows = NULL;
	size_t n_rows = 0, cap_rows = 0, pos = 0;
	columns col = {-1, -1, -1, -1};
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
		if (out->lines++ == 0) {
			if (header_columns(s, len, &col) == 0) {
				out->header = 1;
				out->old_format = len == strlen(KMP_SCAN_CSV_HEADER_OLD) &&
				                  !memcmp(s, KMP_SCAN_CSV_HEADER_OLD, len);
				continue;
			}
			break; /* not a scan file: nothing more to read */
		}
		if (len == 0)
			continue;
		if (s[0] == '#' && out->old_format) {
			if (len > 7 && !memcmp(s, "# done ", 7)) {
				if (parse_ranges(s + 7, len - 7, out->done))
					out->bad++;
			} else if (len >= 14 && !memcmp(s, "# kmpterm scan", 14)) {
				parse_old_meta(s + 14, len - 14, out);
			}
			continue; /* other comments were the user's */
		}
		kmp_scan_reg r;
		unsigned long id;
		int rc = parse_row(s, len, &col, &r, &id);
		if (rc == -2) {
			set_bit(redo, (uint32_t)id);
			out->unreadable++;
			continue;
		}
		if (rc) {
			out->bad++;
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
	*rows_out = rows;
	*n_rows_out = n_rows;
	return KMP_OK;
}

int kmp_scan_csv_parse(const char *text, size_t n, const char *journal, size_t jn,
                       kmp_scan_csv *out)
{
	memset(out, 0, sizeof *out);
	out->meta.batch = KMP_MAX_IDS;
	uint8_t *redo = calloc(2, KMP_SCAN_BITMAP); /* unreadable rows; present */
	if (!redo)
		return KMP_ERR_NOMEM;
	uint8_t *present = redo + KMP_SCAN_BITMAP;
	row_at *rows = NULL;
	size_t n_rows = 0;
	if (parse_csv(text, n, out, redo, &rows, &n_rows) != KMP_OK) {
		free(redo);
		return KMP_ERR_NOMEM;
	}
	if (out->header && !out->old_format && journal)
		out->have_journal = parse_journal(journal, jn, out, present);
	if (n_rows)
		qsort(rows, n_rows, sizeof rows[0], cmp_row);
	int rows_decide = out->header && !out->old_format && !out->have_journal;
	if (rows_decide) /* no journal: each row proves its register, nothing else */
		for (size_t i = 0; i < n_rows; i++)
			set_bit(out->done, rows[i].reg.id);
	for (size_t k = 0; k < KMP_SCAN_BITMAP; k++)
		out->done[k] &= (uint8_t)~redo[k];
	out->regs = n_rows ? malloc(n_rows * sizeof *out->regs) : NULL;
	if (n_rows && !out->regs) {
		free(rows);
		free(redo);
		return KMP_ERR_NOMEM;
	}
	uint8_t *has_row = redo; /* reused: the unreadable IDs are applied */
	memset(has_row, 0, KMP_SCAN_BITMAP);
	for (size_t i = 0; i < n_rows; i++) {
		const kmp_scan_reg *r = &rows[i].reg;
		if (!bit(out->done, r->id)) {
			out->orphans++; /* its batch never completed: asked again */
		} else if (out->n_regs && out->regs[out->n_regs - 1].id == r->id) {
			out->duplicates++;
		} else if (out->have_journal && !bit(present, r->id)) {
			/* the journal says absent, the file holds a row: believe
			 * neither, ask again */
			clear_bit(out->done, r->id);
			out->orphans++;
		} else {
			out->regs[out->n_regs++] = *r;
			set_bit(has_row, r->id);
		}
	}
	if (out->have_journal)
		for (uint32_t id = 0; id < KMP_SCAN_IDS; id++)
			if (bit(present, id) && bit(out->done, id) && !bit(has_row, id)) {
				clear_bit(out->done, id); /* its row is lost: asked again */
				out->missing++;
			}
	for (size_t k = 0; k < KMP_SCAN_BITMAP; k++)
		out->n_done += (size_t)__builtin_popcount(out->done[k]);
	free(rows);
	free(redo);
	return KMP_OK;
}

void kmp_scan_csv_free(kmp_scan_csv *c)
{
	free(c->regs);
	c->regs = NULL;
	c->n_regs = 0;
}
