/* scan_ctl.c - the scan view's controller side (see scan_view.h): the only
 * code of the view that touches the scanner and, through it, the client.
 *
 * Link arbitration (owner.h): while a scan is under way (running or
 * paused, until it is done or stopped) it claims the link, so the register
 * poller starts no round (one under way gives way).  A poll round between
 * two batches would slow the scan and mix its traffic into the trace, and
 * a paused scan is still the link's owner: the meter may have gone quiet,
 * and polling it would only add failures.  A higher claim (the Align
 * view's probes) pauses the scan until it is gone. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "tui/controller.h"
#include "tui/scan_view.h"

/* --scan-range (or --from/--to), --batch, --delay, --retries, -b: once,
 * before the first draw (the first pump runs before it). */
static void take_options(tui_scan_view *sv, const tui_ctl *ctl)
{
	if (sv->options_taken)
		return;
	sv->options_taken = 1;
	const tui_config *o = ctl->cfg;
	sv->attempts = o->retries + 1;
	if (o->scan_from >= 0 && o->scan_from <= 65535)
		sv->from = (uint16_t)o->scan_from;
	if (o->scan_to >= 0 && o->scan_to <= 65535)
		sv->to = (uint16_t)o->scan_to;
	if (sv->from > sv->to) /* --from alone above the default end cannot be */
		sv->to = sv->from;
	if (o->batch >= 1 && o->batch <= KMP_MAX_IDS)
		sv->batch = o->batch;
	sv->delay_ms = o->delay_ms;
	if (o->baud > 0)
		sv->baud = o->baud;
}

/* A scan that owns the link: started, neither done nor stopped. */
static int live(const tui_scan_view *sv)
{
	return sv->have_sc && !sv->stopped && sv->sc.core.state != KMP_SCAN_DONE;
}

static void copy_progress(tui_scan_view *sv, uint64_t now)
{
	kmp_scanner_progress(&sv->sc, now, &sv->p);
	sv->refreshed_us = now;
	if (sv->sc.n_outcomes != sv->seen_outcomes) {
		sv->seen_outcomes = sv->sc.n_outcomes;
		tui_scan_event_text(&sv->sc.last, sv->sc.core.last_status, sv->event,
		                    sizeof sv->event);
	}
}

static void start(tui_ctl *ctl, tui_scan_view *sv, uint64_t now)
{
	tui_model *m = ctl->model;
	char t[32];
	sv->start_req = 0;
	tui_scan_save_close(sv);
	if (sv->have_sc)
		kmp_scanner_free(&sv->sc);
	sv->have_sc = 0;
	sv->shown = 0;
	sv->core = NULL;
	kmp_scan_config cfg;
	kmp_scan_config_default(&cfg);
	cfg.from = sv->from;
	cfg.to = sv->to;
	cfg.batch = sv->batch;
	cfg.attempts = sv->attempts ? sv->attempts : KMP_SCAN_ATTEMPTS;
	if (kmp_scanner_init(&sv->sc, ctl->client, &cfg, sv->delay_ms, now) != KMP_OK) {
		tui_status(m, TUI_STATUS_ERROR, "cannot scan %u..%u with batch %u", cfg.from,
		           cfg.to, cfg.batch);
		return;
	}
	sv->have_sc = 1;
	sv->shown = 1;
	sv->stopped = 0;
	sv->core = &sv->sc.core;
	sv->batch_used = cfg.batch;
	memset(&sv->list, 0, sizeof sv->list);
	sv->event[0] = '\0';
	sv->seen_outcomes = 0;
	sv->exported_gen = 0;
	sv->export_path[0] = '\0';
	sv->confirm_new = 0;
	sv->yielded = 0;
	copy_progress(sv, now);
	tui_owner_claim(&m->owners, TUI_OWNER_SCANNER);
	m->dirty |= TUI_DIRTY_ALL;
	tui_scan_fmt_duration(tui_scan_estimate_s(cfg.from, cfg.to, cfg.batch, sv->baud), t,
	                      sizeof t);
	/* the file before the first request: every reply is saved */
	struct timespec wall;
	char err[400];
	clock_gettime(CLOCK_REALTIME, &wall);
	if (tui_scan_save_start(sv, m, &wall, err, sizeof err) != 0)
		tui_status(m, TUI_STATUS_ERROR,
		           "scanning %u..%u UNSAVED: %s (e exports when it can)", cfg.from, cfg.to,
		           err);
	else
		tui_status(m, TUI_STATUS_INFO,
		           "scanning %u..%u (about %s) into %s; view 1 does not poll meanwhile",
		           cfg.from, cfg.to, t, sv->save_path);
}

static void take_requests(tui_ctl *ctl, tui_scan_view *sv, uint64_t now)
{
	tui_model *m = ctl->model;
	if (sv->stop_req) {
		sv->stop_req = 0;
		sv->pause_req = sv->resume_req = 0;
		if (live(sv)) {
			kmp_scanner_stop(&sv->sc, now);
			sv->stopped = 1;
			if (sv->save_ok)
				tui_status(m, TUI_STATUS_INFO,
				           "scan stopped: %lu of %lu IDs done, %zu found, in %s "
				           "(scan --out %s --resume goes on); view 1 polls again",
				           (unsigned long)sv->sc.core.n_done,
				           (unsigned long)sv->sc.core.total, sv->sc.core.n_found,
				           sv->save_path, sv->save_path);
			else
				tui_status(m, TUI_STATUS_INFO,
				           "scan stopped: %lu of %lu IDs done, %zu found (e saves "
				           "them); view 1 polls again",
				           (unsigned long)sv->sc.core.n_done,
				           (unsigned long)sv->sc.core.total, sv->sc.core.n_found);
		}
	}
	if (sv->pause_req) {
		sv->pause_req = 0;
		if (live(sv))
			kmp_scanner_pause(&sv->sc, now);
	}
	if (sv->resume_req) {
		sv->resume_req = 0;
		if (live(sv))
			kmp_scanner_resume(&sv->sc, now);
	}
}

/* A higher claim on the link (the Align view probes as fast as it can,
 * typically to put back a head the scan found moved) takes it from the
 * scan.  Two owners would slow both and the probes' short timeout would
 * fail scan requests, so the scan waits (a pause of its own, so the rate
 * and ETA stay true) and goes on when the link is its own again.  A scan
 * that paused itself stays paused. */
static void yield_link(tui_model *m, tui_scan_view *sv, uint64_t now)
{
	int owner = tui_owner_now(&m->owners) == TUI_OWNER_SCANNER;
	if (!owner && live(sv) && sv->sc.core.state == KMP_SCAN_RUNNING) {
		kmp_scanner_pause(&sv->sc, now);
		sv->yielded = 1;
	} else if (owner && sv->yielded) {
		sv->yielded = 0;
		if (live(sv) && sv->sc.core.state == KMP_SCAN_PAUSED &&
		    sv->sc.core.pause == KMP_SCAN_PAUSE_USER)
			kmp_scanner_resume(&sv->sc, now);
	}
}

/* Tell people on another view why the scan stopped moving. */
static void on_pause(tui_model *m, const kmp_scan_progress *p)
{
	if (p->pause == KMP_SCAN_PAUSE_USER || p->pause == KMP_SCAN_PAUSE_NONE)
		return;
	if (p->pause == KMP_SCAN_PAUSE_LINK) {
		/* it goes on by itself when the client has reopened the link */
		tui_status(m, TUI_STATUS_ERROR, "scan waits at ID %lu: %s",
		           (unsigned long)p->next_id, p->pause_text);
		return;
	}
	/* the key first: the reason may be cut at the screen's edge */
	tui_status(m, TUI_STATUS_ERROR, "scan paused at ID %lu (view 4, s resumes): %s",
	           (unsigned long)p->next_id,
	           p->pause == KMP_SCAN_PAUSE_OUTPUT ? p->error : p->pause_text);
}

static void on_finish(tui_model *m, const tui_scan_view *sv)
{
	const kmp_scan_progress *p = &sv->p;
	char t[32];
	if (sv->stopped)
		return; /* the stop key said it */
	tui_status(m, sv->save_ok ? TUI_STATUS_INFO : TUI_STATUS_ERROR,
	           "scan done in %s: %zu found, %zu discover%s%s; %s%s; view 1 polls again",
	           tui_scan_fmt_duration(p->elapsed_s, t, sizeof t), p->found, p->discoveries,
	           p->discoveries == 1 ? "y" : "ies", p->unresolved ? ", IDs left unanswered" : "",
	           sv->save_ok ? "saved in " : "NOT saved (e exports)",
	           sv->save_ok ? sv->save_path : "");
}

void tui_scan_pump(tui_ctl *ctl, uint64_t now_us)
{
	tui_model *m = ctl->model;
	tui_scan_view *sv = tui_scan_state(m);
	if (!sv)
		return;
	take_options(sv, ctl);
	if (sv->start_req)
		start(ctl, sv, now_us);
	if (!sv->have_sc)
		return;
	int was_live = tui_owner_claims(&m->owners, TUI_OWNER_SCANNER);
	kmp_scan_state before = sv->p.state;
	kmp_scan_why why_before = sv->p.pause;
	size_t found_before = sv->p.found;
	take_requests(ctl, sv, now_us);
	yield_link(m, sv, now_us);
	kmp_scanner_pump(&sv->sc, now_us);
	if (tui_scan_save_check(sv))
		m->dirty |= TUI_DIRTY_PLUGIN;

	int now_live = live(sv);
	const kmp_scan *s = &sv->sc.core;
	uint64_t every = s->state == KMP_SCAN_RUNNING ? TUI_SCAN_REFRESH_US : 1000000u;
	/* a state change, a new register or the tick shows at once; between
	 * ticks the numbers wait (a fast line answers hundreds of times a
	 * second) */
	if (s->state != before || s->pause != why_before || s->n_found != found_before ||
	    now_live != was_live || (now_live && now_us - sv->refreshed_us >= every)) {
		copy_progress(sv, now_us);
		m->dirty |= TUI_DIRTY_PLUGIN;
		if (now_live && sv->p.state == KMP_SCAN_PAUSED &&
		    (before != KMP_SCAN_PAUSED || why_before != sv->p.pause))
			on_pause(m, &sv->p);
	}
	if (now_live != was_live) {
		if (now_live)
			tui_owner_claim(&m->owners, TUI_OWNER_SCANNER);
		else
			tui_owner_release(&m->owners, TUI_OWNER_SCANNER);
		m->dirty |= TUI_DIRTY_ALL; /* the header says who owns the link */
		if (!now_live) {
			tui_scan_save_close(sv); /* complete: unlocked for --resume */
			on_finish(m, sv);
		}
	}
	tui_scan_note_unsaved(m, sv);
}

uint64_t tui_scan_wake_us(const tui_ctl *ctl)
{
	const tui_scan_view *sv = tui_scan_state(ctl->model);
	if (!sv || !live(sv))
		return 0;
	uint64_t w = kmp_scanner_wake_us(&sv->sc);
	uint64_t every = sv->sc.core.state == KMP_SCAN_RUNNING ? TUI_SCAN_REFRESH_US : 1000000u;
	uint64_t tick = sv->refreshed_us + every;
	return !w || tick < w ? tick : w;
}
