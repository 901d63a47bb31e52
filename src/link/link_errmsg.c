/* link_errmsg.c - turn an errno from open/flock/connect into a kmp_err and
 * one plain line a user can act on ("add your user to the dialout group"
 * rather than "EACCES"). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "link/link.h"
#include "link/link_backend.h"

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

struct errno_phrase {
	int errnum;
	int code;
	const char *phrase;
};

static const struct errno_phrase phrases[] = {
        {EACCES, KMP_ERR_PERM, "permission denied: add your user to the dialout group"},
        {EPERM, KMP_ERR_PERM, "permission denied: add your user to the dialout group"},
        {ENOENT, KMP_ERR_NODEV, "no such device"},
        {ENODEV, KMP_ERR_NODEV, "no such device"},
        /* a USB head unplugged between realpath() and open() */
        {ENXIO, KMP_ERR_NODEV, "no such device"},
        {ENOTDIR, KMP_ERR_NODEV, "no such device"},
        {EBUSY, KMP_ERR_PORT_BUSY, "port busy: another program has it open"},
        /* flock(LOCK_NB) on a port another process holds */
        {EWOULDBLOCK, KMP_ERR_PORT_BUSY, "port busy: another program has it open"},
        {ENOTTY, KMP_ERR_NOT_SERIAL, "not a serial port"},
        {EISDIR, KMP_ERR_NOT_SERIAL, "not a serial port"},
        {ECONNREFUSED, KMP_ERR_CONNREFUSED, "connection refused"},
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
