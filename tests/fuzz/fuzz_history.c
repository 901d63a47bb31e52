/* fuzz_history.c - libFuzzer target for the logger reading's decisions
 * (kmp_hist, the pure state machine under `kmpterm history`), against the
 * simulator's loggers as a library.
 *
 * The input picks a reading (B8 or a logger module, the logger, some of its
 * registers, --last, records already known from a --resume file), then one
 * outcome per request: the simulated meter's genuine reply, any failure, a
 * link drop, a pause, or the genuine reply with one byte of its data
 * changed and the frame rebuilt with a good CRC (a meter that contradicts
 * itself, or answers something else).  Asserted throughout:
 *  - every request is B8 05/06/07 or A1/A2: read-only;
 *  - a record is reported complete once, inside the range, never a known
 *    one, with a value for every register;
 *  - the reading ends (bounded);
 *  - while every reply was genuine, every value is the simulator's. */
#include <stdint.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_history.c:%d: %s\n", __LINE__, #cond);               \
			__builtin_trap();                                                          \
		}                                                                                  \
	} while (0)

static kmpsim_history sim;
static kmp_hist h;
static kmp_msg req_msg, reply;
static kmp_frame f, rf;
static uint8_t seen[0x10001]; /* by hi - id: a range holds at most 0x10000 */

typedef struct input {
	const uint8_t *p;
	size_t n;
} input;

static uint8_t take(input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* The simulated meter's answer to req: KMP_OK with reply filled, or
 * a failure.  mutate >= 0: change data byte mutate % len first. */
static int answer(const kmp_request *req, uint8_t addr, int mutate, uint8_t with)
{
	uint8_t wire[128], out[KMP_FRAME_MAX];
	size_t n;
	CHECK(kmp_request_encode(req, addr, wire, sizeof wire, &n) == KMP_OK);
	CHECK(kmp_frame_decode(wire, n, &f) == KMP_OK);
	CHECK(kmp_msg_decode(&f, -1, &req_msg) == KMP_OK);
	int read = (req_msg.cid == KMP_CID_LOGGER &&
	            (req_msg.log.sub == KMP_B8_GET_CONFIG ||
	             req_msg.log.sub == KMP_B8_GET_LOG_ID_PAST_ABS ||
	             req_msg.log.sub == KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS)) ||
	           req_msg.cid == KMP_CID_GET_LOG_LAST_PRESENT ||
	           req_msg.cid == KMP_CID_GET_LOG_ID_PRESENT;
	CHECK(read);
	if (kmpsim_history_check(&sim, f.addr == KMP_ADDR_LOGGER_TOP, &req_msg) != -1)
		return KMP_ERR_TIMEOUT;
	int k = kmpsim_history_reply(&sim, f.addr, &req_msg, out, sizeof out);
	CHECK(k > 0);
	CHECK(kmp_frame_decode(out, (size_t)k, &rf) == KMP_OK);
	if (mutate >= 0 && rf.data_len) {
		rf.data[(size_t)mutate % rf.data_len] ^= with ? with : 1;
		k = kmp_frame_encode(KMP_START_REPLY, rf.addr, rf.cid, rf.data, rf.data_len, out,
		                     sizeof out);
		CHECK(k > 0);
		CHECK(kmp_frame_decode(out, (size_t)k, &rf) == KMP_OK);
	}
	return kmp_msg_decode(&rf, req_msg.cid, &reply);
}

static void check_values(void)
{
	const kmpsim_logger *lg = h.cfg.kind == KMP_HIST_B8
	                                  ? kmpsim_history_logger(&sim, h.cfg.logger)
	                                  : kmpsim_history_module_log(&sim, h.cfg.logger);
	for (size_t k = 0; k < h.n_recs; k++) {
		uint32_t id = h.hi - (uint32_t)k;
		if (kmp_hist_record_state(&h, id) != KMP_HIST_COMPLETE)
			continue;
		for (size_t i = 0; i < h.n_regs; i++) {
			kmp_hist_val got;
			kmp_value want;
			uint8_t unit;
			CHECK(kmp_hist_value(&h, id, i, &got) == KMP_OK);
			CHECK(kmpsim_history_value(&sim, lg, id, h.regs[i], &unit, &want) ==
			      KMP_OK);
			CHECK(got.unit == unit && got.v.len == want.len &&
			      got.v.sign_exp == want.sign_exp &&
			      !memcmp(got.v.mantissa, want.mantissa, want.len));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	input in = {data, size};
	kmpsim_when w = {2026, 11, 28, 12, 30, 0};
	CHECK(kmpsim_history_init(&sim, &w) == KMP_OK);
	kmp_hist_config cfg;
	kmp_hist_config_default(&cfg);
	uint8_t pick = take(&in);
	cfg.kind = pick & 1 ? KMP_HIST_MODULE : KMP_HIST_B8;
	sim.module = cfg.kind == KMP_HIST_MODULE;
	cfg.logger = cfg.kind == KMP_HIST_B8 ? (uint8_t)(KMP_LOGGER_YEAR + (pick >> 1) % 6)
	                                     : (uint8_t)(1 + (pick >> 1) % 5);
	static const uint16_t regs[] = {1003, 1002, 348, 60, 68, 97, 110, 99, 1004, 74};
	uint16_t mask = (uint16_t)(take(&in) | take(&in) << 8);
	for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++)
		if (mask >> i & 1)
			cfg.ids[cfg.n_ids++] = regs[i];
	if (cfg.kind == KMP_HIST_MODULE && cfg.n_ids == 0)
		cfg.ids[cfg.n_ids++] = 60;
	uint8_t last = take(&in);
	cfg.last = last < 128 ? 0 : last - 127u;
	cfg.attempts = 1 + take(&in) % 3;
	cfg.passes = 1 + take(&in) % 2;
	uint8_t addr = cfg.kind == KMP_HIST_B8 ? KMP_ADDR_HEAT : KMP_ADDR_LOGGER_TOP;
	CHECK(kmp_hist_init(&h, &cfg) == KMP_OK);
	uint8_t known = take(&in);
	for (unsigned i = 0; i < known % 8; i++)
		CHECK(kmp_hist_mark_known(&h, 1400u + take(&in)) == KMP_OK);
	memset(seen, 0, sizeof seen);

	int genuine = 1;
	kmp_request req;
	kmp_hist_outcome oc;
	for (unsigned long turns = 0; turns < 20000; turns++) {
		if (!kmp_hist_next(&h, &req)) {
			if (h.state != KMP_HIST_PAUSED)
				break;
			kmp_hist_resume(&h);
			continue;
		}
		uint8_t what = in.n ? take(&in) : 0;
		int st;
		switch (what >> 5) {
		case 5: /* a failure of any kind */
			st = -(int)(1 + what % 21);
			if (st == KMP_ERR_CLOSED || st == KMP_OK)
				st = KMP_ERR_TIMEOUT;
			break;
		case 6: { /* a reply that contradicts itself or answers something else */
			uint8_t at = take(&in), with = take(&in);
			st = answer(&req, addr, at, with);
			genuine = 0;
			break;
		}
		case 7:
			if (what & 1) { /* the link drops */
				st = KMP_ERR_CLOSED;
			} else { /* the client refused it: never sent */
				kmp_hist_unsend(&h);
				continue;
			}
			break;
		default:
			st = answer(&req, addr, -1, 0);
			break;
		}
		kmp_hist_on_result(&h, st, st == KMP_OK ? &reply : NULL, &oc);
		for (size_t i = 0; i < oc.n_complete; i++) {
			uint32_t id = oc.complete[i];
			CHECK(id >= h.lo && id <= h.hi && h.hi - id < sizeof seen);
			CHECK(!seen[h.hi - id]++);
			CHECK(kmp_hist_record_state(&h, id) == KMP_HIST_COMPLETE);
			for (size_t r = 0; r < h.n_regs; r++) {
				kmp_hist_val v;
				CHECK(kmp_hist_value(&h, id, r, &v) == KMP_OK);
			}
		}
		if (what == 0xFE) {
			kmp_hist_pause(&h, KMP_HIST_PAUSE_USER);
			kmp_hist_resume(&h);
		}
	}
	CHECK(h.state != KMP_HIST_RUNNING);
	for (size_t i = 0; i < h.n_known; i++)
		CHECK(h.known[i] > h.hi || h.known[i] < h.lo || !seen[h.hi - h.known[i]]);
	if (genuine)
		check_values();
	kmp_hist_free(&h);
	return 0;
}
