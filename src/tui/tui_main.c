/* tui_main.c - the terminal's loop: one thread, one poll() over the
 * keyboard and the link.
 *
 * Each turn: the controller pumps (submits what is due), the panes whose
 * topics changed are drawn (wnoutrefresh each, one doupdate), then poll()
 * sleeps until a key, link data, or the earliest deadline: the client's,
 * the next poll round, a once-a-second tick while something on screen
 * counts, or a status message to clear.  SIGWINCH interrupts poll() and
 * curses hands over KEY_RESIZE.  No nodelay+sleep polling anywhere. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "tui/colors.h"
#include "tui/controller.h"
#include "tui/tui.h"
#include "tui/view.h"

#define CTRL(c) ((c)&0x1f)
/* Longest sleep: an unlucky SIGWINCH or SIGINT that lands just before
 * poll() is noticed within this. */
#define MAX_SLEEP_MS 1000

/* How long the "Simulated meter" notice stays in the status line. */
#define SIM_NOTICE_US (20u * 1000000u)

const uint16_t tui_default_regs[] = {60, 68, 74, 80, 86, 87, 89, 266, 1002, 1003};
const size_t tui_n_default_regs = sizeof tui_default_regs / sizeof tui_default_regs[0];

void tui_config_default(tui_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->regs = tui_default_regs;
	cfg->n_regs = tui_n_default_regs;
	cfg->interval_ms = 10000;
	cfg->scan_from = cfg->scan_to = -1;
}

typedef struct tui_screen {
	SCREEN *scr;
	WINDOW *hdr, *body, *status, *footer;
	int small;         /* too small: stdscr shows the message */
	uint64_t body_due; /* time-driven redraws, 0: none */
	uint64_t hdr_due;
} tui_screen;

static void drop_windows(tui_screen *u)
{
	WINDOW **ws[] = {&u->hdr, &u->body, &u->status, &u->footer};
	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
		if (*ws[i])
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

/* (Re)build the panes for the current size. */
static void layout(tui_screen *u, tui_model *m)
{
	drop_windows(u);
	getmaxyx(stdscr, m->rows, m->cols);
	m->dirty = TUI_DIRTY_ALL;
	werase(stdscr);
	wnoutrefresh(stdscr);
	u->small = !tui_fits(m);
	if (u->small)
		return;
	int body = tui_body_rows(m);
	u->hdr = newwin(TUI_HEADER_ROWS, m->cols, 0, 0);
	u->body = newwin(body, m->cols, TUI_HEADER_ROWS, 0);
	u->status = newwin(1, m->cols, m->rows - 2, 0);
	u->footer = newwin(1, m->cols, m->rows - 1, 0);
	if (!u->hdr || !u->body || !u->status || !u->footer) {
		drop_windows(u);
		u->small = 1; /* out of memory: at least say something */
	}
}

static uint64_t next_second(const tui_model *m)
{
	uint64_t since = m->now_us - m->start_us;
	return m->now_us + (1000000u - since % 1000000u);
}

static void render(tui_screen *u, tui_model *m)
{
	tui_status_expire(m);
	if (u->small) {
		if (m->dirty) {
			tui_too_small_draw(m, stdscr);
			wnoutrefresh(stdscr);
			doupdate();
		}
		m->dirty = 0;
		return;
	}
	const tui_view_ops *v = tui_current_view(m);
	if (u->hdr_due && m->now_us >= u->hdr_due)
		m->dirty |= TUI_DIRTY_HEADER;
	if (u->body_due && m->now_us >= u->body_due)
		m->dirty |= TUI_DIRTY_VIEW;
	if (!m->dirty)
		return;
	if (m->dirty & TUI_DIRTY_HEADER) {
		tui_header_draw(m, u->hdr);
		wnoutrefresh(u->hdr);
		/* "next in 7s" counts down: tick while it shows */
		u->hdr_due = m->poll.next_us > m->now_us && !m->poll.paused ? next_second(m) : 0;
	}
	if (m->dirty & (v->redraw_on | TUI_DIRTY_VIEW)) {
		if (m->help) {
			tui_help_draw(m, u->body);
			u->body_due = 0;
		} else if (tui_view_muted(m, v)) {
			tui_view_muted_draw(m, u->body);
			u->body_due = 0;
		} else {
			v->draw(m, u->body);
			u->body_due = v->next_redraw_us ? v->next_redraw_us(m) : 0;
		}
		wnoutrefresh(u->body);
	}
	if (m->dirty & TUI_DIRTY_STATUS) {
		tui_statusbar_draw(m, u->status, u->footer);
		wnoutrefresh(u->status);
		wnoutrefresh(u->footer);
	}
	doupdate();
	m->dirty = 0;
}

static void on_key(tui_screen *u, tui_model *m, int ch)
{
	if (ch == KEY_RESIZE) {
		layout(u, m);
		return;
	}
	if (ch == CTRL('l')) {
		clearok(curscr, TRUE);
		m->dirty = TUI_DIRTY_ALL;
		return;
	}
	if (ch == ERR)
		return;
	unsigned r = tui_dispatch_key(m, ch);
	if (r & TUI_R_REDRAW)
		m->dirty |= TUI_DIRTY_VIEW;
	if (r & TUI_R_REDRAW_ALL)
		m->dirty = TUI_DIRTY_ALL;
}

/* Milliseconds until t (0 if past), folded into *timeout. */
static void earliest(int *timeout, uint64_t t, uint64_t now)
{
	if (!t)
		return;
	uint64_t d = t <= now ? 0 : (t - now + 999) / 1000;
	int ms = d > MAX_SLEEP_MS ? MAX_SLEEP_MS : (int)d; /* a message that never expires */
	if (*timeout < 0 || ms < *timeout)
		*timeout = ms;
}

static int interrupted(const tui_host *host)
{
	return host->interrupted && *host->interrupted;
}

static int loop(tui_screen *u, tui_model *m, tui_ctl *ctl, kmp_client *client, char *err,
                size_t cap)
{
	while (!interrupted(ctl->host)) {
		uint64_t now = kmp_now_us();
		m->now_us = now;
		tui_ctl_pump(ctl, now);
		if (m->quit)
			break;
		render(u, m);

		struct pollfd pfd[2] = {{.fd = STDIN_FILENO, .events = POLLIN}};
		/* --replay has no client: the keyboard and the replay clock */
		nfds_t n = 1 + (nfds_t)(client ? kmp_client_pollfd(client, &pfd[1]) : 0);
		int timeout = client ? kmp_client_timeout_ms(client, now) : -1;
		earliest(&timeout, tui_ctl_wake_us(ctl), now);
		earliest(&timeout, u->body_due, now);
		earliest(&timeout, u->hdr_due, now);
		earliest(&timeout, m->status[0] ? m->status_until_us : 0, now);
		if (timeout < 0 || timeout > MAX_SLEEP_MS)
			timeout = MAX_SLEEP_MS;
		int r = poll(pfd, n, timeout);
		if (r < 0 && errno != EINTR) {
			snprintf(err, cap, "poll: %s", strerror(errno));
			return -1;
		}
		now = kmp_now_us();
		if (client)
			kmp_client_step(client, r > 0 && n == 2 ? pfd[1].revents : 0, now);
		m->now_us = now;
		if (r > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break; /* the terminal went away: nobody to show anything to */
		/* keys, and KEY_RESIZE after SIGWINCH even when stdin was quiet */
		for (int ch; (ch = getch()) != ERR;)
			on_key(u, m, ch);
	}
	return 0;
}

/* The trace starts with the link's state: the session opened the link
 * before the terminal's observer was installed. */
static void initial_event(tui_ctl *ctl, kmp_client *client)
{
	kmp_event ev = {.kind = KMP_EV_LINK_UP, .t_us = kmp_now_us()};
	clock_gettime(CLOCK_REALTIME, &ev.wall);
	if (kmp_client_connected(client)) {
		ev.detail = "open";
	} else {
		ev.kind = KMP_EV_LINK_DOWN;
		ev.detail = kmp_client_link_error(client);
	}
	tui_ring_push(&ctl->model->trace.ring, &ev, !ctl->model->utf8);
}

static int start_curses(tui_screen *u, const tui_config *cfg, tui_model *m, char *err, size_t cap)
{
	u->scr = newterm(NULL, stdout, stdin);
	if (!u->scr) {
		snprintf(err, cap, "cannot start the terminal on TERM=%s",
		         getenv("TERM") ? getenv("TERM") : "(unset)");
		return -1;
	}
	set_term(u->scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* getch only drains what poll() said is there: never a wait loop */
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	/* the loop polls stdin itself: let doupdate() write a redraw in one go
	 * instead of peeking at the keyboard every few lines */
	typeahead(-1);
	curs_set(0);
	m->utf8 = tui_locale_utf8();
	m->color = tui_color_wanted(cfg->no_color) && tui_colors_start();
	return 0;
}

int tui_run(kmp_client *client, const tui_config *cfg, const tui_host *host, char *err, size_t cap)
{
	static const tui_host no_host = {0};
	tui_screen u;
	tui_ctl ctl;
	int rc_start = 0;
	tui_model *m = calloc(1, sizeof *m); /* ~half a MB with 256 rows: not on the stack */
	memset(&u, 0, sizeof u);
	host = host ? host : &no_host;
	if (!m || tui_model_init(m, cfg->replay ? NULL : cfg->regs, cfg->replay ? 0 : cfg->n_regs,
	                         cfg->interval_ms, kmp_now_us()) != 0) {
		free(m);
		snprintf(err, cap, "out of memory");
		return -1;
	}
	if (start_curses(&u, cfg, m, err, cap) != 0 || tui_views_init(m) != 0) {
		if (u.scr) {
			endwin();
			delscreen(u.scr);
			snprintf(err, cap, "out of memory");
		}
		tui_model_free(m);
		free(m);
		return -1;
	}
	tui_ctl_init(&ctl, client, m, cfg, host);
	if (m->link.simulated) {
		tui_status(m, TUI_STATUS_INFO,
		           "Simulated meter: values are made up; press ? for keys");
		/* longer than other messages: it is what a newcomer trying
		 * `make demo` reads first (the header banner stays) */
		m->status_until_us = m->now_us + SIM_NOTICE_US;
	}
	if (cfg->replay) {
		if (tui_replay_start(&ctl, kmp_now_us()) != 0) {
			snprintf(err, cap, "out of memory");
			rc_start = -1;
		}
	} else {
		initial_event(&ctl, client);
	}
	if (host->observe && !cfg->replay)
		host->observe(host->ctx, tui_ctl_observer, &ctl);
	layout(&u, m);

	int rc = rc_start ? rc_start : loop(&u, m, &ctl, client, err, cap);

	if (host->observe && !cfg->replay)
		host->observe(host->ctx, NULL, NULL);
	tui_ctl_stop(&ctl);
	drop_windows(&u);
	endwin();
	delscreen(u.scr);
	tui_views_fini(m);
	tui_model_free(m);
	free(m);
	return rc;
}
