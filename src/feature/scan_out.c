/* scan_out.c - the scan's output files (--out, --resume): the CSV,
 * created exclusively, never through a link planted in a shared
 * directory, locked against a second scan writing it, rewritten
 * atomically for --resume; and its journal beside it (journal.h), written
 * anew atomically at the start and appended and synced after every batch,
 * after the batch's rows.  The formats are scan_csv.c's. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/csv.h"
#include "feature/journal.h"
#include "feature/safe_open.h"
#include "feature/scanner.h"
#include "kmp/error.h"

/* A scan file of the whole range is about 7 MB; a file far larger is not
 * one (a log named by mistake) and is not read into memory. */
#define SCAN_FILE_MAX (64u * 1024 * 1024)

int kmp_scan_read_file(const char *path, char **buf, size_t *len)
{
	return kmp_read_file(path, SCAN_FILE_MAX, buf, len);
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

static int lock_or_fail(int fd, const char *path, char *err, size_t cap)
{
	if (kmp_lock_file(fd) == 0)
		return KMP_OK;
	return fail(err, cap, path, "another kmpterm scan is writing it");
}

/* A new file: created here and now (O_EXCL), or an existing empty
 * regular file; a link of another user is not followed (kmp_open_write). */
static int open_new(kmp_scan_out *o, const char *path, char *err, size_t cap)
{
	int fd = kmp_open_write(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0644, err, cap);
	o->fresh = fd >= 0;
	if (fd < 0 && errno == EEXIST)
		fd = kmp_open_write(path, O_WRONLY | O_APPEND, 0, err, cap);
	if (fd < 0)
		return KMP_ERR_IO;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return fail(err, cap, path, NULL);
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		close(fd);
		return fail(err, cap, path,
		            "exists and is not empty (an earlier scan?): continue it with "
		            "--resume, or remove it");
	}
	if (S_ISREG(st.st_mode) && lock_or_fail(fd, path, err, cap) != KMP_OK) {
		close(fd);
		return KMP_ERR_IO;
	}
	o->fd = fd;
	o->resume = 0;
	return KMP_OK;
}

int kmp_scan_out_open(kmp_scan_out *o, const char *path, int resume, kmp_scan_csv *loaded,
                      char *err, size_t cap)
{
	o->fd = -1;
	o->journal.fd = -1;
	o->fresh = 0;
	snprintf(o->path, sizeof o->path, "%s", path);
	if (loaded)
		memset(loaded, 0, sizeof *loaded);
	if (!resume)
		return open_new(o, path, err, cap);

	/* the file itself, not a symlink to it, is what gets replaced (and it
	 * must be a scan file, below: a planted link to anything else is
	 * refused) */
	char real[PATH_MAX];
	if (realpath(path, real))
		snprintf(o->path, sizeof o->path, "%s", real);
	/* refuse a file we may not write before replacing it (rename would
	 * replace even a read-only file in a writable directory); the lock
	 * keeps a second scan out while we read and replace it */
	int old = open(o->path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (old < 0 && errno == ENOENT)
		return open_new(o, path, err, cap); /* nothing to resume */
	if (old < 0)
		return fail(err, cap, path, NULL);
	struct stat st;
	if (fstat(old, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(old);
		return fail(err, cap, path, "is not a regular file: nothing to resume");
	}
	if (st.st_size == 0) {
		close(old);
		snprintf(o->path, sizeof o->path, "%s", path);
		return open_new(o, path, err, cap); /* nothing to resume */
	}
	if (lock_or_fail(old, path, err, cap) != KMP_OK) {
		close(old);
		return KMP_ERR_IO;
	}
	fcntl(old, F_SETFL, fcntl(old, F_GETFL) & ~O_NONBLOCK);
	kmp_remove_stale_temps(o->path);
	char jpath[PATH_MAX + 16];
	kmp_journal_path(o->path, jpath, sizeof jpath);
	kmp_remove_stale_temps(jpath);
	char *text = NULL, *jtext = NULL;
	size_t len = 0, jlen = 0;
	int rc = kmp_scan_read_file(o->path, &text, &len);
	if (rc != KMP_OK) {
		snprintf(err, cap, "%.3000s: cannot read it for --resume: %s", path,
		         strerror(errno));
		close(old);
		return KMP_ERR_IO;
	}
	rc = kmp_scan_read_file(jpath, &jtext, &jlen);
	if (rc != KMP_OK && rc != KMP_ERR_NODEV) {
		snprintf(err, cap, "%.3000s: cannot read it for --resume: %s", jpath,
		         strerror(errno));
		free(text);
		close(old);
		return KMP_ERR_IO;
	}
	kmp_scan_csv tmp, *csv = loaded ? loaded : &tmp;
	rc = kmp_scan_csv_parse(text, len, jtext, jlen, csv);
	free(text);
	free(jtext);
	if (rc != KMP_OK) {
		close(old);
		errno = ENOMEM;
		return fail(err, cap, path, NULL);
	}
	if (!csv->header) {
		kmp_scan_csv_free(csv);
		close(old);
		return fail(err, cap, path,
		            "not a kmpterm scan file (its first line is not a header with id, "
		            "unit, length and value); refusing to change it");
	}
	if (!loaded)
		kmp_scan_csv_free(csv);
	o->fd = old; /* kept locked until kmp_scan_out_begin replaces it */
	o->resume = 1;
	return KMP_OK;
}

int kmp_scan_out_begin(kmp_scan_out *o, const kmp_scan_meta *m, const kmp_scan_csv *loaded,
                       char *err, size_t cap)
{
	static const uint8_t none[KMP_SCAN_BITMAP];
	const uint8_t *done = loaded ? loaded->done : none;
	const kmp_scan_reg *regs = loaded ? loaded->regs : NULL;
	size_t n_regs = loaded ? loaded->n_regs : 0;
	char *text = NULL;
	size_t len = 0;
	o->meta = *m;
	if (kmp_scan_csv_render(m, done, regs, n_regs, &text, &len) != KMP_OK) {
		errno = ENOMEM;
		return fail(err, cap, o->path, NULL);
	}
	int rc;
	if (o->resume) {
		/* the canonical form replaces the file, atomically; the new file
		 * is locked before the rename, then the old one is let go */
		struct stat st;
		mode_t mode = fstat(o->fd, &st) == 0 ? st.st_mode & 07777 : 0644;
		int fd = -1;
		rc = kmp_replace_file(o->path, mode, text, len, &fd, err, cap);
		if (rc == KMP_OK) {
			close(o->fd);
			o->fd = fd;
		}
	} else {
		rc = kmp_write_all(o->fd, text, len) || kmp_sync_fd(o->fd) ? KMP_ERR_IO : KMP_OK;
		if (rc != KMP_OK)
			fail(err, cap, o->path, NULL);
	}
	free(text);
	if (rc != KMP_OK)
		return rc;
	/* then the journal: what the CSV now holds is on disk before it */
	char jpath[PATH_MAX + 16];
	if (kmp_journal_path(o->path, jpath, sizeof jpath)) {
		errno = ENAMETOOLONG;
		return fail(err, cap, o->path, NULL);
	}
	if (kmp_scan_journal_render(m, done, regs, n_regs, &text, &len) != KMP_OK) {
		errno = ENOMEM;
		return fail(err, cap, o->path, NULL);
	}
	rc = kmp_journal_create(&o->journal, jpath, text, len, err, cap);
	free(text);
	return rc;
}

int kmp_scan_out_append(kmp_scan_out *o, const kmp_scan *s, const kmp_scan_outcome *oc)
{
	char buf[KMP_MAX_IDS * 2048 + 256];
	size_t len = 0;
	if (o->fd < 0) {
		errno = EBADF;
		return KMP_ERR_IO;
	}
	for (size_t i = 0; i < oc->n_new; i++) {
		const kmp_scan_reg *r = kmp_scan_find(s, oc->new_ids[i]);
		int n = r ? kmp_scan_csv_row(r, &o->meta, buf + len, sizeof buf - len) : -1;
		if (n > 0)
			len += (size_t)n;
	}
	/* the rows first, synced: a journal line never counts a row that is
	 * not on disk */
	if (len && (kmp_write_all(o->fd, buf, len) || kmp_sync_fd(o->fd)))
		return KMP_ERR_IO;
	int n = kmp_scan_journal_line(oc, buf, sizeof buf);
	if (n < 0) {
		errno = ENOSPC;
		return KMP_ERR_IO;
	}
	return kmp_journal_append(&o->journal, buf, (size_t)n);
}

void kmp_scan_out_close(kmp_scan_out *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	kmp_journal_close(&o->journal);
}
