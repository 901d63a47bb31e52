/* align_widgets.c - the pieces of the Align view (see align.h): big digits,
 * the rate bar with its threshold marks, the history strip and the
 * simulated head over the meter's window.  Each draws from its arguments
 * only; glyphs carry the meaning and colour repeats it (NO_COLOR loses
 * nothing). */
#include <string.h>

#include "tui/align.h"
#include "tui/colors.h"

/* ---- big digits ---------------------------------------------------------- */

/* 5 rows each; '#' is a block.  Own design: square digits that stay
 * readable in ASCII from a step away. */
static const struct big_glyph {
	char ch;
	const char *rows[TUI_ALIGN_BIG_ROWS];
} glyphs[] = {
        {'0', {"####", "#  #", "#  #", "#  #", "####"}},
        {'1', {"  # ", " ## ", "  # ", "  # ", " ###"}},
        {'2', {"####", "   #", "####", "#   ", "####"}},
        {'3', {"####", "   #", " ###", "   #", "####"}},
        {'4', {"#  #", "#  #", "####", "   #", "   #"}},
        {'5', {"####", "#   ", "####", "   #", "####"}},
        {'6', {"####", "#   ", "####", "#  #", "####"}},
        {'7', {"####", "   #", "  # ", " #  ", " #  "}},
        {'8', {"####", "#  #", "####", "#  #", "####"}},
        {'9', {"####", "#  #", "####", "   #", "####"}},
        {'%', {"#   #", "   # ", "  #  ", " #   ", "#   #"}},
        {'-', {"    ", "    ", "####", "    ", "    "}},
        {' ', {"  ", "  ", "  ", "  ", "  "}},
};

static const struct big_glyph *glyph_of(char c)
{
	for (size_t i = 0; i < sizeof glyphs / sizeof glyphs[0]; i++)
		if (glyphs[i].ch == c)
			return &glyphs[i];
	return NULL; /* other characters are skipped */
}

int tui_align_big_width(const char *text)
{
	int w = 0;
	for (const char *p = text; *p; p++) {
		const struct big_glyph *g = glyph_of(*p);
		if (g)
			w += (w ? 1 : 0) + (int)strlen(g->rows[0]);
	}
	return w;
}

int tui_align_big_draw(WINDOW *w, int y, int x, const char *text, attr_t attr, int utf8)
{
	int maxx = getmaxx(w), maxy = getmaxy(w), cx = x;
	for (const char *p = text; *p; p++) {
		const struct big_glyph *g = glyph_of(*p);
		if (!g)
			continue;
		if (cx > x)
			cx++; /* one blank column between glyphs */
		int gw = (int)strlen(g->rows[0]);
		for (int r = 0; r < TUI_ALIGN_BIG_ROWS && y + r < maxy; r++)
			for (int c = 0; c < gw && cx + c < maxx; c++) {
				int on = g->rows[r][c] == '#';
				wattrset(w, on ? attr : A_NORMAL);
				mvwaddstr(w, y + r, cx + c, on ? (utf8 ? "\u2588" : "#") : " ");
			}
		cx += gw;
	}
	wattrset(w, A_NORMAL);
	return cx - x;
}

/* ---- bands --------------------------------------------------------------- */

attr_t tui_align_band_attr(const tui_model *m, kmp_probe_band b)
{
	switch (b) {
	case KMP_BAND_GOOD:
		return tui_attr(m, TUI_ROLE_OK) | A_BOLD;
	case KMP_BAND_FAIR:
		return tui_attr(m, TUI_ROLE_WARN);
	case KMP_BAND_BAD:
		return tui_attr(m, TUI_ROLE_ERR);
	default:
		return tui_attr(m, TUI_ROLE_DIM);
	}
}

const char *tui_align_band_word(kmp_probe_band b)
{
	switch (b) {
	case KMP_BAND_GOOD:
		return "GOOD";
	case KMP_BAND_FAIR:
		return "FAIR";
	case KMP_BAND_BAD:
		return "BAD";
	default:
		return "--";
	}
}

/* ---- the bar ------------------------------------------------------------- */

int tui_align_bar_mark(int width, double rate)
{
	/* the last cell a rate at the threshold fills: a filled mark means the
	 * band is reached */
	int k = (int)(rate * width + 0.999) - 1;
	return k < 0 ? 0 : k >= width ? width - 1 : k;
}

void tui_align_bar(const tui_model *m, WINDOW *w, int y, int x, int width, double rate)
{
	static const char *const eighths[8] = {" ",      "\u258f", "\u258e", "\u258d",
	                                       "\u258c", "\u258b", "\u258a", "\u2589"};
	if (width <= 0 || y < 0 || y >= getmaxy(w))
		return;
	int e = rate < 0 ? 0 : (int)(rate * width * 8 + 0.5);
	if (e > width * 8)
		e = width * 8;
	attr_t fill = tui_align_band_attr(m, kmp_probe_band_of(rate)) & ~A_BOLD;
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	int mark_fair = tui_align_bar_mark(width, KMP_PROBE_FAIR_FROM);
	int mark_good = tui_align_bar_mark(width, KMP_PROBE_GOOD_FROM);
	for (int i = 0; i < width && x + i < getmaxx(w); i++) {
		int full = i < e / 8, part = i == e / 8 ? e % 8 : 0;
		const char *g;
		attr_t a;
		if (i == mark_fair || i == mark_good) {
			/* the mark shows in both states: reversed once the fill covers it */
			g = m->utf8 ? "\u2502" : "|";
			a = full ? fill | A_REVERSE : A_BOLD;
		} else if (full) {
			g = m->utf8 ? "\u2588" : "#";
			a = fill;
		} else if (part) {
			g = m->utf8 ? eighths[part] : part >= 4 ? "#" : ".";
			a = fill;
		} else {
			g = m->utf8 ? "\u00b7" : ".";
			a = dim;
		}
		wattrset(w, a);
		mvwaddstr(w, y, x + i, g);
	}
	wattrset(w, A_NORMAL);
}

/* ---- history ------------------------------------------------------------- */

void tui_align_history(const tui_model *m, WINDOW *w, int y, int x, int rows, int per,
                       const kmp_probe_snapshot *s)
{
	static const char *const eighths[9] = {" ",      "\u2581", "\u2582", "\u2583", "\u2584",
	                                       "\u2585", "\u2586", "\u2587", "\u2588"};
	if (rows <= 0 || per <= 0)
		return;
	int n = (KMP_PROBE_HISTORY_S + per - 1) / per;
	for (int c = 0; c < n && x + c < getmaxx(w); c++) {
		/* the newest column ends with the current second */
		int hi = KMP_PROBE_HISTORY_S - (n - 1 - c) * per, lo = hi - per;
		unsigned ok = 0, total = 0;
		int valid = 0;
		for (int i = lo < 0 ? 0 : lo; i < hi; i++) {
			ok += s->history[i].ok;
			total += s->history[i].total;
			valid |= s->history[i].valid;
		}
		for (int r = 0; r < rows; r++)
			mvwaddstr(w, y + r, x + c, " ");
		if (!valid)
			continue; /* before the probing started */
		if (!total) {
			/* nothing finished: a pause or a lost link */
			wattrset(w, tui_attr(m, TUI_ROLE_DIM));
			mvwaddstr(w, y + rows - 1, x + c, m->utf8 ? "\u00b7" : ".");
			continue;
		}
		double f = (double)ok / total;
		if (!ok) {
			wattrset(w, tui_attr(m, TUI_ROLE_ERR));
			mvwaddstr(w, y + rows - 1, x + c, "x");
			continue;
		}
		int level = (int)(f * rows * 8 + 0.5);
		level = level < 1 ? 1 : level;
		wattrset(w, tui_align_band_attr(m, kmp_probe_band_of(f)) & ~A_BOLD);
		for (int r = 0; r < rows; r++) {
			int k = level - r * 8;
			k = k < 0 ? 0 : k > 8 ? 8 : k;
			mvwaddstr(w, y + rows - 1 - r, x + c,
			          m->utf8  ? eighths[k]
			          : k >= 4 ? "#"
			          : k > 0  ? "."
			                   : " ");
		}
	}
	wattrset(w, A_NORMAL);
}

/* ---- the simulated head -------------------------------------------------- */

int tui_align_grid(const tui_model *m, const tui_align *a, WINDOW *w, int y, int x)
{
	int hx = a->head_x, hy = a->head_y;
	const int R = TUI_ALIGN_HEAD_MAX;
	struct {
		const char *utf8, *ascii, *name;
		kmp_probe_band band;
	} cells[] = {
	        {"\u2593\u2593", "##", "good", KMP_BAND_GOOD},
	        {"\u2592\u2592", "++", "fair", KMP_BAND_FAIR},
	        {"\u2591\u2591", "::", "bad", KMP_BAND_BAD},
	};
	/* legend: the glyphs say the band, colour only repeats it */
	int lx = x;
	wattrset(w, A_BOLD);
	mvwaddstr(w, y, lx, "[]");
	wattrset(w, A_NORMAL);
	waddstr(w, "head");
	lx += 7;
	for (int i = 0; i < 3; i++) {
		wattrset(w, tui_align_band_attr(m, cells[i].band) & ~A_BOLD);
		mvwaddstr(w, y, lx, m->utf8 ? cells[i].utf8 : cells[i].ascii);
		wattrset(w, A_NORMAL);
		waddstr(w, cells[i].name);
		lx += 3 + (int)strlen(cells[i].name);
	}
	for (int gy = -R; gy <= R; gy++)
		for (int gx = -R; gx <= R; gx++) {
			int cy = y + 1 + gy + R, cx = x + 2 * (gx + R);
			if (gx == hx && gy == hy) {
				wattrset(w, A_BOLD | A_REVERSE);
				mvwaddstr(w, cy, cx, "[]");
				continue;
			}
			int q = tui_align_window_quality(a, gx, gy);
			if (!q) {
				/* off the window: only the head's echo comes back */
				wattrset(w, tui_attr(m, TUI_ROLE_DIM));
				mvwaddstr(w, cy, cx, m->utf8 ? "\u00b7 " : ". ");
				continue;
			}
			kmp_probe_band b = kmp_probe_band_of(q / 100.0);
			int i = b == KMP_BAND_GOOD ? 0 : b == KMP_BAND_FAIR ? 1 : 2;
			wattrset(w, tui_align_band_attr(m, b) & ~A_BOLD);
			mvwaddstr(w, cy, cx, m->utf8 ? cells[i].utf8 : cells[i].ascii);
		}
	wattrset(w, A_NORMAL);
	return TUI_ALIGN_GRID_ROWS;
}
