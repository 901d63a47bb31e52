/* The MULTICAL 66C profile: its ASCII requests found in whatever arrives,
 * its /#1 and /#2 answers (fields, widths, CR), answered only at the
 * settings of the vendor's description (request 300 7E2, answer read at
 * 1200 7E2), and KMP ignored, as a real 66C does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_info.h"
#include "sim/sim_legacy.h"
#include "sim/sim_profile.h"
#include "sim_fixture.h"
#include "testing.h"

typedef struct seen {
	int n;
	kmpsim_legacy_what what[8];
	char raw[8][32];
	char code[8];
} seen;

static void on_seen(void *ctx, kmpsim_legacy_what what, const uint8_t *raw, size_t n, char code)
{
	seen *s = ctx;
	if (s->n >= 8)
		return;
	s->what[s->n] = what;
	snprintf(s->raw[s->n], sizeof s->raw[0], "%.*s", (int)n, (const char *)raw);
	s->code[s->n] = code;
	s->n++;
}

static void scan(const char *text, seen *s)
{
	kmpsim_legacy_rx r;
	memset(s, 0, sizeof *s);
	kmpsim_legacy_rx_init(&r);
	for (const char *p = text; *p; p++)
		kmpsim_legacy_rx_feed(&r, (uint8_t)*p, on_seen, s);
	kmpsim_legacy_rx_flush(&r, on_seen, s);
}

static void test_scanner(void)
{
	seen s;
	scan("/#1", &s);
	CU_ASSERT_EQUAL_FATAL(s.n, 1);
	CU_ASSERT_EQUAL(s.what[0], KMPSIM_LEGACY_REQUEST);
	CU_ASSERT_EQUAL(s.code[0], '1');
	CU_ASSERT_STRING_EQUAL(s.raw[0], "/#1");
	/* a line end after it is harmless, junk before it is junk */
	scan("xy/#2\r\n", &s);
	CU_ASSERT_EQUAL_FATAL(s.n, 2);
	CU_ASSERT_EQUAL(s.what[0], KMPSIM_LEGACY_JUNK);
	CU_ASSERT_STRING_EQUAL(s.raw[0], "xy");
	CU_ASSERT_EQUAL(s.what[1], KMPSIM_LEGACY_REQUEST);
	CU_ASSERT_EQUAL(s.code[1], '2');
	/* a broken request is junk; a new '/' starts over */
	scan("/#/#B/x", &s);
	CU_ASSERT_EQUAL_FATAL(s.n, 3);
	CU_ASSERT_EQUAL(s.what[0], KMPSIM_LEGACY_JUNK);
	CU_ASSERT_STRING_EQUAL(s.raw[0], "/#");
	CU_ASSERT_EQUAL(s.what[1], KMPSIM_LEGACY_REQUEST);
	CU_ASSERT_EQUAL(s.code[1], 'B');
	CU_ASSERT_EQUAL(s.what[2], KMPSIM_LEGACY_JUNK);
	CU_ASSERT_STRING_EQUAL(s.raw[2], "/x");
	scan("/#", &s); /* cut off: junk at the flush */
	CU_ASSERT_EQUAL_FATAL(s.n, 1);
	CU_ASSERT_EQUAL(s.what[0], KMPSIM_LEGACY_JUNK);
	CU_ASSERT_STRING_EQUAL(kmpsim_legacy_name('1'), "/#1");
	CU_ASSERT_STRING_EQUAL(kmpsim_legacy_name('J'), "/#J");
}

/* Fields of an answer: count, and each one's digits. */
static int fields(const uint8_t *p, size_t n, char f[12][16])
{
	int k = 0;
	size_t len = 0;
	CU_ASSERT_FATAL(n > 0 && p[n - 1] == '\r');
	for (size_t i = 0; i + 1 < n && k < 12; i++) {
		if (p[i] == ' ') {
			f[k++][len] = '\0';
			len = 0;
			continue;
		}
		CU_ASSERT(p[i] >= '0' && p[i] <= '9');
		if (len < 15)
			f[k][len++] = (char)p[i];
	}
	f[k++][len] = '\0';
	return k;
}

static void test_answers(void)
{
	const kmpsim_profile *p = kmpsim_profile_find("multical66c");
	kmpsim_meter m;
	kmpsim_profile_meter(p, 0, NULL, &m);
	char err[128];
	CU_ASSERT_EQUAL_FATAL(kmpsim_info_apply(p, "leak,sensor-error", &m, err, sizeof err),
	                      KMP_OK);
	struct tm lt = {.tm_year = 126, .tm_mon = 10, .tm_mday = 21, .tm_hour = 9};
	uint8_t out[KMPSIM_LEGACY_REPLY_MAX];
	char f[12][16];
	size_t n = kmpsim_legacy_reply(&m, '1', 0, &lt, out, sizeof out);
	CU_ASSERT_EQUAL_FATAL(fields(out, n, f), 10);
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(strlen(f[i]), 7);
	/* E1-E2 1234.56 GJ and volume 8765.43 m3 with the CCC table's two
	 * decimals, four years and ~19 of hours, T1-T2 = T1 - T2 exactly */
	CU_ASSERT_STRING_EQUAL(f[0], "0123456");
	CU_ASSERT_STRING_EQUAL(f[1], "0876543");
	CU_ASSERT_STRING_EQUAL(f[2], "0170000");
	long t1 = strtol(f[3], NULL, 10), t2 = strtol(f[4], NULL, 10), dt = strtol(f[5], NULL, 10);
	CU_ASSERT_EQUAL(dt, t1 - t2);
	CU_ASSERT(t1 > 6000 && t1 < 7000);
	/* info: leak in the heating system (256) and T1 outside its range (8),
	 * the 66C's own codes (5511-634, 1.8) */
	CU_ASSERT_STRING_EQUAL(f[9], "0000264");

	n = kmpsim_legacy_reply(&m, '2', 0, &lt, out, sizeof out);
	CU_ASSERT_EQUAL_FATAL(fields(out, n, f), 10);
	CU_ASSERT_STRING_EQUAL(f[0], "00012345678"); /* customer number: 11 digits */
	CU_ASSERT_STRING_EQUAL(f[7], "0032119");     /* ABCCC */
	CU_ASSERT_STRING_EQUAL(f[8], "1200000");     /* DDEFFGG */
	CU_ASSERT_STRING_EQUAL(f[9], "0261121");     /* date yymmdd */
	for (int i = 1; i < 10; i++)
		CU_ASSERT_EQUAL(strlen(f[i]), 7);
	CU_ASSERT_EQUAL(kmpsim_legacy_reply(&m, '3', 0, &lt, out, sizeof out), 0);
	CU_ASSERT_EQUAL(kmpsim_legacy_reply(&m, '1', 0, &lt, out, 20), 0); /* no room */
}

/* The whole exchange through the core, at the right and wrong settings. */
static void test_exchange(void)
{
	simf *f = simf_new("multical66c", NULL);
	/* the request at 300 7E2 (3 characters, 110 ms on the wire), the
	 * client switches to 1200 7E2 to read: an answer 1 s after the last
	 * character, 80 characters at 1200 7E2 */
	simf_client(f, "300 7E2");
	simf_feed(f, SIMF_T0, "/#1", 3);
	simf_client(f, "1200 7E2");
	simf_run(f, SIMF_T0 + 3 * SIMF_SEC);
	CU_ASSERT_EQUAL_FATAL(f->out_len, 80);
	CU_ASSERT_EQUAL(f->out[79], '\r');
	CU_ASSERT_EQUAL(f->out[7], ' ');
	int64_t first = f->out_t[0] - SIMF_T0;
	CU_ASSERT(first >= 110000 + 1000000 && first < 110000 + 1000000 + 20000);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_ANSWERED);
	CU_ASSERT_STRING_EQUAL(f->ev[0].legacy, "/#1");
	uint8_t good[80];
	memcpy(good, f->out, 80);

	/* /#1 sent at 1200: the meter listens at 300 and hears garbage */
	simf_clear(f);
	simf_client(f, "1200 7E2");
	simf_feed(f, SIMF_T0 + 10 * SIMF_SEC, "/#1", 3);
	simf_run(f, SIMF_T0 + 13 * SIMF_SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_FATAL(f->n_ev >= 1);
	CU_ASSERT(f->ev[0].garbled);
	CU_ASSERT_NOT_EQUAL(f->ev[0].result, KMPSIM_ANSWERED);

	/* sent right, but read at 300: the answer arrives as garbage */
	simf_clear(f);
	simf_client(f, "300 7E2");
	simf_feed(f, SIMF_T0 + 20 * SIMF_SEC, "/#1", 3);
	simf_run(f, SIMF_T0 + 23 * SIMF_SEC);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_ANSWERED);
	CU_ASSERT(f->out_len > 0 && f->out_len < 80); /* a slower reader sees fewer characters */
	CU_ASSERT(f->out_len != 80 || memcmp(f->out, good, 80) != 0);

	/* KMP gets nothing: a 66C does not speak it (logged as what it is) */
	simf_clear(f);
	simf_client(f, "1200 8N2");
	simf_feed_hex(f, SIMF_T0 + 30 * SIMF_SEC, "80 3F 01 05 8A 0D");
	simf_client(f, "300 7E2");
	simf_feed_hex(f, SIMF_T0 + 32 * SIMF_SEC, "80 3F 01 05 8A 0D");
	simf_run(f, SIMF_T0 + 35 * SIMF_SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_FATAL(f->n_ev >= 1);
	CU_ASSERT_EQUAL(f->ev[f->n_ev - 1].result, KMPSIM_IGNORED);
	CU_ASSERT(f->ev[f->n_ev - 1].has_frame);
	CU_ASSERT_EQUAL(f->ev[f->n_ev - 1].cid, 0x01);

	/* /#2 is answered, /#5 is not simulated */
	simf_clear(f);
	simf_feed(f, SIMF_T0 + 40 * SIMF_SEC, "/#5\r\n", 5);
	simf_client(f, "1200 7E2");
	simf_run(f, SIMF_T0 + 43 * SIMF_SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_IGNORED);
	CU_ASSERT_STRING_EQUAL(f->ev[0].legacy, "/#5");
	simf_clear(f);
	simf_client(f, "300 7E2");
	simf_feed(f, SIMF_T0 + 50 * SIMF_SEC, "/#2", 3);
	simf_client(f, "1200 7E2");
	simf_run(f, SIMF_T0 + 53 * SIMF_SEC);
	CU_ASSERT_EQUAL(f->out_len, 84); /* 11 + 9 x 7 digits, 9 spaces, CR */
	simf_free(f);
}

TEST_SUITE(sim_legacy_suite)
{
	CU_pSuite s = CU_add_suite("sim legacy", NULL, NULL);
	TEST_ADD(s, test_scanner);
	TEST_ADD(s, test_answers);
	TEST_ADD(s, test_exchange);
}
