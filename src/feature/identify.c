/* identify.c - the identify engine (see identify.h): one step at a time,
 * each an exchange on the client; its callback decides the next step. */
#include <stdio.h>
#include <string.h>

#include "client/trace_fmt.h"
#include "feature/identify.h"
#include "feature/legacy_read.h"
#include "kmp/meter_type.h"
#include "kmp/msg.h"

enum step {
	S_LISTEN, /* hear what the line says by itself */
	S_SET,    /* put the line at the next settings of the plan */
	S_TYPE,   /* GetType at them */
	S_SERIAL, /* GetSerialNo */
	S_PROBE,  /* one GetRegister: family and the registers naming the meter */
	S_LEGACY1,
	S_LEGACY2,
	S_DONE,
};

/* A moment of listening: a bridge writes its error at once, noise shows
 * within a few byte times; bytes that keep coming extend it, up to
 * LISTEN_MAX_MS.  Short, since it is part of every verdict. */
#define LISTEN_MS 300
#define LISTEN_IDLE_MS 150
#define LISTEN_MAX_MS 1500
/* attempts once a meter has answered at these settings */
#define ANSWERED_ATTEMPTS 3

/* The settings KMP meters use, most likely first (protocol notes,
 * "Physical layer" and "Meter families"). */
static const kmp_link_config plan[] = {
        {.baud = 1200, .databits = 8, .parity = 'N', .stopbits = 2}, /* optical heads, MULTICAL */
        {.baud = 1200, .databits = 8, .parity = 'N', .stopbits = 1},
        {.baud = 2400, .databits = 8, .parity = 'N', .stopbits = 2}, /* MULTICAL 302 */
        {.baud = 9600, .databits = 8, .parity = 'N', .stopbits = 1}, /* 382, 162, 351 */
};
#define N_PLAN (int)(sizeof plan / sizeof plan[0])
/* The legacy protocol's answers: 1200 7E2 (requests go at 300). */
static const kmp_link_config legacy_rx = {
        .baud = 1200, .databits = 7, .parity = 'E', .stopbits = 2};

static void line_only(kmp_link_config *dst, const kmp_link_config *src)
{
	memset(dst, 0, sizeof *dst);
	dst->baud = src->baud;
	dst->databits = src->databits;
	dst->parity = src->parity;
	dst->stopbits = src->stopbits;
}

/* ---- the outcome ---- */

static int iec_push(const uint8_t *p, size_t n);

static void finish(kmp_identify *id, uint64_t now)
{
	int answered = id->have_type || id->have_legacy1;
	id->step = S_DONE;
	id->done = 1;
	id->end_us = now;
	if (!answered && !id->tcp) {
		/* nothing worked: leave the line as the user had it */
		kmp_client_set_line(id->client, &id->original, NULL, 0);
	}
	int garbage = 0;
	for (size_t i = 0; i < id->n_tried; i++)
		garbage |= id->tried[i].result == KMP_IDR_GARBAGE;
	/* listening may have caught a message in the middle; a request's wait
	 * then holds the next one from its start */
	id->push = id->heard == KMP_HEARD_PUSH ||
	           (id->text_seen && iec_push(id->text_bytes, id->text_len));
	if (id->push && id->heard == KMP_HEARD_TEXT)
		id->heard =
		        KMP_HEARD_PUSH; /* the middle of the message a request then caught whole */
	if (id->have_type)
		id->verdict = KMP_ID_KMP;
	else if (id->have_legacy1)
		id->verdict = KMP_ID_LEGACY;
	else if (id->link_error[0])
		id->verdict = KMP_ID_LINK_ERROR;
	else if (id->text_seen || id->heard == KMP_HEARD_TEXT || id->heard == KMP_HEARD_PUSH)
		id->verdict = KMP_ID_TEXT;
	else if (garbage || id->heard == KMP_HEARD_NOISE)
		id->verdict = KMP_ID_GARBAGE;
	else if (id->echo)
		id->verdict = KMP_ID_ECHO_ONLY;
	else
		id->verdict = KMP_ID_SILENT;
}

static kmp_id_try *add_try(kmp_identify *id, kmp_id_protocol proto, const kmp_link_config *line)
{
	if (id->n_tried == KMP_ID_TRIES_MAX)
		return &id->tried[KMP_ID_TRIES_MAX - 1]; /* never: the plan is shorter */
	kmp_id_try *t = &id->tried[id->n_tried++];
	memset(t, 0, sizeof *t);
	t->protocol = proto;
	line_only(&t->line, line);
	t->bridge = id->tcp;
	return t;
}

/* Keep what a try got back as text (the first text wins). */
static void keep_text(kmp_identify *id, const uint8_t *p, size_t n)
{
	if (id->text_seen)
		return;
	id->text_seen = 1;
	id->text_len = n < sizeof id->text_bytes ? n : sizeof id->text_bytes;
	memcpy(id->text_bytes, p, id->text_len);
}

static void link_failed(kmp_identify *id, uint64_t now)
{
	const char *why = kmp_client_link_error(id->client);
	snprintf(id->link_error, sizeof id->link_error, "%s", *why ? why : "the link went down");
	finish(id, now);
}

/* ---- listening ---- */

/* An IEC 62056-21 data message opens with its identification:
 * "/" + 3 letters (the manufacturer) + the baud rate character. */
static int iec_push(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 5 <= n; i++) {
		if (p[i] != '/')
			continue;
		int ok = 1;
		for (size_t k = 1; k <= 3; k++)
			ok &= (p[i + k] >= 'A' && p[i + k] <= 'Z') ||
			      (p[i + k] >= 'a' && p[i + k] <= 'z');
		if (ok && p[i + 4] >= '0' && p[i + 4] <= '9')
			return 1;
	}
	return 0;
}

/* What the line said by itself (heard_bytes, from the observer). */
static void classify_heard(kmp_identify *id)
{
	if (!id->heard_len)
		id->heard = KMP_HEARD_NOTHING;
	else if (iec_push(id->heard_bytes, id->heard_len))
		id->heard = KMP_HEARD_PUSH;
	else if (kmp_bytes_textlike(id->heard_bytes, id->heard_len))
		id->heard = KMP_HEARD_TEXT;
	else
		id->heard = KMP_HEARD_NOISE;
}

/* The link went down while listening: a bridge that says why and hangs up
 * (ser2net cannot open its device) has given its verdict in words. */
static void listen_lost(kmp_identify *id, uint64_t now)
{
	classify_heard(id);
	if (id->heard == KMP_HEARD_TEXT || id->heard == KMP_HEARD_PUSH)
		finish(id, now);
	else
		link_failed(id, now);
}

static void listen_done(void *ctx, const kmp_raw_result *r)
{
	kmp_identify *id = ctx;
	id->in_flight = 0;
	if (id->done)
		return;
	if (r->status == KMP_ERR_CLOSED) {
		listen_lost(id, r->done_us);
		return;
	}
	classify_heard(id);
	id->step = S_SET;
	id->plan_i = 0;
}

/* ---- KMP ---- */

static void start_collecting(kmp_identify *id)
{
	id->collecting = 1;
	id->seen_len = 0;
	id->seen_bad_frames = 0;
}

/* How a KMP exchange that did not answer ended, with what came back. */
static kmp_id_result classify(kmp_identify *id, const kmp_result *r)
{
	id->collecting = 0;
	if (r->status == KMP_OK)
		return KMP_IDR_ANSWER;
	if (r->status == KMP_ERR_CLOSED || r->status == KMP_ERR_IO)
		return KMP_IDR_LINK;
	if (kmp_bytes_textlike(id->seen, id->seen_len)) {
		keep_text(id, id->seen, id->seen_len);
		return KMP_IDR_TEXT;
	}
	if (r->status == KMP_ERR_ECHO_ONLY)
		return KMP_IDR_ECHO;
	if (r->status == KMP_ERR_TIMEOUT && !id->seen_len && !id->seen_bad_frames)
		return KMP_IDR_SILENT;
	return KMP_IDR_GARBAGE;
}

static int submit_kmp(kmp_identify *id, uint8_t cid, const uint16_t *ids, size_t n, kmp_done_cb cb)
{
	kmp_request req;
	memset(&req, 0, sizeof req);
	req.cid = cid;
	req.n_ids = n;
	if (n)
		memcpy(req.ids, ids, n * sizeof ids[0]);
	start_collecting(id);
	int rc = kmp_client_submit(id->client, &req, cb, id);
	if (rc == KMP_OK) {
		id->in_flight = 1;
		id->attempts++;
	}
	return rc;
}

static void type_done(void *ctx, const kmp_result *r)
{
	kmp_identify *id = ctx;
	id->in_flight = 0;
	if (id->done)
		return; /* stopped while it was on the wire */
	uint64_t now = r->done_us;
	kmp_link_config line;
	kmp_client_line(id->client, &line);
	kmp_id_try *t = add_try(id, KMP_ID_PROTO_KMP, &line);
	t->result = classify(id, r);
	t->echo = r->echoes > 0;
	id->echo |= t->echo;
	switch (t->result) {
	case KMP_IDR_ANSWER:
		id->have_type = 1;
		id->meter_type = r->msg->type.meter_type;
		kmp_type_sw_text(&r->msg->type, id->sw_revision, sizeof id->sw_revision);
		id->have_settings = 1;
		line_only(&id->settings, &line);
		id->protocol = KMP_ID_PROTO_KMP;
		id->step = S_SERIAL;
		id->attempts = 0;
		return;
	case KMP_IDR_LINK:
		link_failed(id, now);
		return;
	case KMP_IDR_TEXT:
		/* the line talks ASCII at these settings: no speed problem, and
		 * no KMP meter sends text */
		finish(id, now);
		return;
	case KMP_IDR_ECHO:
	case KMP_IDR_SILENT:
	case KMP_IDR_GARBAGE:
		break;
	}
	id->plan_i++;
	id->step = S_SET;
}

/* After the serial number: is a GetRegister needed to know the family? */
static void after_serial(kmp_identify *id, uint64_t now)
{
	const kmp_meter_type_info *info = kmp_meter_type_lookup(id->meter_type);
	if (info && info->family != KMP_FAMILY_UNKNOWN && id->family == KMP_FAMILY_UNKNOWN) {
		id->family = info->family;
		id->family_from = "type code";
	}
	if (info && id->family != KMP_FAMILY_UNKNOWN) {
		finish(id, now); /* the code names the model: nothing more to ask */
		return;
	}
	id->step = S_PROBE;
	id->attempts = 0;
}

/* A reply to a question asked after the meter answered GetType (serial,
 * probe).  1: the step is over, with its answer (r->status KMP_OK) or
 * without one after ANSWERED_ATTEMPTS; 0: nothing more to do here (stopped
 * meanwhile, the link went down, or the question is asked again by
 * pump). */
static int answered_step_over(kmp_identify *id, const kmp_result *r)
{
	id->in_flight = 0;
	if (id->done)
		return 0;
	id->collecting = 0;
	if (r->status == KMP_OK)
		return 1;
	if (r->status == KMP_ERR_CLOSED || r->status == KMP_ERR_IO) {
		link_failed(id, r->done_us);
		return 0;
	}
	return id->attempts >= ANSWERED_ATTEMPTS;
}

static void serial_done(void *ctx, const kmp_result *r)
{
	kmp_identify *id = ctx;
	if (!answered_step_over(id, r))
		return;
	if (r->status == KMP_OK) {
		id->have_serial = 1;
		id->serial = r->msg->serial;
	}
	after_serial(id, r->done_us);
}

static void probe_done(void *ctx, const kmp_result *r)
{
	kmp_identify *id = ctx;
	if (!answered_step_over(id, r))
		return;
	if (r->status == KMP_OK) {
		uint16_t ids[KMP_MAX_IDS];
		size_t n = 0;
		for (size_t i = 0; i < r->msg->n_records && n < KMP_MAX_IDS; i++) {
			const kmp_record *rec = &r->msg->records[i];
			ids[n++] = rec->id;
			if (kmp_family_type_register(rec->id) &&
			    id->n_type_regs < KMP_ID_TYPE_REGS) {
				kmp_id_type_reg *t = &id->type_regs[id->n_type_regs++];
				t->id = rec->id;
				t->unit = rec->unit;
				t->value = rec->value;
			}
		}
		kmp_family f = kmp_family_from_ids(ids, n);
		if (id->family == KMP_FAMILY_UNKNOWN && f != KMP_FAMILY_UNKNOWN) {
			id->family = f;
			id->family_from = "registers";
		}
	}
	if (id->family == KMP_FAMILY_UNKNOWN && id->settings.baud == 9600) {
		/* only the electricity meters run KMP at 9600 (protocol notes) */
		id->family = KMP_FAMILY_ELECTRICITY;
		id->family_from = "settings";
	}
	finish(id, r->done_us);
}

/* ---- the legacy protocol ---- */

static void legacy_done(void *ctx, const kmp_raw_result *r)
{
	kmp_identify *id = ctx;
	id->in_flight = 0;
	if (id->done)
		return;
	uint64_t now = r->done_us;
	int first = id->step == S_LEGACY1;
	uint8_t ans[KMP_RAW_MAX];
	size_t n = kmp_legacy_answer(r, ans, sizeof ans);
	kmp_legacy_data *d = first ? &id->legacy1 : &id->legacy2;
	int ok = r->status != KMP_ERR_CLOSED &&
	         kmp_legacy_parse(first ? '1' : '2', ans, n, d) == KMP_OK;
	if (!first) {
		if (ok) {
			id->have_legacy2 = 1;
			kmp_legacy_config cfg;
			if (kmp_legacy_config_get(&id->legacy2, &cfg) == KMP_OK)
				id->legacy_scaled = kmp_legacy_scale(&id->legacy1, &cfg) > 0;
		} else if (r->status != KMP_ERR_CLOSED && id->attempts < 2) {
			return; /* the vendor: repeat a request until data arrives */
		}
		finish(id, now);
		return;
	}
	kmp_id_try *t = add_try(id, KMP_ID_PROTO_LEGACY, &legacy_rx);
	t->echo = r->echo_len > 0;
	id->echo |= t->echo;
	if (ok) {
		t->result = KMP_IDR_ANSWER;
		id->have_legacy1 = 1;
		id->have_settings = 1;
		line_only(&id->settings, &legacy_rx);
		id->protocol = KMP_ID_PROTO_LEGACY;
		id->step = S_LEGACY2;
		id->attempts = 0;
		return;
	}
	if (r->status == KMP_ERR_CLOSED) {
		t->result = KMP_IDR_LINK;
		link_failed(id, now);
		return;
	}
	if (!n)
		t->result = t->echo ? KMP_IDR_ECHO : KMP_IDR_SILENT;
	else if (kmp_bytes_textlike(ans, n)) {
		t->result = KMP_IDR_TEXT;
		keep_text(id, ans, n);
	} else {
		t->result = KMP_IDR_GARBAGE;
	}
	finish(id, now);
}

static void submit_legacy(kmp_identify *id, char code)
{
	if (kmp_legacy_submit(id->client, code, legacy_done, id) == KMP_OK) {
		id->in_flight = 1;
		id->attempts++;
	}
}

/* ---- driving ---- */

void kmp_identify_start(kmp_identify *id, kmp_client *c, kmp_family family_hint, uint64_t now_us)
{
	memset(id, 0, sizeof *id);
	id->client = c;
	id->tcp = kmp_client_is_tcp(c);
	kmp_client_line(c, &id->original);
	id->family_hint = family_hint;
	id->family = family_hint;
	id->family_from = family_hint != KMP_FAMILY_UNKNOWN ? "--family" : NULL;
	id->start_us = now_us;
	id->step = S_LISTEN;
}

static void set_next(kmp_identify *id, uint64_t now)
{
	if (id->tcp) {
		/* the bridge owns the line: one try at whatever it runs */
		if (id->plan_i > 0) {
			finish(id, now);
			return;
		}
		id->step = S_TYPE;
		id->attempts = 0;
		return;
	}
	if (id->plan_i >= N_PLAN) {
		id->step = S_LEGACY1;
		id->attempts = 0;
		return;
	}
	char err[200];
	if (kmp_client_set_line(id->client, &plan[id->plan_i], err, sizeof err) != KMP_OK) {
		/* the port refuses this speed: say so as a try and go on */
		kmp_id_try *t = add_try(id, KMP_ID_PROTO_KMP, &plan[id->plan_i]);
		t->result = KMP_IDR_LINK;
		id->plan_i++;
		return;
	}
	id->step = S_TYPE;
	id->attempts = 0;
}

static void pump_once(kmp_identify *id, uint64_t now_us);

void kmp_identify_pump(kmp_identify *id, uint64_t now_us)
{
	/* a step that only changes the settings goes on to the exchange in
	 * the same turn: the loop sleeps until the client has news */
	for (int i = 0; i < 2 * N_PLAN + 4 && !id->done && !id->in_flight; i++) {
		int step = id->step, plan_i = id->plan_i;
		pump_once(id, now_us);
		if (id->step == step && id->plan_i == plan_i)
			break;
	}
}

static void pump_once(kmp_identify *id, uint64_t now_us)
{
	static const uint16_t none[1] = {0};
	if (id->done || id->in_flight || !id->client)
		return;
	kmp_link_state ls = kmp_client_link_state(id->client);
	if (ls == KMP_LINK_FAILED ||
	    (ls == KMP_LINK_DOWN && kmp_client_link_error(id->client)[0])) {
		link_failed(id, now_us);
		return;
	}
	if (ls != KMP_LINK_UP)
		return; /* connecting: wait for it */
	if (kmp_client_busy(id->client))
		return;
	switch (id->step) {
	case S_LISTEN: {
		kmp_raw_request rq = {
		        .first_ms = LISTEN_MS, .idle_ms = LISTEN_IDLE_MS, .max_ms = LISTEN_MAX_MS};
		if (kmp_client_submit_raw(id->client, &rq, listen_done, id) == KMP_OK)
			id->in_flight = 1;
		break;
	}
	case S_SET:
		set_next(id, now_us);
		break;
	case S_TYPE:
		submit_kmp(id, KMP_CID_GET_TYPE, none, 0, type_done);
		break;
	case S_SERIAL:
		submit_kmp(id, KMP_CID_GET_SERIAL, none, 0, serial_done);
		break;
	case S_PROBE: {
		size_t n;
		const uint16_t *ids = kmp_family_probe_ids(&n);
		submit_kmp(id, KMP_CID_GET_REGISTER, ids, n, probe_done);
		break;
	}
	case S_LEGACY1:
		submit_legacy(id, '1');
		break;
	case S_LEGACY2:
		submit_legacy(id, '2');
		break;
	case S_DONE:
		break;
	}
}

/* Add an event's bytes to buf (cap bytes, len used); what does not fit is
 * dropped: the first bytes are the ones that say what the line is. */
static void append_raw(uint8_t *buf, size_t cap, size_t *len, const kmp_event *ev)
{
	size_t room = cap - *len;
	size_t n = ev->raw_len < room ? ev->raw_len : room;
	memcpy(buf + *len, ev->raw, n);
	*len += n;
}

/* Before anything is sent every byte is what the line says by itself,
 * from the moment the link opens (a bridge writes its message at once). */
static void hear(kmp_identify *id, const kmp_event *ev)
{
	switch (ev->kind) {
	case KMP_EV_GARBAGE:
	case KMP_EV_PARTIAL:
	case KMP_EV_RX:
	case KMP_EV_ECHO:
	case KMP_EV_ACK:
	case KMP_EV_ZERO:
		append_raw(id->heard_bytes, sizeof id->heard_bytes, &id->heard_len, ev);
		break;
	default:
		break;
	}
}

void kmp_identify_on_event(kmp_identify *id, const kmp_event *ev)
{
	if (id->done)
		return;
	if (id->step == S_LISTEN) {
		hear(id, ev);
		return;
	}
	if (!id->collecting)
		return;
	switch (ev->kind) {
	case KMP_EV_GARBAGE:
	case KMP_EV_PARTIAL:
		append_raw(id->seen, sizeof id->seen, &id->seen_len, ev);
		break;
	case KMP_EV_RX:
		if (ev->status != KMP_OK)
			id->seen_bad_frames++;
		break;
	default:
		break;
	}
}

uint64_t kmp_identify_wake_us(const kmp_identify *id)
{
	(void)id; /* every step waits on the client, whose deadlines wake the loop */
	return 0;
}

int kmp_identify_done(const kmp_identify *id)
{
	return id->done;
}

void kmp_identify_stop(kmp_identify *id, uint64_t now_us)
{
	if (!id->client || id->done)
		return;
	if (id->in_flight) {
		/* a raw exchange is forgotten at once; a KMP one still queued is
		 * cancelled, one on the wire runs out (its callback sees done) */
		kmp_client_raw_cancel(id->client);
		kmp_client_cancel(id->client);
	}
	id->collecting = 0;
	id->done = 1;
	id->step = S_DONE;
	id->end_us = now_us;
	if (!id->tcp && !id->have_type && !id->have_legacy1 && !kmp_client_busy(id->client))
		kmp_client_set_line(id->client, &id->original, NULL, 0);
}

const char *kmp_identify_progress(const kmp_identify *id, char *buf, size_t cap)
{
	char line[32];
	kmp_link_config l;
	kmp_client_line(id->client, &l);
	kmp_id_line_text(&l, line, sizeof line);
	switch (id->step) {
	case S_LISTEN:
		snprintf(buf, cap, "listening to the line");
		break;
	case S_SET:
	case S_TYPE:
		snprintf(buf, cap, "%s: GetType (KMP)", id->tcp ? "bridge" : line);
		break;
	case S_SERIAL:
		snprintf(buf, cap, "%s: GetSerialNo", id->tcp ? "bridge" : line);
		break;
	case S_PROBE:
		snprintf(buf, cap, "%s: which family (GetRegister)", id->tcp ? "bridge" : line);
		break;
	case S_LEGACY1:
		snprintf(buf, cap, "legacy protocol: /#1 at 300 7E2, answer at 1200 7E2");
		break;
	case S_LEGACY2:
		snprintf(buf, cap, "legacy protocol: /#2 (the programme)");
		break;
	default:
		snprintf(buf, cap, "done");
		break;
	}
	return buf;
}
