/* Info codes as named flags per family; unknown bits stay bits. */
#include <string.h>

#include "kmp/error.h"
#include "kmp/event_msg.h"
#include "kmp/infocodes.h"
#include "testing.h"

static kmp_value num(const char *text, uint8_t len)
{
	kmp_value v;
	CU_ASSERT_EQUAL_FATAL(kmp_value_from_text(text, len, &v), KMP_OK);
	return v;
}

/* The flags' names joined by commas, or the error code as text. */
static const char *names(kmp_family fam, uint16_t reg, const char *value, char *buf, size_t cap)
{
	kmp_flag f[KMP_FLAGS_MAX];
	kmp_value v = num(value, 4);
	int n = kmp_info_flags(fam, reg, &v, f, KMP_FLAGS_MAX);
	if (n < 0)
		snprintf(buf, cap, "error %d", n);
	else
		kmp_flags_join(f, (size_t)n, 0, buf, cap);
	return buf;
}

static void test_heat_60x(void)
{
	char b[512];
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_60X, 99, "0", b, sizeof b), "");
	/* 5512-931 6.11.2: "info code 12" = T2 and T1 out of range */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_60X, 99, "12", b, sizeof b),
	                       "t2_out_of_range,t1_out_of_range");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_60X, 99, "64", b, sizeof b),
	                       "leak_cold_water");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_60X, 99, "33280", b, sizeof b),
	                       "burst_heating,v2_wrong_direction");
	/* value 2 and bit 16 are in no table: bits, never guessed */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_60X, 99, "65538", b, sizeof b),
	                       "bit_1,bit_16");
	kmp_flag f[KMP_FLAGS_MAX];
	kmp_value v = num("2", 2);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_60X, 99, &v, f, KMP_FLAGS_MAX), 1);
	CU_ASSERT_EQUAL(f[0].known, 0);
	CU_ASSERT_STRING_EQUAL(f[0].text, "bit 1 (no public source names it)");
	v = num("64", 2);
	kmp_info_flags(KMP_FAMILY_HEAT_60X, 99, &v, f, KMP_FLAGS_MAX);
	CU_ASSERT_EQUAL(f[0].known, 1);
	CU_ASSERT_STRING_EQUAL(f[0].text, "Leak in the cold-water system");
	/* no number, no flags */
	v = num("6.4", 2);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_60X, 99, &v, f, KMP_FLAGS_MAX),
	                KMP_ERR_RANGE);
	v = num("-64", 2);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_60X, 99, &v, f, KMP_FLAGS_MAX),
	                KMP_ERR_RANGE);
	v = num("4294967296", 5);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_60X, 99, &v, f, KMP_FLAGS_MAX),
	                KMP_ERR_RANGE);
	/* no table for another register or family */
	v = num("64", 2);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_60X, 60, &v, f, KMP_FLAGS_MAX), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_UNKNOWN, 99, &v, f, KMP_FLAGS_MAX), KMP_ERR_ARG);
	CU_ASSERT(!kmp_info_register(KMP_FAMILY_ELECTRICITY, 99));
	/* a short output array is never overrun */
	v = num("65535", 2);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_60X, 99, &v, f, 3), 3);
}

static void test_heat_x03(void)
{
	char b[512];
	/* 369: the bit format (403 technical description 7.7.1) */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 369, "32", b, sizeof b),
	                       "t1_below_range");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 369, "4608", b, sizeof b),
	                       "v1_wrong_direction,in_a1_leakage");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 369, "1024", b, sizeof b), "bit_10");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 369, "268435456", b, sizeof b),
	                       "burst_water_loss");
	/* 99: the display's eight digits (the 403's example 10200090: no
	 * supply, t2 below range, In-A external alarm) */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 99, "10200090", b, sizeof b),
	                       "no_supply,t2_below_range,in_a_external_alarm");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 99, "4000", b, sizeof b),
	                       "v1_wrong_direction");
	/* t1 and t2 both show 9 for one invalid difference: one flag */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 99, "9900000", b, sizeof b),
	                       "invalid_temperature_difference");
	/* a digit the table does not have */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 99, "5000", b, sizeof b), "digit_5_5");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_HEAT_X03, 99, "100000000", b, sizeof b),
	                       "error -5");
}

static void test_water(void)
{
	char b[512];
	/* 5512-897 11.4: bits 0..3 DRY REVERSE LEAK BURST, 4..15 hour counters */
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_WATER, 99, "4", b, sizeof b), "leak");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_WATER, 99, "9", b, sizeof b), "dry,burst");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_WATER, 99, "20", b, sizeof b),
	                       "leak,hour_counters");
	CU_ASSERT_STRING_EQUAL(names(KMP_FAMILY_WATER, 99, "65536", b, sizeof b), "error -5");
	/* 582: battery days, the field capture's 5152 */
	kmp_flag f[KMP_FLAGS_MAX];
	kmp_value v = num("5152", 2);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_WATER, 582, &v, f, KMP_FLAGS_MAX), 1);
	CU_ASSERT_STRING_EQUAL(f[0].name, "battery_days");
	CU_ASSERT_STRING_EQUAL(f[0].text, "5152 days of battery left (about 14.1 years)");
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_WATER, 582, &v, f, 0), 0);
	CU_ASSERT_EQUAL(kmp_info_flags(KMP_FAMILY_HEAT_X03, 582, &v, f, KMP_FLAGS_MAX),
	                KMP_ERR_ARG);
}

static void test_event_status(void)
{
	kmp_flag f[KMP_FLAGS_MAX];
	char b[512];
	const uint8_t es[4] = {0x00, 0x00, 0x01, 0x00};
	int n = kmp_event_flags(KMP_FAMILY_UNKNOWN, es, f, KMP_FLAGS_MAX);
	CU_ASSERT_STRING_EQUAL(kmp_flags_join(f, (size_t)n, 0, b, sizeof b),
	                       "es2_interval_log_unread");
	CU_ASSERT_STRING_EQUAL(kmp_flags_join(f, (size_t)n, 1, b, sizeof b),
	                       "ES2: the interval log has unread records");
	const uint8_t all[4] = {0x40, 0x01, 0x06, 0x80};
	n = kmp_event_flags(KMP_FAMILY_HEAT_60X, all, f, KMP_FLAGS_MAX);
	CU_ASSERT_STRING_EQUAL(kmp_flags_join(f, (size_t)n, 0, b, sizeof b),
	                       "es0_bit_6,es1_bit_0,es2_rtc_log_unread,es2_bit_2,es3_bit_7");
	n = kmp_event_flags(KMP_FAMILY_ELECTRICITY, all, f, KMP_FLAGS_MAX);
	CU_ASSERT_STRING_EQUAL(kmp_flags_join(f, (size_t)n, 0, b, sizeof b),
	                       "es0_front_cover_open,es1_rf_data_ready,es2_rtc_event_logged,"
	                       "es2_status_event_logged,es3_bit_7");
	CU_ASSERT_EQUAL(kmp_event_flags(KMP_FAMILY_ELECTRICITY, all, f, 2), 2);
}

TEST_SUITE(codec_infocodes_suite)
{
	CU_pSuite s = CU_add_suite("codec info codes", NULL, NULL);
	TEST_ADD(s, test_heat_60x);
	TEST_ADD(s, test_heat_x03);
	TEST_ADD(s, test_water);
	TEST_ADD(s, test_event_status);
}
