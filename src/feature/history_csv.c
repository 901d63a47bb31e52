/* history_csv.c - the CSV of a logger reading and its journal (see
 * history_csv.h and docs/history.md, "The CSV file"). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/csv.h"
#include "feature/history_csv.h"
#include "feature/journal.h"
#include "feature/safe_open.h"
#include "feature/scanner.h"
#include "kmp/describe.h"
#include "history_int.h"
#include "kmp/error.h"
#include "sbuf.h"

/* --- rows ------------------------------------------------------------------ */

int kmp_hist_csv_header(const uint16_t *regs, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	int k = snprintf(buf, cap, "log_id");
	if (k < 0 || (size_t)k >= cap)
		return -1;
	o = (size_t)k;
	for (size_t i = 0; i < n; i++) {
		k = snprintf(buf + o, cap - o, ",%u,%u_text", regs[i], regs[i]);
		if (k < 0 || (size_t)k >= cap - o)
			return -1;
		o += (size_t)k;
	}
	if (o + 3 > cap)
		return -1;
	memcpy(buf + o, "\r\n", 3);
	return (int)(o + 2);
}

int kmp_hist_csv_row(const kmp_hist *h, uint32_t log_id, char *buf, size_t cap)
{
	char v[KMP_VALUE_TEXT_MAX], t[2 * KMP_VALUE_TEXT_MAX];
	int k = snprintf(buf, cap, "%lu", (unsigned long)log_id);
	if (k < 0 || (size_t)k >= cap)
		return -1;
	size_t o = (size_t)k;
	for (size_t i = 0; i < h->n_regs; i++) {
		kmp_hist_val hv;
		if (kmp_hist_value(h, log_id, i, &hv) != KMP_OK ||
		    kmp_value_format(&hv.v, v, sizeof v) < 0)
			return -1;
		kmp_value_with_unit(&hv.v, hv.unit, 0, t, sizeof t);
		const char *f[2] = {v, t};
		for (int j = 0; j < 2; j++) {
			if (o + 2 > cap)
				return -1;
			buf[o++] = ',';
			if ((k = kmp_csv_field(f[j], buf + o, cap - o)) < 0)
				return -1;
			o += (size_t)k;
		}
	}
	if (o + 3 > cap)
		return -1;
	memcpy(buf + o, "\r\n", 3);
	return (int)(o + 2);
}

/* --- files ----------------------------------------------------------------- */

/* The file mechanics are journal.h's, shared with the scan and read:
 * whole-file replacement through a temporary file with an unpredictable
 * name (mkstemp), fsync, rename and fsync of the directory, so a kill at
 * any moment leaves the old file or the new one. */
static int replace_file(const char *path, const char *text, size_t len, mode_t mode)
{
	return kmp_replace_file(path, mode, text, len, NULL, NULL, 0) == KMP_OK ? 0 : -1;
}

static int write_journal(kmp_hist_out *o)
{
	char *text;
	size_t len;
	if (kmp_hist_journal_render(&o->meta, o->done, o->n_done, &text, &len) != KMP_OK) {
		errno = ENOMEM;
		return -1;
	}
	int rc = replace_file(o->journal, text, len, 0644);
	free(text);
	return rc;
}

static int io_fail(char *err, size_t cap, const char *path, const char *what)
{
	if (what)
		snprintf(err, cap, "%.3000s: %s", path, what);
	else
		snprintf(err, cap, "%.3000s: %s", path, strerror(errno));
	return KMP_ERR_IO;
}

/* One reading writes a file at a time: a second one (another terminal, a
 * second --resume) would interleave rows.  The fd is closed on failure. */
static int lock(int fd, const char *path, char *err, size_t cap)
{
	if (kmp_lock_file(fd) == 0)
		return KMP_OK; /* locked, or a file system without locks */
	close(fd);
	return io_fail(err, cap, path, "another kmpterm history is writing it");
}

/* A new file, created here and now (O_EXCL; a link of another user is
 * not followed: kmp_open_write). */
static int open_new(kmp_hist_out *o, char *err, size_t cap)
{
	o->fd = kmp_open_write(o->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0644, err, cap);
	if (o->fd < 0 && errno == EEXIST)
		return io_fail(err, cap, o->path,
		               "exists (an earlier reading?): continue it with --resume, or remove "
		               "it");
	if (o->fd < 0)
		return KMP_ERR_IO;
	int rc = lock(o->fd, o->path, err, cap);
	if (rc != KMP_OK)
		o->fd = -1;
	return rc;
}

static int open_append(kmp_hist_out *o, char *err, size_t cap)
{
	o->fd = kmp_open_write(o->path, O_WRONLY | O_APPEND, 0, err, cap);
	if (o->fd < 0)
		return KMP_ERR_IO;
	int rc = lock(o->fd, o->path, err, cap);
	if (rc != KMP_OK)
		o->fd = -1;
	return rc;
}

static int add_done(kmp_hist_out *o, uint32_t id)
{
	if (o->n_done == o->cap_done) {
		size_t c = o->cap_done ? 2 * o->cap_done : 256;
		uint32_t *p = realloc(o->done, c * sizeof *p);
		if (!p)
			return -1;
		o->done = p;
		o->cap_done = c;
	}
	o->done[o->n_done++] = id;
	return 0;
}

/* Fields of one CSV line (RFC 4180 quoting, no line break inside), the
 * first one as a decimal log ID.  Returns the count or -1. */
static long fields(const char *s, size_t n, unsigned long *first)
{
	long count = 0;
	size_t i = 0;
	for (;;) {
		size_t start = i;
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i >= n)
					return -1;
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"')
						i++;
					else
						break;
				}
			}
			i++;
		} else {
			while (i < n && s[i] != ',') {
				if (s[i] == '"')
					return -1;
				i++;
			}
		}
		if (count == 0 && hist_dec(s + start, i - start, 0xFFFFFFFFul, first))
			return -1;
		count++;
		if (i == n)
			return count;
		if (s[i] != ',')
			return -1;
		i++;
	}
}

static int has_id(const uint32_t *sorted, size_t n, uint32_t id)
{
	return bsearch(&id, sorted, n, sizeof id, hist_cmp_u32) != NULL;
}

/* Keep the rows the journal lists, once each; rewrite the CSV when
 * anything else was in it. */
static int reconcile(kmp_hist_out *o, const char *csv, size_t len, uint32_t *listed,
                     size_t n_listed, kmp_hist_resumed *r, char *err, size_t cap)
{
	char header[KMP_HIST_MAX_REGS * 16 + 16];
	int hl = kmp_hist_csv_header(o->meta.regs, o->meta.n_regs, header, sizeof header);
	size_t pos = 0, line = 0;
	int clean = 1;
	sbuf out = {0};
	qsort(listed, n_listed, sizeof *listed, hist_cmp_u32);
	if (len >= 3 && !memcmp(csv, "\xEF\xBB\xBF", 3)) {
		pos = 3; /* a byte-order mark a spreadsheet added */
		clean = 0;
	}
	sb_put(&out, header, (size_t)hl);
	while (pos < len) {
		const char *nl = memchr(csv + pos, '\n', len - pos);
		const char *s = csv + pos;
		if (!nl) {
			r->dropped += line > 0; /* cut off by a kill or a full disk */
			clean = 0;
			break;
		}
		size_t l = (size_t)(nl - s);
		pos += l + 1;
		if (l && s[l - 1] == '\r')
			l--;
		else
			clean = 0; /* not our line end: rewritten */
		if (line++ == 0) {
			if (l + 2 != (size_t)hl || memcmp(s, header, l)) {
				free(out.p);
				snprintf(err, cap,
				         "%.3000s: its first line is not the header the "
				         "journal "
				         "describes (log_id,%u,%u_text,...); refusing to "
				         "change it",
				         o->path, o->meta.regs[0], o->meta.regs[0]);
				return KMP_ERR_BAD_INPUT;
			}
			continue;
		}
		unsigned long id = 0;
		long nf = fields(s, l, &id);
		size_t k = 0;
		while (k < o->n_done && o->done[k] != id)
			k++;
		if (nf != (long)(1 + 2 * o->meta.n_regs) ||
		    !has_id(listed, n_listed, (uint32_t)id) || k < o->n_done) {
			r->dropped++;
			clean = 0;
			continue;
		}
		if (add_done(o, (uint32_t)id) < 0)
			out.oom = 1;
		sb_put(&out, s, l);
		sb_put(&out, "\r\n", 2);
	}
	if (out.oom) {
		free(out.p);
		errno = ENOMEM;
		return io_fail(err, cap, o->path, NULL);
	}
	r->records = o->n_done;
	int rc = KMP_OK;
	if (!clean && replace_file(o->path, out.p, out.len, 0644))
		rc = io_fail(err, cap, o->path, NULL);
	o->replaced = !clean;
	free(out.p);
	o->header_written = 1;
	return rc;
}

static int resume(kmp_hist_out *o, kmp_hist_resumed *r, char *err, size_t cap);

int kmp_hist_out_open(kmp_hist_out *o, const char *path, int resume_it, kmp_hist_resumed *r,
                      char *err, size_t cap)
{
	memset(o, 0, sizeof *o);
	memset(r, 0, sizeof *r);
	o->fd = -1;
	snprintf(o->path, sizeof o->path, "%s", path);
	kmp_hist_journal_path(path, o->journal, sizeof o->journal);
	if (!resume_it)
		return open_new(o, err, cap);

	/* the file is replaced by rename: a link would be replaced, not its
	 * target */
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return io_fail(err, cap, path, "is a symbolic link: give the file itself");
	int held = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (held < 0 && errno == ENOENT)
		return open_new(o, err, cap); /* nothing to resume */
	if (held < 0)
		return io_fail(err, cap, path, NULL);
	if (fstat(held, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(held);
		return io_fail(err, cap, path, "is not a regular file");
	}
	int rc = lock(held, path, err, cap);
	if (rc != KMP_OK)
		return rc;
	fcntl(held, F_SETFL, fcntl(held, F_GETFL) & ~O_NONBLOCK);
	rc = resume(o, r, err, cap);
	if (rc != KMP_OK || !o->replaced) {
		o->fd = rc == KMP_OK ? held : -1; /* append to the file read back */
		if (rc != KMP_OK)
			close(held);
		return rc;
	}
	close(held); /* it was replaced: append to (and lock) the new one */
	return open_append(o, err, cap);
}

/* --resume of an existing CSV, locked by the caller. */
static int resume(kmp_hist_out *o, kmp_hist_resumed *r, char *err, size_t cap)
{
	const char *path = o->path;
	char *csv = NULL;
	size_t len = 0;
	int rc = kmp_scan_read_file(path, &csv, &len);
	if (rc != KMP_OK)
		return io_fail(err, cap, path, NULL);
	char *jt = NULL;
	size_t jl = 0;
	rc = kmp_scan_read_file(o->journal, &jt, &jl);
	if (rc == KMP_ERR_NODEV && len == 0) {
		free(csv);
		return KMP_OK; /* created, nothing written yet */
	}
	if (rc != KMP_OK) {
		free(csv);
		if (rc == KMP_ERR_NODEV) {
			snprintf(err, cap,
			         "%.3000s: no journal beside it (%.1000s): not a kmpterm "
			         "history "
			         "file, "
			         "or its journal was removed; refusing to change it",
			         path, o->journal);
			return KMP_ERR_BAD_INPUT;
		}
		return io_fail(err, cap, o->journal, NULL);
	}
	uint32_t *listed;
	size_t n_listed;
	char why[200];
	rc = kmp_hist_journal_parse(jt, jl, &r->meta, &listed, &n_listed, why, sizeof why);
	free(jt);
	if (rc != KMP_OK) {
		free(csv);
		snprintf(err, cap, "%.3000s: %s; refusing to change %.1000s", o->journal, why,
		         path);
		return KMP_ERR_BAD_INPUT;
	}
	o->meta = r->meta;
	if (len == 0) {
		/* the journal came first, the header never made it */
		free(csv);
		free(listed);
		r->resumed = 1;
		return KMP_OK;
	}
	rc = reconcile(o, csv, len, listed, n_listed, r, err, cap);
	free(csv);
	free(listed);
	if (rc != KMP_OK)
		return rc;
	r->resumed = 1;
	if (write_journal(o))
		return io_fail(err, cap, o->journal, NULL);
	return KMP_OK;
}

void kmp_hist_out_set_meta(kmp_hist_out *o, const kmp_hist_meta *m)
{
	size_t n = o->meta.n_regs;
	uint16_t regs[KMP_HIST_MAX_REGS];
	memcpy(regs, o->meta.regs, sizeof regs);
	o->meta = *m;
	if (o->header_written) { /* a resumed file keeps its columns */
		o->meta.n_regs = n;
		memcpy(o->meta.regs, regs, sizeof regs);
	}
}

int kmp_hist_out_append(kmp_hist_out *o, const kmp_hist *h, const kmp_hist_outcome *oc)
{
	sbuf b = {0};
	if (o->fd < 0) {
		errno = EBADF;
		return KMP_ERR_IO;
	}
	if (!h->n_regs)
		return KMP_OK;
	/* a row: the ID, then each value and its text, quoted at worst */
	size_t cap = 32 + h->n_regs * (3 * KMP_VALUE_TEXT_MAX + 4 * KMP_VALUE_TEXT_MAX + 8);
	char *line = malloc(cap);
	if (!line) {
		errno = ENOMEM;
		return KMP_ERR_IO;
	}
	int journal = 0;
	if (!o->header_written) {
		o->meta.kind = h->cfg.kind;
		o->meta.logger = h->cfg.logger;
		o->meta.n_regs = h->n_regs;
		memcpy(o->meta.regs, h->regs, h->n_regs * sizeof h->regs[0]);
		/* the journal first: a CSV with a header always has one */
		if (write_journal(o)) {
			free(line);
			return KMP_ERR_IO;
		}
		int n = kmp_hist_csv_header(h->regs, h->n_regs, line, cap);
		if (n > 0)
			sb_put(&b, line, (size_t)n);
	}
	for (size_t i = 0; i < oc->n_complete; i++) {
		int n = kmp_hist_csv_row(h, oc->complete[i], line, cap);
		if (n > 0) {
			sb_put(&b, line, (size_t)n);
			journal = 1;
		}
	}
	free(line);
	if (b.oom) {
		free(b.p);
		errno = ENOMEM;
		return KMP_ERR_IO;
	}
	/* rows first, whole and on disk; then the journal that lists them */
	if (b.len && (kmp_write_all(o->fd, b.p, b.len) || kmp_sync_fd(o->fd))) {
		free(b.p);
		return KMP_ERR_IO;
	}
	free(b.p);
	o->header_written = 1;
	if (!journal)
		return KMP_OK;
	for (size_t i = 0; i < oc->n_complete; i++)
		if (add_done(o, oc->complete[i]) < 0) {
			errno = ENOMEM;
			return KMP_ERR_IO;
		}
	return write_journal(o) ? KMP_ERR_IO : KMP_OK;
}

const char *kmp_hist_out_path(const kmp_hist_out *o)
{
	return o->path;
}

void kmp_hist_out_close(kmp_hist_out *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	free(o->done);
	o->done = NULL;
	o->n_done = o->cap_done = 0;
}
