/* view_history.c - view 6: the meter's own data logger (issue 13).  The
 * keys of the view; they change the choice (logger, registers, newest N)
 * and leave requests (start, pause, resume, stop) for the controller side
 * in view_history_ctl.c, which alone drives the reading.  Drawing is in
 * view_history_draw.c and view_history_chart.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kmp/logger_msg.h"
#include "kmp/parse.h"
#include "tui/history_view.h"

/* --- state --------------------------------------------------------------- */

static int hist_init(tui_model *m, void **priv)
{
	(void)m;
	tui_hist_view *hv = calloc(1, sizeof *hv);
	if (!hv)
		return -1;
	/* the day logger, every register it holds: `kmpterm history`'s default */
	hv->logger = KMP_LOGGER_DAY;
	hv->attempts = KMP_HIST_ATTEMPTS;
	hv->export_dir = ".";
	*priv = hv;
	return 0;
}

static void hist_fini(tui_model *m, void *priv)
{
	tui_hist_view *hv = priv;
	(void)m;
	if (!hv)
		return;
	/* the loop has ended: nothing steps the client any more */
	if (hv->have_hd)
		kmp_history_free(&hv->hd);
	free(hv->recs);
	free(hv);
}

/* --- the choice ------------------------------------------------------------ */

static int refuse_under_way(tui_model *m, const tui_hist_view *hv, const char *what)
{
	if (!tui_hist_under_way(hv))
		return 0;
	tui_status(m, TUI_STATUS_ERROR, "a reading is under way: x stops it, then %s", what);
	return 1;
}

static void say_choice(tui_model *m, const tui_hist_view *hv)
{
	char name[32];
	tui_hist_logger_name(hv, name, sizeof name);
	if (hv->n_ids)
		tui_status(m, TUI_STATUS_INFO,
		           "next reading: the %s logger, %zu register%s: s starts", name, hv->n_ids,
		           hv->n_ids == 1 ? "" : "s");
	else
		tui_status(m, TUI_STATUS_INFO,
		           "next reading: the %s logger, every register it holds: s starts", name);
}

static int regs_submit(tui_model *m, const char *text)
{
	tui_hist_view *hv = tui_hist_state(m);
	char err[160];
	uint16_t ids[KMP_HIST_MAX_REGS];
	size_t n = 0;
	if (tui_hist_parse_regs(text, hv->module, ids, &n, err, sizeof err) != 0) {
		tui_status(m, TUI_STATUS_ERROR, "%s", err);
		return -1; /* keep the prompt: fix the typo instead of retyping */
	}
	memcpy(hv->ids, ids, n * sizeof ids[0]);
	hv->n_ids = n;
	m->dirty |= TUI_DIRTY_PLUGIN;
	say_choice(m, hv);
	return 0;
}

static int last_submit(tui_model *m, const char *text)
{
	tui_hist_view *hv = tui_hist_state(m);
	uint64_t v = 0;
	const char *s = text;
	while (*s == ' ')
		s++;
	if (*s && (kmp_parse_uint(s, 0xFFFFFFFFu, &v) != KMP_OK || v == 0)) {
		tui_status(m, TUI_STATUS_ERROR, "'%s': a number of records 1..4294967295, or empty",
		           s);
		return -1;
	}
	hv->last = (uint32_t)v;
	m->dirty |= TUI_DIRTY_PLUGIN;
	if (v)
		tui_status(m, TUI_STATUS_INFO, "the newest %lu records: s starts",
		           (unsigned long)v);
	else
		tui_status(m, TUI_STATUS_INFO, "every record the logger holds: s starts");
	return 0;
}

static unsigned key_logger(tui_model *m, tui_hist_view *hv)
{
	if (refuse_under_way(m, hv, "l picks another logger"))
		return TUI_R_REDRAW_ALL;
	tui_hist_next_logger(hv);
	m->dirty |= TUI_DIRTY_PLUGIN;
	say_choice(m, hv);
	return TUI_R_REDRAW_ALL;
}

static unsigned key_regs(tui_model *m, tui_hist_view *hv)
{
	if (refuse_under_way(m, hv, "r sets the registers"))
		return TUI_R_REDRAW_ALL;
	tui_prompt_open(m,
	                hv->module ? "Registers (60,68): "
	                           : "Registers (60,68; empty: all the logger holds): ",
	                regs_submit);
	return TUI_R_REDRAW_ALL;
}

static unsigned key_last(tui_model *m, tui_hist_view *hv)
{
	if (refuse_under_way(m, hv, "n sets how many"))
		return TUI_R_REDRAW_ALL;
	tui_prompt_open(m, "Newest N records (empty: all): ", last_submit);
	return TUI_R_REDRAW_ALL;
}

/* --- the reading ----------------------------------------------------------- */

static unsigned key_start(tui_model *m, tui_hist_view *hv)
{
	if (hv->start_req)
		return TUI_R_HANDLED;
	if (tui_hist_under_way(hv)) {
		if (hv->p.state == KMP_HIST_PAUSED) {
			hv->resume_req = 1;
			hv->pause_req = 0;
			tui_status(m, TUI_STATUS_INFO, "history resumed");
		} else {
			hv->pause_req = 1;
			hv->resume_req = 0;
			tui_status(m, TUI_STATUS_INFO, "history paused: s resumes, x stops it");
		}
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	}
	if (hv->module && !hv->n_ids) {
		tui_status(m, TUI_STATUS_ERROR,
		           "a logger module has no command that lists its registers: r sets them");
		return TUI_R_REDRAW_ALL;
	}
	hv->start_req = 1;
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

static unsigned key_stop(tui_model *m, tui_hist_view *hv)
{
	if (!tui_hist_under_way(hv)) {
		tui_status(m, TUI_STATUS_INFO, "no reading to stop");
		return TUI_R_REDRAW_ALL;
	}
	hv->stop_req = 1;
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

static unsigned key_export(tui_model *m, tui_hist_view *hv)
{
	struct timespec wall;
	char path[sizeof hv->export_path], err[400];
	clock_gettime(CLOCK_REALTIME, &wall);
	/* a file, not the meter: written here, at once, so the message can
	 * say where it went */
	if (tui_hist_export(hv, &wall, path, sizeof path, err, sizeof err) != 0) {
		tui_status(m, TUI_STATUS_ERROR, "%s", err);
		return TUI_R_REDRAW_ALL;
	}
	snprintf(hv->export_path, sizeof hv->export_path, "%s", path);
	hv->exported_n = hv->n_recs + 1;
	tui_owner_set_unsaved(&m->owners, TUI_OWNER_HISTORY, 0);
	m->dirty |= TUI_DIRTY_PLUGIN;
	if (tui_hist_under_way(hv) || kmp_hist_missing(hv->core))
		tui_status(m, TUI_STATUS_INFO,
		           "wrote %zu records so far to %s (history --out %s --resume goes on)",
		           hv->n_recs, path, path);
	else
		tui_status(m, TUI_STATUS_INFO, "wrote %zu record%s to %s", hv->n_recs,
		           hv->n_recs == 1 ? "" : "s", path);
	return TUI_R_REDRAW_ALL;
}

/* Left/Right: the register whose column is marked and whose chart is
 * drawn. */
static unsigned key_column(tui_model *m, tui_hist_view *hv, int step)
{
	size_t idx[KMP_HIST_MAX_REGS];
	size_t n = tui_hist_value_regs(hv->core, idx, KMP_HIST_MAX_REGS);
	if (!n)
		return TUI_R_HANDLED;
	size_t before = hv->col;
	if (step < 0)
		hv->col = hv->col ? hv->col - 1 : 0;
	else if (hv->col + 1 < n)
		hv->col++;
	if (hv->col == before)
		return TUI_R_HANDLED;
	m->dirty |= TUI_DIRTY_PLUGIN;
	return TUI_R_REDRAW;
}

static unsigned hist_key(tui_model *m, int ch)
{
	tui_hist_view *hv = tui_hist_state(m);
	if (!hv)
		return TUI_R_IGNORED;
	if (!hv->chart || tui_body_rows(m) >= TUI_HIST_BOTH_ROWS) {
		unsigned r = tui_list_key(&hv->list, hv->n_recs, tui_hist_table_rows(m), ch);
		if (r != TUI_R_IGNORED)
			return r;
	}
	switch (ch) {
	case 'l':
		return key_logger(m, hv);
	case 'r':
		return key_regs(m, hv);
	case 'n':
		return key_last(m, hv);
	case ' ':
		/* space pauses in the other views too; it never starts a reading */
		if (!tui_hist_under_way(hv))
			return TUI_R_HANDLED;
		return key_start(m, hv);
	case 's':
		return key_start(m, hv);
	case 'x':
		return key_stop(m, hv);
	case 'e':
		return key_export(m, hv);
	case 'c':
		hv->chart = !hv->chart;
		m->dirty |= TUI_DIRTY_PLUGIN;
		return TUI_R_REDRAW_ALL;
	case KEY_LEFT:
	case '<':
		return key_column(m, hv, -1);
	case KEY_RIGHT:
	case '>':
		return key_column(m, hv, 1);
	}
	return TUI_R_IGNORED;
}

static const char *hist_footer(const tui_model *m)
{
	const tui_hist_view *hv = tui_hist_state(m);
	if (!hv || !hv->shown)
		return "s read  l logger  r registers  n newest N";
	if (tui_hist_under_way(hv))
		return hv->p.state == KMP_HIST_PAUSED
		               ? "s resume  x stop  e export  c chart  Left/Right register"
		               : "s pause  x stop  e export  c chart  Left/Right register";
	return "e export  c chart  Left/Right register  s read again  l logger  r registers";
}

static const char *const hist_help[] = {
        "l           logger: year, month, day, hour (-a 0x7F/0xBF: module log 1-4)",
        "r           registers to read: 60,68 (empty: every one the logger holds)",
        "n           only the newest N records (empty: all)",
        "s           read the logger; during it, pause / resume (space too)",
        "x           stop the reading (what was read stays)",
        "e           export to ./kmpterm-history-DATE-TIME.csv, as history --out",
        "c           the chart of the marked register (with the table from 40 rows)",
        "Left Right  mark a register: its column and its chart (< > too)",
        "Up Down j k scroll the records (PgUp PgDn Home End)",
        "            View 1 does not poll while a reading runs; q asks first, and",
        "            again while records are not exported.",
        "            Reads only (B8 05/06/07, A1/A2): it cannot change the meter.",
        NULL,
};

const tui_view_ops tui_view_history = {
        .name = "History",
        .help = hist_help,
        .redraw_on = TUI_DIRTY_PLUGIN | TUI_DIRTY_VIEW,
        .init = hist_init,
        .fini = hist_fini,
        .draw = tui_hist_draw,
        .key = hist_key,
        .footer = hist_footer,
        .pump = tui_hist_pump,
        .wake_us = tui_hist_wake_us,
        .live_only = 1,
};
