/* view_align.c - view 3, "Align" (see align.h): the view's table, its keys,
 * and its controller side, which drives the prober while the view is
 * shown.  The body is drawn in align_draw.c. */
#include <stdlib.h>
#include <string.h>

#include "tui/align.h"
#include "tui/controller.h"
#include "tui/view.h"

/* New probes repaint at most this often: a fast line answers a hundred
 * times a second, the periodic repaint catches the rest. */
#define PROBE_REPAINT_US 50000u

static const kmp_prober_status stopped = {KMP_PROBER_STOPPED, 0, "stopped"};

tui_align *tui_align_state(const tui_model *m)
{
	return tui_view_data(m, &tui_view_align);
}

int tui_align_window_quality(const tui_align *a, int x, int y)
{
	if (x < -TUI_ALIGN_HEAD_MAX || x > TUI_ALIGN_HEAD_MAX || y < -TUI_ALIGN_HEAD_MAX ||
	    y > TUI_ALIGN_HEAD_MAX)
		return 0;
	return a->window[y + TUI_ALIGN_HEAD_MAX][x + TUI_ALIGN_HEAD_MAX];
}

int tui_align_head_quality(const tui_align *a)
{
	return tui_align_window_quality(a, a->head_x, a->head_y);
}

void tui_align_set_window(tui_align *a, int (*quality)(int x, int y))
{
	for (int y = -TUI_ALIGN_HEAD_MAX; y <= TUI_ALIGN_HEAD_MAX; y++)
		for (int x = -TUI_ALIGN_HEAD_MAX; x <= TUI_ALIGN_HEAD_MAX; x++) {
			int q = quality(x, y);
			a->window[y + TUI_ALIGN_HEAD_MAX][x + TUI_ALIGN_HEAD_MAX] =
			        (unsigned char)(q < 0     ? 0
			                        : q > 100 ? 100
			                                  : q);
		}
	a->sim = 1;
}

static void ring_bell(void)
{
	beep(); /* the terminal's bell: audible, or a flash where it is off */
}

/* ---- model side ---------------------------------------------------------- */

static int align_init(tui_model *m, void **priv)
{
	(void)m;
	tui_align *a = calloc(1, sizeof *a);
	if (!a)
		return -1;
	kmp_prober_init(&a->prober, NULL, NULL); /* bound to the client in the first pump */
	a->status = stopped;
	a->ring = ring_bell;
	*priv = a;
	return 0;
}

static void align_fini(tui_model *m, void *priv)
{
	tui_align *a = priv;
	(void)m;
	if (!a)
		return;
	/* runs after the loop: the client is still there (the session closes
	 * later) but is never stepped again, so no callback can reach a */
	kmp_prober_stop(&a->prober);
	free(a);
}

static unsigned move_head(tui_model *m, tui_align *a, int dx, int dy, int home)
{
	if (!a->sim)
		return TUI_R_IGNORED; /* a real head is moved by hand */
	int x = home ? 0 : a->head_x + dx, y = home ? 0 : a->head_y + dy;
	x = x < -TUI_ALIGN_HEAD_MAX  ? -TUI_ALIGN_HEAD_MAX
	    : x > TUI_ALIGN_HEAD_MAX ? TUI_ALIGN_HEAD_MAX
	                             : x;
	y = y < -TUI_ALIGN_HEAD_MAX  ? -TUI_ALIGN_HEAD_MAX
	    : y > TUI_ALIGN_HEAD_MAX ? TUI_ALIGN_HEAD_MAX
	                             : y;
	if (x == a->head_x && y == a->head_y && a->head_moved)
		return TUI_R_HANDLED; /* at the edge of the meter */
	a->head_x = x;
	a->head_y = y;
	a->head_moved = 1;
	a->quality_req = 1;
	m->dirty |= TUI_DIRTY_PLUGIN;
	return TUI_R_REDRAW | TUI_R_WAKE;
}

static unsigned align_key(tui_model *m, int ch)
{
	tui_align *a = tui_align_state(m);
	if (!a)
		return TUI_R_IGNORED;
	switch (ch) {
	case 'b':
		a->bell = !a->bell;
		tui_status(m, TUI_STATUS_INFO,
		           a->bell ? "bell on: a beep for every good reply (b turns it off)"
		                   : "bell off");
		return TUI_R_REDRAW;
	case 'r':
		a->reset_req = 1;
		tui_status(m, TUI_STATUS_INFO,
		           "statistics reset: best, history and counts start over");
		return TUI_R_REDRAW | TUI_R_WAKE;
	case KEY_LEFT:
		return move_head(m, a, -1, 0, 0);
	case KEY_RIGHT:
		return move_head(m, a, 1, 0, 0);
	case KEY_UP:
		return move_head(m, a, 0, -1, 0);
	case KEY_DOWN:
		return move_head(m, a, 0, 1, 0);
	case KEY_HOME:
	case 'c':
		return move_head(m, a, 0, 0, 1);
	}
	return TUI_R_IGNORED;
}

static const char *align_footer(const tui_model *m)
{
	const tui_align *a = tui_align_state(m);
	if (a && a->sim)
		return "arrows move the head  c centre  b bell  r reset";
	return "b bell (a beep per good reply)  r reset statistics";
}

static uint64_t align_next_redraw(const tui_model *m)
{
	const tui_align *a = tui_align_state(m);
	return a && a->active ? m->now_us + TUI_ALIGN_REDRAW_US : 0;
}

static const char *const align_help[] = {
        "While shown, it probes with GetSerialNo as fast as the protocol",
        "allows; register polling (view 1) waits until you leave it.",
        "b           bell: a beep for every good reply (off at start)",
        "r           reset the statistics (best, history, counts)",
        "arrows      --sim: move the simulated head over the meter's window",
        "c Home      --sim: head back to the sweet spot",
        "            (--sim --sim-args \"--echo\": ECHO ONLY off the window)",
        NULL,
};

/* ---- controller side ----------------------------------------------------- */

static void enter(tui_ctl *ctl, tui_align *a, uint64_t now)
{
	tui_model *m = ctl->model;
	kmp_client_config def;
	kmp_client_config_default(&def);
	if (!a->bound) {
		kmp_prober_init(&a->prober, ctl->client, NULL);
		a->bound = 1;
	}
	/* a short timeout: a missing answer then costs little (prober.h) */
	a->user_timeout_ms = ctl->cfg->timeout_ms ? ctl->cfg->timeout_ms : def.timeout_ms;
	a->timeout_ms = kmp_probe_timeout_ms(a->user_timeout_ms);
	kmp_client_set_timeout(ctl->client, a->timeout_ms);
	/* the prober is the only submitter here: no register rounds (one under
	 * way gives way and is read again when the view closes), a scan waits */
	tui_owner_claim(&m->owners, TUI_OWNER_PROBER);
	kmp_prober_start(&a->prober, now);
	a->rung_ok = a->seen_total = 0;
	a->active = 1;
	m->dirty |= TUI_DIRTY_ALL;
}

static void leave(tui_ctl *ctl, tui_align *a)
{
	tui_model *m = ctl->model;
	kmp_prober_stop(&a->prober); /* one on the wire finishes unseen */
	kmp_client_set_timeout(ctl->client, a->user_timeout_ms);
	tui_owner_release(&m->owners, TUI_OWNER_PROBER);
	a->active = 0;
	a->status = stopped;
	m->dirty |= TUI_DIRTY_HEADER;
}

static void take_requests(tui_ctl *ctl, tui_align *a, uint64_t now)
{
	tui_model *m = ctl->model;
	if (a->quality_req) {
		a->quality_req = 0;
		/* the simulator rereads the file before the next request */
		const tui_sim_host *sim = ctl->host->sim;
		a->sim_error = !sim || !sim->set_quality ||
		               sim->set_quality(ctl->host->ctx, tui_align_head_quality(a)) != 0;
		m->dirty |= TUI_DIRTY_PLUGIN;
	}
	if (a->reset_req) {
		a->reset_req = 0;
		if (a->active) {
			kmp_prober_start(&a->prober, now);
			a->rung_ok = a->seen_total = 0;
			m->dirty |= TUI_DIRTY_PLUGIN;
		}
	}
}

static void align_pump(tui_ctl *ctl, uint64_t now)
{
	tui_model *m = ctl->model;
	tui_align *a = tui_align_state(m);
	if (!a)
		return;
	const tui_sim_host *sim = ctl->host->sim;
	if (sim && sim->head_quality && !a->sim) {
		tui_align_set_window(a, sim->head_quality);
		m->dirty |= TUI_DIRTY_STATUS | TUI_DIRTY_PLUGIN; /* footer and grid */
	}
	int shown = tui_current_view(m) == &tui_view_align;
	if (shown && !a->active)
		enter(ctl, a, now);
	else if (!shown && a->active)
		leave(ctl, a);
	take_requests(ctl, a, now);
	if (!a->active)
		return;

	kmp_prober_pump(&a->prober, now);
	kmp_prober_status st = kmp_prober_status_at(&a->prober, now);
	if (st.state != a->status.state)
		m->dirty |= TUI_DIRTY_PLUGIN;
	a->status = st;

	if (a->prober.serial_known && !m->link.have_serial) {
		/* the meter identity waits while the view probes: its GetSerialNo
		 * replies name the meter for the header meanwhile */
		m->link.serial = a->prober.serial;
		m->link.have_serial = 1;
		m->dirty |= TUI_DIRTY_HEADER;
	}
	const kmp_probe_stats *ps = kmp_prober_stats(&a->prober);
	if (ps->count[KMP_PROBE_OK] > a->rung_ok && a->bell && a->ring)
		a->ring(); /* once per turn at most: a click, not a tone */
	a->rung_ok = ps->count[KMP_PROBE_OK];
	if (ps->total != a->seen_total && now - a->marked_us >= PROBE_REPAINT_US) {
		a->seen_total = ps->total;
		a->marked_us = now;
		m->dirty |= TUI_DIRTY_PLUGIN;
	}
}

const tui_view_ops tui_view_align = {
        .name = "Align",
        .help = align_help,
        .redraw_on = TUI_DIRTY_PLUGIN,
        .init = align_init,
        .fini = align_fini,
        .draw = tui_align_draw,
        .key = align_key,
        .footer = align_footer,
        .next_redraw_us = align_next_redraw,
        .pump = align_pump,
        .live_only = 1,
};
