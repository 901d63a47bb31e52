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

/* Fill with KMP's optical defaults: 1200 8N2.  kmp_link_open() also
 * treats a zero baud/stopbits/databits or a '\0' parity as the default,
 * so a zero-initialised config with only .device set works. */
void kmp_link_config_default(kmp_link_config *cfg);

/* Check baud (1..4000000), parity (N/E/O, either case), stop bits (1, 2)
 * and data bits (5..8) after applying the defaults above.  Returns KMP_OK
 * or KMP_ERR_CONFIG with a one-line message in err (may be NULL). */
int kmp_link_config_check(const kmp_link_config *cfg, char *err, size_t errcap);

/* Open the device.  On failure returns a negative kmp_err (KMP_ERR_NODEV,
 * KMP_ERR_PERM, KMP_ERR_PORT_BUSY, KMP_ERR_NOT_SERIAL, KMP_ERR_CONNREFUSED,
 * KMP_ERR_RESOLVE, KMP_ERR_CONFIG, KMP_ERR_IO) and writes a one-line plain
 * message into err (e.g. "/dev/ttyUSB0: permission denied: add your user to
 * the dialout group").  Serial ports are resolved with realpath() first and
 * locked with flock(LOCK_EX|LOCK_NB).  On failure errno holds the OS
 * error behind it (0 for settings, URL or name-resolution errors). */
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

/* Discard bytes received but not yet read (before a new request): tcflush
 * on a tty, read-and-drop on TCP.  Bytes already handed to the OS for
 * sending are left alone: cutting a request short would make the meter
 * ignore us for 1.6 s. */
void kmp_link_flush_input(kmp_link *l);

/* "serial", "tty" or "tcp". */
const char *kmp_link_kind(const kmp_link *l);
/* The device as the user named it. */
const char *kmp_link_name(const kmp_link *l);
/* Microseconds one byte takes on the wire at the configured settings
 * (start + data + parity + stop bits); for TCP, that of the configured baud. */
unsigned kmp_link_byte_us(const kmp_link *l);
/* The same for a configuration (defaults applied), rounded to the nearest
 * microsecond: 1200 8N2 -> 9167, 9600 8N1 -> 1042; 0 if baud < 0. */
unsigned kmp_link_config_byte_us(const kmp_link_config *cfg);
/* errno of the last failure, 0 if none. */
int kmp_link_errno(const kmp_link *l);

/* 1 when device names a TCP bridge (tcp:// or socket://, any case). */
int kmp_link_is_tcp(const char *device);

/* Split "tcp://host:port" or "socket://host:port" ("[v6addr]:port" too)
 * into host and port (1..65535).  Returns KMP_OK or KMP_ERR_CONFIG. */
int kmp_link_parse_tcp(const char *device, char *host, size_t hostcap, unsigned *port);

/* Classify the errno of a failed open, lock or connect and write
 * "<device>: <phrase>" into err (may be NULL).  Returns the kmp_err:
 *   EACCES, EPERM          KMP_ERR_PERM   "permission denied: add your user to the dialout group"
 *   ENOENT, ENODEV, ENXIO  KMP_ERR_NODEV  "no such device"
 *   EBUSY, EWOULDBLOCK     KMP_ERR_PORT_BUSY "port busy: another program has it open"
 *   ENOTTY                 KMP_ERR_NOT_SERIAL "not a serial port"
 *   ECONNREFUSED           KMP_ERR_CONNREFUSED "connection refused"
 *   anything else          KMP_ERR_IO with the system's text in lower case. */
int kmp_link_errmsg(char *err, size_t errcap, const char *device, int errnum);

#endif
