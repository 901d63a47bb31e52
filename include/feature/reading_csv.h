/* reading_csv.h - readings over time as CSV rows: the format of `kmpterm
 * read --csv` and of the terminal's record key (view 1), one
 * implementation for both.
 *
 *     time,id,name,value,unit,unit_name,text
 *     2026-11-29T12:00:01.123Z,60,Heat energy E1,1234.567,8,GJ,1234.567
 *
 * time is when the value arrived, ISO 8601 UTC with milliseconds; value
 * the exact decimal the meter sent; text its formatted form (dates as
 * dates).  Only readings with a valid answer get a row: no row ever holds
 * a value that was not read.  RFC 4180 through csv.h.  Pure: no I/O. */
#ifndef FEATURE_READING_CSV_H
#define FEATURE_READING_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "feature/reader.h"

#define KMP_READING_CSV_HEADER "time,id,name,value,unit,unit_name,text"

/* The wall-clock time reading rd arrived, given the clocks now (wall and
 * monotonic): wall less how long ago it came (mono_us - rd->t_us). */
struct timespec kmp_reading_wall_time(const kmp_reading *rd, const struct timespec *wall,
                                      uint64_t mono_us);
/* One row for a reading (CRLF included) with iso as its time.  Returns
 * its length, or -1 when the value cannot be shown or it does not fit. */
int kmp_reading_csv_row(const kmp_reading *rd, const char *iso, char *buf, size_t cap);
/* The rows of every reading of rd that is OK, in order, appended to buf
 * at *len (cap bytes in all); each dated by kmp_reading_wall_time.
 * Returns the rows added, or -1 when one did not fit (*len unchanged). */
int kmp_reading_csv_rows(const kmp_reader *rd, const struct timespec *wall, uint64_t mono_us,
                         char *buf, size_t cap, size_t *len);

#endif
