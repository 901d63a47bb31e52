/* datetime.h - dates and times in register values, checked before shown.
 *
 * Units and their layouts (protocol notes, "Register record"; the sources
 * of the byte layouts are cited in datetime.c):
 *   47 hh:mm:ss     decimal digit pairs, 200243 = 20:02:43
 *   48 yy:mm:dd     decimal, 220901 = 2022-09-01 (the meter counts from 2000)
 *   49 yyyy:mm:dd   decimal, 20220901
 *   50 mm:dd        decimal, 901 = 09-01
 *   53 RTC, 63 RTC-Q  8 bytes: flags, weekday, ss, mm, hh, DD, MM, YY
 *   72 KamDateTime  5 bytes: flags, seconds since 2000-01-01 00:00:00
 *   79 DST YY-MM-DD hh:mm:ss  7 bytes: summer-time minutes, YY MM DD hh mm ss
 *   64 Datetime     no public source gives its layout: never decoded
 * Every field is checked (month 1..12, the day within its month, Feb 29
 * only in leap years, hour 0..23, minutes and seconds 0..59) before any
 * text is made: an impossible value is shown as the number it is, flagged.
 * Pure, no I/O, no floating point. */
#ifndef KMP_DATETIME_H
#define KMP_DATETIME_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/value.h"

typedef struct kmp_datetime {
	int year, month, day;     /* 0 when the unit carries no date (47); year 0 for 50 */
	int hour, minute, second; /* -1 when the unit carries no time (48..50) */
	int dst;       /* 53/63/72: the summer-time flag; 79: the summer-time offset in minutes */
	char iso[24];  /* "2024-12-31 00:00:04", "20:02:43", "2022-09-01", "09-01" */
	char text[48]; /* iso plus the meter's remark: "... DST", "... DST+60min" */
} kmp_datetime;

/* The calendar the meters count in: Gregorian, days from 2000-01-01
 * 00:00 (KamDateTime's epoch; the simulator's loggers count the same).
 * kmp_days_in_month: month 1..12.  kmp_days_since_2000: y-m-d, y >= 2000,
 * a checked date.  kmp_days_since_1970: the same count from 1970-01-01
 * (Unix time's epoch, for files with UTC seconds), any checked date,
 * with no time zone or locale involved.  kmp_date_from_days: the date
 * n >= 0 days after 2000-01-01. */
int kmp_days_in_month(int y, int m);
long kmp_days_since_2000(int y, int m, int d);
long kmp_days_since_1970(int y, int m, int d);
void kmp_date_from_days(long n, int *y, int *m, int *d);

/* Non-zero for the date and time units above (47..50, 53, 63, 64, 72, 79). */
int kmp_unit_is_datetime(unsigned unit);

/* Decode a value of a date/time unit.  KMP_OK: every field checked, dt
 * filled; KMP_ERR_RANGE: the value is no possible date or time of this unit
 * (a wrong size, a fraction, month 13, 24:00:00, a clock the meter flags as
 * invalid, an unset 000000 date); KMP_ERR_ARG: not a date/time unit, or one
 * whose layout no public source gives (64).  dt is zeroed on any error. */
int kmp_datetime_decode(const kmp_value *v, unsigned unit, kmp_datetime *dt);

/* The 8-byte timestamp of the logger commands A0 and A3 (vendor
 * description 5512-447, 4.3): YY MM DD hh mm ss WK Info, binary, years from
 * 2000.  Same return values as kmp_datetime_decode. */
int kmp_datetime_from_log_time(const uint8_t t[8], kmp_datetime *dt);

/* A value as shown with its unit: the exact decimal (raw) and the text
 * people read; for a date/time unit valid says whether the text is a checked
 * date (otherwise text is the raw decimal).  ASCII (54) gives its escaped
 * text.  Returns KMP_OK or KMP_ERR_NOSPACE (never with stale bytes). */
typedef struct kmp_value_shown {
	char raw[KMP_VALUE_TEXT_MAX];  /* exact decimal: "9441543881752250126" */
	char text[KMP_VALUE_TEXT_MAX]; /* "2014-07-27 19:35:26 DST" or raw */
	int is_datetime;               /* the unit is a date/time unit */
	int valid;                     /* is_datetime and text is a checked date/time */
} kmp_value_shown;

int kmp_value_show(const kmp_value *v, unsigned unit, kmp_value_shown *out);

#endif
