/* controller.c - between the client and the model (see controller.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "tui/controller.h"
#include "tui/meter_state.h"
#include "tui/view.h"

/* How often the controller asks whether the simulator is still there. */
#define SIM_CHECK_US 1000000u
/* A simulator that ends again this soon after a restart waits this long
 * before the next one: a --sim-args mistake must not spin. */
#define SIM_RESTART_QUIET_US 10000000u
#define SIM_RESTART_DELAY_US 5000000u

static const tui_host no_host = {0};
static const tui_config no_config = {.interval_ms = 10000};

void tui_ctl_init(tui_ctl *c, kmp_client *client, tui_model *m, const tui_config *cfg,
                  const tui_host *host)
{
	memset(c, 0, sizeof *c);
	c->client = client;
	c->model = m;
	c->cfg = cfg ? cfg : &no_config;
	c->host = host ? host : &no_host;
	m->link.simulated = c->cfg->simulated;
	m->family = c->cfg->family;
	tui_recorder_init(&c->rec);
}

void tui_ctl_observer(void *ctx, const kmp_event *ev)
{
	tui_ctl *c = ctx;
	tui_model *m = c->model;
	tui_ring_push(&m->trace.ring, ev, !m->utf8);
	m->dirty |= TUI_DIRTY_TRACE | TUI_DIRTY_HEADER;
	if (ev->kind == KMP_EV_LINK_UP)
		c->link_up_seen = 1; /* a drop and reopen between two turns still counts */
	if (tui_meter_event(m, ev)) {
		/* a meter that slept through the identity questions is asked
		 * again once it answers */
		c->ident.want_type |= !m->link.have_type;
		c->ident.want_serial |= !m->link.have_serial;
		c->ident.attempts = 0;
	}
	for (size_t i = 0; i < tui_n_views; i++)
		if (tui_views[i]->on_event)
			tui_views[i]->on_event(c, ev);
}

/* --- link state and meter identity -------------------------------------- */

/* The client's link state, in the model's words. */
static int link_phase(const tui_ctl *c)
{
	switch (kmp_client_link_state(c->client)) {
	case KMP_LINK_UP:
		return TUI_LINK_UP;
	case KMP_LINK_CONNECTING:
		return TUI_LINK_CONNECTING;
	case KMP_LINK_FAILED:
		return TUI_LINK_FAILED;
	case KMP_LINK_DOWN:
		break;
	}
	return TUI_LINK_DOWN;
}

static void on_connected(tui_ctl *c)
{
	tui_model *m = c->model;
	m->link.connected = 1;
	m->link.ever_connected = 1;
	m->link.error[0] = '\0';
	m->link.sim_ended[0] = '\0';
	c->watch.failed_said = 0;
	/* the meter behind the head may have changed: ask again */
	c->ident.want_type = c->ident.want_serial = 1;
	c->ident.attempts = 0;
	/* read at once instead of waiting out the interval */
	c->poller.due_now = 1;
	m->dirty |= TUI_DIRTY_HEADER | TUI_DIRTY_REGS;
}

static void on_lost(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	m->link.connected = 0;
	/* every value read before now is what the meter said then: stale */
	m->link.lost_us = now;
	m->dirty |= TUI_DIRTY_HEADER | TUI_DIRTY_REGS;
}

/* What is wrong with the link is said once in the status line, with what
 * to try (the link's message names it, e.g. `kmpterm ports`), while the
 * header keeps the short form: a permanent error (the client stopped
 * retrying) for as long as nothing else is said, and each new reason
 * the device cannot be opened before it ever was. */
static void say_link_error(tui_ctl *c, int phase)
{
	tui_model *m = c->model;
	if (phase == TUI_LINK_FAILED) {
		if (c->watch.failed_said)
			return;
		c->watch.failed_said = 1;
		tui_status(m, TUI_STATUS_ERROR, "%s; not retrying (q quits)", m->link.error);
		m->status_until_us = UINT64_MAX;
		return;
	}
	if (m->link.ever_connected || m->link.simulated ||
	    !strcmp(c->watch.said_error, m->link.error))
		return;
	snprintf(c->watch.said_error, sizeof c->watch.said_error, "%s", m->link.error);
	tui_status(m, TUI_STATUS_ERROR, "%s; it is opened as soon as it can be", m->link.error);
}

static void sync_link(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	int phase = link_phase(c);
	int conn = phase == TUI_LINK_UP;
	if (!m->link.device[0])
		snprintf(m->link.device, sizeof m->link.device, "%s", kmp_client_device(c->client));
	if (conn && (!m->link.connected || c->link_up_seen))
		on_connected(c);
	else if (!conn && m->link.connected)
		on_lost(c, now);
	else if (c->link_up_seen && !conn)
		on_lost(c, now); /* up and down again between two turns */
	c->link_up_seen = 0;
	if (phase != m->link.phase) {
		m->link.phase = phase;
		m->dirty |= TUI_DIRTY_HEADER;
	}
	const char *err = kmp_client_link_error(c->client);
	if (!conn && strcmp(err, m->link.error) != 0) {
		snprintf(m->link.error, sizeof m->link.error, "%s", err);
		m->dirty |= TUI_DIRTY_HEADER;
	}
	if (!conn && m->link.error[0])
		say_link_error(c, phase);
	const kmp_client_stats *st = kmp_client_stats_get(c->client);
	if (memcmp(st, &m->link.stats, sizeof *st) != 0) {
		m->link.stats = *st;
		m->dirty |= TUI_DIRTY_HEADER;
	}
}

/* The meter identity is asked while the link is free or the poller has
 * it: a feature that owns it (a scan, the probes) goes first. */
static int link_is_shared(const tui_model *m)
{
	return tui_owner_now(&m->owners) <= TUI_OWNER_POLLER;
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
	if (++c->ident.attempts > c->cfg->retries) {
		/* some meters answer registers but not this: do not insist.  A
		 * meter that answers nothing is the header's and the hint's to
		 * tell (meter_state.h); it is asked again when it answers. */
		if (!tui_meter_warns(m))
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
	/* on a silent meter these retries would hold a scan or the probes
	 * back for many seconds: only while nobody else owns the link */
	if (id->in_flight || !(id->want_type || id->want_serial) || !c->model->link.connected ||
	    !link_is_shared(c->model) || kmp_client_busy(c->client))
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
	if (kmp_reader_start(&p->reader, c->client, ids, m->regs.n, c->cfg->retries) != KMP_OK)
		return;
	memset(p->applied, 0, sizeof p->applied);
	p->active = 1;
	p->due_now = 0;
	p->round_start_us = now;
	tui_owner_claim(&m->owners, TUI_OWNER_POLLER);
}

static void end_round(tui_ctl *c)
{
	if (c->poller.active)
		kmp_reader_stop(&c->poller.reader);
	c->poller.active = 0;
	tui_owner_release(&c->model->owners, TUI_OWNER_POLLER);
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

/* A round on a meter that does not answer stops at the first group that
 * got no reply after its retries: the others would fail the same way,
 * 3.2 s an attempt, and keep a sleeping meter's line busy.  The next
 * round still comes at the interval, so a meter woken later is read
 * without a key. */
static int round_hopeless(const tui_ctl *c)
{
	const tui_model *m = c->model;
	const tui_poller *p = &c->poller;
	kmp_meter_state st = m->link.meter.state;
	if (st != KMP_METER_NOT_ANSWERING && st != KMP_METER_ASLEEP && st != KMP_METER_ECHO_ONLY)
		return 0;
	for (size_t i = 0; i < p->reader.n; i++) {
		const kmp_reading *rd = &p->reader.readings[i];
		if (rd->state == KMP_READING_FAILED && rd->error != KMP_ERR_CLOSED)
			return 1;
	}
	return 0;
}

static void poller_pump(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	tui_poll_state *ps = &m->poll;
	tui_poller *p = &c->poller;
	if (ps->set_changed) {
		ps->set_changed = 0;
		if (p->active)
			end_round(c);
		p->due_now = 1;
	}
	if (ps->read_now) {
		ps->read_now = 0;
		p->due_now = !p->active;
	}
	/* a scan owns the link while it runs, the align view while it is
	 * shown: polling in between would slow them and mix traffic.  A
	 * round under way gives way at once and is read again after. */
	int hold = tui_owner_now(&m->owners) > TUI_OWNER_POLLER;
	if (hold && p->active) {
		end_round(c);
		p->due_now = 1;
	}
	if (ps->held != hold)
		m->dirty |= TUI_DIRTY_HEADER;
	ps->held = hold;
	uint64_t due = round_due(c, now);
	if (ps->next_us != due)
		m->dirty |= TUI_DIRTY_HEADER;
	ps->next_us = due;
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
	if (kmp_reader_done(&p->reader) || round_hopeless(c)) {
		/* only a whole round is recorded: a hopeless one adds no row */
		if (kmp_reader_done(&p->reader)) {
			struct timespec wall;
			clock_gettime(CLOCK_REALTIME, &wall);
			tui_recorder_round(&c->rec, m, &p->reader, &wall, now);
		}
		end_round(c);
		ps->next_us = round_due(c, now);
		m->dirty |= TUI_DIRTY_HEADER;
	}
	if (ps->reading != p->active)
		m->dirty |= TUI_DIRTY_HEADER;
	ps->reading = p->active;
}

/* --- the host: the simulator and the --log file -------------------------- */

static void restart_sim(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	const tui_sim_host *sim = c->host->sim;
	char err[160];
	c->watch.restart_at_us = 0;
	if (sim->restart(c->host->ctx, err, sizeof err) != 0) {
		/* say why and try again later: the header keeps saying it */
		c->watch.restart_at_us = now + SIM_RESTART_DELAY_US;
		snprintf(m->link.sim_ended, sizeof m->link.sim_ended,
		         "simulator %s; restart failed (%.80s), trying again", c->watch.sim_why,
		         err);
		m->dirty |= TUI_DIRTY_HEADER;
		return;
	}
	c->watch.sim_checked_us = now;
	c->watch.restarted_us = now;
	snprintf(m->link.sim_ended, sizeof m->link.sim_ended, "simulator %s: restarted",
	         c->watch.sim_why);
	m->dirty |= TUI_DIRTY_HEADER;
	tui_status(m, TUI_STATUS_INFO, "the simulator %s: started a new one", c->watch.sim_why);
}

static void watch_sim(tui_ctl *c, uint64_t now)
{
	tui_model *m = c->model;
	const tui_sim_host *sim = c->host->sim;
	if (!sim || !sim->ended || !sim->restart)
		return;
	if (c->watch.restart_at_us) {
		if (now >= c->watch.restart_at_us)
			restart_sim(c, now);
		return;
	}
	if (c->watch.sim_checked_us && now - c->watch.sim_checked_us < SIM_CHECK_US)
		return;
	c->watch.sim_checked_us = now;
	if (!sim->ended(c->host->ctx, c->watch.sim_why, sizeof c->watch.sim_why))
		return;
	/* a meter that was killed is gone for good: start a new one (the
	 * client reopens the same device path), slowly if it keeps ending */
	snprintf(m->link.sim_ended, sizeof m->link.sim_ended, "simulator %s: restarting",
	         c->watch.sim_why);
	m->dirty |= TUI_DIRTY_HEADER;
	int soon = c->watch.restarted_us && now - c->watch.restarted_us < SIM_RESTART_QUIET_US;
	c->watch.restart_at_us = now + (soon ? SIM_RESTART_DELAY_US : 1);
}

static void watch_log(tui_ctl *c)
{
	const char *why;
	if (c->watch.log_warned || !c->host->log_error || !(why = c->host->log_error(c->host->ctx)))
		return;
	c->watch.log_warned = 1;
	/* once: a full disk would otherwise say it on every frame */
	tui_status(c->model, TUI_STATUS_ERROR, "%s; the trace view still records", why);
}

static void press_button(tui_ctl *c)
{
	tui_model *m = c->model;
	const tui_sim_host *sim = c->host->sim;
	m->button_req = 0;
	if (!sim || !sim->press_button) {
		tui_status(m, TUI_STATUS_INFO,
		           "B presses the simulated meter's button (--sim): a real meter's "
		           "button is on the meter");
		return;
	}
	if (sim->press_button(c->host->ctx) != 0)
		tui_status(m, TUI_STATUS_ERROR, "could not press the simulated meter's button");
	else
		tui_status(m, TUI_STATUS_INFO,
		           "pressed the simulated meter's button: its optical port is awake");
}

/* --- requests left by keys ----------------------------------------------- */

static void write_trace(tui_ctl *c)
{
	tui_model *m = c->model;
	const char *dir = m->trace.write_dir ? m->trace.write_dir : ".";
	char name[96], path[4200];
	struct timespec wall;
	size_t n = 0;
	clock_gettime(CLOCK_REALTIME, &wall);
	tui_trace_file_name(&wall, name, sizeof name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int rc = tui_ring_write(&m->trace.ring, path, &n);
	/* two presses within a second */
	for (int k = 2; k < 100 && rc == EEXIST; k++) {
		snprintf(path, sizeof path, "%s/%.*s-%d.log", dir, (int)strlen(name) - 4, name, k);
		rc = tui_ring_write(&m->trace.ring, path, &n);
	}
	if (rc)
		tui_status(m, TUI_STATUS_ERROR, "cannot write %s: %s (nothing written)", path,
		           strerror(rc));
	else
		tui_status(m, TUI_STATUS_INFO, "wrote %zu entr%s to %s", n, n == 1 ? "y" : "ies",
		           path);
}

void tui_ctl_pump(tui_ctl *c, uint64_t now_us)
{
	tui_model *m = c->model;
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	m->wall_offset_us = (int64_t)wall.tv_sec * 1000000 + wall.tv_nsec / 1000 - (int64_t)now_us;
	if (m->replay.active) {
		/* no client, no simulator, no poller: the recording and `w` */
		tui_replay_pump(c, now_us);
		if (m->trace.write_req) {
			m->trace.write_req = 0;
			write_trace(c);
		}
		m->button_req = 0;
		return;
	}
	tui_recorder_take(&c->rec, m, &wall);
	sync_link(c, now_us);
	watch_sim(c, now_us);
	watch_log(c);
	if (m->button_req)
		press_button(c);
	if (m->trace.write_req) {
		m->trace.write_req = 0;
		write_trace(c);
	}
	/* the views claim or release the link first, then the meter's
	 * identity and the poller take what is left; each submits only when
	 * the client is free */
	for (size_t i = 0; i < tui_n_views; i++)
		if (tui_views[i]->pump)
			tui_views[i]->pump(c, now_us);
	ident_pump(c);
	poller_pump(c, now_us);
}

uint64_t tui_ctl_wake_us(const tui_ctl *c)
{
	const tui_model *m = c->model;
	uint64_t wake = 0;
	if (m->replay.active)
		return tui_replay_wake_us(c);
	if (!c->poller.active && !m->poll.paused && !m->poll.held && m->link.connected && m->regs.n)
		wake = m->poll.next_us ? m->poll.next_us : 1;
	if (c->host->sim) {
		/* the simulator check, or its restart */
		uint64_t s = c->watch.restart_at_us ? c->watch.restart_at_us
		                                    : c->watch.sim_checked_us + SIM_CHECK_US;
		if (!wake || s < wake)
			wake = s;
	}
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
	tui_recorder_close(&c->rec, c->model);
	end_round(c);
	if (c->client)
		kmp_client_cancel(c->client);
	tui_replay_stop(c);
}
