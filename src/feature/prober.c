/* prober.c - the probing engine (see prober.h): one cheap exchange in the
 * client at all times, its outcome classified and counted. */
#include <string.h>

#include "feature/prober.h"
#include "kmp/error.h"

/* Longer than one byte time even at 300 baud (36.7 ms): any longer wait is
 * the pause after a failure. */
#define KMP_PROBE_GAP_MAX_US 100000u

unsigned kmp_probe_timeout_ms(unsigned user_timeout_ms)
{
	/* 1600 ms is the protocol's limit for the first reply byte ("Timing")
	 * and the client's default: a user who asked for less meant it */
	return user_timeout_ms && user_timeout_ms < 1600 ? user_timeout_ms : KMP_PROBE_TIMEOUT_MS;
}

void kmp_prober_config_default(kmp_prober_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	/* GetSerialNo: 6 request and 10 reply bytes, a fixed size on every
	 * meter (GetType's reply length varies), and it names the meter */
	cfg->cid = KMP_CID_GET_SERIAL;
	cfg->count = 0;
}

void kmp_prober_init(kmp_prober *p, kmp_client *c, const kmp_prober_config *cfg)
{
	memset(p, 0, sizeof *p);
	p->client = c;
	if (cfg)
		p->cfg = *cfg;
	else
		kmp_prober_config_default(&p->cfg);
	if (p->cfg.cid != KMP_CID_GET_TYPE)
		p->cfg.cid = KMP_CID_GET_SERIAL;
	kmp_probe_stats_init(&p->stats, 0);
}

void kmp_prober_start(kmp_prober *p, uint64_t now_us)
{
	kmp_probe_stats_init(&p->stats, now_us);
	memset(&p->last, 0, sizeof p->last);
	p->last_class = KMP_PROBE_OK;
	p->submitted = p->finished = p->link_lost = 0;
	p->last_submit_error = KMP_OK;
	p->serial_known = 0;
	p->running = 1;
	/* a stopped run's probe was detached: nothing of it comes back here */
}

static void on_probe(void *ctx, const kmp_result *r)
{
	kmp_prober *p = ctx;
	kmp_probe_summary_from_result(&p->last, r);
	p->last_class = kmp_probe_classify(&p->last);
	p->finished++;
	if (p->last_class == KMP_PROBE_LINK_LOST) {
		p->link_lost++;
		return;
	}
	kmp_probe_stats_add(&p->stats, &p->last, p->last_class);
	if (r->status == KMP_OK && r->msg && r->msg->cid == KMP_CID_GET_SERIAL) {
		p->serial = r->msg->serial;
		p->serial_known = 1;
	}
}

void kmp_prober_pump(kmp_prober *p, uint64_t now_us)
{
	(void)now_us; /* the client keeps the timing */
	if (!p->running || kmp_prober_done(p))
		return;
	/* the client reopens the link by itself; busy: our probe, or another
	 * owner's exchange, goes first */
	if (!kmp_client_connected(p->client) || kmp_client_busy(p->client))
		return;
	kmp_request req;
	memset(&req, 0, sizeof req);
	req.cid = p->cfg.cid;
	req.probe = 1;
	kmp_err rc = kmp_client_submit(p->client, &req, on_probe, p);
	p->last_submit_error = rc;
	if (rc == KMP_OK)
		p->submitted++;
}

void kmp_prober_stop(kmp_prober *p)
{
	/* only a running prober submits, and stopping detaches: a stopped
	 * one has nothing in the client (which may be gone by now) */
	if (!p->running)
		return;
	p->running = 0;
	if (p->client && kmp_client_pending(p->client, p))
		kmp_client_detach(p->client);
}

int kmp_prober_done(const kmp_prober *p)
{
	return p->cfg.count && p->finished >= p->cfg.count;
}

const kmp_probe_stats *kmp_prober_stats(const kmp_prober *p)
{
	return &p->stats;
}

kmp_prober_status kmp_prober_status_at(const kmp_prober *p, uint64_t now_us)
{
	kmp_prober_status st = {KMP_PROBER_STOPPED, 0, "stopped"};
	if (!p->running || kmp_prober_done(p))
		return st;
	if (!p->client || !kmp_client_connected(p->client)) {
		st.state = KMP_PROBER_LINK_DOWN;
		st.text = "waiting: the link is down, reopening it";
		return st;
	}
	if (!kmp_client_pending(p->client, p)) {
		if (kmp_client_busy(p->client)) {
			st.state = KMP_PROBER_OTHER;
			st.text = "waiting: another exchange is on the line";
		} else {
			/* between a callback and the next pump: about to submit */
			st.state = KMP_PROBER_GAP;
			st.until_us = kmp_client_ready_at(p->client);
			st.text = "waiting: one byte time after a reply";
		}
		return st;
	}
	uint64_t ready = kmp_client_ready_at(p->client);
	if (now_us < ready) {
		/* queued behind the client's timing rule ("Timing") */
		st.until_us = ready;
		/* a wait longer than a few byte times is the failure pause, even
		 * when the failure was another exchange's */
		if ((p->finished && p->last_class != KMP_PROBE_OK) ||
		    ready - now_us > KMP_PROBE_GAP_MAX_US) {
			st.state = KMP_PROBER_PAUSE;
			st.text = "waiting: 1.6 s pause after a failure";
		} else {
			st.state = KMP_PROBER_GAP;
			st.text = "waiting: one byte time after a reply";
		}
		return st;
	}
	st.state = KMP_PROBER_PROBING;
	st.text = "probing: waiting for the reply";
	return st;
}
