/* help.c - the '?' overlay: every key, the current view's first, then the
 * shared ones, then the other views'.  Scrolls when it does not fit. */
#include <stdio.h>

#include "tui/colors.h"
#include "tui/view.h"
#include "tui/widgets.h"

#define MAX_LINES 256

/* Collect the help text as lines; headings start with '#'. */
static int collect(const tui_model *m, const char **lines, int cap, char (*titles)[48])
{
	int n = 0;
	size_t order[TUI_VIEW_MAX + 1];
	size_t k = 0;
	order[k++] = m->view;
	for (size_t i = 0; i < tui_n_views; i++)
		if (i != m->view)
			order[k++] = i;
	for (size_t j = 0; j < k && n < cap; j++) {
		size_t i = order[j];
		snprintf(titles[i], sizeof titles[i], "#%zu %s view%s", i + 1, tui_views[i]->name,
		         i == m->view ? " (this one)" : "");
		lines[n++] = titles[i];
		for (const char *const *h = tui_views[i]->help; h && *h && n < cap; h++)
			lines[n++] = *h;
		if (j == 0) {
			lines[n++] = "#Everywhere";
			for (const char *const *h = tui_global_help; *h && n < cap; h++)
				lines[n++] = *h;
		}
	}
	return n;
}

void tui_help_draw(const tui_model *m, WINDOW *w)
{
	const char *lines[MAX_LINES];
	char titles[TUI_VIEW_MAX][48];
	int n = collect(m, lines, MAX_LINES, titles);
	int h = getmaxy(w), wd = getmaxx(w);
	int bw = wd - 4 > 84 ? 84 : wd - 4, bh = h;
	int bx = (wd - bw) / 2, inner = bh - 2;
	werase(w);
	tui_box(w, 0, bx, bh, bw, "Keys", tui_attr(m, TUI_ROLE_HEAD) & ~A_UNDERLINE);
	int top = m->help_scroll;
	if (top > n - inner)
		top = n - inner > 0 ? n - inner : 0;
	for (int i = 0; i < inner && top + i < n; i++) {
		const char *l = lines[top + i];
		if (l[0] == '#')
			tui_put(w, 1 + i, bx + 2, bw - 4, l + 1, A_BOLD | A_UNDERLINE, 0, 0);
		else
			tui_put(w, 1 + i, bx + 4, bw - 6, l, A_NORMAL, 0, 0);
	}
	if (top + inner < n)
		tui_printf(w, bh - 1, bx + bw - 16, A_BOLD, " more: Down ");
}

int tui_help_max_scroll(const tui_model *m)
{
	const char *lines[MAX_LINES];
	char titles[TUI_VIEW_MAX][48];
	/* the box fills the body; two rows are its frame */
	int max = collect(m, lines, MAX_LINES, titles) - (tui_body_rows(m) - 2);
	return max > 0 ? max : 0;
}

void tui_too_small_draw(const tui_model *m, WINDOW *w)
{
	char buf[96];
	werase(w);
	snprintf(buf, sizeof buf, "terminal too small: %dx%d, need %dx%d", m->cols, m->rows,
	         TUI_MIN_COLS, TUI_MIN_ROWS);
	/* the message itself may not fit: fall back to the shortest form */
	int y = m->rows / 2;
	if (tui_text_width(buf) > m->cols)
		snprintf(buf, sizeof buf, "too small");
	tui_put(w, y > 0 ? y - 1 : 0, 0, m->cols, buf, A_BOLD, 0, 0);
	if (m->rows > 2)
		tui_put(w, y, 0, m->cols, "q quits", A_NORMAL, 0, 0);
}
