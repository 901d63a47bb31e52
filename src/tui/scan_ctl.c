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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/family.h"
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

/* The IDs public sources name for the family the terminal knows
 * (--family, a profile, or identified since): computed again when it
 * changes.  Unknown: every ID of every table. */
static void refresh_known(tui_scan_view *sv, tui_model *m)
{
	if (sv->known && sv->known_family == m->family)
		return;
	uint16_t *ids = malloc(KMP_SCAN_IDS * sizeof *ids);
	if (!ids)
		return; /* s then scans the whole range */
	size_t n = kmp_family_known_ids((kmp_family)m->family, ids, KMP_SCAN_IDS);
	uint16_t *fit = realloc(ids, (n ? n : 1) * sizeof *ids);
	free(sv->known);
	sv->known = fit ? fit : ids;
	sv->n_known = n;
	sv->known_family = m->family;
	m->dirty |= TUI_DIRTY_PLUGIN;
}

/* IDs of from..to not settled in s. */
static unsigned long left_in(const kmp_scan *s, uint16_t from, uint16_t to)
{
	unsigned long n = 0;
	for (uint32_t id = from; id <= to; id++)
		n += !kmp_scan_is_done(s, (uint16_t)id);
	return n;
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

/* What every new pass resets in the view. */
static void shown_anew(tui_model *m, tui_scan_view *sv, unsigned batch, uint64_t now)
{
	sv->have_sc = 1;
	sv->shown = 1;
	sv->stopped = 0;
	sv->core = &sv->sc.core;
	sv->batch_used = batch;
	sv->family = m->family;
	sv->event[0] = '\0';
	sv->seen_outcomes = 0;
	sv->exported_gen = 0;
	sv->export_path[0] = '\0';
	sv->confirm_new = 0;
	sv->yielded = 0;
	copy_progress(sv, now);
	tui_owner_claim(&m->owners, TUI_OWNER_SCANNER);
	m->dirty |= TUI_DIRTY_ALL;
}

static void scan_config(const tui_scan_view *sv, kmp_scan_config *cfg)
{
	kmp_scan_config_default(cfg);
	cfg->from = sv->from;
	cfg->to = sv->to;
	cfg->batch = sv->batch;
	cfg->attempts = sv->attempts ? sv->attempts : KMP_SCAN_ATTEMPTS;
}

/* A new scan: the known IDs of the range first (`s`), or the whole range
 * at once (`f` with no scan shown).  A range without a known ID gets the
 * whole range. */
static void start(tui_ctl *ctl, tui_scan_view *sv, uint64_t now, int known)
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
	scan_config(sv, &cfg);
	if (kmp_scanner_init(&sv->sc, ctl->client, &cfg, sv->delay_ms, now) != KMP_OK) {
		tui_status(m, TUI_STATUS_ERROR, "cannot scan %u..%u with batch %u", cfg.from,
		           cfg.to, cfg.batch);
		return;
	}
	/* found registers are named by the meter's family */
	kmp_scan_set_family(&sv->sc.core, (kmp_family)m->family);
	size_t n_known = known ? tui_scan_known_in(sv, cfg.from, cfg.to) : 0;
	if (n_known && kmp_scan_only(&sv->sc.core, sv->known, sv->n_known) != KMP_OK) {
		kmp_scanner_free(&sv->sc);
		tui_status(m, TUI_STATUS_ERROR, "out of memory: no scan started");
		return;
	}
	sv->pass = n_known ? TUI_SCAN_PASS_KNOWN : TUI_SCAN_PASS_WHOLE;
	memset(&sv->list, 0, sizeof sv->list);
	shown_anew(m, sv, cfg.batch, now);
	unsigned long ids = n_known ? n_known : (unsigned long)cfg.to - cfg.from + 1;
	tui_scan_fmt_duration(tui_scan_estimate_ids_s(ids, cfg.batch, sv->baud), t, sizeof t);
	/* the file before the first request: every reply is saved */
	struct timespec wall;
	char err[400], what[96];
	clock_gettime(CLOCK_REALTIME, &wall);
	if (n_known)
		snprintf(what, sizeof what, "asking the %zu known IDs of %u..%u first", n_known,
		         cfg.from, cfg.to);
	else if (known)
		snprintf(what, sizeof what, "no known ID in %u..%u: scanning all of it", cfg.from,
		         cfg.to);
	else
		snprintf(what, sizeof what, "scanning %u..%u", cfg.from, cfg.to);
	if (tui_scan_save_start(sv, m, &wall, err, sizeof err) != 0)
		tui_status(m, TUI_STATUS_ERROR, "%s UNSAVED: %s (e exports when it can)", what,
		           err);
	else
		tui_status(m, TUI_STATUS_INFO,
		           "%s (about %s) into %s; view 1 does not poll meanwhile", what, t,
		           sv->save_path);
}

/* `f`: the whole range, skipping what the scan shown settled (the known
 * pass, or a scan stopped with x), into the same file: what `kmpterm scan
 * --out FILE --resume` does after `scan --known`.  A known pass under way
 * is stopped first; with no scan shown it is a new scan of the range. */
static void start_rest(tui_ctl *ctl, tui_scan_view *sv, uint64_t now)
{
	tui_model *m = ctl->model;
	char t[32], err[400];
	sv->full_req = 0;
	if (!sv->have_sc) {
		start(ctl, sv, now, 0);
		return;
	}
	unsigned long left = left_in(&sv->sc.core, sv->from, sv->to);
	if (!left) {
		tui_status(m, TUI_STATUS_INFO,
		           "every ID of %u..%u is settled already: s starts a new scan", sv->from,
		           sv->to);
		return;
	}
	if (live(sv)) {
		kmp_scanner_stop(&sv->sc, now);
		sv->stopped = 1;
	}
	tui_scan_save_close(sv);
	kmp_scan_config cfg;
	scan_config(sv, &cfg);
	kmp_scanner *next = malloc(sizeof *next);
	kmp_scan_csv *settled = calloc(1, sizeof *settled);
	if (!next || !settled || kmp_scanner_init(next, ctl->client, &cfg, sv->delay_ms, now)) {
		free(next);
		free(settled);
		tui_status(m, TUI_STATUS_ERROR, "cannot scan %u..%u with batch %u", cfg.from,
		           cfg.to, cfg.batch);
		return;
	}
	/* what the earlier pass settled stays settled (present with its
	 * value, or absent) and is not asked again */
	kmp_scan_set_family(&next->core, (kmp_family)m->family);
	memcpy(settled->done, sv->sc.core.done, sizeof settled->done);
	settled->regs = sv->sc.core.found;
	settled->n_regs = sv->sc.core.n_found;
	kmp_err rc = kmp_scanner_seed(next, settled);
	/* the meter's counts go on: the file holds one scan */
	next->core.requests = sv->sc.core.requests;
	next->core.failures = sv->sc.core.failures;
	next->core.valid = sv->sc.core.valid;
	kmp_scanner_free(&sv->sc);
	sv->sc = *next; /* nothing of it is in flight yet: it may move */
	free(next);
	if (rc != KMP_OK) {
		free(settled);
		kmp_scanner_free(&sv->sc);
		sv->have_sc = sv->shown = 0;
		sv->core = NULL;
		tui_status(m, TUI_STATUS_ERROR, "out of memory: the scan is lost");
		return;
	}
	sv->pass = TUI_SCAN_PASS_REST;
	shown_anew(m, sv, cfg.batch, now);
	tui_scan_fmt_duration(tui_scan_estimate_ids_s(left, cfg.batch, sv->baud), t, sizeof t);
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	free(settled);
	if (tui_scan_save_continue(sv, m, &wall, err, sizeof err) != 0)
		tui_status(m, TUI_STATUS_ERROR,
		           "the rest of %u..%u (%lu IDs) UNSAVED: %s (e exports when it can)",
		           cfg.from, cfg.to, left, err);
	else
		tui_status(m, TUI_STATUS_INFO,
		           "the rest of %u..%u: %lu IDs (about %s) into %s; view 1 does not poll "
		           "meanwhile",
		           cfg.from, cfg.to, left, t, sv->save_path);
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
				           "(f, or scan --out %s --resume, goes on); view 1 polls "
				           "again",
				           (unsigned long)sv->sc.core.n_done,
				           (unsigned long)sv->sc.core.total, sv->sc.core.n_found,
				           sv->save_path, sv->save_path);
			else
				tui_status(m, TUI_STATUS_INFO,
				           "scan stopped: %lu of %lu IDs done, %zu found (e saves "
				           "them, f goes on); view 1 polls again",
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

/* Where the results are: "saved in FILE", or "NOT saved: why; e exports". */
static const char *saved_text(const tui_scan_view *sv, char *buf, size_t cap)
{
	if (sv->save_ok)
		snprintf(buf, cap, "saved in %s", sv->save_path);
	else if (sv->save_why[0])
		snprintf(buf, cap, "NOT saved: %s; e exports", sv->save_why);
	else
		snprintf(buf, cap, "NOT saved; e exports");
	return buf;
}

static void on_finish(tui_model *m, const tui_scan_view *sv)
{
	const kmp_scan_progress *p = &sv->p;
	char t[32], t2[32], saved[sizeof sv->save_why + 32];
	if (sv->stopped)
		return; /* the stop key said it */
	if (sv->pass == TUI_SCAN_PASS_KNOWN) {
		unsigned long left = left_in(sv->core, p->from, p->to);
		tui_status(m, sv->save_ok ? TUI_STATUS_INFO : TUI_STATUS_ERROR,
		           "known IDs done in %s: %zu found; f asks the rest of %u..%u (%lu IDs, "
		           "about %s); %s; view 1 polls again",
		           tui_scan_fmt_duration(p->elapsed_s, t, sizeof t), p->found, p->from,
		           p->to, left,
		           tui_scan_fmt_duration(
		                   tui_scan_estimate_ids_s(left, sv->batch_used, sv->baud), t2,
		                   sizeof t2),
		           saved_text(sv, saved, sizeof saved));
		return;
	}
	tui_status(m, sv->save_ok ? TUI_STATUS_INFO : TUI_STATUS_ERROR,
	           "scan done in %s: %zu found, %zu discover%s%s; %s; view 1 polls again",
	           tui_scan_fmt_duration(p->elapsed_s, t, sizeof t), p->found, p->discoveries,
	           p->discoveries == 1 ? "y" : "ies", p->unresolved ? ", IDs left unanswered" : "",
	           saved_text(sv, saved, sizeof saved));
}

void tui_scan_pump(tui_ctl *ctl, uint64_t now_us)
{
	tui_model *m = ctl->model;
	tui_scan_view *sv = tui_scan_state(m);
	if (!sv)
		return;
	take_options(sv, ctl);
	refresh_known(sv, m);
	if (sv->start_req)
		start(ctl, sv, now_us, 1);
	else if (sv->full_req)
		start_rest(ctl, sv, now_us);
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
