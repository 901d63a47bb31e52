/* link_backend.h - private to src/link: what a link is, and the table
 * every transport fills in (the libmodbus backend pattern).
 *
 * Ownership: link.c opens and locks a device (lock_fd) before it asks a
 * backend to open it, and closes lock_fd after the backend's close().  A
 * backend's close() releases exactly what its open() acquired (also for a
 * link still connecting, or one whose open or progress failed). */
#ifndef LINK_LINK_BACKEND_H
#define LINK_LINK_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "link/link.h"

struct kmp_link_backend {
	const char *kind; /* "serial", "tty", "tcp" */
	/* Start connecting l (l->name, l->path, l->cfg and, for devices,
	 * l->lock_fd are set); never wait.  Returns KMP_OK with l->fd set
	 * non-blocking and l->up = 1, KMP_ERR_IN_PROGRESS with l->fd,
	 * l->events and l->deadline_us set for the wait, or a kmp_err with a
	 * message in err.  The serial backend returns KMP_ERR_NOT_SERIAL
	 * without a message when libserialport refuses the device, and
	 * link.c then falls back to the tty backend. */
	int (*open)(kmp_link *l, uint64_t now_us, char *err, size_t errcap);
	/* Go on connecting after a poll() (revents 0: woken by the deadline).
	 * Same returns as open.  NULL for a backend whose open never says
	 * KMP_ERR_IN_PROGRESS. */
	int (*progress)(kmp_link *l, short revents, uint64_t now_us, char *err, size_t errcap);
	void (*close)(kmp_link *l);
	int (*write)(kmp_link *l, const uint8_t *p, size_t n);
	int (*read)(kmp_link *l, uint8_t *buf, size_t cap);
	void (*flush_input)(kmp_link *l);
	/* Apply l->cfg's line settings (speed, character size, parity, stop
	 * bits) to a link that is up, at once and without waiting for output
	 * to drain.  NULL: the transport has no line of its own (a TCP bridge
	 * owns its serial settings), and the settings only set the byte time. */
	int (*set_line)(kmp_link *l, char *err, size_t errcap);
};

/* Every transport is one file descriptor at a time, so the fd lives here
 * rather than behind a function pointer. */
struct kmp_link {
	const struct kmp_link_backend *be;
	kmp_link_config cfg;  /* defaults applied; cfg.device points at name */
	char *name;           /* the device as the user named it */
	char *path;           /* realpath() of a device; NULL for tcp */
	int fd;               /* what the owner polls; -1 when closed */
	short events;         /* what to poll fd for: POLLIN once up */
	int up;               /* 1 once connected */
	uint64_t deadline_us; /* while connecting: when the attempt fails */
	int lock_fd;          /* holds the flock(); may equal fd; -1 for tcp */
	int err_no;           /* errno of the last failure */
	void *priv;           /* the backend's own state (sp_port, tcp_conn) */
};

extern const struct kmp_link_backend kmp_link_serial_backend;
extern const struct kmp_link_backend kmp_link_tty_backend;
extern const struct kmp_link_backend kmp_link_tcp_backend;

/* link_device.c: resolve l->name with realpath() into l->path, check it
 * is a character device and a tty, open it (O_NONBLOCK: never wait for
 * carrier) and take the exclusive flock() into l->lock_fd.  Returns
 * KMP_OK or a kmp_err with a message. */
int link_device_probe(kmp_link *l, char *err, size_t errcap);

/* Shared by the backends (link_fd.c): non-blocking I/O on l->fd.  sock
 * selects send()/recv() with MSG_NOSIGNAL over write()/read(). */
int link_fd_write(kmp_link *l, const uint8_t *p, size_t n, int sock);
int link_fd_read(kmp_link *l, uint8_t *buf, size_t cap, int sock);
/* Set O_NONBLOCK and FD_CLOEXEC; KMP_OK or KMP_ERR_IO with errno. */
int link_fd_nonblock(int fd);
/* Mark l up on l->fd: POLLIN from now on, no deadline. */
void link_set_up(kmp_link *l);

/* printf into err (NULL or errcap 0: nothing) and return code. */
int link_fail(char *err, size_t errcap, int code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* kmp_link_errmsg for l->name, keeping e in l->err_no. */
int link_fail_errno(kmp_link *l, char *err, size_t errcap, int e);

#endif
