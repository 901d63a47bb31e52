/* The simulated loggers: plausible records (dates one interval apart,
 * energy and volume never decreasing, the newest below the live registers),
 * B8 and A0..A3 replies that decode with the codec to exactly the values
 * the model holds, fewer entries when a reply would be too long, offsets
 * past the oldest record, loggers the meter does not keep, and the core
 * answering them (and a map meter not). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/event_msg.h"
#include "kmp/frame.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"
#include "kmp/value.h"
#include "sim/sim.h"
#include "sim/sim_core.h"
#include "sim/sim_log.h"
#include "sim/sim_logger.h"
#include "sim/sim_map.h"
#include "sim/sim_meter.h"
#include "testing.h"

static kmpsim_history hist;

static void setup(void)
{
	kmpsim_when w;
	CU_ASSERT_EQUAL_FATAL(kmpsim_when_parse("2026-11-28T12:30", &w), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmpsim_history_init(&hist, &w), KMP_OK);
}

static uint64_t mantissa(const kmp_value *v)
{
	uint64_t m = 0;
	for (int i = 0; i < v->len; i++)
		m = m << 8 | v->mantissa[i];
	return m;
}

static uint64_t value_of(const kmpsim_logger *lg, uint32_t id, uint16_t reg, uint8_t *unit)
{
	kmp_value v;
	uint8_t u;
	CU_ASSERT_EQUAL(kmpsim_history_value(&hist, lg, id, reg, &u, &v), KMP_OK);
	if (unit)
		*unit = u;
	return mantissa(&v);
}

static void test_when_parse(void)
{
	kmpsim_when w;
	CU_ASSERT_EQUAL(kmpsim_when_parse("2026-11-28", &w), KMP_OK);
	CU_ASSERT_EQUAL(w.hour, 0);
	CU_ASSERT_EQUAL(kmpsim_when_parse("2024-02-29 23:59:59", &w), KMP_OK);
	CU_ASSERT_EQUAL(w.second, 59);
	const char *bad[] = {"2023-02-29",          "2026-13-01",  "2026-11-28T24:00", "2004-12-31",
	                     "2026-11-28T12",       "2026-11-28x", "26-11-28",         "",
	                     "2026-11-28T12:00:00Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(kmpsim_when_parse(bad[i], &w), KMP_ERR_BAD_INPUT);
}

static void test_loggers_shape(void)
{
	setup();
	static const struct {
		const char *name;
		uint16_t depth;
		uint32_t newest;
	} want[] = {{"year", 20, 4}, {"month", 36, 48}, {"day", 460, 1460}, {"hour", 1392, 35052}};
	for (size_t i = 0; i < 4; i++) {
		const kmpsim_logger *lg = kmpsim_history_logger_named(&hist, want[i].name);
		CU_ASSERT_PTR_NOT_NULL_FATAL(lg);
		CU_ASSERT_EQUAL(lg->depth, want[i].depth);
		CU_ASSERT_EQUAL(lg->newest, want[i].newest);
		uint32_t held = lg->newest - lg->oldest + 1;
		CU_ASSERT_EQUAL(held,
		                want[i].newest < want[i].depth ? want[i].newest : want[i].depth);
	}
	CU_ASSERT_PTR_NULL(kmpsim_history_logger(&hist, KMP_LOGGER_MINUTE1));
	CU_ASSERT_PTR_NULL(kmpsim_history_logger_named(&hist, "minute-1"));

	/* the newest records sit on the anchor's boundaries */
	kmpsim_when w;
	const kmpsim_logger *day = kmpsim_history_logger(&hist, KMP_LOGGER_DAY);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, day, day->newest, &w), KMP_OK);
	CU_ASSERT(w.year == 2026 && w.month == 11 && w.day == 28 && w.hour == 0);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, day, day->oldest, &w), KMP_OK);
	CU_ASSERT(w.year == 2025 && w.month == 8 && w.day == 26);
	const kmpsim_logger *hour = kmpsim_history_logger(&hist, KMP_LOGGER_HOUR);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, hour, hour->newest, &w), KMP_OK);
	CU_ASSERT(w.day == 28 && w.hour == 12 && w.minute == 0);
	const kmpsim_logger *month = kmpsim_history_logger(&hist, KMP_LOGGER_MONTH);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, month, month->newest, &w), KMP_OK);
	CU_ASSERT(w.year == 2026 && w.month == 11 && w.day == 1);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, month, month->oldest, &w), KMP_OK);
	CU_ASSERT(w.year == 2023 && w.month == 12 && w.day == 1);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, day, day->newest + 1, &w), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmpsim_history_time(&hist, day, day->oldest - 1, &w), KMP_ERR_RANGE);
}

/* Dates step by one interval, counters never go down, and the date
 * registers agree with each other. */
static void test_records_plausible(void)
{
	setup();
	for (uint8_t t = KMP_LOGGER_YEAR; t <= KMP_LOGGER_HOUR; t++) {
		const kmpsim_logger *lg = kmpsim_history_logger(&hist, t);
		uint64_t e_prev = 0, v_prev = 0, h_prev = 0;
		for (uint32_t id = lg->oldest; id <= lg->newest; id++) {
			uint8_t unit;
			uint64_t date = value_of(lg, id, 1003, &unit);
			CU_ASSERT_EQUAL(unit, 48);
			uint64_t time = value_of(lg, id, 1002, &unit);
			CU_ASSERT_EQUAL(unit, 47);
			uint64_t dt = value_of(lg, id, 348, &unit);
			CU_ASSERT_EQUAL(unit, 79);
			/* 348 = 00 YY MM DD hh mm ss: the same date and time */
			CU_ASSERT_EQUAL(dt >> 48, 0);
			CU_ASSERT_EQUAL((dt >> 40 & 0xFF) * 10000 + (dt >> 32 & 0xFF) * 100 +
			                        (dt >> 24 & 0xFF),
			                date);
			CU_ASSERT_EQUAL((dt >> 16 & 0xFF) * 10000, time);
			kmpsim_when w;
			kmpsim_history_time(&hist, lg, id, &w);
			CU_ASSERT_EQUAL(date,
			                (uint64_t)(w.year % 100 * 10000 + w.month * 100 + w.day));
			uint64_t e = value_of(lg, id, 60, &unit);
			CU_ASSERT_EQUAL(unit, 8);
			uint64_t v = value_of(lg, id, 68, &unit);
			CU_ASSERT_EQUAL(unit, 40);
			CU_ASSERT(e >= e_prev);
			CU_ASSERT(v >= v_prev);
			/* below the live registers' start */
			CU_ASSERT(e <= KMPSIM_E1_START_J / 1000000);
			CU_ASSERT(v <= KMPSIM_V1_START_ML / 10000);
			if (t != KMP_LOGGER_HOUR) {
				uint64_t hours = value_of(lg, id, 1004, NULL);
				CU_ASSERT(hours > h_prev && hours <= KMPSIM_HOURS_START);
				h_prev = hours;
			}
			e_prev = e;
			v_prev = v;
		}
	}
	/* a day in winter uses more heat than one in summer */
	const kmpsim_logger *day = kmpsim_history_logger(&hist, KMP_LOGGER_DAY);
	uint32_t jan = 0, jul = 0;
	for (uint32_t id = day->oldest; id <= day->newest; id++) {
		kmpsim_when w;
		kmpsim_history_time(&hist, day, id, &w);
		if (w.year == 2026 && w.month == 1 && w.day == 15)
			jan = id;
		if (w.year == 2026 && w.month == 7 && w.day == 15)
			jul = id;
	}
	CU_ASSERT_FATAL(jan && jul);
	CU_ASSERT_EQUAL(jul - jan, 181); /* one record a day */
	uint64_t winter = value_of(day, jan + 1, 60, NULL) - value_of(day, jan, 60, NULL);
	uint64_t summer = value_of(day, jul + 1, 60, NULL) - value_of(day, jul, 60, NULL);
	CU_ASSERT(winter > 3 * summer);
	/* a register the logger does not hold */
	kmp_value v;
	uint8_t u;
	CU_ASSERT_EQUAL(kmpsim_history_value(&hist, day, day->newest, 74, &u, &v), KMP_ERR_RANGE);
}

/* Build the request frame with the codec, decode it as the meter does,
 * get the reply and decode it as the client does. */
static int exchange(const uint8_t *req, int n, kmp_msg *reply)
{
	static kmp_frame f;
	static kmp_msg m;
	uint8_t out[KMP_FRAME_MAX];
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(req, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	int module = f.addr == KMP_ADDR_LOGGER_TOP;
	int ok = kmpsim_history_check(&hist, module, &m);
	if (ok != -1)
		return ok;
	int k = kmpsim_history_reply(&hist, f.addr, &m, out, sizeof out);
	CU_ASSERT_FATAL(k > 0);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(out, (size_t)k, &f), KMP_OK);
	CU_ASSERT_EQUAL(f.dir, KMP_DIR_REPLY);
	return kmp_msg_decode(&f, m.cid, reply);
}

static void check_values(const kmpsim_logger *lg, const kmp_msg *m)
{
	for (size_t r = 0; r < m->log.n_records; r++)
		for (size_t i = 0; i < m->log.n_regs; i++) {
			kmp_value got, want;
			uint8_t unit;
			CU_ASSERT_EQUAL(kmp_log_value(&m->log, r, i, &got), KMP_OK);
			CU_ASSERT_EQUAL(kmpsim_history_value(&hist, lg,
			                                     kmp_log_record_id(&m->log, r),
			                                     m->log.regs[i].id, &unit, &want),
			                KMP_OK);
			CU_ASSERT_EQUAL(m->log.regs[i].unit, unit);
			CU_ASSERT_EQUAL(got.len, want.len);
			CU_ASSERT_EQUAL(got.sign_exp, want.sign_exp);
			CU_ASSERT(!memcmp(got.mantissa, want.mantissa, want.len));
		}
}

static void test_b8_config(void)
{
	setup();
	uint8_t req[64];
	static kmp_msg m;
	int n = kmp_build_logger_config(0x3F, KMP_LOGGER_DAY, req, sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.sub, KMP_B8_GET_CONFIG);
	CU_ASSERT_EQUAL(m.log.logger, KMP_LOGGER_DAY);
	CU_ASSERT_EQUAL(m.log.depth, 460);
	CU_ASSERT_EQUAL_FATAL(m.n_ids, 9);
	CU_ASSERT_EQUAL(m.ids[0], 1003);
	CU_ASSERT_EQUAL(m.ids[3], 60);
	/* a logger the meter does not keep: depth 0, no registers */
	n = kmp_build_logger_config(0x3F, KMP_LOGGER_MINUTE1, req, sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.depth, 0);
	CU_ASSERT_EQUAL(m.n_ids, 0);
}

static void test_b8_records(void)
{
	setup();
	const kmpsim_logger *day = kmpsim_history_logger(&hist, KMP_LOGGER_DAY);
	uint8_t req[64];
	static kmp_msg m;
	const uint16_t four[] = {1002, 1003, 60, 68};

	/* the range, as PyKMP learns it: offset FFFF, one entry */
	int n = kmp_build_logger_last(0x3F, KMP_LOGGER_DAY, 0xFFFF, 1, four, 4, req, sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.entries, 1);
	CU_ASSERT_EQUAL(m.log.first_id, day->oldest);
	CU_ASSERT_EQUAL(m.log.newest_id, day->newest);
	CU_ASSERT(m.log.info & (1u << 6)); /* tail included */
	check_values(day, &m);

	/* offset 0 is the newest */
	n = kmp_build_logger_last(0x3F, KMP_LOGGER_DAY, 0, 2, four, 4, req, sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.first_id, day->newest);
	CU_ASSERT_EQUAL(m.log.n_records, 2);
	CU_ASSERT(m.log.info & (1u << 7)); /* head included */
	check_values(day, &m);

	/* too many for one reply: fewer, flagged, each one right */
	n = kmp_build_logger_by_id(0x3F, KMP_LOGGER_DAY, day->newest, 460, four, 4, req,
	                           sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT(m.log.n_records > 1 && m.log.n_records < 460);
	CU_ASSERT(m.log.info & (1u << 4));
	CU_ASSERT(m.log.data_len <= KMPSIM_LOG_REPLY_MAX);
	/* 15 + 4 x 5 + 4 + 4 + 4 + 4 bytes first, 16 per further record */
	CU_ASSERT_EQUAL(m.log.n_records, 1 + (KMPSIM_LOG_REPLY_MAX - 15 - 36) / 16);
	check_values(day, &m);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 1), day->newest - 1);

	/* the oldest records: the tail, no more than the log holds */
	n = kmp_build_logger_by_id(0x3F, KMP_LOGGER_DAY, day->oldest + 2, 10, four, 4, req,
	                           sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 3);
	CU_ASSERT(m.log.info & (1u << 6));
	CU_ASSERT(!(m.log.info & (1u << 4)));
	check_values(day, &m);

	/* outside the log: no record, out of range */
	n = kmp_build_logger_by_id(0x3F, KMP_LOGGER_DAY, day->newest + 1, 1, four, 4, req,
	                           sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 0);
	CU_ASSERT(m.log.info & (1u << 1));

	/* a register the logger does not hold is left out, flagged */
	const uint16_t with74[] = {60, 74};
	n = kmp_build_logger_by_id(0x3F, KMP_LOGGER_DAY, day->newest, 1, with74, 2, req,
	                           sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_regs, 1);
	CU_ASSERT_EQUAL(m.log.regs[0].id, 60);
	CU_ASSERT(m.log.info & (1u << 3));

	/* a minute logger the meter does not keep: the real meter's answer */
	n = kmp_build_logger_last(0x3F, KMP_LOGGER_MINUTE2, 0xFFFF, 1, four, 1, req, sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT(m.log.info & 1u);
	CU_ASSERT_EQUAL(m.log.first_id, 0);
	CU_ASSERT_EQUAL(m.log.newest_id, 0);
}

static void test_module_records(void)
{
	setup();
	hist.module = 1;
	const kmpsim_logger *day = kmpsim_history_module_log(&hist, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(day);
	CU_ASSERT_EQUAL(day->type, KMP_LOGGER_DAY);
	const uint16_t two[] = {60, 68};
	uint8_t req[96];
	static kmp_msg m;
	kmp_log_query q = {.log_id = 1, .ids = two, .n_ids = 2, .records = 3, .max_len = 0x80};

	/* A1: the last three, oldest first */
	int n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_LAST_PRESENT, &q, req,
	                             sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(m.log.n_records, 3);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 0), day->newest - 2);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 2), day->newest);
	CU_ASSERT_EQUAL(m.log.newest_id, day->newest);
	CU_ASSERT_EQUAL(m.log.info, 0);
	check_values(day, &m);

	/* A2: from a record towards the present, cut at MaxL */
	q.rec_id = (uint16_t)(day->newest - 100);
	q.records = 50;
	q.max_len = 60;
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_ID_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT(m.log.n_records >= 1 && m.log.n_records < 50);
	CU_ASSERT(m.log.data_len <= 60);
	CU_ASSERT(m.log.info & (1u << 3));
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 0), day->newest - 100);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 1), day->newest - 99);
	check_values(day, &m);

	/* A2 before the oldest record: out of range, nothing */
	q.rec_id = (uint16_t)(day->oldest - 1);
	q.max_len = 0xFF;
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_ID_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 0);
	CU_ASSERT(m.log.info & (1u << 2));

	/* A2 near the newest: the end of the log cuts the window */
	q.rec_id = (uint16_t)(day->newest - 1);
	q.records = 5;
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_ID_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 2);
	CU_ASSERT(m.log.info & (1u << 4));

	/* A0: from a time towards the present */
	CU_ASSERT_EQUAL(kmp_log_time(2026, 11, 27, 12, 0, 0, q.time), KMP_OK);
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_TIME_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(m.log.n_records, 1); /* only the 28th is after noon on the 27th */
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 0), day->newest);

	/* A3: from a time towards the past */
	q.rec_id = 0;
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_TIME_PAST, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(m.log.n_records, 5);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 4), day->newest - 1);
	check_values(day, &m);

	/* a log number the module does not have */
	q.log_id = 9;
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_LAST_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 0);
	CU_ASSERT(m.log.info & 1u);

	/* A0..A3 are the module's: the meter itself (3F) does not answer them,
	 * and the module does not answer B8 */
	q.log_id = 1;
	n = kmp_build_log_module(0x3F, KMP_CID_GET_LOG_LAST_PRESENT, &q, req, sizeof req);
	CU_ASSERT_EQUAL(exchange(req, n, &m), KMP_ERR_CID);
	n = kmp_build_logger_config(KMP_ADDR_LOGGER_TOP, KMP_LOGGER_DAY, req, sizeof req);
	CU_ASSERT_EQUAL(exchange(req, n, &m), KMP_ERR_CID);
	n = kmp_build_logger_config(0x3F, KMP_LOGGER_DAY, req, sizeof req);
	CU_ASSERT_EQUAL(exchange(req, n, &m), KMP_ERR_CID); /* a 601 keeps no B8 logger */
	hist.module = 0;
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_LAST_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL(exchange(req, n, &m), KMP_ERR_CID);
}

static void test_event_status(void)
{
	setup();
	uint8_t req[16];
	static kmp_msg m;
	int n = kmp_build_get_event_status(0x3F, req, sizeof req);
	CU_ASSERT_EQUAL_FATAL(exchange(req, n, &m), KMP_OK);
	CU_ASSERT(!memcmp(m.event_status, "\x00\x00\x01\x00", 4));
}

/* Through the core, as kmpsim serves it: the built-in meter answers B8, a
 * map meter (no loggers) treats it as unusable data. */
typedef struct capture {
	kmpsim_result result;
	size_t reply_len;
} capture;

static void observe(void *ctx, const kmpsim_event *ev)
{
	capture *c = ctx;
	c->result = ev->result;
	c->reply_len = ev->reply_len;
}

static kmpsim_result core_result(const kmpsim_history *h, const uint8_t *req, int n,
                                 size_t *reply_len)
{
	static kmpsim_core core;
	static kmpsim_meter meter;
	static kmpsim_map map;
	kmpsim_meter_init(&meter, 1, h ? NULL : &map);
	meter.history = h;
	/* a meter with a logger module answers at its address (the 601 profile) */
	meter.module_address = h && h->module ? KMP_ADDR_LOGGER_TOP : 0;
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	kmpsim_core_init(&core, &p, &meter, 1, 0);
	capture cap = {KMPSIM_ASLEEP, 0};
	kmpsim_core_set_observer(&core, observe, &cap);
	kmpsim_core_input(&core, 0, req, (size_t)n);
	kmpsim_core_tick(&core, 100000);
	*reply_len = cap.reply_len;
	return cap.result;
}

static void test_core_answers(void)
{
	setup();
	uint8_t req[64];
	size_t len;
	const uint16_t ids[] = {60};
	int n = kmp_build_logger_by_id(0x3F, KMP_LOGGER_DAY, hist.loggers[2].newest, 400, ids, 1,
	                               req, sizeof req);
	CU_ASSERT_EQUAL(core_result(&hist, req, n, &len), KMPSIM_ANSWERED);
	CU_ASSERT(len > 100);
	CU_ASSERT_EQUAL(core_result(NULL, req, n, &len), KMPSIM_UNUSABLE);
	n = kmp_build_get_event_status(0x3F, req, sizeof req);
	CU_ASSERT_EQUAL(core_result(&hist, req, n, &len), KMPSIM_ANSWERED);
	/* the module's address is another device's unless the meter has one */
	kmp_log_query q = {.log_id = 1, .ids = ids, .n_ids = 1, .records = 1, .max_len = 0xFF};
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_LAST_PRESENT, &q, req,
	                         sizeof req);
	CU_ASSERT_EQUAL(core_result(&hist, req, n, &len), KMPSIM_OTHER_ADDRESS);
	hist.module = 1;
	CU_ASSERT_EQUAL(core_result(&hist, req, n, &len), KMPSIM_ANSWERED);
	hist.module = 0;
}

/* kmpsim --log names the logger commands: subcommand, logger, IDs. */
static void test_log_names_logger_requests(void)
{
	uint8_t raw[64];
	static kmp_frame f;
	static kmp_msg m;
	const uint16_t ids[] = {1002, 60};
	int n = kmp_build_logger_by_id(0x3F, KMP_LOGGER_DAY, 1460, 12, ids, 2, raw, sizeof raw);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(raw, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	kmpsim_event ev = {.result = KMPSIM_ANSWERED,
	                   .raw = raw,
	                   .raw_len = (size_t)n,
	                   .frame = &f,
	                   .msg = &m,
	                   .quality = 100,
	                   .reply_len = 99};
	struct timespec wall = {.tv_sec = 1795255200, .tv_nsec = 0};
	char line[KMPSIM_LOG_LINE_MAX];
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"command\":\"Logger\",\"subcommand\":"
	                                    "\"GetLogIDPastAbs\",\"logger\":\"day\","
	                                    "\"log_id\":1460,\"entries\":12,\"ids\":[1002,60]"));
	n = kmp_build_logger_last(0x3F, KMP_LOGGER_HOUR, 0xFFFF, 1, ids, 1, raw, sizeof raw);
	kmp_frame_decode(raw, (size_t)n, &f);
	kmp_msg_decode(&f, -1, &m);
	ev.raw_len = (size_t)n;
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"subcommand\":\"GetLogLastEntryPastAbs\","
	                                    "\"logger\":\"hour\",\"offset\":65535,"
	                                    "\"entries\":1,\"ids\":[1002]"));
	kmp_log_query q = {.log_id = 1, .ids = ids, .n_ids = 2, .records = 3, .rec_id = 77};
	n = kmp_build_log_module(KMP_ADDR_LOGGER_TOP, KMP_CID_GET_LOG_ID_PRESENT, &q, raw,
	                         sizeof raw);
	kmp_frame_decode(raw, (size_t)n, &f);
	kmp_msg_decode(&f, -1, &m);
	ev.raw_len = (size_t)n;
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"command\":\"GetLogIdPresent\",\"log\":1,"
	                                    "\"records\":3,\"record_id\":77,\"ids\":[1002,60]"));
}

static void test_options(void)
{
	kmpsim_config c;
	kmpsim_action a;
	char err[256];
	char *ok[] = {"kmpsim", "--dump-logger", "day", "--logger-time", "2026-11-28T12:30"};
	kmpsim_config_default(&c);
	CU_ASSERT_EQUAL(kmpsim_parse_args(5, ok, &c, &a, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(a, KMPSIM_DUMP);
	CU_ASSERT_STRING_EQUAL(c.dump_logger, "day");
	CU_ASSERT_STRING_EQUAL(c.logger_time, "2026-11-28T12:30");
	char *bad_time[] = {"kmpsim", "--logger-time", "2026-02-30"};
	kmpsim_config_default(&c);
	CU_ASSERT_EQUAL(kmpsim_parse_args(3, bad_time, &c, &a, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "2026-02-30"));
	char *bad_name[] = {"kmpsim", "--dump-logger", "minute"};
	kmpsim_config_default(&c);
	CU_ASSERT_EQUAL(kmpsim_parse_args(3, bad_name, &c, &a, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "year, month, day or hour"));
	/* the dump is the same whatever time it is: fixed by --logger-time */
	kmpsim_config_default(&c);
	CU_ASSERT_EQUAL_FATAL(kmpsim_parse_args(5, ok, &c, &a, err, sizeof err), KMP_OK);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
	CU_ASSERT_EQUAL(kmpsim_dump_logger(&c, mem, err, sizeof err), KMP_OK);
	fclose(mem);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "{\"logger\":\"day\",\"registers\":[1003,1002,348,"
	                                    "60,68,97,110,99,1004],\"records\":[\n{\"log_id\":1460,"
	                                    "\"time\":\"2026-11-28 00:00:00\",\"values\":{"
	                                    "\"1003\":{\"value\":\"261128\",\"unit\":48}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "{\"log_id\":1001,\"time\":\"2025-08-26 00:00:00\""));
	CU_ASSERT_PTR_NULL(strstr(text, "\"log_id\":1000,"));
	free(text);
}

TEST_SUITE(sim_logger_suite)
{
	CU_pSuite s = CU_add_suite("sim loggers", NULL, NULL);
	TEST_ADD(s, test_when_parse);
	TEST_ADD(s, test_loggers_shape);
	TEST_ADD(s, test_records_plausible);
	TEST_ADD(s, test_b8_config);
	TEST_ADD(s, test_b8_records);
	TEST_ADD(s, test_module_records);
	TEST_ADD(s, test_event_status);
	TEST_ADD(s, test_core_answers);
	TEST_ADD(s, test_log_names_logger_requests);
	TEST_ADD(s, test_options);
}
