/* sim_core.c - request handling of the simulated meter, without I/O.
 *
 * Input bytes go through the codec's streaming receiver (kmp_rx), which
 * splits them exactly as the protocol allows; each piece it reports is
 * judged here, in this order:
 *
 *   1. asleep?  (the optical port hears nothing)
 *   2. inside the 1.6 s busy time, or while the meter is still replying?
 *      (ignored; it does not extend the busy time, or a client retrying
 *      every second would never get through, which no meter does either)
 *   3. the optical path (alignment quality): lost, garbled, or through
 *   4. the meter's own checks: frame, address, command, register count
 *   5. the reply and the injected faults
 *
 * A frame is judged by the time of its start byte, garbage and cut-off
 * frames by the time they end. */
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/msg.h"
#include "sim/sim_core.h"

/* A lone 00 follows this share of exchanges with --stray-zero, 20..420 ms
 * after the reply: often enough to matter, rare enough to look spontaneous. */
#define STRAY_ZERO_PCT 25
#define STRAY_ZERO_MIN_US 20000
#define STRAY_ZERO_SPREAD_US 400000

void kmpsim_core_params_default(kmpsim_core_params *p)
{
	memset(p, 0, sizeof *p);
	p->address = KMP_ADDR_HEAT;
	p->pace = 1;
	p->baud = 1200;
	p->bits_per_byte = 11; /* 1 start + 8 data + 2 stop (protocol notes, "Physical layer") */
	p->latency_us = 50000;
	p->busy_us = KMPSIM_BUSY_US;
	p->gap_us = KMPSIM_GAP_US;
}

const char *kmpsim_result_name(kmpsim_result r)
{
	switch (r) {
	case KMPSIM_ANSWERED:
		return "answered";
	case KMPSIM_CORRUPTED:
		return "corrupted";
	case KMPSIM_TRUNCATED:
		return "truncated";
	case KMPSIM_DROPPED:
		return "dropped";
	case KMPSIM_LOST:
		return "lost";
	case KMPSIM_GARBLED:
		return "garbled";
	case KMPSIM_ASLEEP:
		return "asleep";
	case KMPSIM_BUSY:
		return "busy";
	case KMPSIM_TALKING:
		return "talking";
	case KMPSIM_REFUSED:
		return "refused";
	case KMPSIM_OTHER_ADDRESS:
		return "other-address";
	case KMPSIM_UNUSABLE:
		return "unusable";
	}
	return "?";
}

int64_t kmpsim_core_byte_offset_us(const kmpsim_core_params *p, size_t i)
{
	if (!p->pace || p->baud == 0)
		return 0;
	/* computed from the burst start each time: no rounding builds up */
	return (int64_t)i * p->bits_per_byte * 1000000 / p->baud;
}

static void on_rx(void *ctx, const kmp_rx_event *ev);

void kmpsim_core_init(kmpsim_core *c, const kmpsim_core_params *p, const kmpsim_meter *meter,
                      uint64_t seed, int64_t now)
{
	memset(c, 0, sizeof *c);
	c->p = *p;
	c->meter = meter;
	kmpsim_rng_seed(&c->rng, seed);
	c->quality = 100;
	c->t_start = now;
	c->now = now;
	c->last_byte = now;
	c->frame_t0 = now;
	c->busy_until = now;
	c->talk_until = now;
	c->wake_at = now;
	c->zero_at = KMPSIM_NEVER;
	kmp_rx_init(&c->rx, on_rx, c);
}

void kmpsim_core_set_observer(kmpsim_core *c, kmpsim_event_cb cb, void *ctx)
{
	c->cb = cb;
	c->cb_ctx = ctx;
}

void kmpsim_core_set_wall_offset(kmpsim_core *c, int64_t offset_us)
{
	c->wall_offset_us = offset_us;
}

void kmpsim_core_set_quality(kmpsim_core *c, int quality)
{
	c->quality = quality < 0 ? 0 : quality > 100 ? 100 : quality;
}

int kmpsim_core_quality(const kmpsim_core *c)
{
	return c->quality;
}

void kmpsim_core_wake(kmpsim_core *c, int64_t now)
{
	c->wake_at = now;
}

int kmpsim_core_asleep(const kmpsim_core *c, int64_t now)
{
	return c->p.sleep_after_us > 0 && now - c->wake_at >= c->p.sleep_after_us;
}

/* A request the meter received keeps its optical port awake for another
 * sleep_after period: a real meter stays awake while it is being read and
 * falls asleep only once the reading stops. */
static void keep_awake(kmpsim_core *c)
{
	c->wake_at = c->now;
}

/* ---- output queue ---- */

static size_t txq_space(kmpsim_core *c)
{
	if (c->txq_head == c->txq_len) {
		c->txq_head = c->txq_len = 0;
	} else if (c->txq_head > 0) {
		size_t n = c->txq_len - c->txq_head;
		memmove(c->txq, c->txq + c->txq_head, n);
		memmove(c->txq_due, c->txq_due + c->txq_head, n * sizeof c->txq_due[0]);
		c->txq_head = 0;
		c->txq_len = n;
	}
	return KMPSIM_TXQ_MAX - c->txq_len;
}

/* Queue a burst that starts at t (or right after what is queued) and
 * return the time its first byte is due. */
static int64_t txq_burst(kmpsim_core *c, const uint8_t *p, size_t n, int64_t t)
{
	size_t room = txq_space(c);
	if (c->txq_len) {
		/* the line is busy until the last queued byte is through */
		int64_t after = c->txq_due[c->txq_len - 1];
		if (after > t)
			t = after;
	}
	for (size_t i = 0; i < n && i < room; i++) {
		c->txq[c->txq_len] = p[i];
		/* a receiving UART hands a byte over when its stop bit ends */
		c->txq_due[c->txq_len] = t + kmpsim_core_byte_offset_us(&c->p, i + 1);
		c->txq_len++;
	}
	return t;
}

/* ---- events ---- */

static void emit(kmpsim_core *c, kmpsim_event *ev)
{
	ev->t_us = c->now;
	ev->quality = c->quality;
	if (c->cb)
		c->cb(c->cb_ctx, ev);
}

static void start_busy(kmpsim_core *c)
{
	c->busy_until = c->now + c->p.busy_us;
}

/* Steps 1 and 2: -1 when the meter listens at time t0. */
static int gate(const kmpsim_core *c, int64_t t0)
{
	if (kmpsim_core_asleep(c, c->now))
		return KMPSIM_ASLEEP;
	if (t0 < c->busy_until)
		return KMPSIM_BUSY;
	if (t0 < c->talk_until)
		return KMPSIM_TALKING;
	return -1;
}

/* Garbage, an ACK byte, a cut-off frame or a reply-shaped frame. */
static void handle_unusable(kmpsim_core *c, const kmp_rx_event *rx, int err)
{
	kmpsim_event ev = {
	        .raw = rx->raw, .raw_len = rx->raw_len, .frame = rx->frame, .error = err};
	int g = gate(c, c->now);
	if (g >= 0) {
		ev.result = (kmpsim_result)g;
	} else if (kmpsim_channel_draw(&c->rng, c->quality) == KMPSIM_CH_LOST) {
		ev.result = KMPSIM_LOST;
	} else {
		ev.result = KMPSIM_UNUSABLE;
		start_busy(c);
	}
	emit(c, &ev);
}

static int build_reply(kmpsim_core *c, const kmp_msg *m, uint8_t *out, size_t cap)
{
	const kmpsim_meter *mt = c->meter;
	uint8_t addr = c->p.address;
	switch (m->cid) {
	case KMP_CID_GET_TYPE:
		return kmp_build_type_reply(addr, mt->meter_type, mt->sw_letter, mt->sw_number, out,
		                            cap);
	case KMP_CID_GET_SERIAL:
		return kmp_build_serial_reply(addr, mt->serial, out, cap);
	default:
		break;
	}
	int64_t wall = c->now + c->wall_offset_us;
	time_t secs = (time_t)(wall >= 0 ? wall / 1000000 : (wall - 999999) / 1000000);
	struct tm local;
	if (!localtime_r(&secs, &local))
		memset(&local, 0, sizeof local);
	int64_t elapsed_ms = (c->now - c->t_start) / 1000;

	uint8_t data[KMP_DATA_MAX];
	size_t len = 0;
	for (size_t i = 0; i < m->n_ids; i++) {
		uint8_t unit;
		kmp_value v;
		/* IDs the meter does not have are left out (protocol notes, "Commands") */
		if (kmpsim_meter_read(mt, m->ids[i], elapsed_ms, &local, &unit, &v) == KMP_OK)
			kmp_record_append(data, sizeof data, &len, m->ids[i], unit, &v);
	}
	return kmp_frame_encode(KMP_START_REPLY, addr, KMP_CID_GET_REGISTER, data, len, out, cap);
}

/* Step 4: why the meter will not answer this good frame, or 0. */
static int refuse(kmpsim_core *c, const kmp_frame *f, const kmp_msg *m, kmpsim_result *res)
{
	if (f->addr != c->p.address) {
		*res = KMPSIM_OTHER_ADDRESS;
		return 0;
	}
	*res = KMPSIM_UNUSABLE;
	if (m->status != KMP_OK)
		return m->status;
	if (kmp_cid_is_write(m->cid)) {
		*res = KMPSIM_REFUSED; /* this simulator never changes a meter */
		return 0;
	}
	switch (m->cid) {
	case KMP_CID_GET_TYPE:
	case KMP_CID_GET_SERIAL:
		return -1;
	case KMP_CID_GET_REGISTER:
		/* at most 8 registers per request (protocol notes, "Commands") */
		return m->n_ids >= 1 && m->n_ids <= KMP_MAX_IDS ? -1 : KMP_ERR_RANGE;
	default:
		return KMP_ERR_CID; /* GetLog..., event status: not simulated */
	}
}

/* Step 5: build, damage and queue the reply. */
static void answer(kmpsim_core *c, kmpsim_event *ev, kmpsim_channel ch, size_t req_len)
{
	uint8_t frame[KMP_FRAME_MAX];
	int rc = build_reply(c, &c->msg, frame, sizeof frame);

	/* five draws per reply whatever is enabled, so a seed replays the same
	 * faults with any set of options */
	int drop = kmpsim_rng_pct(&c->rng, c->p.drop_pct);
	int corrupt = kmpsim_rng_pct(&c->rng, c->p.corrupt_pct);
	int noise = kmpsim_rng_pct(&c->rng, c->p.noise_pct);
	int noise_after = (int)kmpsim_rng_below(&c->rng, 2);
	int zero = kmpsim_rng_pct(&c->rng, STRAY_ZERO_PCT);

	if (rc < 0 || drop) {
		ev->result = KMPSIM_DROPPED; /* rc < 0 cannot happen: maps are bounded */
		return;
	}
	size_t full = (size_t)rc, len = full;
	ev->result = KMPSIM_ANSWERED;
	if (corrupt || ch == KMPSIM_CH_CORRUPT) {
		kmpsim_fault_corrupt(&c->rng, frame, &len);
		ev->result = KMPSIM_CORRUPTED;
	}
	if (ch == KMPSIM_CH_TRUNCATE) {
		len = kmpsim_fault_truncate(&c->rng, len);
		ev->result = KMPSIM_TRUNCATED;
	}

	uint8_t junk[4];
	size_t nj = noise ? kmpsim_fault_noise(&c->rng, junk) : 0;
	/* A request written in one go (over a pty or a TCP bridge) arrives here
	 * all at once; on a real line its last byte arrives req_len byte times
	 * after its start byte.  The meter's latency runs from that last byte
	 * ("Timing"), so a paced simulator is exactly as fast as a meter on a
	 * wire: benchmarks measured against it mean what they say. */
	int64_t req_end = c->frame_t0 + kmpsim_core_byte_offset_us(&c->p, req_len);
	int64_t t = (req_end > c->now ? req_end : c->now) + c->p.latency_us;
	if (nj && !noise_after)
		t = txq_burst(c, junk, nj, t) + kmpsim_core_byte_offset_us(&c->p, nj);
	int64_t t_reply = txq_burst(c, frame, len, t);
	if (nj && noise_after)
		txq_burst(c, junk, nj, t_reply + kmpsim_core_byte_offset_us(&c->p, len));
	ev->noise = nj > 0;
	ev->reply_len = len + nj;

	/* the meter sends its whole reply even when the light loses the tail
	 * and does not listen until it is done (half duplex): until its last
	 * byte has been handed over */
	c->talk_until = t_reply + kmpsim_core_byte_offset_us(&c->p, full) +
	                (noise_after ? kmpsim_core_byte_offset_us(&c->p, nj) : 0);
	if (c->p.stray_zero && zero)
		c->zero_at = c->talk_until + STRAY_ZERO_MIN_US +
		             kmpsim_rng_below(&c->rng, STRAY_ZERO_SPREAD_US);
}

static void handle_request(kmpsim_core *c, const kmp_rx_event *rx)
{
	const kmp_frame *f = rx->frame;
	kmpsim_event ev = {.raw = rx->raw, .raw_len = rx->raw_len, .frame = f};
	if (f->status == KMP_OK) {
		kmp_msg_decode(f, -1, &c->msg);
		ev.msg = &c->msg; /* for the log, even when the meter will ignore it */
	}
	int g = gate(c, c->frame_t0);
	if (g >= 0) {
		/* busy or still talking: ignored, but the port saw the light */
		if (g != KMPSIM_ASLEEP)
			keep_awake(c);
		ev.result = (kmpsim_result)g;
		emit(c, &ev);
		return;
	}
	kmpsim_channel ch = kmpsim_channel_draw(&c->rng, c->quality);
	if (ch != KMPSIM_CH_LOST)
		keep_awake(c); /* a lost request never reached the meter */
	if (ch == KMPSIM_CH_LOST) {
		ev.result = KMPSIM_LOST;
	} else if (ch == KMPSIM_CH_GARBLED) {
		ev.result = KMPSIM_GARBLED;
		start_busy(c);
	} else if (f->status != KMP_OK) {
		ev.result = KMPSIM_UNUSABLE;
		ev.error = f->status;
		start_busy(c);
	} else {
		kmpsim_result res;
		int why = refuse(c, f, &c->msg, &res);
		if (why == -1) {
			answer(c, &ev, ch, rx->raw_len);
		} else {
			ev.result = res;
			ev.error = why;
			if (res == KMPSIM_UNUSABLE)
				start_busy(c);
		}
	}
	emit(c, &ev);
}

static void on_rx(void *ctx, const kmp_rx_event *ev)
{
	kmpsim_core *c = ctx;
	switch (ev->kind) {
	case KMP_RX_ZERO:
		return; /* a lone 00 is harmless (protocol notes) */
	case KMP_RX_ECHO:
		handle_request(c, ev);
		return;
	case KMP_RX_FRAME:
		handle_unusable(c, ev, KMP_ERR_FRAMING);
		return; /* 40..0D */
	case KMP_RX_PARTIAL:
		handle_unusable(c, ev, KMP_ERR_PARTIAL);
		return;
	case KMP_RX_ACK:
	case KMP_RX_GARBAGE:
		handle_unusable(c, ev, KMP_ERR_GARBAGE);
		return;
	}
}

/* ---- driving ---- */

void kmpsim_core_tick(kmpsim_core *c, int64_t now)
{
	if (c->pending_flush && now - c->last_byte >= c->p.gap_us) {
		/* 27 ms without a byte: whatever is open is not going to be a
		 * request any more (protocol notes, "Timing") */
		c->pending_flush = 0;
		c->now = c->last_byte + c->p.gap_us;
		kmp_rx_flush(&c->rx);
	}
	if (c->zero_at != KMPSIM_NEVER && now >= c->zero_at) {
		static const uint8_t zero = 0x00;
		c->now = c->zero_at;
		txq_burst(c, &zero, 1, c->zero_at);
		c->zero_at = KMPSIM_NEVER;
	}
	if (now > c->now)
		c->now = now;
}

void kmpsim_core_input(kmpsim_core *c, int64_t now, const uint8_t *p, size_t n)
{
	kmpsim_core_tick(c, now);
	if (n == 0)
		return;
	c->now = now;
	if (c->p.echo) {
		/* the head's own light: back at once, whatever the meter does */
		size_t room = KMPSIM_ECHO_MAX - c->echo_len;
		size_t k = n < room ? n : room;
		memcpy(c->echo + c->echo_len, p, k);
		c->echo_len += k;
	}
	c->zero_at = KMPSIM_NEVER; /* the meter is listening now */
	for (size_t i = 0; i < n; i++) {
		kmp_rx_feed(&c->rx, &p[i], 1);
		/* a raw start byte always opens a new frame (rx.h) */
		if (p[i] == KMP_START_REQUEST || p[i] == KMP_START_REPLY)
			c->frame_t0 = now;
	}
	c->last_byte = now;
	c->pending_flush = 1;
}

size_t kmpsim_core_output(kmpsim_core *c, int64_t now, uint8_t *buf, size_t cap)
{
	kmpsim_core_tick(c, now);
	size_t k = c->echo_len < cap ? c->echo_len : cap;
	memcpy(buf, c->echo, k);
	memmove(c->echo, c->echo + k, c->echo_len - k);
	c->echo_len -= k;
	while (k < cap && c->txq_head < c->txq_len && c->txq_due[c->txq_head] <= now)
		buf[k++] = c->txq[c->txq_head++];
	return k;
}

int64_t kmpsim_core_deadline(const kmpsim_core *c)
{
	int64_t d = KMPSIM_NEVER;
	if (c->echo_len)
		d = c->now;
	if (c->txq_head < c->txq_len && c->txq_due[c->txq_head] < d)
		d = c->txq_due[c->txq_head];
	if (c->pending_flush && c->last_byte + c->p.gap_us < d)
		d = c->last_byte + c->p.gap_us;
	if (c->zero_at < d)
		d = c->zero_at;
	return d;
}

void kmpsim_core_line_reset(kmpsim_core *c, int64_t now)
{
	kmpsim_core_tick(c, now);
	kmp_rx_reset(&c->rx);
	c->pending_flush = 0;
	c->echo_len = 0;
	c->txq_head = c->txq_len = 0;
	c->zero_at = KMPSIM_NEVER;
}
