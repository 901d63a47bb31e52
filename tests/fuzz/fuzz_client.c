/* libFuzzer target: the client over an in-memory link (link_stub.c), with
 * the fuzz input playing the line and the owner: bytes from the meter
 * (arbitrary, or replies built to almost fit), how much time passes,
 * requests, detach and cancel, link drops and refused reopens.  Time
 * moves like a poll loop's: never past the client's own next deadline.
 *
 * Checked on every input (a violation traps):
 *  - only reads to our address ever go out: GetType, GetSerialNo,
 *    GetRegister (CIDs 01, 02, 10) and the event status and logger reads
 *    (9B, A0..A3, B8); never SetClock, PutRegister, ClearEventStatus;
 *  - a success is a CRC-valid reply from our address with the command we
 *    sent and only registers we asked for, each once;
 *  - every accepted submit gets exactly one callback, a detached or
 *    cancelled one none, and a callback carries the step's time;
 *  - every exchange ends within its bound (the pause before it, the
 *    quiet-line wait, the reply timeout and the longest frame);
 *  - the client is idle again once the line has been quiet long enough;
 *  - failed exchanges are counted once each: the failure counters never
 *    add up to more than the requests accepted. */
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "client/client.h"
#include "client/trace_fmt.h"
#include "kmp/crc.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "link_stub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

#define MS 1000u
#define BYTE_US 9167u
#define N_TOKENS 64

static struct {
	const uint8_t *p;
	size_t n;
	kmp_client *c;
	kmp_client_config cfg;
	uint64_t now;
	unsigned timeout_ms; /* the one the exchange in flight was sent with, or larger */
	/* the owner's view */
	int owed;        /* a callback is owed for `token` */
	unsigned token;  /* current submission */
	uint64_t sub_us; /* when it was submitted */
	kmp_request req; /* what it asked */
	char tokens[N_TOKENS];
	uint8_t last_tx[64];
	size_t last_tx_len;
	unsigned long accepted; /* submits the client took */
} H;

static uint8_t next(void)
{
	if (!H.n)
		return 0;
	H.n--;
	return *H.p++;
}

/* ---- what the client writes and reports ---------------------------------- */

static void on_write(const uint8_t *p, size_t n)
{
	static kmp_frame f;
	CHECK(n >= 6 && n <= sizeof H.last_tx);
	CHECK(kmp_frame_decode(p, n, &f) == KMP_OK);
	CHECK(f.start == KMP_START_REQUEST && f.addr == H.cfg.address);
	/* read-only by construction */
	CHECK(kmp_cid_is_read(f.cid) && !kmp_cid_is_write(f.cid));
	/* only the request the owner submitted */
	CHECK(H.owed && f.cid == H.req.cid);
	memcpy(H.last_tx, p, n);
	H.last_tx_len = n;
}

static void observer(void *ctx, const kmp_event *ev)
{
	char line[8192];
	(void)ctx;
	CHECK(ev->t_us == H.now);
	kmp_event_line(ev, line, sizeof line); /* the trace never chokes */
	if (ev->kind == KMP_EV_RX && ev->msg)
		CHECK(ev->frame->status == KMP_OK);
}

/* The longest an exchange may take from its submit: the meter's pause
 * after an earlier failure, the quiet-line wait, the request, the first
 * reply byte, the longest frame, the last inter-byte gap. */
static uint64_t bound_us(void)
{
	return (uint64_t)H.cfg.fail_pause_ms * MS + 2ull * H.timeout_ms * MS + 64ull * BYTE_US +
	       (uint64_t)KMP_FRAME_MAX * BYTE_US + (uint64_t)H.cfg.interbyte_ms * MS +
	       10 * MS; /* each wake-up is rounded up to the millisecond */
}

static void on_done(void *ctx, const kmp_result *r)
{
	unsigned t = (unsigned)((char *)ctx - H.tokens);
	CHECK(t < N_TOKENS && H.owed && t == H.token % N_TOKENS);
	H.owed = 0;
	CHECK(r->done_us == H.now);
	CHECK(H.now - H.sub_us <= bound_us());
	if (r->status != KMP_OK) {
		CHECK(r->msg == NULL);
		return;
	}
	const kmp_frame *f = r->frame;
	const kmp_msg *m = r->msg;
	CHECK(f && m && f->status == KMP_OK && f->start == KMP_START_REPLY);
	/* the CRC, computed here over DST..data, is the one the frame carries */
	uint8_t buf[2 + KMP_DATA_MAX];
	buf[0] = f->addr;
	buf[1] = f->cid;
	memcpy(buf + 2, f->data, f->data_len);
	CHECK(kmp_crc16(buf, 2 + f->data_len) == f->crc_given);
	CHECK(f->addr == H.cfg.address && m->addr == H.cfg.address);
	CHECK(f->cid == H.req.cid && m->cid == H.req.cid);
	for (size_t i = 0; i < m->n_records; i++) {
		int asked = 0;
		for (size_t k = 0; k < H.req.n_ids; k++)
			asked |= H.req.ids[k] == m->records[i].id;
		CHECK(asked);
		for (size_t k = 0; k < i; k++)
			CHECK(m->records[k].id != m->records[i].id);
	}
}

/* ---- time ------------------------------------------------------------------ */

static void step_at(uint64_t t, short revents)
{
	H.now = t;
	kmp_client_step(H.c, revents, t);
}

/* Let delta pass as a poll loop would: wake at each of the client's
 * deadlines on the way, then at the end (with input, if any). */
static void advance(uint64_t delta, short revents)
{
	uint64_t end = H.now + delta;
	int zero = 0;
	for (;;) {
		int ms = kmp_client_timeout_ms(H.c, H.now);
		if (ms < 0 || H.now + (uint64_t)ms * MS >= end)
			break;
		/* a deadline that is still due right after the step that was
		 * woken for it would spin a poll loop */
		zero = ms == 0 ? zero + 1 : 0;
		CHECK(zero < 3);
		step_at(H.now + (uint64_t)ms * MS, 0);
	}
	step_at(end, revents);
}

/* ---- the owner ------------------------------------------------------------- */

static void submit(void)
{
	kmp_request req;
	memset(&req, 0, sizeof req);
	uint8_t k = next();
	static const uint8_t cids[] = {KMP_CID_GET_TYPE,
	                               KMP_CID_GET_SERIAL,
	                               KMP_CID_GET_REGISTER,
	                               KMP_CID_GET_REGISTER,
	                               KMP_CID_PUT_REGISTER,
	                               KMP_CID_SET_CLOCK,
	                               KMP_CID_CLEAR_EVENT_STATUS,
	                               KMP_CID_LOGGER,
	                               KMP_CID_GET_EVENT_STATUS,
	                               KMP_CID_GET_LOG_LAST_PRESENT,
	                               0x42,
	                               0xFF};
	req.cid = cids[k % sizeof cids];
	if (req.cid != KMP_CID_GET_REGISTER) {
		/* data as a logger read carries it, or anything */
		req.data_len = next() % (sizeof req.data + 2);
		for (size_t i = 0; i < req.data_len && i < sizeof req.data; i++)
			req.data[i] = next();
	}
	if (req.cid == KMP_CID_GET_REGISTER) {
		req.n_ids = (size_t)(next() % 10); /* 0 and 9 are refused */
		for (size_t i = 0; i < req.n_ids && i < KMP_MAX_IDS; i++)
			req.ids[i] = (uint16_t)(next() % 24); /* small: repeats happen */
		if (req.n_ids > KMP_MAX_IDS)
			req.n_ids = KMP_MAX_IDS + 1;
	}
	req.probe = (k >> 4) & 1;
	int was_busy = kmp_client_busy(H.c), up = stub_is_up();
	unsigned t = H.token + 1;
	kmp_err rc = kmp_client_submit(H.c, &req, on_done, &H.tokens[t % N_TOKENS]);
	if (rc != KMP_OK) {
		CHECK(rc == KMP_ERR_BUSY_CLIENT || rc == KMP_ERR_ARG || rc == KMP_ERR_CLOSED);
		CHECK(rc != KMP_ERR_BUSY_CLIENT || was_busy);
		CHECK(rc != KMP_ERR_CLOSED || !up);
		return;
	}
	CHECK(!was_busy && !H.owed);
	CHECK(kmp_cid_is_read(req.cid));
	H.accepted++;
	H.token = t;
	H.owed = 1;
	H.sub_us = H.now;
	H.req = req;
}

static void let_go(int detach)
{
	int was_owed = H.owed;
	if (detach)
		kmp_client_detach(H.c);
	else
		kmp_client_cancel(H.c);
	if (detach || !kmp_client_busy(H.c)) {
		CHECK(!kmp_client_pending(H.c, &H.tokens[H.token % N_TOKENS]));
		H.owed = 0; /* no callback for it, ever */
	} else {
		H.owed = was_owed; /* cancel leaves one on the wire alone */
	}
}

/* ---- the meter ------------------------------------------------------------- */

/* A reply that almost fits the request: the input picks the address, the
 * command, which registers (asked or not, repeated) and their bytes. */
static void feed_reply(void)
{
	uint8_t d[KMP_DATA_MAX], out[KMP_FRAME_MAX];
	size_t len = 0;
	uint8_t how = next();
	uint8_t addr = how & 1 ? (uint8_t)next() : H.cfg.address;
	uint8_t cid = how & 2 ? (uint8_t)next() : H.req.cid;
	switch (cid) {
	case KMP_CID_GET_TYPE:
	case KMP_CID_GET_SERIAL:
		for (int i = 0; i < 4; i++)
			d[len++] = next();
		break;
	default: {
		unsigned n = next() % 6;
		for (unsigned r = 0; r < n && len + 5 + 8 <= sizeof d; r++) {
			uint16_t id = how & 4       ? next() % 24
			              : H.req.n_ids ? H.req.ids[next() % H.req.n_ids]
			                            : 60;
			uint8_t vlen = next() % 9;
			d[len++] = (uint8_t)(id >> 8);
			d[len++] = (uint8_t)id;
			d[len++] = next(); /* unit */
			d[len++] = vlen;
			d[len++] = next(); /* sign and exponent */
			for (uint8_t i = 0; i < vlen; i++)
				d[len++] = next();
		}
		break;
	}
	}
	int k = kmp_frame_encode(KMP_START_REPLY, addr, cid, d, len, out, sizeof out);
	if (k <= 0)
		return;
	if (how & 8)
		stub_feed(H.last_tx, H.last_tx_len); /* the head's echo first */
	stub_feed(out, (size_t)k);
	advance((uint64_t)next() * 2 * MS, POLLIN); /* early, on time, or late */
}

static void feed_raw(void)
{
	uint8_t b[256];
	size_t n = next() % 128 + 1;
	for (size_t i = 0; i < n; i++)
		b[i] = next();
	stub_feed(b, n);
	advance((uint64_t)next() * MS, POLLIN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(&H, 0, sizeof H);
	H.p = data;
	H.n = size;
	stub_reset(on_write);
	kmp_client_config_default(&H.cfg);
	uint8_t setup = next();
	H.cfg.link.device = "stub";
	H.cfg.address = setup & 1 ? KMP_ADDR_LOGGER_TOP : KMP_ADDR_HEAT;
	H.cfg.quiet_bytes = setup & 2 ? 0 : H.cfg.quiet_bytes;
	H.timeout_ms = H.cfg.timeout_ms;
	H.c = kmp_client_new(&H.cfg, observer, NULL);
	CHECK(H.c != NULL);
	H.now = 1000 * MS;
	CHECK(kmp_client_connect(H.c, H.now, NULL, 0) == KMP_OK);

	while (H.n) {
		switch (next() % 10) {
		case 0:
			advance((uint64_t)next() * 8 * MS, 0);
			break;
		case 1:
			feed_raw();
			break;
		case 2:
			submit();
			break;
		case 3:
			let_go(1);
			break;
		case 4:
			let_go(0);
			break;
		case 5:
			stub_drop();
			advance(MS, POLLIN | POLLHUP);
			break;
		case 6: {
			uint8_t how = next();
			stub_refuse(how % 3 == 2 && (how & 0x80) ? 2 : how % 2);
			if (how & 0x40)
				stub_connect_slowly(1 + (how >> 2) % 4, how & 0x20);
			break;
		}
		case 7:
			feed_reply();
			break;
		case 8: {
			/* shorter or longer for the requests sent from now on; the
			 * bound keeps the longest one in play */
			unsigned ms = 50 + (unsigned)next() * 8;
			kmp_client_set_timeout(H.c, ms);
			if (ms > H.timeout_ms)
				H.timeout_ms = ms;
			break;
		}
		case 9:
			stub_feed(H.last_tx, H.last_tx_len); /* an echo, late or not */
			advance((uint64_t)next() * MS, POLLIN);
			break;
		}
	}
	/* the line falls quiet: whatever is under way ends, within its bound */
	stub_refuse(0);
	for (int i = 0; i < 400 && (kmp_client_busy(H.c) || H.owed); i++)
		advance(50 * MS, 0);
	CHECK(!kmp_client_busy(H.c));
	CHECK(!H.owed);
	const kmp_client_stats *st = kmp_client_stats_get(H.c);
	CHECK(st->timeouts + st->echo_only + st->crc_errors + st->stuffing_errors + st->partials +
	              st->garbage + st->other_errors <=
	      H.accepted);
	kmp_client_free(H.c);
	stub_reset(NULL);
	return 0;
}
