/* sim_transport.c - pty and TCP endpoints for kmpsim (see sim_transport.h). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* posix_openpt, grantpt, unlockpt, ptsname */
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "sim/sim_transport.h"

static int set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int fail(char *err, size_t cap, const char *what)
{
	snprintf(err, cap, "%s: %s", what, strerror(errno));
	return KMP_ERR_IO;
}

int kmpsim_pty_open(int *master, int *slave_keep, char *path, size_t cap, char *err, size_t errcap)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0)
		return fail(err, errcap, "posix_openpt");
	if (grantpt(m) < 0 || unlockpt(m) < 0) {
		int rc = fail(err, errcap, "grantpt/unlockpt");
		close(m);
		return rc;
	}
	const char *name = ptsname(m);
	if (!name || strlen(name) >= cap) {
		snprintf(err, errcap, "ptsname: %s", name ? "path too long" : strerror(errno));
		close(m);
		return KMP_ERR_IO;
	}
	strcpy(path, name);
	int s = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0) {
		int rc = fail(err, errcap, path);
		close(m);
		return rc;
	}
	struct termios t;
	if (tcgetattr(s, &t) == 0) {
		cfmakeraw(&t);
		t.c_cflag |= CLOCAL | CREAD | CSTOPB; /* 8N2 like the optical head */
		cfsetispeed(&t, B1200);
		cfsetospeed(&t, B1200);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
	}
	if (tcsetattr(s, TCSANOW, &t) < 0 || set_flags(m) < 0) {
		int rc = fail(err, errcap, path);
		close(s);
		close(m);
		return rc;
	}
	*master = m;
	*slave_keep = s;
	return KMP_OK;
}

/* termios speed constants and their rates */
static const struct {
	speed_t code;
	unsigned baud;
} speeds[] = {
        {B50, 50},         {B75, 75},         {B110, 110},       {B134, 134},     {B150, 150},
        {B200, 200},       {B300, 300},       {B600, 600},       {B1200, 1200},   {B1800, 1800},
        {B2400, 2400},     {B4800, 4800},     {B9600, 9600},     {B19200, 19200}, {B38400, 38400},
        {B57600, 57600},   {B115200, 115200}, {B230400, 230400},
#ifdef B460800
        {B460800, 460800},
#endif
#ifdef B921600
        {B921600, 921600},
#endif
};

int kmpsim_pty_line(int master, const kmpsim_line *assume, kmpsim_line *out)
{
	struct termios t;
	if (tcgetattr(master, &t) < 0)
		return KMP_ERR_IO;
	speed_t sp = cfgetospeed(&t);
	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
		if (speeds[i].code == sp) {
			out->baud = speeds[i].baud;
			out->databits = assume->databits;
			out->parity = assume->parity;
			out->stopbits = (t.c_cflag & CSTOPB) ? 2 : 1;
			return KMP_OK;
		}
	}
	return KMP_ERR_IO; /* B0 (hang up) or a speed we do not model */
}

int kmpsim_tcp_listen(int port, int *fdp, int *bound, char *err, size_t errcap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return fail(err, errcap, "socket");
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	char what[48];
	snprintf(what, sizeof what, "127.0.0.1:%d", port);
	socklen_t len = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0 || set_flags(fd) < 0) {
		int rc = fail(err, errcap, what);
		close(fd);
		return rc;
	}
	*bound = ntohs(a.sin_port);
	*fdp = fd;
	return KMP_OK;
}

int kmpsim_tcp_accept(int listen_fd, int *fdp)
{
	int fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		return KMP_ERR_IO;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (set_flags(fd) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return KMP_ERR_IO;
	}
	*fdp = fd;
	return KMP_OK;
}
