/* controller.c - between the client and the model (see controller.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "tui/controller.h"
#include "tui/view.h"

void tui_ctl_init(tui_ctl *c, struct app_session *s, kmp_client *client, tui_model *m,
                  unsigned retries)
{
	memset(c, 0, sizeof *c);
	c->session = s;
	c->client = client;
	c->model = m;
	c->retries = retries;
}

void tui_ctl_observer(void *ctx, const kmp_event *ev)
{
	tui_ctl *c = ctx;
	tui_model *m = c->model;
	tui_ring_push(&m->trace.ring, ev, !m->utf8);
	m->dirty |= TUI_DIRTY_TRACE | TUI_DIRTY_HEADER;
	if (ev->kind == KMP_EV_LINK_UP)
		c->link_up_seen = 1; /* a drop and reopen between two turns still counts */
	for (size_t i = 0; i < tui_n_views; i++)
		if (tui_views[i]->on_event)
			tui_views[i]->on_event(c, ev);
}

/* --- link state and meter identity -------------------------------------- */

static void on_connected(tui_ctl *c)
{
	tui_model *m = c->model;
	m->link.connected = 1;
	m->link.ever_connected = 1;
	m->link.error[0] = '\0';
	/* the meter behind the head may have changed: ask again */
	c->ident.want_type = c->ident.want_serial = 1;
	c->ident.attempts = 0;
	/* read at once instead of waiting out the interval */
	c->poller.due_now = 1;
	m->dirty |= TUI_DIRTY_HEADER;
}

static void sync_link(tui_ctl *c)
{
	tui_model *m = c->model;
	int conn = kmp_client_connected(c->client);
	if (!m->link.device[0])
		snprintf(m->link.device, sizeof m->link.device, "%s", kmp_client_device(c->client));
	if (conn && (!m->link.connected || c->link_up_seen))
		on_connected(c);
	c->link_up_seen = 0;
	if (!conn && m->link.connected) {
		m->link.connected = 0;
		m->dirty |= TUI_DIRTY_HEADER;
	}
	const char *err = kmp_client_link_error(c->client);
	if (!conn && strcmp(err, m->link.error) != 0) {
		snprintf(m->link.error, sizeof m->link.error, "%s", err);
		m->dirty |= TUI_DIRTY_HEADER;
	}
	const kmp_client_stats *st = kmp_client_stats_get(c->client);
	if (memcmp(st, &m->link.stats, sizeof *st) != 0) {
		m->link.stats = *st;
		m->dirty |= TUI_DIRTY_HEADER;
	}
}

static void ident_done(void *ctx, const kmp_result *r)
{
	tui_ctl *c = ctx;
	tui_model *m = c->model;
	int type = r->req->cid == KMP_CID_GET_TYPE;
	c->ident.in_flight = 0;
	m->dirty |= TUI_DIRTY_HEADER;
	if (r->status == KMP_OK) {
		if (type) {
			m->link.type = r->msg->type;
			m->link.have_type = 1;
			c->ident.want_type = 0;
		} else {
			m->link.serial = r->msg->serial;
			m->link.have_serial = 1;
			c->ident.want_serial = 0;
		}
		c->ident.attempts = 0;
		return;
	}
	if (r->status == KMP_ERR_CLOSED)
		return; /* asked again after the reconnect */
	if (++c->ident.attempts > c->retries) {
		/* some meters answer registers but not this: do not insist */
		tui_status(m, TUI_STATUS_ERROR, "no valid answer to %s (%s)",
		           type ? "GetType" : "GetSerialNo", kmp_strerror(r->status));
		if (type)
			c->ident.want_type = 0;
		else
			c->ident.want_serial = 0;
		c->ident.attempts = 0;
	}
}

static void ident_pump(tui_ctl *c)
{
	tui_ident *id = &c->ident;
	/* the align view is the only submitter while it is shown: on a silent
	 * meter these retries would hold its probes back for many seconds */
	if (id->in_flight || !(id->want_type || id->want_serial) || !c->model->link.connected ||
	    c->model->align_active || kmp_client_busy(c->client))
		return;
	kmp_request req = {.cid = id->want_type ? KMP_CID_GET_TYPE : KMP_CID_GET_SERIAL};
	if (kmp_client_submit(c->client, &req, ident_done, c) == KMP_OK)
		id->in_flight = 1;
}

/* --- the register poller ------------------------------------------------- */

static void start_round(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	tui_poller *p = &c->poller;
	uint16_t ids[TUI_MAX_REGS];
	for (size_t i = 0; i < m->regs.n; i++)
		ids[i] = m->regs.rows[i].id;
	if (kmp_reader_start(&p->reader, c->client, ids, m->regs.n, c->retries) != KMP_OK)
		return;
	memset(p->applied, 0, sizeof p->applied);
	p->active = 1;
	p->due_now = 0;
	p->round_start_us = now;
}

/* Copy the readings that came in since the last turn. */
static void apply_readings(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	tui_poller *p = &c->poller;
	size_t done = 0;
	for (size_t i = 0; i < p->reader.n; i++) {
		const kmp_reading *rd = &p->reader.readings[i];
		if (!p->applied[i] && rd->state != KMP_READING_PENDING) {
			p->applied[i] = 1;
			/* a dropped link says nothing about the registers: the
			 * header reports it and the rows keep what they had */
			if (!(rd->state == KMP_READING_FAILED && rd->error == KMP_ERR_CLOSED) &&
			    tui_regs_apply(&m->regs, rd, now))
				m->dirty |= TUI_DIRTY_REGS;
		}
		done += p->applied[i];
	}
	if (done != m->poll.done)
		m->dirty |= TUI_DIRTY_HEADER;
	m->poll.done = done;
	m->poll.total = p->reader.n;
}

static uint64_t round_due(const tui_ctl *c, uint64_t now)
{
	const tui_poller *p = &c->poller;
	if (p->due_now || !p->round_start_us)
		return now;
	/* from the start of the last round, so +/- apply at once */
	return p->round_start_us + (uint64_t)c->model->poll.interval_ms * 1000u;
}

static void poller_pump(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	tui_poll_state *ps = &m->poll;
	tui_poller *p = &c->poller;
	if (ps->set_changed) {
		ps->set_changed = 0;
		if (p->active)
			kmp_reader_stop(&p->reader);
		p->active = 0;
		p->due_now = 1;
	}
	if (ps->read_now) {
		ps->read_now = 0;
		p->due_now = !p->active;
	}
	int hold = m->scan_running || m->align_active;
	if (ps->held != hold)
		m->dirty |= TUI_DIRTY_HEADER;
	ps->held = hold;
	uint64_t due = round_due(c, now);
	if (ps->next_us != due)
		m->dirty |= TUI_DIRTY_HEADER;
	ps->next_us = due;
	/* a scan owns the link while it runs, the align view while it is
	 * shown: polling in between would slow them and mix traffic */
	if (!p->active && !ps->paused && !ps->held && m->link.connected && m->regs.n && due <= now)
		start_round(c, now);
	if (!p->active) {
		/* a round cut short (set changed, held) reads no more */
		if (ps->reading)
			m->dirty |= TUI_DIRTY_HEADER;
		ps->reading = 0;
		return;
	}
	kmp_reader_pump(&p->reader);
	apply_readings(c, now);
	if (kmp_reader_done(&p->reader)) {
		p->active = 0;
		ps->next_us = round_due(c, now);
		m->dirty |= TUI_DIRTY_HEADER;
	}
	if (ps->reading != p->active)
		m->dirty |= TUI_DIRTY_HEADER;
	ps->reading = p->active;
}

/* --- requests left by keys ----------------------------------------------- */

static void write_trace(tui_ctl *c)
{
	tui_model *m = c->model;
	char name[96], path[128];
	struct timespec wall;
	size_t n = 0;
	clock_gettime(CLOCK_REALTIME, &wall);
	tui_trace_file_name(&wall, name, sizeof name);
	snprintf(path, sizeof path, "./%s", name);
	int rc = tui_ring_write(&m->trace.ring, path, &n);
	if (rc == EEXIST) {
		/* two presses within a second */
		for (int k = 2; k < 100 && rc == EEXIST; k++) {
			snprintf(path, sizeof path, "./%.*s-%d.log", (int)strlen(name) - 4, name,
			         k);
			rc = tui_ring_write(&m->trace.ring, path, &n);
		}
	}
	if (rc)
		tui_status(m, TUI_STATUS_ERROR, "cannot write %s: %s", path, strerror(rc));
	else
		tui_status(m, TUI_STATUS_INFO, "wrote %zu entr%s to %s", n, n == 1 ? "y" : "ies",
		           path);
}

void tui_ctl_pump(tui_ctl *c, uint64_t now_us)
{
	tui_model *m = c->model;
	sync_link(c);
	if (m->trace.write_req) {
		m->trace.write_req = 0;
		write_trace(c);
	}
	/* the meter's identity first, then the views' own exchanges, then
	 * the poller: each submits only when the client is free */
	ident_pump(c);
	for (size_t i = 0; i < tui_n_views; i++)
		if (tui_views[i]->pump)
			tui_views[i]->pump(c, now_us);
	poller_pump(c, now_us);
}

uint64_t tui_ctl_wake_us(const tui_ctl *c)
{
	const tui_model *m = c->model;
	uint64_t wake = 0;
	if (!c->poller.active && !m->poll.paused && !m->scan_running && !m->align_active &&
	    m->link.connected && m->regs.n)
		wake = m->poll.next_us ? m->poll.next_us : 1;
	for (size_t i = 0; i < tui_n_views; i++) {
		if (!tui_views[i]->wake_us)
			continue;
		uint64_t v = tui_views[i]->wake_us(c);
		if (v && (!wake || v < wake))
			wake = v;
	}
	return wake;
}

void tui_ctl_stop(tui_ctl *c)
{
	if (c->poller.active)
		kmp_reader_stop(&c->poller.reader);
	c->poller.active = 0;
	kmp_client_cancel(c->client);
}
