/* keys.c - keys every view shares: switching views, help, quit, and the
 * line editor of the prompt (see view.h).  Changes the model only. */
#include <string.h>

#include "tui/replay_ctl.h"
#include "tui/view.h"

#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 27

const char *const tui_global_help[] = {
        "1 2 3 4     Registers, Trace, Align, Scan view",
        "5           Identify view: what is on this line (the first visit runs it)",
        "6           History view: the meter's data loggers (year, month, day, hour)",
        "Tab         next view (Shift-Tab: previous)",
        "?           this help (arrows scroll it, any other key closes)",
        "q           quit (asks first while a scan or a history reading runs, or when "
        "results are in no file)",
        "B           --sim: press the simulated meter's button (wakes its optical port "
        "after --sleep-after)",
        "Ctrl-L      repaint the screen",
        "Ctrl-C      quit at once",
        ">           --replay: 1x, 10x, 100x the recorded speed",
        "E           --replay: jump to the end of the recording",
        NULL,
};

static int is_enter(int ch)
{
	return ch == '\n' || ch == '\r' || ch == KEY_ENTER;
}
static int is_backspace(int ch)
{
	return ch == KEY_BACKSPACE || ch == 127 || ch == CTRL('h');
}

static unsigned prompt_key(tui_model *m, int ch)
{
	tui_prompt *p = &m->prompt;
	m->dirty |= TUI_DIRTY_STATUS;
	if (ch == KEY_ESC) {
		p->active = 0;
		return TUI_R_REDRAW_ALL;
	}
	if (is_enter(ch)) {
		if (!p->submit || p->submit(m, p->buf) == 0)
			p->active = 0;
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	}
	if (is_backspace(ch)) {
		if (p->len)
			p->buf[--p->len] = '\0';
	} else if (ch == CTRL('u')) {
		p->len = 0;
		p->buf[0] = '\0';
	} else if (ch >= 32 && ch < 127 && p->len + 1 < sizeof p->buf) {
		p->buf[p->len++] = (char)ch;
		p->buf[p->len] = '\0';
	}
	return TUI_R_HANDLED;
}

static unsigned help_key(tui_model *m, int ch)
{
	switch (ch) {
	case KEY_UP:
		m->help_scroll -= m->help_scroll > 0;
		break;
	case KEY_DOWN:
		m->help_scroll++;
		break;
	case KEY_PPAGE:
		m->help_scroll -= tui_body_rows(m) / 2;
		break;
	case KEY_NPAGE:
		m->help_scroll += tui_body_rows(m) / 2;
		break;
	default:
		m->help = 0;
		return TUI_R_REDRAW_ALL;
	}
	/* clamped here, so Up works at once after holding Down */
	int max = tui_help_max_scroll(m);
	if (m->help_scroll > max)
		m->help_scroll = max;
	if (m->help_scroll < 0)
		m->help_scroll = 0;
	return TUI_R_REDRAW;
}

static unsigned switch_view(tui_model *m, size_t v)
{
	if (v == m->view)
		return TUI_R_HANDLED;
	m->view = v;
	m->dirty |= TUI_DIRTY_ALL;
	return TUI_R_REDRAW_ALL;
}

static unsigned ask_quit(tui_model *m)
{
	if (tui_owner_quit_question(&m->owners)) {
		/* a scan of many IDs takes long at 1200 baud: do not lose it to a
		 * stray key */
		m->quit_confirm = 1;
		m->dirty |= TUI_DIRTY_STATUS;
		return TUI_R_REDRAW_ALL;
	}
	m->quit = 1;
	return TUI_R_QUIT;
}

unsigned tui_global_key(tui_model *m, int ch)
{
	if (m->prompt.active)
		return prompt_key(m, ch);
	if (m->quit_confirm) {
		m->quit_confirm = 0;
		m->dirty |= TUI_DIRTY_STATUS;
		if (ch == 'y' || ch == 'Y') {
			m->quit = 1;
			return TUI_R_QUIT;
		}
		tui_status(m, TUI_STATUS_INFO, "not quitting");
		return TUI_R_REDRAW_ALL;
	}
	if (m->help)
		return help_key(m, ch);
	if (ch >= '1' && ch < '1' + (int)tui_n_views)
		return switch_view(m, (size_t)(ch - '1'));
	switch (ch) {
	case '\t':
		return switch_view(m, (m->view + 1) % tui_n_views);
	case KEY_BTAB:
		return switch_view(m, (m->view + tui_n_views - 1) % tui_n_views);
	case '?':
	case KEY_F(1):
		m->help = 1;
		m->help_scroll = 0;
		return TUI_R_REDRAW_ALL;
	case 'q':
	case 'Q':
		return ask_quit(m);
	case 'B':
		/* the controller presses it through the host (or says why not) */
		m->button_req = 1;
		return TUI_R_HANDLED | TUI_R_WAKE;
	}
	return TUI_R_IGNORED;
}

unsigned tui_dispatch_key(tui_model *m, int ch)
{
	/* --replay: its speed and end keys come before every view's */
	unsigned r = tui_replay_key(m, ch);
	if (r != TUI_R_IGNORED)
		return r;
	r = tui_global_key(m, ch);
	if (r != TUI_R_IGNORED)
		return r;
	const tui_view_ops *v = tui_current_view(m);
	if (tui_view_muted(m, v))
		return TUI_R_IGNORED;
	return v->key ? v->key(m, ch) : TUI_R_IGNORED;
}
