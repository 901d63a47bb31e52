/* Dates and times are checked before they are shown (issue 10 item 19,
 * issue 13): every layout of datetime.h, its impossible values, and the raw
 * number kept beside the text. */
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/msg.h"
#include "kmp/tables.h"
#include "testing.h"

/* A value from decimal text (the digit-pair units). */
static kmp_value dec(const char *text)
{
	kmp_value v;
	CU_ASSERT_EQUAL_FATAL(kmp_value_from_text(text, 4, &v), KMP_OK);
	return v;
}

/* A value from its mantissa bytes, exponent 0. */
static kmp_value bytes(const char *hex)
{
	kmp_value v = {0};
	int n = test_hex(hex, v.mantissa, KMP_MANTISSA_MAX);
	CU_ASSERT_FATAL(n > 0);
	v.len = (uint8_t)n;
	return v;
}

/* want NULL: not a possible date/time, the text is the raw decimal. */
static void check(const kmp_value *v, unsigned unit, const char *want)
{
	kmp_datetime dt;
	kmp_value_shown s;
	char raw[KMP_VALUE_TEXT_MAX];
	int rc = kmp_datetime_decode(v, unit, &dt);
	CU_ASSERT_EQUAL(kmp_value_show(v, unit, &s), KMP_OK);
	kmp_value_format(v, raw, sizeof raw);
	CU_ASSERT_STRING_EQUAL(s.raw, raw);
	CU_ASSERT(s.is_datetime);
	if (want) {
		CU_ASSERT_EQUAL(rc, KMP_OK);
		CU_ASSERT_STRING_EQUAL(dt.text, want);
		CU_ASSERT_STRING_EQUAL(s.text, want);
		CU_ASSERT(s.valid);
	} else {
		CU_ASSERT_EQUAL(rc, KMP_ERR_RANGE);
		CU_ASSERT_STRING_EQUAL(dt.text, "");
		CU_ASSERT_STRING_EQUAL(s.text, raw);
		CU_ASSERT(!s.valid);
	}
}

static void check_dec(const char *text, unsigned unit, const char *want)
{
	kmp_value v = dec(text);
	check(&v, unit, want);
}

static void test_digit_pairs(void)
{
	check_dec("200243", KMP_UNIT_HHMMSS, "20:02:43");
	check_dec("0", KMP_UNIT_HHMMSS, "00:00:00"); /* midnight is a time */
	check_dec("235959", KMP_UNIT_HHMMSS, "23:59:59");
	check_dec("999999", KMP_UNIT_HHMMSS, NULL); /* not 99:99:99 (issue 10, 19) */
	check_dec("240000", KMP_UNIT_HHMMSS, NULL);
	check_dec("236000", KMP_UNIT_HHMMSS, NULL);
	check_dec("235960", KMP_UNIT_HHMMSS, NULL);
	check_dec("1234567", KMP_UNIT_HHMMSS, NULL);
	check_dec("20.0243", KMP_UNIT_HHMMSS, NULL);
	check_dec("220901", KMP_UNIT_YYMMDD, "2022-09-01");
	check_dec("0", KMP_UNIT_YYMMDD, NULL); /* the meter's "never" */
	check_dec("221301", KMP_UNIT_YYMMDD, NULL);
	check_dec("220132", KMP_UNIT_YYMMDD, NULL);
	check_dec("220230", KMP_UNIT_YYMMDD, NULL);
	check_dec("240229", KMP_UNIT_YYMMDD, "2024-02-29");
	check_dec("230229", KMP_UNIT_YYMMDD, NULL);
	check_dec("220431", KMP_UNIT_YYMMDD, NULL);
	check_dec("20220901", KMP_UNIT_YYYYMMDD, "2022-09-01");
	check_dec("21000229", KMP_UNIT_YYYYMMDD, NULL); /* 2100 is no leap year */
	check_dec("20000229", KMP_UNIT_YYYYMMDD, "2000-02-29");
	check_dec("101", KMP_UNIT_YYYYMMDD, NULL); /* year 0 */
	check_dec("901", KMP_UNIT_MMDD, "09-01");
	check_dec("229", KMP_UNIT_MMDD, "02-29"); /* no year: possible */
	check_dec("230", KMP_UNIT_MMDD, NULL);
	check_dec("1301", KMP_UNIT_MMDD, NULL);
	check_dec("-5", KMP_UNIT_MMDD, NULL);
}

static void test_rtc(void)
{
	/* issue 13's real value: 9441543881752250126 = 83 07 1A 23 13 1B 07 0E */
	kmp_value v = bytes("83071A23131B070E");
	char raw[64];
	kmp_value_format(&v, raw, sizeof raw);
	CU_ASSERT_STRING_EQUAL(raw, "9441543881752250126");
	check(&v, KMP_UNIT_RTC, "2014-07-27 19:35:26 DST");
	check(&v, KMP_UNIT_RTC_Q, "2014-07-27 19:35:26 DST");
	kmp_datetime dt;
	kmp_datetime_decode(&v, KMP_UNIT_RTC, &dt);
	CU_ASSERT_STRING_EQUAL(dt.iso, "2014-07-27 19:35:26");
	CU_ASSERT_EQUAL(dt.dst, 1);
	v = bytes("02071A23131B070E"); /* no summer time */
	check(&v, KMP_UNIT_RTC, "2014-07-27 19:35:26");
	v = bytes("02001A23131B070E"); /* weekday 0: not given */
	check(&v, KMP_UNIT_RTC, "2014-07-27 19:35:26");
	v = bytes("82061A23131B070E"); /* Saturday for a Sunday: contradicts itself */
	check(&v, KMP_UNIT_RTC, NULL);
	v = bytes("81071A23131B070E"); /* the meter flags its clock invalid */
	check(&v, KMP_UNIT_RTC, NULL);
	v = bytes("82001A23131E020E"); /* 2014-02-30 */
	check(&v, KMP_UNIT_RTC, NULL);
	v = bytes("82001A23181B070E"); /* hour 24 */
	check(&v, KMP_UNIT_RTC, NULL);
	v = bytes("82071A23131B07"); /* 7 bytes */
	check(&v, KMP_UNIT_RTC, NULL);
	v = bytes("82071A23131B070E");
	v.sign_exp = 0x01; /* an exponent: not the clock layout */
	check(&v, KMP_UNIT_RTC, NULL);
}

static void test_kamdatetime_and_79(void)
{
	/* 2024-12-31 00:00:04: 9131 days and 4 s after 2000-01-01 = 788918404 */
	kmp_value v = bytes("022F05F084");
	check(&v, KMP_UNIT_KAMDATETIME, "2024-12-31 00:00:04");
	v = bytes("0200000000");
	check(&v, KMP_UNIT_KAMDATETIME, "2000-01-01 00:00:00");
	v = bytes("0300000000");
	check(&v, KMP_UNIT_KAMDATETIME, "2000-01-01 00:00:00 DST");
	v = bytes("0000000000"); /* not flagged valid */
	check(&v, KMP_UNIT_KAMDATETIME, NULL);
	/* 79: the real capture of jktjkt/PyKMP, and its documentation example */
	v = bytes("00180C1F000004");
	check(&v, KMP_UNIT_DST_DATETIME, "2024-12-31 00:00:04");
	v = bytes("3C10061E0E3037");
	check(&v, KMP_UNIT_DST_DATETIME, "2016-06-30 14:48:55 DST+60min");
	v = bytes("00180D01000004"); /* month 13 */
	check(&v, KMP_UNIT_DST_DATETIME, NULL);
	v = bytes("00180C1F180004"); /* 24:00:04 */
	check(&v, KMP_UNIT_DST_DATETIME, NULL);
	v = bytes("00180C1F0000"); /* 6 bytes */
	check(&v, KMP_UNIT_DST_DATETIME, NULL);
}

static void test_unknown_layouts(void)
{
	kmp_datetime dt;
	kmp_value v = dec("123456");
	char buf[128];
	/* 64 "Datetime": no source lays it out, so it is never decoded */
	CU_ASSERT_EQUAL(kmp_datetime_decode(&v, KMP_UNIT_DATETIME, &dt), KMP_ERR_ARG);
	CU_ASSERT(kmp_unit_is_datetime(KMP_UNIT_DATETIME));
	CU_ASSERT_STRING_EQUAL(kmp_value_with_unit(&v, KMP_UNIT_DATETIME, 0, buf, sizeof buf),
	                       "123456 (Datetime)");
	CU_ASSERT_EQUAL(kmp_datetime_decode(&v, 2, &dt), KMP_ERR_ARG);
	CU_ASSERT(!kmp_unit_is_datetime(2));
	/* with the unit: checked text, or the number flagged */
	v = dec("999999");
	CU_ASSERT_STRING_EQUAL(kmp_value_with_unit(&v, KMP_UNIT_HHMMSS, 0, buf, sizeof buf),
	                       "999999 (not a valid hh:mm:ss)");
	v = dec("0");
	CU_ASSERT_STRING_EQUAL(kmp_value_with_unit(&v, KMP_UNIT_YYMMDD, 0, buf, sizeof buf),
	                       "0 (yy:mm:dd not set)");
	v = bytes("00180C1F000004");
	CU_ASSERT_STRING_EQUAL(kmp_value_with_unit(&v, KMP_UNIT_DST_DATETIME, 0, buf, sizeof buf),
	                       "2024-12-31 00:00:04");
	char text[KMP_VALUE_TEXT_MAX];
	kmp_value_text(&v, KMP_UNIT_DST_DATETIME, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "2024-12-31 00:00:04");
}

static void test_log_time(void)
{
	kmp_datetime dt;
	/* 5512-447 4.3's examples */
	const uint8_t a[8] = {0x07, 0x05, 0x11, 0x0A, 0x1E, 0x00, 0x00, 0x00};
	const uint8_t b[8] = {0x5B, 0x0C, 0x1F, 0x17, 0x3B, 0x3B, 0x00, 0x00};
	const uint8_t bad[8] = {0x07, 0x02, 0x1D, 0x0A, 0x1E, 0x00, 0x00, 0x00}; /* 2007-02-29 */
	CU_ASSERT_EQUAL(kmp_datetime_from_log_time(a, &dt), KMP_OK);
	CU_ASSERT_STRING_EQUAL(dt.iso, "2007-05-17 10:30:00");
	CU_ASSERT_EQUAL(kmp_datetime_from_log_time(b, &dt), KMP_OK);
	CU_ASSERT_STRING_EQUAL(dt.iso, "2091-12-31 23:59:59");
	CU_ASSERT_EQUAL(kmp_datetime_from_log_time(bad, &dt), KMP_ERR_RANGE);
	uint8_t t[8];
	CU_ASSERT_EQUAL(kmp_log_time(2007, 5, 17, 10, 30, 0, t), KMP_OK);
	CU_ASSERT_EQUAL(memcmp(t, a, 8), 0);
	CU_ASSERT_EQUAL(kmp_log_time(2007, 5, 17, 24, 0, 0, t), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmp_log_time(1999, 5, 17, 10, 0, 0, t), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmp_log_time(2100, 1, 1, 0, 0, 0, t), KMP_ERR_RANGE);
}

/* The closed-form day count against known dates, and against the
 * calendar walk of kmp_date_from_days for every day of 2000..2099. */
static void test_day_counts(void)
{
	CU_ASSERT_EQUAL(kmp_days_since_1970(1970, 1, 1), 0);
	CU_ASSERT_EQUAL(kmp_days_since_1970(1969, 12, 31), -1);
	CU_ASSERT_EQUAL(kmp_days_since_1970(2000, 1, 1), 10957);
	CU_ASSERT_EQUAL(kmp_days_since_1970(2024, 2, 29), 19782);
	CU_ASSERT_EQUAL(kmp_days_since_1970(2026, 11, 29), 20786);
	CU_ASSERT_EQUAL(kmp_days_since_1970(2100, 3, 1), 47541); /* 2100 is no leap year */
	CU_ASSERT_EQUAL(kmp_days_since_2000(2000, 1, 1), 0);
	CU_ASSERT_EQUAL(kmp_days_since_2000(2000, 3, 1), 60); /* 2000 is a leap year */
	int bad = 0;
	for (long n = 0; n < 36525; n++) {
		int y, m, d;
		kmp_date_from_days(n, &y, &m, &d);
		if (kmp_days_since_2000(y, m, d) != n || kmp_days_since_1970(y, m, d) != n + 10957)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

TEST_SUITE(codec_dates_suite)
{
	CU_pSuite s = CU_add_suite("codec dates and times", NULL, NULL);
	TEST_ADD(s, test_digit_pairs);
	TEST_ADD(s, test_rtc);
	TEST_ADD(s, test_kamdatetime_and_79);
	TEST_ADD(s, test_unknown_layouts);
	TEST_ADD(s, test_log_time);
	TEST_ADD(s, test_day_counts);
}
