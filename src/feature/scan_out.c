/* scan_out.c - the scan's output file (--out, --resume): created
 * exclusively, never through a link planted in a shared directory, locked
 * against a second scan writing it, rewritten atomically for --resume
 * through a temporary file with an unpredictable name, and synced to disk
 * after every batch.  The CSV format itself is scan_csv.c's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/safe_open.h"
#include "feature/scanner.h"
#include "kmp/error.h"

/* A scan file of the whole range is about 7 MB; a file far larger is not
 * one (a log named by mistake) and is not read into memory. */
#define SCAN_FILE_MAX (64u * 1024 * 1024)
/* The temporary file of a --resume rewrite: PATH.tmp.XXXXXX. */
#define TMP_SUFFIX ".tmp."
#define TMP_RANDOM "XXXXXX"

int kmp_scan_read_file(const char *path, char **buf, size_t *len)
{
	/* non-blocking: a FIFO named as the scan file must not hang us */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? KMP_ERR_NODEV : KMP_ERR_IO;
	struct stat st;
	int bad = fstat(fd, &st) != 0          ? errno
	          : !S_ISREG(st.st_mode)       ? EINVAL /* a FIFO, a device, a directory */
	          : st.st_size > SCAN_FILE_MAX ? EFBIG
	                                       : 0;
	if (bad) {
		close(fd);
		errno = bad;
		return KMP_ERR_IO;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *p = malloc(cap + 1);
	while (p) {
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r < 0) {
				int e = errno;
				free(p);
				p = NULL;
				errno = e;
			}
			break;
		}
		n += (size_t)r;
		if (n == cap) { /* it grew while we read */
			if (cap > SCAN_FILE_MAX) {
				free(p);
				p = NULL;
				errno = EFBIG;
				break;
			}
			char *q = realloc(p, 2 * cap + 1);
			if (!q) {
				free(p);
				p = NULL;
				errno = ENOMEM;
				break;
			}
			p = q;
			cap *= 2;
		}
	}
	int e = errno;
	close(fd);
	if (!p) {
		errno = e;
		return KMP_ERR_IO;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
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

/* One scan writes a file at a time: a second one (another terminal, a
 * second --resume) would interleave rows. */
static int lock_or_fail(int fd, const char *path, char *err, size_t cap)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return KMP_OK;
	if (errno == EWOULDBLOCK)
		return fail(err, cap, path, "another kmpterm scan is writing it");
	return KMP_OK; /* a file system without locks: go on unlocked */
}

/* A new file: created here and now (O_EXCL), or an existing empty
 * regular file; a link of another user is not followed (kmp_open_write).
 * The header and the scan line are on disk before the first request. */
static int open_new(kmp_scan_out *o, const char *path, uint16_t from, uint16_t to, unsigned batch,
                    char *err, size_t cap)
{
	int fd = kmp_open_write(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0644, err, cap);
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

/* The directory part of path ("." when none) into dir, and the name. */
static const char *split_path(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, cap, ".");
		return path;
	}
	snprintf(dir, cap, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return slash + 1;
}

/* A rewrite killed between creating its temporary file and the rename
 * (kill -9, a power cut) leaves NAME.tmp.XXXXXX behind.  Called with the
 * scan file locked, so no live scan owns one: remove ours (a regular
 * file, not a link, owned by this user). */
static void remove_stale_temps(const char *path)
{
	char dir[PATH_MAX];
	const char *name = split_path(path, dir, sizeof dir);
	size_t nlen = strlen(name), slen = strlen(TMP_SUFFIX), rlen = strlen(TMP_RANDOM);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *e = de->d_name;
		if (strlen(e) != nlen + slen + rlen || strncmp(e, name, nlen) != 0 ||
		    strncmp(e + nlen, TMP_SUFFIX, slen) != 0)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid())
			unlinkat(dirfd(d), e, 0);
	}
	closedir(d);
}

static void sync_dir(const char *path)
{
	char dir[PATH_MAX];
	split_path(path, dir, sizeof dir);
	int dfd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

/* Replace path by text, atomically: a kill at any moment leaves either
 * the old file or the new one, never half of one.  The temporary file
 * has an unpredictable name and is created exclusively (mkstemp: O_EXCL,
 * so no link planted in the directory is followed).  On success *fd_out
 * is the new file, open for appending and locked. */
static int replace_file(const char *path, mode_t mode, const char *text, size_t len, int *fd_out,
                        char *err, size_t cap)
{
	char tmp[PATH_MAX + 32];
	if (snprintf(tmp, sizeof tmp, "%s" TMP_SUFFIX TMP_RANDOM, path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return fail(err, cap, path, NULL);
	}
	int fd = mkstemp(tmp);
	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fd < 0) {
		snprintf(err, cap, "%.3000s: cannot rewrite for --resume (%s)", path,
		         strerror(errno));
		return KMP_ERR_IO;
	}
	/* locked before the rename: whoever opens the new file sees it busy */
	flock(fd, LOCK_EX | LOCK_NB);
	if (fchmod(fd, mode) || write_all(fd, text, len) || sync_fd(fd)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return fail(err, cap, tmp, NULL);
	}
	if (rename(tmp, path)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return fail(err, cap, path, NULL);
	}
	sync_dir(path); /* the rename itself on disk */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
	*fd_out = fd;
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

	/* the file itself, not a symlink to it, is what gets replaced (and it
	 * must be a scan file, below: a planted link to anything else is
	 * refused) */
	char real[PATH_MAX];
	const char *target = realpath(path, real) ? real : path;
	/* refuse a file we may not write before replacing it (rename would
	 * replace even a read-only file in a writable directory); the lock
	 * keeps a second scan out while we read and replace it */
	int old = open(target, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (old < 0 && errno == ENOENT)
		return open_new(o, path, from, to, batch, err, cap); /* nothing to resume */
	if (old < 0)
		return fail(err, cap, path, NULL);
	struct stat st;
	if (fstat(old, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(old);
		return fail(err, cap, path, "is not a regular file: nothing to resume");
	}
	if (lock_or_fail(old, path, err, cap) != KMP_OK) {
		close(old);
		return KMP_ERR_IO;
	}
	remove_stale_temps(target);
	char *text = NULL;
	size_t len = 0;
	int rc = kmp_scan_read_file(target, &text, &len);
	if (rc == KMP_OK && len == 0) {
		free(text);
		close(old);
		return open_new(o, path, from, to, batch, err, cap); /* nothing to resume */
	}
	if (rc != KMP_OK) {
		snprintf(err, cap, "%.3000s: cannot read it for --resume: %s", path,
		         strerror(errno));
		close(old);
		return KMP_ERR_IO;
	}
	kmp_scan_csv tmp, *csv = loaded ? loaded : &tmp;
	rc = kmp_scan_csv_parse(text, len, csv);
	free(text);
	if (rc != KMP_OK) {
		close(old);
		errno = ENOMEM;
		return fail(err, cap, path, NULL);
	}
	if (!csv->header) {
		kmp_scan_csv_free(csv);
		close(old);
		return fail(err, cap, path,
		            "not a kmpterm scan file (the first line is not '" KMP_SCAN_CSV_HEADER
		            "'); refusing to change it");
	}
	char *canon;
	size_t clen;
	if (kmp_scan_csv_render(from, to, batch, csv->done, csv->regs, csv->n_regs, &canon,
	                        &clen) != KMP_OK) {
		kmp_scan_csv_free(csv);
		close(old);
		errno = ENOMEM;
		return fail(err, cap, path, NULL);
	}
	rc = replace_file(target, st.st_mode & 07777, canon, clen, &o->fd, err, cap);
	free(canon);
	close(old); /* its lock goes with it; the new file holds one */
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
