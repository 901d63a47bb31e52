/* fuzz_scan.c - libFuzzer target for the scan's decisions (kmp_scan, the
 * pure state machine under `kmpterm scan` and the scan view).
 *
 * The input picks a configuration (range, batch, attempts, stall limits,
 * passes), IDs already done from a --resume file, then one outcome per
 * request: a valid reply with any subset of the asked IDs present (in any
 * order), a reply with a record nobody asked for, any failure status, a
 * link drop, a request the client refused, a user pause.  When the input
 * ends a well-behaved meter answers the rest.  Asserted throughout:
 *  - every request is a GetRegister for 1..batch distinct IDs inside the
 *    range, none of them already settled (a valid reply told, or the
 *    --resume file did): no ID is asked again once settled;
 *  - a valid reply settles exactly the IDs it was asked, and only a valid
 *    reply settles anything;
 *  - the scan ends (bounded), and then every ID of the range is exactly
 *    one of present (with the value the meter gave), absent, unresolved;
 *    the counters agree with that. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feature/scanner.h"
#include "kmp/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			__builtin_trap();                                                          \
	} while (0)

/* What the harness knows: an ID is settled once a valid reply (or the
 * resume file) told whether it is present. */
enum { UNKNOWN, PRESENT, ABSENT };
static uint8_t truth[KMP_SCAN_IDS];
static kmp_scan scan;
static kmp_msg msg;

typedef struct input {
	const uint8_t *p;
	size_t n;
} input;

static int take(input *in, uint8_t *b)
{
	if (!in->n)
		return 0;
	*b = *in->p++;
	in->n--;
	return 1;
}

static uint8_t take0(input *in)
{
	uint8_t b = 0;
	take(in, &b);
	return b;
}

/* The value a present ID has: its own number, so a mix-up shows. */
static void value_of(uint16_t id, uint8_t *unit, kmp_value *v)
{
	char text[8];
	int k = 0;
	unsigned x = id;
	char rev[8];
	do {
		rev[k++] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	for (int i = 0; i < k; i++)
		text[i] = rev[k - 1 - i];
	text[k] = '\0';
	*unit = (uint8_t)(id & 0xFF);
	CHECK(kmp_value_from_text(text, 4, v) == KMP_OK);
}

static void check_request(const kmp_request *req)
{
	CHECK(req->cid == KMP_CID_GET_REGISTER);
	CHECK(req->n_ids >= 1 && req->n_ids <= scan.cfg.batch);
	for (size_t i = 0; i < req->n_ids; i++) {
		uint16_t id = req->ids[i];
		CHECK(id >= scan.cfg.from && id <= scan.cfg.to);
		CHECK(truth[id] == UNKNOWN); /* never asked again once settled */
		CHECK(!kmp_scan_is_done(&scan, id));
		for (size_t j = 0; j < i; j++)
			CHECK(req->ids[j] != id);
	}
}

/* A valid reply: present[i] says whether req->ids[i] has a record. */
static void reply(const kmp_request *req, uint8_t mask, int reversed, int stray)
{
	memset(&msg, 0, sizeof msg);
	msg.dir = KMP_DIR_REPLY;
	msg.cid = KMP_CID_GET_REGISTER;
	for (size_t k = 0; k < req->n_ids; k++) {
		size_t i = reversed ? req->n_ids - 1 - k : k;
		if (!(mask >> i & 1))
			continue;
		kmp_record *r = &msg.records[msg.n_records++];
		r->id = req->ids[i];
		value_of(r->id, &r->unit, &r->value);
	}
	if (stray) {
		/* a record for an ID nobody asked: the reply is not ours */
		kmp_record *r = &msg.records[msg.n_records++];
		r->id = (uint16_t)(req->ids[0] ^ 0x8000);
		value_of(r->id, &r->unit, &r->value);
	}
}

static void settle(const kmp_request *req, uint8_t mask, const kmp_scan_outcome *oc)
{
	/* every asked ID resolved, each exactly once, and only those */
	CHECK(oc->n_resolved == req->n_ids);
	CHECK(oc->n_set_aside == 0 && !oc->split);
	size_t n_present = 0;
	for (size_t i = 0; i < req->n_ids; i++) {
		int found = 0;
		for (size_t k = 0; k < oc->n_resolved; k++)
			found += oc->resolved[k] == req->ids[i];
		CHECK(found == 1);
		truth[req->ids[i]] = (mask >> i & 1) ? PRESENT : ABSENT;
		n_present += mask >> i & 1;
	}
	CHECK(oc->n_new == n_present);
	for (size_t k = 0; k < oc->n_new; k++)
		CHECK(truth[oc->new_ids[k]] == PRESENT);
}

static const int failures[] = {
        KMP_ERR_TIMEOUT, KMP_ERR_ECHO_ONLY, KMP_ERR_CRC,    KMP_ERR_STUFFING,
        KMP_ERR_PARTIAL, KMP_ERR_GARBAGE,   KMP_ERR_LENGTH, KMP_ERR_FRAMING,
        KMP_ERR_CID,     KMP_ERR_RANGE,     KMP_ERR_DATA,   KMP_ERR_CLOSED,
};

/* One request and its outcome; returns 0 when the scan has nothing to
 * send.  in NULL: the well-behaved meter of the end game. */
static int step(input *in)
{
	kmp_request req;
	kmp_scan_outcome oc;
	if (scan.state == KMP_SCAN_PAUSED)
		kmp_scan_resume(&scan);
	if (!kmp_scan_next(&scan, &req)) {
		CHECK(scan.state == KMP_SCAN_DONE);
		return 0;
	}
	check_request(&req);
	uint32_t done_before = scan.n_done;
	uint8_t op = in ? take0(in) : 0, arg = in ? take0(in) : 0;
	if (!in) {
		/* present when the ID's hash says so: some present, some absent */
		arg = 0;
		for (size_t i = 0; i < req.n_ids; i++)
			arg |= (uint8_t)(((req.ids[i] * 2654435761u) >> 31) << i);
	}
	switch (op % 8) {
	case 0:
	case 1:
	case 2: /* a valid reply */
		reply(&req, arg, op & 0x10, 0);
		kmp_scan_on_result(&scan, KMP_OK, &msg, &oc);
		settle(&req, arg, &oc);
		CHECK(scan.n_done == done_before + req.n_ids);
		return 1;
	case 3: /* a failure: nothing settled */
		kmp_scan_on_result(&scan, failures[arg % (sizeof failures / sizeof failures[0])],
		                   NULL, &oc);
		break;
	case 4: /* a CRC-valid reply carrying an unasked ID: not ours */
		reply(&req, arg, op & 0x10, 1);
		kmp_scan_on_result(&scan, KMP_OK, &msg, &oc);
		break;
	case 5: /* the client refused the request: nothing went out */
		kmp_scan_unsend(&scan);
		return 1;
	case 6: /* the user pauses; the next step resumes */
		kmp_scan_on_result(&scan, KMP_ERR_TIMEOUT, NULL, &oc);
		kmp_scan_pause(&scan, KMP_SCAN_PAUSE_USER);
		break;
	case 7: /* "OK" without a message can never settle anything */
		kmp_scan_on_result(&scan, KMP_OK, NULL, &oc);
		break;
	}
	CHECK(oc.n_resolved == 0 && oc.n_new == 0);
	CHECK(scan.n_done == done_before);
	for (size_t i = 0; i < oc.n_set_aside; i++)
		CHECK(truth[oc.set_aside[i]] == UNKNOWN);
	return 1;
}

static void check_end(void)
{
	static uint16_t unresolved[KMP_SCAN_IDS];
	CHECK(scan.state == KMP_SCAN_DONE);
	size_t n_unres = kmp_scan_unresolved(&scan, unresolved, KMP_SCAN_IDS);
	size_t k = 0;
	uint32_t n_done = 0;
	for (uint32_t id = scan.cfg.from; id <= scan.cfg.to; id++) {
		int done = kmp_scan_is_done(&scan, (uint16_t)id);
		int unres = k < n_unres && unresolved[k] == id;
		k += unres;
		CHECK(done + unres == 1); /* exactly one of present/absent, unresolved */
		const kmp_scan_reg *r = kmp_scan_find(&scan, (uint16_t)id);
		if (done) {
			n_done++;
			CHECK(truth[id] != UNKNOWN);
			CHECK((r != NULL) == (truth[id] == PRESENT));
		} else {
			CHECK(truth[id] == UNKNOWN && !r);
		}
		if (r) {
			uint8_t unit;
			kmp_value v;
			value_of((uint16_t)id, &unit, &v);
			CHECK(r->unit == unit && kmp_value_cmp(&r->value, &v) == 0);
		}
	}
	CHECK(k == n_unres);
	CHECK(n_done == scan.n_done && n_done + n_unres == scan.total);
	CHECK(scan.n_aside == n_unres);
	for (size_t i = 1; i < scan.n_found; i++)
		CHECK(scan.found[i - 1].id < scan.found[i].id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	input in = {data, size};
	uint8_t c[6] = {0};
	for (size_t i = 0; i < sizeof c; i++)
		take(&in, &c[i]);

	kmp_scan_config cfg;
	kmp_scan_config_default(&cfg);
	uint32_t span = 1 + (uint32_t)c[2] % 160;
	uint32_t from = c[0] | (uint32_t)(c[1] & 0x7F) << 8;
	if (c[1] & 0x80)
		from = KMP_SCAN_IDS - span; /* up against 65535 */
	if (from + span > KMP_SCAN_IDS)
		from = KMP_SCAN_IDS - span;
	cfg.from = (uint16_t)from;
	cfg.to = (uint16_t)(from + span - 1);
	cfg.batch = 1 + c[3] % KMP_MAX_IDS;
	cfg.attempts = 1 + (c[4] & 3);
	cfg.stall_failures = 1 + (c[4] >> 2 & 7);
	cfg.stall_silent = 1 + (c[5] & 7);
	cfg.passes = 1 + (c[5] >> 3 & 3);
	CHECK(kmp_scan_init(&scan, &cfg) == KMP_OK);
	memset(truth, UNKNOWN, sizeof truth);

	/* IDs a --resume file already holds, some outside the range */
	unsigned seeded = take0(&in) % 8;
	for (unsigned i = 0; i < seeded; i++) {
		uint8_t off = take0(&in), kind = take0(&in);
		uint16_t id = (uint16_t)(kind & 0x80 ? cfg.to + 1u + off : cfg.from + off % span);
		if (truth[id] != UNKNOWN)
			continue;
		if (kind & 1) {
			uint8_t unit;
			kmp_value v;
			value_of(id, &unit, &v);
			CHECK(kmp_scan_add_found(&scan, id, unit, &v, 1) == KMP_OK);
			truth[id] = PRESENT;
		} else {
			kmp_scan_mark_done(&scan, id);
			truth[id] = ABSENT;
		}
	}

	/* the outcomes the input gives, then a meter that always answers */
	while (in.n && step(&in))
		;
	unsigned long limit = 2ul * span + 16, steps = 0;
	while (step(NULL))
		CHECK(++steps <= limit); /* every valid reply settles at least one ID */
	check_end();
	kmp_scan_free(&scan);
	return 0;
}
