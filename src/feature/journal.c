/* journal.c - atomic replacement, synced appends and the journal beside
 * a CSV (see journal.h). */
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

#include "feature/journal.h"
#include "kmp/error.h"

/* The temporary file of a replacement: PATH.tmp.XXXXXX. */
#define TMP_SUFFIX ".tmp."
#define TMP_RANDOM "XXXXXX"

int kmp_journal_path(const char *data_path, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s.journal", data_path);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int kmp_write_all(int fd, const char *p, size_t n)
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

int kmp_sync_fd(int fd)
{
	if (fsync(fd) == 0 || errno == EINVAL || errno == EROFS)
		return 0;
	return -1;
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

void kmp_sync_dir(const char *path)
{
	char dir[PATH_MAX];
	split_path(path, dir, sizeof dir);
	int dfd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

int kmp_lock_file(int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	return errno == EWOULDBLOCK ? -1 : 0; /* no locks on this file system: go on */
}

static int fail(char *err, size_t cap, const char *path)
{
	int e = errno;
	if (err && cap)
		snprintf(err, cap, "%.3000s: %s", path, strerror(e));
	errno = e;
	return KMP_ERR_IO;
}

int kmp_replace_file(const char *path, mode_t mode, const char *text, size_t len, int *fd_out,
                     char *err, size_t cap)
{
	char tmp[PATH_MAX + 32];
	if (snprintf(tmp, sizeof tmp, "%s" TMP_SUFFIX TMP_RANDOM, path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return fail(err, cap, path);
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return fail(err, cap, path);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fd_out)
		flock(fd, LOCK_EX | LOCK_NB);
	if (fchmod(fd, mode) || kmp_write_all(fd, text, len) || kmp_sync_fd(fd)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return fail(err, cap, tmp);
	}
	if (rename(tmp, path)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return fail(err, cap, path);
	}
	kmp_sync_dir(path); /* the rename itself on disk */
	if (!fd_out) {
		close(fd);
		return KMP_OK;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
	*fd_out = fd;
	return KMP_OK;
}

void kmp_remove_stale_temps(const char *path)
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

int kmp_read_file(const char *path, size_t max, char **buf, size_t *len)
{
	/* non-blocking: a FIFO named as the file must not hang us */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? KMP_ERR_NODEV : KMP_ERR_IO;
	struct stat st;
	int bad = fstat(fd, &st) != 0    ? errno
	          : !S_ISREG(st.st_mode) ? EINVAL /* a FIFO, a device, a directory */
	          : (unsigned long long)st.st_size > max ? EFBIG
	                                                 : 0;
	if (bad) {
		close(fd);
		errno = bad;
		return KMP_ERR_IO;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *p = malloc(cap + 1);
	int e = p ? 0 : ENOMEM;
	while (p) {
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(p);
			p = NULL;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap) { /* it grew while we read */
			char *q = cap > max ? NULL : realloc(p, 2 * cap + 1);
			if (!q) {
				e = cap > max ? EFBIG : ENOMEM;
				free(p);
				p = NULL;
				break;
			}
			p = q;
			cap *= 2;
		}
	}
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

int kmp_journal_create(kmp_journal *j, const char *path, const char *text, size_t len, char *err,
                       size_t cap)
{
	j->fd = -1;
	snprintf(j->path, sizeof j->path, "%s", path);
	/* the journal is replaced by rename: a link in its place would be
	 * replaced, not followed, so nothing planted there is ever written */
	return kmp_replace_file(path, 0644, text, len, &j->fd, err, cap);
}

int kmp_journal_append(kmp_journal *j, const char *line, size_t len)
{
	if (j->fd < 0) {
		errno = EBADF;
		return KMP_ERR_IO;
	}
	if (kmp_write_all(j->fd, line, len) || kmp_sync_fd(j->fd))
		return KMP_ERR_IO;
	return KMP_OK;
}

void kmp_journal_close(kmp_journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
}

int kmp_journal_lines(const char *text, size_t len, size_t *pos, const char **line,
                      size_t *line_len)
{
	if (*pos >= len)
		return 0;
	const char *s = text + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	if (!nl) {
		*pos = len; /* cut off by a kill: not a line */
		return 0;
	}
	size_t n = (size_t)(nl - s);
	*pos += n + 1;
	if (n && s[n - 1] == '\r')
		n--;
	*line = s;
	*line_len = n;
	return 1;
}

void kmp_journal_kv(const char *line, size_t n, size_t *key_len, const char **value,
                    size_t *value_len)
{
	size_t k = 0;
	while (k < n && line[k] != ' ' && line[k] != '\t')
		k++;
	size_t v = k;
	while (v < n && (line[v] == ' ' || line[v] == '\t'))
		v++;
	*key_len = k;
	*value = line + v;
	*value_len = n - v;
}
