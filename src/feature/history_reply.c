/* history_reply.c - reading a data logger: what each reply means (see
 * history.h).  A valid reply that answers what was asked fills records in
 * (history.c keeps them); anything else is a failed exchange, which proves
 * nothing: the request is sent again, halved, or its record set aside. */
#include <string.h>

#include "feature/history.h"
#include "history_int.h"
#include "kmp/error.h"

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
	size_t n = hist_group_size(h, g);
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

static int on_config(kmp_hist *h, const kmp_msg *m)
{
	const kmp_log_msg *l = &m->log;
	if (l->sub != KMP_B8_GET_CONFIG || l->logger != h->cfg.logger)
		return R_BAD;
	if (l->depth == 0 || m->n_ids == 0) {
		hist_fail(h, KMP_HIST_NO_LOGGER);
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
				hist_fail(h, KMP_HIST_NOT_LOGGED);
				return R_DONE;
			}
		}
		hist_set_regs(h, h->cfg.ids, h->cfg.n_ids);
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
			hist_fail(h, KMP_HIST_TOO_MANY);
			return R_DONE;
		}
		ids[n++] = m->ids[i];
	}
	hist_set_regs(h, ids, n);
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
		hist_fail(h, KMP_HIST_NOT_LOGGED);
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
	int empty =
	        b8 ? (l->info & KMP_B8_INFO_NO_ENTRIES) != 0 : (l->info & KMP_LOG_INFO_EMPTY) != 0;
	if (empty && (b8 || l->n_records == 0)) {
		if (!h->ranged) { /* the logger holds no record yet */
			h->ranged = 1;
			h->n_recs = 0;
			out->configured = 1;
			h->probed[g] = 1;
			return R_DONE;
		}
		if (b8)
			return R_BAD; /* it had records for the first group */
		/* a module answers nothing for registers its log does not hold */
		h->error_reg = h->regs[g * KMP_MAX_IDS];
		hist_fail(h, KMP_HIST_NOT_LOGGED);
		return R_DONE;
	}
	if (l->n_records == 0 && b8 && (l->info & KMP_B8_INFO_UNSUPPORTED)) {
		h->error_reg = h->regs[g * KMP_MAX_IDS];
		hist_fail(h, KMP_HIST_NOT_LOGGED);
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
			if (hist_set_range(h, l->newest_id,
			                   hist_lowest_wanted(h, l->newest_id, l->first_id)) < 0) {
				hist_fail(h, KMP_HIST_NOMEM);
				return R_DONE;
			}
			h->lo_exact = 1;
			out->configured = 1;
		} else if (l->first_id > h->oldest) {
			/* the logger moved on since the first probe */
			hist_mark_gone(h, l->first_id - 1, out);
			h->oldest = l->first_id;
		}
	} else if (!h->ranged) {
		h->newest = id;
		/* the oldest is found when a window runs past it */
		if (hist_set_range(h, id,
		                   hist_lowest_wanted(h, id, id > 0xFFFF ? id - 0xFFFF : 0)) < 0) {
			hist_fail(h, KMP_HIST_NOMEM);
			return R_DONE;
		}
		out->configured = 1;
	}
	h->page[g] = fit(h, l);
	h->probed[g] = 1;
	if (hist_store(h, g, l, 0, id, map, out) < 0)
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
	if (l->n_records == 0 || (l->info & KMP_B8_INFO_NO_ENTRIES)) {
		if (!(l->info & KMP_B8_INFO_OUT_OF_RANGE) || p->top > h->newest)
			return R_BAD;           /* no record and no reason: proves nothing */
		hist_mark_gone(h, p->top, out); /* it left the logger while we read */
		return R_DONE;
	}
	if (l->first_id != p->top || l->n_records > p->count)
		return R_BAD;
	int rc = check_regs(h, p->group, l, map);
	if (rc != R_DONE || h->state == KMP_HIST_FAILED)
		return rc;
	for (size_t r = 0; r < l->n_records; r++)
		if (hist_store(h, p->group, l, r, p->top - (uint32_t)r, map, out) < 0)
			return R_DONE;
	uint32_t bottom = p->top - (uint32_t)l->n_records + 1;
	if (l->n_records < p->count) {
		if (l->info & KMP_B8_INFO_TRUNCATED)
			h->page[p->group] = (uint32_t)l->n_records; /* the meter's own limit */
		if ((l->info & KMP_B8_INFO_TAIL) && bottom > 0)
			hist_mark_gone(h, bottom - 1, out);
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
		if (!(l->info & (KMP_LOG_INFO_RANGE | KMP_LOG_INFO_EMPTY)))
			return R_BAD;
		/* the window starts before the oldest record: nothing at or
		 * below its start exists; ask the newer half */
		hist_raise_lo(h, start + 1);
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
		if (hist_store(h, p->group, l, r, start + (uint32_t)r, map, out) < 0)
			return R_DONE;
	if (l->n_records < p->count && (l->info & KMP_LOG_INFO_MAXL))
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
				hist_fail(h, KMP_HIST_NO_ANSWER);
				return;
			}
			p->attempts = 0; /* the meter answered before: keep asking */
		} else if (p->count > 1) {
			/* a long reply meets more trouble: ask for the newer half */
			p->count /= 2;
			p->attempts = 0;
			out->split = 1;
		} else {
			kmp_hist_rec *r = hist_rec(h, p->top);
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
	kmp_hist_outcome scratch; /* when the caller wants no outcome */
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
