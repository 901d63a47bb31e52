/* history.c - reading a data logger: the records and what to ask next
 * (kmp_hist).  See history.h and docs/history.md; what replies mean is
 * history_reply.c, the driver on a client history_driver.c. */
#include <stdlib.h>
#include <string.h>

#include "feature/history.h"
#include "history_int.h"
#include "kmp/error.h"

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
int hist_set_regs(kmp_hist *h, const uint16_t *ids, size_t n)
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
	if (cfg->kind == KMP_HIST_MODULE && hist_set_regs(h, cfg->ids, cfg->n_ids))
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

void hist_fail(kmp_hist *h, kmp_hist_error e)
{
	h->state = KMP_HIST_FAILED;
	h->error = e;
	h->cur.valid = 0;
}

unsigned hist_all_groups(const kmp_hist *h)
{
	return (1u << h->n_groups) - 1;
}

size_t hist_group_size(const kmp_hist *h, unsigned g)
{
	size_t left = h->n_regs - g * KMP_MAX_IDS;
	return left < KMP_MAX_IDS ? left : KMP_MAX_IDS;
}

static int hist_in_range(const kmp_hist *h, uint32_t id)
{
	return h->ranged && id >= h->lo && id <= h->hi;
}

kmp_hist_rec *hist_rec(const kmp_hist *h, uint32_t id)
{
	return hist_in_range(h, id) ? &h->recs[h->hi - id] : NULL;
}

/* The range of records asked for, once the newest (and for B8 the oldest)
 * is known.  Returns 0 or -1 (memory). */
int hist_set_range(kmp_hist *h, uint32_t hi, uint32_t lo)
{
	h->ranged = 1;
	h->hi = hi;
	h->lo = lo;
	h->n_recs = (size_t)(hi - lo) + 1;
	h->recs = calloc(h->n_recs, sizeof *h->recs);
	if (!h->recs)
		return -1;
	for (size_t i = 0; i < h->n_known; i++) {
		kmp_hist_rec *r = hist_rec(h, h->known[i]);
		if (r && r->state != KMP_HIST_KNOWN) {
			r->state = KMP_HIST_KNOWN;
			h->n_known_in++;
		}
	}
	return 0;
}

/* The oldest `last` of hi..lo_bound, or all of them. */
uint32_t hist_lowest_wanted(const kmp_hist *h, uint32_t hi, uint32_t lo_bound)
{
	uint32_t lo = lo_bound;
	if (h->cfg.last && hi - lo_bound + 1 > h->cfg.last)
		lo = hi - h->cfg.last + 1;
	return lo;
}

/* Records id and below (down to lo) have left the logger. */
void hist_mark_gone(kmp_hist *h, uint32_t id, kmp_hist_outcome *out)
{
	if (!h->ranged || id < h->lo)
		return;
	if (id > h->hi)
		id = h->hi;
	for (uint32_t k = id;; k--) {
		kmp_hist_rec *r = hist_rec(h, k);
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
void hist_raise_lo(kmp_hist *h, uint32_t lo)
{
	if (!h->ranged || lo <= h->lo)
		return;
	for (uint32_t id = h->lo; id < lo && id <= h->hi; id++)
		if (hist_rec(h, id)->aside)
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
static int hist_grow_vals(kmp_hist *h, size_t i)
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

static void hist_complete_if(kmp_hist *h, uint32_t id, kmp_hist_outcome *out)
{
	kmp_hist_rec *r = hist_rec(h, id);
	if (r->state != KMP_HIST_PENDING || r->got != hist_all_groups(h))
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
int hist_store(kmp_hist *h, unsigned g, const kmp_log_msg *l, size_t rec_index, uint32_t id,
               const size_t *map, kmp_hist_outcome *out)
{
	kmp_hist_rec *r = hist_rec(h, id);
	if (!r || r->state != KMP_HIST_PENDING || (r->got & (1u << g)))
		return 0;
	size_t i = h->hi - id;
	if (hist_grow_vals(h, i) < 0) {
		hist_fail(h, KMP_HIST_NOMEM);
		return -1;
	}
	kmp_hist_val *row = h->vals + i * h->n_regs + g * KMP_MAX_IDS;
	for (size_t k = 0; k < hist_group_size(h, g); k++) {
		kmp_log_value(l, rec_index, map[k], &row[k].v);
		row[k].unit = l->regs[map[k]].unit;
	}
	r->got |= (uint8_t)(1u << g);
	hist_complete_if(h, id, out);
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
	if (max == 0)
		max = 1; /* never an empty request */
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
	size_t n = p->phase == PH_CONFIG ? 0 : hist_group_size(h, p->group);
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
		hist_fail(h, KMP_HIST_NO_ANSWER); /* cannot happen: every field is checked */
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
	const kmp_hist_rec *r = hist_rec(h, log_id);
	return r ? r->state : KMP_HIST_PENDING;
}

int kmp_hist_value(const kmp_hist *h, uint32_t log_id, size_t reg_index, kmp_hist_val *out)
{
	const kmp_hist_rec *r = hist_rec(h, log_id);
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
