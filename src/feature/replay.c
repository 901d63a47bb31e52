/* replay.c - a recorded session back as client events (see replay.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feature/replay.h"
#include "kmp/paste.h"
#include "kmp/rx.h"
#include "kmp/trace_line.h"

/* --- pools ---------------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int put_bytes(kmp_replay *r, const uint8_t *b, size_t n, size_t *off)
{
	if (grow((void **)&r->bytes, &r->capbytes, r->nbytes + n, 1) != 0)
		return -1;
	if (n)
		memcpy(r->bytes + r->nbytes, b, n);
	*off = r->nbytes;
	r->nbytes += n;
	return 0;
}

static int put_text(kmp_replay *r, const char *s, size_t n, size_t *off)
{
	if (grow((void **)&r->text, &r->captext, r->ntext + n + 1, 1) != 0)
		return -1;
	memcpy(r->text + r->ntext, s, n);
	r->text[r->ntext + n] = '\0';
	*off = r->ntext;
	r->ntext += n + 1;
	return 0;
}

/* --- the live client's view, rebuilt entry by entry ---------------------- */

/* What a log line says about its entry beyond the bytes: the live client
 * decided these from timing and ownership we cannot see again. */
typedef struct says {
	int known;     /* the input states them (a --log line) */
	int discarded; /* "(discarded: no request waiting)" */
	int own_echo;  /* "(echo of our request)" */
	kmp_err error; /* ": <phrase>" of a reply that checks but answers nothing */
} says;

typedef struct loader {
	kmp_replay *r;
	int failed; /* out of memory */
	/* the client's state */
	int waiting;
	kmp_request req;
	uint8_t addr; /* the address requests go to */
	uint8_t wire[KMP_FRAME_MAX];
	size_t wire_len;
	/* a paste: the receiver and the side it is fed from */
	kmp_rx rx;
	kmp_side rx_side;
	unsigned rx_line;
	struct timespec rx_wall;
	int rx_wall_known;
	const struct timespec *first_wall;
	struct timespec first;
	int have_first;
	size_t paste_entries;
} loader;

static uint64_t offset_us(loader *L, const struct timespec *w)
{
	if (!L->have_first) {
		L->first = *w;
		L->have_first = 1;
	}
	int64_t d = (int64_t)(w->tv_sec - L->first.tv_sec) * 1000000 +
	            (w->tv_nsec - L->first.tv_nsec) / 1000;
	return d > 0 ? (uint64_t)d : 0; /* a clock stepped back: keep the order */
}

static kmp_replay_item *add(loader *L, kmp_event_kind kind, const uint8_t *b, size_t n,
                            const struct timespec *wall, unsigned line)
{
	kmp_replay *r = L->r;
	if (L->failed || grow((void **)&r->items, &r->cap, r->n + 1, sizeof *r->items) != 0) {
		L->failed = 1;
		return NULL;
	}
	kmp_replay_item *it = &r->items[r->n];
	memset(it, 0, sizeof *it);
	if (put_bytes(r, b, n, &it->raw_off) != 0) {
		L->failed = 1;
		return NULL;
	}
	r->n++;
	it->kind = kind;
	it->raw_len = n;
	it->detail_off = SIZE_MAX;
	it->expect_cid = -1;
	it->line = line;
	it->wall = *wall;
	it->t_us = offset_us(L, wall);
	return it;
}

static void on_tx(loader *L, kmp_replay_item *it, int raw)
{
	kmp_frame f;
	kmp_msg m;
	const uint8_t *b = L->r->bytes + it->raw_off;
	it->raw_tx = raw;
	L->waiting = 0;
	if (raw)
		return; /* a raw exchange: nothing waits for a KMP reply */
	kmp_frame_decode(b, it->raw_len, &f);
	it->status = (kmp_err)f.status;
	memset(&L->req, 0, sizeof L->req);
	if (f.status == KMP_OK && kmp_msg_decode(&f, -1, &m) == KMP_OK) {
		L->req.cid = m.cid;
		L->req.n_ids = m.n_ids < KMP_MAX_IDS ? m.n_ids : KMP_MAX_IDS;
		memcpy(L->req.ids, m.ids, L->req.n_ids * sizeof L->req.ids[0]);
		L->addr = m.addr;
	} else {
		L->req.cid = f.cid;
		L->addr = f.addr;
	}
	L->wire_len = it->raw_len <= sizeof L->wire ? it->raw_len : 0;
	memcpy(L->wire, b, L->wire_len);
	L->waiting = 1;
}

static void on_reply(loader *L, kmp_replay_item *it, const says *s)
{
	kmp_frame f;
	kmp_msg m;
	const uint8_t *b = L->r->bytes + it->raw_off;
	int waiting = L->waiting && !(s->known && s->discarded);
	kmp_frame_decode(b, it->raw_len, &f);
	kmp_err st = (kmp_err)f.status;
	if (st == KMP_OK) {
		it->expect_cid = waiting ? L->req.cid : -1;
		st = (kmp_err)kmp_msg_decode(&f, it->expect_cid, &m);
		if (st == KMP_OK)
			st = kmp_reply_check(waiting ? &L->req : NULL,
			                     L->addr ? L->addr : KMP_ADDR_HEAT, &m);
		/* the log knew better (the reply began too early): never a
		 * value where the live session gave none */
		if (st == KMP_OK && s->known && s->error != KMP_OK)
			st = s->error;
	}
	it->status = st;
	it->discarded = !L->waiting || (s->known && s->discarded);
	L->waiting = 0;
}

static void on_echo(loader *L, kmp_replay_item *it, const says *s)
{
	kmp_frame f;
	const uint8_t *b = L->r->bytes + it->raw_off;
	kmp_frame_decode(b, it->raw_len, &f);
	it->status = (kmp_err)f.status;
	if (s->known)
		it->own_echo = s->own_echo;
	else
		it->own_echo = L->waiting && it->raw_len == L->wire_len &&
		               !memcmp(b, L->wire, L->wire_len);
}

/* --- a kmpterm --log file ------------------------------------------------ */

/* The reply-check phrases a log line's DECODE may end with. */
static kmp_err stated_error(const kmp_trace_line *t)
{
	static const kmp_err errs[] = {KMP_ERR_EARLY,     KMP_ERR_WRONG_ADDR, KMP_ERR_UNASKED,
	                               KMP_ERR_DUPLICATE, KMP_ERR_CID,        KMP_ERR_LENGTH,
	                               KMP_ERR_RANGE,     KMP_ERR_DATA};
	char phrase[160];
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		snprintf(phrase, sizeof phrase, ": %s", kmp_strerror(errs[i]));
		if (kmp_trace_field_has(t->decode, t->decode_len, phrase))
			return errs[i];
	}
	return KMP_OK;
}

static kmp_err timeout_status(const kmp_trace_line *t)
{
	if (kmp_trace_field_is(t->status, t->status_len, "ECHO ONLY"))
		return KMP_ERR_ECHO_ONLY;
	if (kmp_trace_field_is(t->status, t->status_len, "TIMEOUT (garbage only)"))
		return KMP_ERR_GARBAGE;
	if (kmp_trace_field_is(t->status, t->status_len, "TIMEOUT (partial)"))
		return KMP_ERR_PARTIAL;
	if (kmp_trace_field_is(t->status, t->status_len, "LINE BUSY"))
		return KMP_ERR_LINE_BUSY;
	return KMP_ERR_TIMEOUT;
}

static void log_line(loader *L, const kmp_trace_line *t, unsigned line)
{
	static const kmp_event_kind kinds[] = {
	        [KMP_TRACE_TX] = KMP_EV_TX,           [KMP_TRACE_RX] = KMP_EV_RX,
	        [KMP_TRACE_ECHO] = KMP_EV_ECHO,       [KMP_TRACE_ACK] = KMP_EV_ACK,
	        [KMP_TRACE_ZERO] = KMP_EV_ZERO,       [KMP_TRACE_GARBAGE] = KMP_EV_GARBAGE,
	        [KMP_TRACE_PARTIAL] = KMP_EV_PARTIAL, [KMP_TRACE_TIMEOUT] = KMP_EV_TIMEOUT,
	        [KMP_TRACE_LINK] = KMP_EV_LINK_UP,
	};
	kmp_event_kind kind = kinds[t->dir];
	if (t->dir == KMP_TRACE_LINK && kmp_trace_field_is(t->status, t->status_len, "DOWN"))
		kind = KMP_EV_LINK_DOWN;
	kmp_replay_item *it = add(L, kind, t->bytes, t->n, &t->wall, line);
	if (!it)
		return;
	says s = {.known = 1,
	          .discarded = kmp_trace_field_has(t->decode, t->decode_len,
	                                           "(discarded: no request waiting)"),
	          .own_echo =
	                  kmp_trace_field_has(t->decode, t->decode_len, "(echo of our request)"),
	          .error = stated_error(t)};
	switch (kind) {
	case KMP_EV_TX:
		on_tx(L, it, kmp_trace_field_is(t->status, t->status_len, "RAW"));
		break;
	case KMP_EV_RX:
		on_reply(L, it, &s);
		break;
	case KMP_EV_ECHO:
		on_echo(L, it, &s);
		break;
	case KMP_EV_PARTIAL:
		it->status = KMP_ERR_PARTIAL;
		break;
	case KMP_EV_TIMEOUT:
		it->status = timeout_status(t);
		L->waiting = 0;
		break;
	case KMP_EV_LINK_DOWN:
	case KMP_EV_LINK_UP:
		if (kind == KMP_EV_LINK_DOWN) {
			it->status = KMP_ERR_CLOSED;
			L->waiting = 0;
		}
		/* both carry the reason or the kind of link */
		if (put_text(L->r, t->decode, t->decode_len, &it->detail_off) != 0)
			L->failed = 1;
		break;
	default:
		break;
	}
}

static void note_error(kmp_replay *r, unsigned line, unsigned col, const char *why)
{
	if (!r->n_errors++) {
		r->error_line = line;
		r->error_col = col;
		snprintf(r->error, sizeof r->error, "%s", why);
	}
}

/* Every line a trace line, or an error; blank lines are skipped. */
static void load_log(loader *L, const char *text, size_t len)
{
	kmp_replay *r = L->r;
	kmp_trace_line *t = malloc(sizeof *t);
	if (!t) {
		L->failed = 1;
		return;
	}
	size_t i = 0;
	unsigned line = 0;
	while (i < len && !L->failed) {
		const char *s = text + i;
		const char *nl = memchr(s, '\n', len - i);
		size_t n = nl ? (size_t)(nl - s) : len - i;
		i += n + (nl != NULL);
		line++;
		r->n_lines++;
		if (n == 0 || (n == 1 && s[0] == '\r')) {
			r->n_skipped++;
			continue;
		}
		unsigned col;
		const char *why;
		if (memchr(s, '\0', n)) {
			note_error(r, line, (unsigned)((const char *)memchr(s, '\0', n) - s) + 1,
			           "a NUL byte");
			continue;
		}
		if (kmp_trace_line_parse(s, n, t, &col, &why) != 0) {
			note_error(r, line, col, why);
			continue;
		}
		log_line(L, t, line);
	}
	free(t);
}

/* --- another paste form --------------------------------------------------- */

static void paste_time(loader *L, struct timespec *w)
{
	if (L->rx_wall_known) {
		*w = L->rx_wall;
		return;
	}
	/* no clock in the paste: one step per entry from the epoch */
	uint64_t t = (uint64_t)L->paste_entries * KMP_REPLAY_PASTE_STEP_US;
	w->tv_sec = (time_t)(t / 1000000u);
	w->tv_nsec = (long)(t % 1000000u) * 1000L;
}

static void on_rx_event(void *ctx, const kmp_rx_event *ev)
{
	loader *L = ctx;
	struct timespec w;
	paste_time(L, &w);
	L->paste_entries++;
	says none = {0};
	kmp_event_kind kind;
	int tx_side = L->rx_side == KMP_SIDE_TX;
	switch (ev->kind) {
	case KMP_RX_FRAME:
		kind = KMP_EV_RX;
		break;
	case KMP_RX_ECHO:
		/* a paste that does not say its sides: an 80 frame is a request */
		kind = tx_side || L->rx_side == KMP_SIDE_UNKNOWN ? KMP_EV_TX : KMP_EV_ECHO;
		break;
	case KMP_RX_ACK:
		kind = KMP_EV_ACK;
		break;
	case KMP_RX_ZERO:
		kind = KMP_EV_ZERO;
		break;
	case KMP_RX_PARTIAL:
		kind = KMP_EV_PARTIAL;
		break;
	default:
		/* bytes we sent that are no frame: a raw payload */
		kind = tx_side ? KMP_EV_TX : KMP_EV_GARBAGE;
		break;
	}
	kmp_replay_item *it = add(L, kind, ev->raw, ev->raw_len, &w, L->rx_line);
	if (!it)
		return;
	if (kind == KMP_EV_TX)
		on_tx(L, it, ev->kind != KMP_RX_ECHO);
	else if (kind == KMP_EV_RX)
		on_reply(L, it, &none);
	else if (kind == KMP_EV_ECHO)
		on_echo(L, it, &none);
	else if (kind == KMP_EV_PARTIAL)
		it->status = KMP_ERR_PARTIAL;
}

static void on_chunk(void *ctx, const kmp_paste_chunk *c)
{
	loader *L = ctx;
	kmp_side side = c->side;
	/* a frame may span lines (xxd, hexdump): flush only when the side
	 * changes, a chunk is a whole event, or the input ends */
	if (side != L->rx_side)
		kmp_rx_flush(&L->rx);
	L->rx_side = side;
	L->rx_line = c->line;
	struct timespec w;
	L->rx_wall_known = c->time && kmp_iso_time_parse(c->time, strlen(c->time), &w) == 0;
	if (L->rx_wall_known)
		L->rx_wall = w;
	kmp_rx_feed(&L->rx, c->bytes, c->n);
	if (c->whole)
		kmp_rx_flush(&L->rx);
}

static void on_paste_error(void *ctx, unsigned line, unsigned col, const char *msg)
{
	loader *L = ctx;
	note_error(L->r, line, col, msg);
}

static void load_paste(loader *L, const char *text, size_t len)
{
	kmp_paste_cb cb = {on_chunk, on_paste_error, L};
	kmp_paste_stats st;
	kmp_rx_init(&L->rx, on_rx_event, L);
	if (kmp_paste_parse(text, len, 1, &cb, &st) != 0)
		L->failed = 1;
	kmp_rx_flush(&L->rx);
	L->r->n_lines = st.lines;
	L->r->n_skipped = st.skipped;
}

/* A --log file when any line of it is a trace line: its other lines are
 * then errors, not another paste form. */
static int looks_like_log(const char *text, size_t len)
{
	kmp_trace_line *t = malloc(sizeof *t);
	int yes = 0;
	size_t i = 0;
	while (t && i < len && !yes) {
		const char *s = text + i;
		const char *nl = memchr(s, '\n', len - i);
		size_t n = nl ? (size_t)(nl - s) : len - i;
		unsigned col;
		const char *why;
		i += n + (nl != NULL);
		yes = kmp_trace_line_parse(s, n, t, &col, &why) == 0;
	}
	free(t);
	return yes;
}

kmp_err kmp_replay_load(kmp_replay *r, const char *text, size_t len)
{
	loader *L = calloc(1, sizeof *L);
	memset(r, 0, sizeof *r);
	if (!L)
		return KMP_ERR_NOMEM;
	L->r = r;
	L->addr = KMP_ADDR_HEAT;
	r->is_log = looks_like_log(text, len);
	if (r->is_log)
		load_log(L, text, len);
	else
		load_paste(L, text, len);
	int failed = L->failed;
	free(L);
	if (failed) {
		kmp_replay_free(r);
		return KMP_ERR_NOMEM;
	}
	return KMP_OK;
}

void kmp_replay_free(kmp_replay *r)
{
	free(r->items);
	free(r->bytes);
	free(r->text);
	memset(r, 0, sizeof *r);
}

void kmp_replay_event(const kmp_replay *r, size_t i, uint64_t t0_us, kmp_event *ev,
                      kmp_replay_scratch *s)
{
	const kmp_replay_item *it = &r->items[i];
	memset(ev, 0, sizeof *ev);
	ev->kind = it->kind;
	ev->t_us = t0_us + it->t_us;
	ev->wall = it->wall;
	ev->raw = it->raw_len ? r->bytes + it->raw_off : NULL;
	ev->raw_len = it->raw_len;
	ev->status = it->status;
	ev->discarded = it->discarded;
	ev->own_echo = it->own_echo;
	ev->detail = it->detail_off != SIZE_MAX ? r->text + it->detail_off : NULL;
	switch (it->kind) {
	case KMP_EV_TX:
		if (it->raw_tx)
			break;
		kmp_frame_decode(ev->raw, ev->raw_len, &s->frame);
		kmp_msg_decode(&s->frame, -1, &s->msg);
		ev->frame = &s->frame;
		ev->msg = &s->msg;
		ev->status = KMP_OK;
		break;
	case KMP_EV_RX:
		kmp_frame_decode(ev->raw, ev->raw_len, &s->frame);
		ev->frame = &s->frame;
		if (s->frame.status == KMP_OK &&
		    kmp_msg_decode(&s->frame, it->expect_cid, &s->msg) == KMP_OK &&
		    it->status == KMP_OK)
			ev->msg = &s->msg;
		break;
	case KMP_EV_ECHO:
		kmp_frame_decode(ev->raw, ev->raw_len, &s->frame);
		ev->frame = &s->frame;
		if (s->frame.status == KMP_OK && kmp_msg_decode(&s->frame, -1, &s->msg) == KMP_OK)
			ev->msg = &s->msg;
		break;
	default:
		break;
	}
}

/* --- the exchange tracker ------------------------------------------------- */

void kmp_tracker_init(kmp_tracker *t)
{
	memset(t, 0, sizeof *t);
}

static int same_request(const kmp_request *a, const kmp_request *b)
{
	return a->cid == b->cid && a->n_ids == b->n_ids &&
	       !memcmp(a->ids, b->ids, a->n_ids * sizeof a->ids[0]);
}

static int failure_out(kmp_tracker *t, kmp_outcome *out)
{
	memset(out, 0, sizeof *out);
	t->failed = 0;
	if (t->failed_req.cid != KMP_CID_GET_REGISTER || !t->failed_req.n_ids)
		return 0; /* the header says nothing about a failed GetType */
	out->kind = KMP_OUTCOME_REGISTERS;
	out->n = t->failed_req.n_ids;
	for (size_t i = 0; i < out->n; i++) {
		out->readings[i].id = t->failed_req.ids[i];
		out->readings[i].state = KMP_READING_FAILED;
		out->readings[i].error = t->failed_err;
		out->readings[i].t_us = t->failed_us;
	}
	return 1;
}

static void count(kmp_tracker *t, const kmp_event *ev)
{
	kmp_client_stats *s = &t->stats;
	switch (ev->kind) {
	case KMP_EV_TX:
		s->tx++;
		break;
	case KMP_EV_RX:
		s->rx++;
		if (ev->status == KMP_ERR_CRC)
			s->crc_errors++;
		else if (ev->status == KMP_ERR_STUFFING)
			s->stuffing_errors++;
		else if (ev->status != KMP_OK)
			s->other_errors++;
		break;
	case KMP_EV_ECHO:
		s->echoes++;
		break;
	case KMP_EV_GARBAGE:
		s->garbage++;
		break;
	case KMP_EV_PARTIAL:
		s->partials++;
		break;
	case KMP_EV_TIMEOUT:
		if (ev->status == KMP_ERR_ECHO_ONLY)
			s->echo_only++;
		else if (ev->status == KMP_ERR_LINE_BUSY)
			s->other_errors++;
		else
			s->timeouts++;
		break;
	case KMP_EV_LINK_DOWN:
		if (t->link_up)
			s->reconnects++;
		t->link_up = 0;
		break;
	case KMP_EV_LINK_UP:
		t->link_up = 1;
		break;
	default:
		break;
	}
}

static int answer(kmp_tracker *t, const kmp_event *ev, kmp_outcome *out)
{
	const kmp_msg *m = ev->msg;
	memset(out, 0, sizeof *out);
	switch (t->req.cid) {
	case KMP_CID_GET_TYPE:
		out->kind = KMP_OUTCOME_TYPE;
		out->type = m->type;
		return 1;
	case KMP_CID_GET_SERIAL:
		out->kind = KMP_OUTCOME_SERIAL;
		out->serial = m->serial;
		return 1;
	case KMP_CID_GET_REGISTER:
		break;
	default:
		return 0;
	}
	out->kind = KMP_OUTCOME_REGISTERS;
	out->n = t->req.n_ids;
	for (size_t i = 0; i < out->n; i++) {
		kmp_reading *rd = &out->readings[i];
		const kmp_record *rec = kmp_msg_find(m, t->req.ids[i]);
		rd->id = t->req.ids[i];
		rd->t_us = ev->t_us;
		if (!rec) {
			rd->state = KMP_READING_MISSING;
			continue;
		}
		rd->state = KMP_READING_OK;
		rd->unit = rec->unit;
		rd->value = rec->value;
		rd->record_len = rec->size <= sizeof rd->record ? rec->size : sizeof rd->record;
		memcpy(rd->record, ev->frame->data + rec->offset, rd->record_len);
	}
	return 1;
}

static void fail(kmp_tracker *t, kmp_err err, uint64_t at)
{
	t->waiting = 0;
	t->failed = 1;
	t->failed_req = t->req;
	t->failed_err = err;
	t->failed_us = at;
}

int kmp_tracker_feed(kmp_tracker *t, const kmp_event *ev, kmp_outcome *out)
{
	count(t, ev);
	switch (ev->kind) {
	case KMP_EV_TX: {
		kmp_request req = {0};
		int held = t->failed;
		if (ev->frame && ev->msg && ev->msg->status == KMP_OK) {
			req.cid = ev->msg->cid;
			req.n_ids = ev->msg->n_ids < KMP_MAX_IDS ? ev->msg->n_ids : KMP_MAX_IDS;
			memcpy(req.ids, ev->msg->ids, req.n_ids * sizeof req.ids[0]);
		}
		/* a failure is final when the next request is not its retry */
		int report = held && !same_request(&t->failed_req, &req);
		t->failed = 0;
		if (report) {
			t->failed = 1; /* failure_out clears it */
			report = failure_out(t, out);
		}
		t->req = req;
		t->waiting = ev->frame && ev->msg && ev->msg->status == KMP_OK;
		return report;
	}
	case KMP_EV_RX:
		if (!t->waiting || ev->discarded)
			return 0;
		if (ev->status != KMP_OK || !ev->msg) {
			fail(t, ev->status, ev->t_us);
			return 0;
		}
		t->waiting = 0;
		return answer(t, ev, out);
	case KMP_EV_TIMEOUT:
		if (t->waiting)
			fail(t, ev->status, ev->t_us);
		return 0;
	case KMP_EV_LINK_DOWN:
		/* a dropped link says nothing about the registers */
		t->waiting = 0;
		return 0;
	default:
		return 0;
	}
}

int kmp_tracker_end(kmp_tracker *t, kmp_outcome *out)
{
	if (!t->failed)
		return 0;
	return failure_out(t, out);
}
