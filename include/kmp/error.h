/* error.h - one error space for the codec, the links and the client.
 *
 * Every function that can fail returns KMP_OK (0) or a negative kmp_err.
 * kmp_strerror() turns any of them into a short, lower-case phrase that a
 * front end can print after a device name.  OS errors keep their errno in
 * the caller's hands (see link.h); the codes here only classify them. */
#ifndef KMP_ERROR_H
#define KMP_ERROR_H

typedef enum kmp_err {
	KMP_OK = 0,
	/* frame and message checks (codec) */
	KMP_ERR_CRC = -1,      /* CRC-16/XMODEM over DST..CRC is not 0 */
	KMP_ERR_STUFFING = -2, /* 1B followed by a byte that is no escape, or 1B before 0D */
	KMP_ERR_FRAMING = -3,  /* wrong start or stop byte, empty or oversized frame */
	KMP_ERR_LENGTH = -4,   /* data shorter or longer than the message allows */
	KMP_ERR_RANGE = -5,    /* a field outside its allowed range */
	KMP_ERR_CID = -6,      /* reply carries another command than the request */
	KMP_ERR_DATA = -7,     /* data given to a command that takes none */
	/* caller errors */
	KMP_ERR_ARG = -8,     /* invalid argument (e.g. 0 or more than 8 register IDs) */
	KMP_ERR_NOSPACE = -9, /* output buffer too small */
	KMP_ERR_NOMEM = -10,
	/* exchange outcomes (client) */
	KMP_ERR_TIMEOUT = -11,     /* nothing within the reply timeout */
	KMP_ERR_ECHO_ONLY = -12,   /* only our own request came back */
	KMP_ERR_PARTIAL = -13,     /* a reply started but stalled before its stop byte */
	KMP_ERR_GARBAGE = -14,     /* bytes arrived but none formed a frame */
	KMP_ERR_BUSY_CLIENT = -15, /* a request is already outstanding */
	KMP_ERR_WRONG_ADDR = -16,  /* a valid reply, but from another address than ours */
	KMP_ERR_UNASKED = -17,     /* a valid reply holding a register we did not ask for */
	KMP_ERR_DUPLICATE = -18,   /* a reply holding one register twice (it contradicts itself) */
	KMP_ERR_EARLY = -19,       /* a reply that began before our request could have left */
	/* links */
	KMP_ERR_IO = -20,              /* read/write failed (errno kept by the link) */
	KMP_ERR_CLOSED = -21,          /* the other end went away (unplugged, reset, EOF) */
	KMP_ERR_PORT_BUSY = -22,       /* another program holds the port (flock) */
	KMP_ERR_PERM = -23,            /* permission denied opening the device */
	KMP_ERR_NODEV = -24,           /* no such device */
	KMP_ERR_NOT_SERIAL = -25,      /* path exists but is not a serial port */
	KMP_ERR_CONNREFUSED = -26,     /* TCP connection refused */
	KMP_ERR_RESOLVE = -27,         /* host name could not be resolved */
	KMP_ERR_CONFIG = -28,          /* invalid link settings (baud, parity, stop bits) */
	KMP_ERR_IN_PROGRESS = -29,     /* not a failure: the link is still connecting */
	KMP_ERR_TIMEOUT_CONNECT = -30, /* no connection within the connect timeout */
	KMP_ERR_ADDRESS = -31,         /* a device address that cannot be parsed */
	KMP_ERR_UNREACHABLE = -32,     /* no route to the host or network */
	KMP_ERR_BAUD = -33,            /* a valid rate the device cannot use */
	KMP_ERR_TX_STALLED = -34,      /* the output queue takes no more bytes */
	/* the user's input (simulator) */
	KMP_ERR_BAD_INPUT = -40, /* an option value or a file's contents (a map line) is wrong */
	/* exchange outcomes (client), continued */
	KMP_ERR_LINE_BUSY = -50, /* the line never went quiet long enough to send */
} kmp_err;

/* A static, lower-case phrase for any kmp_err ("bad CRC", "port busy"...).
 * Every code has its own (error.c fails to build when one is missing). */
const char *kmp_strerror(int err);

/* Short machine name used in JSON and logs, one per code: "crc",
 * "stuffing", "framing", ..., "nodev", "not-serial", "port-busy",
 * "timeout-connect"; NULL for KMP_OK, "unknown" for a value no code has. */
const char *kmp_err_name(int err);

/* 1 when retrying cannot help, so whoever reopens a link should stop and
 * say so: a path that is no serial port, impossible settings, an address
 * that does not parse.  0 for everything that can heal by itself: a USB
 * head not plugged in yet (KMP_ERR_NODEV), a busy port, a refused or
 * timed-out connection, a host name not (yet) known. */
int kmp_err_permanent(int err);

#endif
