/* iso_time.c - UTC ISO-8601 timestamps with milliseconds (iso_time.h).
 * Shared by the client's trace lines and kmpsim's JSON log, so the two
 * logs of one session line up character for character. */
#include <stdio.h>

#include "kmp/iso_time.h"

const char *kmp_iso_time(const struct timespec *ts, char *buf, size_t cap)
{
	struct tm tm;
	time_t s = ts->tv_sec;
	long ms = ts->tv_nsec / 1000000L;
	if (!buf || cap == 0)
		return buf;
	if (ts->tv_nsec < 0 || ts->tv_nsec > 999999999L || !gmtime_r(&s, &tm)) {
		snprintf(buf, cap, "0000-00-00T00:00:00.000Z");
		return buf;
	}
	snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
	return buf;
}
