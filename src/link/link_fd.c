/* link_fd.c - non-blocking reads and whole-request writes on a file
 * descriptor, shared by the serial, tty and tcp backends. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link_backend.h"

int link_fd_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return KMP_ERR_IO;
	int fdfl = fcntl(fd, F_GETFD);
	if (fdfl < 0 || fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC) < 0)
		return KMP_ERR_IO;
	return KMP_OK;
}

/* The other end is gone: a USB head unplugged (EIO, ENODEV, ENXIO), a pty
 * master closed (EIO), a TCP peer reset or closed (ECONNRESET, EPIPE). */
static int is_closed_errno(int e)
{
	switch (e) {
	case EIO:
	case ENODEV:
	case ENXIO:
	case EPIPE:
	case ECONNRESET:
	case ENOTCONN:
	case ETIMEDOUT:
		return 1;
	default:
		return 0;
	}
}

static int fail(kmp_link *l, int e)
{
	l->err_no = e;
	if (e == EAGAIN || e == EWOULDBLOCK)
		return KMP_ERR_TX_STALLED;
	return is_closed_errno(e) ? KMP_ERR_CLOSED : KMP_ERR_IO;
}

/* A request is a few dozen bytes and the output queue (kilobytes) is
 * empty between exchanges, so one call normally takes it all.  A queue
 * with no room means nobody takes our bytes (a bridge that stopped
 * reading, a line held by flow control we never asked for): waiting for
 * room would stall the owner's loop and break the 27 ms limit between
 * request bytes anyway (kmp-protocol.md, "Timing"), so say so instead. */
int link_fd_write(kmp_link *l, const uint8_t *p, size_t n, int sock)
{
	size_t done = 0;
	while (done < n) {
		ssize_t w = sock ? send(l->fd, p + done, n - done, MSG_NOSIGNAL)
		                 : write(l->fd, p + done, n - done);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		int e = w < 0 ? errno : EIO;
		if (e == EINTR)
			continue;
		return fail(l, e);
	}
	return KMP_OK;
}

/* With VMIN = 0 and VTIME = 0 a tty read() returns 0 both when nothing
 * is waiting and after a hangup (USB head unplugged, pty master closed);
 * only poll() tells them apart. */
static int hung_up(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

int link_fd_read(kmp_link *l, uint8_t *buf, size_t cap, int sock)
{
	if (cap > INT_MAX)
		cap = INT_MAX;
	for (;;) {
		ssize_t r = sock ? recv(l->fd, buf, cap, MSG_DONTWAIT) : read(l->fd, buf, cap);
		if (r > 0)
			return (int)r;
		if (r == 0) {
			if (!sock && !hung_up(l->fd))
				return 0;
			l->err_no = 0; /* an orderly end, no errno */
			return KMP_ERR_CLOSED;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return fail(l, errno);
	}
}
