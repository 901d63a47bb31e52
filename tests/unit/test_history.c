/* The history engine (feature/history.h) against the simulator's loggers
 * as a library: every exchange goes through the real encoder, the
 * simulator's request decoding and reply, and the client's decoding; a
 * schedule injects failures.  Every record comes back exactly as the
 * simulator holds it, each once; only B8 05/06/07 and A1/A2 are ever built;
 * failures are retried, halved, set aside and asked again; a reading
 * resumes from known records; a register the logger does not hold, a
 * logger the meter does not keep and a silent meter end it with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "feature/history.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"
#include "sim/sim_logger.h"
#include "hist_rig.h"
#include "testing.h"

/* Every record lo..hi complete, reported once, equal to the simulator's. */
static void check_all(rig *r, const kmpsim_logger *lg, uint32_t lo, uint32_t hi)
{
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_DONE);
	CU_ASSERT_EQUAL(r->dup, 0);
	CU_ASSERT_EQUAL(r->writes_built, 0);
	size_t count = 0;
	for (uint32_t id = lg->oldest; id <= lg->newest; id++) {
		int want = id >= lo && id <= hi;
		CU_ASSERT_EQUAL(r->seen[id], want);
		CU_ASSERT_EQUAL(kmp_hist_record_state(&r->h, id),
		                want ? KMP_HIST_COMPLETE : KMP_HIST_PENDING);
		if (!want)
			continue;
		count++;
		for (size_t i = 0; i < r->h.n_regs; i++) {
			kmp_hist_val got;
			kmp_value v;
			uint8_t unit;
			CU_ASSERT_EQUAL_FATAL(kmp_hist_value(&r->h, id, i, &got), KMP_OK);
			CU_ASSERT_EQUAL_FATAL(
			        kmpsim_history_value(&r->sim, lg, id, r->h.regs[i], &unit, &v),
			        KMP_OK);
			CU_ASSERT_EQUAL(got.unit, unit);
			CU_ASSERT_EQUAL(got.v.len, v.len);
			CU_ASSERT_EQUAL(got.v.sign_exp, v.sign_exp);
			CU_ASSERT(!memcmp(got.v.mantissa, v.mantissa, v.len));
		}
	}
	CU_ASSERT_EQUAL(count, (size_t)(hi - lo + 1));
	CU_ASSERT_EQUAL(r->h.n_complete, hi - lo + 1);
	uint32_t ids[4];
	CU_ASSERT_EQUAL(kmp_hist_completed(&r->h, ids, 4), (size_t)(hi - lo + 1));
	CU_ASSERT_EQUAL(ids[0], hi); /* newest first */
}

static void test_day_all_registers(void)
{
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
	const kmpsim_logger *day = kmpsim_history_logger(&r->sim, KMP_LOGGER_DAY);
	run(r, 10000);
	/* the configuration's registers, in its order: two groups */
	CU_ASSERT_EQUAL_FATAL(r->h.n_regs, day->n_regs);
	CU_ASSERT(!memcmp(r->h.regs, day->regs, day->n_regs * sizeof day->regs[0]));
	CU_ASSERT_EQUAL(r->h.n_groups, 2);
	check_all(r, day, day->oldest, day->newest);
	CU_ASSERT_EQUAL(r->h.failures, 0);
	/* the meter's buffer is smaller than ours: learnt from its replies */
	CU_ASSERT(r->h.page[0] < 40);
	/* config + 2 probes + records in few requests */
	CU_ASSERT(r->h.requests < 3 + 2 * (460 / r->h.page[1] + 2) + 460 / r->h.page[0] + 2);
	rig_free(r);
}

static void test_day_subset_last(void)
{
	const uint16_t ids[] = {1002, 1003, 60, 68};
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, ids, 4, 10);
	const kmpsim_logger *day = kmpsim_history_logger(&r->sim, KMP_LOGGER_DAY);
	run(r, 1000);
	CU_ASSERT_EQUAL(r->h.n_regs, 4);
	CU_ASSERT(!memcmp(r->h.regs, ids, sizeof ids)); /* the order asked for */
	check_all(r, day, day->newest - 9, day->newest);
	/* config, one probe, one request for the ten */
	CU_ASSERT_EQUAL(r->h.requests, 3);
	rig_free(r);
}

static void test_every_logger(void)
{
	for (uint8_t t = KMP_LOGGER_YEAR; t <= KMP_LOGGER_HOUR; t++) {
		rig *r = rig_new(KMP_HIST_B8, t, NULL, 0, 0);
		const kmpsim_logger *lg = kmpsim_history_logger(&r->sim, t);
		run(r, 10000);
		check_all(r, lg, lg->oldest, lg->newest);
		rig_free(r);
	}
}

static void test_failures_retried(void)
{
	static const int kinds[] = {KMP_ERR_TIMEOUT, KMP_ERR_CRC, KMP_ERR_PARTIAL,
	                            KMP_ERR_ECHO_ONLY};
	for (size_t k = 0; k < 4; k++) {
		rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
		const kmpsim_logger *day = kmpsim_history_logger(&r->sim, KMP_LOGGER_DAY);
		r->fail_every = 3;
		r->fail_status = kinds[k];
		run(r, 10000);
		check_all(r, day, day->oldest, day->newest);
		CU_ASSERT(r->h.failures > 10);
		CU_ASSERT_EQUAL(r->h.failures, r->exchanges / 3);
		rig_free(r);
	}
}

static void test_split_and_set_aside(void)
{
	/* every second exchange fails: a piece fails twice in a row sometimes,
	 * and with attempts 1 it is halved at once, down to single records,
	 * which are set aside and asked again in the second pass */
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
	const kmpsim_logger *day = kmpsim_history_logger(&r->sim, KMP_LOGGER_DAY);
	r->h.cfg.attempts = 1;
	r->h.cfg.passes = 3;
	r->h.cfg.stall_failures = 1000;
	r->fail_every = 2;
	r->fail_status = KMP_ERR_CRC;
	kmp_request req;
	kmp_hist_outcome oc;
	int split = 0, aside = 0;
	while (kmp_hist_next(&r->h, &req)) {
		int st = rig_exchange(r, &req);
		kmp_hist_on_result(&r->h, st, st == KMP_OK ? &r->reply : NULL, &oc);
		split |= oc.split;
		aside |= oc.set_aside;
		for (size_t i = 0; i < oc.n_complete; i++)
			if (r->seen[oc.complete[i]]++)
				r->dup++;
	}
	CU_ASSERT(split);
	CU_ASSERT(aside);
	CU_ASSERT(r->h.pass > 1);
	check_all(r, day, day->oldest, day->newest);
	rig_free(r);
}

static void test_unanswerable_record_left_out(void)
{
	/* a meter that fails whenever a request asks for record 1200: after
	 * every pass it is the one record missing, never taken as read */
	const uint16_t ids[] = {60};
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, ids, 1, 0);
	r->h.cfg.stall_failures = 1000;
	kmp_request req;
	kmp_hist_outcome oc;
	while (kmp_hist_next(&r->h, &req)) {
		int st = rig_exchange(r, &req);
		uint32_t top = r->h.cur.top, bottom = top - r->h.cur.count + 1;
		if (r->h.cur.phase == KMP_HIST_ASK_RECORDS && bottom <= 1200 && top >= 1200)
			st = KMP_ERR_CRC;
		kmp_hist_on_result(&r->h, st, st == KMP_OK ? &r->reply : NULL, &oc);
	}
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_DONE);
	CU_ASSERT_EQUAL(kmp_hist_missing(&r->h), 1);
	CU_ASSERT_EQUAL(kmp_hist_record_state(&r->h, 1200), KMP_HIST_PENDING);
	CU_ASSERT_EQUAL(r->h.n_complete, 459);
	kmp_hist_val v;
	CU_ASSERT_EQUAL(kmp_hist_value(&r->h, 1200, 0, &v), KMP_ERR_RANGE);
	rig_free(r);
}

static void test_resume_from_known(void)
{
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
	const kmpsim_logger *day = kmpsim_history_logger(&r->sim, KMP_LOGGER_DAY);
	for (uint32_t id = 1100; id <= 1460; id++)
		CU_ASSERT_EQUAL(kmp_hist_mark_known(&r->h, id), KMP_OK);
	kmp_hist_mark_known(&r->h, 5); /* long gone from the logger: ignored */
	run(r, 10000);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_DONE);
	CU_ASSERT_EQUAL(r->h.n_known_in, 361);
	CU_ASSERT_EQUAL(r->h.n_complete, 99);
	for (uint32_t id = day->oldest; id <= day->newest; id++) {
		CU_ASSERT_EQUAL(r->seen[id], id < 1100);
		CU_ASSERT_EQUAL(kmp_hist_record_state(&r->h, id),
		                id < 1100 ? KMP_HIST_COMPLETE : KMP_HIST_KNOWN);
	}
	rig_free(r);
}

static void test_register_not_logged(void)
{
	const uint16_t ids[] = {60, 74};
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, ids, 2, 0);
	run(r, 100);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_FAILED);
	CU_ASSERT_EQUAL(r->h.error, KMP_HIST_NOT_LOGGED);
	CU_ASSERT_EQUAL(r->h.error_reg, 74);
	CU_ASSERT_EQUAL(r->h.requests, 1); /* the configuration said so */
	rig_free(r);
}

static void test_no_logger_and_no_answer(void)
{
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_MINUTE1, NULL, 0, 0);
	run(r, 100);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_FAILED);
	CU_ASSERT_EQUAL(r->h.error, KMP_HIST_NO_LOGGER);
	CU_ASSERT_STRING_EQUAL(kmp_hist_error_text(r->h.error), "the meter keeps no such logger");
	rig_free(r);

	r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
	r->fail_every = 1;
	r->fail_status = KMP_ERR_TIMEOUT;
	run(r, 100);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_FAILED);
	CU_ASSERT_EQUAL(r->h.error, KMP_HIST_NO_ANSWER);
	CU_ASSERT_EQUAL(r->h.requests, KMP_HIST_ATTEMPTS);
	rig_free(r);
}

static void test_silence_pauses(void)
{
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
	r->silent_after = 5; /* config, probes, two record requests, then silence */
	run(r, 1000);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_PAUSED);
	CU_ASSERT_EQUAL(r->h.pause, KMP_HIST_PAUSE_SILENT);
	CU_ASSERT_EQUAL(r->h.failures, KMP_HIST_STALL_SILENT);
	unsigned long before = r->h.n_complete;
	CU_ASSERT(before > 0);
	/* the meter wakes up: going on reads the rest, nothing twice */
	r->silent_after = 0;
	kmp_hist_resume(&r->h);
	run(r, 10000);
	const kmpsim_logger *day = kmpsim_history_logger(&r->sim, KMP_LOGGER_DAY);
	check_all(r, day, day->oldest, day->newest);
	rig_free(r);
}

/* The logger moves on while it is read: the oldest records leave it.
 * They are gone, not failed, and never reported as read. */
static void test_logger_moves_on(void)
{
	const uint16_t ids[] = {60, 68};
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, ids, 2, 0);
	run(r, 5);
	CU_ASSERT_FATAL(r->h.ranged);
	/* the ten oldest records leave the logger (as new ones come in) */
	r->sim.loggers[2].oldest += 10;
	run(r, 10000);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_DONE);
	/* 1001 came with the first probe, before it left */
	CU_ASSERT_EQUAL(kmp_hist_record_state(&r->h, 1001), KMP_HIST_COMPLETE);
	CU_ASSERT_EQUAL(r->h.n_gone, 9);
	CU_ASSERT_EQUAL(r->h.failures, 0);
	CU_ASSERT_EQUAL(r->dup, 0);
	for (uint32_t id = 1002; id <= 1010; id++)
		CU_ASSERT_EQUAL(kmp_hist_record_state(&r->h, id), KMP_HIST_GONE);
	CU_ASSERT_EQUAL(kmp_hist_record_state(&r->h, 1011), KMP_HIST_COMPLETE);
	CU_ASSERT_EQUAL(r->h.n_complete, 451);
	rig_free(r);
}

static void test_module_all_and_last(void)
{
	const uint16_t ids[] = {60, 68, 1003};
	rig *r = rig_new(KMP_HIST_MODULE, 1, ids, 3, 0);
	const kmpsim_logger *day = kmpsim_history_module_log(&r->sim, 1);
	run(r, 10000);
	check_all(r, day, day->oldest, day->newest);
	/* the bottom is found by halving: a few requests more, no failure */
	CU_ASSERT_EQUAL(r->h.failures, 0);
	CU_ASSERT(r->h.requests < 460 / r->h.page[0] + 20);
	rig_free(r);

	r = rig_new(KMP_HIST_MODULE, 2, ids, 2, 30);
	const kmpsim_logger *hour = kmpsim_history_module_log(&r->sim, 2);
	run(r, 1000);
	check_all(r, hour, hour->newest - 29, hour->newest);
	rig_free(r);

	/* with failures */
	r = rig_new(KMP_HIST_MODULE, 1, ids, 3, 0);
	day = kmpsim_history_module_log(&r->sim, 1);
	r->fail_every = 4;
	r->fail_status = KMP_ERR_CRC;
	run(r, 10000);
	check_all(r, day, day->oldest, day->newest);
	rig_free(r);
}

/* A module's log that does not hold a register: it is left out of the
 * reply, or the log answers "empty" for a group of such registers; either
 * way the reading ends naming it (found by fuzz_history). */
static void test_module_not_logged(void)
{
	const uint16_t nine[] = {1003, 1002, 348, 60, 68, 97, 110, 99, 74};
	rig *r = rig_new(KMP_HIST_MODULE, 1, nine, 9, 0);
	run(r, 1000);
	CU_ASSERT_EQUAL(r->h.state, KMP_HIST_FAILED);
	CU_ASSERT_EQUAL(r->h.error, KMP_HIST_NOT_LOGGED);
	CU_ASSERT_EQUAL(r->h.error_reg, 74);
	CU_ASSERT(r->h.requests < 10);
	rig_free(r);
	const uint16_t two[] = {60, 74};
	r = rig_new(KMP_HIST_MODULE, 1, two, 2, 0);
	run(r, 1000);
	CU_ASSERT_EQUAL(r->h.error, KMP_HIST_NOT_LOGGED);
	CU_ASSERT_EQUAL(r->h.error_reg, 74);
	rig_free(r);
}

static void test_init_refuses(void)
{
	kmp_hist h;
	kmp_hist_config c;
	kmp_hist_config_default(&c);
	c.logger = KMP_LOGGER_CONFIG;
	CU_ASSERT_EQUAL(kmp_hist_init(&h, &c), KMP_ERR_ARG);
	kmp_hist_config_default(&c);
	c.kind = KMP_HIST_MODULE; /* no registers */
	CU_ASSERT_EQUAL(kmp_hist_init(&h, &c), KMP_ERR_ARG);
	kmp_hist_config_default(&c);
	c.n_ids = 2;
	c.ids[0] = c.ids[1] = 60;
	CU_ASSERT_EQUAL(kmp_hist_init(&h, &c), KMP_ERR_ARG);
	kmp_hist_config_default(&c);
	c.attempts = 0;
	CU_ASSERT_EQUAL(kmp_hist_init(&h, &c), KMP_ERR_ARG);
}

/* Read-only by construction: the request encoder refuses every write,
 * data or not, and anything that is not a read command. */
static void test_encoder_refuses_writes(void)
{
	uint8_t out[128];
	static const uint8_t writes[] = {KMP_CID_SET_CLOCK,
	                                 KMP_CID_PUT_REGISTER,
	                                 KMP_CID_CLEAR_EVENT_STATUS,
	                                 0x00,
	                                 0x42,
	                                 0xFF};
	for (size_t i = 0; i < sizeof writes; i++) {
		kmp_request req = {.cid = writes[i], .data_len = 4, .data = {0, 0, 1, 0}};
		size_t len;
		CU_ASSERT_EQUAL(kmp_request_encode(&req, 0x3F, out, sizeof out, &len), KMP_ERR_ARG);
		CU_ASSERT_EQUAL(kmp_build_request(0x3F, writes[i], req.data, 4, out, sizeof out),
		                KMP_ERR_ARG);
	}
	/* the reads it does build */
	kmp_request req = {.cid = KMP_CID_LOGGER};
	int n = kmp_logger_config_data(KMP_LOGGER_DAY, req.data, sizeof req.data);
	CU_ASSERT_FATAL(n > 0);
	req.data_len = (size_t)n;
	size_t len;
	CU_ASSERT_EQUAL(kmp_request_encode(&req, 0x3F, out, sizeof out, &len), KMP_OK);
	uint8_t want[16];
	CU_ASSERT_EQUAL((int)len, kmp_build_logger_config(0x3F, KMP_LOGGER_DAY, want, sizeof want));
	CU_ASSERT(!memcmp(out, want, len));
	req.data_len = sizeof req.data + 1;
	CU_ASSERT_EQUAL(kmp_request_encode(&req, 0x3F, out, sizeof out, &len), KMP_ERR_ARG);
}

TEST_SUITE(history_suite)
{
	CU_pSuite s = CU_add_suite("history engine", NULL, NULL);
	TEST_ADD(s, test_day_all_registers);
	TEST_ADD(s, test_day_subset_last);
	TEST_ADD(s, test_every_logger);
	TEST_ADD(s, test_failures_retried);
	TEST_ADD(s, test_split_and_set_aside);
	TEST_ADD(s, test_unanswerable_record_left_out);
	TEST_ADD(s, test_resume_from_known);
	TEST_ADD(s, test_register_not_logged);
	TEST_ADD(s, test_no_logger_and_no_answer);
	TEST_ADD(s, test_silence_pauses);
	TEST_ADD(s, test_logger_moves_on);
	TEST_ADD(s, test_module_all_and_last);
	TEST_ADD(s, test_module_not_logged);
	TEST_ADD(s, test_init_refuses);
	TEST_ADD(s, test_encoder_refuses_writes);
}
