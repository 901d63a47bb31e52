/* test_iso_time.c - the one timestamp format both logs use (kmp/iso_time.h):
 * the client's trace lines and kmpsim's JSON log agree to the character. */
#include <string.h>

#include "client/trace_fmt.h"
#include "kmp/iso_time.h"
#include "sim/sim_log.h"
#include "testing.h"

static void test_iso_time_format(void)
{
	char buf[KMP_ISO_TIME_MAX];
	/* 2026-11-21 10:00:00 UTC */
	struct timespec ts = {.tv_sec = 1795255200, .tv_nsec = 123456789};
	CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, buf, sizeof buf), "2026-11-21T10:00:00.123Z");
	ts.tv_nsec = 999999999; /* milliseconds are cut, never rounded up into the next second */
	CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, buf, sizeof buf), "2026-11-21T10:00:00.999Z");
	ts = (struct timespec){.tv_sec = 0, .tv_nsec = 0};
	CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, buf, sizeof buf), "1970-01-01T00:00:00.000Z");
	/* a leap day */
	ts = (struct timespec){.tv_sec = 1709164800 + 3599, .tv_nsec = 7000000};
	CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, buf, sizeof buf), "2024-02-29T00:59:59.007Z");
	/* a nanosecond field out of range is not a time */
	ts.tv_nsec = -1;
	CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, buf, sizeof buf), "0000-00-00T00:00:00.000Z");
}

static void test_iso_time_small_buffer(void)
{
	struct timespec ts = {.tv_sec = 1795255200, .tv_nsec = 0};
	char small[11];
	memset(small, 'x', sizeof small);
	CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, small, sizeof small), "2026-11-21");
	char none[1] = {'x'};
	kmp_iso_time(&ts, none, 0); /* nothing written */
	CU_ASSERT_EQUAL(none[0], 'x');
}

/* kmpsim's log and kmpterm's trace stamp the same instant alike. */
static void test_iso_time_in_both_logs(void)
{
	struct timespec ts = {.tv_sec = 1795255200, .tv_nsec = 42000000};
	char line[KMPSIM_LOG_LINE_MAX];
	kmpsim_event ev = {.result = KMPSIM_ASLEEP};
	uint8_t raw[] = {0x80, 0x3F, 0x01, 0x05, 0x8A, 0x0D};
	ev.raw = raw;
	ev.raw_len = sizeof raw;
	kmpsim_log_format(&ev, &ts, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "{\"t\":\"2026-11-21T10:00:00.042Z\""));

	kmp_event kev = {.kind = KMP_EV_TIMEOUT, .wall = ts};
	char trace[4096];
	kmp_event_line(&kev, trace, sizeof trace);
	CU_ASSERT_EQUAL(strncmp(trace, "2026-11-21T10:00:00.042Z\t", 25), 0);
}

TEST_SUITE(codec_iso_time_suite)
{
	CU_pSuite s = CU_add_suite("codec_iso_time", NULL, NULL);
	TEST_ADD(s, test_iso_time_format);
	TEST_ADD(s, test_iso_time_small_buffer);
	TEST_ADD(s, test_iso_time_in_both_logs);
}
