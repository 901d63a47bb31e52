/* chart.c - a bar chart of values over time (see chart.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/chart.h"
#include "tui/colors.h"
#include "tui/widgets.h"

/* Columns between two time labels, so they read as separate. */
#define LABEL_GAP 3

/* The time of column c of pw: the first point's time at column 0, the
 * last one's at column pw - 1, evenly between. */
static int64_t column_time(int64_t t0, int64_t span, int c, int pw)
{
	if (pw < 2)
		return t0 + span;
	/* long double: exact for spans of whole seconds far beyond any
	 * meter's life, and no overflow in span * c */
	return t0 + (int64_t)((long double)span * c / (pw - 1));
}

static const char *time_text(int64_t t, int dates, char *buf, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, cap, "%s", dates ? "----------" : "--:--:--");
		return buf;
	}
	strftime(buf, cap, dates ? "%Y-%m-%d" : "%H:%M:%S", &tm);
	return buf;
}

/* The time labels under the plot (px, pw): as many as fit with a gap
 * between them, the first under the first column and the last ending
 * under the last, the others centred on the column whose time they
 * give. */
static void draw_axis(WINDOW *win, int row, int px, int pw, int64_t t0, int64_t span, int dates)
{
	char buf[32];
	int tw = dates ? 10 : 8;
	if (pw < tw)
		return;
	int k = (pw + LABEL_GAP) / (tw + LABEL_GAP);
	/* no more labels than distinct times to show (seconds, or days) */
	int64_t distinct = (dates ? span / 86400 : span) + 1;
	if (k > distinct)
		k = (int)distinct;
	if (k < 2) {
		tui_put(win, row, px, tw, time_text(t0, dates, buf, sizeof buf), A_NORMAL, 0, 0);
		return;
	}
	for (int i = 0; i < k; i++) {
		int col = (int)((long)i * (pw - 1) / (k - 1));
		int start = col - tw / 2;
		if (start < 0)
			start = 0;
		if (start > pw - tw)
			start = pw - tw;
		time_text(column_time(t0, span, col, pw), dates, buf, sizeof buf);
		tui_put(win, row, px + start, tw, buf, A_NORMAL, 0, 0);
	}
}

/* Which eighth (0..ph*8) column value v reaches between lo and hi. */
static int bar_level(double v, double lo, double hi, int ph)
{
	if (!isfinite(v))
		return 0;
	return tui_plot_level(v, lo, hi, ph);
}

static void draw_bar(WINDOW *win, int top, int col, int ph, int level, int utf8, attr_t attr)
{
	static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	wattrset(win, attr);
	for (int r = 0; r < ph; r++) {
		int k = level - r * 8;
		k = k < 0 ? 0 : k > 8 ? 8 : k;
		const char *g = utf8 ? eighths[k] : k >= 4 ? "#" : k > 0 ? "." : " ";
		mvwaddstr(win, top + ph - 1 - r, col, g);
	}
	wattrset(win, A_NORMAL);
}

static int label_width(const tui_chart_labels *lab)
{
	int lw = 1;
	const char *t[3] = {lab ? lab->min : NULL, lab ? lab->max : NULL, lab ? lab->unit : NULL};
	for (int i = 0; i < 3; i++)
		if (t[i] && tui_text_width(t[i]) > lw)
			lw = tui_text_width(t[i]);
	return lw;
}

void tui_chart_draw(WINDOW *win, int y, int x, int h, int w, const tui_chart_point *pts, size_t n,
                    const tui_chart_labels *lab, int axis_dates, attr_t attr)
{
	/* keep inside the window whatever the caller asks */
	if (!win || y < 0 || x < 0 || y >= getmaxy(win) || x >= getmaxx(win))
		return;
	if (h > getmaxy(win) - y)
		h = getmaxy(win) - y;
	if (w > getmaxx(win) - x)
		w = getmaxx(win) - x;
	if (h <= 0 || w <= 0)
		return;
	if (n < 2 || !pts) {
		char msg[64];
		snprintf(msg, sizeof msg, "%zu value%s so far: a chart needs 2", n,
		         n == 1 ? "" : "s");
		tui_put(win, y, x, w, msg, attr, 1, 0);
		return;
	}
	if (h < TUI_CHART_MIN_ROWS || w < TUI_CHART_MIN_COLS) {
		tui_put(win, y, x, w, "too small for a chart", attr, 1, 0);
		return;
	}

	/* labels take at most a third of the width; longer ones are cut
	 * with "~" (tui_put), never rounded */
	int lw = label_width(lab);
	if (lw > w / 3)
		lw = w / 3;
	int ph = h - 1, px = x + lw + 1, pw = w - lw - 1;
	int utf8 = tui_locale_utf8();

	for (int r = 0; r < h; r++) /* the box is ours: clear what was there */
		tui_put(win, y + r, x, w, "", A_NORMAL, 1, 0);
	if (lab && lab->max)
		tui_put(win, y, x, lw, lab->max, A_NORMAL, 1, 1);
	if (lab && lab->min)
		tui_put(win, y + ph - 1, x, lw, lab->min, A_NORMAL, 1, 1);
	if (lab && lab->unit && ph >= 3)
		tui_put(win, y + 1, x, lw, lab->unit, A_NORMAL, 1, 1);
	for (int r = 0; r < ph; r++)
		mvwaddch(win, y + r, x + lw, ACS_VLINE);

	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(pts[i].y))
			continue;
		lo = pts[i].y < lo ? pts[i].y : lo;
		hi = pts[i].y > hi ? pts[i].y : hi;
	}
	int64_t t0 = pts[0].t, span = pts[n - 1].t - pts[0].t;
	if (span <= 0) {
		/* no time to spread over: the newest points, one per column */
		size_t shown = n < (size_t)pw ? n : (size_t)pw;
		const tui_chart_point *p = pts + (n - shown);
		for (size_t c = 0; c < shown; c++)
			draw_bar(win, y, px + (int)c, ph, bar_level(p[c].y, lo, hi, ph), utf8,
			         attr);
		draw_axis(win, y + ph, px, pw, pts[n - 1].t, 0, axis_dates);
		return;
	}
	size_t i = 0;
	for (int c = 0; c < pw; c++) {
		int64_t tc = column_time(t0, span, c, pw);
		while (i + 1 < n && pts[i + 1].t <= tc)
			i++;
		draw_bar(win, y, px + c, ph, bar_level(pts[i].y, lo, hi, ph), utf8, attr);
	}
	draw_axis(win, y + ph, px, pw, t0, span, axis_dates);
}
