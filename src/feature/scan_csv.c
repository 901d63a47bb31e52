/* scan_csv.c - the scan's CSV file: writing rows and "# done" lines,
 * reading an interrupted scan back for --resume, and the output file.
 * Format: docs/scanning.md, "The CSV file". */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	static uint8_t redo[KMP_SCAN_BITMAP]; /* IDs of unreadable rows */
	memset(redo, 0, sizeof redo);
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

/* --- the output file ------------------------------------------------------ */

int kmp_scan_read_file(const char *path, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? KMP_ERR_NODEV : KMP_ERR_IO;
	sbuf b = {0};
	char chunk[65536];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(b.p);
			errno = e;
			return KMP_ERR_IO;
		}
		if (r == 0)
			break;
		sb_put(&b, chunk, (size_t)r);
	}
	close(fd);
	if (!b.p)
		sb_put(&b, "", 0);
	if (b.oom) {
		free(b.p);
		errno = ENOMEM;
		return KMP_ERR_IO;
	}
	*buf = b.p;
	*len = b.len;
	return KMP_OK;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync that accepts what cannot be synced (a pipe, /dev/null). */
static int sync_fd(int fd)
{
	if (fsync(fd) == 0 || errno == EINVAL || errno == EROFS)
		return 0;
	return -1;
}

static int fail(char *err, size_t cap, const char *path, const char *what)
{
	if (what)
		snprintf(err, cap, "%.3000s: %s", path, what);
	else
		snprintf(err, cap, "%.3000s: cannot write the scan file: %s", path,
		         strerror(errno));
	return KMP_ERR_IO;
}

/* A new file: header and the scan line, on disk before the first request. */
static int open_new(kmp_scan_out *o, const char *path, uint16_t from, uint16_t to, unsigned batch,
                    char *err, size_t cap)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(err, cap, path, NULL);
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		close(fd);
		return fail(err, cap, path,
		            "exists and is not empty (an earlier scan?): continue it with "
		            "--resume, or remove it");
	}
	char head[256];
	int n = snprintf(head, sizeof head, "%s\n# kmpterm scan from=%u to=%u batch=%u\n",
	                 KMP_SCAN_CSV_HEADER, from, to, batch);
	if (write_all(fd, head, (size_t)n) || sync_fd(fd)) {
		int e = errno;
		close(fd);
		errno = e;
		return fail(err, cap, path, NULL);
	}
	o->fd = fd;
	return KMP_OK;
}

/* Replace path by text, atomically: a kill at any moment leaves either
 * the old file or the new one, never half of one. */
static int replace_file(const char *path, const char *text, size_t len, char *err, size_t cap)
{
	char tmp[PATH_MAX + 32];
	struct stat st;
	mode_t mode = 0644;
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(err, cap, "%.3000s: cannot rewrite for --resume (%s)", path,
		         strerror(errno));
		return KMP_ERR_IO;
	}
	if (write_all(fd, text, len) || sync_fd(fd)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return fail(err, cap, tmp, NULL);
	}
	close(fd);
	if (rename(tmp, path)) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return fail(err, cap, path, NULL);
	}
	/* the rename itself on disk: sync the directory */
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	else
		snprintf(dir, sizeof dir, ".");
	int dfd = open(dir, O_RDONLY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return KMP_OK;
}

int kmp_scan_out_open(kmp_scan_out *o, const char *path, int resume, uint16_t from, uint16_t to,
                      unsigned batch, kmp_scan_csv *loaded, char *err, size_t cap)
{
	o->fd = -1;
	snprintf(o->path, sizeof o->path, "%s", path);
	if (loaded) {
		memset(loaded, 0, sizeof *loaded);
		loaded->from = loaded->to = -1;
	}
	if (!resume)
		return open_new(o, path, from, to, batch, err, cap);

	/* the file itself, not a symlink to it, is what gets replaced */
	char real[PATH_MAX];
	const char *target = realpath(path, real) ? real : path;
	char *text = NULL;
	size_t len = 0;
	int rc = kmp_scan_read_file(target, &text, &len);
	if (rc == KMP_ERR_NODEV || (rc == KMP_OK && len == 0)) {
		free(text);
		return open_new(o, path, from, to, batch, err, cap); /* nothing to resume */
	}
	if (rc != KMP_OK) {
		snprintf(err, cap, "%.3000s: cannot read it for --resume: %s", path,
		         strerror(errno));
		return KMP_ERR_IO;
	}
	kmp_scan_csv tmp, *csv = loaded ? loaded : &tmp;
	rc = kmp_scan_csv_parse(text, len, csv);
	free(text);
	if (rc != KMP_OK) {
		errno = ENOMEM;
		return fail(err, cap, path, NULL);
	}
	if (!csv->header) {
		kmp_scan_csv_free(csv);
		return fail(err, cap, path,
		            "not a kmpterm scan file (the first line is not '" KMP_SCAN_CSV_HEADER
		            "'); refusing to change it");
	}
	/* refuse a file we may not write before replacing it (rename would
	 * replace even a read-only file in a writable directory) */
	int probe = open(target, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (probe < 0) {
		kmp_scan_csv_free(csv);
		return fail(err, cap, path, NULL);
	}
	close(probe);
	char *canon;
	size_t clen;
	if (kmp_scan_csv_render(from, to, batch, csv->done, csv->regs, csv->n_regs, &canon,
	                        &clen) != KMP_OK) {
		kmp_scan_csv_free(csv);
		errno = ENOMEM;
		return fail(err, cap, path, NULL);
	}
	rc = replace_file(target, canon, clen, err, cap);
	free(canon);
	if (rc == KMP_OK) {
		o->fd = open(target, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (o->fd < 0)
			rc = fail(err, cap, path, NULL);
	}
	if (rc != KMP_OK || !loaded)
		kmp_scan_csv_free(csv);
	return rc;
}

int kmp_scan_out_append(kmp_scan_out *o, const kmp_scan *s, const kmp_scan_outcome *oc)
{
	char buf[KMP_MAX_IDS * 1024 + 256];
	size_t len = 0;
	if (o->fd < 0) {
		errno = EBADF;
		return KMP_ERR_IO;
	}
	for (size_t i = 0; i < oc->n_new; i++) {
		const kmp_scan_reg *r = kmp_scan_find(s, oc->new_ids[i]);
		int n = r ? kmp_scan_csv_row(r, buf + len, sizeof buf - len) : -1;
		if (n > 0)
			len += (size_t)n;
	}
	int n = kmp_scan_csv_done_line(oc->resolved, oc->n_resolved, buf + len, sizeof buf - len);
	if (n > 0)
		len += (size_t)n;
	/* rows and the line that marks them done in one write: a reader never
	 * sees a done line without its rows */
	if (write_all(o->fd, buf, len) || sync_fd(o->fd))
		return KMP_ERR_IO;
	return KMP_OK;
}

void kmp_scan_out_close(kmp_scan_out *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}
