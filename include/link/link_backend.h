/* link_backend.h - private: what a link is, and the table every transport
 * fills in (the libmodbus backend pattern).  Only src/link/ includes this.
 *
 * Ownership: link.c opens and locks a device (lock_fd) before it asks a
 * backend to open it, and closes lock_fd after the backend's close().  A
 * backend's close() releases exactly what its open() acquired; a failed
 * open() releases it before returning. */
#ifndef LINK_LINK_BACKEND_H
#define LINK_LINK_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "link/link.h"

struct sp_port;

struct kmp_link_backend {
	const char *kind; /* "serial", "tty", "tcp" */
	/* Connect l (l->name, l->path, l->cfg and, for devices, l->lock_fd
	 * are set) and set l->fd non-blocking.  Returns KMP_OK or a kmp_err
	 * with a message in err; the serial backend returns
	 * KMP_ERR_NOT_SERIAL without a message when libserialport refuses
	 * the device, and link.c then falls back to the tty backend. */
	int (*open)(kmp_link *l, char *err, size_t errcap);
	void (*close)(kmp_link *l);
	int (*write)(kmp_link *l, const uint8_t *p, size_t n);
	int (*read)(kmp_link *l, uint8_t *buf, size_t cap);
	void (*flush_input)(kmp_link *l);
};

/* Every transport is one file descriptor, so the fd lives here rather
 * than behind a function pointer. */
struct kmp_link {
	const struct kmp_link_backend *be;
	kmp_link_config cfg; /* defaults applied; cfg.device points at name */
	char *name;          /* the device as the user named it */
	char *path;          /* realpath() of a device; NULL for tcp */
	int fd;              /* what the owner polls; -1 when closed */
	int lock_fd;         /* holds the flock(); may equal fd; -1 for tcp */
	int err_no;          /* errno of the last failure */
	struct sp_port *sp;  /* serial backend only */
};

extern const struct kmp_link_backend kmp_link_serial_backend;
extern const struct kmp_link_backend kmp_link_tty_backend;
extern const struct kmp_link_backend kmp_link_tcp_backend;

/* link_device.c: resolve l->name with realpath() into l->path, check it
 * is a character device and a tty, open it and take the exclusive flock()
 * into l->lock_fd.  Returns KMP_OK or a kmp_err with a message. */
int link_device_probe(kmp_link *l, char *err, size_t errcap);

/* Shared by the backends (link_fd.c): non-blocking I/O on l->fd.  sock
 * selects send()/recv() with MSG_NOSIGNAL over write()/read(). */
int link_fd_write(kmp_link *l, const uint8_t *p, size_t n, int sock);
int link_fd_read(kmp_link *l, uint8_t *buf, size_t cap, int sock);
/* Set O_NONBLOCK and FD_CLOEXEC; returns 0 or -1 with errno. */
int link_fd_nonblock(int fd);

/* printf into err (NULL or errcap 0: nothing) and return code. */
int link_fail(char *err, size_t errcap, int code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

#endif
