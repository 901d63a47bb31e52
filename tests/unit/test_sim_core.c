/* The simulator's request state machine, driven with made-up time: replies
 * decode to the exact map values, missing IDs are left out, writes are never
 * answered, the 27 ms and 1.6 s rules, pacing, half duplex, sleep, quality,
 * and faults that replay exactly from a seed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/rx.h"
#include "kmp/value.h"
#include "sim/sim_core.h"
#include "sim/sim_map.h"
#include "sim/sim_meter.h"
#include "testing.h"

#define MS 1000LL
#define SEC 1000000LL
#define T0 (1000 * SEC) /* any origin: the core only looks at differences */

/* ---- harness ---- */

#define MAX_EVENTS 256

typedef struct fixture {
	kmpsim_core core;
	kmpsim_meter meter;
	kmpsim_map map;
	kmpsim_result results[MAX_EVENTS];
	int errors[MAX_EVENTS];
	int64_t times[MAX_EVENTS];
	int n_events;
	uint8_t out[8192]; /* everything the core put on the line */
	size_t out_len;
} fixture;

static void observe(void *ctx, const kmpsim_event *ev)
{
	fixture *f = ctx;
	if (f->n_events < MAX_EVENTS) {
		f->results[f->n_events] = ev->result;
		f->errors[f->n_events] = ev->error;
		f->times[f->n_events] = ev->t_us;
		f->n_events++;
	}
}

static const char test_map[] = "60 8 4 123.45\n"
                               "68 40 4 1875.56\n"
                               "74 41 2 245\n"
                               "80 22 2 0.0\n"
                               "86 37 2 53.65\n"
                               "89 38 2 -7.86\n"
                               "1002 47 4 200243\n"
                               "1004 46 4 132293\n";

/* No pacing, 50 ms latency, the test map (map = 0: built-in registers). */
static fixture *setup(const kmpsim_core_params *p, int map)
{
	fixture *f = calloc(1, sizeof *f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char err[128];
	if (map)
		CU_ASSERT_EQUAL_FATAL(
		        kmpsim_map_parse(test_map, strlen(test_map), &f->map, err, sizeof err),
		        KMP_OK);
	kmpsim_meter_init(&f->meter, 67123456, map ? &f->map : NULL);
	kmpsim_core_params def;
	if (!p) {
		kmpsim_core_params_default(&def);
		def.pace = 0;
		p = &def;
	}
	kmpsim_core_init(&f->core, p, &f->meter, 42, T0);
	kmpsim_core_set_observer(&f->core, observe, f);
	return f;
}

static void feed(fixture *f, int64_t t, const uint8_t *p, size_t n)
{
	kmpsim_core_input(&f->core, t, p, n);
}

static void feed_hex(fixture *f, int64_t t, const char *hex)
{
	uint8_t b[256];
	int n = test_hex(hex, b, sizeof b);
	CU_ASSERT_FATAL(n >= 0);
	feed(f, t, b, (size_t)n);
}

/* Run the clock to t, collecting output the way the poll loop would: at
 * each deadline. */
static void run_until(fixture *f, int64_t t)
{
	for (;;) {
		int64_t d = kmpsim_core_deadline(&f->core);
		int64_t now = d < t ? d : t;
		size_t n = kmpsim_core_output(&f->core, now, f->out + f->out_len,
		                              sizeof f->out - f->out_len);
		f->out_len += n;
		if (now >= t && kmpsim_core_deadline(&f->core) > t)
			return;
	}
}

static void reset_out(fixture *f)
{
	f->out_len = 0;
	f->n_events = 0;
}

/* Replies found in the output (echo excluded). */
typedef struct frames {
	int n_reply, n_echo, n_other;
	kmp_frame reply[8];
} frames;

static void collect(void *ctx, const kmp_rx_event *ev)
{
	frames *fr = ctx;
	if (ev->kind == KMP_RX_FRAME && fr->n_reply < 8)
		fr->reply[fr->n_reply++] = *ev->frame;
	else if (ev->kind == KMP_RX_ECHO)
		fr->n_echo++;
	else
		fr->n_other++;
}

static void split(const uint8_t *p, size_t n, frames *fr)
{
	static kmp_rx rx;
	memset(fr, 0, sizeof *fr);
	kmp_rx_init(&rx, collect, fr);
	kmp_rx_feed(&rx, p, n);
	kmp_rx_flush(&rx);
}

static size_t get_register(const uint16_t *ids, size_t n, uint8_t *out)
{
	int len = kmp_build_get_register(KMP_ADDR_HEAT, ids, n, out, KMP_FRAME_MAX);
	CU_ASSERT_FATAL(len > 0);
	return (size_t)len;
}

static const char serial_req[] = "80 3F 02 35 E9 0D";

static void answered_at(fixture *f, int64_t t)
{
	/* a GetSerialNo at t is answered */
	reset_out(f);
	feed_hex(f, t, serial_req);
	run_until(f, t + SEC);
	frames fr;
	split(f->out, f->out_len, &fr);
	CU_ASSERT_EQUAL(fr.n_reply, 1);
	CU_ASSERT_EQUAL(f->n_events, 1);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_ANSWERED);
}

static void silent_at(fixture *f, int64_t t, kmpsim_result why)
{
	reset_out(f);
	feed_hex(f, t, serial_req);
	run_until(f, t + SEC / 2);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL(f->n_events, 1);
	CU_ASSERT_EQUAL(f->results[0], why);
}

/* ---- replies ---- */

static void test_register_reply_exact(void)
{
	fixture *f = setup(NULL, 1);
	uint16_t ids[] = {60, 999, 68, 80, 89, 1002, 5};
	uint8_t req[KMP_FRAME_MAX];
	feed(f, T0 + SEC, req, get_register(ids, 7, req));
	run_until(f, T0 + 2 * SEC);

	frames fr;
	split(f->out, f->out_len, &fr);
	CU_ASSERT_EQUAL_FATAL(fr.n_reply, 1);
	static kmp_msg m;
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr.reply[0], KMP_CID_GET_REGISTER, &m), KMP_OK);
	CU_ASSERT_EQUAL(fr.reply[0].addr, KMP_ADDR_HEAT);
	/* 999 and 5 are not in the map: left out, the rest in request order */
	CU_ASSERT_EQUAL_FATAL(m.n_records, 5);
	CU_ASSERT_PTR_NULL(kmp_msg_find(&m, 999));
	CU_ASSERT_PTR_NULL(kmp_msg_find(&m, 5));
	static const struct {
		uint16_t id;
		uint8_t unit;
		const char *text;
		uint8_t len;
	} want[] = {
	        {60, 8, "123.45", 4}, {68, 40, "1875.56", 4},  {80, 22, "0.0", 2},
	        {89, 38, "-7.86", 2}, {1002, 47, "200243", 4},
	};
	for (size_t i = 0; i < 5; i++) {
		const kmp_record *r = kmp_msg_find(&m, want[i].id);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		CU_ASSERT_EQUAL(r->unit, want[i].unit);
		CU_ASSERT_EQUAL(r->value.len, want[i].len);
		char text[KMP_VALUE_TEXT_MAX];
		CU_ASSERT(kmp_value_format(&r->value, text, sizeof text) > 0);
		CU_ASSERT_STRING_EQUAL(text, want[i].text);
		CU_ASSERT_EQUAL(m.records[i].id, want[i].id);
	}
	free(f);
}

static void test_type_and_serial(void)
{
	fixture *f = setup(NULL, 0);
	feed_hex(f, T0, "80 3F 01 05 8A 0D");
	run_until(f, T0 + SEC);
	feed_hex(f, T0 + 2 * SEC, serial_req);
	run_until(f, T0 + 3 * SEC);
	frames fr;
	split(f->out, f->out_len, &fr);
	CU_ASSERT_EQUAL_FATAL(fr.n_reply, 2);
	static kmp_msg m;
	CU_ASSERT_EQUAL(kmp_msg_decode(&fr.reply[0], KMP_CID_GET_TYPE, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.type.meter_type, KMPSIM_METER_TYPE);
	CU_ASSERT_EQUAL(m.type.sw_letter, 11);
	CU_ASSERT_EQUAL(m.type.sw_number, 1);
	CU_ASSERT_EQUAL(kmp_msg_decode(&fr.reply[1], KMP_CID_GET_SERIAL, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.serial, 67123456u);
	free(f);
}

static void test_builtin_values(void)
{
	fixture *f = setup(NULL, 0);
	/* a fixed wall clock at T0 + 90 s; the meter shows local time */
	int64_t wall = 1795255200LL * SEC;
	kmpsim_core_set_wall_offset(&f->core, wall - (T0 + 90 * SEC));
	uint16_t ids[] = {86, 87, 89, 74, 80, 60, 1002, 1003};
	uint8_t req[KMP_FRAME_MAX];
	feed(f, T0 + 90 * SEC, req, get_register(ids, 8, req));
	run_until(f, T0 + 91 * SEC);
	frames fr;
	split(f->out, f->out_len, &fr);
	CU_ASSERT_EQUAL_FATAL(fr.n_reply, 1);
	static kmp_msg m;
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr.reply[0], KMP_CID_GET_REGISTER, &m), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(m.n_records, 8);

	const kmp_record *t1 = kmp_msg_find(&m, 86), *t2 = kmp_msg_find(&m, 87),
	                 *dt = kmp_msg_find(&m, 89), *e1 = kmp_msg_find(&m, 60),
	                 *clk = kmp_msg_find(&m, 1002), *date = kmp_msg_find(&m, 1003);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dt);
	CU_ASSERT_EQUAL(t1->unit, 37);
	CU_ASSERT_EQUAL(t1->value.len, 2); /* MULTICAL 40x: 2-byte temperatures */
	CU_ASSERT_EQUAL(e1->value.len, 4);
	CU_ASSERT_EQUAL(kmp_value_exponent(&t1->value), -2);
	/* T1-T2 is exactly the difference of the integers sent */
	int m1 = t1->value.mantissa[0] << 8 | t1->value.mantissa[1];
	int m2 = t2->value.mantissa[0] << 8 | t2->value.mantissa[1];
	int md = dt->value.mantissa[0] << 8 | dt->value.mantissa[1];
	CU_ASSERT_EQUAL(md, m1 - m2);
	CU_ASSERT(m1 > 5000 && m1 < 8000);
	CU_ASSERT_EQUAL(kmp_msg_find(&m, 80)->value.sign_exp, 0x41); /* one decimal, kW */

	time_t s = 1795255200;
	struct tm lt;
	localtime_r(&s, &lt);
	char want[16], text[32];
	snprintf(want, sizeof want, "%02d:%02d:%02d", lt.tm_hour, lt.tm_min, lt.tm_sec);
	CU_ASSERT(kmp_value_text(&clk->value, clk->unit, text, sizeof text) > 0);
	CU_ASSERT_STRING_EQUAL(text, want);
	snprintf(want, sizeof want, "%04d-%02d-%02d", lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	CU_ASSERT(kmp_value_text(&date->value, date->unit, text, sizeof text) > 0);
	CU_ASSERT_STRING_EQUAL(text, want);
	free(f);
}

/* Every built-in register answers with a value that fits its length, and
 * energy never runs backwards. */
static void test_builtin_all(void)
{
	kmpsim_meter mt;
	kmpsim_meter_init(&mt, 67123456, NULL);
	struct tm lt = {.tm_year = 126, .tm_mon = 10, .tm_mday = 21, .tm_hour = 23, .tm_min = 59};
	kmp_value prev = {0};
	for (int64_t t = 0; t < 48LL * 3600 * 1000; t += 997 * 61) {
		for (size_t i = 0; i < kmpsim_meter_builtin_count(); i++) {
			uint8_t unit;
			kmp_value v;
			CU_ASSERT_EQUAL(kmpsim_meter_read(&mt, kmpsim_meter_builtin_id(i), t, &lt,
			                                  &unit, &v),
			                KMP_OK);
		}
		uint8_t unit;
		kmp_value e1;
		kmpsim_meter_read(&mt, 60, t, &lt, &unit, &e1);
		if (prev.len)
			CU_ASSERT(kmp_value_cmp(&prev, &e1) <= 0);
		prev = e1;
	}
	uint8_t unit;
	kmp_value v;
	CU_ASSERT_EQUAL(kmpsim_meter_read(&mt, 155, 0, &lt, &unit, &v), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmpsim_meter_read(&mt, 1001, 0, &lt, &unit, &v), KMP_OK);
	char text[32];
	kmp_value_format(&v, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "67123456");
}

/* ---- what the meter refuses ---- */

static void test_writes_never_answered(void)
{
	fixture *f = setup(NULL, 1);
	static const uint8_t cids[] = {KMP_CID_SET_CLOCK, KMP_CID_PUT_REGISTER,
	                               KMP_CID_CLEAR_EVENT_STATUS};
	static const uint8_t data[] = {0x00, 0x01, 0x14, 0x4A, 0x00, 0x02, 0x77, 0x15};
	for (size_t i = 0; i < 3; i++) {
		uint8_t req[64];
		int n = kmp_frame_encode(KMP_START_REQUEST, KMP_ADDR_HEAT, cids[i], data,
		                         sizeof data, req, sizeof req);
		CU_ASSERT_FATAL(n > 0);
		reset_out(f);
		feed(f, T0 + (int64_t)i * SEC, req, (size_t)n);
		run_until(f, T0 + (int64_t)i * SEC + SEC / 2);
		CU_ASSERT_EQUAL(f->out_len, 0); /* no ACK, nothing */
		CU_ASSERT_EQUAL(f->n_events, 1);
		CU_ASSERT_EQUAL(f->results[0], KMPSIM_REFUSED);
	}
	/* a refused write is a good frame: no busy time follows */
	answered_at(f, T0 + 2 * SEC + SEC / 2);
	free(f);
}

static void test_other_address_ignored(void)
{
	/* GetType to 0x3A (reference vector): not ours */
	fixture *f = setup(NULL, 1);
	feed_hex(f, T0, "80 3A 01 FA 7F 0D");
	run_until(f, T0 + SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_OTHER_ADDRESS);
	answered_at(f, T0 + SEC + 10 * MS); /* and no busy time */
	free(f);
}

static void test_register_count(void)
{
	fixture *f = setup(NULL, 1);
	/* 0 IDs: data the meter cannot use */
	uint8_t data[32] = {0};
	uint8_t req[128];
	int n = kmp_frame_encode(KMP_START_REQUEST, KMP_ADDR_HEAT, KMP_CID_GET_REGISTER, data, 1,
	                         req, sizeof req);
	feed(f, T0, req, (size_t)n);
	run_until(f, T0 + SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_UNUSABLE);
	CU_ASSERT_EQUAL(f->errors[0], KMP_ERR_RANGE);
	silent_at(f, T0 + SEC, KMPSIM_BUSY);
	answered_at(f, T0 + 2 * SEC);

	/* 9 IDs */
	data[0] = 9;
	for (int i = 0; i < 9; i++)
		data[2 + 2 * i] = (uint8_t)(60 + i);
	n = kmp_frame_encode(KMP_START_REQUEST, KMP_ADDR_HEAT, KMP_CID_GET_REGISTER, data, 19, req,
	                     sizeof req);
	reset_out(f);
	feed(f, T0 + 4 * SEC, req, (size_t)n);
	run_until(f, T0 + 5 * SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_UNUSABLE);

	/* exactly 8 is fine */
	uint16_t ids[8] = {60, 68, 74, 80, 86, 89, 1002, 1004};
	reset_out(f);
	feed(f, T0 + 6 * SEC, req, get_register(ids, 8, req));
	run_until(f, T0 + 7 * SEC);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_ANSWERED);
	free(f);
}

/* ---- timing rules ---- */

static void test_gap_27ms(void)
{
	fixture *f = setup(NULL, 1);
	/* 20 ms between bytes: still one request */
	feed_hex(f, T0, "80 3F");
	run_until(f, T0 + 20 * MS);
	feed_hex(f, T0 + 20 * MS, "02 35 E9 0D");
	run_until(f, T0 + SEC);
	CU_ASSERT_EQUAL(f->n_events, 1);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_ANSWERED);
	CU_ASSERT(f->out_len > 0);

	/* 30 ms: the head of the request is discarded 27 ms after its last
	 * byte and the busy time starts there; the tail is garbage inside it */
	int64_t t = T0 + 10 * SEC;
	reset_out(f);
	feed_hex(f, t, "80 3F");
	run_until(f, t + 30 * MS);
	feed_hex(f, t + 30 * MS, "02 35 E9 0D");
	run_until(f, t + SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL_FATAL(f->n_events, 2);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_UNUSABLE);
	CU_ASSERT_EQUAL(f->errors[0], KMP_ERR_PARTIAL);
	CU_ASSERT_EQUAL(f->times[0], t + 27 * MS);
	CU_ASSERT_EQUAL(f->results[1], KMPSIM_BUSY);
	/* 1.6 s from t + 27 ms */
	silent_at(f, t + 27 * MS + 1599 * MS, KMPSIM_BUSY);
	answered_at(f, t + 27 * MS + 1600 * MS);
	free(f);
}

static void test_gap_detected_without_tick(void)
{
	/* the late byte itself reveals the gap even if no tick ran at 27 ms */
	fixture *f = setup(NULL, 1);
	feed_hex(f, T0, "80 3F 02");
	feed_hex(f, T0 + 100 * MS, "35 E9 0D");
	CU_ASSERT_EQUAL(f->n_events, 1);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_UNUSABLE);
	CU_ASSERT_EQUAL(f->times[0], T0 + 27 * MS);
	/* the tail is garbage, reported when the line goes quiet, inside the
	 * busy time */
	run_until(f, T0 + 200 * MS);
	CU_ASSERT_EQUAL(f->n_events, 2);
	CU_ASSERT_EQUAL(f->results[1], KMPSIM_BUSY);
	CU_ASSERT_EQUAL(f->errors[1], KMP_ERR_GARBAGE);
	CU_ASSERT_EQUAL(f->times[1], T0 + 127 * MS);
	free(f);
}

static void test_busy_after_bad_crc(void)
{
	fixture *f = setup(NULL, 1);
	feed_hex(f, T0, "80 3F 02 35 E8 0D"); /* CRC off by one bit */
	run_until(f, T0 + 100 * MS);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_UNUSABLE);
	CU_ASSERT_EQUAL(f->errors[0], KMP_ERR_CRC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	silent_at(f, T0 + 100 * MS, KMPSIM_BUSY);
	silent_at(f, T0 + 1599 * MS, KMPSIM_BUSY);
	answered_at(f, T0 + 1600 * MS);

	/* bad stuffing and plain garbage do the same */
	reset_out(f);
	feed_hex(f, T0 + 5 * SEC, "80 3F 1B 02 0D");
	run_until(f, T0 + 5 * SEC + 100 * MS);
	CU_ASSERT_EQUAL(f->errors[0], KMP_ERR_STUFFING);
	silent_at(f, T0 + 6 * SEC, KMPSIM_BUSY);
	reset_out(f);
	feed_hex(f, T0 + 10 * SEC, "12 34 56");
	run_until(f, T0 + 10 * SEC + 100 * MS);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_UNUSABLE);
	CU_ASSERT_EQUAL(f->errors[0], KMP_ERR_GARBAGE);
	silent_at(f, T0 + 11 * SEC, KMPSIM_BUSY);
	/* a lone 00 is not bad data */
	reset_out(f);
	feed_hex(f, T0 + 20 * SEC, "00");
	run_until(f, T0 + 20 * SEC + 100 * MS);
	CU_ASSERT_EQUAL(f->n_events, 0);
	answered_at(f, T0 + 20 * SEC + 200 * MS);
	free(f);
}

static void test_busy_ms_param(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.busy_us = 200 * MS;
	fixture *f = setup(&p, 1);
	feed_hex(f, T0, "80 3F 02 35 E8 0D");
	silent_at(f, T0 + 199 * MS, KMPSIM_BUSY);
	answered_at(f, T0 + 200 * MS);
	free(f);
}

static void test_pacing(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p); /* 1200 baud 8N2, 50 ms latency */
	fixture *f = setup(&p, 1);
	feed_hex(f, T0, serial_req);
	/* the 6-byte request arrived at once (a pty), but on a wire its last
	 * byte ends 6 byte times after its start: the 50 ms latency runs from
	 * there, then each reply byte arrives when its stop bit ends */
	int64_t start = T0 + 6 * 11 * SEC / 1200 + 50 * MS;
	run_until(f, start + 11 * SEC / 1200 - 1);
	CU_ASSERT_EQUAL(f->out_len, 0);
	run_until(f, start + 11 * SEC / 1200);
	CU_ASSERT_EQUAL(f->out_len, 1);
	/* byte i at start + (i+1) x 11/1200 s, computed from the burst start
	 * each time (rounded down per byte, so no drift builds up) */
	run_until(f, start + 2 * 11 * SEC / 1200 - 1);
	CU_ASSERT_EQUAL(f->out_len, 1);
	run_until(f, start + 2 * 11 * SEC / 1200);
	CU_ASSERT_EQUAL(f->out_len, 2);
	run_until(f, start + 10 * 11 * SEC / 1200 - 1);
	CU_ASSERT_EQUAL(f->out_len, 9);
	run_until(f, start + 10 * 11 * SEC / 1200);
	CU_ASSERT_EQUAL(f->out_len, 10); /* 40 3F 02 04 00 39 00 DB F0 0D */
	CU_ASSERT_EQUAL(kmpsim_core_deadline(&f->core), KMPSIM_NEVER);
	free(f);
}

static void test_half_duplex(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	fixture *f = setup(&p, 1);
	feed_hex(f, T0, serial_req);
	run_until(f, T0 + 60 * MS);
	/* the reply runs until 50 ms + 10 byte times = ~141.7 ms */
	feed_hex(f, T0 + 100 * MS, serial_req);
	CU_ASSERT_EQUAL(f->results[1], KMPSIM_TALKING);
	run_until(f, T0 + SEC);
	CU_ASSERT_EQUAL(f->out_len, 10);
	answered_at(f, T0 + SEC);
	free(f);
}

static void test_sleep_and_wake(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.echo = 1;
	p.sleep_after_us = 10 * SEC;
	fixture *f = setup(&p, 1);
	answered_at(f, T0 + 9 * SEC);
	/* 10 s after the last request: asleep: no reply, no busy time, but
	 * the head still echoes */
	reset_out(f);
	feed_hex(f, T0 + 19 * SEC, serial_req);
	run_until(f, T0 + 20 * SEC);
	CU_ASSERT_EQUAL(f->out_len, 6);
	CU_ASSERT_EQUAL(f->results[0], KMPSIM_ASLEEP);
	/* a request to a sleeping port does not wake it */
	CU_ASSERT(kmpsim_core_asleep(&f->core, T0 + 20 * SEC));
	kmpsim_core_wake(&f->core, T0 + 22 * SEC);
	reset_out(f);
	feed_hex(f, T0 + 22 * SEC, serial_req);
	run_until(f, T0 + 23 * SEC);
	frames fr;
	split(f->out, f->out_len, &fr);
	CU_ASSERT_EQUAL(fr.n_echo, 1);
	CU_ASSERT_EQUAL(fr.n_reply, 1);
	CU_ASSERT(!kmpsim_core_asleep(&f->core, T0 + 31 * SEC));
	CU_ASSERT(kmpsim_core_asleep(&f->core, T0 + 32 * SEC));
	free(f);
}

/* Issue 10, item 5: a meter stays awake while it is being read.  Requests
 * every 4 s keep a port with a 10 s sleep timer awake for a minute; it
 * falls asleep 10 s after the last one. */
static void test_awake_while_read(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.sleep_after_us = 10 * SEC;
	fixture *f = setup(&p, 1);
	for (int64_t t = 4 * SEC; t <= 60 * SEC; t += 4 * SEC)
		answered_at(f, T0 + t);
	CU_ASSERT(!kmpsim_core_asleep(&f->core, T0 + 69 * SEC));
	silent_at(f, T0 + 70 * SEC, KMPSIM_ASLEEP);
	free(f);
}

/* What counts as received: a request the meter ignores because it is busy
 * (inside the 1.6 s after bad data) still keeps the port awake; one the
 * light never carried to the meter (quality 0) does not. */
static void test_awake_what_counts(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.sleep_after_us = 10 * SEC;
	fixture *f = setup(&p, 1);
	/* bad CRC at 8 s starts the busy time; the request at 9 s is ignored */
	feed_hex(f, T0 + 8 * SEC, "80 3F 02 35 E8 0D");
	run_until(f, T0 + 8 * SEC + 100 * MS);
	silent_at(f, T0 + 9 * SEC, KMPSIM_BUSY);
	answered_at(f, T0 + 18 * SEC); /* awake: 9 s after the busy request */

	/* head off the window: nothing reaches the meter */
	kmpsim_core_set_quality(&f->core, 0);
	for (int64_t t = 20 * SEC; t < 28 * SEC; t += 2 * SEC)
		silent_at(f, T0 + t, KMPSIM_LOST);
	kmpsim_core_set_quality(&f->core, 100);
	silent_at(f, T0 + 28 * SEC, KMPSIM_ASLEEP); /* 10 s after the answered one */
	free(f);
}

/* ---- the optical path and faults ---- */

static void test_quality_zero_echo_only(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.echo = 1;
	fixture *f = setup(&p, 1);
	kmpsim_core_set_quality(&f->core, 0);
	for (int i = 0; i < 20; i++) {
		reset_out(f);
		feed_hex(f, T0 + i * SEC, serial_req);
		run_until(f, T0 + i * SEC + SEC / 2);
		/* exactly the request back, nothing from the meter */
		CU_ASSERT_EQUAL(f->out_len, 6);
		CU_ASSERT_EQUAL(memcmp(f->out, "\x80\x3f\x02\x35\xe9\x0d", 6), 0);
		CU_ASSERT_EQUAL(f->results[0], KMPSIM_LOST);
	}
	/* no busy time was started: back to 100 answers at once */
	kmpsim_core_set_quality(&f->core, 100);
	reset_out(f);
	feed_hex(f, T0 + 30 * SEC, serial_req);
	run_until(f, T0 + 31 * SEC);
	frames fr;
	split(f->out, f->out_len, &fr);
	CU_ASSERT_EQUAL(fr.n_reply, 1);
	free(f);
}

static void test_quality_mix(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.busy_us = 0; /* count the channel outcomes, not the busy rule */
	fixture *f = setup(&p, 1);
	kmpsim_core_set_quality(&f->core, 50);
	int count[KMPSIM_UNUSABLE + 1] = {0}, good = 0;
	for (int i = 0; i < 400; i++) {
		reset_out(f);
		feed_hex(f, T0 + i * SEC, serial_req);
		run_until(f, T0 + i * SEC + SEC / 2);
		count[f->results[0]]++;
		frames fr;
		split(f->out, f->out_len, &fr);
		int ok = fr.n_reply == 1 && fr.reply[0].status == KMP_OK;
		good += ok;
		/* what the log says matches what went on the line */
		CU_ASSERT_EQUAL(ok, f->results[0] == KMPSIM_ANSWERED);
	}
	/* P(answered) = 50 %, P(lost) = 25 %, the rest split three ways */
	CU_ASSERT(good > 160 && good < 240);
	CU_ASSERT(count[KMPSIM_LOST] > 60 && count[KMPSIM_LOST] < 140);
	CU_ASSERT(count[KMPSIM_GARBLED] > 10);
	CU_ASSERT(count[KMPSIM_CORRUPTED] > 10);
	CU_ASSERT(count[KMPSIM_TRUNCATED] > 10);
	free(f);
}

static void test_corrupt_never_valid(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.corrupt_pct = 100;
	fixture *f = setup(&p, 1);
	uint16_t ids[] = {60, 68, 74, 80, 86, 89, 1002, 1004};
	uint8_t req[KMP_FRAME_MAX];
	size_t n = get_register(ids, 8, req);
	for (int i = 0; i < 300; i++) {
		reset_out(f);
		feed(f, T0 + i * SEC, req, n);
		run_until(f, T0 + i * SEC + SEC / 2);
		CU_ASSERT_EQUAL(f->results[0], KMPSIM_CORRUPTED);
		CU_ASSERT(f->out_len > 0);
		frames fr;
		split(f->out, f->out_len, &fr);
		for (int k = 0; k < fr.n_reply; k++)
			CU_ASSERT_NOT_EQUAL(fr.reply[k].status, KMP_OK);
	}
	free(f);
}

static void test_noise_keeps_reply(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.noise_pct = 100;
	fixture *f = setup(&p, 1);
	for (int i = 0; i < 100; i++) {
		reset_out(f);
		feed_hex(f, T0 + i * SEC, serial_req);
		run_until(f, T0 + i * SEC + SEC / 2);
		CU_ASSERT(f->out_len > 10 && f->out_len <= 14);
		frames fr;
		split(f->out, f->out_len, &fr);
		int ok = 0;
		for (int k = 0; k < fr.n_reply; k++)
			ok += fr.reply[k].status == KMP_OK;
		CU_ASSERT_EQUAL(ok, 1);
	}
	free(f);
}

static void test_drop(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.pace = 0;
	p.drop_pct = 100;
	fixture *f = setup(&p, 1);
	silent_at(f, T0, KMPSIM_DROPPED);
	/* the meter heard a good request: no busy time, the next is dropped too */
	silent_at(f, T0 + 100 * MS, KMPSIM_DROPPED);
	free(f);
}

/* Two cores with the same seed, fed the same requests, put the same bytes
 * on the line at the same times; another seed does not. */
static size_t faulty_run(uint64_t seed, uint8_t *out, size_t cap, kmpsim_result *res)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.echo = 1;
	p.drop_pct = 20;
	p.corrupt_pct = 20;
	p.noise_pct = 30;
	p.stray_zero = 1;
	p.busy_us = 100 * MS;
	fixture *f = setup(&p, 1);
	kmpsim_core_init(&f->core, &p, &f->meter, seed, T0);
	kmpsim_core_set_observer(&f->core, observe, f);
	kmpsim_core_set_quality(&f->core, 70);
	size_t len = 0;
	for (int i = 0; i < 60; i++) {
		f->out_len = 0;
		feed_hex(f, T0 + i * SEC, i % 2 ? serial_req : "80 3F 10 01 00 3C B2 5F 0D");
		run_until(f, T0 + i * SEC + 990 * MS);
		/* stamp the burst with its index so timing differences show */
		if (len + f->out_len + 1 < cap) {
			out[len++] = (uint8_t)i;
			memcpy(out + len, f->out, f->out_len);
			len += f->out_len;
		}
	}
	memcpy(res, f->results, sizeof f->results);
	free(f);
	return len;
}

static void test_seed_reproducible(void)
{
	static uint8_t a[8192], b[8192], c[8192];
	static kmpsim_result ra[MAX_EVENTS], rb[MAX_EVENTS], rc[MAX_EVENTS];
	size_t na = faulty_run(7, a, sizeof a, ra);
	size_t nb = faulty_run(7, b, sizeof b, rb);
	size_t nc = faulty_run(8, c, sizeof c, rc);
	CU_ASSERT_EQUAL(na, nb);
	CU_ASSERT_EQUAL(memcmp(a, b, na), 0);
	CU_ASSERT_EQUAL(memcmp(ra, rb, sizeof ra), 0);
	CU_ASSERT(na != nc || memcmp(a, c, na) != 0);

	/* and the stream really has faults and stray zeros in it */
	frames fr;
	split(a, na, &fr);
	CU_ASSERT(fr.n_other > 0);
}

static void test_stray_zero_between_exchanges(void)
{
	kmpsim_core_params p;
	kmpsim_core_params_default(&p);
	p.stray_zero = 1;
	fixture *f = setup(&p, 1);
	int zeros = 0;
	for (int i = 0; i < 40; i++) {
		reset_out(f);
		feed_hex(f, T0 + i * SEC, serial_req);
		run_until(f, T0 + i * SEC + 990 * MS);
		frames fr;
		split(f->out, f->out_len, &fr);
		/* the reply is intact; a 00 only ever comes after it */
		CU_ASSERT_EQUAL(fr.n_reply, 1);
		CU_ASSERT_EQUAL(fr.reply[0].status, KMP_OK);
		if (f->out_len == 11) {
			CU_ASSERT_EQUAL(f->out[10], 0x00);
			zeros++;
		} else {
			CU_ASSERT_EQUAL(f->out_len, 10);
		}
	}
	CU_ASSERT(zeros > 2 && zeros < 25);
	free(f);
}

static void test_line_reset(void)
{
	fixture *f = setup(NULL, 1);
	feed_hex(f, T0, "80 3F 02");
	kmpsim_core_line_reset(&f->core, T0 + 5 * MS);
	run_until(f, T0 + SEC);
	CU_ASSERT_EQUAL(f->n_events, 0); /* the half request went with the old client */
	answered_at(f, T0 + SEC);
	free(f);
}

TEST_SUITE(sim_core_suite)
{
	CU_pSuite s = CU_add_suite("sim core", NULL, NULL);
	TEST_ADD(s, test_register_reply_exact);
	TEST_ADD(s, test_type_and_serial);
	TEST_ADD(s, test_builtin_values);
	TEST_ADD(s, test_builtin_all);
	TEST_ADD(s, test_writes_never_answered);
	TEST_ADD(s, test_other_address_ignored);
	TEST_ADD(s, test_register_count);
	TEST_ADD(s, test_gap_27ms);
	TEST_ADD(s, test_gap_detected_without_tick);
	TEST_ADD(s, test_busy_after_bad_crc);
	TEST_ADD(s, test_busy_ms_param);
	TEST_ADD(s, test_pacing);
	TEST_ADD(s, test_half_duplex);
	TEST_ADD(s, test_sleep_and_wake);
	TEST_ADD(s, test_awake_while_read);
	TEST_ADD(s, test_awake_what_counts);
	TEST_ADD(s, test_quality_zero_echo_only);
	TEST_ADD(s, test_quality_mix);
	TEST_ADD(s, test_corrupt_never_valid);
	TEST_ADD(s, test_noise_keeps_reply);
	TEST_ADD(s, test_drop);
	TEST_ADD(s, test_seed_reproducible);
	TEST_ADD(s, test_stray_zero_between_exchanges);
	TEST_ADD(s, test_line_reset);
}
