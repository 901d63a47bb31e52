/* history.c - reading a data logger: the decisions (kmp_hist).  See
 * history.h and docs/history.md; the driver on a client is
 * history_driver.c. */
#include <stdlib.h>
#include <string.h>

#include "feature/history.h"
#include "kmp/error.h"

enum {
	PH_CONFIG = KMP_HIST_ASK_CONFIG,
	PH_PROBE = KMP_HIST_ASK_PROBE,
	PH_RECORDS = KMP_HIST_ASK_RECORDS,
};

/* B8 info bits (logger_msg.c names them). */
enum {
	B8_NO_ENTRIES = 1u << 0,
	B8_OUT_OF_RANGE = 1u << 1,
	B8_UNSUPPORTED = 1u << 3,
	B8_TRUNCATED = 1u << 4,
	B8_TAIL = 1u << 6,
};
/* A0..A3 INFO bits (5512-447 6.3). */
enum { M_EMPTY = 1u << 0, M_RANGE = 1u << 2, M_MAXL = 1u << 3 };

/* The result of looking at a valid reply. */
enum { R_DONE, R_AGAIN, R_BAD };

const char *kmp_hist_pause_text(kmp_hist_why why)
{
	switch (why) {
	case KMP_HIST_PAUSE_NONE:
		return "";
	case KMP_HIST_PAUSE_USER:
		return "paused";
	case KMP_HIST_PAUSE_SILENT:
		return "the meter stopped answering (no reply byte at all): is it asleep "
		       "(press its button) or has the head moved?";
	case KMP_HIST_PAUSE_FAILING:
		return "every reply failed its check for a while: is the head aligned and "
		       "held still?";
	case KMP_HIST_PAUSE_LINK:
		return "the link is down (head unplugged?); waiting for it to come back";
	case KMP_HIST_PAUSE_OUTPUT:
		return "the output file could not be written";
	}
	return "";
}

const char *kmp_hist_error_text(kmp_hist_error e)
{
	switch (e) {
	case KMP_HIST_OK:
		return "";
	case KMP_HIST_NO_LOGGER:
		return "the meter keeps no such logger";
	case KMP_HIST_NOT_LOGGED:
		return "the logger does not hold a register asked for";
	case KMP_HIST_NO_ANSWER:
		return "no valid answer to the logger's first request: the meter may be asleep, "
		       "or have no data logger";
	case KMP_HIST_TOO_MANY:
		return "the logger holds more registers than one reading takes (give them with -r)";
	case KMP_HIST_NOMEM:
		return "out of memory";
	}
	return "";
}

void kmp_hist_config_default(kmp_hist_config *c)
{
	memset(c, 0, sizeof *c);
	c->kind = KMP_HIST_B8;
	c->logger = KMP_LOGGER_DAY;
	c->attempts = KMP_HIST_ATTEMPTS;
	c->stall_failures = KMP_HIST_STALL_FAILURES;
	c->stall_silent = KMP_HIST_STALL_SILENT;
	c->passes = KMP_HIST_PASSES;
	c->reply_max = KMP_HIST_REPLY_MAX;
}

/* The registers and their groups of at most 8 (one request each).  Returns
 * 0, or -1 for a duplicate. */
static int set_regs(kmp_hist *h, const uint16_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i])
				return -1;
	memcpy(h->regs, ids, n * sizeof ids[0]);
	h->n_regs = n;
	h->n_groups = (unsigned)((n + KMP_MAX_IDS - 1) / KMP_MAX_IDS);
	return 0;
}

int kmp_hist_init(kmp_hist *h, const kmp_hist_config *cfg)
{
	memset(h, 0, sizeof *h);
	if (cfg->attempts < 1 || cfg->stall_failures < 1 || cfg->stall_silent < 1 ||
	    cfg->passes < 1 || cfg->n_ids > KMP_HIST_MAX_REGS || cfg->reply_max < 64 ||
	    cfg->reply_max > KMP_HIST_REPLY_MAX)
		return KMP_ERR_ARG;
	if (cfg->kind == KMP_HIST_B8 &&
	    (cfg->logger < KMP_LOGGER_YEAR || cfg->logger > KMP_LOGGER_MINUTE2))
		return KMP_ERR_ARG;
	if (cfg->kind == KMP_HIST_MODULE && cfg->n_ids == 0)
		return KMP_ERR_ARG; /* a module cannot say which registers it logs */
	h->cfg = *cfg;
	h->state = KMP_HIST_RUNNING;
	h->pass = 1;
	if (cfg->kind == KMP_HIST_MODULE && set_regs(h, cfg->ids, cfg->n_ids))
		return KMP_ERR_ARG;
	for (size_t i = 0; i < cfg->n_ids; i++)
		for (size_t k = 0; k < i; k++)
			if (cfg->ids[k] == cfg->ids[i])
				return KMP_ERR_ARG;
	return KMP_OK;
}

void kmp_hist_free(kmp_hist *h)
{
	free(h->recs);
	free(h->vals);
	free(h->known);
	h->recs = NULL;
	h->vals = NULL;
	h->known = NULL;
	h->n_recs = h->cap_vals = h->n_known = h->cap_known = 0;
}

int kmp_hist_mark_known(kmp_hist *h, uint32_t log_id)
{
	if (h->n_known == h->cap_known) {
		size_t cap = h->cap_known ? 2 * h->cap_known : 256;
		uint32_t *p = realloc(h->known, cap * sizeof *p);
		if (!p)
			return KMP_ERR_NOMEM;
		h->known = p;
		h->cap_known = cap;
	}
	h->known[h->n_known++] = log_id;
	return KMP_OK;
}

static void fail(kmp_hist *h, kmp_hist_error e)
{
	h->state = KMP_HIST_FAILED;
	h->error = e;
	h->cur.valid = 0;
}

static unsigned all_groups(const kmp_hist *h)
{
	return (1u << h->n_groups) - 1;
}

static size_t group_size(const kmp_hist *h, unsigned g)
{
	size_t left = h->n_regs - g * KMP_MAX_IDS;
	return left < KMP_MAX_IDS ? left : KMP_MAX_IDS;
}

static int in_range(const kmp_hist *h, uint32_t id)
{
	return h->ranged && id >= h->lo && id <= h->hi;
}

static kmp_hist_rec *rec(const kmp_hist *h, uint32_t id)
{
	return in_range(h, id) ? &h->recs[h->hi - id] : NULL;
}

/* The range of records asked for, once the newest (and for B8 the oldest)
 * is known.  Returns 0 or -1 (memory). */
static int set_range(kmp_hist *h, uint32_t hi, uint32_t lo)
{
	h->ranged = 1;
	h->hi = hi;
	h->lo = lo;
	h->n_recs = (size_t)(hi - lo) + 1;
	h->recs = calloc(h->n_recs, sizeof *h->recs);
	if (!h->recs)
		return -1;
	for (size_t i = 0; i < h->n_known; i++) {
		kmp_hist_rec *r = rec(h, h->known[i]);
		if (r && r->state != KMP_HIST_KNOWN) {
			r->state = KMP_HIST_KNOWN;
			h->n_known_in++;
		}
	}
	return 0;
}

/* The oldest `last` of hi..lo_bound, or all of them. */
static uint32_t lowest_wanted(const kmp_hist *h, uint32_t hi, uint32_t lo_bound)
{
	uint32_t lo = lo_bound;
	if (h->cfg.last && hi - lo_bound + 1 > h->cfg.last)
		lo = hi - h->cfg.last + 1;
	return lo;
}

/* Records id and below (down to lo) have left the logger. */
static void mark_gone(kmp_hist *h, uint32_t id, kmp_hist_outcome *out)
{
	if (!h->ranged || id < h->lo)
		return;
	if (id > h->hi)
		id = h->hi;
	for (uint32_t k = id;; k--) {
		kmp_hist_rec *r = rec(h, k);
		if (r->state == KMP_HIST_PENDING) {
			r->state = KMP_HIST_GONE;
			if (r->aside)
				h->n_aside--;
			r->aside = 0;
			h->n_gone++;
			out->gone++;
		}
		if (k == h->lo)
			break;
	}
}

/* A module's oldest record is above lo: the range ends there (these
 * records were never in the log). */
static void raise_lo(kmp_hist *h, uint32_t lo)
{
	if (!h->ranged || lo <= h->lo)
		return;
	for (uint32_t id = h->lo; id < lo && id <= h->hi; id++)
		if (rec(h, id)->aside)
			h->n_aside--;
	if (lo > h->hi) {
		h->n_recs = 0;
		h->lo = h->hi + 1;
		return;
	}
	h->lo = lo;
	h->n_recs = (size_t)(h->hi - lo) + 1;
}

/* Room for the values of record index i.  Returns 0 or -1 (memory). */
static int grow_vals(kmp_hist *h, size_t i)
{
	if (i < h->cap_vals)
		return 0;
	size_t cap = h->cap_vals ? 2 * h->cap_vals : 64;
	while (cap <= i)
		cap *= 2;
	if (cap > h->n_recs)
		cap = h->n_recs;
	kmp_hist_val *p = realloc(h->vals, cap * h->n_regs * sizeof *p);
	if (!p)
		return -1;
	memset(p + h->cap_vals * h->n_regs, 0, (cap - h->cap_vals) * h->n_regs * sizeof *p);
	h->vals = p;
	h->cap_vals = cap;
	return 0;
}

/* --- requests ------------------------------------------------------------ */

/* The first record index group g still needs, and how many follow it
 * (up to max).  Returns 0 when the group needs none. */
static int window(const kmp_hist *h, unsigned g, uint32_t max, size_t *first, uint32_t *run)
{
	unsigned bit = 1u << g;
	size_t i = 0;
	while (i < h->n_recs && (h->recs[i].state != KMP_HIST_PENDING || (h->recs[i].got & bit) ||
	                         (h->recs[i].aside & bit)))
		i++;
	if (i == h->n_recs)
		return 0;
	uint32_t n = 0;
	while (i + n < h->n_recs && n < max && h->recs[i + n].state == KMP_HIST_PENDING &&
	       !(h->recs[i + n].got & bit) && !(h->recs[i + n].aside & bit))
		n++;
	*first = i;
	*run = n;
	return 1;
}

/* Pick what to ask next into h->cur.  Returns 0 when all is done. */
static int choose(kmp_hist *h)
{
	if (h->n_regs == 0) {
		h->cur = (kmp_hist_piece){.valid = 1, .phase = PH_CONFIG};
		return 1;
	}
	for (unsigned g = 0; g < h->n_groups; g++)
		if (!h->probed[g]) {
			h->cur = (kmp_hist_piece){.valid = 1, .phase = PH_PROBE, .group = g};
			return 1;
		}
	for (;;) {
		int found = 0;
		size_t best = 0;
		uint32_t best_run = 0;
		unsigned best_g = 0;
		for (unsigned g = 0; g < h->n_groups; g++) {
			size_t first;
			uint32_t run;
			if (window(h, g, h->page[g], &first, &run) && (!found || first < best)) {
				found = 1;
				best = first;
				best_run = run;
				best_g = g;
			}
		}
		if (found) {
			h->cur = (kmp_hist_piece){.valid = 1,
			                          .phase = PH_RECORDS,
			                          .group = best_g,
			                          .top = h->hi - (uint32_t)best,
			                          .count = best_run};
			return 1;
		}
		if (h->n_aside == 0 || h->pass >= h->cfg.passes)
			return 0;
		/* a failed exchange proves nothing: ask the set-aside records again */
		h->pass++;
		for (size_t i = 0; i < h->n_recs; i++)
			h->recs[i].aside = 0;
		h->n_aside = 0;
	}
}

static int build(const kmp_hist *h, kmp_request *req)
{
	const kmp_hist_piece *p = &h->cur;
	const uint16_t *ids = h->regs + p->group * KMP_MAX_IDS;
	size_t n = p->phase == PH_CONFIG ? 0 : group_size(h, p->group);
	int len;
	memset(req, 0, sizeof *req);
	if (h->cfg.kind == KMP_HIST_B8) {
		req->cid = KMP_CID_LOGGER;
		if (p->phase == PH_CONFIG)
			len = kmp_logger_config_data(h->cfg.logger, req->data, sizeof req->data);
		else if (p->phase == PH_PROBE) /* offset FFFF: the oldest record */
			len = kmp_logger_last_data(h->cfg.logger, 0xFFFF, 1, ids, n, req->data,
			                           sizeof req->data);
		else
			len = kmp_logger_by_id_data(h->cfg.logger, p->top, (uint16_t)p->count, ids,
			                            n, req->data, sizeof req->data);
	} else {
		kmp_log_query q = {.log_id = h->cfg.logger,
		                   .ids = ids,
		                   .n_ids = n,
		                   .records = 1,
		                   .max_len = (uint8_t)(h->cfg.reply_max < KMP_HIST_MAXL
		                                                ? h->cfg.reply_max
		                                                : KMP_HIST_MAXL)};
		req->cid = KMP_CID_GET_LOG_LAST_PRESENT;
		if (p->phase == PH_RECORDS) {
			req->cid = KMP_CID_GET_LOG_ID_PRESENT;
			q.records = (uint8_t)p->count;
			q.rec_id = (uint16_t)(p->top - p->count + 1);
		}
		len = kmp_log_module_data(req->cid, &q, req->data, sizeof req->data);
	}
	if (len < 0)
		return -1;
	req->data_len = (size_t)len;
	return 0;
}

int kmp_hist_next(kmp_hist *h, kmp_request *req)
{
	if (h->state != KMP_HIST_RUNNING || h->in_flight)
		return 0;
	if (!h->cur.valid && !choose(h)) {
		h->state = KMP_HIST_DONE;
		return 0;
	}
	if (build(h, req) < 0) {
		fail(h, KMP_HIST_NO_ANSWER); /* cannot happen: every field is checked */
		return 0;
	}
	h->in_flight = 1;
	h->requests++;
	return 1;
}

void kmp_hist_unsend(kmp_hist *h)
{
	if (!h->in_flight)
		return;
	h->in_flight = 0;
	h->requests--;
}

/* --- replies ------------------------------------------------------------- */

/* Records per request that fit in a reply with these formats. */
static uint32_t fit(const kmp_hist *h, const kmp_log_msg *l)
{
	size_t first = 0, stride = 0;
	for (size_t i = 0; i < l->n_regs; i++) {
		first += 5u + l->regs[i].len;
		stride += l->regs[i].len;
	}
	size_t max, head, limit;
	if (h->cfg.kind == KMP_HIST_B8) {
		max = h->cfg.reply_max;
		head = 15; /* Sub Type Entries N First Last Info */
		limit = 0xFFFF;
	} else {
		max = h->cfg.reply_max < KMP_HIST_MAXL ? h->cfg.reply_max : KMP_HIST_MAXL;
		head = 7; /* LID NRgs ... LRORecID NewRecID INFO */
		first += 2;
		stride += 2;
		limit = 0xFF;
	}
	if (max < head + first || stride == 0)
		return 1;
	size_t n = 1 + (max - head - first) / stride;
	return (uint32_t)(n < limit ? n : limit);
}

/* The reply's registers are exactly group g's (in any order): map[i] is
 * the reply's column of the group's register i.  Returns 0, or the first
 * register of the group the reply lacks (NOT_LOGGED), or -1 when the reply
 * carries one the group did not ask for. */
static long match(const kmp_hist *h, unsigned g, const kmp_log_msg *l, size_t *map)
{
	const uint16_t *ids = h->regs + g * KMP_MAX_IDS;
	size_t n = group_size(h, g);
	for (size_t c = 0; c < l->n_regs; c++) {
		int asked = 0;
		for (size_t i = 0; i < n; i++)
			asked |= l->regs[c].id == ids[i];
		for (size_t k = 0; k < c; k++)
			if (l->regs[k].id == l->regs[c].id)
				return -1; /* twice: contradicts itself */
		if (!asked)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t c = 0;
		while (c < l->n_regs && l->regs[c].id != ids[i])
			c++;
		if (c == l->n_regs)
			return ids[i];
		map[i] = c;
	}
	return 0;
}

static void complete_if(kmp_hist *h, uint32_t id, kmp_hist_outcome *out)
{
	kmp_hist_rec *r = rec(h, id);
	if (r->state != KMP_HIST_PENDING || r->got != all_groups(h))
		return;
	r->state = KMP_HIST_COMPLETE;
	if (r->aside)
		h->n_aside--;
	r->aside = 0;
	h->n_complete++;
	if (out->n_complete < KMP_HIST_OUTCOME_MAX)
		out->complete[out->n_complete++] = id;
}

/* Store record rec_index of the reply as record id of group g. */
static int store(kmp_hist *h, unsigned g, const kmp_log_msg *l, size_t rec_index, uint32_t id,
                 const size_t *map, kmp_hist_outcome *out)
{
	kmp_hist_rec *r = rec(h, id);
	if (!r || r->state != KMP_HIST_PENDING || (r->got & (1u << g)))
		return 0;
	size_t i = h->hi - id;
	if (grow_vals(h, i) < 0) {
		fail(h, KMP_HIST_NOMEM);
		return -1;
	}
	kmp_hist_val *row = h->vals + i * h->n_regs + g * KMP_MAX_IDS;
	for (size_t k = 0; k < group_size(h, g); k++) {
		kmp_log_value(l, rec_index, map[k], &row[k].v);
		row[k].unit = l->regs[map[k]].unit;
	}
	r->got |= (uint8_t)(1u << g);
	complete_if(h, id, out);
	return 0;
}

static int on_config(kmp_hist *h, const kmp_msg *m)
{
	const kmp_log_msg *l = &m->log;
	if (l->sub != KMP_B8_GET_CONFIG || l->logger != h->cfg.logger)
		return R_BAD;
	if (l->depth == 0 || m->n_ids == 0) {
		fail(h, KMP_HIST_NO_LOGGER);
		return R_DONE;
	}
	h->depth = l->depth;
	if (h->cfg.n_ids) {
		for (size_t i = 0; i < h->cfg.n_ids; i++) {
			size_t k = 0;
			while (k < m->n_ids && m->ids[k] != h->cfg.ids[i])
				k++;
			if (k == m->n_ids) {
				h->error_reg = h->cfg.ids[i];
				fail(h, KMP_HIST_NOT_LOGGED);
				return R_DONE;
			}
		}
		set_regs(h, h->cfg.ids, h->cfg.n_ids);
		return R_DONE;
	}
	/* every register the logger holds, once each, in its order */
	uint16_t ids[KMP_HIST_MAX_REGS];
	size_t n = 0;
	for (size_t i = 0; i < m->n_ids; i++) {
		size_t k = 0;
		while (k < n && ids[k] != m->ids[i])
			k++;
		if (k < n)
			continue;
		if (n == KMP_HIST_MAX_REGS) {
			fail(h, KMP_HIST_TOO_MANY);
			return R_DONE;
		}
		ids[n++] = m->ids[i];
	}
	set_regs(h, ids, n);
	return R_DONE;
}

/* A reply's registers against group g: R_DONE (map filled), R_BAD, or
 * the reading fails (a register the logger does not hold). */
static int check_regs(kmp_hist *h, unsigned g, const kmp_log_msg *l, size_t *map)
{
	long miss = match(h, g, l, map);
	if (miss < 0)
		return R_BAD;
	if (miss > 0) {
		h->error_reg = (uint16_t)miss;
		fail(h, KMP_HIST_NOT_LOGGED);
	}
	return R_DONE;
}

static int on_probe(kmp_hist *h, const kmp_msg *m, kmp_hist_outcome *out)
{
	const kmp_log_msg *l = &m->log;
	unsigned g = h->cur.group;
	size_t map[KMP_MAX_IDS];
	int b8 = h->cfg.kind == KMP_HIST_B8;
	if (b8 ? l->sub != KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS || l->logger != h->cfg.logger
	       : l->logger != h->cfg.logger)
		return R_BAD;
	int empty = b8 ? (l->info & B8_NO_ENTRIES) != 0 : (l->info & M_EMPTY) != 0;
	if (empty && (b8 || l->n_records == 0)) {
		/* the logger holds no record yet */
		if (!h->ranged) {
			h->ranged = 1;
			h->n_recs = 0;
			out->configured = 1;
		}
		h->probed[g] = 1;
		return R_DONE;
	}
	if (l->n_records != 1)
		return R_BAD;
	int rc = check_regs(h, g, l, map);
	if (rc != R_DONE || h->state == KMP_HIST_FAILED)
		return rc;
	uint32_t id = kmp_log_record_id(l, 0);
	if (b8) {
		if (l->first_id > l->newest_id || l->newest_id - l->first_id > 0xFFFF)
			return R_BAD;
		if (!h->ranged) {
			h->oldest = l->first_id;
			h->newest = l->newest_id;
			if (set_range(h, l->newest_id,
			              lowest_wanted(h, l->newest_id, l->first_id)) < 0) {
				fail(h, KMP_HIST_NOMEM);
				return R_DONE;
			}
			h->lo_exact = 1;
			out->configured = 1;
		} else if (l->first_id > h->oldest) {
			/* the logger moved on since the first probe */
			mark_gone(h, l->first_id - 1, out);
			h->oldest = l->first_id;
		}
	} else if (!h->ranged) {
		h->newest = id;
		/* the oldest is found when a window runs past it */
		if (set_range(h, id, lowest_wanted(h, id, id > 0xFFFF ? id - 0xFFFF : 0)) < 0) {
			fail(h, KMP_HIST_NOMEM);
			return R_DONE;
		}
		out->configured = 1;
	}
	h->page[g] = fit(h, l);
	h->probed[g] = 1;
	if (store(h, g, l, 0, id, map, out) < 0)
		return R_DONE;
	return R_DONE;
}

static int on_records_b8(kmp_hist *h, const kmp_msg *m, kmp_hist_outcome *out)
{
	const kmp_log_msg *l = &m->log;
	kmp_hist_piece *p = &h->cur;
	size_t map[KMP_MAX_IDS];
	if (l->sub != KMP_B8_GET_LOG_ID_PAST_ABS || l->logger != h->cfg.logger)
		return R_BAD;
	if (l->n_records == 0 || (l->info & B8_NO_ENTRIES)) {
		if (!(l->info & B8_OUT_OF_RANGE) || p->top > h->newest)
			return R_BAD;      /* no record and no reason: proves nothing */
		mark_gone(h, p->top, out); /* it left the logger while we read */
		return R_DONE;
	}
	if (l->first_id != p->top || l->n_records > p->count)
		return R_BAD;
	int rc = check_regs(h, p->group, l, map);
	if (rc != R_DONE || h->state == KMP_HIST_FAILED)
		return rc;
	for (size_t r = 0; r < l->n_records; r++)
		if (store(h, p->group, l, r, p->top - (uint32_t)r, map, out) < 0)
			return R_DONE;
	uint32_t bottom = p->top - (uint32_t)l->n_records + 1;
	if (l->n_records < p->count) {
		if (l->info & B8_TRUNCATED)
			h->page[p->group] = (uint32_t)l->n_records; /* the meter's own limit */
		if ((l->info & B8_TAIL) && bottom > 0)
			mark_gone(h, bottom - 1, out);
	}
	return R_DONE;
}

static int on_records_module(kmp_hist *h, const kmp_msg *m, kmp_hist_outcome *out)
{
	const kmp_log_msg *l = &m->log;
	kmp_hist_piece *p = &h->cur;
	uint32_t start = p->top - p->count + 1;
	size_t map[KMP_MAX_IDS];
	if (l->logger != h->cfg.logger)
		return R_BAD;
	if (l->n_records == 0) {
		if (!(l->info & (M_RANGE | M_EMPTY)))
			return R_BAD;
		/* the window starts before the oldest record: nothing at or
		 * below its start exists; ask the newer half */
		raise_lo(h, start + 1);
		if (p->count == 1 || h->n_recs == 0)
			return R_DONE;
		p->count /= 2;
		p->attempts = 0;
		out->split = 1;
		return R_AGAIN;
	}
	if (l->n_records > p->count)
		return R_BAD;
	for (size_t r = 0; r < l->n_records; r++)
		if (kmp_log_record_id(l, r) != start + r)
			return R_BAD; /* records from the asked one up, one apart */
	int rc = check_regs(h, p->group, l, map);
	if (rc != R_DONE || h->state == KMP_HIST_FAILED)
		return rc;
	for (size_t r = 0; r < l->n_records; r++)
		if (store(h, p->group, l, r, start + (uint32_t)r, map, out) < 0)
			return R_DONE;
	if (l->n_records < p->count && (l->info & M_MAXL))
		h->page[p->group] = (uint32_t)l->n_records;
	return R_DONE;
}

static void on_failure(kmp_hist *h, int status, kmp_hist_outcome *out)
{
	kmp_hist_piece *p = &h->cur;
	h->failures++;
	h->fail_streak++;
	/* silence: nothing from the meter (an echoing head still returns our
	 * own bytes); any reply byte shows it is awake */
	if (status == KMP_ERR_TIMEOUT || status == KMP_ERR_ECHO_ONLY)
		h->silent_streak++;
	else
		h->silent_streak = 0;
	out->charged = 1;
	if (++p->attempts >= h->cfg.attempts) {
		if (p->phase != PH_RECORDS) {
			if (h->valid == 0) {
				fail(h, KMP_HIST_NO_ANSWER);
				return;
			}
			p->attempts = 0; /* the meter answered before: keep asking */
		} else if (p->count > 1) {
			/* a long reply meets more trouble: ask for the newer half */
			p->count /= 2;
			p->attempts = 0;
			out->split = 1;
		} else {
			kmp_hist_rec *r = rec(h, p->top);
			if (!r->aside)
				h->n_aside++;
			r->aside |= (uint8_t)(1u << p->group);
			out->set_aside = 1;
			p->valid = 0;
		}
	}
	if (h->silent_streak >= h->cfg.stall_silent)
		kmp_hist_pause(h, KMP_HIST_PAUSE_SILENT);
	else if (h->fail_streak >= h->cfg.stall_failures)
		kmp_hist_pause(h, KMP_HIST_PAUSE_FAILING);
	out->paused = h->state == KMP_HIST_PAUSED;
}

void kmp_hist_on_result(kmp_hist *h, int status, const kmp_msg *msg, kmp_hist_outcome *out)
{
	static kmp_hist_outcome scratch;
	if (!out)
		out = &scratch;
	memset(out, 0, sizeof *out);
	if (!h->in_flight || !h->cur.valid)
		return;
	h->in_flight = 0;
	h->last_status = status;
	if (status == KMP_ERR_CLOSED) {
		/* the link went away: says nothing about the meter */
		h->failures++;
		kmp_hist_pause(h, KMP_HIST_PAUSE_LINK);
		out->paused = 1;
		return;
	}
	int rc = R_BAD;
	if (status == KMP_OK && msg) {
		switch (h->cur.phase) {
		case PH_CONFIG:
			rc = on_config(h, msg);
			break;
		case PH_PROBE:
			rc = on_probe(h, msg, out);
			break;
		default:
			rc = h->cfg.kind == KMP_HIST_B8 ? on_records_b8(h, msg, out)
			                                : on_records_module(h, msg, out);
			break;
		}
	}
	if (rc == R_BAD) {
		/* no reply, a damaged one, or one that is not ours */
		h->last_status = status == KMP_OK ? KMP_ERR_DATA : status;
		on_failure(h, h->last_status, out);
		return;
	}
	h->valid++;
	h->fail_streak = 0;
	h->silent_streak = 0;
	if (rc == R_DONE)
		h->cur.valid = 0;
	if (h->state == KMP_HIST_RUNNING && h->ranged && h->n_recs == 0)
		h->state = KMP_HIST_DONE; /* an empty logger */
}

void kmp_hist_pause(kmp_hist *h, kmp_hist_why why)
{
	if (h->state != KMP_HIST_RUNNING)
		return;
	h->state = KMP_HIST_PAUSED;
	h->pause = why;
}

void kmp_hist_resume(kmp_hist *h)
{
	if (h->state != KMP_HIST_PAUSED)
		return;
	h->state = KMP_HIST_RUNNING;
	h->pause = KMP_HIST_PAUSE_NONE;
	h->fail_streak = 0;
	h->silent_streak = 0;
}

int kmp_hist_record_state(const kmp_hist *h, uint32_t log_id)
{
	const kmp_hist_rec *r = rec(h, log_id);
	return r ? r->state : KMP_HIST_PENDING;
}

int kmp_hist_value(const kmp_hist *h, uint32_t log_id, size_t reg_index, kmp_hist_val *out)
{
	const kmp_hist_rec *r = rec(h, log_id);
	if (!r || r->state != KMP_HIST_COMPLETE || reg_index >= h->n_regs)
		return KMP_ERR_RANGE;
	*out = h->vals[(size_t)(h->hi - log_id) * h->n_regs + reg_index];
	return KMP_OK;
}

size_t kmp_hist_completed(const kmp_hist *h, uint32_t *ids, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < h->n_recs; i++)
		if (h->recs[i].state == KMP_HIST_COMPLETE) {
			if (n < cap)
				ids[n] = h->hi - (uint32_t)i;
			n++;
		}
	return n;
}

uint32_t kmp_hist_missing(const kmp_hist *h)
{
	uint32_t n = 0;
	for (size_t i = 0; i < h->n_recs; i++)
		n += h->recs[i].state == KMP_HIST_PENDING;
	return n;
}
