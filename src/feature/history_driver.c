/* history_driver.c - kmp_history: the logger reading (kmp_hist) on a
 * client, for a poll() loop.  The caller passes the time; the CSV is
 * appended after every result that completed records (history_csv.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "feature/history.h"
#include "feature/history_csv.h"
#include "kmp/error.h"

/* Keep the running-time clock in step with the core's state. */
static void sync_clock(kmp_history *hd)
{
	uint64_t now = hd->now;
	int running = hd->core.state == KMP_HIST_RUNNING && !hd->stopped;
	if (running && !hd->run_since)
		hd->run_since = now ? now : 1;
	else if (!running && hd->run_since) {
		hd->active_us += now - hd->run_since;
		hd->run_since = 0;
	}
}

int kmp_history_init(kmp_history *hd, kmp_client *c, const kmp_hist_config *cfg, uint64_t now_us)
{
	memset(hd, 0, sizeof *hd);
	int rc = kmp_hist_init(&hd->core, cfg);
	if (rc != KMP_OK)
		return rc;
	hd->client = c;
	hd->now = hd->t_start = now_us;
	return KMP_OK;
}

void kmp_history_set_output(kmp_history *hd, struct kmp_hist_out *out)
{
	hd->out = out;
}

static void on_done(void *ctx, const kmp_result *r)
{
	kmp_history *hd = ctx;
	kmp_hist_outcome *oc = &hd->last;
	kmp_hist_on_result(&hd->core, r->status, r->status == KMP_OK ? r->msg : NULL, oc);
	hd->n_outcomes++;
	if (hd->out && (oc->n_complete || oc->configured) &&
	    kmp_hist_out_append(hd->out, &hd->core, oc) != KMP_OK) {
		snprintf(hd->error, sizeof hd->error, "%.400s: %s", kmp_hist_out_path(hd->out),
		         strerror(errno));
		/* the records stay unwritten: a --resume asks them again */
		kmp_hist_pause(&hd->core, KMP_HIST_PAUSE_OUTPUT);
	}
	sync_clock(hd);
}

void kmp_history_pump(kmp_history *hd, uint64_t now_us)
{
	kmp_hist *h = &hd->core;
	hd->now = now_us;
	if (hd->stopped)
		return;
	if (h->state == KMP_HIST_PAUSED && h->pause == KMP_HIST_PAUSE_LINK &&
	    kmp_client_connected(hd->client))
		kmp_hist_resume(h);
	sync_clock(hd);
	/* busy: our exchange, another owner's, or a detached one on the wire */
	if (h->state != KMP_HIST_RUNNING || kmp_client_busy(hd->client))
		return;
	kmp_request req;
	if (!kmp_hist_next(h, &req)) {
		sync_clock(hd); /* may have just finished */
		return;
	}
	kmp_err rc = kmp_client_submit(hd->client, &req, on_done, hd);
	if (rc == KMP_OK)
		return;
	kmp_hist_unsend(h);
	if (rc == KMP_ERR_CLOSED)
		kmp_hist_pause(h, KMP_HIST_PAUSE_LINK);
	sync_clock(hd);
}

void kmp_history_pause(kmp_history *hd, uint64_t now_us)
{
	hd->now = now_us;
	kmp_hist_pause(&hd->core, KMP_HIST_PAUSE_USER);
	sync_clock(hd);
}

void kmp_history_resume(kmp_history *hd, uint64_t now_us)
{
	hd->now = now_us;
	if (hd->stopped)
		return;
	kmp_hist_resume(&hd->core);
	hd->error[0] = 0;
	sync_clock(hd);
}

void kmp_history_stop(kmp_history *hd, uint64_t now_us)
{
	hd->now = now_us;
	if (hd->client && kmp_client_pending(hd->client, hd)) {
		/* a request on the wire finishes unseen; a queued one never goes
		 * out (the client is idle then) */
		kmp_client_detach(hd->client);
		if (!kmp_client_busy(hd->client))
			kmp_hist_unsend(&hd->core);
	}
	hd->stopped = 1;
	sync_clock(hd);
}

int kmp_history_done(const kmp_history *hd)
{
	return hd->stopped || hd->core.state == KMP_HIST_DONE || hd->core.state == KMP_HIST_FAILED;
}

void kmp_history_progress(const kmp_history *hd, uint64_t now, kmp_hist_progress *p)
{
	const kmp_hist *h = &hd->core;
	memset(p, 0, sizeof *p);
	p->state = h->state;
	p->pause = h->state == KMP_HIST_PAUSED ? h->pause : KMP_HIST_PAUSE_NONE;
	p->pause_text = kmp_hist_pause_text(p->pause);
	p->error = h->error;
	p->output_error = hd->error;
	p->ranged = h->ranged;
	p->hi = h->hi;
	p->lo = h->lo;
	p->total = (uint32_t)h->n_recs - h->n_gone;
	p->complete = h->n_complete;
	p->known = h->n_known_in;
	p->gone = h->n_gone;
	p->aside = h->n_aside;
	p->pass = h->pass;
	p->requests = h->requests;
	p->failures = h->failures;
	p->valid = h->valid;
	p->streak = h->fail_streak;
	p->last_status = h->last_status;
	p->elapsed_s = now > hd->t_start ? (double)(now - hd->t_start) / 1e6 : 0;
	uint64_t active = hd->active_us;
	if (hd->run_since && now > hd->run_since)
		active += now - hd->run_since;
	p->active_s = (double)active / 1e6;
	p->rate = p->complete && p->active_s > 0 ? p->complete / p->active_s : 0;
	uint32_t done = p->complete + p->known;
	uint32_t left = p->total > done ? p->total - done : 0;
	p->eta_s = h->state == KMP_HIST_DONE ? 0 : p->rate > 0 ? left / p->rate : -1;
}

void kmp_history_free(kmp_history *hd)
{
	kmp_hist_free(&hd->core);
}
