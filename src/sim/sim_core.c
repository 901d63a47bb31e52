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
 * frames by the time they end.
 *
 * Before step 1 the bytes cross the line (sim_uart.h): with the line
 * model on and a client at settings the meter cannot read, or through an
 * inverted head, the meter's receiver gets what a UART would make of them
 * (characters with framing or parity errors discarded), and the meter's
 * answer reaches the client likewise garbled.  The MULTICAL 66C profile
 * (protocol LEGACY) scans for its ASCII requests instead of KMP frames. */
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/msg.h"
#include "sim/sim_core.h"
#include "sim/sim_push.h"
#include "sim/sim_uart.h"
#include "sim/sim_logger.h"

/* A lone 00 follows this share of exchanges with --stray-zero, 20..420 ms
 * after the reply: often enough to matter, rare enough to look spontaneous. */
#define STRAY_ZERO_PCT 25
#define STRAY_ZERO_MIN_US 20000
#define STRAY_ZERO_SPREAD_US 400000

/* Output queue flags. */
#define TXQ_NO_LINE 1 /* not the meter's: the line model leaves it alone */
#define TXQ_VETTED 2  /* already through the line model */

void kmpsim_core_params_default(kmpsim_core_params *p)
{
	memset(p, 0, sizeof *p);
	p->address = KMP_ADDR_HEAT;
	p->protocol = KMPSIM_PROTO_KMP;
	p->pace = 1;
	p->baud = 1200;
	p->bits_per_byte = 11; /* 1 start + 8 data + 2 stop (protocol notes, "Physical layer") */
	p->latency_us = 50000;
	p->busy_us = KMPSIM_BUSY_US;
	p->gap_us = KMPSIM_GAP_US;
	p->meter_rx = p->meter_tx = (kmpsim_line){1200, 8, 'N', 2};
	p->device = KMPSIM_DEVICE_METER;
	p->push_every_us = 1000000;
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
	case KMPSIM_IGNORED:
		return "ignored";
	case KMPSIM_DEAD:
		return "dead";
	case KMPSIM_TEXT:
		return "text";
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

/* The same for the request's bytes, at the meter's receiving rate, paced
 * or not: even a simulator that sends its reply in one write cannot answer
 * a request before the request's last byte would have arrived (a client
 * refuses such a reply as early). */
static int64_t rx_offset_us(const kmpsim_core_params *p, size_t i)
{
	unsigned baud = p->rx_baud ? p->rx_baud : p->baud;
	unsigned bits = p->rx_bits_per_byte ? p->rx_bits_per_byte : p->bits_per_byte;
	if (baud == 0)
		return 0;
	return (int64_t)i * bits * 1000000 / baud;
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
	c->dozing = p->start_asleep;
	c->zero_at = KMPSIM_NEVER;
	/* the first message soon after start, so a listener hears one early */
	c->push_at = p->device == KMPSIM_DEVICE_PUSH ? now + p->push_every_us / 5 : KMPSIM_NEVER;
	kmp_rx_init(&c->rx, on_rx, c);
	kmpsim_legacy_rx_init(&c->legacy);
}

void kmpsim_core_set_client_line(kmpsim_core *c, const kmpsim_line *l)
{
	c->client_known = l != NULL;
	if (l)
		c->client = *l;
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
	c->dozing = 0;
}

int kmpsim_core_asleep(const kmpsim_core *c, int64_t now)
{
	return c->dozing || (c->p.sleep_after_us > 0 && now - c->wake_at >= c->p.sleep_after_us);
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
		memmove(c->txq_flags, c->txq_flags + c->txq_head, n);
		c->txq_head = 0;
		c->txq_len = n;
	}
	return KMPSIM_TXQ_MAX - c->txq_len;
}

/* Queue a burst that starts at t (or right after what is queued) and
 * return the time its first byte is due. */
static int64_t txq_burst_flags(kmpsim_core *c, const uint8_t *p, size_t n, int64_t t, uint8_t flags)
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
		c->txq_flags[c->txq_len] = flags;
		c->txq_len++;
	}
	return t;
}

static int64_t txq_burst(kmpsim_core *c, const uint8_t *p, size_t n, int64_t t)
{
	return txq_burst_flags(c, p, n, t, 0);
}

/* ---- the line model ---- */

/* Does the line garble what a transmitter at tx sends to a receiver at
 * rx?  Only with the model on and settings the receiver cannot read, or
 * through an inverted head. */
static int garbles(const kmpsim_core *c, const kmpsim_line *tx, const kmpsim_line *rx)
{
	if (c->p.inverted)
		return 1;
	return c->p.line_model && c->client_known && !kmpsim_line_compatible(tx, rx);
}

/* The meter's receiver: what it keeps of n bytes the client sent (a
 * character with a framing or parity error is discarded, as the meter's
 * firmware drops what its UART flags).  Returns the count in out. */
static size_t meter_receive(const kmpsim_core *c, const uint8_t *p, size_t n, uint8_t *out,
                            size_t cap)
{
	/* static: 64 kB is a lot of stack for one call, and the core runs in
	 * one thread (one simulator per process) */
	static kmpsim_uart_char ch[KMPSIM_ECHO_MAX];
	const kmpsim_line *client = c->client_known ? &c->client : &c->p.meter_rx;
	size_t k = kmpsim_uart_transfer(client, &c->p.meter_rx, c->p.inverted, p, n, ch,
	                                sizeof ch / sizeof ch[0]);
	size_t m = 0;
	for (size_t i = 0; i < k && m < cap; i++)
		if (!ch[i].errors)
			out[m++] = ch[i].value;
	return m;
}

/* The bytes from the queue head on that follow each other on the wire
 * without a pause, and belong to the meter. */
static size_t txq_run(const kmpsim_core *c)
{
	int64_t step = kmpsim_core_byte_offset_us(&c->p, 1);
	size_t j = c->txq_head + 1;
	while (j < c->txq_len && !(c->txq_flags[j] & TXQ_NO_LINE) &&
	       c->txq_due[j] - c->txq_due[j - 1] == step)
		j++;
	return j - c->txq_head;
}

/* The client's receiver: replace the run of meter bytes at the queue head
 * by what a UART at the client's settings reads of them (delivered as
 * sampled, errors and all, as a Linux tty in raw mode does), due when
 * that receiver has each of them. */
static void client_receive(kmpsim_core *c)
{
	/* static for the same reason as in meter_receive */
	static uint8_t bytes[KMPSIM_TXQ_MAX];
	static kmpsim_uart_char ch[KMPSIM_TXQ_MAX];
	static uint8_t rest[KMPSIM_TXQ_MAX], rest_flags[KMPSIM_TXQ_MAX];
	static int64_t rest_due[KMPSIM_TXQ_MAX];

	size_t run = txq_run(c);
	int64_t t0 = c->txq_due[c->txq_head] - kmpsim_core_byte_offset_us(&c->p, 1);
	const kmpsim_line *client = c->client_known ? &c->client : &c->p.meter_tx;
	memcpy(bytes, c->txq + c->txq_head, run);
	size_t k = kmpsim_uart_transfer(&c->p.meter_tx, client, c->p.inverted, bytes, run, ch,
	                                KMPSIM_TXQ_MAX);
	/* keep what follows the run, then rebuild the queue */
	size_t after = c->txq_head + run, n_rest = c->txq_len - after;
	memcpy(rest, c->txq + after, n_rest);
	memcpy(rest_due, c->txq_due + after, n_rest * sizeof rest_due[0]);
	memcpy(rest_flags, c->txq_flags + after, n_rest);
	c->txq_len = c->txq_head;
	size_t room = KMPSIM_TXQ_MAX - c->txq_len - n_rest;
	if (k > room)
		k = room; /* a long reply read far too fast: the tail is lost */
	for (size_t i = 0; i < k; i++) {
		c->txq[c->txq_len] = ch[i].value;
		c->txq_due[c->txq_len] = c->p.pace ? t0 + ch[i].t_us : t0;
		c->txq_flags[c->txq_len] = TXQ_VETTED;
		c->txq_len++;
	}
	memcpy(c->txq + c->txq_len, rest, n_rest);
	memcpy(c->txq_due + c->txq_len, rest_due, n_rest * sizeof rest_due[0]);
	memcpy(c->txq_flags + c->txq_len, rest_flags, n_rest);
	c->txq_len += n_rest;
}

/* ---- events ---- */

static void emit(kmpsim_core *c, kmpsim_event *ev)
{
	ev->t_us = c->now;
	ev->quality = c->quality;
	ev->line_garbled = c->rx_garbled;
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
	} else if (c->p.protocol == KMPSIM_PROTO_LEGACY) {
		ev.result = KMPSIM_IGNORED; /* a 66C has no busy time: it just waits for '/' */
	} else {
		ev.result = KMPSIM_UNUSABLE;
		start_busy(c);
	}
	emit(c, &ev);
}

/* The meter's wall clock now, and the time since it started. */
static void meter_time(const kmpsim_core *c, struct tm *local, int64_t *elapsed_ms)
{
	int64_t wall = c->now + c->wall_offset_us;
	time_t secs = (time_t)(wall >= 0 ? wall / 1000000 : (wall - 999999) / 1000000);
	if (!localtime_r(&secs, local))
		memset(local, 0, sizeof *local);
	*elapsed_ms = (c->now - c->t_start) / 1000;
}

/* Is addr the meter's own, or its module's? */
static int our_address(const kmpsim_core *c, uint8_t addr)
{
	return addr == c->p.address ||
	       (c->meter->module_address && addr == c->meter->module_address);
}

static int build_reply(kmpsim_core *c, uint8_t addr, const kmp_msg *m, uint8_t *out, size_t cap)
{
	const kmpsim_meter *mt = c->meter;
	int module = addr != c->p.address;
	switch (m->cid) {
	case KMP_CID_GET_TYPE:
		if (module)
			return kmp_build_type_reply(addr, mt->module_type, mt->module_sw_letter,
			                            mt->module_sw_number, out, cap);
		return kmp_build_type_reply(addr, mt->meter_type, mt->sw_letter, mt->sw_number, out,
		                            cap);
	case KMP_CID_GET_SERIAL:
		return kmp_build_serial_reply(addr, module ? mt->module_serial : mt->serial, out,
		                              cap);
	case KMP_CID_GET_REGISTER:
		break;
	default: /* loggers and event status, from the address asked */
		return kmpsim_history_reply(mt->history, addr, m, out, cap);
	}
	struct tm local;
	int64_t elapsed_ms;
	meter_time(c, &local, &elapsed_ms);

	uint8_t data[KMP_DATA_MAX];
	size_t len = 0;
	/* the registers are the meter's; a module answers with no record */
	for (size_t i = 0; i < m->n_ids && !module; i++) {
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
	if (!our_address(c, f->addr)) {
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
	default: /* loggers and event status: the meter's, or its logger module's */
		return kmpsim_history_check(c->meter->history, f->addr != c->p.address, m);
	}
}

/* One bit of one character flipped (a MULTICAL 66C answer: 7-bit ASCII,
 * the final CR kept so the reader still sees a line). */
static void corrupt_ascii(kmpsim_rng *r, uint8_t *p, size_t len)
{
	if (len < 2)
		return;
	size_t i = kmpsim_rng_below(r, (uint32_t)(len - 1));
	p[i] ^= (uint8_t)(1u << kmpsim_rng_below(r, 7));
}

/* Step 5: damage and queue an answer of full bytes to a request of
 * req_len bytes whose first byte came at frame_t0. */
static void send_answer(kmpsim_core *c, kmpsim_event *ev, kmpsim_channel ch, uint8_t *frame, int rc,
                        size_t req_len)
{
	/* five draws per reply whatever is enabled, so a seed replays the same
	 * faults with any set of options */
	int drop = kmpsim_rng_pct(&c->rng, c->p.drop_pct);
	int corrupt = kmpsim_rng_pct(&c->rng, c->p.corrupt_pct);
	int noise = kmpsim_rng_pct(&c->rng, c->p.noise_pct);
	int noise_after = (int)kmpsim_rng_below(&c->rng, 2);
	int zero = kmpsim_rng_pct(&c->rng, STRAY_ZERO_PCT);

	if (rc <= 0 || drop) {
		ev->result = KMPSIM_DROPPED; /* rc <= 0 cannot happen: maps are bounded */
		return;
	}
	size_t full = (size_t)rc, len = full;
	ev->result = KMPSIM_ANSWERED;
	if (corrupt || ch == KMPSIM_CH_CORRUPT) {
		if (c->p.protocol == KMPSIM_PROTO_LEGACY)
			corrupt_ascii(&c->rng, frame, len);
		else
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
	int64_t req_end = c->frame_t0 + rx_offset_us(&c->p, req_len);
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

static void answer(kmpsim_core *c, kmpsim_event *ev, kmpsim_channel ch, size_t req_len)
{
	uint8_t frame[KMP_FRAME_MAX];
	int rc = build_reply(c, c->msg.addr, &c->msg, frame, sizeof frame);
	send_answer(c, ev, ch, frame, rc, req_len);
}

/* A whole request (KMP or the 66C's) at frame_t0: is it heard, and how
 * does the light carry it?  0 when the meter ignores it (asleep, busy,
 * still talking: ev emitted); otherwise the channel in *ch. */
static int heard(kmpsim_core *c, kmpsim_event *ev, kmpsim_channel *ch)
{
	int g = gate(c, c->frame_t0);
	if (g >= 0) {
		/* busy or still talking: ignored, but the port saw the light */
		if (g != KMPSIM_ASLEEP)
			keep_awake(c);
		ev->result = (kmpsim_result)g;
		emit(c, ev);
		return 0;
	}
	*ch = kmpsim_channel_draw(&c->rng, c->quality);
	if (*ch != KMPSIM_CH_LOST)
		keep_awake(c); /* a lost request never reached the meter */
	return 1;
}

static void handle_request(kmpsim_core *c, const kmp_rx_event *rx)
{
	const kmp_frame *f = rx->frame;
	kmpsim_event ev = {.raw = rx->raw, .raw_len = rx->raw_len, .frame = f};
	if (f->status == KMP_OK) {
		kmp_msg_decode(f, -1, &c->msg);
		ev.msg = &c->msg; /* for the log, even when the meter will ignore it */
	}
	kmpsim_channel ch;
	if (!heard(c, &ev, &ch))
		return;
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

/* ---- the MULTICAL 66C ---- */

static void legacy_request(kmpsim_core *c, const uint8_t *raw, size_t n, char code)
{
	kmpsim_event ev = {.raw = raw, .raw_len = n, .legacy = kmpsim_legacy_name(code)};
	kmpsim_channel ch;
	if (!heard(c, &ev, &ch))
		return;
	uint8_t reply[KMPSIM_LEGACY_REPLY_MAX];
	size_t len = 0;
	if (ch == KMPSIM_CH_OK || ch == KMPSIM_CH_CORRUPT || ch == KMPSIM_CH_TRUNCATE) {
		struct tm local;
		int64_t elapsed_ms;
		meter_time(c, &local, &elapsed_ms);
		len = kmpsim_legacy_reply(c->meter, code, elapsed_ms, &local, reply, sizeof reply);
	}
	if (ch == KMPSIM_CH_LOST)
		ev.result = KMPSIM_LOST;
	else if (ch == KMPSIM_CH_GARBLED)
		ev.result = KMPSIM_GARBLED; /* no busy time: the 66C has none documented */
	else if (len == 0)
		ev.result = KMPSIM_IGNORED; /* /#3 ... /#J: not simulated */
	else
		send_answer(c, &ev, ch, reply, (int)len, n);
	emit(c, &ev);
}

/* Input that is no /#X request: a KMP frame is logged as what it is (and
 * ignored: a 66C does not speak KMP), anything else as garbage. */
static void legacy_junk(kmpsim_core *c, const uint8_t *raw, size_t n)
{
	static kmp_frame f;
	kmp_rx_event rx = {.kind = KMP_RX_GARBAGE, .raw = raw, .raw_len = n};
	if (n >= 2 && raw[0] == KMP_START_REQUEST && raw[n - 1] == KMP_STOP) {
		kmp_frame_decode_as(raw, n, KMP_DIR_REQUEST, &f);
		rx.frame = &f;
		if (f.status == KMP_OK) {
			kmp_msg_decode(&f, -1, &c->msg);
			kmpsim_event ev = {.raw = raw, .raw_len = n, .frame = &f, .msg = &c->msg};
			ev.result = kmpsim_core_asleep(c, c->now) ? KMPSIM_ASLEEP : KMPSIM_IGNORED;
			emit(c, &ev);
			return;
		}
	}
	handle_unusable(c, &rx, KMP_ERR_GARBAGE);
}

static void on_legacy(void *ctx, kmpsim_legacy_what what, const uint8_t *raw, size_t n, char code)
{
	kmpsim_core *c = ctx;
	if (what == KMPSIM_LEGACY_REQUEST)
		legacy_request(c, raw, n, code);
	else if (what == KMPSIM_LEGACY_JUNK)
		legacy_junk(c, raw, n);
}

/* ---- the line faults ---- */

/* --text on a pty: the bridge answers whatever it gets with its text
 * (once per piece of input, never over its own previous answer). */
static void text_answer(kmpsim_core *c, const uint8_t *p, size_t n)
{
	kmpsim_event ev = {.raw = p, .raw_len = n, .result = KMPSIM_TEXT};
	if (c->txq_head == c->txq_len && c->p.text) {
		size_t len = strlen(c->p.text);
		txq_burst_flags(c, (const uint8_t *)c->p.text, len, c->now + c->p.latency_us,
		                TXQ_NO_LINE);
		txq_burst_flags(c, (const uint8_t *)"\r\n", 2, c->now, TXQ_NO_LINE);
		ev.reply_len = len + 2;
	}
	emit(c, &ev);
}

static void push_due(kmpsim_core *c)
{
	uint8_t msg[KMPSIM_PUSH_MAX];
	size_t n = kmpsim_push_message(c->meter->serial, (c->push_at - c->t_start) / 1000, msg,
	                               sizeof msg);
	c->now = c->push_at;
	/* only when the line is free: a message never interrupts another */
	if (c->txq_head == c->txq_len)
		txq_burst_flags(c, msg, n, c->push_at, TXQ_NO_LINE);
	c->push_at += c->p.push_every_us > 0 ? c->p.push_every_us : 1000000;
}

/* ---- driving ---- */

static void flush_input(kmpsim_core *c)
{
	if (c->p.protocol == KMPSIM_PROTO_LEGACY)
		kmpsim_legacy_rx_flush(&c->legacy, on_legacy, c);
	else
		kmp_rx_flush(&c->rx);
}

void kmpsim_core_tick(kmpsim_core *c, int64_t now)
{
	if (c->pending_flush && now - c->last_byte >= c->p.gap_us) {
		/* 27 ms without a byte: whatever is open is not going to be a
		 * request any more (protocol notes, "Timing") */
		c->pending_flush = 0;
		c->now = c->last_byte + c->p.gap_us;
		flush_input(c);
	}
	if (c->zero_at != KMPSIM_NEVER && now >= c->zero_at) {
		static const uint8_t zero = 0x00;
		c->now = c->zero_at;
		txq_burst(c, &zero, 1, c->zero_at);
		c->zero_at = KMPSIM_NEVER;
	}
	while (c->push_at != KMPSIM_NEVER && now >= c->push_at)
		push_due(c);
	if (now > c->now)
		c->now = now;
}

/* Bytes the meter's receiver got, in order. */
static void meter_input(kmpsim_core *c, int64_t now, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (c->p.protocol == KMPSIM_PROTO_LEGACY) {
			if (p[i] == '/')
				c->frame_t0 = now;
			kmpsim_legacy_rx_feed(&c->legacy, p[i], on_legacy, c);
			continue;
		}
		kmp_rx_feed(&c->rx, &p[i], 1);
		/* a raw start byte always opens a new frame (rx.h) */
		if (p[i] == KMP_START_REQUEST || p[i] == KMP_START_REPLY)
			c->frame_t0 = now;
	}
}

void kmpsim_core_input(kmpsim_core *c, int64_t now, const uint8_t *p, size_t n)
{
	kmpsim_core_tick(c, now);
	if (n == 0)
		return;
	c->now = now;
	c->rx_garbled = 0;
	if (c->p.device == KMPSIM_DEVICE_DEAD) {
		/* an unpowered head: no echo, no light, nothing reaches anything */
		kmpsim_event ev = {.raw = p, .raw_len = n, .result = KMPSIM_DEAD};
		emit(c, &ev);
		return;
	}
	if (c->p.echo) {
		/* the head's own light: back at once, whatever the meter does */
		size_t room = KMPSIM_ECHO_MAX - c->echo_len;
		size_t k = n < room ? n : room;
		memcpy(c->echo + c->echo_len, p, k);
		c->echo_len += k;
	}
	if (c->p.device == KMPSIM_DEVICE_TEXT) {
		text_answer(c, p, n);
		return;
	}
	if (c->p.device == KMPSIM_DEVICE_PUSH) {
		kmpsim_event ev = {.raw = p, .raw_len = n, .result = KMPSIM_IGNORED};
		emit(c, &ev);
		return;
	}
	c->zero_at = KMPSIM_NEVER; /* the meter is listening now */
	const kmpsim_line *client = c->client_known ? &c->client : &c->p.meter_rx;
	if (garbles(c, client, &c->p.meter_rx)) {
		/* what the meter's UART makes of it (sim_uart.h) */
		static uint8_t got[KMPSIM_ECHO_MAX];
		size_t m = meter_receive(c, p, n, got, sizeof got);
		c->rx_garbled = 1;
		if (m == 0) {
			/* every character had a framing or parity error: data the
			 * meter could not use */
			kmp_rx_event rx = {.kind = KMP_RX_GARBAGE, .raw = p, .raw_len = n};
			handle_unusable(c, &rx, KMP_ERR_GARBAGE);
		} else {
			meter_input(c, now, got, m);
		}
	} else {
		meter_input(c, now, p, n);
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
	while (k < cap && c->txq_head < c->txq_len && c->txq_due[c->txq_head] <= now) {
		uint8_t fl = c->txq_flags[c->txq_head];
		const kmpsim_line *client = c->client_known ? &c->client : &c->p.meter_tx;
		if (!(fl & (TXQ_NO_LINE | TXQ_VETTED)) && garbles(c, &c->p.meter_tx, client)) {
			/* judged by the client's settings when the answer starts */
			client_receive(c);
			continue;
		}
		buf[k++] = c->txq[c->txq_head++];
	}
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
	if (c->push_at < d)
		d = c->push_at;
	return d;
}

void kmpsim_core_line_reset(kmpsim_core *c, int64_t now)
{
	kmpsim_core_tick(c, now);
	kmp_rx_reset(&c->rx);
	kmpsim_legacy_rx_init(&c->legacy);
	c->pending_flush = 0;
	c->echo_len = 0;
	c->txq_head = c->txq_len = 0;
	c->zero_at = KMPSIM_NEVER;
}
