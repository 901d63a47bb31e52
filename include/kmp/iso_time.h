/* iso_time.h - the one timestamp format of every log kmpterm and kmpsim
 * write: UTC ISO-8601 with milliseconds, "2026-11-21T10:00:00.123Z".
 * Pure: the caller reads the clock. */
#ifndef KMP_ISO_TIME_H
#define KMP_ISO_TIME_H

#include <stddef.h>
#include <time.h>

/* Longest result, NUL included. */
#define KMP_ISO_TIME_MAX 32

/* Format ts into buf (cut to cap, always NUL-terminated when cap > 0) and
 * return buf.  A time gmtime_r cannot represent gives
 * "0000-00-00T00:00:00.000Z". */
const char *kmp_iso_time(const struct timespec *ts, char *buf, size_t cap);

#endif
