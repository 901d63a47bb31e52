/* client.c - the KMP exchange state machine (see client.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "kmp/error.h"
#include "kmp/msg.h"
#include "kmp/rx.h"

enum state {
	ST_IDLE,   /* nothing to do */
	ST_QUEUED, /* a request waits for the timing rules or the link */
	ST_WAIT,   /* request sent, waiting for the reply */
};

struct kmp_client {
	kmp_client_config cfg;
	char device[512];
	kmp_observer obs;
	void *obs_ctx;

	kmp_link *link; /* NULL while down; connecting until kmp_link_up() */
	char link_err[256];
	uint64_t reconnect_at;
	int ever_connected;
	int link_status; /* the kmp_err behind link_err */
	int link_failed; /* a permanent error: no more automatic attempts */

	kmp_rx rx;
	uint64_t now; /* time of the bytes being fed */
	uint64_t last_rx_us;

	int rx_seen; /* a byte arrived at last_rx_us (the quiet rule counts from it) */

	enum state state;
	kmp_request req;
	kmp_done_cb done; /* NULL once detached */
	void *done_ctx;
	int detached; /* the owner let go: finish without a callback */
	uint8_t wire[2 * (KMP_LOG_REQUEST_MAX + 4) + 2]; /* every byte stuffed */
	size_t wire_len;
	uint64_t ready_at;    /* the protocol's pause after the last exchange is over */
	uint64_t queued_us;   /* when the queued request was submitted */
	uint64_t tx_end_us;   /* estimated time the last request byte left */
	uint64_t early_us;    /* a reply beginning before this is not the answer */
	int reply_early;      /* ... and one did */
	uint64_t deadline_us; /* first reply byte due */
	uint64_t give_up_us;  /* the whole exchange is over by then, whatever arrives */
	kmp_result res;
	kmp_frame txframe;
	kmp_msg msg;      /* decoded reply or request for observers */
	kmp_msg echo_msg; /* decoded echo, so the trace names its IDs */
	kmp_client_stats stats;
	struct raw_xchg *raw; /* a raw exchange (client_raw part below), NULL when none */
};

/* The raw exchange's hooks into the KMP path (defined below). */
static void raw_bytes(kmp_client *c, const uint8_t *p, size_t n);
static void raw_step(kmp_client *c);
static void raw_link_down(kmp_client *c);
static uint64_t raw_due(const kmp_client *c);

uint64_t kmp_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void kmp_client_config_default(kmp_client_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	kmp_link_config_default(&cfg->link);
	cfg->address = KMP_ADDR_HEAT;
	cfg->timeout_ms = 1600;    /* first reply byte within 1.6 s ("Timing") */
	cfg->interbyte_ms = 150;   /* 16 byte times at 1200 baud; TCP bridges batch bytes */
	cfg->fail_pause_ms = 1600; /* meter discards requests for 1.6 s after bad data */
	cfg->quiet_bytes = 22;     /* 200 ms at 1200 baud: answers come within 150 ms */
	cfg->reconnect_ms = 1000;
}

kmp_err kmp_request_encode(const kmp_request *req, uint8_t addr, uint8_t *out, size_t cap,
                           size_t *len)
{
	int n;
	*len = 0;
	switch (req->cid) {
	case KMP_CID_GET_TYPE:
		n = kmp_build_get_type(addr, out, cap);
		break;
	case KMP_CID_GET_SERIAL:
		n = kmp_build_get_serial(addr, out, cap);
		break;
	case KMP_CID_GET_REGISTER:
		/* the reply must hold each register once (check_records): ask
		 * each once */
		for (size_t i = 0; i < req->n_ids && i < KMP_MAX_IDS; i++)
			for (size_t k = 0; k < i; k++)
				if (req->ids[k] == req->ids[i])
					return KMP_ERR_ARG;
		n = kmp_build_get_register(addr, req->ids, req->n_ids, out, cap);
		break;
	case KMP_CID_GET_EVENT_STATUS:
	case KMP_CID_GET_LOG_TIME_PRESENT:
	case KMP_CID_GET_LOG_LAST_PRESENT:
	case KMP_CID_GET_LOG_ID_PRESENT:
	case KMP_CID_GET_LOG_TIME_PAST:
	case KMP_CID_LOGGER:
		if (req->data_len > sizeof req->data)
			return KMP_ERR_ARG;
		n = kmp_build_request(addr, req->cid, req->data, req->data_len, out, cap);
		break;
	default:
		/* read-only by construction: no other command can be built */
		return KMP_ERR_ARG;
	}
	if (n < 0)
		return (kmp_err)n;
	*len = (size_t)n;
	return KMP_OK;
}

static void emit(kmp_client *c, kmp_event *ev)
{
	ev->t_us = c->now;
	clock_gettime(CLOCK_REALTIME, &ev->wall);
	if (c->obs)
		c->obs(c->obs_ctx, ev);
}

static unsigned byte_us(const kmp_client *c)
{
	return c->link ? kmp_link_byte_us(c->link) : 9167;
}

/* The wire time of n bytes. */
static uint64_t wire_us(const kmp_client *c, size_t n)
{
	return (uint64_t)n * byte_us(c);
}

/* Quiet wanted before the queued request goes out: one byte time after
 * anything ("Timing"), and the line silent for quiet_bytes byte times by
 * the time the request's last byte has left: a second answer to the
 * previous request would have begun by then, and counting from our first
 * byte instead would slow every long request for nothing. */
static uint64_t quiet_gap_us(const kmp_client *c)
{
	uint64_t gap = byte_us(c), window = wire_us(c, c->cfg.quiet_bytes);
	uint64_t len = wire_us(c, c->wire_len);
	if (!c->req.probe && window > len && window - len > gap)
		gap = window - len;
	return gap;
}

/* When the queued request may go out: after the protocol's pause and on a
 * quiet line. */
static uint64_t send_at(const kmp_client *c)
{
	uint64_t t = c->ready_at;
	if (c->rx_seen && c->last_rx_us + quiet_gap_us(c) > t)
		t = c->last_rx_us + quiet_gap_us(c);
	return t;
}

/* A queued request that has waited this long for a quiet line fails: a
 * line that never goes quiet must not hold its owner for ever. */
static uint64_t quiet_bound(const kmp_client *c)
{
	uint64_t from = c->queued_us > c->ready_at ? c->queued_us : c->ready_at;
	return from + (uint64_t)c->cfg.timeout_ms * 1000u;
}

/* A failed exchange is counted once, under the kind its status names (the
 * header adds them up as "failed N"): the events of one exchange (several
 * pieces of garbage, cut-off frames, a deadline) are the trace's to show,
 * not more failures.  A dropped link is counted as a reconnect instead. */
static void count_failure(kmp_client *c, kmp_err status)
{
	switch (status) {
	case KMP_OK:
	case KMP_ERR_CLOSED:
		break;
	case KMP_ERR_TIMEOUT:
		c->stats.timeouts++;
		break;
	case KMP_ERR_ECHO_ONLY:
		c->stats.echo_only++;
		break;
	case KMP_ERR_CRC:
		c->stats.crc_errors++;
		break;
	case KMP_ERR_STUFFING:
		c->stats.stuffing_errors++;
		break;
	case KMP_ERR_PARTIAL:
		c->stats.partials++;
		break;
	case KMP_ERR_GARBAGE:
		c->stats.garbage++;
		break;
	default:
		c->stats.other_errors++;
		break;
	}
}

static void finish(kmp_client *c, kmp_err status)
{
	kmp_done_cb done = c->detached ? NULL : c->done;
	count_failure(c, status);
	void *ctx = c->done_ctx;
	kmp_result res = c->res;
	kmp_request req = c->req;
	res.status = status;
	res.req = &req;
	res.done_us = c->now;
	/* res.frame is set only by the reply that ends the exchange (on_reply),
	 * so it is valid here and NULL for timeouts and link failures */
	res.msg = status == KMP_OK ? &c->msg : NULL;
	c->state = ST_IDLE;
	c->done = NULL;
	c->done_ctx = NULL;
	c->detached = 0;
	if (status == KMP_OK)
		c->ready_at = c->now + byte_us(c);
	else
		c->ready_at = c->now + (uint64_t)c->cfg.fail_pause_ms * 1000u;
	if (done)
		done(ctx, &res);
}

kmp_err kmp_reply_check(const kmp_request *req, uint8_t addr, const kmp_msg *m)
{
	if (m->addr != addr)
		return KMP_ERR_WRONG_ADDR; /* another meter (or module) answered */
	if (m->cid != KMP_CID_GET_REGISTER)
		return KMP_OK;
	/* two records for one ID, with two values or two units, contradict
	 * each other: neither is the meter's value */
	for (size_t i = 0; i < m->n_records; i++)
		for (size_t k = 0; k < i; k++)
			if (m->records[k].id == m->records[i].id)
				return KMP_ERR_DUPLICATE;
	if (!req)
		return KMP_OK;
	/* a late or stale reply to some other request would mark ours
	 * "missing" */
	for (size_t i = 0; i < m->n_records; i++) {
		int asked = 0;
		for (size_t k = 0; k < req->n_ids; k++)
			asked |= req->ids[k] == m->records[i].id;
		if (!asked)
			return KMP_ERR_UNASKED;
	}
	return KMP_OK;
}

static void on_reply(kmp_client *c, const kmp_rx_event *rev)
{
	kmp_event ev = {
	        .kind = KMP_EV_RX, .raw = rev->raw, .raw_len = rev->raw_len, .frame = rev->frame};
	int waiting = c->state == ST_WAIT;
	kmp_err status = (kmp_err)rev->frame->status;
	if (status == KMP_OK) {
		status = (kmp_err)kmp_msg_decode(rev->frame, waiting ? c->req.cid : -1, &c->msg);
		if (status == KMP_OK && waiting && c->reply_early) {
			/* it began while our request was still on its way out:
			 * the answer to something else */
			status = KMP_ERR_EARLY;
		}
		if (status == KMP_OK)
			status = kmp_reply_check(waiting ? &c->req : NULL, c->cfg.address, &c->msg);
		if (status == KMP_OK)
			ev.msg = &c->msg;
	}
	ev.status = status;
	ev.discarded = !waiting || c->detached;
	c->res.frame = rev->frame;
	c->stats.rx++;
	emit(c, &ev);
	if (waiting)
		finish(c, status);
}

static void on_rx(void *ctx, const kmp_rx_event *rev)
{
	kmp_client *c = ctx;
	kmp_event ev = {.raw = rev->raw, .raw_len = rev->raw_len, .frame = rev->frame};
	int waiting = c->state == ST_WAIT;
	switch (rev->kind) {
	case KMP_RX_FRAME:
		on_reply(c, rev);
		return;
	case KMP_RX_ECHO:
		ev.kind = KMP_EV_ECHO;
		ev.status = (kmp_err)rev->frame->status;
		ev.own_echo = waiting && rev->raw_len == c->wire_len &&
		              memcmp(rev->raw, c->wire, c->wire_len) == 0;
		if (rev->frame->status == KMP_OK &&
		    kmp_msg_decode(rev->frame, -1, &c->echo_msg) == KMP_OK)
			ev.msg = &c->echo_msg;
		c->stats.echoes++;
		if (waiting)
			c->res.echoes++;
		break;
	case KMP_RX_ACK:
		ev.kind = KMP_EV_ACK;
		break;
	case KMP_RX_ZERO:
		ev.kind = KMP_EV_ZERO;
		break;
	case KMP_RX_GARBAGE:
		ev.kind = KMP_EV_GARBAGE;
		if (waiting)
			c->res.garbage++;
		break;
	case KMP_RX_PARTIAL:
		ev.kind = KMP_EV_PARTIAL;
		ev.status = KMP_ERR_PARTIAL;
		if (waiting)
			c->res.garbage++;
		break;
	}
	emit(c, &ev);
}

kmp_client *kmp_client_new(const kmp_client_config *cfg, kmp_observer obs, void *obs_ctx)
{
	kmp_client *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cfg = *cfg;
	snprintf(c->device, sizeof c->device, "%s", cfg->link.device ? cfg->link.device : "");
	c->cfg.link.device = c->device;
	c->obs = obs;
	c->obs_ctx = obs_ctx;
	kmp_rx_init(&c->rx, on_rx, c);
	return c;
}

static void link_down(kmp_client *c, int err, const char *why)
{
	kmp_event ev = {.kind = KMP_EV_LINK_DOWN, .status = err};
	if (c->link) {
		kmp_rx_flush(&c->rx);
		kmp_link_close(c->link);
		c->link = NULL;
		c->stats.reconnects++;
	}
	kmp_rx_reset(&c->rx);
	snprintf(c->link_err, sizeof c->link_err, "%s", why);
	c->link_status = err;
	c->reconnect_at = c->now + (uint64_t)c->cfg.reconnect_ms * 1000u;
	ev.detail = c->link_err;
	emit(c, &ev);
	if (c->state != ST_IDLE)
		finish(c, KMP_ERR_CLOSED);
	raw_link_down(c);
}

void kmp_client_free(kmp_client *c)
{
	if (!c)
		return;
	if (c->link)
		kmp_link_close(c->link);
	free(c->raw);
	free(c);
}

/* The most one step reads: a line that never stops talking (an endless
 * meter, faster than a loaded machine decodes) must not hold the owner's
 * loop, which checks for a signal or a key between steps.  The rest waits
 * for the next step (poll() says at once that it is there). */
enum { STEP_READ_MAX = 4096 };

/* Bytes from before we opened (a bridge's buffer or its error message, a
 * reply to someone else's request) belong to no exchange of ours: they
 * are read and reach the observer (a bridge's "cannot open the device" is
 * worth seeing), then the receiver starts clean.  Bounded, so a line that
 * never stops talking cannot hold the owner here. */
static void drain_stale(kmp_client *c)
{
	uint8_t buf[512];
	size_t total = 0;
	while (total < STEP_READ_MAX) {
		int n = kmp_link_read(c->link, buf, sizeof buf);
		if (n <= 0)
			break; /* nothing more, or a closed line: read_link will see it */
		kmp_rx_feed(&c->rx, buf, (size_t)n);
		total += (size_t)n;
	}
	kmp_rx_flush(&c->rx);
	if (total >= STEP_READ_MAX)
		kmp_link_flush_input(c->link);
}

/* The link is up: start from a clean line. */
static void link_up(kmp_client *c)
{
	c->link_err[0] = '\0';
	c->link_status = KMP_OK;
	kmp_rx_reset(&c->rx);
	c->ever_connected = 1;
	kmp_event ev = {.kind = KMP_EV_LINK_UP, .detail = kmp_link_kind(c->link)};
	emit(c, &ev);
	drain_stale(c);
}

/* An attempt to open the link failed (msg says why): try again after
 * reconnect_ms, unless retrying cannot help. */
static void attempt_failed(kmp_client *c, int rc, const char *msg)
{
	if (c->link) {
		kmp_link_close(c->link);
		c->link = NULL;
	}
	c->link_failed = kmp_err_permanent(rc);
	c->link_status = rc;
	/* report a failure once per distinct reason, not every second */
	if (strcmp(msg, c->link_err) != 0) {
		snprintf(c->link_err, sizeof c->link_err, "%s", msg);
		kmp_event ev = {.kind = KMP_EV_LINK_DOWN, .status = rc, .detail = c->link_err};
		emit(c, &ev);
	}
	c->reconnect_at = c->now + (uint64_t)c->cfg.reconnect_ms * 1000u;
}

/* Where an attempt stands after kmp_link_open or kmp_link_progress said rc. */
static int attempt_result(kmp_client *c, int rc, const char *msg, char *err, size_t errcap)
{
	if (rc == KMP_OK)
		link_up(c);
	else if (rc != KMP_ERR_IN_PROGRESS)
		attempt_failed(c, rc, msg);
	if (err && errcap)
		snprintf(err, errcap, "%s", rc == KMP_OK || rc == KMP_ERR_IN_PROGRESS ? "" : msg);
	return rc;
}

int kmp_client_connect(kmp_client *c, uint64_t now_us, char *err, size_t errcap)
{
	char msg[256] = "";
	c->now = now_us;
	if (c->link) { /* up, or an attempt under way: nothing new to start */
		if (err && errcap)
			err[0] = '\0';
		return kmp_link_up(c->link) ? KMP_OK : KMP_ERR_IN_PROGRESS;
	}
	c->link_failed = 0; /* asked explicitly: try even after a permanent error */
	int rc = kmp_link_open(&c->link, &c->cfg.link, now_us, msg, sizeof msg);
	return attempt_result(c, rc, msg, err, errcap);
}

/* A connecting link: go on after poll() said revents (or a deadline). */
static void connect_progress(kmp_client *c, short revents)
{
	char msg[256] = "";
	int rc = kmp_link_progress(c->link, revents, c->now, msg, sizeof msg);
	attempt_result(c, rc, msg, NULL, 0);
}

kmp_link_state kmp_client_link_state(const kmp_client *c)
{
	if (c->link)
		return kmp_link_up(c->link) ? KMP_LINK_UP : KMP_LINK_CONNECTING;
	return c->link_failed ? KMP_LINK_FAILED : KMP_LINK_DOWN;
}

int kmp_client_connected(const kmp_client *c)
{
	return kmp_client_link_state(c) == KMP_LINK_UP;
}
const char *kmp_client_link_error(const kmp_client *c)
{
	return c->link_err;
}
int kmp_client_link_status(const kmp_client *c)
{
	return c->link_status;
}
const char *kmp_client_device(const kmp_client *c)
{
	return c->device;
}
int kmp_client_busy(const kmp_client *c)
{
	return c->state != ST_IDLE || c->raw;
}
const kmp_client_stats *kmp_client_stats_get(const kmp_client *c)
{
	return &c->stats;
}

int kmp_client_pending(const kmp_client *c, const void *ctx)
{
	return c->state != ST_IDLE && !c->detached && c->done && c->done_ctx == ctx;
}

uint64_t kmp_client_ready_at(const kmp_client *c)
{
	if (c->state == ST_QUEUED)
		return send_at(c);
	/* a request submitted now: at least one byte time of quiet */
	uint64_t t = c->ready_at;
	if (c->rx_seen && c->last_rx_us + byte_us(c) > t)
		t = c->last_rx_us + byte_us(c);
	return t;
}

void kmp_client_cancel(kmp_client *c)
{
	if (c->state == ST_QUEUED) {
		c->state = ST_IDLE;
		c->done = NULL;
		c->done_ctx = NULL;
	}
}

void kmp_client_detach(kmp_client *c)
{
	if (c->state == ST_QUEUED) {
		kmp_client_cancel(c);
	} else if (c->state == ST_WAIT) {
		/* the meter may still answer: read it, trace it, keep the
		 * pauses, but tell nobody */
		c->detached = 1;
		c->done = NULL;
		c->done_ctx = NULL;
	}
}

void kmp_client_set_timeout(kmp_client *c, unsigned ms)
{
	/* read when a request goes out (send_request), never for one in flight */
	c->cfg.timeout_ms = ms;
}

kmp_err kmp_client_submit(kmp_client *c, const kmp_request *req, kmp_done_cb done, void *ctx)
{
	if (c->state != ST_IDLE || c->raw)
		return KMP_ERR_BUSY_CLIENT;
	if (!kmp_client_connected(c))
		return KMP_ERR_CLOSED;
	size_t n;
	kmp_err rc = kmp_request_encode(req, c->cfg.address, c->wire, sizeof c->wire, &n);
	if (rc != KMP_OK)
		return rc;
	c->wire_len = n;
	c->req = *req;
	c->done = done;
	c->done_ctx = ctx;
	c->detached = 0;
	c->queued_us = c->now;
	memset(&c->res, 0, sizeof c->res);
	c->state = ST_QUEUED;
	return KMP_OK;
}

/* The fastest a byte can cross the line.  A TCP bridge owns the line's
 * speed (the configured baud may not be it): assume the fastest KMP meters
 * use, 9600 8N1 (protocol notes, "Meter families"). */
static uint64_t min_byte_us(const kmp_client *c)
{
	uint64_t b = byte_us(c);
	if (c->link && strcmp(kmp_link_kind(c->link), "tcp") == 0 && b > 1042)
		b = 1042;
	return b;
}

static void send_request(kmp_client *c)
{
	/* a frame left open by earlier noise is reported, not carried into
	 * this exchange */
	kmp_rx_flush(&c->rx);
	memset(&c->res, 0, sizeof c->res);
	int rc = kmp_link_write(c->link, c->wire, c->wire_len);
	if (rc != KMP_OK) {
		char why[300];
		snprintf(why, sizeof why, "%.200s: %s", c->device, kmp_strerror(rc));
		c->state = ST_WAIT; /* so link_down finishes the exchange */
		link_down(c, rc, why);
		return;
	}
	c->stats.tx++;
	c->state = ST_WAIT;
	c->res.sent_us = c->now;
	c->tx_end_us = c->now + wire_us(c, c->wire_len);
	/* byte times are rounded to the microsecond: give a peer that
	 * computes them exactly one microsecond per byte */
	c->early_us = c->now + (uint64_t)c->wire_len * (min_byte_us(c) - 1);
	c->reply_early = 0;
	c->deadline_us = c->tx_end_us + (uint64_t)c->cfg.timeout_ms * 1000u;
	/* a line that keeps opening frames (a 40 every 100 ms) would restart
	 * the inter-byte timer forever: no reply takes longer than the
	 * timeout plus the longest frame on the wire */
	c->give_up_us = c->deadline_us + (uint64_t)KMP_FRAME_MAX * byte_us(c);
	kmp_frame_decode(c->wire, c->wire_len, &c->txframe);
	kmp_msg_decode(&c->txframe, -1, &c->msg);
	kmp_event ev = {.kind = KMP_EV_TX,
	                .raw = c->wire,
	                .raw_len = c->wire_len,
	                .frame = &c->txframe,
	                .msg = &c->msg};
	emit(c, &ev);
}

/* Has the meter's reply begun?  A 40 opens an open frame in the receiver. */
static int reply_open(const kmp_client *c)
{
	return kmp_rx_busy(&c->rx) && c->rx.buf[0] == KMP_START_REPLY;
}

static void read_link(kmp_client *c)
{
	uint8_t buf[512];
	for (size_t total = 0; total < STEP_READ_MAX;) {
		int n = kmp_link_read(c->link, buf, sizeof buf);
		if (n == 0)
			return;
		if (n < 0) {
			char why[300];
			snprintf(why, sizeof why, "%.200s: %s", c->device, kmp_strerror(n));
			link_down(c, n, why);
			return;
		}
		/* whatever arrived (a late reply, noise), the line must be quiet
		 * before we talk (send_at) */
		c->last_rx_us = c->now;
		c->rx_seen = 1;
		if (c->state == ST_WAIT && !c->res.reply_started &&
		    memchr(buf, KMP_START_REPLY, (size_t)n)) {
			c->res.reply_started = 1;
			c->res.latency_us = c->now > c->tx_end_us ? c->now - c->tx_end_us : 0;
			/* bytes are seen no earlier than they arrive: a start byte
			 * seen before the request could have left really was early */
			c->reply_early = c->now < c->early_us;
		}
		if (c->raw)
			raw_bytes(c, buf, (size_t)n);
		kmp_rx_feed(&c->rx, buf, (size_t)n);
		total += (size_t)n;
	}
}

static void check_timers(kmp_client *c)
{
	uint64_t quiet = (uint64_t)c->cfg.interbyte_ms * 1000u;
	if (kmp_rx_busy(&c->rx) && c->now >= c->last_rx_us + quiet) {
		/* the line went quiet in the middle of a frame */
		int was_reply = reply_open(c);
		kmp_rx_flush(&c->rx);
		if (was_reply && c->state == ST_WAIT) {
			finish(c, KMP_ERR_PARTIAL);
			return;
		}
	}
	if (c->state == ST_WAIT && c->now >= c->give_up_us) {
		kmp_rx_flush(&c->rx);
		if (c->state != ST_WAIT)
			return; /* the flush completed the exchange */
		kmp_event ev = {.kind = KMP_EV_TIMEOUT, .status = KMP_ERR_PARTIAL};
		emit(c, &ev);
		finish(c, KMP_ERR_PARTIAL);
		return;
	}
	if (c->state == ST_WAIT && !reply_open(c) && c->now >= c->deadline_us) {
		kmp_rx_flush(&c->rx);
		if (c->state != ST_WAIT)
			return; /* the flush completed the exchange */
		kmp_err status = c->res.reply_started ? KMP_ERR_PARTIAL
		                 : c->res.garbage     ? KMP_ERR_GARBAGE
		                 : c->res.echoes      ? KMP_ERR_ECHO_ONLY
		                                      : KMP_ERR_TIMEOUT;
		/* only the echo counts as echo only (finish), so the header
		 * and the trace (ECHO ONLY) agree */
		kmp_event ev = {.kind = KMP_EV_TIMEOUT, .status = status};
		emit(c, &ev);
		finish(c, status);
	}
}

/* Send the queued request when the line allows, or give up on a line
 * that never goes quiet. */
static void try_send(kmp_client *c)
{
	if (c->state != ST_QUEUED)
		return;
	if (c->now >= send_at(c)) {
		send_request(c);
	} else if (c->now >= quiet_bound(c)) {
		kmp_event ev = {.kind = KMP_EV_TIMEOUT, .status = KMP_ERR_LINE_BUSY};
		emit(c, &ev);
		finish(c, KMP_ERR_LINE_BUSY);
	}
}

void kmp_client_step(kmp_client *c, short revents, uint64_t now_us)
{
	c->now = now_us;
	if (!c->link && !c->link_failed && now_us >= c->reconnect_at) {
		char msg[256] = "";
		int rc = kmp_link_open(&c->link, &c->cfg.link, now_us, msg, sizeof msg);
		attempt_result(c, rc, msg, NULL, 0);
		revents = 0; /* they were for no descriptor of this link */
	}
	if (c->link && !kmp_link_up(c->link))
		connect_progress(c, revents);
	if (!kmp_client_connected(c)) {
		if (c->state == ST_QUEUED)
			finish(c, KMP_ERR_CLOSED);
		return;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR))
		read_link(c);
	if (!c->link)
		return;
	check_timers(c);
	raw_step(c);
	try_send(c);
}

int kmp_client_pollfd(kmp_client *c, struct pollfd *pfd)
{
	if (!c->link)
		return 0;
	/* POLLIN when up; while connecting what the link waits for (the
	 * socket's POLLOUT, the name lookup's POLLIN) */
	pfd->fd = kmp_link_fd(c->link);
	pfd->events = kmp_link_events(c->link);
	pfd->revents = 0;
	return 1;
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int kmp_client_timeout_ms(const kmp_client *c, uint64_t now_us)
{
	uint64_t due = UINT64_MAX;
	if (!c->link && !c->link_failed)
		due = c->reconnect_at;
	if (c->link && !kmp_link_up(c->link)) {
		/* connecting: wake for the link's deadline */
		int ms = kmp_link_timeout_ms(c->link, now_us);
		due = now_us + (uint64_t)(ms < 0 ? 0 : ms) * 1000u;
	}
	if (c->link && kmp_rx_busy(&c->rx))
		due = earlier(due, c->last_rx_us + (uint64_t)c->cfg.interbyte_ms * 1000u);
	if (c->state == ST_WAIT && !reply_open(c))
		due = earlier(due, c->deadline_us);
	if (c->state == ST_WAIT)
		due = earlier(due, c->give_up_us);
	if (c->state == ST_QUEUED)
		due = earlier(due, earlier(send_at(c), quiet_bound(c)));
	if (c->link && c->raw)
		due = earlier(due, raw_due(c));
	if (due == UINT64_MAX)
		return -1;
	if (due <= now_us)
		return 0;
	/* round up so poll() does not wake a hair early and spin */
	return (int)((due - now_us + 999) / 1000);
}

/* --- line settings ------------------------------------------------------ */

static kmp_err set_line(kmp_client *c, const kmp_link_config *line, char *err, size_t errcap)
{
	kmp_link_config n = c->cfg.link;
	n.baud = line->baud;
	n.databits = line->databits;
	n.parity = line->parity;
	n.stopbits = line->stopbits;
	int rc = kmp_link_config_check(&n, err, errcap);
	if (rc == KMP_OK && c->link)
		rc = kmp_link_set_line(c->link, &n, err, errcap);
	if (rc != KMP_OK)
		return (kmp_err)rc;
	/* kept for reconnects; the device name stays ours */
	c->cfg.link = n;
	c->cfg.link.device = c->device;
	if (err && errcap)
		err[0] = '\0';
	return KMP_OK;
}

/* Which phase a raw exchange is in (below). */
static int raw_sending(const kmp_client *c);

kmp_err kmp_client_set_line(kmp_client *c, const kmp_link_config *line, char *err, size_t errcap)
{
	if (c->state == ST_WAIT || raw_sending(c)) {
		if (err && errcap)
			snprintf(err, errcap, "a request is on its way out");
		return KMP_ERR_BUSY_CLIENT;
	}
	return set_line(c, line, err, errcap);
}

void kmp_client_line(const kmp_client *c, kmp_link_config *out)
{
	if (c->link) {
		kmp_link_config_line(c->link, out);
		out->device = c->device;
		return;
	}
	*out = c->cfg.link;
	kmp_link_config_default(out);
	out->device = c->device;
	out->baud = c->cfg.link.baud ? c->cfg.link.baud : out->baud;
	out->databits = c->cfg.link.databits ? c->cfg.link.databits : out->databits;
	out->parity = c->cfg.link.parity ? c->cfg.link.parity : out->parity;
	out->stopbits = c->cfg.link.stopbits ? c->cfg.link.stopbits : out->stopbits;
	if (c->cfg.link.connect_timeout_ms)
		out->connect_timeout_ms = c->cfg.link.connect_timeout_ms;
}

int kmp_client_is_tcp(const kmp_client *c)
{
	return kmp_link_is_tcp(c->device);
}

/* --- raw exchanges --------------------------------------------------------
 * Beside the KMP path, never at the same time: a raw exchange holds the
 * client (kmp_client_busy) from submit to its callback.  Received bytes go
 * both to the raw buffer and to the streaming receiver, so the observer
 * sees them as it always does. */

enum raw_phase {
	RAW_QUEUED,  /* waiting for the pauses (a payload), or about to listen */
	RAW_SENDING, /* the payload is leaving; the line switches at switch_at */
	RAW_LISTEN,  /* collecting */
};

struct raw_xchg {
	enum raw_phase phase;
	kmp_raw_request req; /* tx and rx_line point into this struct */
	uint8_t tx[KMP_RAW_TX_MAX];
	kmp_link_config rx_line;
	kmp_raw_done_cb done;
	void *ctx;
	uint8_t buf[KMP_RAW_MAX];
	size_t len, total;
	size_t echo;  /* leading bytes that repeat the payload so far */
	int echo_off; /* a byte differed: the rest is no echo */
	int cr;
	uint64_t start_us, switch_at, first_deadline, end_by, first_us, last_us;
};

kmp_err kmp_raw_payload_check(const uint8_t *p, size_t n)
{
	if (n > KMP_RAW_TX_MAX || (!p && n))
		return KMP_ERR_ARG;
	/* every 80 opens a request for a meter: its command byte (after the
	 * address, unstuffed) must be a read, whether or not a 0D or a good
	 * CRC follows; one cut off by the payload's end is refused too, since
	 * the next payload could finish it */
	for (size_t i = 0; i < n; i++) {
		if (p[i] != KMP_START_REQUEST)
			continue;
		uint8_t field[2];
		size_t got = 0, k = i + 1;
		while (got < 2 && k < n && p[k] != KMP_STOP && p[k] != KMP_START_REQUEST) {
			if (p[k] == 0x1B && k + 1 < n) {
				field[got++] = (uint8_t)(p[k + 1] ^ 0xFF);
				k += 2;
			} else {
				field[got++] = p[k++];
			}
		}
		/* only the known reads (kmp_cid_is_read, protocol notes,
		 * "Commands"): anything else a meter could take for a
		 * request is refused */
		if (got == 2 ? !kmp_cid_is_read(field[1]) : k >= n)
			return KMP_ERR_ARG;
	}
	return KMP_OK;
}

kmp_err kmp_client_submit_raw(kmp_client *c, const kmp_raw_request *req, kmp_raw_done_cb done,
                              void *ctx)
{
	if (c->state != ST_IDLE || c->raw)
		return KMP_ERR_BUSY_CLIENT;
	if (!req || !done)
		return KMP_ERR_ARG;
	kmp_err rc = kmp_raw_payload_check(req->tx, req->tx_len);
	if (rc != KMP_OK)
		return rc;
	if (req->rx_line && kmp_link_config_check(req->rx_line, NULL, 0) != KMP_OK)
		return KMP_ERR_CONFIG;
	if (!kmp_client_connected(c))
		return KMP_ERR_CLOSED;
	struct raw_xchg *r = calloc(1, sizeof *r);
	if (!r)
		return KMP_ERR_NOMEM;
	r->req = *req;
	if (req->tx_len)
		memcpy(r->tx, req->tx, req->tx_len);
	r->req.tx = r->tx;
	if (req->rx_line) {
		r->rx_line = *req->rx_line;
		r->req.rx_line = &r->rx_line;
	}
	if (!r->req.max_ms)
		r->req.max_ms = r->req.first_ms + 2000;
	r->done = done;
	r->ctx = ctx;
	r->phase = RAW_QUEUED;
	c->raw = r;
	return KMP_OK;
}

void kmp_client_raw_cancel(kmp_client *c)
{
	free(c->raw);
	c->raw = NULL;
}

/* Start collecting: the windows count from now. */
static void raw_listen(kmp_client *c, struct raw_xchg *r)
{
	r->phase = RAW_LISTEN;
	r->first_deadline = c->now + (uint64_t)r->req.first_ms * 1000u;
	r->end_by = r->start_us + (uint64_t)r->req.max_ms * 1000u;
	if (r->end_by < r->first_deadline)
		r->end_by = r->first_deadline;
}

static void raw_finish(kmp_client *c, kmp_err status)
{
	struct raw_xchg *r = c->raw;
	/* stray bytes held by the receiver reach the observer before the
	 * owner hears the outcome */
	kmp_rx_flush(&c->rx);
	kmp_raw_result res = {.status = status,
	                      .rx = r->buf,
	                      .rx_len = r->len,
	                      .rx_total = r->total,
	                      .ended_by_cr = r->cr,
	                      .start_us = r->start_us,
	                      .first_us = r->first_us,
	                      .last_us = r->last_us,
	                      .done_us = c->now,
	                      .byte_us = byte_us(c)};
	/* only a whole echo is an echo */
	res.echo_len = r->req.tx_len && r->echo == r->req.tx_len ? r->echo : 0;
	if (r->req.tx_len && !r->req.no_meter) {
		/* a KMP meter took the payload for garbage: 1.6 s of deafness */
		uint64_t t = c->now + (uint64_t)c->cfg.fail_pause_ms * 1000u;
		if (c->ready_at < t)
			c->ready_at = t;
	}
	c->raw = NULL;
	r->done(r->ctx, &res);
	free(r);
}

static void raw_bytes(kmp_client *c, const uint8_t *p, size_t n)
{
	struct raw_xchg *r = c->raw;
	if (r->phase != RAW_LISTEN && r->phase != RAW_SENDING)
		return; /* before our turn: not ours */
	if (!r->first_us)
		r->first_us = c->now;
	r->last_us = c->now;
	for (size_t i = 0; i < n; i++) {
		int echoed = 0;
		if (!r->echo_off && r->echo < r->req.tx_len) {
			if (p[i] == r->tx[r->echo]) {
				r->echo++;
				echoed = 1;
			} else {
				r->echo_off = 1;
			}
		}
		r->total++;
		if (r->len < sizeof r->buf)
			r->buf[r->len++] = p[i];
		/* a CR of the echo does not end the answer */
		if (p[i] == KMP_STOP && r->req.until_cr && !echoed)
			r->cr = 1;
	}
}

/* Nothing but (a part of) the echo so far. */
static int raw_echo_only(const struct raw_xchg *r)
{
	return !r->echo_off && r->total == r->echo;
}

static int raw_sending(const kmp_client *c)
{
	return c->raw && c->raw->phase == RAW_SENDING;
}

static void raw_send(kmp_client *c, struct raw_xchg *r)
{
	kmp_rx_flush(&c->rx);
	int rc = kmp_link_write(c->link, r->tx, r->req.tx_len);
	if (rc != KMP_OK) {
		char why[300];
		snprintf(why, sizeof why, "%.200s: %s", c->device, kmp_strerror(rc));
		link_down(c, rc, why); /* finishes the raw exchange */
		return;
	}
	c->stats.tx++;
	r->start_us = c->now;
	kmp_event ev = {.kind = KMP_EV_TX, .raw = r->tx, .raw_len = r->req.tx_len};
	emit(c, &ev);
	if (!c->raw)
		return;
	if (r->req.rx_line) {
		/* keep the speed until the last byte has left (and the UART's
		 * and the USB adapter's buffers with it): 2 byte times and 30 ms */
		r->phase = RAW_SENDING;
		r->switch_at = c->now + (uint64_t)(r->req.tx_len + 2) * byte_us(c) + 30000u;
	} else {
		raw_listen(c, r);
	}
}

/* When the listening ends: at the first CR when asked, else once the line
 * has gone quiet after an answer; nothing but the head's echo (or, in a
 * loopback test, not yet all of it) waits the whole first_ms; max_ms ends
 * it in any case. */
static uint64_t raw_ends_at(const kmp_client *c, const struct raw_xchg *r)
{
	uint64_t quiet = r->last_us + (uint64_t)r->req.idle_ms * 1000u;
	uint64_t t;
	if (r->cr)
		t = c->now;
	else if (!r->total)
		t = r->first_deadline;
	else if (!raw_echo_only(r) || (r->req.no_meter && r->echo == r->req.tx_len))
		t = quiet; /* an answer, or the whole pattern back */
	else
		t = quiet > r->first_deadline ? quiet : r->first_deadline;
	return t < r->end_by ? t : r->end_by;
}

static void raw_step(kmp_client *c)
{
	struct raw_xchg *r = c->raw;
	if (!r || !c->link)
		return;
	if (r->phase == RAW_QUEUED) {
		if (!r->req.tx_len) {
			r->start_us = c->now;
			raw_listen(c, r);
		} else if (c->now >= c->ready_at) {
			raw_send(c, r);
			if (c->raw != r)
				return;
		} else {
			return;
		}
	}
	if (r->phase == RAW_SENDING && c->now >= r->switch_at) {
		char err[200];
		if (set_line(c, &r->rx_line, err, sizeof err) != KMP_OK) {
			raw_finish(c, KMP_ERR_CONFIG);
			return;
		}
		raw_listen(c, r);
	}
	if (r->phase != RAW_LISTEN)
		return;
	if (c->now >= raw_ends_at(c, r))
		raw_finish(c, r->total ? KMP_OK : KMP_ERR_TIMEOUT);
}

static uint64_t raw_due(const kmp_client *c)
{
	const struct raw_xchg *r = c->raw;
	if (r->phase == RAW_QUEUED)
		return r->req.tx_len ? c->ready_at : c->now;
	if (r->phase == RAW_SENDING)
		return r->switch_at;
	return raw_ends_at(c, r);
}

static void raw_link_down(kmp_client *c)
{
	if (c->raw)
		raw_finish(c, KMP_ERR_CLOSED);
}
