/* link_tcp.c - the TCP backend, for heads exposed by ser2net or a similar
 * bridge.  The request must reach the bridge in one piece, so Nagle is
 * off and a request is one send() (kmp-protocol.md, "Timing": bytes of a
 * request within 27 ms).
 *
 * Opening never waits: a numeric address is parsed at once, a host name
 * is looked up on a helper thread (link_resolve.c), and each address is
 * tried with a non-blocking connect() whose end poll() reports as POLLOUT
 * (SO_ERROR says how it went).  The whole attempt has one deadline,
 * cfg.connect_timeout_ms after kmp_link_open(). */
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link_backend.h"
#include "link_resolve.h"

/* flush_input discards at most this much per call, so a peer that never
 * stops sending cannot keep it spinning. */
enum { LINK_TCP_FLUSH_MAX = 65536 };

/* The backend's state while it connects (l->priv). */
struct tcp_conn {
	char host[256];
	struct link_resolve *lookup; /* while the host name is looked up */
	struct addrinfo *addrs;      /* the addresses to try */
	const struct addrinfo *next; /* the next one to try */
	int last_errno;              /* why the last address failed */
};

static int resolve_fail(kmp_link *l, char *err, size_t errcap, const char *host, int gai,
                        int sys_errno)
{
	if (gai == EAI_SYSTEM)
		return link_fail_errno(l, err, errcap, sys_errno);
	if (gai == EAI_MEMORY)
		return link_fail(err, errcap, KMP_ERR_NOMEM, "%s: out of memory", l->name);
	char why[128];
	snprintf(why, sizeof why, "%s", gai_strerror(gai));
	why[0] = (char)tolower((unsigned char)why[0]);
	return link_fail(err, errcap, KMP_ERR_RESOLVE, "%s: cannot resolve host \"%s\": %s",
	                 l->name, host, why);
}

static void up(kmp_link *l, int fd)
{
	/* Send each request at once instead of holding it for an ACK. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	l->fd = fd;
	link_set_up(l);
}

/* Start a connect to the next address that does not fail at once. */
static int try_next(kmp_link *l, char *err, size_t errcap)
{
	struct tcp_conn *t = l->priv;
	while (t->next) {
		const struct addrinfo *ai = t->next;
		t->next = ai->ai_next;
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		                ai->ai_protocol);
		if (fd < 0) {
			t->last_errno = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			up(l, fd); /* loopback may connect at once */
			return KMP_OK;
		}
		if (errno == EINPROGRESS) {
			l->fd = fd;
			l->events = POLLOUT;
			return KMP_ERR_IN_PROGRESS;
		}
		t->last_errno = errno;
		close(fd);
	}
	return link_fail_errno(l, err, errcap, t->last_errno);
}

static int tcp_open(kmp_link *l, uint64_t now_us, char *err, size_t errcap)
{
	char service[8];
	unsigned port;
	struct tcp_conn *t = calloc(1, sizeof *t);
	if (!t)
		return link_fail(err, errcap, KMP_ERR_NOMEM, "%s: out of memory", l->name);
	l->priv = t;
	t->last_errno = ECONNREFUSED;
	if (kmp_link_parse_tcp(l->name, t->host, sizeof t->host, &port) != KMP_OK)
		return link_fail(
		        err, errcap, KMP_ERR_ADDRESS,
		        "%s: expected tcp://host:port or socket://host:port, port 1..65535",
		        l->name);
	snprintf(service, sizeof service, "%u", port);
	l->deadline_us = now_us + (uint64_t)l->cfg.connect_timeout_ms * 1000u;

	/* A numeric address needs no lookup: getaddrinfo() returns at once. */
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
	                         .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};
	int gai = getaddrinfo(t->host, service, &hints, &t->addrs);
	if (gai == 0) {
		t->next = t->addrs;
		return try_next(l, err, errcap);
	}
	if (gai != EAI_NONAME)
		return resolve_fail(l, err, errcap, t->host, gai, errno);

	int rc = link_resolve_start(t->host, service, &t->lookup);
	if (rc != KMP_OK)
		return link_fail_errno(l, err, errcap, errno);
	l->fd = link_resolve_fd(t->lookup);
	l->events = POLLIN;
	return KMP_ERR_IN_PROGRESS;
}

static int timed_out(kmp_link *l, char *err, size_t errcap, const char *doing)
{
	unsigned ms = l->cfg.connect_timeout_ms;
	l->err_no = ETIMEDOUT;
	if (ms % 1000 == 0)
		return link_fail(err, errcap, KMP_ERR_TIMEOUT_CONNECT,
		                 "%s: no connection within %u s (%s)", l->name, ms / 1000, doing);
	return link_fail(err, errcap, KMP_ERR_TIMEOUT_CONNECT,
	                 "%s: no connection within %u ms (%s)", l->name, ms, doing);
}

static int tcp_progress(kmp_link *l, short revents, uint64_t now_us, char *err, size_t errcap)
{
	struct tcp_conn *t = l->priv;
	if (t->lookup) {
		int gai, sys_errno;
		if (!link_resolve_result(t->lookup, &gai, &sys_errno, &t->addrs)) {
			if (now_us >= l->deadline_us)
				return timed_out(l, err, errcap, "looking up the host");
			return KMP_ERR_IN_PROGRESS;
		}
		link_resolve_release(t->lookup);
		t->lookup = NULL;
		l->fd = -1; /* that was the lookup's eventfd */
		if (gai != 0)
			return resolve_fail(l, err, errcap, t->host, gai, sys_errno);
		t->next = t->addrs;
		return try_next(l, err, errcap);
	}

	if (revents & (POLLOUT | POLLERR | POLLHUP)) {
		int e = 0;
		socklen_t len = sizeof e;
		if (getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
			e = errno;
		if (e == 0) {
			up(l, l->fd);
			return KMP_OK;
		}
		if (e != EINPROGRESS) { /* refused, unreachable: the next address */
			t->last_errno = e;
			close(l->fd);
			l->fd = -1;
			return try_next(l, err, errcap);
		}
	}
	if (now_us >= l->deadline_us)
		return timed_out(l, err, errcap, "the bridge does not answer");
	return KMP_ERR_IN_PROGRESS;
}

static void tcp_close(kmp_link *l)
{
	struct tcp_conn *t = l->priv;
	if (t && t->lookup) {
		link_resolve_release(t->lookup); /* the thread may go on alone */
		l->fd = -1;                      /* the lookup's eventfd */
	}
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	if (t) {
		if (t->addrs)
			freeaddrinfo(t->addrs);
		free(t);
		l->priv = NULL;
	}
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
        .progress = tcp_progress,
        .close = tcp_close,
        .write = tcp_write,
        .read = tcp_read,
        .flush_input = tcp_flush_input,
};
