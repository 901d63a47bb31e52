/* scanner.c - the register scan: decisions (kmp_scan) and the driver on a
 * client (kmp_scanner).  See scanner.h and docs/scanning.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "kmp/tables.h"

const char *kmp_scan_pause_text(kmp_scan_why why)
{
	switch (why) {
	case KMP_SCAN_PAUSE_NONE:
		return "";
	case KMP_SCAN_PAUSE_USER:
		return "paused";
	case KMP_SCAN_PAUSE_SILENT:
		return "the meter stopped answering (no reply byte at all): is it asleep "
		       "(press its button) or has the head moved?";
	case KMP_SCAN_PAUSE_FAILING:
		return "every reply failed its check for a while: is the head aligned and "
		       "held still?";
	case KMP_SCAN_PAUSE_LINK:
		return "the link is down (head unplugged?); waiting for it to come back";
	case KMP_SCAN_PAUSE_OUTPUT:
		return "the output file could not be written";
	}
	return "";
}

void kmp_scan_config_default(kmp_scan_config *c)
{
	c->from = 0;
	c->to = 65535;
	c->batch = KMP_MAX_IDS;
	c->attempts = KMP_SCAN_ATTEMPTS;
	c->stall_failures = KMP_SCAN_STALL_FAILURES;
	c->stall_silent = KMP_SCAN_STALL_SILENT;
	c->passes = KMP_SCAN_PASSES;
}

static int bit(const uint8_t *map, uint32_t id)
{
	return (map[id >> 3] >> (id & 7)) & 1;
}
static void set_bit(uint8_t *map, uint32_t id)
{
	map[id >> 3] |= (uint8_t)(1u << (id & 7));
}
static int in_range(const kmp_scan *s, uint32_t id)
{
	return id >= s->cfg.from && id <= s->cfg.to && (!s->only || bit(s->only, id));
}

kmp_err kmp_scan_init(kmp_scan *s, const kmp_scan_config *cfg)
{
	memset(s, 0, sizeof *s);
	if (cfg->from > cfg->to || cfg->batch < 1 || cfg->batch > KMP_MAX_IDS ||
	    cfg->attempts < 1 || cfg->stall_failures < 1 || cfg->stall_silent < 1 ||
	    cfg->passes < 1)
		return KMP_ERR_ARG;
	s->cfg = *cfg;
	s->state = KMP_SCAN_RUNNING;
	s->cursor = cfg->from;
	s->pass = 1;
	s->total = (uint32_t)cfg->to - cfg->from + 1;
	return KMP_OK;
}

int kmp_scan_only(kmp_scan *s, const uint16_t *ids, size_t n)
{
	uint8_t *map = calloc(1, KMP_SCAN_BITMAP);
	if (!map)
		return KMP_ERR_NOMEM;
	free(s->only);
	s->only = map;
	for (size_t i = 0; i < n; i++)
		set_bit(map, ids[i]);
	/* the progress counts the selected IDs of the range */
	s->total = s->n_done = 0;
	for (uint32_t id = s->cfg.from; id <= s->cfg.to; id++)
		if (in_range(s, id)) {
			s->total++;
			s->n_done += (uint32_t)bit(s->done, id);
		}
	return KMP_OK;
}

void kmp_scan_set_family(kmp_scan *s, kmp_family fam)
{
	s->family = fam;
	/* names of registers found before (a --resume file) follow it */
	for (size_t i = 0; i < s->n_found; i++) {
		char buf[32];
		const char *name = kmp_register_name(fam, s->found[i].id, buf, sizeof buf);
		s->found[i].name = name == buf ? NULL : name;
	}
	s->found_gen++;
}

void kmp_scan_free(kmp_scan *s)
{
	free(s->only);
	s->only = NULL;
	free(s->found);
	s->found = NULL;
	s->n_found = s->cap_found = 0;
}

void kmp_scan_mark_done(kmp_scan *s, uint16_t id)
{
	if (bit(s->done, id))
		return;
	set_bit(s->done, id);
	if (in_range(s, id))
		s->n_done++;
}

/* Index of the first found entry with id >= the given one. */
static size_t found_pos(const kmp_scan *s, uint16_t id)
{
	size_t lo = 0, hi = s->n_found;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->found[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const kmp_scan_reg *kmp_scan_find(const kmp_scan *s, uint16_t id)
{
	size_t i = found_pos(s, id);
	return i < s->n_found && s->found[i].id == id ? &s->found[i] : NULL;
}

kmp_err kmp_scan_add_found(kmp_scan *s, uint16_t id, uint8_t unit, const kmp_value *v, int resumed)
{
	size_t i = found_pos(s, id);
	if (i < s->n_found && s->found[i].id == id) {
		/* asked again in a later pass: the newer value wins */
		s->found[i].unit = unit;
		s->found[i].value = *v;
		s->found_gen++;
		return KMP_OK;
	}
	if (s->n_found == s->cap_found) {
		size_t cap = s->cap_found ? 2 * s->cap_found : 64;
		kmp_scan_reg *p = realloc(s->found, cap * sizeof *p);
		if (!p)
			return KMP_ERR_NOMEM;
		s->found = p;
		s->cap_found = cap;
	}
	memmove(&s->found[i + 1], &s->found[i], (s->n_found - i) * sizeof *s->found);
	/* the family's name where it has one ("register N" means none: a
	 * discovery) */
	char buf[32];
	const char *name = kmp_register_name(s->family, id, buf, sizeof buf);
	if (name == buf)
		name = NULL;
	s->found[i] = (kmp_scan_reg){
	        .id = id, .unit = unit, .value = *v, .name = name, .resumed = resumed};
	s->n_found++;
	if (!name)
		s->n_discoveries++;
	s->found_gen++;
	kmp_scan_mark_done(s, id);
	return KMP_OK;
}

/* A new batch: the next IDs of the range that are neither resolved nor
 * set aside.  After the end of the range, start another pass over the
 * IDs set aside, if passes are left. */
static int fill_batch(kmp_scan *s)
{
	for (;;) {
		kmp_scan_piece *p = &s->queue[0];
		p->n = 0;
		p->attempts = 0;
		while (s->cursor <= s->cfg.to && p->n < s->cfg.batch) {
			uint32_t id = s->cursor++;
			if (!bit(s->done, id) && !bit(s->aside, id) &&
			    (!s->only || bit(s->only, id)))
				p->ids[p->n++] = (uint16_t)id;
		}
		if (p->n) {
			s->q_len = 1;
			return 1;
		}
		if (s->n_aside == 0 || s->pass >= s->cfg.passes)
			return 0;
		/* a failed exchange proves nothing: ask the set-aside IDs again */
		s->pass++;
		memset(s->aside, 0, sizeof s->aside);
		s->n_aside = 0;
		s->cursor = s->cfg.from;
	}
}

int kmp_scan_next(kmp_scan *s, kmp_request *req)
{
	if (s->state != KMP_SCAN_RUNNING || s->in_flight)
		return 0;
	if (s->q_len == 0 && !fill_batch(s)) {
		s->state = KMP_SCAN_DONE;
		return 0;
	}
	/* the only request this module can build: read-only by construction */
	memset(req, 0, sizeof *req);
	req->cid = KMP_CID_GET_REGISTER;
	req->n_ids = s->queue[0].n;
	memcpy(req->ids, s->queue[0].ids, req->n_ids * sizeof req->ids[0]);
	s->in_flight = 1;
	s->requests++;
	return 1;
}

void kmp_scan_unsend(kmp_scan *s)
{
	if (!s->in_flight)
		return;
	s->in_flight = 0;
	s->requests--;
}

static void drop_head(kmp_scan *s)
{
	memmove(&s->queue[0], &s->queue[1], (s->q_len - 1) * sizeof s->queue[0]);
	s->q_len--;
}

/* Every record must answer an ID we asked in this request: a record for
 * another ID means the reply is not ours (a late answer to an earlier
 * request, say), and then its silence about our IDs proves nothing. */
static int reply_matches(const kmp_scan_piece *p, const kmp_msg *m)
{
	for (size_t r = 0; r < m->n_records; r++) {
		int asked = 0;
		for (size_t i = 0; i < p->n; i++)
			asked |= m->records[r].id == p->ids[i];
		if (!asked)
			return 0;
	}
	return 1;
}

static void on_valid(kmp_scan *s, const kmp_msg *m, kmp_scan_outcome *out)
{
	kmp_scan_piece *p = &s->queue[0];
	s->valid++;
	s->fail_streak = 0;
	s->silent_streak = 0;
	for (size_t i = 0; i < p->n; i++) {
		uint16_t id = p->ids[i];
		const kmp_record *rec = kmp_msg_find(m, id);
		if (rec && kmp_scan_add_found(s, id, rec->unit, &rec->value, 0) == KMP_OK)
			out->new_ids[out->n_new++] = id;
		else if (rec)
			continue; /* out of memory: left unresolved, asked again on resume */
		kmp_scan_mark_done(s, id);
		out->resolved[out->n_resolved++] = id;
	}
	drop_head(s);
}

static void on_failure(kmp_scan *s, kmp_err status, kmp_scan_outcome *out)
{
	kmp_scan_piece p = s->queue[0];
	s->failures++;
	s->fail_streak++;
	/* silence: nothing from the meter at all (an echoing head still
	 * returns our own bytes); any reply byte shows the meter is awake */
	if (status == KMP_ERR_TIMEOUT || status == KMP_ERR_ECHO_ONLY)
		s->silent_streak++;
	else
		s->silent_streak = 0;
	out->charged = 1;
	drop_head(s);
	p.attempts++;
	if (p.attempts < s->cfg.attempts) {
		/* try the other pieces first: if they answer, the meter is alive
		 * and this piece holds an ID it refuses */
		s->queue[s->q_len++] = p;
	} else if (p.n > 1) {
		kmp_scan_piece a = {.n = (uint8_t)(p.n / 2)}, b = {.n = (uint8_t)(p.n - p.n / 2)};
		memcpy(a.ids, p.ids, a.n * sizeof p.ids[0]);
		memcpy(b.ids, p.ids + a.n, b.n * sizeof p.ids[0]);
		s->queue[s->q_len++] = a;
		s->queue[s->q_len++] = b;
		out->split = 1;
	} else {
		/* one ID that never got a valid answer: unknown, not absent */
		uint16_t id = p.ids[0];
		if (!bit(s->aside, id)) {
			set_bit(s->aside, id);
			if (in_range(s, id))
				s->n_aside++;
		}
		out->set_aside[out->n_set_aside++] = id;
	}
	if (s->silent_streak >= s->cfg.stall_silent)
		kmp_scan_pause(s, KMP_SCAN_PAUSE_SILENT);
	else if (s->fail_streak >= s->cfg.stall_failures)
		kmp_scan_pause(s, KMP_SCAN_PAUSE_FAILING);
	out->paused = s->state == KMP_SCAN_PAUSED;
}

void kmp_scan_on_result(kmp_scan *s, kmp_err status, const kmp_msg *msg, kmp_scan_outcome *out)
{
	kmp_scan_outcome scratch;
	if (!out)
		out = &scratch;
	memset(out, 0, sizeof *out);
	if (!s->in_flight || s->q_len == 0)
		return;
	s->in_flight = 0;
	s->last_status = status;
	if (status == KMP_ERR_CLOSED) {
		/* the link went away: says nothing about the meter or the IDs */
		s->failures++;
		kmp_scan_pause(s, KMP_SCAN_PAUSE_LINK);
		out->paused = 1;
		return;
	}
	if (status == KMP_OK && msg && !reply_matches(&s->queue[0], msg))
		status = s->last_status = KMP_ERR_DATA;
	if (status == KMP_OK && msg)
		on_valid(s, msg, out);
	else
		on_failure(s, status == KMP_OK ? KMP_ERR_DATA : status, out);
}

void kmp_scan_pause(kmp_scan *s, kmp_scan_why why)
{
	if (s->state != KMP_SCAN_RUNNING)
		return;
	s->state = KMP_SCAN_PAUSED;
	s->pause = why;
}

void kmp_scan_resume(kmp_scan *s)
{
	if (s->state != KMP_SCAN_PAUSED)
		return;
	s->state = KMP_SCAN_RUNNING;
	s->pause = KMP_SCAN_PAUSE_NONE;
	s->fail_streak = 0;
	s->silent_streak = 0;
}

size_t kmp_scan_unresolved(const kmp_scan *s, uint16_t *ids, size_t cap)
{
	size_t n = 0;
	for (uint32_t id = s->cfg.from; id <= s->cfg.to; id++)
		if (bit(s->aside, id) && !bit(s->done, id)) {
			if (n < cap)
				ids[n] = (uint16_t)id;
			n++;
		}
	return n;
}

/* --- driver --------------------------------------------------------------- */

/* Keep the running-time clock in step with the core's state. */
static void sync_clock(kmp_scanner *sc, uint64_t now)
{
	int running = sc->core.state == KMP_SCAN_RUNNING && !sc->stopped;
	if (running && !sc->run_since)
		sc->run_since = now ? now : 1;
	else if (!running && sc->run_since) {
		sc->active_us += now - sc->run_since;
		sc->run_since = 0;
	}
}

kmp_err kmp_scanner_init(kmp_scanner *sc, kmp_client *c, const kmp_scan_config *cfg,
                         unsigned delay_ms, uint64_t now_us)
{
	memset(sc, 0, sizeof *sc);
	kmp_err rc = kmp_scan_init(&sc->core, cfg);
	if (rc != KMP_OK)
		return rc;
	sc->client = c;
	sc->delay_ms = delay_ms;
	sc->t_start = now_us;
	return KMP_OK;
}

kmp_err kmp_scanner_seed(kmp_scanner *sc, const kmp_scan_csv *loaded)
{
	for (uint32_t id = 0; id < KMP_SCAN_IDS; id++)
		if (bit(loaded->done, id))
			kmp_scan_mark_done(&sc->core, (uint16_t)id);
	for (size_t i = 0; i < loaded->n_regs; i++) {
		const kmp_scan_reg *r = &loaded->regs[i];
		if (kmp_scan_add_found(&sc->core, r->id, r->unit, &r->value, 1) != KMP_OK)
			return KMP_ERR_NOMEM;
	}
	sc->done_at_start = sc->core.n_done;
	return KMP_OK;
}

void kmp_scanner_set_output(kmp_scanner *sc, kmp_scan_out *out)
{
	sc->out = out;
}

static void on_done(void *ctx, const kmp_result *r)
{
	kmp_scanner *sc = ctx;
	uint64_t now = r->done_us;
	kmp_scan_outcome oc;
	kmp_scan_on_result(&sc->core, r->status, r->status == KMP_OK ? r->msg : NULL, &oc);
	sc->last = oc;
	sc->n_outcomes++;
	sc->next_at = now + (uint64_t)sc->delay_ms * 1000u;
	if (sc->out && oc.n_resolved && kmp_scan_out_append(sc->out, &sc->core, &oc) != KMP_OK) {
		snprintf(sc->error, sizeof sc->error, "%.400s: %s", sc->out->path, strerror(errno));
		/* the IDs stay unwritten: a --resume asks them again */
		kmp_scan_pause(&sc->core, KMP_SCAN_PAUSE_OUTPUT);
	}
	sync_clock(sc, now);
}

void kmp_scanner_pump(kmp_scanner *sc, uint64_t now)
{
	kmp_scan *s = &sc->core;
	sc->last_pump_us = now;
	if (sc->stopped)
		return;
	if (s->state == KMP_SCAN_PAUSED && s->pause == KMP_SCAN_PAUSE_LINK &&
	    kmp_client_connected(sc->client))
		kmp_scan_resume(s);
	sync_clock(sc, now);
	/* busy: our exchange, another owner's, or a detached one on the wire */
	if (s->state != KMP_SCAN_RUNNING || now < sc->next_at || kmp_client_busy(sc->client))
		return;
	kmp_request req;
	if (!kmp_scan_next(s, &req)) {
		sync_clock(sc, now); /* may have just finished */
		return;
	}
	kmp_err rc = kmp_client_submit(sc->client, &req, on_done, sc);
	if (rc == KMP_OK)
		return;
	kmp_scan_unsend(s);
	if (rc == KMP_ERR_CLOSED)
		kmp_scan_pause(s, KMP_SCAN_PAUSE_LINK);
	sync_clock(sc, now);
}

uint64_t kmp_scanner_wake_us(const kmp_scanner *sc)
{
	/* a deadline already passed at the last pump is not ours to wait for:
	 * the client was busy with another owner's exchange, and its own
	 * deadlines wake the loop */
	if (sc->stopped || kmp_client_pending(sc->client, sc) ||
	    sc->core.state != KMP_SCAN_RUNNING || sc->next_at <= sc->last_pump_us)
		return 0;
	return sc->next_at;
}

void kmp_scanner_pause(kmp_scanner *sc, uint64_t now_us)
{
	kmp_scan_pause(&sc->core, KMP_SCAN_PAUSE_USER);
	sync_clock(sc, now_us);
}

void kmp_scanner_resume(kmp_scanner *sc, uint64_t now_us)
{
	if (sc->stopped)
		return;
	kmp_scan_resume(&sc->core);
	sc->error[0] = 0;
	sync_clock(sc, now_us);
}

void kmp_scanner_stop(kmp_scanner *sc, uint64_t now_us)
{
	if (sc->client && kmp_client_pending(sc->client, sc)) {
		kmp_client_detach(sc->client);
		/* a queued request leaves the client idle: it never went out */
		if (!kmp_client_busy(sc->client))
			kmp_scan_unsend(&sc->core);
	}
	sc->stopped = 1;
	sync_clock(sc, now_us);
}

int kmp_scanner_done(const kmp_scanner *sc)
{
	return sc->stopped || sc->core.state == KMP_SCAN_DONE;
}

void kmp_scanner_progress(const kmp_scanner *sc, uint64_t now, kmp_scan_progress *p)
{
	const kmp_scan *s = &sc->core;
	memset(p, 0, sizeof *p);
	p->state = s->state;
	p->pause = s->state == KMP_SCAN_PAUSED ? s->pause : KMP_SCAN_PAUSE_NONE;
	p->pause_text = kmp_scan_pause_text(p->pause);
	p->error = sc->error;
	p->from = s->cfg.from;
	p->to = s->cfg.to;
	p->total = s->total;
	p->done = s->n_done;
	p->resumed = sc->done_at_start;
	p->unresolved = s->n_aside;
	p->next_id = s->q_len ? s->queue[0].ids[0] : s->cursor;
	p->piece = s->q_len ? s->queue[0].n : 0;
	p->pass = s->pass;
	p->found = s->n_found;
	p->discoveries = s->n_discoveries;
	p->requests = s->requests;
	p->failures = s->failures;
	p->valid = s->valid;
	p->streak = s->fail_streak;
	p->last_status = s->last_status;
	p->elapsed_s = now > sc->t_start ? (double)(now - sc->t_start) / 1e6 : 0;
	uint64_t active = sc->active_us;
	if (sc->run_since && now > sc->run_since)
		active += now - sc->run_since;
	p->active_s = (double)active / 1e6;
	uint32_t this_run = s->n_done - sc->done_at_start;
	p->rate = this_run && p->active_s > 0 ? this_run / p->active_s : 0;
	uint32_t left = s->total - s->n_done;
	p->eta_s = s->state == KMP_SCAN_DONE ? 0 : p->rate > 0 ? left / p->rate : -1;
}

const kmp_scan_reg *kmp_scanner_found(const kmp_scanner *sc, size_t *n)
{
	*n = sc->core.n_found;
	return sc->core.found;
}

void kmp_scanner_free(kmp_scanner *sc)
{
	kmp_scan_free(&sc->core);
}
