/* error.c - text, names and retry class for every kmp_err.
 *
 * The switches below have no default: with -Wswitch an error here, a code
 * added to error.h without its phrase, its name and a decision on whether
 * retrying helps does not build.  A value that is no code at all falls
 * through to the line after the switch. */
#include "kmp/error.h"

#pragma GCC diagnostic error "-Wswitch"

const char *kmp_strerror(int err)
{
	switch ((kmp_err)err) {
	case KMP_OK:
		return "ok";
	case KMP_ERR_CRC:
		return "bad CRC";
	case KMP_ERR_STUFFING:
		return "invalid byte stuffing";
	case KMP_ERR_FRAMING:
		return "bad framing (start or stop byte)";
	case KMP_ERR_LENGTH:
		return "wrong length";
	case KMP_ERR_RANGE:
		return "value out of range";
	case KMP_ERR_CID:
		return "reply to another command";
	case KMP_ERR_DATA:
		return "data not allowed for this command";
	case KMP_ERR_ARG:
		return "invalid argument";
	case KMP_ERR_NOSPACE:
		return "buffer too small";
	case KMP_ERR_NOMEM:
		return "out of memory";
	case KMP_ERR_TIMEOUT:
		return "no answer (timeout)";
	case KMP_ERR_ECHO_ONLY:
		return "only the echo of the request came back";
	case KMP_ERR_PARTIAL:
		return "reply cut off before its stop byte";
	case KMP_ERR_GARBAGE:
		return "bytes that form no frame";
	case KMP_ERR_BUSY_CLIENT:
		return "a request is already in flight";
	case KMP_ERR_WRONG_ADDR:
		return "reply from another address";
	case KMP_ERR_UNASKED:
		return "reply holds a register that was not asked for";
	case KMP_ERR_DUPLICATE:
		return "reply holds the same register twice";
	case KMP_ERR_EARLY:
		return "reply began before the request was sent";
	case KMP_ERR_IO:
		return "input/output error";
	case KMP_ERR_CLOSED:
		return "link closed";
	case KMP_ERR_PORT_BUSY:
		return "port busy";
	case KMP_ERR_PERM:
		return "permission denied";
	case KMP_ERR_NODEV:
		return "no such device";
	case KMP_ERR_NOT_SERIAL:
		return "not a serial port";
	case KMP_ERR_CONNREFUSED:
		return "connection refused";
	case KMP_ERR_RESOLVE:
		return "host not found";
	case KMP_ERR_CONFIG:
		return "invalid link settings";
	case KMP_ERR_IN_PROGRESS:
		return "still connecting";
	case KMP_ERR_TIMEOUT_CONNECT:
		return "no connection (connect timed out)";
	case KMP_ERR_ADDRESS:
		return "bad device address";
	case KMP_ERR_UNREACHABLE:
		return "host unreachable";
	case KMP_ERR_BAUD:
		return "baud rate not supported by the device";
	case KMP_ERR_TX_STALLED:
		return "output stalled (the line takes no more bytes)";
	case KMP_ERR_BAD_INPUT:
		return "invalid input";
	case KMP_ERR_LINE_BUSY:
		return "the line never went quiet (another device keeps sending?)";
	}
	return "unknown error";
}

const char *kmp_err_name(int err)
{
	switch ((kmp_err)err) {
	case KMP_OK:
		return 0;
	case KMP_ERR_CRC:
		return "crc";
	case KMP_ERR_STUFFING:
		return "stuffing";
	case KMP_ERR_FRAMING:
		return "framing";
	case KMP_ERR_LENGTH:
		return "length";
	case KMP_ERR_RANGE:
		return "range";
	case KMP_ERR_CID:
		return "cid";
	case KMP_ERR_DATA:
		return "data";
	case KMP_ERR_ARG:
		return "arg";
	case KMP_ERR_NOSPACE:
		return "nospace";
	case KMP_ERR_NOMEM:
		return "nomem";
	case KMP_ERR_TIMEOUT:
		return "timeout";
	case KMP_ERR_ECHO_ONLY:
		return "echo_only";
	case KMP_ERR_PARTIAL:
		return "partial";
	case KMP_ERR_GARBAGE:
		return "garbage";
	case KMP_ERR_BUSY_CLIENT:
		return "busy";
	case KMP_ERR_IO:
		return "io";
	case KMP_ERR_CLOSED:
		return "closed";
	case KMP_ERR_PORT_BUSY:
		return "port-busy";
	case KMP_ERR_PERM:
		return "perm";
	case KMP_ERR_NODEV:
		return "nodev";
	case KMP_ERR_NOT_SERIAL:
		return "not-serial";
	case KMP_ERR_CONNREFUSED:
		return "connrefused";
	case KMP_ERR_RESOLVE:
		return "resolve";
	case KMP_ERR_CONFIG:
		return "config";
	case KMP_ERR_IN_PROGRESS:
		return "in-progress";
	case KMP_ERR_TIMEOUT_CONNECT:
		return "timeout-connect";
	case KMP_ERR_ADDRESS:
		return "address";
	case KMP_ERR_UNREACHABLE:
		return "unreachable";
	case KMP_ERR_BAUD:
		return "baud";
	case KMP_ERR_TX_STALLED:
		return "tx-stalled";
	case KMP_ERR_BAD_INPUT:
		return "bad_input";
	case KMP_ERR_WRONG_ADDR:
		return "wrong-addr";
	case KMP_ERR_UNASKED:
		return "unasked";
	case KMP_ERR_DUPLICATE:
		return "duplicate";
	case KMP_ERR_EARLY:
		return "early";
	case KMP_ERR_LINE_BUSY:
		return "line-busy";
	}
	return "unknown";
}

int kmp_err_permanent(int err)
{
	switch ((kmp_err)err) {
	/* wrong on our side: the same call fails the same way again */
	case KMP_ERR_ARG:
	case KMP_ERR_NOSPACE:
	case KMP_ERR_NOT_SERIAL: /* a regular file, a directory, /dev/null */
	case KMP_ERR_CONFIG:
	case KMP_ERR_ADDRESS:
	case KMP_ERR_BAUD:
	case KMP_ERR_BAD_INPUT: /* an option value or a file the user must fix */
		return 1;
	/* the world may change: a head plugged in, a port released, a bridge
	 * started, udev fixing a new node's mode, DNS answering */
	case KMP_OK:
	case KMP_ERR_NOMEM:
	case KMP_ERR_IO:
	case KMP_ERR_CLOSED:
	case KMP_ERR_PORT_BUSY:
	case KMP_ERR_PERM:
	case KMP_ERR_NODEV:
	case KMP_ERR_CONNREFUSED:
	case KMP_ERR_RESOLVE:
	case KMP_ERR_IN_PROGRESS:
	case KMP_ERR_TIMEOUT_CONNECT:
	case KMP_ERR_UNREACHABLE:
	case KMP_ERR_TX_STALLED:
	/* one exchange went wrong; the next may not */
	case KMP_ERR_CRC:
	case KMP_ERR_STUFFING:
	case KMP_ERR_FRAMING:
	case KMP_ERR_LENGTH:
	case KMP_ERR_RANGE:
	case KMP_ERR_CID:
	case KMP_ERR_DATA:
	case KMP_ERR_TIMEOUT:
	case KMP_ERR_ECHO_ONLY:
	case KMP_ERR_PARTIAL:
	case KMP_ERR_GARBAGE:
	case KMP_ERR_BUSY_CLIENT:
	case KMP_ERR_WRONG_ADDR:
	case KMP_ERR_UNASKED:
	case KMP_ERR_DUPLICATE:
	case KMP_ERR_EARLY:
	case KMP_ERR_LINE_BUSY:
		return 0;
	}
	return 0;
}
