/* list.c - the scrolling list (see list.h). */
#include <stdio.h>

#include <curses.h>

#include "tui/list.h"
#include "tui/view.h"

static size_t page_of(int rows)
{
	return rows > 1 ? (size_t)rows : 1;
}

size_t tui_list_top(const tui_list *l, size_t n, int rows)
{
	size_t page = page_of(rows), top = l->top;
	if (!l->pager) {
		size_t sel = n && l->sel >= n ? n - 1 : l->sel;
		if (sel < top)
			top = sel;
		else if (sel >= top + page)
			top = sel - page + 1;
	}
	/* a full last page: nothing hidden above a blank row */
	if (top + page > n)
		top = n > page ? n - page : 0;
	return top;
}

void tui_list_fix(tui_list *l, size_t n, int rows)
{
	if (l->sel >= n)
		l->sel = n ? n - 1 : 0;
	l->top = tui_list_top(l, n, rows);
}

void tui_list_select(tui_list *l, size_t i, size_t n, int rows)
{
	l->sel = i;
	tui_list_fix(l, n, rows);
}

/* The new position for a key, as an offset from `from` (which is the
 * selection, or the top in a pager); 0 and handled = 0 for other keys. */
static long step_of(int ch, size_t n, int rows, int *handled)
{
	long page = (long)page_of(rows), far = (long)n + 1;
	*handled = 1;
	switch (ch) {
	case KEY_UP:
	case 'k':
		return -1;
	case KEY_DOWN:
	case 'j':
		return 1;
	case KEY_PPAGE:
		return -page;
	case KEY_NPAGE:
	case ' ':
		return page;
	case KEY_HOME:
	case 'g':
		return -far;
	case KEY_END:
	case 'G':
		return far;
	}
	*handled = 0;
	return 0;
}

unsigned tui_list_key(tui_list *l, size_t n, int rows, int ch)
{
	int handled;
	if (ch == ' ' && !l->pager)
		return TUI_R_IGNORED; /* space pauses or freezes in the views */
	long step = step_of(ch, n, rows, &handled);
	if (!handled)
		return TUI_R_IGNORED;
	if (!n)
		return TUI_R_HANDLED;
	size_t before_sel = l->sel, before_top = tui_list_top(l, n, rows);
	if (l->pager) {
		long t = (long)before_top + step;
		l->top = t < 0 ? 0 : (size_t)t;
		l->top = tui_list_top(l, n, rows);
		return l->top != before_top ? TUI_R_REDRAW : TUI_R_HANDLED;
	}
	long s = (long)(l->sel < n ? l->sel : n - 1) + step;
	s = s < 0 ? 0 : s >= (long)n ? (long)n - 1 : s;
	l->sel = (size_t)s;
	l->top = before_top;
	l->top = tui_list_top(l, n, rows);
	return l->sel != before_sel || l->top != before_top ? TUI_R_REDRAW : TUI_R_HANDLED;
}

const char *tui_list_range(const tui_list *l, size_t n, int rows, char *buf, size_t cap)
{
	size_t page = page_of(rows);
	if (!n) {
		snprintf(buf, cap, "no rows");
	} else if (n <= page) {
		snprintf(buf, cap, "%zu row%s", n, n == 1 ? "" : "s");
	} else {
		size_t top = tui_list_top(l, n, rows);
		size_t last = top + page < n ? top + page : n;
		snprintf(buf, cap, "rows %zu-%zu of %zu", top + 1, last, n);
	}
	return buf;
}
