/* link_tcp.c - the TCP backend, for heads exposed by ser2net or a similar
 * bridge.  The request must reach the bridge in one piece, so Nagle is
 * off and a request is one send() (kmp-protocol.md, "Timing": bytes of a
 * request within 27 ms). */
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link/link_backend.h"

/* How long kmp_link_open() may block connecting: long enough for a bridge
 * across the Internet, short enough not to freeze the terminal. */
enum { LINK_TCP_CONNECT_MS = 5000 };
/* flush_input discards at most this much per call, so a peer that never
 * stops sending cannot keep it spinning. */
enum { LINK_TCP_FLUSH_MAX = 65536 };

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connect one address within the deadline; returns the fd or -1 with
 * errno set. */
static int connect_one(const struct addrinfo *ai, long long deadline)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                ai->ai_protocol);
	if (fd < 0)
		return -1;
	int e = 0;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		e = errno;
		while (e == EINPROGRESS || e == EINTR) {
			long long left = deadline - now_ms();
			if (left <= 0) {
				e = ETIMEDOUT;
				break;
			}
			struct pollfd pfd = {.fd = fd, .events = POLLOUT};
			int pr = poll(&pfd, 1, (int)left);
			if (pr < 0) {
				e = errno;
				continue;
			}
			if (pr == 0)
				continue;
			socklen_t len = sizeof e;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
				e = errno;
			break;
		}
	}
	if (e != 0) {
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int resolve_fail(kmp_link *l, char *err, size_t errcap, const char *host, int gai)
{
	if (gai == EAI_SYSTEM) {
		l->err_no = errno;
		return kmp_link_errmsg(err, errcap, l->name, errno);
	}
	if (gai == EAI_MEMORY)
		return link_fail(err, errcap, KMP_ERR_NOMEM, "%s: out of memory", l->name);
	char why[128];
	snprintf(why, sizeof why, "%s", gai_strerror(gai));
	why[0] = (char)tolower((unsigned char)why[0]);
	return link_fail(err, errcap, KMP_ERR_RESOLVE, "%s: cannot resolve host \"%s\": %s",
	                 l->name, host, why);
}

static int tcp_open(kmp_link *l, char *err, size_t errcap)
{
	char host[256], service[8];
	unsigned port;
	if (kmp_link_parse_tcp(l->name, host, sizeof host, &port) != KMP_OK)
		return link_fail(
		        err, errcap, KMP_ERR_CONFIG,
		        "%s: expected tcp://host:port or socket://host:port, port 1..65535",
		        l->name);
	snprintf(service, sizeof service, "%u", port);

	/* No AI_ADDRCONFIG: it hides 127.0.0.1 on a machine with only
	 * loopback, where a local ser2net or simulator is common. */
	struct addrinfo hints = {
	        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
	struct addrinfo *res;
	int gai = getaddrinfo(host, service, &hints, &res);
	if (gai != 0)
		return resolve_fail(l, err, errcap, host, gai);

	long long deadline = now_ms() + LINK_TCP_CONNECT_MS;
	int fd = -1, e = ECONNREFUSED;
	for (const struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = connect_one(ai, deadline);
		if (fd < 0)
			e = errno;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		l->err_no = e;
		return kmp_link_errmsg(err, errcap, l->name, e);
	}

	/* Send each request at once instead of holding it for an ACK. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	l->fd = fd;
	return KMP_OK;
}

static void tcp_close(kmp_link *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

static int tcp_write(kmp_link *l, const uint8_t *p, size_t n)
{
	return link_fd_write(l, p, n, 1);
}

static int tcp_read(kmp_link *l, uint8_t *buf, size_t cap)
{
	return link_fd_read(l, buf, cap, 1);
}

/* No tcflush() for a socket: read and drop what has arrived.  An EOF or
 * error is left for the next kmp_link_read() to report. */
static void tcp_flush_input(kmp_link *l)
{
	uint8_t junk[512];
	size_t total = 0;
	while (total < LINK_TCP_FLUSH_MAX) {
		ssize_t r = recv(l->fd, junk, sizeof junk, MSG_DONTWAIT);
		if (r > 0)
			total += (size_t)r;
		else if (!(r < 0 && errno == EINTR))
			break;
	}
}

const struct kmp_link_backend kmp_link_tcp_backend = {
        .kind = "tcp",
        .open = tcp_open,
        .close = tcp_close,
        .write = tcp_write,
        .read = tcp_read,
        .flush_input = tcp_flush_input,
};
