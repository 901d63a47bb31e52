/* help.c - the '?' overlay: every key, the current view's first, then the
 * shared ones, then the other views'.  A line longer than the box wraps
 * under its text (the key column stays clear); the whole scrolls when it
 * does not fit. */
#include <stdio.h>
#include <string.h>

#include "tui/colors.h"
#include "tui/view.h"
#include "tui/widgets.h"

#define MAX_LINES 256
#define MAX_ROWS 512
/* Help lines are "KEY         text": the text starts in this column. */
#define KEY_COLS 12

/* A row of the box: part of a help line. */
typedef struct help_row {
	const char *text;
	int len;     /* bytes of text on this row */
	int indent;  /* columns before it */
	int heading; /* a view's title */
} help_row;

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
		if (j == 0 && n < cap) {
			lines[n++] = "#Everywhere";
			for (const char *const *h = tui_global_help; *h && n < cap; h++)
				lines[n++] = *h;
		}
	}
	return n;
}

/* Bytes of s that fit in `cols` columns, broken after a space when the
 * rest does not fit (a word longer than the row is cut). */
static int take(const char *s, int cols)
{
	int used;
	size_t fit = tui_text_fit(s, cols, &used);
	if (!s[fit])
		return (int)fit;
	for (size_t i = fit; i > 0; i--)
		if (s[i] == ' ')
			return (int)i;
	return fit ? (int)fit : 1;
}

/* The rows of the box for lines in `width` columns. */
static int wrap_rows(const char **lines, int n, int width, help_row *rows, int cap)
{
	int r = 0;
	for (int i = 0; i < n && r < cap; i++) {
		const char *s = lines[i];
		if (s[0] == '#') {
			rows[r++] = (help_row){s + 1, (int)strlen(s + 1), 0, 1};
			continue;
		}
		int indent = 0;
		while (*s && r < cap) {
			int len = take(s, width - indent);
			rows[r++] = (help_row){s, len, indent, 0};
			s += len;
			while (*s == ' ')
				s++;
			indent = KEY_COLS; /* continuation rows line up with the text */
		}
	}
	return r;
}

/* The box in a body w columns wide: its width, and the text's. */
static int box_width(int wd)
{
	return wd - 4 > 84 ? 84 : wd - 4;
}

/* How many rows the help takes in a body wd columns wide. */
static int count_rows(const tui_model *m, int wd)
{
	const char *lines[MAX_LINES];
	char titles[TUI_VIEW_MAX][48];
	help_row rows[MAX_ROWS];
	int n = collect(m, lines, MAX_LINES, titles);
	return wrap_rows(lines, n, box_width(wd) - 6, rows, MAX_ROWS);
}

void tui_help_draw(const tui_model *m, WINDOW *w)
{
	const char *lines[MAX_LINES];
	char titles[TUI_VIEW_MAX][48], buf[256];
	help_row rows[MAX_ROWS];
	int h = getmaxy(w), wd = getmaxx(w);
	int bw = box_width(wd), bh = h;
	int bx = (wd - bw) / 2, inner = bh - 2;
	int nl = collect(m, lines, MAX_LINES, titles);
	int n = wrap_rows(lines, nl, bw - 6, rows, MAX_ROWS);
	werase(w);
	tui_box(w, 0, bx, bh, bw, "Keys", tui_attr(m, TUI_ROLE_HEAD) & ~A_UNDERLINE);
	int top = m->help_scroll;
	if (top > n - inner)
		top = n - inner > 0 ? n - inner : 0;
	for (int i = 0; i < inner && top + i < n; i++) {
		const help_row *r = &rows[top + i];
		snprintf(buf, sizeof buf, "%.*s", r->len, r->text);
		if (r->heading)
			tui_put(w, 1 + i, bx + 2, bw - 4, buf, A_BOLD | A_UNDERLINE, 0, 0);
		else
			tui_put(w, 1 + i, bx + 4 + r->indent, bw - 6 - r->indent, buf, A_NORMAL, 0,
			        0);
	}
	if (top + inner < n)
		tui_printf(w, bh - 1, bx + bw - 16, A_BOLD, " more: Down ");
}

int tui_help_max_scroll(const tui_model *m)
{
	/* the box fills the body; two rows are its frame */
	int max = count_rows(m, m->cols) - (tui_body_rows(m) - 2);
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
