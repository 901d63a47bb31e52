/* header.c - the three header rows: link state and meter identity,
 * counters and poll state, and the view tabs. */
#include <stdio.h>
#include <string.h>

#include "kmp/msg.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/meter_state.h"
#include "tui/replay_ctl.h"
#include "tui/view.h"
#include "tui/widgets.h"

/* --sim: the banner takes the program name's place at the left of the
 * first row.  Where the device usually goes, last, an 80-column screen
 * would cut it off; and the simulator's pty path means nothing to anyone.
 * Without colours the row is already reverse video, so the banner is the
 * part in normal video there. */
static int draw_sim_banner(const tui_model *m, WINDOW *w)
{
	attr_t a = m->color ? tui_attr(m, TUI_ROLE_WARN) | A_REVERSE : A_BOLD;
	return tui_put(w, 0, 0, m->cols, " SIMULATED METER (kmpsim) ", a, 0, 0) + 1;
}

/* Link up: the link, then the meter's own state (answering, not answering
 * since T, asleep?, echo only: meter_state.h), then who it is and the
 * device.  The device goes last: a /dev/serial/by-id name is long, and it
 * is the part that may be cut on a narrow screen; before the meter's state
 * gives way, the software revision and the type do. */
static void draw_connected(const tui_model *m, WINDOW *w, int x)
{
	const tui_link_state *l = &m->link;
	attr_t title = tui_attr(m, TUI_ROLE_TITLE);
	char buf[600], sw[16], dev[300] = "", id[96] = "", serial[48] = "", state[96];
	const char *sep = tui_glyph_str(m, TUI_G_SEP);
	/* what goes before: the glyph, " connected", " | " */
	int cols = m->cols - x - tui_text_width(tui_glyph_str(m, TUI_G_UP)) - 10 - 3;
	if (l->have_serial)
		snprintf(serial, sizeof serial, " %s serial %u", sep, (unsigned)l->serial);
	if (!l->simulated)
		snprintf(dev, sizeof dev, " %s %s", sep, l->device);
	tui_meter_header_text(m, state, sizeof state);
	for (int shorter = 0; shorter < 3; shorter++) {
		id[0] = '\0';
		if (l->have_type && shorter < 2)
			snprintf(id, sizeof id, " %s type 0x%04X%s%s", sep, l->type.meter_type,
			         shorter ? "" : " sw ",
			         shorter ? "" : kmp_type_sw_text(&l->type, sw, sizeof sw));
		snprintf(buf, sizeof buf, "%s%s", id, serial);
		if (!state[0] || tui_text_width(buf) + tui_text_width(state) <= cols)
			break;
	}
	snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s", dev);
	x += tui_put(w, 0, x, m->cols - x, tui_glyph_str(m, TUI_G_UP), title, 0, 0);
	x += tui_put(w, 0, x, m->cols - x, " connected", title, 0, 0);
	if (state[0]) {
		/* the meter's state in words; reverse video when it needs the
		 * user (the colour only repeats it) */
		x += tui_put(w, 0, x, m->cols - x, " ", title, 0, 0);
		x += tui_put(w, 0, x, m->cols - x, sep, title, 0, 0);
		x += tui_put(w, 0, x, m->cols - x, " ", title, 0, 0);
		attr_t a = tui_meter_warns(m) ? tui_attr(m, TUI_ROLE_WARN) | A_REVERSE | A_BOLD
		                              : title;
		if (tui_meter_warns(m) && !m->color)
			a = A_BOLD; /* the row is reverse already: stand out by leaving it */
		x += tui_put(w, 0, x, m->cols - x, state, a, 0, 0);
	}
	tui_put(w, 0, x, m->cols - x, buf, title, 0, 0);
}

static void draw_link(const tui_model *m, WINDOW *w)
{
	const tui_link_state *l = &m->link;
	attr_t title = tui_attr(m, TUI_ROLE_TITLE);
	char buf[600];
	tui_fill_row(w, 0, 0, title);
	int x = 1;
	if (l->simulated)
		x = draw_sim_banner(m, w);
	else if (l->connected)
		x += tui_put(w, 0, x, 9, "kmpterm", title, 1, 0);
	if (l->connected) {
		draw_connected(m, w, x);
		return;
	}
	/* the words carry the state; the glyph and colour only repeat it.
	 * Link errors often start with the device already: say it once. */
	const char *name = l->simulated ? "the simulated meter" : l->device;
	const char *why = l->error[0] ? l->error : l->ever_connected ? "link lost" : "opening";
	size_t dl = strlen(l->device);
	if (dl && !strncmp(why, l->device, dl) && why[dl] == ':' && why[dl + 1] == ' ')
		why += dl + 2;
	tui_glyph g = l->ever_connected ? TUI_G_DOWN : TUI_G_WAIT;
	if (l->sim_ended[0])
		/* the simulator is gone: the pty's error would only confuse */
		snprintf(buf, sizeof buf, "%s %s", tui_glyph_str(m, TUI_G_DOWN), l->sim_ended);
	else if (l->phase == TUI_LINK_FAILED)
		snprintf(buf, sizeof buf, "%s gave up on %s: %s", tui_glyph_str(m, TUI_G_DOWN),
		         name, why);
	else if (l->phase == TUI_LINK_CONNECTING)
		snprintf(buf, sizeof buf, "%s connecting to %s...", tui_glyph_str(m, TUI_G_WAIT),
		         name);
	else
		snprintf(buf, sizeof buf, "%s %s %s: %s", tui_glyph_str(m, g),
		         l->ever_connected ? "reconnecting to" : "waiting for", name, why);
	/* the program's name gives way to why the link is down */
	if (!l->simulated && tui_text_width(buf) + 10 <= m->cols)
		x += tui_put(w, 0, x, 9, "kmpterm", title, 1, 0);
	tui_fill_row(w, 0, x, tui_attr(m, TUI_ROLE_ERR) | A_REVERSE);
	tui_put(w, 0, x, m->cols - x, buf, tui_attr(m, TUI_ROLE_ERR) | A_REVERSE, 0, 0);
}

static const char *poll_text(const tui_model *m, char *buf, size_t cap)
{
	const tui_poll_state *p = &m->poll;
	char iv[32], wait[32];
	tui_fmt_interval(p->interval_ms, iv, sizeof iv);
	if (m->replay.active)
		return tui_replay_state_text(m, buf, cap); /* nothing is polled */
	if (!m->regs.n)
		snprintf(buf, cap, "poll: no registers");
	else if (p->reading)
		snprintf(buf, cap, "poll: reading %zu/%zu", p->done, p->total);
	else if (p->paused)
		snprintf(buf, cap, "poll: PAUSED (space)");
	else if (p->held)
		snprintf(buf, cap, "poll: waits for the %s",
		         tui_owner_label(tui_owner_now(&m->owners)));
	else if (!m->link.connected)
		snprintf(buf, cap, "poll: waiting for the link");
	else if (p->next_us > m->now_us)
		snprintf(buf, cap, "poll every %s, next in %s", iv,
		         tui_fmt_wait((p->next_us - m->now_us + 999999u) / 1000000u, wait,
		                      sizeof wait));
	else
		snprintf(buf, cap, "poll every %s", iv);
	return buf;
}

/* The exchange counters: what went out, what came back, and the failed
 * exchanges by kind (only the kinds that happened).  Each failed exchange
 * is counted once, under one kind. */
static unsigned long counters_text(const kmp_client_stats *s, int detail, char *buf, size_t cap)
{
	char part[160];
	unsigned long failed = s->crc_errors + s->stuffing_errors + s->timeouts + s->echo_only +
	                       s->partials + s->garbage + s->other_errors;
	size_t o = 0;
	part[0] = '\0';
	const struct {
		const char *name;
		unsigned long n;
	} kinds[] = {{"no answer", s->timeouts}, {"echo only", s->echo_only},
	             {"CRC", s->crc_errors},     {"stuffing", s->stuffing_errors},
	             {"cut off", s->partials},   {"garbage", s->garbage},
	             {"other", s->other_errors}};
	for (size_t i = 0; detail && i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].n && o < sizeof part)
			o += (size_t)snprintf(part + o, sizeof part - o, "%s%s %lu",
			                      o ? ", " : " (", kinds[i].name, kinds[i].n);
	if (o && o < sizeof part)
		snprintf(part + o, sizeof part - o, ")");
	snprintf(buf, cap, "TX %lu  RX %lu  echo %lu  failed %lu%s", s->tx, s->rx, s->echoes,
	         failed, part);
	return failed;
}

static void draw_counters(const tui_model *m, WINDOW *w)
{
	const kmp_client_stats *s = &m->link.stats;
	char buf[256], p[96];
	attr_t title = tui_attr(m, TUI_ROLE_TITLE);
	poll_text(m, p, sizeof p);
	int pw = tui_text_width(p);
	/* the poll state keeps its place on the right; the counters give up
	 * their breakdown by kind first (view 2's errors filter has it) */
	unsigned long failed = counters_text(s, 1, buf, sizeof buf);
	if (tui_text_width(buf) + 3 + pw > m->cols - 2)
		counters_text(s, 0, buf, sizeof buf);
	tui_fill_row(w, 1, 0, title);
	int x = 1 + tui_put(w, 1, 1, m->cols - 2, buf, title | (failed ? A_BOLD : 0), 0, 0);
	int px = m->cols - pw - 1 > x + 2 ? m->cols - pw - 1 : x + 2;
	tui_put(w, 1, px, m->cols - px, p, title, 0, 0);
}

/* "link: alignment" when a feature other than the poller has the link;
 * "" otherwise. */
static const char *owner_text(const tui_model *m, char *buf, size_t cap)
{
	tui_owner o = tui_owner_now(&m->owners);
	buf[0] = '\0';
	if (o > TUI_OWNER_POLLER)
		snprintf(buf, cap, "link: %s", tui_owner_label(o));
	return buf;
}

static void draw_tabs(const tui_model *m, WINDOW *w)
{
	char buf[64], owner[64];
	tui_fill_row(w, 2, 0, tui_attr(m, TUI_ROLE_TAB));
	owner_text(m, owner, sizeof owner);
	/* every tab named, or, where that leaves no room for who has the link,
	 * the other tabs by their number only (the current one keeps its name) */
	int need = 1 + (owner[0] ? 1 + tui_text_width(owner) : 0);
	for (size_t i = 0; i < tui_n_views; i++)
		need += (int)strlen(tui_views[i]->name) + 5;
	int terse = need > m->cols;
	int x = 1;
	for (size_t i = 0; i < tui_n_views && x < m->cols; i++) {
		int cur = i == m->view;
		/* brackets mark the current tab without colour or reverse */
		if (cur)
			snprintf(buf, sizeof buf, "[%zu %s]", i + 1, tui_views[i]->name);
		else if (terse)
			snprintf(buf, sizeof buf, " %zu ", i + 1);
		else
			snprintf(buf, sizeof buf, " %zu %s ", i + 1, tui_views[i]->name);
		x += tui_put(w, 2, x, m->cols - x, buf,
		             tui_attr(m, cur ? TUI_ROLE_TAB_ACTIVE : TUI_ROLE_TAB), 0, 0);
		x += 1;
	}
	if (owner[0])
		tui_put(w, 2, x + 1, m->cols - x - 1, owner, tui_attr(m, TUI_ROLE_TAB), 0, 0);
}

void tui_header_draw(const tui_model *m, WINDOW *w)
{
	werase(w);
	if (m->replay.active)
		tui_replay_header_draw(m, w);
	else
		draw_link(m, w);
	draw_counters(m, w);
	draw_tabs(m, w);
}
