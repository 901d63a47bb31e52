/* replay_ctl.c - the terminal on a recorded session (see replay_ctl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/iso_time.h"
#include "tui/colors.h"
#include "tui/controller.h"
#include "tui/replay_ctl.h"
#include "tui/view.h"
#include "tui/widgets.h"

static const unsigned speeds[] = TUI_REPLAY_SPEEDS;

/* Where the replay clock stands at real time now. */
static uint64_t clock_at(const tui_replay_drive *d, const tui_model *m, uint64_t now)
{
	uint64_t pos = d->pos0 + (now > d->real0 ? (now - d->real0) * d->speed : 0);
	return pos < m->replay.end_us ? pos : m->replay.end_us;
}

int tui_replay_start(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	tui_replay_drive *d = &c->replay;
	const kmp_replay *rec = c->cfg->replay;
	memset(d, 0, sizeof *d);
	d->scratch = malloc(sizeof *d->scratch);
	d->asked = calloc(2, 65536 / 8);
	if (!d->scratch || !d->asked) {
		tui_replay_stop(c);
		return -1;
	}
	d->asked_again = d->asked + 65536 / 8;
	d->rec = rec;
	d->real0 = now;
	d->speed = 1;
	kmp_tracker_init(&d->tracker);
	m->replay.active = 1;
	m->replay.speed = 1;
	m->replay.total = rec->n;
	m->replay.end_us = rec->n ? rec->items[rec->n - 1].t_us : 0;
	if (rec->n)
		m->replay.first_wall = rec->items[0].wall;
	snprintf(m->replay.name, sizeof m->replay.name, "%s",
	         c->cfg->replay_name ? c->cfg->replay_name : "");
	snprintf(m->link.device, sizeof m->link.device, "%s", m->replay.name);
	m->poll.paused = 1;
	m->dirty = TUI_DIRTY_ALL;
	if (rec->n_errors)
		tui_status(m, TUI_STATUS_ERROR, "%u line%s not replayed (first: line %u: %s)",
		           rec->n_errors, rec->n_errors == 1 ? "" : "s", rec->error_line,
		           rec->error);
	return 0;
}

void tui_replay_stop(tui_ctl *c)
{
	free(c->replay.scratch);
	free(c->replay.asked);
	c->replay.scratch = NULL;
	c->replay.asked = c->replay.asked_again = NULL;
}

/* What an exchange settled, into the model as the live poller would. */
static void apply(tui_ctl *c, const kmp_outcome *o, uint64_t t)
{
	tui_model *m = c->model;
	switch (o->kind) {
	case KMP_OUTCOME_TYPE:
		m->link.type = o->type;
		m->link.have_type = 1;
		break;
	case KMP_OUTCOME_SERIAL:
		m->link.serial = o->serial;
		m->link.have_serial = 1;
		break;
	case KMP_OUTCOME_REGISTERS:
		for (size_t i = 0; i < o->n; i++) {
			uint16_t id = o->readings[i].id;
			int polled = c->replay.asked_again[id / 8] >> (id % 8) & 1;
			/* the table holds every register the recording read, and
			 * those it polled */
			if (!tui_regs_find(&m->regs, id) &&
			    ((o->readings[i].state != KMP_READING_OK && !polled) ||
			     tui_regs_add(&m->regs, &id, 1) < 0))
				continue;
			tui_regs_apply(&m->regs, &o->readings[i], t);
		}
		m->dirty |= TUI_DIRTY_REGS;
		break;
	case KMP_OUTCOME_NONE:
		break;
	}
	m->dirty |= TUI_DIRTY_HEADER;
}

static void show(tui_ctl *c, size_t i, uint64_t t)
{
	tui_model *m = c->model;
	tui_replay_drive *d = &c->replay;
	kmp_event ev;
	kmp_outcome o;
	kmp_replay_event(d->rec, i, 0, &ev, d->scratch);
	ev.t_us = t;
	if (ev.kind == KMP_EV_TX && ev.msg && ev.msg->cid == KMP_CID_GET_REGISTER)
		for (size_t k = 0; k < ev.msg->n_ids; k++) {
			uint16_t id = ev.msg->ids[k];
			if (d->asked[id / 8] >> (id % 8) & 1)
				d->asked_again[id / 8] |= (uint8_t)(1u << (id % 8));
			d->asked[id / 8] |= (uint8_t)(1u << (id % 8));
		}
	tui_ctl_observer(c, &ev);
	if (ev.kind == KMP_EV_LINK_UP) {
		m->link.connected = 1;
		m->link.ever_connected = 1;
	} else if (ev.kind == KMP_EV_LINK_DOWN) {
		m->link.connected = 0;
		m->link.lost_us = t; /* older values are stale, as they were */
		m->dirty |= TUI_DIRTY_REGS;
	}
	if (kmp_tracker_feed(&d->tracker, &ev, &o))
		apply(c, &o, t);
	m->link.stats = d->tracker.stats;
	m->replay.pos_wall = ev.wall;
}

/* The real time entry i is due at (now when it is already due). */
static uint64_t due_at(const tui_replay_drive *d, size_t i)
{
	uint64_t t = d->rec->items[i].t_us;
	return t <= d->pos0 ? d->real0 : d->real0 + (t - d->pos0) / d->speed;
}

void tui_replay_pump(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	tui_replay_drive *d = &c->replay;
	if (m->replay.speed != d->speed || m->replay.end_req) {
		/* a new anchor: the clock goes on from where it is */
		d->pos0 = m->replay.end_req ? m->replay.end_us : clock_at(d, m, now);
		d->real0 = now;
		d->speed = m->replay.speed;
		m->replay.end_req = 0;
	}
	uint64_t pos = clock_at(d, m, now);
	while (d->next < d->rec->n && d->rec->items[d->next].t_us <= pos) {
		uint64_t t = due_at(d, d->next);
		show(c, d->next, t < now ? t : now);
		d->next++;
	}
	if (d->next == d->rec->n && !d->ended) {
		kmp_outcome o;
		d->ended = 1;
		if (kmp_tracker_end(&d->tracker, &o))
			apply(c, &o, now);
	}
	/* said once the status line is free: a message of a key just
	 * pressed (a speed) is not overwritten by it */
	if (d->ended && !d->end_said && !m->status[0]) {
		d->end_said = 1;
		tui_status(m, TUI_STATUS_INFO, "end of the recording: %zu entr%s (q quits)",
		           d->rec->n, d->rec->n == 1 ? "y" : "ies");
		m->status_until_us = UINT64_MAX;
	}
	if (m->replay.shown != d->next || m->replay.pos_us / 1000000u != pos / 1000000u)
		m->dirty |= TUI_DIRTY_HEADER;
	m->replay.shown = d->next;
	m->replay.pos_us = pos;
}

uint64_t tui_replay_wake_us(const tui_ctl *c)
{
	const tui_replay_drive *d = &c->replay;
	const tui_model *m = c->model;
	if (!d->rec || (d->ended && d->end_said))
		return 0;
	if (d->ended) /* the end is said when the status line is free */
		return m->status[0] ? m->status_until_us : 1;
	if (d->next >= d->rec->n)
		return 1; /* settle the end at once */
	uint64_t wake = due_at(d, d->next);
	/* the header's clock ticks once a second of the recording, at most
	 * 5 times a real second (100x would wake the loop 100 times) */
	uint64_t pos = m->replay.pos_us;
	uint64_t tick = d->real0 + ((pos / 1000000u + 1) * 1000000u - d->pos0) / d->speed;
	if (tick < m->now_us + 200000u)
		tick = m->now_us + 200000u;
	return tick < wake ? tick : wake;
}

unsigned tui_replay_key(tui_model *m, int ch)
{
	tui_replay_state *r = &m->replay;
	if (!r->active || m->prompt.active || m->help || m->quit_confirm)
		return TUI_R_IGNORED;
	if (ch == '>') {
		size_t n = sizeof speeds / sizeof speeds[0], i = 0;
		while (i < n && speeds[i] != r->speed)
			i++;
		r->speed = speeds[(i + 1) % n];
		tui_status(m, TUI_STATUS_INFO, "replay at %ux the recorded speed", r->speed);
		m->dirty |= TUI_DIRTY_HEADER;
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	}
	if (ch == 'E') {
		r->end_req = 1;
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	}
	return TUI_R_IGNORED;
}

/* "12:00:05" of the recording's clock (UTC), from the first entry's time. */
static const char *clock_text(const tui_model *m, uint64_t pos_us, char *buf, size_t cap)
{
	struct timespec w = m->replay.first_wall;
	char iso[KMP_ISO_TIME_MAX];
	uint64_t ns = (uint64_t)w.tv_nsec + (pos_us % 1000000u) * 1000u;
	w.tv_sec += (time_t)(pos_us / 1000000u + ns / 1000000000u);
	w.tv_nsec = (long)(ns % 1000000000u);
	kmp_iso_time(&w, iso, sizeof iso);
	snprintf(buf, cap, "%.8s", iso + 11);
	return buf;
}

void tui_replay_header_draw(const tui_model *m, WINDOW *w)
{
	const tui_link_state *l = &m->link;
	attr_t title = tui_attr(m, TUI_ROLE_TITLE);
	attr_t banner = m->color ? tui_attr(m, TUI_ROLE_WARN) | A_REVERSE : A_BOLD;
	const char *sep = tui_glyph_str(m, TUI_G_SEP);
	char buf[700], id[96] = "", serial[48] = "", sw[16];
	tui_fill_row(w, 0, 0, title);
	int x = tui_put(w, 0, 0, m->cols, " REPLAY ", banner, 0, 0) + 1;
	if (l->have_type)
		snprintf(id, sizeof id, " %s type 0x%04X sw %s", sep, l->type.meter_type,
		         kmp_type_sw_text(&l->type, sw, sizeof sw));
	if (l->have_serial)
		snprintf(serial, sizeof serial, " %s serial %u", sep, (unsigned)l->serial);
	/* the file goes first: it is what this screen shows; a long path
	 * gives way to its last part so the meter's identity stays */
	const char *name = m->replay.name, *slash = strrchr(name, '/');
	snprintf(buf, sizeof buf, "%s%s%s", name, id, serial);
	if (slash && tui_text_width(buf) > m->cols - x)
		snprintf(buf, sizeof buf, "%s%s%s", slash + 1, id, serial);
	tui_put(w, 0, x, m->cols - x, buf, title, 0, 0);
}

const char *tui_replay_state_text(const tui_model *m, char *buf, size_t cap)
{
	const tui_replay_state *r = &m->replay;
	char at[16], end[16];
	if (r->shown >= r->total)
		snprintf(buf, cap, "end %s, %zu entries", clock_text(m, r->end_us, end, sizeof end),
		         r->total);
	else
		snprintf(buf, cap, "%ux %s of %s, %zu/%zu", r->speed,
		         clock_text(m, r->pos_us, at, sizeof at),
		         clock_text(m, r->end_us, end, sizeof end), r->shown, r->total);
	return buf;
}
