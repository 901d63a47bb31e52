/* link.h - one byte-pipe interface to a meter, three backends.
 *
 *   serial  real serial ports through libserialport (USB optical heads)
 *   tty     ptys and ttys libserialport 0.1.1 refuses, through termios
 *   tcp     tcp://host:port and socket://host:port (ser2net, remote heads)
 *
 * Like libmodbus' backends, the transport sits behind a const table of
 * function pointers (src/link/link_backend.h); the client only sees this
 * API.  Nothing here blocks, prints or exits: the owner poll()s
 * kmp_link_fd() for kmp_link_events() and calls in when it is ready.
 * Opening has two phases where the transport needs them: a TCP link first
 * looks its host name up (on a helper thread; a numeric address needs no
 * lookup) and then connects, and the owner's loop goes on meanwhile.
 * Time comes from the caller (monotonic microseconds), as in the client.
 *
 * Every function that can fail returns KMP_OK or a negative kmp_err; the
 * OS error behind a failure is kept where noted (kmp_link_errno). */
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
	/* TCP only: how long looking the host up and connecting may take
	 * together before the attempt fails with KMP_ERR_TIMEOUT_CONNECT;
	 * 0 means 5000 (a bridge across the Internet answers well within it). */
	unsigned connect_timeout_ms;
} kmp_link_config;

/* Fill with KMP's optical defaults: 1200 8N2.  kmp_link_open() also
 * treats a zero baud/stopbits/databits or a '\0' parity as the default,
 * so a zero-initialised config with only .device set works. */
void kmp_link_config_default(kmp_link_config *cfg);

/* Check baud (1..4000000), parity (N/E/O, either case), stop bits (1, 2)
 * and data bits (5..8) after applying the defaults above.  Returns KMP_OK
 * or KMP_ERR_CONFIG with a one-line message in err (may be NULL). */
int kmp_link_config_check(const kmp_link_config *cfg, char *err, size_t errcap);

/* Start opening the device; never waits.  Returns
 *   KMP_OK               the link is up: poll kmp_link_fd() for POLLIN;
 *   KMP_ERR_IN_PROGRESS  *out is set but still connecting (a TCP connect,
 *                        a host name being looked up): see
 *                        kmp_link_progress();
 *   another kmp_err      *out is NULL and err holds one plain line, e.g.
 *                        "/dev/ttyUSB0: permission denied: add your user
 *                        to the dialout group".
 * The failures: KMP_ERR_NODEV, _PERM, _PORT_BUSY, _NOT_SERIAL, _IO (device
 * paths), KMP_ERR_CONNREFUSED, _UNREACHABLE, _RESOLVE, _TIMEOUT_CONNECT
 * (TCP), KMP_ERR_CONFIG, _BAUD (settings), KMP_ERR_ADDRESS (no device, an
 * unknown scheme, a tcp:// address that does not parse), KMP_ERR_NOMEM.
 * kmp_err_permanent() tells which of them retrying cannot cure.  Serial
 * ports are resolved with realpath() first and locked with
 * flock(LOCK_EX|LOCK_NB).  On failure errno holds the OS error behind it
 * (0 for settings, address or name-lookup errors). */
int kmp_link_open(kmp_link **out, const kmp_link_config *cfg, uint64_t now_us, char *err,
                  size_t errcap);
void kmp_link_close(kmp_link *l);

/* While a link is connecting: poll kmp_link_fd() for kmp_link_events(),
 * for at most kmp_link_timeout_ms(), then call kmp_link_progress() with
 * the revents (0 after a timeout).  Returns KMP_OK once the link is up,
 * KMP_ERR_IN_PROGRESS while it still waits, or the failure with its message
 * in err (as kmp_link_open; the attempt is over, kmp_link_close() it).
 * Returns KMP_OK at once for a link that is already up. */
int kmp_link_progress(kmp_link *l, short revents, uint64_t now_us, char *err, size_t errcap);
/* 1 once the link is up (kmp_link_open or kmp_link_progress said KMP_OK). */
int kmp_link_up(const kmp_link *l);
/* What to poll kmp_link_fd() for: POLLIN when up; while connecting POLLOUT
 * (the socket) or POLLIN (the name lookup's completion). */
short kmp_link_events(const kmp_link *l);
/* Milliseconds until a connecting link gives up (rounded up, 0 when due),
 * -1 for a link that is up. */
int kmp_link_timeout_ms(const kmp_link *l, uint64_t now_us);

/* The descriptor to poll(); it changes while a TCP link connects. */
int kmp_link_fd(const kmp_link *l);

/* Send a whole request in one write (the meter drops a request whose bytes
 * are more than 27 ms apart); never waits for room.  Returns KMP_OK,
 * KMP_ERR_CLOSED (the other end went away), KMP_ERR_TX_STALLED (the output
 * queue is full: nobody takes our bytes) or KMP_ERR_IO; errno in
 * kmp_link_errno(). */
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

/* Change the line settings (baud, databits, parity, stopbits of line;
 * its other fields are ignored) of an open link at once, between
 * exchanges: the caller makes sure its last request is on the wire (a new
 * speed applies to the next byte, and a request cut across two speeds
 * reaches the meter as garbage).  Never waits.  A TCP link only records
 * them (the bridge owns the serial line; they set kmp_link_byte_us).
 * Returns KMP_OK, KMP_ERR_CONFIG / KMP_ERR_BAUD (impossible settings, or
 * the port refused them: the old ones stay) with a message in err. */
int kmp_link_set_line(kmp_link *l, const kmp_link_config *line, char *err, size_t errcap);
/* The settings in force (defaults applied; device is the link's name). */
void kmp_link_config_line(const kmp_link *l, kmp_link_config *out);

/* "serial", "tty" or "tcp" (for a connecting TCP link too). */
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
 * into host and port (1..65535).  Returns KMP_OK or KMP_ERR_ADDRESS. */
int kmp_link_parse_tcp(const char *device, char *host, size_t hostcap, unsigned *port);

/* Classify the errno of a failed open, lock or connect and write
 * "<device>: <phrase>" into err (may be NULL).  Returns the kmp_err:
 *   EACCES, EPERM          KMP_ERR_PERM   "permission denied: add your user to the dialout group"
 *   ENOENT, ENODEV, ENXIO  KMP_ERR_NODEV  "no such device (kmpterm ports lists the serial ports)"
 *   EBUSY, EWOULDBLOCK     KMP_ERR_PORT_BUSY "port busy: another program has it open"
 *   ENOTTY, EISDIR         KMP_ERR_NOT_SERIAL "not a serial port (kmpterm ports lists ...)"
 *   ECONNREFUSED           KMP_ERR_CONNREFUSED "connection refused"
 *   EHOSTUNREACH, ENETUNREACH  KMP_ERR_UNREACHABLE "host unreachable" / "network unreachable"
 *   ETIMEDOUT              KMP_ERR_TIMEOUT_CONNECT "connection timed out"
 *   anything else          KMP_ERR_IO with the system's text in lower case. */
int kmp_link_errmsg(char *err, size_t errcap, const char *device, int errnum);

#endif
