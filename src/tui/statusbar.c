/* statusbar.c - the two bottom rows: the status line (messages, the
 * prompt, the quit question) and the footer with the current keys.  A
 * message longer than the status line goes on in the footer's row while
 * it shows: cut, it would lose the part that says what to do. */
#include <stdio.h>
#include <string.h>

#include "tui/colors.h"
#include "tui/meter_state.h"
#include "tui/view.h"
#include "tui/widgets.h"

/* The message as shown: "error: " first for errors. */
static const char *message_text(const tui_model *m, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s%s", m->status_level == TUI_STATUS_ERROR ? "error: " : "", m->status);
	return buf;
}

/* Bytes of the message on the first row of `cols` columns: all of it,
 * or up to the last space that fits. */
static size_t first_row(const char *s, int cols)
{
	int used;
	size_t fit = tui_text_fit(s, cols, &used);
	if (!s[fit])
		return fit;
	for (size_t i = fit; i > 0; i--)
		if (s[i] == ' ')
			return i;
	return fit;
}

/* Row `row` (0 or 1) of the message in w. */
static void draw_message(const tui_model *m, WINDOW *w, int row)
{
	char buf[512], part[512];
	if (!m->status[0])
		return;
	attr_t a =
	        tui_attr(m, m->status_level == TUI_STATUS_ERROR ? TUI_ROLE_ERR : TUI_ROLE_NORMAL);
	const char *s = message_text(m, buf, sizeof buf);
	size_t n = first_row(s, getmaxx(w));
	if (row == 0) {
		snprintf(part, sizeof part, "%.*s", (int)n, s);
		tui_put(w, 0, 0, getmaxx(w), part, a, 1, 0);
	} else {
		while (s[n] == ' ')
			n++;
		tui_put(w, 0, 0, getmaxx(w), s + n, a, 1, 0);
	}
}

/* The message takes the footer's row too. */
static int message_wraps(const tui_model *m, int cols)
{
	char buf[512];
	return m->status[0] && !m->prompt.active && !m->quit_confirm &&
	       tui_text_width(message_text(m, buf, sizeof buf)) > cols;
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
		const char *q = tui_owner_quit_question(&m->owners);
		tui_put(w, 0, 0, getmaxx(w), q ? q : "Quit? (y/n)", tui_attr(m, TUI_ROLE_WARN), 1,
		        0);
		return;
	}
	if (!m->status[0] && m->record.on) {
		/* between messages: where the recording goes and how far it got,
		 * then the meter's next step when it is not answering */
		char hint[256], line[1024];
		int silent = tui_meter_hint(m, hint, sizeof hint) != NULL;
		snprintf(line, sizeof line, "REC %.200s: %lu row%s%s%.200s%s%.250s", m->record.path,
		         m->record.rows, m->record.rows == 1 ? "" : "s",
		         m->record.error[0] ? "; last round not written: " : "", m->record.error,
		         silent ? " | " : "", silent ? hint : "");
		tui_put(w, 0, 0, getmaxx(w), line,
		        tui_attr(m, m->record.error[0] ? TUI_ROLE_ERR
		                    : silent           ? TUI_ROLE_WARN
		                                       : TUI_ROLE_NORMAL),
		        1, 0);
		return;
	}
	if (!m->status[0] && tui_meter_hint(m, buf, sizeof buf)) {
		/* no message: the meter's next step stays (meter_state.h) */
		tui_put(w, 0, 0, getmaxx(w), buf, tui_attr(m, TUI_ROLE_WARN), 1, 0);
		return;
	}
	draw_message(m, w, 0);
}

/* While the prompt is open the footer explains it, or says what was
 * wrong with the last input. */
static void draw_prompt_help(const tui_model *m, WINDOW *w)
{
	werase(w);
	if (m->status[0])
		draw_message(m, w, 0);
	else
		tui_put(w, 0, 1, getmaxx(w) - 1, "Enter: ok   Esc: cancel   Ctrl-U: clear",
		        tui_attr(m, TUI_ROLE_TAB), 1, 0);
}

/* The keys that fit in `cols` columns, whole: items are separated by two
 * spaces, and one that does not fit is left out with those after it
 * (the views list their keys most used first; ? lists them all). */
static void fit_keys(const char *keys, int cols, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", keys);
	while (tui_text_width(buf) > cols) {
		char *cut = strstr(buf, "  "), *last = NULL;
		for (; cut; cut = strstr(cut + 2, "  "))
			last = cut;
		if (!last) {
			buf[0] = '\0'; /* not even one key fits */
			return;
		}
		*last = '\0';
	}
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
	if (message_wraps(m, getmaxx(status))) {
		draw_message(m, footer, 1);
		return;
	}
	attr_t a = tui_attr(m, TUI_ROLE_TAB);
	tui_fill_row(footer, 0, 0, a);
	const char *keys = m->help                ? "Up/Down scroll  any other key closes the help"
	                   : tui_view_muted(m, v) ? "1 2 views with the recording  > speed  E end"
	                   : v->footer            ? v->footer(m)
	                                          : "";
	/* help and quit always show, on the right; the view's keys get the
	 * rest and are cut first on a narrow screen */
	const char *always = "? help  q quit";
	char fit[256];
	int aw = tui_text_width(always), fw = getmaxx(footer);
	fit_keys(keys, fw - aw - 3, fit, sizeof fit);
	tui_put(footer, 0, 1, fw - aw - 3, fit, a, 0, 0);
	tui_put(footer, 0, fw - aw - 1, aw, always, a | A_BOLD, 0, 0);
}
