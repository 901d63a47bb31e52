/* view_identify.c - view 5, "Identify" (see identify_view.h): the view's
 * table, its keys, and its controller side, which drives the identify
 * engine while the view is shown.  The body is drawn in identify_draw.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/controller.h"
#include "tui/identify_view.h"
#include "tui/view.h"

/* The elapsed time on screen counts in tenths while it runs. */
#define IDENTIFY_REDRAW_US 200000u

tui_identify *tui_identify_state(const tui_model *m)
{
	return tui_view_data(m, &tui_view_identify);
}

/* ---- model side ---------------------------------------------------------- */

static int identify_init(tui_model *m, void **priv)
{
	(void)m;
	tui_identify *v = calloc(1, sizeof *v);
	if (!v)
		return -1;
	*priv = v;
	return 0;
}

static void identify_fini(tui_model *m, void *priv)
{
	(void)m;
	tui_identify *v = priv;
	if (!v)
		return;
	/* after the loop: the client is never stepped again, so no callback
	 * can reach v; a run still going is abandoned */
	if (v->running)
		kmp_identify_stop(&v->id, kmp_now_us());
	free(v);
}

static unsigned scroll_to(tui_model *m, tui_identify *v, int row)
{
	int max = tui_identify_rows(m, m->cols) - tui_body_rows(m);
	if (row > max)
		row = max;
	if (row < 0)
		row = 0;
	if (row == v->scroll)
		return TUI_R_HANDLED;
	v->scroll = row;
	return TUI_R_REDRAW;
}

static unsigned identify_key(tui_model *m, int ch)
{
	tui_identify *v = tui_identify_state(m);
	if (!v)
		return TUI_R_IGNORED;
	switch (ch) {
	case 'r':
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (v->running || v->waiting) {
			tui_status(m, TUI_STATUS_INFO, "identify is running (s stops it)");
			return TUI_R_HANDLED;
		}
		v->start_req = 1;
		v->scroll = 0;
		m->dirty |= TUI_DIRTY_PLUGIN;
		return TUI_R_REDRAW | TUI_R_WAKE;
	case 's':
	case 27: /* Esc */
		if (!v->running && !v->waiting)
			return TUI_R_IGNORED;
		v->stop_req = 1;
		return TUI_R_HANDLED | TUI_R_WAKE;
	case KEY_UP:
		return scroll_to(m, v, v->scroll - 1);
	case KEY_DOWN:
		return scroll_to(m, v, v->scroll + 1);
	case KEY_PPAGE:
		return scroll_to(m, v, v->scroll - tui_body_rows(m) / 2);
	case KEY_NPAGE:
		return scroll_to(m, v, v->scroll + tui_body_rows(m) / 2);
	}
	return TUI_R_IGNORED;
}

static const char *identify_footer(const tui_model *m)
{
	const tui_identify *v = tui_identify_state(m);
	if (v && (v->running || v->waiting))
		return "s stop (the line goes back)  Up/Down scroll";
	return "r run again  Up/Down scroll";
}

static uint64_t identify_next_redraw(const tui_model *m)
{
	const tui_identify *v = tui_identify_state(m);
	return v && v->running ? m->now_us + IDENTIFY_REDRAW_US : 0;
}

static const char *const identify_help[] = {
        "What is on this line: the same steps as `kmpterm identify`.  Listens,",
        "asks GetType at 1200 8N2, then 1200 8N1, 2400 8N2, 9600 8N1 and the",
        "legacy protocol; each try shows as it ends, then the verdict, what to",
        "do and the config file lines.  It owns the link while it runs (view 1",
        "waits) and runs while the view is shown: the first visit starts it.",
        "Afterwards the terminal reads at the settings found, or at its own.",
        "Over TCP the settings are the bridge's: it classifies only.",
        "r Enter     run it again",
        "s Esc       stop it (the line goes back to the terminal's settings)",
        "Up/Down     scroll (PgUp/PgDn: half a page)",
        NULL,
};

/* ---- controller side ----------------------------------------------------- */

static void line_text(const kmp_link_config *l, char *buf, size_t cap)
{
	kmp_id_line_text(l, buf, cap);
}

/* The link is claimed first: a poll round under way gives way in this
 * same turn, and the meter identity's question still queued is dropped
 * (asked again later).  The engine starts once the client is free: it
 * counts every byte it hears before its first request as what the line
 * says by itself, so the echo or the late reply of someone else's
 * exchange must be over by then. */
static void claim(tui_ctl *ctl, tui_identify *v)
{
	tui_model *m = ctl->model;
	v->start_req = 0;
	v->started = 1;
	v->waiting = 1;
	tui_owner_claim(&m->owners, TUI_OWNER_IDENTIFY);
	if (ctl->ident.in_flight) {
		kmp_client_detach(ctl->client);
		ctl->ident.in_flight = 0;
	}
	snprintf(v->progress, sizeof v->progress, "waiting for the exchange under way");
	m->dirty |= TUI_DIRTY_PLUGIN | TUI_DIRTY_HEADER | TUI_DIRTY_STATUS;
}

static void start(tui_ctl *ctl, tui_identify *v, uint64_t now)
{
	tui_model *m = ctl->model;
	v->waiting = 0;
	kmp_identify_start(&v->id, ctl->client, KMP_FAMILY_UNKNOWN, now);
	v->running = 1;
	v->ran = 0;
	v->stopped = 0;
	v->restore = 0;
	v->after[0] = '\0';
	v->seen_tried = 0;
	v->seen_step = -1;
	m->dirty |= TUI_DIRTY_PLUGIN | TUI_DIRTY_HEADER | TUI_DIRTY_STATUS;
}

/* After the verdict: the terminal reads at settings that work, and says
 * which. */
static void settle_line(tui_ctl *ctl, tui_identify *v)
{
	tui_model *m = ctl->model;
	const kmp_identify *id = &v->id;
	char was[32], now_line[32];
	kmp_link_config cur;
	kmp_client_line(ctl->client, &cur);
	line_text(&id->original, was, sizeof was);
	line_text(&cur, now_line, sizeof now_line);
	v->line = id->original;
	if (id->tcp) {
		snprintf(v->after, sizeof v->after,
		         "over TCP the serial settings are the bridge's: nothing was changed");
	} else if (v->stopped) {
		v->restore = 1;
		snprintf(v->after, sizeof v->after, "stopped: the line goes back to %s", was);
	} else if (id->verdict == KMP_ID_KMP) {
		v->line = cur;
		if (strcmp(was, now_line) != 0)
			snprintf(v->after, sizeof v->after,
			         "the terminal now reads at %s (it started at %s): keep the "
			         "config lines",
			         now_line, was);
		else
			snprintf(v->after, sizeof v->after, "the terminal reads at %s, as before",
			         now_line);
	} else if (id->verdict == KMP_ID_LEGACY) {
		/* view 1 speaks KMP: back to the settings it started with */
		v->restore = 1;
		snprintf(v->after, sizeof v->after,
		         "view 1 reads KMP: the line goes back to %s; read this meter with "
		         "kmpterm --protocol legacy read",
		         was);
	} else {
		/* the engine put it back already; make sure */
		v->restore = strcmp(was, now_line) != 0;
		snprintf(v->after, sizeof v->after, "nothing answered: the line is back at %s",
		         was);
	}
	tui_status(m, TUI_STATUS_INFO, "identify: %s; %s", kmp_id_verdict_name(id->verdict),
	           v->after);
}

static void finish(tui_ctl *ctl, tui_identify *v)
{
	tui_model *m = ctl->model;
	v->running = 0;
	v->ran = 1;
	settle_line(ctl, v);
	if (!v->restore)
		tui_owner_release(&m->owners, TUI_OWNER_IDENTIFY);
	if (v->id.verdict == KMP_ID_KMP) {
		/* the family found names info-code flags from now on, unless
		 * --family (or a profile) said otherwise */
		if (m->family == KMP_FAMILY_UNKNOWN)
			m->family = (int)v->id.family;
		/* the header's identity and the values, at the settings found */
		ctl->ident.want_type = ctl->ident.want_serial = 1;
		ctl->ident.attempts = 0;
		ctl->poller.due_now = 1;
	}
	m->dirty |= TUI_DIRTY_PLUGIN | TUI_DIRTY_HEADER | TUI_DIRTY_STATUS;
}

/* The line goes back once the client is free (an exchange still on the
 * wire runs out at the settings it went out with); nobody else sends
 * until then. */
static void restore_line(tui_ctl *ctl, tui_identify *v)
{
	tui_model *m = ctl->model;
	char err[200];
	if (kmp_client_busy(ctl->client))
		return;
	if (kmp_client_set_line(ctl->client, &v->line, err, sizeof err) != KMP_OK)
		tui_status(m, TUI_STATUS_ERROR, "could not put the line back: %s", err);
	v->restore = 0;
	tui_owner_release(&m->owners, TUI_OWNER_IDENTIFY);
	m->dirty |= TUI_DIRTY_HEADER;
}

static void identify_on_event(tui_ctl *ctl, const kmp_event *ev)
{
	tui_identify *v = tui_identify_state(ctl->model);
	if (v && v->running)
		kmp_identify_on_event(&v->id, ev);
}

static void identify_pump(tui_ctl *ctl, uint64_t now)
{
	tui_model *m = ctl->model;
	tui_identify *v = tui_identify_state(m);
	if (!v)
		return;
	int shown = tui_current_view(m) == &tui_view_identify;
	if (shown && !v->started && !v->running)
		v->start_req = 1; /* "press 5 to identify" */
	if (!shown && (v->running || v->waiting))
		v->stop_req = 1;
	if (v->stop_req) {
		v->stop_req = 0;
		v->start_req = 0;
		if (v->waiting) {
			v->waiting = 0;
			tui_owner_release(&m->owners, TUI_OWNER_IDENTIFY);
			m->dirty |= TUI_DIRTY_PLUGIN | TUI_DIRTY_HEADER;
		}
		if (v->running) {
			kmp_identify_stop(&v->id, now);
			v->stopped = 1;
			finish(ctl, v);
		}
	}
	if (v->restore)
		restore_line(ctl, v);
	if (v->start_req && !v->restore && shown) {
		if (m->link.connected)
			claim(ctl, v);
		else
			snprintf(v->progress, sizeof v->progress, "waiting for the link");
	}
	if (v->waiting && !kmp_client_busy(ctl->client))
		start(ctl, v, now);
	if (!v->running)
		return;
	kmp_identify_pump(&v->id, now);
	kmp_identify_progress(&v->id, v->progress, sizeof v->progress);
	if (v->id.n_tried != v->seen_tried || v->id.step != v->seen_step) {
		v->seen_tried = v->id.n_tried;
		v->seen_step = v->id.step;
		m->dirty |= TUI_DIRTY_PLUGIN;
	}
	if (kmp_identify_done(&v->id))
		finish(ctl, v);
}

static uint64_t identify_wake(const tui_ctl *ctl)
{
	const tui_identify *v = tui_identify_state(ctl->model);
	return v && v->running ? kmp_identify_wake_us(&v->id) : 0;
}

const tui_view_ops tui_view_identify = {
        .name = "Identify",
        .help = identify_help,
        .redraw_on = TUI_DIRTY_PLUGIN,
        .init = identify_init,
        .fini = identify_fini,
        .draw = tui_identify_draw,
        .key = identify_key,
        .footer = identify_footer,
        .next_redraw_us = identify_next_redraw,
        .on_event = identify_on_event,
        .pump = identify_pump,
        .wake_us = identify_wake,
        .live_only = 1,
};
