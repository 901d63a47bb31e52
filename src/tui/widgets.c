/* widgets.c - drawing helpers (see widgets.h). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/widgets.h"

/* Walk s and stop before the character that would pass `cols` columns.
 * Returns the bytes that fit; *used gets their columns.  A byte that is
 * not valid UTF-8 counts as one column (curses shows it escaped). */
static size_t fit_bytes(const char *s, int cols, int *used)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t i = 0, len = strlen(s);
	int c = 0;
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		int wcols = 1;
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			k = 1;
			memset(&st, 0, sizeof st);
		} else {
			wcols = wcwidth(wc);
			if (wcols < 0)
				wcols = 1;
		}
		if (c + wcols > cols)
			break;
		c += wcols;
		i += k;
	}
	*used = c;
	return i;
}

size_t tui_text_fit(const char *s, int cols, int *used)
{
	return fit_bytes(s, cols, used);
}

int tui_text_width(const char *s)
{
	int used;
	fit_bytes(s, 1 << 30, &used);
	return used;
}

int tui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, int pad, int right)
{
	int maxx = getmaxx(w);
	if (y < 0 || y >= getmaxy(w) || x >= maxx || width <= 0)
		return 0;
	if (x + width > maxx)
		width = maxx - x;
	int total = tui_text_width(s), used;
	size_t nbytes;
	int cut = total > width;
	if (cut) {
		nbytes = fit_bytes(s, width - 1, &used); /* room for the "~" */
	} else {
		nbytes = strlen(s);
		used = total;
	}
	int shown = used + cut;
	int lead = right && shown < width ? width - shown : 0;
	wattrset(w, attr);
	wmove(w, y, x);
	for (int i = 0; i < lead; i++)
		waddch(w, ' ');
	waddnstr(w, s, (int)nbytes);
	if (cut)
		waddch(w, '~');
	int written = lead + shown;
	if (pad)
		for (; written < width; written++)
			waddch(w, ' ');
	wattrset(w, A_NORMAL);
	return written;
}

void tui_printf(WINDOW *w, int y, int x, attr_t attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tui_put(w, y, x, getmaxx(w) - x, buf, attr, 0, 0);
}

void tui_fill_row(WINDOW *w, int y, int x, attr_t attr)
{
	int maxx = getmaxx(w);
	if (y < 0 || y >= getmaxy(w))
		return;
	wattrset(w, attr);
	for (int i = x; i < maxx; i++)
		mvwaddch(w, y, i, ' ');
	wattrset(w, A_NORMAL);
}

int tui_plot_level(double v, double lo, double hi, int h)
{
	int top = h * 8;
	if (!(hi > lo))
		return top / 2; /* a constant value: a flat line in the middle */
	double f = (v - lo) / (hi - lo);
	/* the lowest value keeps one eighth so its column is not empty */
	int l = 1 + (int)(f * (top - 1) + 0.5);
	return l < 1 ? 1 : l > top ? top : l;
}

void tui_plot(WINDOW *w, int y, int x, int h, int width, const double *vals, size_t n, double lo,
              double hi, int utf8)
{
	static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	if (h <= 0 || width <= 0 || n == 0)
		return;
	size_t shown = n < (size_t)width ? n : (size_t)width;
	const double *v = vals + (n - shown);
	for (size_t c = 0; c < shown; c++) {
		int level = tui_plot_level(v[c], lo, hi, h);
		for (int r = 0; r < h; r++) {
			int k = level - r * 8;
			k = k < 0 ? 0 : k > 8 ? 8 : k;
			const char *g = utf8 ? eighths[k] : k >= 4 ? "#" : k > 0 ? "." : " ";
			mvwaddstr(w, y + h - 1 - r, x + (int)c, g);
		}
	}
}

void tui_box(WINDOW *w, int y, int x, int h, int width, const char *title, attr_t attr)
{
	if (h < 2 || width < 2)
		return;
	wattrset(w, attr);
	mvwaddch(w, y, x, ACS_ULCORNER);
	mvwhline(w, y, x + 1, ACS_HLINE, width - 2);
	mvwaddch(w, y, x + width - 1, ACS_URCORNER);
	for (int r = 1; r < h - 1; r++) {
		mvwaddch(w, y + r, x, ACS_VLINE);
		mvwaddch(w, y + r, x + width - 1, ACS_VLINE);
	}
	mvwaddch(w, y + h - 1, x, ACS_LLCORNER);
	mvwhline(w, y + h - 1, x + 1, ACS_HLINE, width - 2);
	mvwaddch(w, y + h - 1, x + width - 1, ACS_LRCORNER);
	wattrset(w, A_NORMAL);
	if (title && *title) {
		char t[128];
		snprintf(t, sizeof t, " %s ", title);
		tui_put(w, y, x + 2, width - 4, t, attr | A_BOLD, 0, 0);
	}
}
