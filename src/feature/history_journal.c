/* history_journal.c - the journal beside a history CSV: what is read and
 * which records the CSV holds whole (see history_csv.h, docs/history.md,
 * "Resume").  Text, one "key value" line each; rendered and parsed here,
 * written by history_csv.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feature/history_csv.h"
#include "history_int.h"
#include "kmp/error.h"
#include "kmp/parse.h"

void kmp_hist_journal_path(const char *csv, char *out, size_t cap)
{
	snprintf(out, cap, "%s.journal", csv);
}

int hist_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Done IDs as ranges, 32 to a line.  Returns 0 or -1 (memory). */
static int put_done(FILE *f, const uint32_t *ids, size_t n)
{
	uint32_t *s = n ? malloc(n * sizeof *s) : NULL;
	if (n && !s)
		return -1;
	if (n) {
		memcpy(s, ids, n * sizeof *s);
		qsort(s, n, sizeof *s, hist_cmp_u32);
	}
	size_t i = 0;
	int ranges = 0;
	while (i < n) {
		uint32_t a = s[i], z = a;
		while (i + 1 < n && s[i + 1] <= z + 1)
			z = s[++i];
		i++;
		fputs(ranges == 0 ? "done " : ",", f);
		if (a == z)
			fprintf(f, "%lu", (unsigned long)a);
		else
			fprintf(f, "%lu-%lu", (unsigned long)a, (unsigned long)z);
		if (++ranges == 32) {
			fputc('\n', f);
			ranges = 0;
		}
	}
	if (ranges)
		fputc('\n', f);
	free(s);
	return 0;
}

int kmp_hist_journal_render(const kmp_hist_meta *m, const uint32_t *ids, size_t n, char **text,
                            size_t *len)
{
	*text = NULL;
	FILE *f = open_memstream(text, len);
	if (!f)
		return KMP_ERR_NOMEM;
	fputs("# kmpterm history journal: the records the CSV beside it holds whole.\n"
	      "# Written by kmpterm history --out; --resume reads it. Do not edit.\n"
	      "version 1\n",
	      f);
	if (m->kind == KMP_HIST_B8)
		fprintf(f, "logger %s\n", kmp_logger_type_name(m->logger));
	else
		fprintf(f, "module %u\n", m->logger);
	fprintf(f, "address %u\nregisters ", m->address);
	for (size_t i = 0; i < m->n_regs; i++)
		fprintf(f, "%s%u", i ? "," : "", m->regs[i]);
	fputc('\n', f);
	int bad = put_done(f, ids, n) < 0 || ferror(f);
	if (fclose(f) || bad) {
		free(*text);
		*text = NULL;
		return KMP_ERR_NOMEM;
	}
	return KMP_OK;
}

/* The number that is exactly s[0..n), 0..max. */
int hist_dec(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	uint64_t v;
	if (kmp_parse_uint_n(s, n, max, &v) != KMP_OK)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

/* "a-b,c" (the done ranges).  Calls add for each. */
static int list(const char *s, size_t n, unsigned long max,
                int (*add)(void *ctx, unsigned long a, unsigned long z), void *ctx)
{
	size_t i = 0;
	if (n == 0)
		return -1;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ',')
			j++;
		const char *dash = memchr(s + i, '-', j - i);
		unsigned long a, z;
		if (dash) {
			size_t k = (size_t)(dash - s);
			if (hist_dec(s + i, k - i, max, &a) ||
			    hist_dec(dash + 1, j - k - 1, max, &z) || z < a)
				return -1;
		} else if (hist_dec(s + i, j - i, max, &a)) {
			return -1;
		} else {
			z = a;
		}
		if (add(ctx, a, z))
			return -1;
		if (j < n && j + 1 == n)
			return -1; /* a trailing comma */
		i = j + 1;
	}
	return 0;
}

/* "1003,60,68": each register once, at most KMP_HIST_MAX_REGS. */
static int registers(const char *s, size_t n, kmp_hist_meta *m)
{
	char buf[KMP_HIST_MAX_REGS * 8];
	if (n >= sizeof buf || memchr(s, ' ', n) || memchr(s, '\t', n))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	m->n_regs = 0;
	if (kmp_parse_id_list(buf, m->regs, &m->n_regs, KMP_HIST_MAX_REGS, NULL, 0) != KMP_OK)
		return -1;
	for (size_t i = 0; i < m->n_regs; i++)
		for (size_t k = 0; k < i; k++)
			if (m->regs[k] == m->regs[i])
				return -1;
	return 0;
}

typedef struct idset {
	uint32_t *ids;
	size_t n, cap;
} idset;

static int add_ids(void *ctx, unsigned long a, unsigned long z)
{
	idset *s = ctx;
	if (z - a > 0x10000 || s->n + (z - a + 1) > 0x1000000)
		return -1; /* no logger holds that many */
	for (unsigned long id = a;; id++) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? 2 * s->cap : 256;
			uint32_t *p = realloc(s->ids, cap * sizeof *p);
			if (!p)
				return -1;
			s->ids = p;
			s->cap = cap;
		}
		s->ids[s->n++] = (uint32_t)id;
		if (id == z)
			break;
	}
	return 0;
}

static int key(const char *s, size_t n, const char *k, const char **val, size_t *vn)
{
	size_t kl = strlen(k);
	if (n <= kl || memcmp(s, k, kl) || s[kl] != ' ')
		return 0;
	*val = s + kl + 1;
	*vn = n - kl - 1;
	return 1;
}

/* The journal line before pos is not one of ours. */
static int bad_line(const char *text, size_t pos, idset *set, char *err, size_t cap)
{
	size_t line = 0;
	for (size_t i = 0; i < pos; i++)
		line += text[i] == '\n';
	snprintf(err, cap, "line %zu is not a journal line", line);
	free(set->ids);
	return KMP_ERR_BAD_INPUT;
}

int kmp_hist_journal_parse(const char *text, size_t len, kmp_hist_meta *m, uint32_t **ids,
                           size_t *n, char *err, size_t cap)
{
	idset set = {0};
	int version = 0, what = 0, addr = 0, regs = 0;
	size_t pos = 0;
	memset(m, 0, sizeof *m);
	*ids = NULL;
	*n = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		if (!nl)
			break; /* a torn last line: the journal is replaced whole, so never ours */
		const char *s = text + pos, *v;
		size_t l = (size_t)(nl - s), vn;
		pos += l + 1;
		unsigned long x;
		if (l == 0 || s[0] == '#')
			continue;
		if (key(s, l, "version", &v, &vn)) {
			if (hist_dec(v, vn, 100, &x) || x != 1)
				return bad_line(text, pos, &set, err, cap);
			version = 1;
		} else if (key(s, l, "logger", &v, &vn)) {
			for (uint8_t t = KMP_LOGGER_YEAR; t <= KMP_LOGGER_MINUTE2; t++) {
				const char *name = kmp_logger_type_name(t);
				if (strlen(name) == vn && !memcmp(name, v, vn)) {
					m->kind = KMP_HIST_B8;
					m->logger = t;
					what = 1;
				}
			}
			if (!what)
				return bad_line(text, pos, &set, err, cap);
		} else if (key(s, l, "module", &v, &vn)) {
			if (hist_dec(v, vn, 255, &x))
				return bad_line(text, pos, &set, err, cap);
			m->kind = KMP_HIST_MODULE;
			m->logger = (uint8_t)x;
			what = 1;
		} else if (key(s, l, "address", &v, &vn)) {
			if (hist_dec(v, vn, 255, &x))
				return bad_line(text, pos, &set, err, cap);
			m->address = (uint8_t)x;
			addr = 1;
		} else if (key(s, l, "registers", &v, &vn)) {
			if (registers(v, vn, m))
				return bad_line(text, pos, &set, err, cap);
			regs = 1;
		} else if (key(s, l, "done", &v, &vn)) {
			if (list(v, vn, 0xFFFFFFFFul, add_ids, &set))
				return bad_line(text, pos, &set, err, cap);
		} else {
			return bad_line(text, pos, &set, err, cap);
		}
	}
	if (!version || !what || !addr || !regs || m->n_regs == 0) {
		snprintf(err, cap,
		         "incomplete: version, logger or module, address and registers "
		         "are needed");
		free(set.ids);
		return KMP_ERR_BAD_INPUT;
	}
	*ids = set.ids;
	*n = set.n;
	return KMP_OK;
}
