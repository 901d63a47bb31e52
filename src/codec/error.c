/* error.c - text for every kmp_err. */
#include "kmp/error.h"

const char *kmp_strerror(int err)
{
	switch (err) {
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
	case KMP_ERR_BAD_INPUT:
		return "invalid input";
	}
	return "unknown error";
}

const char *kmp_err_name(int err)
{
	switch (err) {
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
	case KMP_ERR_TIMEOUT:
		return "timeout";
	case KMP_ERR_ECHO_ONLY:
		return "echo_only";
	case KMP_ERR_PARTIAL:
		return "partial";
	case KMP_ERR_GARBAGE:
		return "garbage";
	case KMP_ERR_CLOSED:
		return "closed";
	case KMP_ERR_BAD_INPUT:
		return "bad_input";
	default:
		return "error";
	}
}
