/* link_device.c - find, open and lock a serial device before a backend
 * configures it.  Locking first means a second kmpterm gives up before it
 * can change the baud rate under the first one. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link_backend.h"

int link_device_probe(kmp_link *l, char *err, size_t errcap)
{
	/* libserialport 0.1.1 does not follow /dev/serial/by-id links. */
	l->path = realpath(l->name, NULL);
	if (!l->path)
		return link_fail_errno(l, err, errcap, errno);

	struct stat st;
	if (stat(l->path, &st) != 0)
		return link_fail_errno(l, err, errcap, errno);
	if (!S_ISCHR(st.st_mode))
		return link_fail_errno(l, err, errcap, ENOTTY);

	/* O_NONBLOCK: opening a modem line must not wait for carrier, and
	 * nothing in the owner's loop may wait. */
	int fd = open(l->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return link_fail_errno(l, err, errcap, errno);
	if (!isatty(fd)) { /* /dev/null, /dev/zero, ... */
		close(fd);
		return link_fail_errno(l, err, errcap, ENOTTY);
	}
	/* libserialport does not lock; an flock() on the device inode makes
	 * every other open file description of it (another kmpterm, picocom,
	 * tio) see EWOULDBLOCK. */
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(fd);
		return link_fail_errno(l, err, errcap, e);
	}
	l->lock_fd = fd;
	return KMP_OK;
}
