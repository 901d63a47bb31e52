/* cmd_history.c - `kmpterm history`: read the meter's own data logger.
 *
 * The engine (feature/history.h) makes every decision; this file picks
 * the logger and the registers (the options, or the --resume file's),
 * opens the CSV, runs the poll loop, shows progress on stderr (one line
 * redrawn with \r, only on a terminal), waits and goes on a bounded number
 * of times when the meter stops answering, and prints the records.
 * docs/history.md describes the command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/history_print.h"
#include "app/output.h"
#include "app/pause_wait.h"
#include "app/progress.h"
#include "app/session.h"
#include "feature/history.h"
#include "feature/history_csv.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/parse.h"
#include "kmp/tables.h"

/* After the reading pauses: the waits scan has too (pause_wait.h). */
typedef struct hist_run {
	kmp_history hd;
	app_progress line;
	app_pause_wait pause;
	const char *name; /* "day", "log 1" */
} hist_run;

static void draw(hist_run *r, uint64_t now)
{
	kmp_hist_progress p;
	char eta[32];
	kmp_history_progress(&r->hd, now, &p);
	app_duration_text(p.eta_s, eta, sizeof eta);
	uint32_t done = p.complete + p.known;
	if (!p.ranged)
		fprintf(stderr,
		        "\rhistory %s: asking for the logger's registers and range  %lu req  "
		        "%lu failed\033[K",
		        r->name, p.requests, p.failures);
	else
		fprintf(stderr,
		        "\rhistory %s: %lu/%lu records (%.0f%%)  %lu req  %lu failed  %.1f rec/s  "
		        "ETA %s\033[K",
		        r->name, (unsigned long)done, (unsigned long)p.total,
		        p.total ? 100.0 * done / p.total : 100.0, p.requests, p.failures, p.rate,
		        eta);
	fflush(stderr);
}

static int run_done(void *ctx)
{
	hist_run *r = ctx;
	const kmp_hist *h = &r->hd.core;
	if (kmp_history_done(&r->hd))
		return 1;
	if (h->state != KMP_HIST_PAUSED)
		return 0;
	if (h->pause != KMP_HIST_PAUSE_LINK)
		return 1;
	return app_pause_link_gone(&r->pause, r->hd.now);
}

static void run_pump(void *ctx, uint64_t now)
{
	hist_run *r = ctx;
	kmp_history_pump(&r->hd, now);
	const kmp_hist *h = &r->hd.core;
	app_pause_note_link(&r->pause,
	                    h->state == KMP_HIST_PAUSED && h->pause == KMP_HIST_PAUSE_LINK, now);
	if (app_progress_due(&r->line, now))
		draw(r, now);
}

static uint64_t run_wake(void *ctx)
{
	hist_run *r = ctx;
	return app_pause_wake(&r->pause, app_progress_wake(&r->line, 0));
}

/* --- options ------------------------------------------------------------- */

/* The logger: a B8 logger type by name, or a logger module's log number
 * when the address is a module's (protocol notes, "Frames"). */
static int pick_logger(const app_options *o, kmp_hist_config *cfg, char *name, size_t cap)
{
	int module = o->address == KMP_ADDR_LOGGER_TOP || o->address == KMP_ADDR_LOGGER_BASE;
	cfg->kind = module ? KMP_HIST_MODULE : KMP_HIST_B8;
	if (module) {
		const char *s = o->logger ? o->logger : "1";
		uint64_t v;
		if (kmp_parse_uint(s, 255, &v) != KMP_OK || v < 1)
			return app_usage_error(
			        "--logger '%s': a logger module (-a 0x%02X) reads a log "
			        "number 1..255",
			        s, o->address);
		cfg->logger = (uint8_t)v;
		snprintf(name, cap, "log %u", (unsigned)v);
		return EXIT_OK;
	}
	const char *s = o->logger ? o->logger : "day";
	for (uint8_t t = KMP_LOGGER_YEAR; t <= KMP_LOGGER_MINUTE2; t++)
		if (!strcmp(s, kmp_logger_type_name(t))) {
			cfg->logger = t;
			snprintf(name, cap, "%s", s);
			return EXIT_OK;
		}
	return app_usage_error("--logger '%s': year, month, day, hour, minute-1 or minute-2", s);
}

/* A resumed file says what it holds: the options must agree with it, or
 * leave it to the file. */
static int adopt_resumed(const app_options *o, const kmp_hist_resumed *res, kmp_hist_config *cfg,
                         char *name, size_t cap)
{
	const kmp_hist_meta *m = &res->meta;
	if (m->address != o->address)
		return app_usage_error("%s was read from address 0x%02X, not 0x%02X: --resume "
		                       "continues the same reading",
		                       o->out_path, m->address, o->address);
	if (o->logger && (m->kind != cfg->kind || m->logger != cfg->logger))
		return app_usage_error("%s holds another logger than --logger %s: --resume "
		                       "continues the same reading",
		                       o->out_path, o->logger);
	cfg->kind = m->kind;
	cfg->logger = m->logger;
	if (m->kind == KMP_HIST_B8)
		snprintf(name, cap, "%s", kmp_logger_type_name(m->logger));
	else
		snprintf(name, cap, "log %u", m->logger);
	if (app_given(o, 'r') &&
	    (o->n_regs != m->n_regs || memcmp(o->regs, m->regs, m->n_regs * sizeof m->regs[0])))
		return app_usage_error("%s holds other registers than -r: --resume continues the "
		                       "same reading (leave -r out)",
		                       o->out_path);
	cfg->n_ids = m->n_regs;
	memcpy(cfg->ids, m->regs, m->n_regs * sizeof m->regs[0]);
	return EXIT_OK;
}

static int configure(const app_options *o, kmp_hist_config *cfg, char *name, size_t cap)
{
	kmp_hist_config_default(cfg);
	if (o->nargs)
		return app_usage_error(
		        "history takes no arguments (--logger NAME, -r IDS, --last N)");
	if (o->resume && !o->out_path)
		return app_usage_error("--resume needs --out FILE.csv (the reading to continue)");
	int rc = pick_logger(o, cfg, name, cap);
	if (rc != EXIT_OK)
		return rc;
	if (app_given(o, 'r')) {
		if (o->n_regs > KMP_HIST_MAX_REGS)
			return app_usage_error("-r: at most %d registers", KMP_HIST_MAX_REGS);
		for (size_t i = 0; i < o->n_regs; i++)
			for (size_t k = 0; k < i; k++)
				if (o->regs[i] == o->regs[k])
					return app_usage_error("-r: register %u twice", o->regs[i]);
		cfg->n_ids = o->n_regs;
		memcpy(cfg->ids, o->regs, o->n_regs * sizeof o->regs[0]);
	} else if (cfg->kind == KMP_HIST_MODULE && !o->resume) {
		return app_usage_error("a logger module has no command that lists its registers: "
		                       "give them with -r (e.g. -r 60,68)");
	}
	cfg->last = o->last;
	cfg->attempts = o->retries + 1;
	return EXIT_OK;
}

/* Why the reading ended early, in one line. */
static void say_failed(const hist_run *r, const char *name, const char *device)
{
	const kmp_hist *h = &r->hd.core;
	if (h->error == KMP_HIST_NOT_LOGGED)
		fprintf(stderr, "kmpterm: the %s logger does not hold register %u\n", name,
		        h->error_reg);
	else if (h->error == KMP_HIST_NO_ANSWER)
		fprintf(stderr,
		        "kmpterm: %s: no valid answer to the %s logger's first request in %u "
		        "tries: the meter may be asleep (press its button), or have no data "
		        "logger (MULTICAL 601/801: a logger module at -a 0x7F)\n",
		        device, name, h->cfg.attempts);
	else if (h->error == KMP_HIST_NO_LOGGER)
		fprintf(stderr, "kmpterm: the meter keeps no %s logger\n", name);
	else
		fprintf(stderr, "kmpterm: %s logger: %s\n", name, kmp_hist_error_text(h->error));
}

/* Run the loop with the waits of a paused reading.  Returns EXIT_OK when
 * the engine finished (or failed: see its state), EXIT_FAIL otherwise;
 * *interrupted on SIGINT/SIGTERM. */
static int run_loop(hist_run *run, app_session *s, int *interrupted)
{
	int rewaits = 0;
	for (;;) {
		app_loop_hooks h = {run_done, run_pump, run_wake, run, 0};
		if (app_loop(s, &h) != APP_LOOP_DONE) {
			*interrupted = 1;
			return EXIT_FAIL;
		}
		if (kmp_history_done(&run->hd))
			return EXIT_OK;
		app_progress_undraw(&run->line);
		kmp_hist_progress p;
		kmp_history_progress(&run->hd, kmp_now_us(), &p);
		if (p.pause == KMP_HIST_PAUSE_OUTPUT) {
			fprintf(stderr, "kmpterm: %s\n", p.output_error);
			return EXIT_FAIL;
		}
		if (p.pause == KMP_HIST_PAUSE_LINK)
			return app_pause_say_link_lost(s);
		if (rewaits == APP_REWAITS) {
			fprintf(stderr, "kmpterm: history paused: %s; giving up after %d tries\n",
			        p.pause_text, APP_REWAITS + 1);
			return EXIT_FAIL;
		}
		rewaits++;
		fprintf(stderr,
		        "kmpterm: history paused after %u failed requests in a row: %s; "
		        "trying again in %d s (%d/%d)\n",
		        p.streak, p.pause_text, APP_REWAIT_S, rewaits, APP_REWAITS);
		if (app_pause_rewait(&run->pause, s) != APP_LOOP_DONE) {
			*interrupted = 1;
			return EXIT_FAIL;
		}
		kmp_history_resume(&run->hd, kmp_now_us());
	}
}

int cmd_history(const app_options *o)
{
	static kmp_hist_config cfg;
	static kmp_hist_out out;
	static kmp_hist_resumed res;
	static hist_run run;
	char name[32], err[4400];
	memset(&run, 0, sizeof run);
	int rc = configure(o, &cfg, name, sizeof name);
	if (rc != EXIT_OK)
		return rc;

	/* the file first: a path we cannot write fails before any request */
	if (o->out_path) {
		rc = kmp_hist_out_open(&out, o->out_path, o->resume, &res, err, sizeof err);
		if (rc != KMP_OK) {
			fprintf(stderr, "kmpterm: %s\n", err);
			return EXIT_FAIL;
		}
		if (res.resumed &&
		    (rc = adopt_resumed(o, &res, &cfg, name, sizeof name)) != EXIT_OK) {
			kmp_hist_out_close(&out);
			return rc;
		}
		kmp_hist_meta m = {.kind = cfg.kind, .logger = cfg.logger, .address = o->address};
		kmp_hist_out_set_meta(&out, &m);
		if (res.resumed)
			fprintf(stderr,
			        "kmpterm: %s: resuming the %s logger: %zu records already read%s\n",
			        o->out_path, name, res.records,
			        res.dropped ? " (rows a kill left half-written were dropped)" : "");
	}

	app_session s;
	rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK) {
		kmp_hist_out_close(&out);
		return rc;
	}
	run.name = name;
	app_progress_init(&run.line);
	if (kmp_history_init(&run.hd, s.client, &cfg, kmp_now_us()) != KMP_OK) {
		fprintf(stderr, "kmpterm: cannot start the history reading\n");
		app_session_close(&s);
		kmp_hist_out_close(&out);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < out.n_done && rc == EXIT_OK; i++)
		if (kmp_hist_mark_known(&run.hd.core, out.done[i]) != KMP_OK)
			rc = EXIT_FAIL;
	if (o->out_path)
		kmp_history_set_output(&run.hd, &out);

	int interrupted = 0;
	if (rc == EXIT_OK)
		rc = run_loop(&run, &s, &interrupted);
	app_progress_undraw(&run.line);
	kmp_history_stop(&run.hd, kmp_now_us());
	kmp_hist_progress p;
	kmp_history_progress(&run.hd, kmp_now_us(), &p);
	const kmp_hist *h = &run.hd.core;
	if (h->state == KMP_HIST_FAILED) {
		say_failed(&run, name, s.device);
		rc = EXIT_FAIL;
	} else if (o->json) {
		app_history_json(&run.hd.core, name, &p);
	} else {
		app_history_text(&run.hd.core, name, &p);
	}
	int out_err = app_out_flush();
	uint32_t missing = kmp_hist_missing(h);
	if (interrupted) {
		fprintf(stderr, "kmpterm: history interrupted (%lu of %lu records read)%s%s%s\n",
		        (unsigned long)(p.complete + p.known), (unsigned long)p.total,
		        o->out_path ? "; continue with: kmpterm history --out " : "",
		        o->out_path ? o->out_path : "", o->out_path ? " --resume" : "");
		rc = EXIT_FAIL;
	} else if (rc == EXIT_OK && missing) {
		fprintf(stderr, "kmpterm: %lu record%s of the %s logger got no valid answer%s\n",
		        (unsigned long)missing, missing == 1 ? "" : "s", name,
		        o->out_path ? "; --resume asks them again" : "");
		rc = EXIT_FAIL;
	} else if (rc != EXIT_OK && h->state != KMP_HIST_FAILED && o->out_path) {
		fprintf(stderr, "kmpterm: continue with: kmpterm history --out %s --resume\n",
		        o->out_path);
	}
	if (rc == EXIT_OK && p.gone)
		fprintf(stderr, "kmpterm: %lu record%s left the logger while it was read\n",
		        (unsigned long)p.gone, p.gone == 1 ? "" : "s");
	if (out_err)
		rc = app_out_failed(out_err);
	rc = app_session_status(&s, rc);
	app_session_close(&s);
	kmp_history_free(&run.hd);
	kmp_hist_out_close(&out);
	return rc;
}
