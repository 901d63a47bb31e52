/* test_prober.c - the prober: classification of recorded byte streams, the
 * statistics an alignment view draws, and the engine driving a real client
 * against a scripted meter on a pty.  Waits are poll() with a deadline. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feature/prober.h"
#include "kmp/error.h"
#include "testing.h"

/* ---- classification of byte streams -------------------------------------- */

static kmp_probe_summary sum;

/* Replay hex (what the receive side saw) for a probe with cid to 3F. */
static kmp_probe_class replay_hex(uint8_t cid, const char *hex)
{
	uint8_t buf[512];
	int n = test_hex(hex, buf, sizeof buf);
	CU_ASSERT_FATAL(n >= 0);
	kmp_request req = {.cid = cid};
	CU_ASSERT_EQUAL_FATAL(kmp_probe_summary_replay(&req, 0x3F, buf, (size_t)n, &sum), KMP_OK);
	return kmp_probe_classify(&sum);
}

/* Doc examples (tests/data/frames-field-captures.tsv): request echo, then
 * the meter's reply. */
#define ECHO_TYPE "80 3F 01 05 8A 0D"
#define REPLY_TYPE "40 3F 01 00 04 1B F9 01 26 99 0D"
#define ECHO_SERIAL "80 3F 02 35 E9 0D"
#define REPLY_SERIAL "40 3F 02 01 23 45 67 E9 56 0D"

static void test_replay_ok(void)
{
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ECHO_SERIAL REPLY_SERIAL), KMP_PROBE_OK);
	CU_ASSERT_EQUAL(sum.status, KMP_OK);
	CU_ASSERT_EQUAL(sum.echoes, 1);
	CU_ASSERT_EQUAL(sum.replies, 1);
	/* a head that does not echo */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_TYPE, REPLY_TYPE), KMP_PROBE_OK);
	CU_ASSERT_EQUAL(sum.echoes, 0);
	/* the meter's lone 00 and noise after the reply change nothing */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_TYPE, "00" ECHO_TYPE REPLY_TYPE "00 FF 13"),
	                KMP_PROBE_OK);
	CU_ASSERT_EQUAL(sum.garbage, 0);
	/* a reply cut off by a new start byte, then a whole one: the whole one counts */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ECHO_SERIAL "40 3F 02 01" REPLY_SERIAL),
	                KMP_PROBE_OK);
}

static void test_replay_echo_only(void)
{
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ECHO_SERIAL), KMP_PROBE_ECHO_ONLY);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_ECHO_ONLY);
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, "00" ECHO_SERIAL "00"), KMP_PROBE_ECHO_ONLY);
	/* StackOverflow q/76229841: the user "received" exactly what was sent */
	CU_ASSERT_EQUAL(replay_hex(0xA0, "80 3F A0 01 01 00 44 0C 1B 7F 17 05 09 17 2D 00 00 00 00 "
	                                 "F1 0D"),
	                KMP_PROBE_ECHO_ONLY);
}

static void test_replay_silent(void)
{
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ""), KMP_PROBE_SILENT);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_TIMEOUT);
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, "00"), KMP_PROBE_SILENT);
}

static void test_replay_noisy(void)
{
	/* the doc's erratum: CRC F3 8A does not verify */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_REGISTER,
	                           "80 3F 10 01 00 1B 7F D4 08 0D "
	                           "40 3F 10 00 1B 7F 16 04 11 01 2A F0 24 F3 8A 0D"),
	                KMP_PROBE_NOISY);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_CRC);
	/* one bit flipped in the serial */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ECHO_SERIAL "40 3F 02 01 23 45 66 E9 56 0D"),
	                KMP_PROBE_NOISY);
	/* cut off: the light lost the tail */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ECHO_SERIAL "40 3F 02 01 23"),
	                KMP_PROBE_NOISY);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_PARTIAL);
	/* 1B followed by no escape */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, "40 3F 02 1B 11 45 67 E9 56 0D"),
	                KMP_PROBE_NOISY);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_STUFFING);
	/* a valid frame, but from another address or for another command */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, "40 3A 02 00 12 D6 87 9E E0 0D"),
	                KMP_PROBE_NOISY);
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, REPLY_TYPE), KMP_PROBE_NOISY);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_CID);
}

static void test_replay_garbage(void)
{
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, "FF 7E 23 91"), KMP_PROBE_GARBAGE);
	CU_ASSERT_EQUAL(sum.status, KMP_ERR_GARBAGE);
	/* echo plus bytes that are no frame: more than the echo came back */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, ECHO_SERIAL "F8 E0 1C"), KMP_PROBE_GARBAGE);
	/* a stray stop byte alone */
	CU_ASSERT_EQUAL(replay_hex(KMP_CID_GET_SERIAL, "0D"), KMP_PROBE_GARBAGE);
}

static void test_replay_args(void)
{
	kmp_request req = {.cid = KMP_CID_GET_SERIAL};
	CU_ASSERT_EQUAL(kmp_probe_summary_replay(NULL, 0x3F, NULL, 0, &sum), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_probe_summary_replay(&req, 0x3F, NULL, 3, &sum), KMP_ERR_ARG);
}

/* The verdict from a client result, field by field. */
static void test_classify_result(void)
{
	kmp_result r;
	kmp_frame f;
	memset(&f, 0, sizeof f);
	memset(&r, 0, sizeof r);
	r.status = KMP_ERR_TIMEOUT;
	r.sent_us = 100;
	r.done_us = 500; /* the client's step time: the prober reads no clock */
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(sum.sent_us, 100);
	CU_ASSERT_EQUAL(sum.done_us, 500);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_SILENT);

	r.status = KMP_ERR_ECHO_ONLY;
	r.echoes = 1;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_ECHO_ONLY);

	r.status = KMP_ERR_GARBAGE;
	r.garbage = 2;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_GARBAGE);

	r.status = KMP_ERR_PARTIAL;
	r.reply_started = 1;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_NOISY);

	r.status = KMP_ERR_CRC;
	r.frame = &f;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(sum.replies, 1);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_NOISY);

	r.status = KMP_OK;
	r.latency_us = 62000;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(sum.latency_us, 62000);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_OK);

	r.status = KMP_ERR_CLOSED;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_LINK_LOST);

	/* a reply that is not the probe's answer: damage on the line */
	r.status = KMP_ERR_EARLY;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_NOISY);
	r.status = KMP_ERR_WRONG_ADDR;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_NOISY);
	/* never sent: the line kept talking */
	memset(&r, 0, sizeof r);
	r.status = KMP_ERR_LINE_BUSY;
	kmp_probe_summary_from_result(&sum, &r);
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_GARBAGE);

	/* a timeout after a 40 arrived is damage, not silence */
	memset(&sum, 0, sizeof sum);
	sum.status = KMP_ERR_TIMEOUT;
	sum.reply_started = 1;
	CU_ASSERT_EQUAL(kmp_probe_classify(&sum), KMP_PROBE_NOISY);
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(kmp_probe_class_name(KMP_PROBE_ECHO_ONLY), "ECHO ONLY");
	CU_ASSERT_STRING_EQUAL(kmp_probe_class_key(KMP_PROBE_ECHO_ONLY), "echo_only");
	CU_ASSERT_STRING_EQUAL(kmp_probe_class_key(KMP_PROBE_OK), "ok");
	CU_ASSERT_STRING_EQUAL(kmp_probe_class_key(KMP_PROBE_SILENT), "silent");
	CU_ASSERT_STRING_EQUAL(kmp_probe_class_key(KMP_PROBE_NOISY), "noisy");
	CU_ASSERT_STRING_EQUAL(kmp_probe_class_key(KMP_PROBE_GARBAGE), "garbage");
	CU_ASSERT_STRING_EQUAL(kmp_probe_band_name(KMP_BAND_GOOD), "good");
}

TEST_SUITE(suite_prober_classify)
{
	CU_pSuite s = CU_add_suite("prober_classify", NULL, NULL);
	TEST_ADD(s, test_replay_ok);
	TEST_ADD(s, test_replay_echo_only);
	TEST_ADD(s, test_replay_silent);
	TEST_ADD(s, test_replay_noisy);
	TEST_ADD(s, test_replay_garbage);
	TEST_ADD(s, test_replay_args);
	TEST_ADD(s, test_classify_result);
	TEST_ADD(s, test_names);
}

/* ---- statistics ---------------------------------------------------------- */

#define MS 1000u
#define SEC 1000000u
#define T0 (1000 * SEC) /* an arbitrary monotonic start */

static kmp_probe_stats stats;
static kmp_probe_snapshot snap;

static void add(kmp_probe_class c, uint64_t done_us, uint64_t latency_us)
{
	kmp_probe_summary s;
	memset(&s, 0, sizeof s);
	s.status = c == KMP_PROBE_OK ? KMP_OK : KMP_ERR_TIMEOUT;
	s.sent_us = done_us > 200 * MS ? done_us - 200 * MS : 0;
	s.done_us = done_us;
	s.latency_us = latency_us;
	kmp_probe_stats_add(&stats, &s, c);
}

static void test_stats_empty(void)
{
	kmp_probe_stats_init(&stats, T0);
	kmp_probe_stats_snapshot(&stats, T0 + 500 * MS, &snap);
	CU_ASSERT_EQUAL(snap.total, 0);
	CU_ASSERT(snap.ewma < 0);
	CU_ASSERT(snap.rate_last_n < 0);
	CU_ASSERT(snap.rate_window < 0);
	CU_ASSERT(snap.best < 0);
	CU_ASSERT(snap.latency_ms_median < 0);
	CU_ASSERT_EQUAL(snap.band, KMP_BAND_NONE);
	CU_ASSERT_EQUAL(snap.has_last, 0);
	CU_ASSERT_PTR_NOT_NULL(snap.hint);
	CU_ASSERT_EQUAL(snap.probes_per_s, 0);
	CU_ASSERT_EQUAL(kmp_probe_stats_run_rate(&stats), 0);
	/* only the current second lies after the start */
	CU_ASSERT_EQUAL(snap.history[KMP_PROBE_HISTORY_S - 1].valid, 1);
	CU_ASSERT_EQUAL(snap.history[KMP_PROBE_HISTORY_S - 2].valid, 0);
}

/* 20 good probes at 4 per second, then failures. */
static void test_stats_windows(void)
{
	kmp_probe_stats_init(&stats, T0);
	for (unsigned i = 1; i <= 20; i++)
		add(KMP_PROBE_OK, T0 + i * 250 * MS, 60 * MS);
	kmp_probe_stats_snapshot(&stats, T0 + 5 * SEC, &snap);
	CU_ASSERT_EQUAL(snap.total, 20);
	CU_ASSERT_EQUAL(snap.count[KMP_PROBE_OK], 20);
	CU_ASSERT_EQUAL(snap.n_last, 20);
	CU_ASSERT_DOUBLE_EQUAL(snap.rate_last_n, 1.0, 1e-9);
	CU_ASSERT_EQUAL(snap.n_window, 20);
	CU_ASSERT_DOUBLE_EQUAL(snap.rate_window, 1.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(snap.probes_per_s, 4.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(snap.ewma, 1.0, 1e-9);
	CU_ASSERT_EQUAL(snap.band, KMP_BAND_GOOD);
	CU_ASSERT_DOUBLE_EQUAL(snap.best, 1.0, 1e-9);
	/* first reached with the 5th probe */
	CU_ASSERT_EQUAL(snap.best_us, T0 + 5 * 250 * MS);
	CU_ASSERT_EQUAL(snap.last, KMP_PROBE_OK);
	CU_ASSERT_EQUAL(snap.streak, 20);
	/* first sent at T0 + 50 ms, last done at T0 + 5 s */
	CU_ASSERT_DOUBLE_EQUAL(kmp_probe_stats_run_rate(&stats), 20 / 4.95, 1e-9);

	/* two failures 2 s apart: the 20-window keeps 18 of 20 good */
	add(KMP_PROBE_SILENT, T0 + 5600 * MS, 0);
	add(KMP_PROBE_SILENT, T0 + 7600 * MS, 0);
	kmp_probe_stats_snapshot(&stats, T0 + 7600 * MS, &snap);
	CU_ASSERT_DOUBLE_EQUAL(snap.rate_last_n, 18 / 20.0, 1e-9);
	/* the 5 s window (2.6 s .. 7.6 s]: OKs at 2.75 .. 5.0 (10) and 2 failures */
	CU_ASSERT_EQUAL(snap.n_window, 12);
	CU_ASSERT_DOUBLE_EQUAL(snap.rate_window, 10 / 12.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(snap.probes_per_s, 12 / 5.0, 1e-9);
	CU_ASSERT_EQUAL(snap.count[KMP_PROBE_SILENT], 2);
	CU_ASSERT_EQUAL(snap.last, KMP_PROBE_SILENT);
	CU_ASSERT_EQUAL(snap.streak, 2);
	/* the best stays, and when */
	CU_ASSERT_DOUBLE_EQUAL(snap.best, 1.0, 1e-9);
	CU_ASSERT_EQUAL(snap.best_us, T0 + 5 * 250 * MS);

	/* long after: the time window is empty, the count window is not */
	kmp_probe_stats_snapshot(&stats, T0 + 60 * SEC, &snap);
	CU_ASSERT_EQUAL(snap.n_window, 0);
	CU_ASSERT(snap.rate_window < 0);
	CU_ASSERT_EQUAL(snap.probes_per_s, 0);
	CU_ASSERT_EQUAL(snap.n_last, 20);
}

/* The smoothed value crosses bands within one failure and three successes:
 * with the 1.6 s pause that is the "within two seconds" a view needs. */
static void test_stats_ewma_follows(void)
{
	kmp_probe_stats_init(&stats, T0);
	uint64_t t = T0;
	for (int i = 0; i < 30; i++)
		add(KMP_PROBE_OK, t += 200 * MS, 50 * MS);
	kmp_probe_stats_snapshot(&stats, t, &snap);
	CU_ASSERT_EQUAL(snap.band, KMP_BAND_GOOD);

	add(KMP_PROBE_ECHO_ONLY, t += 470 * MS, 0);
	kmp_probe_stats_snapshot(&stats, t, &snap);
	CU_ASSERT_DOUBLE_EQUAL(snap.ewma, 1 - KMP_PROBE_EWMA_ALPHA, 1e-9);
	CU_ASSERT_EQUAL(snap.band, KMP_BAND_BAD);
	CU_ASSERT_EQUAL(snap.last, KMP_PROBE_ECHO_ONLY);
	CU_ASSERT(snap.rate_last_n > 0.9); /* the raw window lags behind */

	for (int i = 0; i < 5; i++)
		add(KMP_PROBE_ECHO_ONLY, t += 2070 * MS, 0);
	kmp_probe_stats_snapshot(&stats, t, &snap);
	CU_ASSERT(snap.ewma < 0.01);

	add(KMP_PROBE_OK, t += 1800 * MS, 50 * MS);
	kmp_probe_stats_snapshot(&stats, t, &snap);
	CU_ASSERT_EQUAL(snap.band, KMP_BAND_FAIR);
	add(KMP_PROBE_OK, t += 200 * MS, 50 * MS);
	add(KMP_PROBE_OK, t += 200 * MS, 50 * MS);
	kmp_probe_stats_snapshot(&stats, t, &snap);
	CU_ASSERT_EQUAL(snap.band, KMP_BAND_GOOD);
}

static void test_stats_bands(void)
{
	CU_ASSERT_EQUAL(kmp_probe_band_of(-1), KMP_BAND_NONE);
	CU_ASSERT_EQUAL(kmp_probe_band_of(0), KMP_BAND_BAD);
	CU_ASSERT_EQUAL(kmp_probe_band_of(0.49), KMP_BAND_BAD);
	CU_ASSERT_EQUAL(kmp_probe_band_of(0.5), KMP_BAND_FAIR);
	CU_ASSERT_EQUAL(kmp_probe_band_of(0.89), KMP_BAND_FAIR);
	CU_ASSERT_EQUAL(kmp_probe_band_of(0.9), KMP_BAND_GOOD);
	CU_ASSERT_EQUAL(kmp_probe_band_of(1), KMP_BAND_GOOD);
}

static void test_stats_latency_median(void)
{
	kmp_probe_stats_init(&stats, T0);
	add(KMP_PROBE_OK, T0 + 1 * SEC, 70 * MS);
	add(KMP_PROBE_OK, T0 + 2 * SEC, 50 * MS);
	add(KMP_PROBE_NOISY, T0 + 3 * SEC, 5 * MS); /* not a reply latency */
	add(KMP_PROBE_OK, T0 + 4 * SEC, 60400);     /* rounds to 60 ms */
	kmp_probe_stats_snapshot(&stats, T0 + 4 * SEC, &snap);
	CU_ASSERT_DOUBLE_EQUAL(snap.latency_ms_median, 60, 1e-9);
	add(KMP_PROBE_OK, T0 + 5 * SEC, 81 * MS);
	kmp_probe_stats_snapshot(&stats, T0 + 5 * SEC, &snap);
	CU_ASSERT_DOUBLE_EQUAL(snap.latency_ms_median, 65, 1e-9);
	/* an absurd latency clamps instead of overflowing */
	add(KMP_PROBE_OK, T0 + 6 * SEC, 3600ull * SEC);
	kmp_probe_stats_snapshot(&stats, T0 + 6 * SEC, &snap);
	CU_ASSERT_DOUBLE_EQUAL(snap.latency_ms_median, 70, 1e-9);
}

static void test_stats_history(void)
{
	kmp_probe_stats_init(&stats, T0);
	add(KMP_PROBE_OK, T0 + 100 * MS, 0);
	add(KMP_PROBE_OK, T0 + 900 * MS, 0);
	add(KMP_PROBE_OK, T0 + 2100 * MS, 0);
	add(KMP_PROBE_SILENT, T0 + 2900 * MS, 0);
	kmp_probe_stats_snapshot(&stats, T0 + 2500 * MS, &snap);
	const int last = KMP_PROBE_HISTORY_S - 1;
	/* now is second 2: only the probe done by now counts in the window,
	 * but a bucket holds its whole second */
	CU_ASSERT_EQUAL(snap.history[last].ok, 1);
	CU_ASSERT_EQUAL(snap.history[last].total, 2);
	CU_ASSERT_EQUAL(snap.history[last - 1].valid, 1);
	CU_ASSERT_EQUAL(snap.history[last - 1].total, 0);
	CU_ASSERT_EQUAL(snap.history[last - 2].ok, 2);
	CU_ASSERT_EQUAL(snap.history[last - 2].total, 2);
	CU_ASSERT_EQUAL(snap.history[last - 3].valid, 0);

	/* a minute on: second 0 has scrolled out, second 2 is the oldest */
	kmp_probe_stats_snapshot(&stats, T0 + 61500 * MS, &snap);
	CU_ASSERT_EQUAL(snap.history[0].total, 2);
	CU_ASSERT_EQUAL(snap.history[0].ok, 1);
	for (int i = 1; i < KMP_PROBE_HISTORY_S; i++)
		CU_ASSERT_EQUAL(snap.history[i].total, 0);
	/* second 60 reuses second 0's slot */
	add(KMP_PROBE_NOISY, T0 + 60500 * MS, 0);
	kmp_probe_stats_snapshot(&stats, T0 + 61500 * MS, &snap);
	CU_ASSERT_EQUAL(snap.history[last - 1].total, 1);
	CU_ASSERT_EQUAL(snap.history[last - 1].ok, 0);
}

static void test_stats_ring_and_link_lost(void)
{
	kmp_probe_stats_init(&stats, T0);
	for (unsigned i = 1; i <= KMP_PROBE_RING + 30; i++)
		add(i % 2 ? KMP_PROBE_OK : KMP_PROBE_GARBAGE, T0 + i * 5 * MS, 0);
	add(KMP_PROBE_LINK_LOST, T0 + 10 * SEC, 0); /* ignored */
	kmp_probe_stats_snapshot(&stats, T0 + (KMP_PROBE_RING + 30) * 5 * MS, &snap);
	CU_ASSERT_EQUAL(snap.total, KMP_PROBE_RING + 30);
	CU_ASSERT_EQUAL(snap.count[KMP_PROBE_GARBAGE], (KMP_PROBE_RING + 30) / 2);
	CU_ASSERT_EQUAL(snap.n_last, KMP_PROBE_WINDOW_N);
	CU_ASSERT_DOUBLE_EQUAL(snap.rate_last_n, 0.5, 1e-9);
	CU_ASSERT_EQUAL(snap.last, KMP_PROBE_GARBAGE);
	CU_ASSERT_EQUAL(snap.streak, 1);
	/* the 5 s window holds more than the ring: it counts what is kept */
	CU_ASSERT_EQUAL(snap.n_window, KMP_PROBE_RING);
}

static void test_stats_hints(void)
{
	kmp_probe_stats_init(&stats, T0);
	add(KMP_PROBE_ECHO_ONLY, T0 + 1 * SEC, 0);
	add(KMP_PROBE_ECHO_ONLY, T0 + 3 * SEC, 0);
	kmp_probe_stats_snapshot(&stats, T0 + 3 * SEC, &snap);
	CU_ASSERT_EQUAL(snap.streak, 2);
	CU_ASSERT_EQUAL(snap.streak_age_us, 2 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap.hint);
	CU_ASSERT_PTR_NOT_NULL(strstr(snap.hint, "press a button"));
	/* still echo only after a while: the next hint */
	kmp_probe_stats_snapshot(&stats, T0 + 1 * SEC + KMP_PROBE_HINT_PERIOD_US, &snap);
	CU_ASSERT_PTR_NOT_NULL(strstr(snap.hint, "upside down"));
	CU_ASSERT_PTR_NOT_NULL(strstr(snap.hint, "MULTICAL 403"));
	kmp_probe_stats_snapshot(&stats, T0 + 1 * SEC + 2 * KMP_PROBE_HINT_PERIOD_US, &snap);
	CU_ASSERT_PTR_NOT_NULL(strstr(snap.hint, "lower"));

	/* a lost reply right after good ones: partly aligned, not asleep */
	kmp_probe_stats_init(&stats, T0);
	add(KMP_PROBE_OK, T0 + 1 * SEC, 0);
	add(KMP_PROBE_ECHO_ONLY, T0 + 2 * SEC, 0);
	kmp_probe_stats_snapshot(&stats, T0 + 2 * SEC, &snap);
	CU_ASSERT_PTR_NOT_NULL(strstr(snap.hint, "some replies get through"));
	/* once the good one is older than the 5 s window: the echo hints */
	kmp_probe_stats_snapshot(&stats, T0 + 6500 * MS, &snap);
	CU_ASSERT_PTR_NOT_NULL(strstr(snap.hint, "press a button"));

	CU_ASSERT_PTR_NOT_NULL(
	        strstr(kmp_probe_hint(KMP_PROBE_SILENT, KMP_BAND_BAD, 1), "kmpterm ports"));
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_probe_hint(KMP_PROBE_NOISY, KMP_BAND_BAD, 1), "magnets"));
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_probe_hint(KMP_PROBE_OK, KMP_BAND_FAIR, 0), "lower"));
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_probe_hint(KMP_PROBE_OK, KMP_BAND_GOOD, 7), "aligned"));
	for (int c = 0; c <= KMP_PROBE_LINK_LOST; c++)
		for (int b = KMP_BAND_NONE; b <= KMP_BAND_GOOD; b++) {
			unsigned n = kmp_probe_hint_count((kmp_probe_class)c, (kmp_probe_band)b);
			CU_ASSERT(n >= 1);
			for (unsigned i = 0; i < n + 1; i++)
				CU_ASSERT_PTR_NOT_NULL(
				        kmp_probe_hint((kmp_probe_class)c, (kmp_probe_band)b, i));
		}
}

static void test_timeout_choice(void)
{
	CU_ASSERT_EQUAL(kmp_probe_timeout_ms(1600), KMP_PROBE_TIMEOUT_MS);
	CU_ASSERT_EQUAL(kmp_probe_timeout_ms(5000), KMP_PROBE_TIMEOUT_MS);
	CU_ASSERT_EQUAL(kmp_probe_timeout_ms(0), KMP_PROBE_TIMEOUT_MS);
	CU_ASSERT_EQUAL(kmp_probe_timeout_ms(250), 250);
	CU_ASSERT_EQUAL(kmp_probe_timeout_ms(1599), 1599);
}

TEST_SUITE(suite_prober_stats)
{
	CU_pSuite s = CU_add_suite("prober_stats", NULL, NULL);
	TEST_ADD(s, test_stats_empty);
	TEST_ADD(s, test_stats_windows);
	TEST_ADD(s, test_stats_ewma_follows);
	TEST_ADD(s, test_stats_bands);
	TEST_ADD(s, test_stats_latency_median);
	TEST_ADD(s, test_stats_history);
	TEST_ADD(s, test_stats_ring_and_link_lost);
	TEST_ADD(s, test_stats_hints);
	TEST_ADD(s, test_timeout_choice);
}

/* ---- the engine against a scripted meter on a pty ------------------------ */

/* What the fake meter does with each request it reads. */
typedef enum { ANSWER, ECHO, NOTHING, GARBLE } act;

/* The line's speed in these tests: fast, so they run in milliseconds, but
 * a real speed: the meter answers a request no earlier than its last byte
 * would have arrived, as on a wire (the client refuses earlier replies). */
#define TEST_BAUD 115200
#define TEST_BYTE_US 95 /* 11 bits at 115200 baud, rounded down */

typedef struct meter {
	int master;
	uint8_t req[64];
	size_t req_len;
	const act *script;
	size_t n_script, next;
	unsigned requests;
	uint8_t out[128]; /* the answer waiting for its time */
	size_t out_len;
	uint64_t out_at;
} meter;

/* Write the waiting answer once its time has come. */
static void meter_flush(meter *m, uint64_t now)
{
	if (!m->out_len || now < m->out_at)
		return;
	CU_ASSERT_EQUAL(write(m->master, m->out, m->out_len), (ssize_t)m->out_len);
	m->out_len = 0;
}

static void meter_serve(meter *m)
{
	uint8_t buf[64];
	ssize_t r = read(m->master, buf, sizeof buf);
	for (ssize_t i = 0; i < r; i++) {
		if (m->req_len < sizeof m->req)
			m->req[m->req_len++] = buf[i];
		if (buf[i] != KMP_STOP)
			continue;
		/* one whole request */
		uint8_t out[128];
		size_t n = 0;
		act a = m->next < m->n_script ? m->script[m->next] : NOTHING;
		m->next++;
		m->requests++;
		if (a != ANSWER) {
			memcpy(out, m->req, m->req_len); /* the head's echo */
			n = m->req_len;
		}
		if (a == ANSWER || a == GARBLE) {
			int k = kmp_build_serial_reply(0x3F, 67123456, out + n, sizeof out - n);
			CU_ASSERT_FATAL(k > 0);
			if (a == GARBLE)
				out[n + 4] ^= 0x01; /* a data byte: the CRC fails */
			n += (size_t)k;
		}
		if (a == NOTHING)
			n = 0;
		if (n) {
			/* the request's wire time has passed since the client
			 * wrote it: it reached us no earlier than that */
			memcpy(m->out, out, n);
			m->out_len = n;
			m->out_at = kmp_now_us() + m->req_len * TEST_BYTE_US;
		}
		m->req_len = 0;
	}
}

static int open_meter(meter *m, char *slave, size_t cap)
{
	memset(m, 0, sizeof *m);
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd < 0)
		return -1;
	const char *name;
	if (grantpt(fd) != 0 || unlockpt(fd) != 0 || !(name = ptsname(fd))) {
		close(fd);
		return -1;
	}
	snprintf(slave, cap, "%s", name);
	m->master = fd;
	return 0;
}

static kmp_client *client_for(const char *slave)
{
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = slave;
	cfg.link.baud = TEST_BAUD;
	cfg.timeout_ms = 80;     /* short: the fake meter answers within a ms */
	cfg.fail_pause_ms = 150; /* short, but long enough to be seen */
	kmp_client *c = kmp_client_new(&cfg, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	char err[256];
	CU_ASSERT_EQUAL_FATAL(kmp_client_connect(c, kmp_now_us(), err, sizeof err), KMP_OK);
	return c;
}

/* One turn of a poll loop over the client and the fake meter. */
static void turn(kmp_client *c, kmp_prober *p, meter *m)
{
	uint64_t now = kmp_now_us();
	if (p)
		kmp_prober_pump(p, now);
	struct pollfd pfd[2];
	int n = kmp_client_pollfd(c, &pfd[0]);
	pfd[n].fd = m->master;
	pfd[n].events = POLLIN;
	pfd[n].revents = 0;
	int timeout = kmp_client_timeout_ms(c, now);
	if (timeout < 0 || timeout > 50)
		timeout = 50;
	if (m->out_len)
		timeout = m->out_at > now ? (int)((m->out_at - now + 999) / 1000) : 0;
	int r = poll(pfd, (nfds_t)n + 1, timeout);
	if (r > 0 && (pfd[n].revents & POLLIN))
		meter_serve(m);
	meter_flush(m, kmp_now_us());
	kmp_client_step(c, r > 0 && n ? pfd[0].revents : 0, kmp_now_us());
}

static void test_engine_classes(void)
{
	static const act script[] = {ANSWER, ECHO, NOTHING, GARBLE, ANSWER};
	meter m;
	char slave[128];
	if (open_meter(&m, slave, sizeof slave) != 0) {
		CU_FAIL("no pty");
		return;
	}
	m.script = script;
	m.n_script = 5;
	kmp_client *c = client_for(slave);
	static kmp_prober p;
	kmp_prober_config cfg;
	kmp_prober_config_default(&cfg);
	cfg.count = 5;
	kmp_prober_init(&p, c, &cfg);
	CU_ASSERT_EQUAL(kmp_prober_status_at(&p, kmp_now_us()).state, KMP_PROBER_STOPPED);
	kmp_prober_start(&p, kmp_now_us());

	kmp_probe_class seen[5];
	unsigned n_seen = 0, pauses = 0;
	uint64_t deadline = kmp_now_us() + 5 * SEC;
	while (!kmp_prober_done(&p) && kmp_now_us() < deadline) {
		unsigned before = p.finished;
		turn(c, &p, &m);
		if (p.finished != before && n_seen < 5)
			seen[n_seen++] = p.last_class;
		kmp_prober_status st = kmp_prober_status_at(&p, kmp_now_us());
		if (st.state == KMP_PROBER_PAUSE) {
			pauses++;
			CU_ASSERT(st.until_us > kmp_now_us());
			CU_ASSERT_PTR_NOT_NULL(strstr(st.text, "1.6 s pause"));
		}
	}
	CU_ASSERT_EQUAL_FATAL(n_seen, 5);
	CU_ASSERT_EQUAL(seen[0], KMP_PROBE_OK);
	CU_ASSERT_EQUAL(seen[1], KMP_PROBE_ECHO_ONLY);
	CU_ASSERT_EQUAL(seen[2], KMP_PROBE_SILENT);
	CU_ASSERT_EQUAL(seen[3], KMP_PROBE_NOISY);
	CU_ASSERT_EQUAL(seen[4], KMP_PROBE_OK);
	CU_ASSERT(pauses > 0);
	CU_ASSERT_EQUAL(m.requests, 5);
	const kmp_probe_stats *st = kmp_prober_stats(&p);
	CU_ASSERT_EQUAL(st->total, 5);
	CU_ASSERT_EQUAL(st->count[KMP_PROBE_OK], 2);
	CU_ASSERT_EQUAL(st->count[KMP_PROBE_ECHO_ONLY], 1);
	CU_ASSERT_EQUAL(st->count[KMP_PROBE_SILENT], 1);
	CU_ASSERT_EQUAL(st->count[KMP_PROBE_NOISY], 1);
	CU_ASSERT_EQUAL(p.serial_known, 1);
	CU_ASSERT_EQUAL(p.serial, 67123456u);
	CU_ASSERT_EQUAL(kmp_prober_status_at(&p, kmp_now_us()).state, KMP_PROBER_STOPPED);
	/* the count is reached: no more probes */
	kmp_prober_pump(&p, kmp_now_us());
	CU_ASSERT_EQUAL(kmp_client_busy(c), 0);
	kmp_client_free(c);
	close(m.master);
}

/* Stopping while a probe is on the wire detaches it: its late answer is
 * read but not counted, no callback reaches the prober, and a restart
 * waits for it instead of colliding. */
static void test_engine_stop_detaches(void)
{
	static const act script[] = {ANSWER, ANSWER, ANSWER};
	meter m;
	char slave[128];
	if (open_meter(&m, slave, sizeof slave) != 0) {
		CU_FAIL("no pty");
		return;
	}
	m.script = script;
	m.n_script = 3;
	kmp_client *c = client_for(slave);
	static kmp_prober p;
	kmp_prober_init(&p, c, NULL); /* forever */
	kmp_prober_start(&p, kmp_now_us());
	kmp_prober_pump(&p, kmp_now_us());
	CU_ASSERT(kmp_client_pending(c, &p));
	/* let the client send it, but do not serve the meter yet */
	kmp_client_step(c, 0, kmp_now_us());
	CU_ASSERT_EQUAL(kmp_prober_status_at(&p, kmp_now_us()).state, KMP_PROBER_PROBING);
	kmp_prober_stop(&p);
	CU_ASSERT(!kmp_client_pending(c, &p));
	CU_ASSERT(kmp_client_busy(c)); /* still on the wire */
	CU_ASSERT_EQUAL(kmp_prober_status_at(&p, kmp_now_us()).state, KMP_PROBER_STOPPED);
	kmp_prober_start(&p, kmp_now_us());
	uint64_t deadline = kmp_now_us() + 3 * SEC;
	while (p.stats.total < 2 && kmp_now_us() < deadline)
		turn(c, &p, &m);
	CU_ASSERT_EQUAL(p.stats.total, 2);
	CU_ASSERT_EQUAL(p.finished, 2); /* no callback for the detached one */
	CU_ASSERT_EQUAL(p.stats.count[KMP_PROBE_OK], 2);
	CU_ASSERT_EQUAL(m.requests, 3); /* the detached one and two counted */

	/* stop while queued: dropped at once, no callback owed */
	kmp_prober_stop(&p);
	while (kmp_client_busy(c) && kmp_now_us() < deadline)
		turn(c, NULL, &m);
	kmp_prober_start(&p, kmp_now_us());
	kmp_prober_pump(&p, kmp_now_us());
	CU_ASSERT(kmp_client_pending(c, &p));
	kmp_prober_stop(&p);
	CU_ASSERT(!kmp_client_pending(c, &p));
	CU_ASSERT_EQUAL(kmp_client_busy(c), 0);
	kmp_client_free(c);
	close(m.master);
}

static void test_engine_link_down(void)
{
	meter m;
	char slave[128];
	if (open_meter(&m, slave, sizeof slave) != 0) {
		CU_FAIL("no pty");
		return;
	}
	kmp_client *c = client_for(slave);
	static kmp_prober p;
	kmp_prober_init(&p, c, NULL);
	kmp_prober_start(&p, kmp_now_us());
	kmp_prober_pump(&p, kmp_now_us());
	kmp_client_step(c, 0, kmp_now_us()); /* sent */
	close(m.master);                     /* the head is unplugged */
	uint64_t deadline = kmp_now_us() + 3 * SEC;
	while (kmp_client_connected(c) && kmp_now_us() < deadline) {
		struct pollfd pfd;
		int n = kmp_client_pollfd(c, &pfd);
		int r = poll(n ? &pfd : NULL, (nfds_t)n, 50);
		kmp_client_step(c, r > 0 ? pfd.revents : 0, kmp_now_us());
	}
	CU_ASSERT_EQUAL(kmp_client_connected(c), 0);
	CU_ASSERT_EQUAL(p.link_lost, 1);
	CU_ASSERT_EQUAL(p.last_class, KMP_PROBE_LINK_LOST);
	CU_ASSERT_EQUAL(p.stats.total, 0); /* no verdict on the alignment */
	CU_ASSERT_EQUAL(kmp_prober_status_at(&p, kmp_now_us()).state, KMP_PROBER_LINK_DOWN);
	kmp_prober_pump(&p, kmp_now_us()); /* nothing to submit to */
	CU_ASSERT(!kmp_client_pending(c, &p));
	kmp_client_free(c);
}

TEST_SUITE(suite_prober_engine)
{
	CU_pSuite s = CU_add_suite("prober_engine", NULL, NULL);
	TEST_ADD(s, test_engine_classes);
	TEST_ADD(s, test_engine_stop_detaches);
	TEST_ADD(s, test_engine_link_down);
}
