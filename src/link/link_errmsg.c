/* link_errmsg.c - turn an errno from open/flock/connect into a kmp_err and
 * one plain line a user can act on ("add your user to the dialout group"
 * rather than "EACCES").  A device that is missing or is no serial port
 * points at `kmpterm ports`, which lists what this machine has. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "link/link.h"
#include "link_backend.h"

int link_fail(char *err, size_t errcap, int code, const char *fmt, ...)
{
	if (err && errcap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errcap, fmt, ap);
		va_end(ap);
	}
	return code;
}

int link_fail_errno(kmp_link *l, char *err, size_t errcap, int e)
{
	l->err_no = e;
	return kmp_link_errmsg(err, errcap, l->name, e);
}

#define PHRASE_PERM "permission denied: add your user to the dialout group"
#define PHRASE_NODEV "no such device (plugged in? try kmpterm ports)"
#define PHRASE_BUSY "port busy: another program has it open"
#define PHRASE_NOT_SERIAL "not a serial port (try kmpterm ports)"

struct errno_phrase {
	int errnum;
	int code;
	const char *phrase;
};

static const struct errno_phrase phrases[] = {
        {EACCES, KMP_ERR_PERM, PHRASE_PERM},
        {EPERM, KMP_ERR_PERM, PHRASE_PERM},
        {ENOENT, KMP_ERR_NODEV, PHRASE_NODEV},
        {ENODEV, KMP_ERR_NODEV, PHRASE_NODEV},
        /* a USB head unplugged between realpath() and open() */
        {ENXIO, KMP_ERR_NODEV, PHRASE_NODEV},
        {ENOTDIR, KMP_ERR_NODEV, PHRASE_NODEV},
        {EBUSY, KMP_ERR_PORT_BUSY, PHRASE_BUSY},
        /* flock(LOCK_NB) on a port another process holds */
        {EWOULDBLOCK, KMP_ERR_PORT_BUSY, PHRASE_BUSY},
        {ENOTTY, KMP_ERR_NOT_SERIAL, PHRASE_NOT_SERIAL},
        {EISDIR, KMP_ERR_NOT_SERIAL, PHRASE_NOT_SERIAL},
        {ECONNREFUSED, KMP_ERR_CONNREFUSED, "connection refused"},
        {EHOSTUNREACH, KMP_ERR_UNREACHABLE, "host unreachable"},
        {ENETUNREACH, KMP_ERR_UNREACHABLE, "network unreachable"},
        /* the kernel gave up on SYNs before our own deadline */
        {ETIMEDOUT, KMP_ERR_TIMEOUT_CONNECT, "connection timed out"},
};

int kmp_link_errmsg(char *err, size_t errcap, const char *device, int errnum)
{
	if (!device)
		device = "(no device)";
	for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
		if (phrases[i].errnum == errnum)
			return link_fail(err, errcap, phrases[i].code, "%s: %s", device,
			                 phrases[i].phrase);

	/* The system's own words, lower-cased to read as one line after
	 * the device name like the phrases above. */
	char text[128];
	if (strerror_r(errnum, text, sizeof text) != 0)
		snprintf(text, sizeof text, "error %d", errnum);
	text[0] = (char)tolower((unsigned char)text[0]);
	return link_fail(err, errcap, KMP_ERR_IO, "%s: %s", device, text);
}
