/* datetime.c - dates and times in register values (see datetime.h).
 *
 * Byte layouts, and where they come from:
 *  - 47..50: decimal digit pairs (vendor description 5512-447, 5.1, with
 *    its examples 10:30:00 = 00 01 92 58 and 06:08:24 = 00 00 ED 98).
 *  - 53 RTC and 63 RTC-Q: no public protocol text; the layout is the one
 *    AiMiR's KMP stack decodes (KmpUtils.cpp, GetRegValue, units 53 and 63):
 *    byte 0 flags (bit 0 summer time, bit 1 clock valid, bit 2 read from
 *    EEPROM), byte 1 weekday 1..7 (Monday first), then seconds, minutes,
 *    hours, day, month, year - 2000.  Checked against the value issue 13
 *    quotes from a real meter, 9441543881752250126 = 83 07 1A 23 13 1B 07 0E:
 *    2014-07-27 19:35:26, summer time, valid, and weekday 7 is right (that
 *    day was a Sunday), which an accidental layout would rarely match.  So
 *    the weekday, when given, must agree with the date.
 *  - 72 KamDateTime: AiMiR's KmpUtils.cpp again: byte 0 flags (bit 0 summer
 *    time, bit 1 valid), bytes 1..4 seconds since 2000-01-01 00:00:00 in the
 *    meter's time, big-endian.
 *  - 79: jktjkt/PyKMP (the logger fork, registers.py and its tests, branch
 *    wip/register-printing): byte 0 the summer-time offset in minutes (0 or
 *    60), then YY MM DD hh mm ss, binary.  Its real capture 00 18 0C 1F 00 00
 *    04 is 2024-12-31 00:00:04 (tests/data/frames-logger.tsv, the B8 day
 *    reply).  The time is shown as stored, with the offset as a remark: the
 *    vendor's tool adds the offset, the fork's author noted.
 *  - 64 Datetime: named by every source, laid out by none: never decoded.
 *  - The logger timestamp of A0/A3: 5512-447 4.3, YY MM DD hh mm ss WK Info
 *    (its example 2007-05-17 10:30:00 = 07 05 11 0A 1E 00 00 00). */
#include <stdio.h>
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/tables.h"

int kmp_unit_is_datetime(unsigned unit)
{
	switch (unit) {
	case KMP_UNIT_HHMMSS:
	case KMP_UNIT_YYMMDD:
	case KMP_UNIT_YYYYMMDD:
	case KMP_UNIT_MMDD:
	case KMP_UNIT_RTC:
	case KMP_UNIT_RTC_Q:
	case KMP_UNIT_DATETIME:
	case KMP_UNIT_KAMDATETIME:
	case KMP_UNIT_DST_DATETIME:
		return 1;
	}
	return 0;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kmp_days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static int date_ok(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= kmp_days_in_month(y, m);
}

static int time_ok(int h, int mi, int s)
{
	return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

/* Proleptic Gregorian day count in closed form: years start on March 1st
 * so the leap day is the last day of its year, and 400 years are 146097
 * days.  719468 is 0000-03-01 to 1970-01-01. */
long kmp_days_since_1970(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* 2000-01-01 is day 10957 after 1970-01-01. */
long kmp_days_since_2000(int y, int m, int d)
{
	return kmp_days_since_1970(y, m, d) - 10957;
}

void kmp_date_from_days(long n, int *y, int *m, int *d)
{
	int yy = 2000, mm = 1;
	while (n >= (leap(yy) ? 366 : 365))
		n -= leap(yy++) ? 366 : 365;
	while (n >= kmp_days_in_month(yy, mm))
		n -= kmp_days_in_month(yy, mm++);
	*y = yy;
	*m = mm;
	*d = (int)n + 1;
}

/* ISO weekday, Monday 1 .. Sunday 7 (2000-01-01 was a Saturday). */
static int weekday(int y, int m, int d)
{
	return (int)((kmp_days_since_2000(y, m, d) + 5) % 7) + 1;
}

static void set_date(kmp_datetime *dt, int y, int m, int d)
{
	dt->year = y;
	dt->month = m;
	dt->day = d;
}

static void set_time(kmp_datetime *dt, int h, int mi, int s)
{
	dt->hour = h;
	dt->minute = mi;
	dt->second = s;
}

/* Fill iso (and text = iso) from the fields that are present.  The fields
 * are checked before this is called; the modulo only tells the compiler
 * how wide each one can be. */
static void make_iso(kmp_datetime *dt)
{
	unsigned y = (unsigned)dt->year % 10000, mo = (unsigned)dt->month % 100,
	         d = (unsigned)dt->day % 100, h = (unsigned)dt->hour % 100,
	         mi = (unsigned)dt->minute % 100, s = (unsigned)dt->second % 100;
	if (dt->month && dt->hour >= 0)
		snprintf(dt->iso, sizeof dt->iso, "%04u-%02u-%02u %02u:%02u:%02u", y, mo, d, h, mi,
		         s);
	else if (dt->month && dt->year)
		snprintf(dt->iso, sizeof dt->iso, "%04u-%02u-%02u", y, mo, d);
	else if (dt->month)
		snprintf(dt->iso, sizeof dt->iso, "%02u-%02u", mo, d);
	else
		snprintf(dt->iso, sizeof dt->iso, "%02u:%02u:%02u", h, mi, s);
	snprintf(dt->text, sizeof dt->text, "%s", dt->iso);
}

/* The value as a whole, non-negative integer of at most 8 decimal digits
 * (the digit-pair units): no fraction, no exponent, no sign. */
static int whole_8_digits(const kmp_value *v, unsigned long *out)
{
	unsigned long n = 0;
	if (v->sign_exp & 0x7F) /* any exponent: not the digit-pair form */
		return 0;
	for (size_t i = 0; i < v->len; i++) {
		if (n > 99999999ul / 256)
			return 0;
		n = n * 256 + v->mantissa[i];
	}
	if (n > 99999999ul || ((v->sign_exp & 0x80) && n))
		return 0;
	*out = n;
	return 1;
}

/* The mantissa bytes of a byte-layout unit: exactly len bytes, exponent 0,
 * not negative. */
static const uint8_t *layout(const kmp_value *v, size_t len)
{
	return v->len == len && v->sign_exp == 0 ? v->mantissa : NULL;
}

static int digit_pairs(const kmp_value *v, unsigned unit, kmp_datetime *dt)
{
	unsigned long n;
	if (!whole_8_digits(v, &n))
		return KMP_ERR_RANGE;
	int a = (int)(n / 10000 % 10000), b = (int)(n / 100 % 100), c = (int)(n % 100);
	switch (unit) {
	case KMP_UNIT_HHMMSS:
		if (n > 999999 || !time_ok(a, b, c))
			return KMP_ERR_RANGE;
		set_time(dt, a, b, c);
		break;
	case KMP_UNIT_YYMMDD:
		/* the meter keeps two year digits and dates from 2000 on;
		 * 000000 is its "never" and fails the month check */
		if (n > 999999 || !date_ok(2000 + a, b, c))
			return KMP_ERR_RANGE;
		set_date(dt, 2000 + a, b, c);
		break;
	case KMP_UNIT_YYYYMMDD:
		if (a < 1 || !date_ok(a, b, c))
			return KMP_ERR_RANGE;
		set_date(dt, a, b, c);
		break;
	default: /* KMP_UNIT_MMDD: no year, so 02-29 is a possible date */
		if (n > 9999 || !date_ok(2000, b, c))
			return KMP_ERR_RANGE;
		set_date(dt, 0, b, c);
		break;
	}
	return KMP_OK;
}

static int rtc(const kmp_value *v, kmp_datetime *dt)
{
	const uint8_t *p = layout(v, 8);
	if (!p || !(p[0] & 0x02)) /* bit 1 clear: the meter says its clock is invalid */
		return KMP_ERR_RANGE;
	int y = 2000 + p[7], mo = p[6], d = p[5];
	if (!date_ok(y, mo, d) || !time_ok(p[4], p[3], p[2]))
		return KMP_ERR_RANGE;
	if (p[1] != 0 && p[1] != weekday(y, mo, d))
		return KMP_ERR_RANGE; /* contradicts itself: not this layout */
	set_date(dt, y, mo, d);
	set_time(dt, p[4], p[3], p[2]);
	dt->dst = p[0] & 0x01;
	make_iso(dt);
	if (dt->dst)
		snprintf(dt->text, sizeof dt->text, "%s DST", dt->iso);
	return KMP_OK;
}

static int kamdatetime(const kmp_value *v, kmp_datetime *dt)
{
	const uint8_t *p = layout(v, 5);
	if (!p || !(p[0] & 0x02))
		return KMP_ERR_RANGE;
	unsigned long s = (unsigned long)p[1] << 24 | (unsigned long)p[2] << 16 |
	                  (unsigned long)p[3] << 8 | p[4];
	unsigned long rest = s % 86400;
	int y, mo, d;
	kmp_date_from_days((long)(s / 86400), &y, &mo, &d); /* at most 49710 days */
	set_date(dt, y, mo, d);
	set_time(dt, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
	dt->dst = p[0] & 0x01;
	make_iso(dt);
	if (dt->dst)
		snprintf(dt->text, sizeof dt->text, "%s DST", dt->iso);
	return KMP_OK;
}

static int dst_datetime(const kmp_value *v, kmp_datetime *dt)
{
	const uint8_t *p = layout(v, 7);
	if (!p)
		return KMP_ERR_RANGE;
	int y = 2000 + p[1];
	if (!date_ok(y, p[2], p[3]) || !time_ok(p[4], p[5], p[6]))
		return KMP_ERR_RANGE;
	set_date(dt, y, p[2], p[3]);
	set_time(dt, p[4], p[5], p[6]);
	dt->dst = p[0];
	make_iso(dt);
	if (dt->dst)
		snprintf(dt->text, sizeof dt->text, "%s DST+%dmin", dt->iso, dt->dst);
	return KMP_OK;
}

int kmp_datetime_decode(const kmp_value *v, unsigned unit, kmp_datetime *dt)
{
	int rc;
	memset(dt, 0, sizeof *dt);
	dt->hour = dt->minute = dt->second = -1;
	switch (unit) {
	case KMP_UNIT_HHMMSS:
	case KMP_UNIT_YYMMDD:
	case KMP_UNIT_YYYYMMDD:
	case KMP_UNIT_MMDD:
		rc = digit_pairs(v, unit, dt);
		if (rc == KMP_OK)
			make_iso(dt);
		break;
	case KMP_UNIT_RTC:
	case KMP_UNIT_RTC_Q:
		rc = rtc(v, dt);
		break;
	case KMP_UNIT_KAMDATETIME:
		rc = kamdatetime(v, dt);
		break;
	case KMP_UNIT_DST_DATETIME:
		rc = dst_datetime(v, dt);
		break;
	default:
		rc = KMP_ERR_ARG;
		break;
	}
	if (rc != KMP_OK) {
		memset(dt, 0, sizeof *dt);
		dt->hour = dt->minute = dt->second = -1;
	}
	return rc;
}

int kmp_datetime_from_log_time(const uint8_t t[8], kmp_datetime *dt)
{
	memset(dt, 0, sizeof *dt);
	dt->hour = dt->minute = dt->second = -1;
	int y = 2000 + t[0];
	if (!date_ok(y, t[1], t[2]) || !time_ok(t[3], t[4], t[5]))
		return KMP_ERR_RANGE;
	set_date(dt, y, t[1], t[2]);
	set_time(dt, t[3], t[4], t[5]);
	make_iso(dt);
	return KMP_OK;
}

int kmp_value_show(const kmp_value *v, unsigned unit, kmp_value_shown *out)
{
	kmp_datetime dt;
	memset(out, 0, sizeof *out);
	if (kmp_value_format(v, out->raw, sizeof out->raw) < 0 ||
	    kmp_value_text(v, (uint8_t)unit, out->text, sizeof out->text) < 0) {
		out->raw[0] = out->text[0] = '\0';
		return KMP_ERR_NOSPACE;
	}
	out->is_datetime = kmp_unit_is_datetime(unit);
	out->valid = out->is_datetime && kmp_datetime_decode(v, unit, &dt) == KMP_OK;
	return KMP_OK;
}
