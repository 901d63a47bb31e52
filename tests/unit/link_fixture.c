/* link_fixture.c - see link_fixture.h. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* posix_openpt() and friends */
#endif
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/client.h"
#include "kmp/error.h"
#include "link_fixture.h"

int fx_open_pty(int *master, char *slave, size_t cap)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0)
		return -1;
	const char *name;
	if (grantpt(m) != 0 || unlockpt(m) != 0 || !(name = ptsname(m))) {
		close(m);
		return -1;
	}
	snprintf(slave, cap, "%s", name);
	*master = m;
	return 0;
}

int fx_listen_local(unsigned *port, int do_listen)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || (do_listen && listen(s, 4) != 0) ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0) {
		close(s);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return s;
}

static int connect_nb(unsigned port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Linux ignores a SYN while a listener's accept queue is full: with a
 * backlog of 0 the queue holds one connection, and the client retries
 * its SYN for minutes. */
int fx_hang_listener(unsigned *port, int fill[FX_HANG_FILL])
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 0) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0) {
		if (s >= 0)
			close(s);
		return -1;
	}
	*port = ntohs(a.sin_port);
	for (int i = 0; i < FX_HANG_FILL; i++)
		fill[i] = connect_nb(*port);
	/* the first one completes at once (into the queue) */
	short r = fill[0] >= 0 ? fx_wait_fd(fill[0], POLLOUT) : 0;
	if (!(r & POLLOUT)) {
		for (int i = 0; i < FX_HANG_FILL; i++)
			if (fill[i] >= 0)
				close(fill[i]);
		close(s);
		return -1;
	}
	return s;
}

short fx_wait_fd(int fd, short events)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	if (poll(&pfd, 1, LINK_WAIT_MS) <= 0)
		return 0;
	return pfd.revents;
}

int fx_link_open(kmp_link **l, const char *dev, char *err, size_t cap)
{
	kmp_link_config cfg;
	kmp_link_config_default(&cfg);
	cfg.device = dev;
	err[0] = '\0';
	uint64_t give_up = kmp_now_us() + LINK_WAIT_MS * 1000ull;
	int rc = kmp_link_open(l, &cfg, kmp_now_us(), err, cap);
	while (rc == KMP_ERR_IN_PROGRESS && kmp_now_us() < give_up) {
		struct pollfd pfd = {.fd = kmp_link_fd(*l), .events = kmp_link_events(*l)};
		int r = poll(&pfd, 1, kmp_link_timeout_ms(*l, kmp_now_us()));
		rc = kmp_link_progress(*l, r > 0 ? pfd.revents : 0, kmp_now_us(), err, cap);
	}
	if (rc != KMP_OK && *l) {
		kmp_link_close(*l);
		*l = NULL;
	}
	return rc;
}

int fx_client_on_pty(int *master, kmp_client **c, const kmp_client_config *cfg, kmp_observer obs,
                     void *obs_ctx)
{
	char slave[128];
	kmp_client_config k;
	*master = -1;
	*c = NULL;
	if (cfg)
		k = *cfg;
	else
		kmp_client_config_default(&k);
	if (fx_open_pty(master, slave, sizeof slave))
		return -1;
	k.link.device = slave; /* the client keeps its own copy */
	*c = kmp_client_new(&k, obs, obs_ctx);
	return *c && kmp_client_connect(*c, 0, NULL, 0) == KMP_OK ? 0 : -1;
}

void fx_client_step(kmp_client *c, uint64_t now, int expect_input)
{
	struct pollfd p;
	short rev = 0;
	if (kmp_client_pollfd(c, &p)) {
		int r = poll(&p, 1, expect_input ? LINK_WAIT_MS : 0);
		rev = r > 0 ? p.revents : 0;
	}
	kmp_client_step(c, rev, now);
}

int fx_meter_reads(int master, uint8_t *buf, size_t cap)
{
	struct pollfd p = {master, POLLIN, 0};
	if (poll(&p, 1, LINK_WAIT_MS) <= 0)
		return -1;
	return (int)read(master, buf, cap);
}
