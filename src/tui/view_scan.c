/* view_scan.c - view 4: find the register IDs the meter answers (issue 6).
 * The keys of the view; they change the view's state and leave requests
 * (start, pause, resume, stop) for the controller side in scan_ctl.c,
 * which alone drives the scanner.  Drawing is in scan_draw.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/scan_view.h"

/* --- state --------------------------------------------------------------- */

static int scan_init(tui_model *m, void **priv)
{
	(void)m;
	tui_scan_view *sv = calloc(1, sizeof *sv);
	if (!sv)
		return -1;
	/* the whole range, like `kmpterm scan`; --scan-range or `r` narrows it */
	sv->from = 0;
	sv->to = 65535;
	sv->batch = KMP_MAX_IDS;
	sv->attempts = KMP_SCAN_ATTEMPTS;
	sv->baud = 1200;
	sv->export_dir = ".";
	sv->known_family = -1; /* the controller side computes sv->known */
	*priv = sv;
	return 0;
}

static void scan_fini(tui_model *m, void *priv)
{
	tui_scan_view *sv = priv;
	(void)m;
	if (!sv)
		return;
	/* the loop has ended: nothing steps the client any more, so no
	 * exchange can call back into the scanner */
	tui_scan_save_close(sv);
	if (sv->have_sc)
		kmp_scanner_free(&sv->sc);
	free(sv->known);
	free(sv);
}

/* A scan that owns the link, as the keys see it. */
static int under_way(const tui_scan_view *sv)
{
	return sv->shown && !sv->stopped && sv->p.state != KMP_SCAN_DONE;
}

static size_t n_found(const tui_scan_view *sv)
{
	return sv->shown && sv->core ? sv->core->n_found : 0;
}

/* Results no file holds: `s` asks before replacing them. */
static int unsaved(const tui_scan_view *sv)
{
	return tui_scan_unsaved(sv);
}

/* --- keys ---------------------------------------------------------------- */

static int range_submit(tui_model *m, const char *text)
{
	tui_scan_view *sv = tui_scan_state(m);
	uint16_t from, to;
	char err[160], t[32];
	if (tui_scan_parse_range(text, &from, &to, err, sizeof err) != 0) {
		tui_status(m, TUI_STATUS_ERROR, "%s", err);
		return -1; /* keep the prompt: fix the typo instead of retyping */
	}
	sv->from = from;
	sv->to = to;
	sv->confirm_new = 0;
	m->dirty |= TUI_DIRTY_PLUGIN;
	tui_status(m, TUI_STATUS_INFO, "range %u..%u (%lu IDs, about %s at %u baud): s starts",
	           from, to, (unsigned long)to - from + 1,
	           tui_scan_fmt_duration(tui_scan_estimate_s(from, to, sv->batch, sv->baud), t,
	                                 sizeof t),
	           sv->baud);
	return 0;
}

static unsigned key_range(tui_model *m, tui_scan_view *sv)
{
	char label[64];
	if (under_way(sv)) {
		tui_status(m, TUI_STATUS_ERROR,
		           "a scan is under way: x stops it, then r sets a range");
		return TUI_R_REDRAW_ALL;
	}
	snprintf(label, sizeof label, "Scan range, now %u-%u (A-B, 0x hex ok): ", sv->from, sv->to);
	tui_prompt_open(m, label, range_submit);
	return TUI_R_REDRAW_ALL;
}

static unsigned key_start(tui_model *m, tui_scan_view *sv)
{
	if (sv->start_req)
		return TUI_R_HANDLED;
	if (under_way(sv)) {
		if (sv->p.state == KMP_SCAN_PAUSED) {
			sv->resume_req = 1;
			sv->pause_req = 0;
			tui_status(m, TUI_STATUS_INFO, "scan resumed");
		} else {
			sv->pause_req = 1;
			sv->resume_req = 0;
			/* the scan still owns the link: x gives it back to view 1 */
			tui_status(m, TUI_STATUS_INFO, "scan paused: s resumes, x stops it");
		}
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	}
	if (unsaved(sv) && !sv->confirm_new) {
		sv->confirm_new = 1;
		tui_status(m, TUI_STATUS_INFO,
		           "s again starts a new scan of %u..%u and drops the %zu registers shown "
		           "(e saves them first)",
		           sv->from, sv->to, n_found(sv));
		return TUI_R_REDRAW_ALL;
	}
	sv->confirm_new = 0;
	sv->start_req = 1;
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

/* `f`: the whole range, one key after the known IDs: what they settled is
 * not asked again (a known pass under way stops first).  With no scan
 * shown, a scan of the whole range at once. */
static unsigned key_full(tui_model *m, tui_scan_view *sv)
{
	if (sv->start_req || sv->full_req)
		return TUI_R_HANDLED;
	if (under_way(sv) && sv->pass != TUI_SCAN_PASS_KNOWN) {
		tui_status(m, TUI_STATUS_INFO, "this scan asks the whole range already");
		return TUI_R_REDRAW_ALL;
	}
	sv->confirm_new = 0;
	sv->full_req = 1;
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

static unsigned key_stop(tui_model *m, tui_scan_view *sv)
{
	if (!under_way(sv)) {
		tui_status(m, TUI_STATUS_INFO, "no scan to stop");
		return TUI_R_REDRAW_ALL;
	}
	sv->stop_req = 1;
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

static unsigned key_export(tui_model *m, tui_scan_view *sv)
{
	struct timespec wall;
	char path[sizeof sv->export_path], err[400];
	clock_gettime(CLOCK_REALTIME, &wall);
	/* a file, not the meter: written here, at once, so the message can
	 * say where it went */
	if (tui_scan_export(sv, &wall, path, sizeof path, err, sizeof err) != 0) {
		tui_status(m, TUI_STATUS_ERROR, "%s", err);
		return TUI_R_REDRAW_ALL;
	}
	snprintf(sv->export_path, sizeof sv->export_path, "%s", path);
	sv->exported_gen = sv->core->found_gen + 1;
	sv->confirm_new = 0;
	tui_scan_note_unsaved(m, sv);
	m->dirty |= TUI_DIRTY_PLUGIN;
	if (under_way(sv) || sv->stopped)
		tui_status(m, TUI_STATUS_INFO,
		           "wrote %zu registers so far to %s (scan --out %s --resume goes on)",
		           sv->core->n_found, path, path);
	else
		tui_status(m, TUI_STATUS_INFO, "wrote %zu register%s to %s", sv->core->n_found,
		           sv->core->n_found == 1 ? "" : "s", path);
	return TUI_R_REDRAW_ALL;
}

/* Add found registers to the live table of view 1: the selected one, or
 * all of them. */
static unsigned key_add(tui_model *m, tui_scan_view *sv, int all)
{
	size_t n = n_found(sv), added = 0, had = 0, full = 0;
	if (!n) {
		tui_status(m, TUI_STATUS_INFO, "no register found yet to add");
		return TUI_R_REDRAW_ALL;
	}
	size_t first = all ? 0 : (sv->list.sel < n ? sv->list.sel : n - 1);
	size_t last = all ? n : first + 1;
	for (size_t i = first; i < last; i++) {
		uint16_t id = sv->core->found[i].id;
		int r = tui_regs_add(&m->regs, &id, 1);
		if (r < 0)
			full++;
		else if (r == 0)
			had++;
		else
			added++;
	}
	if (added) {
		m->poll.set_changed = 1;
		m->dirty |= TUI_DIRTY_REGS | TUI_DIRTY_PLUGIN;
	}
	const char *when = tui_owner_claims(&m->owners, TUI_OWNER_SCANNER)
	                           ? "read once the scan ends"
	                           : "reading now";
	if (full)
		tui_status(m, TUI_STATUS_ERROR,
		           "added %zu to view 1; %zu did not fit (the live table holds %d)", added,
		           full, TUI_MAX_REGS);
	else if (!all && added)
		tui_status(m, TUI_STATUS_INFO, "added %u to the live table (view 1); %s",
		           sv->core->found[first].id, when);
	else if (added)
		tui_status(m, TUI_STATUS_INFO, "added %zu registers to the live table (view 1); %s",
		           added, when);
	else
		tui_status(m, TUI_STATUS_INFO, "already in the live table (view 1)");
	(void)had;
	return TUI_R_REDRAW_ALL | (added ? TUI_R_WAKE : 0);
}

static unsigned scan_key(tui_model *m, int ch)
{
	tui_scan_view *sv = tui_scan_state(m);
	if (!sv)
		return TUI_R_IGNORED;
	unsigned r = tui_list_key(&sv->list, n_found(sv), tui_scan_table_rows(m), ch);
	if (r != TUI_R_IGNORED)
		return r;
	switch (ch) {
	case 'r':
		return key_range(m, sv);
	case ' ':
		/* space pauses in views 1 and 2 too; it never starts a scan */
		if (!under_way(sv))
			return TUI_R_HANDLED;
		return key_start(m, sv);
	case 's':
		return key_start(m, sv);
	case 'f':
		return key_full(m, sv);
	case 'x':
		return key_stop(m, sv);
	case 'e':
		return key_export(m, sv);
	case '+':
	case 'a':
		return key_add(m, sv, 0);
	case 'A':
		return key_add(m, sv, 1);
	}
	return TUI_R_IGNORED;
}

static const char *scan_footer(const tui_model *m)
{
	const tui_scan_view *sv = tui_scan_state(m);
	if (!sv || !sv->shown)
		return "s known IDs first  f whole range  r range";
	if (under_way(sv) && sv->pass == TUI_SCAN_PASS_KNOWN)
		return sv->p.state == KMP_SCAN_PAUSED
		               ? "s resume  f whole range  x stop  e export  + add  A add all"
		               : "s pause  f whole range  x stop  e export  + add  A add all";
	if (under_way(sv))
		return sv->p.state == KMP_SCAN_PAUSED
		               ? "s resume  x stop  e export  + add  A add all"
		               : "s pause  x stop  e export  + add  A add all";
	if (sv->core && sv->core->only)
		return "f rest of range  s new scan  r range  e export  + add  A add all";
	if (sv->stopped)
		return "f go on  s new scan  r range  e export  + add  A add all";
	return "s new scan  r range  e export  + add to view 1  A add all";
}

static const char *const scan_help[] = {
        "r           scan range: A-B, decimal or 0x hex (0-2000, 0x3E8-0x7D0)",
        "s           start: the family's known IDs first; pause / resume (space)",
        "f           the rest of the range, skipping what is settled",
        "x           stop the scan (what was found stays)",
        "e           export to another ./kmpterm-scan-DATE-TIME.csv, as scan --out",
        "+ a         add the selected register to the live table (view 1)",
        "A           add every register found to the live table",
        "Up Down j k select a register (PgUp PgDn Home End)",
        "            View 1 does not poll while a scan runs; q asks first.",
        "            s saves the scan as it goes to ./kmpterm-scan-DATE-TIME.csv "
        "(scan --out FILE --resume continues it); q asks when it could not.",
        "            The scan sends GetRegister only: it cannot change the meter.",
        NULL,
};

const tui_view_ops tui_view_scan = {
        .name = "Scan",
        .help = scan_help,
        /* REGS: the "IN 1" column follows the live table */
        .redraw_on = TUI_DIRTY_PLUGIN | TUI_DIRTY_VIEW | TUI_DIRTY_REGS,
        .init = scan_init,
        .fini = scan_fini,
        .draw = tui_scan_draw,
        .key = scan_key,
        .footer = scan_footer,
        .pump = tui_scan_pump,
        .wake_us = tui_scan_wake_us,
        .live_only = 1,
};
