/* view_history_draw.c - the body of view 6 (see history_view.h): the
 * choice before a reading, then the progress block and the records as a
 * table (log ID, date, each register's exact value with its unit), with
 * the chart below it on a tall screen or instead of it after c.  Reads
 * the view's snapshot and the model; never the driver or the client.
 * Every state is said in words; colour only repeats it. */
#include <stdio.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/tables.h"
#include "tui/colors.h"
#include "tui/history_view.h"
#include "tui/scan_view.h"
#include "tui/widgets.h"

/* Rows above the table: title, bar, counts, message. */
#define TOP_ROWS 4
/* The widest value column (a 16-byte mantissa of an electricity meter
 * with its unit): longer values are cut with "~". */
#define COL_MAX 24

/* --- before the first reading ----------------------------------------------- */

static void draw_intro(const tui_model *m, const tui_hist_view *hv, WINDOW *w)
{
	char name[32], regs[200];
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	tui_hist_logger_name(hv, name, sizeof name);
	tui_printf(w, 0, 1, A_BOLD, "Logger: %s%s", name,
	           hv->module ? " (logger module, A0..A3)" : " (B8)");
	if (!hv->n_ids) {
		snprintf(regs, sizeof regs, "%s",
		         hv->module ? "none yet (r: a logger module cannot list them)"
		                    : "every one the logger holds");
	} else {
		size_t o = 0;
		for (size_t i = 0; i < hv->n_ids && o < sizeof regs; i++)
			o += (size_t)snprintf(regs + o, sizeof regs - o, "%s%u", i ? "," : "",
			                      hv->ids[i]);
	}
	tui_printf(w, 1, 1, A_NORMAL, "Registers: %s", regs);
	if (hv->last)
		tui_printf(w, 2, 1, A_NORMAL, "Records: the newest %lu", (unsigned long)hv->last);
	else
		tui_printf(w, 2, 1, A_NORMAL, "Records: every one the logger holds");
	tui_printf(w, 4, 1, A_NORMAL, "s  read the logger");
	tui_printf(w, 5, 1, A_NORMAL, "l  another logger (%s)",
	           hv->module ? "the module's log 1-4" : "year, month, day, hour");
	tui_printf(w, 6, 1, A_NORMAL, "r  the registers (60,68)    n  only the newest N records");
	tui_printf(w, 8, 1, dim, "Read-only: B8 GetConfiguration and GetLog (A1/A2 for a module),");
	tui_printf(w, 9, 1, dim, "nothing else. View 1 does not poll while the logger is read;");
	tui_printf(w, 10, 1, dim, "every exchange keeps the optical port awake and costs battery.");
	tui_printf(w, 11, 1, dim, "A day logger of 460 records takes about 1.5 min at 1200 baud.");
}

/* --- the progress block ------------------------------------------------------ */

static const char *state_word(const tui_hist_view *hv, tui_role *role)
{
	*role = TUI_ROLE_OK;
	if (hv->stopped) {
		*role = TUI_ROLE_WARN;
		return "STOPPED";
	}
	switch (hv->p.state) {
	case KMP_HIST_RUNNING:
		return "RUNNING";
	case KMP_HIST_PAUSED:
		*role = hv->p.pause == KMP_HIST_PAUSE_USER ? TUI_ROLE_WARN : TUI_ROLE_ERR;
		return "PAUSED";
	case KMP_HIST_DONE:
		return "DONE";
	case KMP_HIST_FAILED:
		*role = TUI_ROLE_ERR;
		return "FAILED";
	}
	return "";
}

static void draw_title(const tui_model *m, const tui_hist_view *hv, WINDOW *w)
{
	const kmp_hist_progress *p = &hv->p;
	char buf[160];
	size_t o = (size_t)snprintf(buf, sizeof buf, "History: the %s logger", hv->name);
	if (hv->core && hv->core->n_regs)
		o += (size_t)snprintf(buf + o, sizeof buf - o, ", %zu register%s", hv->core->n_regs,
		                      hv->core->n_regs == 1 ? "" : "s");
	if (p->ranged)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "   log IDs %lu..%lu",
		                      (unsigned long)p->lo, (unsigned long)p->hi);
	if (p->pass > 1)
		snprintf(buf + o, sizeof buf - o, "   pass %u", p->pass);
	tui_role role;
	const char *word = state_word(hv, &role);
	int ww = (int)strlen(word) + 2;
	tui_put(w, 0, 1, getmaxx(w) - ww - 2, buf, A_BOLD, 1, 0);
	tui_put(w, 0, getmaxx(w) - ww - 1, ww, word, tui_attr(m, role) | A_BOLD, 1, 1);
}

static void draw_bar(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y)
{
	const kmp_hist_progress *p = &hv->p;
	char tail[64];
	uint32_t done = p->complete + p->known;
	if (!p->ranged) {
		tui_printf(w, y, 1, A_NORMAL,
		           "asking for the logger's registers and range ...  requests %lu   "
		           "failures %lu",
		           p->requests, p->failures);
		return;
	}
	/* rounded down: 100.0% only when every record is read */
	unsigned permille =
	        p->total ? (unsigned)((unsigned long long)done * 1000u / p->total) : 1000u;
	if (permille > 1000)
		permille = 1000;
	snprintf(tail, sizeof tail, " %3u.%u%%  %lu/%lu records", permille / 10, permille % 10,
	         (unsigned long)done, (unsigned long)p->total);
	int width = getmaxx(w) - 1 - 2 - (int)strlen(tail) - 1;
	if (width < 4)
		width = 4;
	tui_role role;
	state_word(hv, &role);
	int full = (int)((long long)permille * width / 1000);
	if (done < p->total && full >= width)
		full = width - 1;
	wattrset(w, A_NORMAL);
	mvwaddstr(w, y, 1, "[");
	for (int i = 0; i < width; i++) {
		wattrset(w, i < full ? tui_attr(m, role) : tui_attr(m, TUI_ROLE_DIM));
		waddstr(w, i < full ? (m->utf8 ? "\u2588" : "#") : (m->utf8 ? "\u00b7" : "."));
	}
	wattrset(w, A_NORMAL);
	waddstr(w, "]");
	waddstr(w, tail);
}

static void draw_counts(const tui_hist_view *hv, WINDOW *w, int y)
{
	const kmp_hist_progress *p = &hv->p;
	char eta[32], el[32];
	tui_scan_fmt_duration(p->elapsed_s, el, sizeof el);
	if (p->state == KMP_HIST_RUNNING && !hv->stopped)
		tui_printf(w, y, 1, A_NORMAL,
		           "requests %lu   failures %lu   rate %.1f rec/s   ETA %s   elapsed %s",
		           p->requests, p->failures, p->rate,
		           tui_scan_fmt_duration(p->eta_s, eta, sizeof eta), el);
	else if (p->state == KMP_HIST_PAUSED && !hv->stopped)
		tui_printf(w, y, 1, A_NORMAL,
		           "requests %lu   failures %lu   rate %.1f rec/s   ETA -- (paused)   "
		           "elapsed %s",
		           p->requests, p->failures, p->rate, el);
	else
		tui_printf(w, y, 1, A_NORMAL,
		           "requests %lu   failures %lu   rate %.1f rec/s   took %s", p->requests,
		           p->failures, p->rate, el);
}

/* One row: why it paused, how it ended, where it was saved. */
static void draw_message(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y)
{
	const kmp_hist_progress *p = &hv->p;
	char buf[512];
	attr_t a = A_NORMAL;
	uint32_t missing = hv->core ? kmp_hist_missing(hv->core) : 0;
	if (hv->stopped) {
		snprintf(buf, sizeof buf,
		         "Stopped with %zu records read: e saves them, s reads again.", hv->n_recs);
		a = tui_attr(m, TUI_ROLE_WARN);
	} else if (p->state == KMP_HIST_FAILED) {
		if (p->error == KMP_HIST_NOT_LOGGED)
			snprintf(buf, sizeof buf, "Failed: the logger does not hold register %u.",
			         hv->core->error_reg);
		else
			snprintf(buf, sizeof buf, "Failed: %s.", kmp_hist_error_text(p->error));
		a = tui_attr(m, TUI_ROLE_ERR);
	} else if (p->state == KMP_HIST_PAUSED) {
		if (p->pause == KMP_HIST_PAUSE_USER)
			snprintf(buf, sizeof buf,
			         "Paused%s. s resumes, x stops (the records stay).",
			         hv->yielded ? " while another view has the link" : " by you");
		else
			snprintf(buf, sizeof buf, "Paused: %s. s resumes, x stops.", p->pause_text);
		a = tui_attr(m, p->pause == KMP_HIST_PAUSE_USER ? TUI_ROLE_WARN : TUI_ROLE_ERR);
	} else if (p->state == KMP_HIST_DONE) {
		size_t o = (size_t)snprintf(buf, sizeof buf, "Done: %zu records", hv->n_recs);
		if (missing)
			o += (size_t)snprintf(buf + o, sizeof buf - o, ", %lu got no valid answer",
			                      (unsigned long)missing);
		if (p->gone)
			o += (size_t)snprintf(buf + o, sizeof buf - o, ", %lu left the logger",
			                      (unsigned long)p->gone);
		if (hv->export_path[0])
			snprintf(buf + o, sizeof buf - o, ". Saved as %s", hv->export_path);
		else
			snprintf(buf + o, sizeof buf - o, ". e saves them as CSV.");
		a = missing ? tui_attr(m, TUI_ROLE_WARN) : A_BOLD;
	} else if (hv->export_path[0]) {
		snprintf(buf, sizeof buf, "Saved so far as %s", hv->export_path);
	} else {
		return;
	}
	tui_put(w, y, 1, getmaxx(w) - 2, buf, a, 0, 0);
}

/* --- the table ---------------------------------------------------------------- */

typedef struct hist_cols {
	tui_hist_dating d;
	size_t vals[KMP_HIST_MAX_REGS]; /* register indexes shown as value columns */
	size_t n_vals;
	int id_w, date_w;
	int w[KMP_HIST_MAX_REGS];
	size_t first, last; /* value columns on screen: first..last-1 */
} hist_cols;

/* The value columns: every register but those the DATE column shows. */
static void value_columns(const kmp_hist *h, hist_cols *c)
{
	tui_hist_find_dating(h, &c->d);
	c->n_vals = tui_hist_value_regs(h, c->vals, KMP_HIST_MAX_REGS);
}

static const char *cell(const tui_model *m, const kmp_hist *h, uint32_t id, size_t reg, char *buf,
                        size_t cap)
{
	kmp_hist_val v;
	if (kmp_hist_value(h, id, reg, &v) != KMP_OK) {
		snprintf(buf, cap, "-");
		return buf;
	}
	return kmp_value_with_unit(&v.v, v.unit, !m->utf8, buf, cap);
}

static void heading_text(const kmp_hist *h, size_t reg, char *buf, size_t cap)
{
	const kmp_register_info *ri = kmp_register_lookup(h->regs[reg]);
	snprintf(buf, cap, "%u%s%s", h->regs[reg], ri ? " " : "", ri ? ri->name : "");
}

static void layout(const tui_model *m, const tui_hist_view *hv, int width, size_t top, int rows,
                   hist_cols *c)
{
	const kmp_hist *h = hv->core;
	char buf[2 * KMP_VALUE_TEXT_MAX];
	value_columns(h, c);
	c->id_w = 6;
	c->date_w = c->d.dt >= 0 || c->d.date >= 0 ? 10 : 0;
	for (size_t k = 0; k < c->n_vals; k++) {
		heading_text(h, c->vals[k], buf, sizeof buf);
		/* the ID and a few letters of the name: the value sets the width */
		c->w[k] = (int)strlen(buf) < 10 ? (int)strlen(buf) : 10;
	}
	/* the widths of the rows on screen (and the newest, the widest
	 * counters) */
	for (int r = -1; r < rows; r++) {
		size_t i = r < 0 ? 0 : top + (size_t)r;
		if (i >= hv->n_recs)
			break;
		uint32_t id = hv->recs[i];
		int iw = snprintf(buf, sizeof buf, "%lu", (unsigned long)id);
		c->id_w = iw > c->id_w ? iw : c->id_w;
		if (c->date_w) {
			int64_t t;
			tui_hist_record_time(h, &c->d, id, &t, buf, sizeof buf);
			int dw = tui_text_width(buf);
			c->date_w = dw > c->date_w ? dw : c->date_w;
		}
		for (size_t k = 0; k < c->n_vals; k++) {
			int vw = tui_text_width(cell(m, h, id, c->vals[k], buf, sizeof buf));
			vw = vw > COL_MAX ? COL_MAX : vw;
			c->w[k] = vw > c->w[k] ? vw : c->w[k];
		}
	}
	/* the marked column on screen: scroll the columns to it */
	int room = width - 2 - c->id_w - 1 - (c->date_w ? c->date_w + 1 : 0);
	size_t sel = hv->col < c->n_vals ? hv->col : (c->n_vals ? c->n_vals - 1 : 0);
	c->first = 0;
	for (;;) {
		int used = 0;
		size_t k = c->first;
		while (k < c->n_vals && used + c->w[k] + 1 <= room)
			used += c->w[k++] + 1;
		if (k == c->first && k < c->n_vals)
			k++; /* one column at least, cut */
		c->last = k;
		if (sel < c->last || c->first >= sel)
			break;
		c->first++;
	}
}

static void draw_heading(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y,
                         const hist_cols *c)
{
	attr_t a = tui_attr(m, TUI_ROLE_HEAD);
	char buf[160];
	int x = 2;
	tui_fill_row(w, y, 0, a);
	x += tui_put(w, y, x, c->id_w, "LOG ID", a, 1, 1) + 1;
	if (c->date_w)
		x += tui_put(w, y, x, c->date_w, "DATE", a, 1, 0) + 1;
	for (size_t k = c->first; k < c->last; k++) {
		heading_text(hv->core, c->vals[k], buf, sizeof buf);
		/* the marked register: underlined and bold, and named under the
		 * table in words */
		attr_t ak = k == hv->col ? a | A_BOLD | A_UNDERLINE : a;
		x += tui_put(w, y, x, c->w[k], buf, ak, 1, 1) + 1;
	}
}

static void draw_record(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y, uint32_t id,
                        const hist_cols *c, int sel)
{
	char buf[2 * KMP_VALUE_TEXT_MAX];
	attr_t norm = sel ? A_REVERSE : A_NORMAL;
	if (sel)
		tui_fill_row(w, y, 0, norm);
	tui_put(w, y, 0, 2, sel ? tui_glyph_str(m, TUI_G_ARROW) : " ", norm, 1, 0);
	int x = 2;
	snprintf(buf, sizeof buf, "%lu", (unsigned long)id);
	x += tui_put(w, y, x, c->id_w, buf, norm, 1, 1) + 1;
	if (c->date_w) {
		int64_t t;
		if (tui_hist_record_time(hv->core, &c->d, id, &t, buf, sizeof buf) != 0)
			snprintf(buf, sizeof buf, "(no date)");
		x += tui_put(w, y, x, c->date_w, buf, norm, 1, 0) + 1;
	}
	for (size_t k = c->first; k < c->last; k++)
		x += tui_put(w, y, x, c->w[k], cell(m, hv->core, id, c->vals[k], buf, sizeof buf),
		             k == hv->col ? norm | A_BOLD : norm, 1, 1) +
		     1;
}

/* Rows for the table (heading and position line included) and for the
 * chart in a body of `body` rows. */
static void split(const tui_hist_view *hv, int body, int *table, int *chart)
{
	int rest = body - TOP_ROWS;
	if (rest < 3)
		rest = 3;
	if (body >= TUI_HIST_BOTH_ROWS) {
		*chart = rest * 2 / 5;
		*table = rest - *chart;
	} else if (hv->chart) {
		*chart = rest;
		*table = 0;
	} else {
		*chart = 0;
		*table = rest;
	}
}

int tui_hist_table_rows(const tui_model *m)
{
	const tui_hist_view *hv = tui_hist_state(m);
	int table, chart;
	if (!hv)
		return 1;
	split(hv, tui_body_rows(m), &table, &chart);
	return table - 2 > 1 ? table - 2 : 1;
}

static void draw_table(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y0, int h)
{
	char range[64], name[160];
	hist_cols c;
	int rows = h - 2 > 1 ? h - 2 : 1;
	if (!hv->core || !hv->n_recs) {
		tui_printf(w, y0 + 1, 2, tui_attr(m, TUI_ROLE_DIM), "%s",
		           tui_hist_under_way(hv)
		                   ? "No record yet: they show here, newest first, as they arrive."
		                   : "No record was read.");
		return;
	}
	size_t n = hv->n_recs;
	size_t top = tui_list_top(&hv->list, n, rows),
	       sel = hv->list.sel < n ? hv->list.sel : n - 1;
	layout(m, hv, getmaxx(w), top, rows, &c);
	draw_heading(m, hv, w, y0, &c);
	for (int i = 0; i < rows && top + (size_t)i < n; i++)
		draw_record(m, hv, w, y0 + 1 + i, hv->recs[top + (size_t)i], &c,
		            top + (size_t)i == sel);
	/* where the rows and the columns shown are */
	name[0] = '\0';
	if (c.n_vals) {
		size_t k = hv->col < c.n_vals ? hv->col : c.n_vals - 1;
		heading_text(hv->core, c.vals[k], name, sizeof name);
	}
	tui_printf(w, y0 + h - 1, 2, tui_attr(m, TUI_ROLE_DIM),
	           "%s   columns %zu-%zu of %zu   %s%s",
	           tui_list_range(&hv->list, n, rows, range, sizeof range), c.first + 1, c.last,
	           c.n_vals, name[0] ? "marked: " : "", name);
}

void tui_hist_draw(const tui_model *m, WINDOW *w)
{
	const tui_hist_view *hv = tui_hist_state(m);
	werase(w);
	if (!hv)
		return;
	if (!hv->shown) {
		draw_intro(m, hv, w);
		return;
	}
	draw_title(m, hv, w);
	draw_bar(m, hv, w, 1);
	draw_counts(hv, w, 2);
	draw_message(m, hv, w, 3);
	int table, chart;
	split(hv, getmaxy(w), &table, &chart);
	if (table)
		draw_table(m, hv, w, TOP_ROWS, table);
	if (chart)
		tui_hist_chart_draw(m, hv, w, TOP_ROWS + table, 0, chart, getmaxx(w));
}
