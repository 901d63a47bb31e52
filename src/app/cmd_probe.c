/* cmd_probe.c - `kmpterm probe [--count N] [--json]`: send N probes as fast
 * as the protocol allows and summarise how the optical link answers.
 * Exit 0 when at least one probe got a valid reply, 1 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/output.h"
#include "app/progress.h"
#include "app/session.h"
#include "feature/prober.h"
#include "kmp/error.h"

typedef struct probe_run {
	kmp_prober prober;
	kmp_client *client;
	const char *device;
	app_progress line; /* on a terminal only, as scan's */
} probe_run;

/* One line, redrawn in place: when nothing answers a probe costs its
 * timeout and the 1.6 s pause, so 20 probes take 40 s; show them come. */
static void draw(probe_run *r, uint64_t now)
{
	const kmp_probe_stats *st = kmp_prober_stats(&r->prober);
	kmp_prober_status ps = kmp_prober_status_at(&r->prober, now);
	fprintf(stderr, "\rprobe %s: %lu/%u sent, %lu OK", r->device, st->total,
	        r->prober.cfg.count, st->count[KMP_PROBE_OK]);
	for (int c = KMP_PROBE_ECHO_ONLY; c < KMP_PROBE_NCLASS; c++)
		if (st->count[c])
			fprintf(stderr, ", %s %lu", kmp_probe_class_name((kmp_probe_class)c),
			        st->count[c]);
	fprintf(stderr, "  %s\033[K", ps.text ? ps.text : "");
	fflush(stderr);
}

static int run_done(void *ctx)
{
	probe_run *r = ctx;
	/* a lost link ends the run: the client would retry it forever */
	return kmp_prober_done(&r->prober) || r->prober.link_lost ||
	       !kmp_client_connected(r->client);
}

static void run_pump(void *ctx, uint64_t now)
{
	probe_run *r = ctx;
	kmp_prober_pump(&r->prober, now);
	if (app_progress_due(&r->line, now))
		draw(r, now);
}

static uint64_t run_wake(void *ctx)
{
	return app_progress_wake(&((probe_run *)ctx)->line, 0);
}

/* The class the advice is about: OK when anything got through, else the
 * most frequent failure. */
static kmp_probe_class advice_class(const kmp_probe_stats *st)
{
	if (st->count[KMP_PROBE_OK])
		return KMP_PROBE_OK;
	kmp_probe_class best = KMP_PROBE_SILENT;
	for (int c = KMP_PROBE_ECHO_ONLY; c < KMP_PROBE_NCLASS; c++)
		if (st->count[c] > st->count[best])
			best = (kmp_probe_class)c;
	return best;
}

static void print_json(const kmp_probe_stats *st, const kmp_probe_snapshot *snap)
{
	printf("{\"sent\":%lu", st->total);
	for (int c = 0; c < KMP_PROBE_NCLASS; c++)
		printf(",\"%s\":%lu", kmp_probe_class_key((kmp_probe_class)c), st->count[c]);
	printf(",\"rate_hz\":%.2f,\"latency_ms_median\":", kmp_probe_stats_run_rate(st));
	if (snap->latency_ms_median < 0)
		printf("null");
	else
		printf("%g", snap->latency_ms_median);
	printf("}\n");
}

static void print_text(const char *dev, const kmp_prober *p, const kmp_probe_snapshot *snap)
{
	const kmp_probe_stats *st = kmp_prober_stats(p);
	double ratio = st->total ? (double)st->count[KMP_PROBE_OK] / (double)st->total : -1;
	kmp_probe_band band = kmp_probe_band_of(ratio);
	printf("probe %s: %lu sent, %lu OK", dev, st->total, st->count[KMP_PROBE_OK]);
	if (ratio >= 0)
		printf(" (%.0f %%)", ratio * 100);
	printf("\n  ");
	for (int c = KMP_PROBE_ECHO_ONLY; c < KMP_PROBE_NCLASS; c++)
		printf("%s%s %lu", c > KMP_PROBE_ECHO_ONLY ? ", " : "",
		       kmp_probe_class_name((kmp_probe_class)c), st->count[c]);
	printf("\n  %.2f probes/s", kmp_probe_stats_run_rate(st));
	if (snap->latency_ms_median >= 0)
		printf(", median reply latency %g ms", snap->latency_ms_median);
	if (p->serial_known)
		printf(", meter serial %u", (unsigned)p->serial);
	printf("\n  alignment: %s\n", st->total ? kmp_probe_band_name(band) : "unknown");
	if (!st->total)
		return;
	kmp_probe_class cls = advice_class(st);
	unsigned n = kmp_probe_hint_count(cls, band);
	for (unsigned i = 0; i < n; i++)
		printf("  %s %s\n", i ? "     " : "hint:", kmp_probe_hint(cls, band, i));
}

int cmd_probe(const app_options *o)
{
	if (o->nargs)
		return app_cmd_usage_error("probe", "probe takes no arguments (use --count N)");
	app_session s;
	int rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK)
		return rc;
	/* a real meter answers in 20-150 ms: a missing answer should cost little */
	kmp_client_set_timeout(s.client, kmp_probe_timeout_ms(o->timeout_ms));
	probe_run run;
	memset(&run, 0, sizeof run);
	kmp_prober_config cfg;
	kmp_prober_config_default(&cfg);
	cfg.count = o->count ? o->count : 20;
	kmp_prober_init(&run.prober, s.client, &cfg);
	run.client = s.client;
	run.device = s.device;
	app_progress_init(&run.line);
	kmp_prober_start(&run.prober, kmp_now_us());

	app_loop_hooks h = {run_done, run_pump, run_wake, &run, 0};
	int interrupted = app_loop(&s, &h) != APP_LOOP_DONE;
	app_progress_undraw(&run.line);

	const kmp_probe_stats *st = kmp_prober_stats(&run.prober);
	kmp_probe_snapshot snap;
	kmp_probe_stats_snapshot(st, kmp_now_us(), &snap);
	if (o->json)
		print_json(st, &snap);
	else
		print_text(s.device, &run.prober, &snap);

	int status = st->count[KMP_PROBE_OK] ? EXIT_OK : EXIT_FAIL;
	int out_err = app_out_flush();
	if (out_err) {
		status = app_out_failed(out_err);
	} else if (interrupted) {
		fprintf(stderr, "kmpterm: probe interrupted after %lu probes\n", st->total);
		status = EXIT_FAIL;
	} else if (run.prober.link_lost || !kmp_client_connected(s.client)) {
		fprintf(stderr, "kmpterm: %s: link lost: %s\n", s.device,
		        kmp_client_link_error(s.client));
		status = EXIT_FAIL;
	} else if (status != EXIT_OK) {
		fprintf(stderr, "kmpterm: %s: no valid reply to %lu probes (mostly %s)\n", s.device,
		        st->total, kmp_probe_class_name(advice_class(st)));
	}
	kmp_prober_stop(&run.prober);
	status = app_session_status(&s, status);
	app_session_close(&s);
	return status;
}
