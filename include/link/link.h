/* link.h - one byte-pipe interface to a meter, three backends.
 *
 *   serial  real serial ports through libserialport (USB optical heads)
 *   tty     ptys and ttys libserialport 0.1.1 refuses, through termios
 *   tcp     tcp://host:port and socket://host:port (ser2net, remote heads)
 *
 * Like libmodbus' backends, the transport sits behind a const table of
 * function pointers (link_backend.h); the client only sees this API.
 * Everything is non-blocking: the owner poll()s kmp_link_fd() and calls
 * kmp_link_read() when it is readable.  Nothing here prints or exits. */
#ifndef LINK_LINK_H
#define LINK_LINK_H

#include <stddef.h>
#include <stdint.h>

typedef struct kmp_link kmp_link;

typedef struct kmp_link_config {
	const char *device; /* path, /dev/serial/by-id/..., tcp://host:port, socket://host:port */
	int baud;           /* default 1200 (KMP optical) */
	char parity;        /* 'N', 'E' or 'O'; default 'N' */
	int stopbits;       /* 1 or 2; default 2 */
	int databits;       /* default 8 */
} kmp_link_config;

/* Fill with KMP's optical defaults: 1200 8N2. */
void kmp_link_config_default(kmp_link_config *cfg);

/* Open the device.  On failure returns a negative kmp_err (KMP_ERR_NODEV,
 * KMP_ERR_PERM, KMP_ERR_PORT_BUSY, KMP_ERR_NOT_SERIAL, KMP_ERR_CONNREFUSED,
 * KMP_ERR_RESOLVE, KMP_ERR_CONFIG, KMP_ERR_IO) and writes a one-line plain
 * message into err (e.g. "/dev/ttyUSB0: permission denied: add your user to
 * the dialout group").  Serial ports are resolved with realpath() first and
 * locked with flock(LOCK_EX|LOCK_NB). */
int kmp_link_open(kmp_link **out, const kmp_link_config *cfg, char *err, size_t errcap);
void kmp_link_close(kmp_link *l);

/* The descriptor to poll() for POLLIN. */
int kmp_link_fd(const kmp_link *l);

/* Send a whole request in one write (the meter drops a request whose bytes
 * are more than 27 ms apart).  Returns KMP_OK, KMP_ERR_CLOSED or KMP_ERR_IO. */
int kmp_link_write(kmp_link *l, const uint8_t *p, size_t n);

/* Read what is available without blocking.  Returns bytes read (> 0), 0
 * when nothing is waiting, or KMP_ERR_CLOSED (unplugged, reset, EOF) /
 * KMP_ERR_IO. */
int kmp_link_read(kmp_link *l, uint8_t *buf, size_t cap);

/* Discard bytes not yet read or sent (before a new request). */
void kmp_link_flush_input(kmp_link *l);

/* "serial", "tty" or "tcp". */
const char *kmp_link_kind(const kmp_link *l);
/* The device as the user named it. */
const char *kmp_link_name(const kmp_link *l);
/* Microseconds one byte takes on the wire at the configured settings
 * (start + data + parity + stop bits); for TCP, that of the configured baud. */
unsigned kmp_link_byte_us(const kmp_link *l);
/* errno of the last failure, 0 if none. */
int kmp_link_errno(const kmp_link *l);

#endif
