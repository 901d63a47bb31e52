/* statusbar.c - the two bottom rows: the status line (messages, the
 * prompt, the quit question) and the footer with the current keys. */
#include <stdio.h>

#include "tui/colors.h"
#include "tui/view.h"
#include "tui/widgets.h"

static void draw_message(const tui_model *m, WINDOW *w)
{
	char buf[512];
	if (!m->status[0])
		return;
	int err = m->status_level == TUI_STATUS_ERROR;
	snprintf(buf, sizeof buf, "%s%s", err ? "error: " : "", m->status);
	tui_put(w, 0, 0, getmaxx(w), buf, tui_attr(m, err ? TUI_ROLE_ERR : TUI_ROLE_NORMAL), 1, 0);
}

static void draw_status(const tui_model *m, WINDOW *w)
{
	char buf[512];
	werase(w);
	if (m->prompt.active) {
		snprintf(buf, sizeof buf, "%s%s", m->prompt.label, m->prompt.buf);
		int x = tui_put(w, 0, 0, getmaxx(w) - 1, buf, A_BOLD, 0, 0);
		/* a reverse block as the cursor: no curs_set dance needed */
		tui_put(w, 0, x, 1, " ", A_REVERSE, 0, 0);
		return;
	}
	if (m->quit_confirm) {
		tui_put(w, 0, 0, getmaxx(w), "A scan is running. Quit anyway? (y/n)",
		        tui_attr(m, TUI_ROLE_WARN), 1, 0);
		return;
	}
	draw_message(m, w);
}

/* While the prompt is open the footer explains it, or says what was
 * wrong with the last input. */
static void draw_prompt_help(const tui_model *m, WINDOW *w)
{
	werase(w);
	if (m->status[0])
		draw_message(m, w);
	else
		tui_put(w, 0, 1, getmaxx(w) - 1, "Enter: ok   Esc: cancel   Ctrl-U: clear",
		        tui_attr(m, TUI_ROLE_TAB), 1, 0);
}

void tui_statusbar_draw(const tui_model *m, WINDOW *status, WINDOW *footer)
{
	const tui_view_ops *v = tui_current_view(m);
	draw_status(m, status);
	if (m->prompt.active) {
		draw_prompt_help(m, footer);
		return;
	}
	werase(footer);
	attr_t a = tui_attr(m, TUI_ROLE_TAB);
	tui_fill_row(footer, 0, 0, a);
	const char *keys = m->help     ? "Up/Down scroll  any other key closes the help"
	                   : v->footer ? v->footer(m)
	                               : "";
	/* help and quit always show, on the right; the view's keys get the
	 * rest and are cut first on a narrow screen */
	const char *always = "? help  q quit";
	int aw = tui_text_width(always), fw = getmaxx(footer);
	tui_put(footer, 0, 1, fw - aw - 3, keys, a, 0, 0);
	tui_put(footer, 0, fw - aw - 1, aw, always, a | A_BOLD, 0, 0);
}
