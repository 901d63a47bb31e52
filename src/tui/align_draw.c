/* align_draw.c - the Align view's body (see align.h), drawn from the view's
 * state and the prober's statistics only.
 *
 *   row 0      what the prober is doing (the 1.6 s pause is said here)
 *   left pane  big success figure (last 20 probes / 5 s) with the verdict
 *              in words (the band of the smoothed rate, which the hint
 *              follows, and which way it moves when the two disagree), the
 *              smoothed value, best, rate, latency, last class; bars for
 *              the last 20 probes and the last 5 s with threshold marks;
 *              counts per class; the history strip of the last 60 s; on a
 *              tall screen the latency histogram
 *   right      under --sim, the head over the meter's window
 *   bottom     the hint, then the bell and the held register polling
 *
 * Rows are given up in a fixed order when the window is short, so 80x24
 * shows everything and smaller screens keep what matters most; a tall
 * screen gets a taller history and the latency histogram. */
#include <stdio.h>
#include <string.h>

#include "tui/align.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/widgets.h"

#define LABEL_W 9  /* "last 5 s " before the bars and the history */
#define VALUE_W 12 /* " 100 % of 20" after the bars */
#define HINT_MAX 3 /* rows a hint may wrap to */
#define COUNTS_MAX 3
#define HIST_MIN 3  /* rows of the history strip at 80x24 */
#define HIST_MAX 12 /* ... and at most, on a tall screen */
#define LAT_MIN 3   /* rows of the latency histogram, when there is room */
#define LAT_MAX 6

typedef struct layout {
	int width, height;
	int grid;   /* the head grid on the right */
	int left_w; /* columns of the left pane */
	int big;    /* rows of the figure: TUI_ALIGN_BIG_ROWS, or 1 */
	int gap1, gap2;
	int marks;  /* threshold labels under the bars */
	int counts; /* rows of class counts */
	int hist;   /* rows of the history plot (an axis row follows) */
	int lat;    /* rows of the latency histogram (a gap before, an axis after); 0 none */
	int hint;   /* rows of hint */
	int bottom; /* the bell line */
} layout;

/* ---- text helpers -------------------------------------------------------- */

/* Split s into lines of at most width columns at spaces; returns how many
 * lines it takes (up to max), start/len of each in off/len. */
static int wrap(const char *s, int width, int max, int *off, int *len)
{
	int n = 0, pos = 0, total = (int)strlen(s);
	while (pos < total && n < max) {
		while (s[pos] == ' ')
			pos++;
		int end = pos + width;
		if (end >= total) {
			end = total;
		} else {
			int cut = end;
			while (cut > pos && s[cut] != ' ')
				cut--;
			end = cut > pos ? cut : end; /* a word longer than the line is cut */
		}
		off[n] = pos;
		len[n] = end - pos;
		n++;
		pos = end;
	}
	return n;
}

/* Class counts as "OK 12", "ECHO ONLY 3", ... laid out in rows of width;
 * draws them when w is not NULL.  Returns the rows used. */
static int counts_rows(const tui_model *m, WINDOW *w, int y, int x, int width,
                       const kmp_probe_snapshot *s, int max_rows)
{
	int row = 0, cx = 0;
	for (int c = 0; c < KMP_PROBE_NCLASS; c++) {
		char item[48];
		int n = snprintf(item, sizeof item, "%s %lu",
		                 kmp_probe_class_name((kmp_probe_class)c), s->count[c]);
		if (cx && cx + 3 + n > width) {
			row++;
			cx = 0;
		}
		if (row >= max_rows)
			return max_rows;
		if (w) {
			/* the newest probe's class is marked in the counts too */
			attr_t a = s->has_last && s->last == (kmp_probe_class)c
			                   ? A_BOLD | A_UNDERLINE
			                   : A_NORMAL;
			if (c == KMP_PROBE_OK)
				a |= tui_attr(m, s->count[c] ? TUI_ROLE_OK : TUI_ROLE_NORMAL);
			tui_put(w, y + row, x + cx + (cx ? 3 : 0), width - cx, item, a, 0, 0);
		}
		cx += (cx ? 3 : 0) + n;
	}
	return row + 1;
}

static const char *pct(double rate, char *buf, size_t cap)
{
	if (rate < 0)
		snprintf(buf, cap, "--");
	else
		snprintf(buf, cap, "%.0f", rate * 100);
	return buf;
}

/* ---- layout -------------------------------------------------------------- */

static int pane_rows(const layout *l)
{
	int r = l->big + l->gap1 + 2 + l->marks + l->counts + l->gap2;
	return r + (l->hist ? l->hist + 1 : 0) + (l->lat ? l->lat + 2 : 0);
}

static int total_rows(const layout *l)
{
	int pane = pane_rows(l);
	if (l->grid && pane < TUI_ALIGN_GRID_ROWS + 1)
		pane = TUI_ALIGN_GRID_ROWS + 1;
	return 1 + pane + l->hint + l->bottom;
}

/* Everything at full size, then rows given up, least useful first, until
 * it fits in height. */
static void fit(const tui_model *m, const char *hint, const kmp_probe_snapshot *s, int grid,
                int big, int width, int height, layout *l)
{
	int off[HINT_MAX], len[HINT_MAX];
	memset(l, 0, sizeof *l);
	l->width = width;
	l->height = height;
	l->grid = grid;
	l->left_w = grid ? width - TUI_ALIGN_GRID_COLS - 2 : width;
	l->big = big;
	l->gap1 = l->gap2 = 1;
	l->marks = 1;
	l->counts = counts_rows(m, NULL, 0, 0, l->left_w, s, COUNTS_MAX);
	l->hist = HIST_MIN;
	l->hint = wrap(hint, width - 6, HINT_MAX, off, len);
	l->bottom = 1;
	int *order[] = {&l->gap2, &l->gap1, &l->hist,   &l->hist,   &l->marks, &l->hint,
	                &l->hint, &l->hist, &l->bottom, &l->counts, &l->counts};
	for (size_t i = 0; i < sizeof order / sizeof order[0] && total_rows(l) > height; i++)
		if (*order[i] > 0 && !(order[i] == &l->hint && l->hint == 1) &&
		    !(order[i] == &l->counts && l->counts == 1))
			(*order[i])--;
	/* room to spare: the latency histogram, then a taller history */
	int spare = height - total_rows(l);
	if (l->hist == HIST_MIN && spare >= LAT_MIN + 2) {
		l->lat = spare - 2 > LAT_MAX ? LAT_MAX : spare - 2;
		spare -= l->lat + 2;
	}
	if (l->hist == HIST_MIN && spare > 0)
		l->hist += spare > HIST_MAX - HIST_MIN ? HIST_MAX - HIST_MIN : spare;
}

static void plan(const tui_model *m, const tui_align *a, const char *hint,
                 const kmp_probe_snapshot *s, int width, int height, layout *l)
{
	/* the grid needs its rows and leaves the bars at least 30 cells */
	int grid = a->sim && width - TUI_ALIGN_GRID_COLS - 2 >= LABEL_W + 30 + VALUE_W &&
	           height >= 1 + TUI_ALIGN_GRID_ROWS + 1 + 2;
	/* then without the grid (the head shows as text on the bell line),
	 * then with a one-row figure; each try starts from full size so a
	 * smaller figure gives rows back to the rest */
	const int tries[][2] = {{1, TUI_ALIGN_BIG_ROWS}, {0, TUI_ALIGN_BIG_ROWS}, {0, 1}};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		if (tries[i][0] && !grid)
			continue;
		fit(m, hint, s, tries[i][0], tries[i][1], width, height, l);
		if (total_rows(l) <= height)
			return;
	}
}

/* ---- sections ------------------------------------------------------------ */

static void draw_status(const tui_model *m, const tui_align *a, WINDOW *w, int width)
{
	char buf[160], cfg[64];
	attr_t at = A_NORMAL;
	if (!a->active) {
		snprintf(buf, sizeof buf, "starting the probes...");
	} else {
		const kmp_prober_status *st = &a->status;
		uint64_t left = st->until_us > m->now_us ? st->until_us - m->now_us : 0;
		if (st->state == KMP_PROBER_PAUSE && left)
			/* why the rate dropped: say it, and for how long */
			snprintf(buf, sizeof buf, "%s (next probe in %.1f s)", st->text,
			         left / 1e6);
		else
			snprintf(buf, sizeof buf, "%s", st->text);
		if (st->state == KMP_PROBER_PAUSE)
			at = tui_attr(m, TUI_ROLE_WARN);
		else if (st->state == KMP_PROBER_LINK_DOWN)
			at = tui_attr(m, TUI_ROLE_ERR);
	}
	int x = tui_put(w, 0, 0, width, buf, at, 0, 0);
	snprintf(cfg, sizeof cfg, "GetSerialNo, timeout %u ms", a->timeout_ms);
	int cw = tui_text_width(cfg);
	if (a->timeout_ms && width - cw > x + 2)
		tui_put(w, 0, width - cw, cw, cfg, tui_attr(m, TUI_ROLE_DIM), 0, 0);
}

double tui_align_recent_rate(const kmp_probe_stats *st, uint64_t now_us, unsigned *n_out)
{
	uint64_t from = now_us > KMP_PROBE_WINDOW_US ? now_us - KMP_PROBE_WINDOW_US : 0;
	unsigned n = 0, ok = 0;
	for (size_t k = 0; k < st->ring_len && n < KMP_PROBE_WINDOW_N; k++) {
		const kmp_probe_record *r =
		        &st->ring[(st->ring_next + KMP_PROBE_RING - 1 - k) % KMP_PROBE_RING];
		if (r->done_us <= from)
			break; /* newest first: the rest is older still */
		if (r->done_us > now_us)
			continue;
		n++;
		ok += r->cls == KMP_PROBE_OK;
	}
	if (n_out)
		*n_out = n;
	return n ? (double)ok / n : -1;
}

/* The big figure and the words beside it.  The figure is the raw rate
 * (tui_align_recent_rate), not the EWMA: a failed probe is followed by a
 * 1.6 s pause while good ones come every 0.2 s, so the per-probe EWMA sits
 * at its post-failure low most of the time (about 30 % on screen for a
 * head that gets 56 % through).  The verdict in words is the EWMA's band,
 * the one the hint goes by; when the figure's band differs, the words say
 * which way it is moving, so "94" never stands beside a bare "BAD". */
static int draw_figure(const tui_model *m, WINDOW *w, int y, const layout *l,
                       const kmp_probe_snapshot *s, double rate)
{
	char num[16], text[96], age[16], p[8];
	kmp_probe_band rb = kmp_probe_band_of(rate), verdict = s->band;
	attr_t band = tui_align_band_attr(m, verdict);
	const char *trend = verdict == KMP_BAND_NONE || rb == KMP_BAND_NONE || rb == verdict ? NULL
	                    : rb > verdict ? "falling: probes fail"
	                                   : "rising: replies return";
	snprintf(num, sizeof num, "%s%%", pct(rate, p, sizeof p));
	int bx = 0, x;
	if (l->big == TUI_ALIGN_BIG_ROWS) {
		/* right-aligned in the width of "100%": the words beside stay put */
		bx = tui_align_big_width("100%");
		tui_align_big_draw(w, y, bx - tui_align_big_width(num), num,
		                   tui_align_band_attr(m, rb), m->utf8);
		bx += 3;
	} else {
		/* a short screen keeps the figure as text */
		bx = tui_put(w, y, 0, l->left_w, num, tui_align_band_attr(m, rb) | A_BOLD, 0, 0) +
		     1;
	}
	int tw = l->left_w - bx;
	/* the verdict in words: colour is never the only carrier */
	x = bx + tui_put(w, y, bx, tw, tui_align_band_word(verdict), band | A_BOLD, 0, 0);
	if (l->big == TUI_ALIGN_BIG_ROWS) {
		tui_put(w, y, x, l->left_w - x, trend ? "  " : "  last 20 probes / 5 s", A_NORMAL,
		        0, 0);
		if (trend)
			tui_put(w, y, x + 2, l->left_w - x - 2, trend, band, 0, 0);
		x = bx;
		y++;
	} else {
		x += 2;
	}
	snprintf(text, sizeof text, "smoothed %s %%", pct(s->ewma, p, sizeof p));
	x += tui_put(w, y, x, l->left_w - x, text, A_NORMAL, 0, 0);
	if (l->big == 1) {
		if (trend) {
			snprintf(text, sizeof text, ", %s", trend);
			x += tui_put(w, y, x, l->left_w - x, text, band, 0, 0);
		}
		if (s->has_last) {
			snprintf(text, sizeof text, "  last: %s", kmp_probe_class_name(s->last));
			tui_put(w, y, x, l->left_w - x, text, A_NORMAL, 0, 0);
		}
		return 1;
	}
	if (s->best >= 0)
		snprintf(text, sizeof text, "best %s %%, %s ago", pct(s->best, p, sizeof p),
		         tui_fmt_age(m->now_us, s->best_us, age, sizeof age));
	else
		snprintf(text, sizeof text, "best: after %d probes", KMP_PROBE_BEST_MIN);
	tui_put(w, y + 1, bx, tw, text, A_NORMAL, 0, 0);
	if (s->latency_ms_median >= 0)
		snprintf(text, sizeof text, "%.1f probes/s, median %.0f ms", s->probes_per_s,
		         s->latency_ms_median);
	else
		snprintf(text, sizeof text, "%.1f probes/s, no reply yet", s->probes_per_s);
	tui_put(w, y + 2, bx, tw, text, A_NORMAL, 0, 0);
	if (s->has_last) {
		x = bx + tui_put(w, y + 3, bx, tw, "last: ", A_NORMAL, 0, 0);
		x += tui_put(w, y + 3, x, l->left_w - x, kmp_probe_class_name(s->last),
		             tui_attr(m, s->last == KMP_PROBE_OK ? TUI_ROLE_OK : TUI_ROLE_ERR) |
		                     A_BOLD,
		             0, 0);
		snprintf(text, sizeof text, " x%lu, %s", s->streak,
		         tui_fmt_age(m->now_us, m->now_us - s->streak_age_us, age, sizeof age));
		tui_put(w, y + 3, x, l->left_w - x, text, A_NORMAL, 0, 0);
	} else {
		tui_put(w, y + 3, bx, tw, "last: no probe yet", tui_attr(m, TUI_ROLE_DIM), 0, 0);
	}
	return TUI_ALIGN_BIG_ROWS;
}

static int bar_width(const layout *l)
{
	return l->left_w - LABEL_W - VALUE_W - 2;
}

static void draw_bar_row(const tui_model *m, WINDOW *w, int y, const layout *l, const char *label,
                         double rate, unsigned n)
{
	char v[48], p[8];
	int bw = bar_width(l);
	tui_put(w, y, 0, LABEL_W, label, A_NORMAL, 1, 0);
	tui_put(w, y, LABEL_W, 1, "[", A_NORMAL, 0, 0);
	tui_align_bar(m, w, y, LABEL_W + 1, bw, rate);
	tui_put(w, y, LABEL_W + 1 + bw, 1, "]", A_NORMAL, 0, 0);
	/* the number only: the verdict's word is the figure's (one band word
	 * on the screen), the marks show where the bands begin */
	kmp_probe_band b = kmp_probe_band_of(rate);
	if (n)
		snprintf(v, sizeof v, "%4s %% of %u", pct(rate, p, sizeof p), n);
	else
		snprintf(v, sizeof v, "  no probe");
	tui_put(w, y, LABEL_W + 2 + bw, VALUE_W, v, tui_align_band_attr(m, b), 0, 0);
}

static void draw_marks(const tui_model *m, WINDOW *w, int y, const layout *l)
{
	int bw = bar_width(l), x0 = LABEL_W + 1;
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	tui_put(w, y, 0, LABEL_W, "marks", dim, 0, 0);
	tui_put(w, y, x0 + tui_align_bar_mark(bw, KMP_PROBE_FAIR_FROM), 8, "^50 %", dim, 0, 0);
	tui_put(w, y, x0 + tui_align_bar_mark(bw, KMP_PROBE_GOOD_FROM), 8, "^90 %", dim, 0, 0);
}

static int draw_history(const tui_model *m, WINDOW *w, int y, const layout *l,
                        const kmp_probe_snapshot *s)
{
	char buf[32];
	int avail = l->left_w - LABEL_W - 1;
	int per = (KMP_PROBE_HISTORY_S + avail - 1) / (avail > 0 ? avail : 1);
	per = per < 1 ? 1 : per;
	int n = (KMP_PROBE_HISTORY_S + per - 1) / per;
	tui_put(w, y, 0, LABEL_W, "history", A_NORMAL, 0, 0);
	if (l->hist > 1) {
		snprintf(buf, sizeof buf, "%d s/col", per);
		tui_put(w, y + 1, 0, LABEL_W, per == 1 ? "per s" : buf, tui_attr(m, TUI_ROLE_DIM),
		        0, 0);
	}
	if (l->hist > 2)
		tui_put(w, y + 2, 0, LABEL_W, "x=failed", tui_attr(m, TUI_ROLE_DIM), 0, 0);
	tui_align_history(m, w, y, LABEL_W, l->hist, per, s);
	/* the time axis: the strip moves left as seconds pass */
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	int ay = y + l->hist;
	tui_put(w, ay, LABEL_W, n, "-60 s", dim, 0, 0);
	if (n >= 24)
		tui_put(w, ay, LABEL_W + n / 2 - 2, 5, "-30 s", dim, 0, 0);
	tui_put(w, ay, LABEL_W + n - 3, 3, "now", dim, 0, 0);
	/* what the two marks mean, when there is room for it */
	const char *legend[] = {"x all failed  . no reply yet", "x all failed", ""};
	int room = l->left_w - LABEL_W - n - 2;
	for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++)
		if (tui_text_width(legend[i]) <= room) {
			tui_put(w, ay, LABEL_W + n + 2, room, legend[i], dim, 0, 0);
			break;
		}
	return l->hist + 1;
}

static void draw_head(const tui_model *m, const tui_align *a, WINDOW *w, int y, int x)
{
	char buf[64];
	int rows = tui_align_grid(m, a, w, y, x);
	attr_t at = A_NORMAL;
	if (a->sim_error) {
		snprintf(buf, sizeof buf, "cannot steer the simulator");
		at = tui_attr(m, TUI_ROLE_ERR);
	} else if (a->head_moved) {
		snprintf(buf, sizeof buf, "head %+d,%+d: quality %d %%", a->head_x, a->head_y,
		         tui_align_head_quality(a));
	} else {
		snprintf(buf, sizeof buf, "arrows move the head");
	}
	tui_put(w, y + rows, x, TUI_ALIGN_GRID_COLS, buf, at, 0, 0);
}

/* The hint: the prober's, except where the terminal knows better.  With
 * the link down no probe goes out, so "probing the meter..." or advice on
 * the head would be wrong; under --sim the meter's button is a key. */
static const char *hint_text(const tui_model *m, const tui_align *a, const kmp_probe_snapshot *s,
                             char *buf, size_t cap)
{
	if (!m->link.connected) {
		snprintf(buf, cap,
		         "no link to the head (the header says why): the probes go on when it is "
		         "back");
		return buf;
	}
	if (a->sim && strstr(s->hint, "button")) {
		snprintf(buf, cap, "%s (B presses the simulated meter's button)", s->hint);
		return buf;
	}
	return s->hint;
}

static void draw_hint(WINDOW *w, int y, int width, int rows, const char *hint)
{
	int off[HINT_MAX], len[HINT_MAX];
	char line[256];
	int n = wrap(hint, width - 6, rows, off, len);
	tui_put(w, y, 0, 6, "hint:", A_BOLD, 0, 0);
	for (int i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%.*s", len[i], hint + off[i]);
		/* the last row takes the rest (cut with "~" when it does not fit) */
		if (i == n - 1 && off[i] + len[i] < (int)strlen(hint))
			snprintf(line, sizeof line, "%s", hint + off[i]);
		tui_put(w, y + i, 6, width - 6, line, A_NORMAL, 0, 0);
	}
}

/* The reply latencies of the run as a histogram: 0 ms at the left, the
 * probe timeout at the right, one column per few ms; the median marked. */
static int draw_latency(const tui_model *m, const tui_align *a, WINDOW *w, int y, const layout *l,
                        const kmp_probe_snapshot *s)
{
	char buf[48];
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	const kmp_probe_stats *st = kmp_prober_stats(&a->prober);
	int width = l->left_w - LABEL_W - 1, rows = l->lat;
	unsigned hi = a->timeout_ms ? a->timeout_ms : KMP_PROBE_TIMEOUT_MS;
	hi = hi > KMP_PROBE_LAT_MS_MAX ? KMP_PROBE_LAT_MS_MAX : hi;
	if (width < 10)
		return rows + 2;
	unsigned per = (hi + (unsigned)width - 1) / (unsigned)width; /* ms per column */
	int cols = (int)((hi + per - 1) / per);
	y++; /* a gap above */
	tui_put(w, y, 0, LABEL_W, "latency", A_NORMAL, 0, 0);
	snprintf(buf, sizeof buf, "%u ms/col", per);
	if (rows > 1)
		tui_put(w, y + 1, 0, LABEL_W, buf, dim, 0, 0);
	snprintf(buf, sizeof buf, "n=%lu", st->lat_n);
	if (rows > 2)
		tui_put(w, y + 2, 0, LABEL_W, buf, dim, 0, 0);
	unsigned long counts[512], most = 0;
	cols = cols > 512 ? 512 : cols;
	for (int c = 0; c < cols; c++) {
		counts[c] = 0;
		for (unsigned ms = (unsigned)c * per; ms < (unsigned)(c + 1) * per && ms <= hi;
		     ms++)
			counts[c] += st->lat_hist[ms];
		most = counts[c] > most ? counts[c] : most;
	}
	static const char *const eighths[9] = {" ",      "\u2581", "\u2582", "\u2583", "\u2584",
	                                       "\u2585", "\u2586", "\u2587", "\u2588"};
	wattrset(w, tui_attr(m, TUI_ROLE_OK));
	for (int c = 0; c < cols && most; c++) {
		/* a column with any reply shows at least an eighth */
		int level = counts[c]
		                    ? (int)((counts[c] * (unsigned long)rows * 8 + most - 1) / most)
		                    : 0;
		for (int r = 0; r < rows; r++) {
			int k = level - r * 8;
			k = k < 0 ? 0 : k > 8 ? 8 : k;
			mvwaddstr(w, y + rows - 1 - r, LABEL_W + c,
			          m->utf8  ? eighths[k]
			          : k >= 4 ? "#"
			          : k > 0  ? "."
			                   : " ");
		}
	}
	wattrset(w, A_NORMAL);
	int ay = y + rows;
	tui_put(w, ay, LABEL_W, 4, "0 ms", dim, 0, 0);
	snprintf(buf, sizeof buf, "%u ms (timeout)", hi);
	int bw = tui_text_width(buf);
	if (cols > bw + 12)
		tui_put(w, ay, LABEL_W + cols - bw, bw, buf, dim, 0, 0);
	if (s->latency_ms_median >= 0) {
		int mc = (int)(s->latency_ms_median / per);
		mc = mc >= cols ? cols - 1 : mc;
		snprintf(buf, sizeof buf, "^median %.0f ms", s->latency_ms_median);
		/* under the median's column, unless it would cover the ends */
		int mx = LABEL_W + mc;
		if (mx > LABEL_W + 5 && mx + tui_text_width(buf) < LABEL_W + cols - bw - 1)
			tui_put(w, ay, mx, tui_text_width(buf), buf, A_NORMAL, 0, 0);
	} else if (!st->lat_n) {
		tui_put(w, y + rows - 1, LABEL_W + 2, cols - 2, "no reply yet", dim, 0, 0);
	}
	return rows + 2;
}

static void draw_bottom(const tui_model *m, const tui_align *a, WINDOW *w, int y, const layout *l)
{
	char buf[96];
	int x = tui_put(w, y, 0, l->width, a->bell ? "bell ON" : "bell off",
	                a->bell ? A_BOLD : A_NORMAL, 0, 0);
	x += tui_put(w, y, x, l->width - x, a->bell ? " (b: off)" : " (b: beep per reply)",
	             tui_attr(m, TUI_ROLE_DIM), 0, 0);
	if (a->sim && !l->grid) {
		snprintf(buf, sizeof buf, "   head %+d,%+d q %d %% (arrows)", a->head_x, a->head_y,
		         tui_align_head_quality(a));
		x += tui_put(w, y, x, l->width - x, buf, A_NORMAL, 0, 0);
	}
	const char *held = "register polling held while this view probes";
	int hw = tui_text_width(held);
	if (l->width - hw > x + 2)
		tui_put(w, y, l->width - hw, hw, held, tui_attr(m, TUI_ROLE_DIM), 0, 0);
}

void tui_align_draw(const tui_model *m, WINDOW *w)
{
	const tui_align *a = tui_align_state(m);
	werase(w);
	if (!a)
		return;
	kmp_probe_snapshot s;
	char hint[320];
	const kmp_probe_stats *st = kmp_prober_stats(&a->prober);
	kmp_probe_stats_snapshot(st, m->now_us, &s);
	const char *h = hint_text(m, a, &s, hint, sizeof hint);
	layout l;
	plan(m, a, h, &s, getmaxx(w), getmaxy(w), &l);

	draw_status(m, a, w, l.width);
	int y = 1;
	y += draw_figure(m, w, y, &l, &s, tui_align_recent_rate(st, m->now_us, NULL)) + l.gap1;
	draw_bar_row(m, w, y++, &l, "last 20", s.rate_last_n, s.n_last);
	draw_bar_row(m, w, y++, &l, "last 5 s", s.rate_window, s.n_window);
	if (l.marks)
		draw_marks(m, w, y++, &l);
	y += counts_rows(m, w, y, 0, l.left_w, &s, l.counts) + l.gap2;
	if (l.hist)
		y += draw_history(m, w, y, &l, &s);
	if (l.lat)
		y += draw_latency(m, a, w, y, &l, &s);
	if (l.grid) {
		draw_head(m, a, w, 1, l.left_w + 2);
		if (y < 2 + TUI_ALIGN_GRID_ROWS)
			y = 2 + TUI_ALIGN_GRID_ROWS;
	}
	if (l.hint) {
		draw_hint(w, y, l.width, l.hint, h);
		y += l.hint;
	}
	if (l.bottom)
		draw_bottom(m, a, w, y, &l);
}
