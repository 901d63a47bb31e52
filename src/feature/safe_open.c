/* safe_open.c - opening the files kmpterm writes (see safe_open.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/safe_open.h"

int kmp_open_write(const char *path, int flags, mode_t mode, char *err, size_t cap)
{
	const int extra = O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = open(path, flags | extra | O_NOFOLLOW, mode);
	if (fd < 0 && errno == ELOOP) {
		/* the last component is a link: whose? */
		struct stat ln;
		if (lstat(path, &ln) == 0 && S_ISLNK(ln.st_mode) && ln.st_uid != geteuid() &&
		    ln.st_uid != 0) {
			snprintf(err, cap,
			         "%.3000s: a symbolic link of another user (uid %u): kmpterm does "
			         "not write through it",
			         path, (unsigned)ln.st_uid);
			errno = ELOOP;
			return -1;
		}
		fd = open(path, (flags & ~O_EXCL) | extra, mode);
	}
	if (fd < 0) {
		int e = errno;
		snprintf(err, cap, "%.3000s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	/* blocking from here on: writes wait for a slow reader, not fail */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
