/* view_history_ctl.c - the history view's controller side (see
 * history_view.h): the only code of the view that touches the history
 * driver and, through it, the client.
 *
 * Link arbitration (owner.h), as the scan does: while a reading is under
 * way (running or paused, until it is done, failed or stopped) it claims
 * the link, so the register poller starts no round; a higher claim (the
 * Align view's probes) pauses it until the link is its own again.  Once
 * it is over, records nobody exported are marked unsaved: q asks first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "tui/controller.h"
#include "tui/history_view.h"

/* --retries and -a, once, before the first draw. */
static void take_options(tui_hist_view *hv, const tui_ctl *ctl)
{
	if (hv->options_taken)
		return;
	hv->options_taken = 1;
	hv->attempts = ctl->cfg->retries + 1;
	hv->address = ctl->cfg->address;
	if (hv->address == KMP_ADDR_LOGGER_TOP || hv->address == KMP_ADDR_LOGGER_BASE) {
		hv->module = 1;
		hv->logger = 1;
	}
}

static int live(const tui_hist_view *hv)
{
	return hv->have_hd && !hv->stopped && !kmp_history_done(&hv->hd);
}

void tui_hist_sync_records(tui_hist_view *hv)
{
	const kmp_hist *h = hv->core;
	if (!h)
		return;
	size_t n = kmp_hist_completed(h, NULL, 0);
	if (n > hv->cap_recs) {
		size_t cap = hv->cap_recs ? hv->cap_recs : 64;
		while (cap < n)
			cap *= 2;
		uint32_t *p = realloc(hv->recs, cap * sizeof *p);
		if (!p)
			return; /* the table shows what it had; the engine keeps the rest */
		hv->recs = p;
		hv->cap_recs = cap;
	}
	hv->n_recs = kmp_hist_completed(h, hv->recs, hv->cap_recs);
}

static void copy_progress(tui_hist_view *hv, uint64_t now)
{
	kmp_history_progress(&hv->hd, now, &hv->p);
	hv->refreshed_us = now;
	if (hv->hd.n_outcomes != hv->seen_outcomes) {
		hv->seen_outcomes = hv->hd.n_outcomes;
		tui_hist_sync_records(hv);
	}
}

static void start(tui_ctl *ctl, tui_hist_view *hv, uint64_t now)
{
	tui_model *m = ctl->model;
	char name[32];
	hv->start_req = 0;
	if (hv->have_hd)
		kmp_history_free(&hv->hd);
	hv->have_hd = 0;
	hv->shown = 0;
	hv->core = NULL;
	hv->n_recs = 0;
	kmp_hist_config cfg;
	kmp_hist_config_default(&cfg);
	cfg.kind = hv->module ? KMP_HIST_MODULE : KMP_HIST_B8;
	cfg.logger = hv->logger;
	cfg.n_ids = hv->n_ids;
	memcpy(cfg.ids, hv->ids, hv->n_ids * sizeof hv->ids[0]);
	cfg.last = hv->last;
	cfg.attempts = hv->attempts ? hv->attempts : KMP_HIST_ATTEMPTS;
	tui_hist_logger_name(hv, name, sizeof name);
	if (kmp_history_init(&hv->hd, ctl->client, &cfg, now) != KMP_OK) {
		tui_status(m, TUI_STATUS_ERROR, "cannot read the %s logger%s", name,
		           hv->module && !hv->n_ids ? ": r sets its registers" : "");
		return;
	}
	hv->have_hd = 1;
	hv->shown = 1;
	hv->stopped = 0;
	hv->yielded = 0;
	hv->core = &hv->hd.core;
	snprintf(hv->name, sizeof hv->name, "%s", name);
	memset(&hv->list, 0, sizeof hv->list);
	hv->col = 0;
	hv->seen_outcomes = 0;
	hv->exported_n = 0;
	hv->export_path[0] = '\0';
	copy_progress(hv, now);
	tui_owner_claim(&m->owners, TUI_OWNER_HISTORY);
	tui_owner_set_unsaved(&m->owners, TUI_OWNER_HISTORY, 0);
	m->dirty |= TUI_DIRTY_ALL;
	tui_status(m, TUI_STATUS_INFO, "reading the %s logger; view 1 does not poll meanwhile",
	           name);
}

static void take_requests(tui_ctl *ctl, tui_hist_view *hv, uint64_t now)
{
	tui_model *m = ctl->model;
	if (hv->stop_req) {
		hv->stop_req = 0;
		hv->pause_req = hv->resume_req = 0;
		if (live(hv)) {
			kmp_history_stop(&hv->hd, now);
			hv->stopped = 1;
			copy_progress(hv, now);
			tui_status(m, TUI_STATUS_INFO,
			           "history stopped: %zu records read (e saves them); view 1 polls "
			           "again",
			           hv->n_recs);
		}
	}
	if (hv->pause_req) {
		hv->pause_req = 0;
		if (live(hv))
			kmp_history_pause(&hv->hd, now);
	}
	if (hv->resume_req) {
		hv->resume_req = 0;
		if (live(hv))
			kmp_history_resume(&hv->hd, now);
	}
}

/* A higher claim takes the link: wait (a pause of our own, so the rate
 * and ETA stay true) and go on when it is ours again. */
static void yield_link(tui_model *m, tui_hist_view *hv, uint64_t now)
{
	int owner = tui_owner_now(&m->owners) == TUI_OWNER_HISTORY;
	if (!owner && live(hv) && hv->hd.core.state == KMP_HIST_RUNNING) {
		kmp_history_pause(&hv->hd, now);
		hv->yielded = 1;
	} else if (owner && hv->yielded) {
		hv->yielded = 0;
		if (live(hv) && hv->hd.core.state == KMP_HIST_PAUSED &&
		    hv->hd.core.pause == KMP_HIST_PAUSE_USER)
			kmp_history_resume(&hv->hd, now);
	}
}

static void on_pause(tui_model *m, const tui_hist_view *hv)
{
	const kmp_hist_progress *p = &hv->p;
	if (p->pause == KMP_HIST_PAUSE_USER || p->pause == KMP_HIST_PAUSE_NONE)
		return;
	if (p->pause == KMP_HIST_PAUSE_LINK) {
		tui_status(m, TUI_STATUS_ERROR, "history waits: %s", p->pause_text);
		return;
	}
	tui_status(m, TUI_STATUS_ERROR, "history paused (view 6, s resumes): %s", p->pause_text);
}

static void on_finish(tui_model *m, const tui_hist_view *hv)
{
	const kmp_hist_progress *p = &hv->p;
	if (hv->stopped)
		return; /* the stop key said it */
	if (p->state == KMP_HIST_FAILED) {
		if (p->error == KMP_HIST_NOT_LOGGED)
			tui_status(m, TUI_STATUS_ERROR,
			           "the %s logger does not hold register %u (r: its registers)",
			           hv->name, hv->core->error_reg);
		else
			tui_status(m, TUI_STATUS_ERROR, "the %s logger: %s", hv->name,
			           kmp_hist_error_text(p->error));
		return;
	}
	uint32_t missing = kmp_hist_missing(hv->core);
	tui_status(m, missing ? TUI_STATUS_ERROR : TUI_STATUS_INFO,
	           "history done: %zu records of the %s logger%s; e saves them, view 1 polls "
	           "again",
	           hv->n_recs, hv->name, missing ? " (some got no valid answer)" : "");
}

void tui_hist_pump(tui_ctl *ctl, uint64_t now_us)
{
	tui_model *m = ctl->model;
	tui_hist_view *hv = tui_hist_state(m);
	if (!hv)
		return;
	take_options(hv, ctl);
	if (hv->start_req)
		start(ctl, hv, now_us);
	tui_owner_set_unsaved(&m->owners, TUI_OWNER_HISTORY, tui_hist_unsaved(hv));
	if (!hv->have_hd)
		return;
	int was_live = tui_owner_claims(&m->owners, TUI_OWNER_HISTORY);
	kmp_hist_state before = hv->p.state;
	kmp_hist_why why_before = hv->p.pause;
	take_requests(ctl, hv, now_us);
	yield_link(m, hv, now_us);
	if (live(hv))
		kmp_history_pump(&hv->hd, now_us);

	int now_live = live(hv);
	const kmp_hist *h = &hv->hd.core;
	uint64_t every = h->state == KMP_HIST_RUNNING ? TUI_HIST_REFRESH_US : 1000000u;
	if (h->state != before || (h->state == KMP_HIST_PAUSED && h->pause != why_before) ||
	    now_live != was_live || (now_live && now_us - hv->refreshed_us >= every)) {
		copy_progress(hv, now_us);
		m->dirty |= TUI_DIRTY_PLUGIN;
		if (now_live && hv->p.state == KMP_HIST_PAUSED &&
		    (before != KMP_HIST_PAUSED || why_before != hv->p.pause))
			on_pause(m, hv);
	}
	if (now_live != was_live) {
		if (now_live)
			tui_owner_claim(&m->owners, TUI_OWNER_HISTORY);
		else
			tui_owner_release(&m->owners, TUI_OWNER_HISTORY);
		m->dirty |= TUI_DIRTY_ALL; /* the header says who owns the link */
		if (!now_live)
			on_finish(m, hv);
	}
	tui_owner_set_unsaved(&m->owners, TUI_OWNER_HISTORY, tui_hist_unsaved(hv));
}

uint64_t tui_hist_wake_us(const tui_ctl *ctl)
{
	const tui_hist_view *hv = tui_hist_state(ctl->model);
	if (!hv || !live(hv))
		return 0;
	uint64_t every = hv->hd.core.state == KMP_HIST_RUNNING ? TUI_HIST_REFRESH_US : 1000000u;
	return hv->refreshed_us + every;
}
