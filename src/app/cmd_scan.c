/* cmd_scan.c - `kmpterm scan`: find the register IDs a meter answers.
 *
 * The scanner (feature/scanner.h) makes every decision; this file picks the
 * range, opens the CSV, runs the poll loop, shows progress on stderr (one
 * line redrawn with \r, only on a tty), waits and retries a bounded number
 * of times when the meter stops answering, and prints the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/commands.h"
#include "app/json.h"
#include "app/meter_id.h"
#include "app/output.h"
#include "app/pause_wait.h"
#include "app/progress.h"
#include "app/session.h"
#include "feature/scanner.h"
#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/family.h"
#include "kmp/iso_time.h"
#include "kmp/meter_type.h"
#include "kmp/tables.h"

/* After the scanner pauses: wait for the link, or for the meter that went
 * quiet, a bounded number of times (pause_wait.h).  The CSV keeps every
 * completed batch for --resume. */
typedef struct scan_run {
	kmp_scanner sc;
	app_progress line;    /* the progress line on stderr */
	app_pause_wait pause; /* a lost link, a rewait */
	kmp_scan_out out;     /* the CSV and its journal (--out) */
	kmp_scan_csv loaded;  /* what --resume read back */
	kmp_scan_meta meta;   /* the meter, the range, the start */
	char resume_cmd[700]; /* the command that continues this scan */
} scan_run;

static void draw(scan_run *r, uint64_t now)
{
	kmp_scan_progress p;
	char eta[32];
	kmp_scanner_progress(&r->sc, now, &p);
	app_duration_text(p.eta_s, eta, sizeof eta);
	fprintf(stderr,
	        "\rscan %lu..%lu: %lu/%lu IDs (%.1f%%)  found %zu (%zu not in table)  %lu req  %lu "
	        "failed"
	        "  %.1f IDs/s  ETA %s%s\033[K",
	        (unsigned long)p.from, (unsigned long)p.to, (unsigned long)p.done,
	        (unsigned long)p.total, p.total ? 100.0 * p.done / p.total : 100.0, p.found,
	        p.discoveries, p.requests, p.failures, p.rate, eta,
	        p.piece && p.piece < r->sc.core.cfg.batch ? "  (splitting)" : "");
	fflush(stderr);
}

static int run_done(void *ctx)
{
	scan_run *r = ctx;
	const kmp_scan *s = &r->sc.core;
	if (kmp_scanner_done(&r->sc))
		return 1;
	if (s->state != KMP_SCAN_PAUSED)
		return 0;
	if (s->pause != KMP_SCAN_PAUSE_LINK)
		return 1;
	/* a USB head may come back; a device that turned into something
	 * else (kmp_err_permanent) will not: no point waiting for it */
	if (kmp_client_link_state(r->sc.client) == KMP_LINK_FAILED)
		return 1;
	return app_pause_link_gone(&r->pause, kmp_now_us());
}

static void run_pump(void *ctx, uint64_t now)
{
	scan_run *r = ctx;
	kmp_scanner_pump(&r->sc, now);
	const kmp_scan *s = &r->sc.core;
	app_pause_note_link(&r->pause,
	                    s->state == KMP_SCAN_PAUSED && s->pause == KMP_SCAN_PAUSE_LINK, now);
	if (app_progress_due(&r->line, now))
		draw(r, now);
}

static uint64_t run_wake(void *ctx)
{
	scan_run *r = ctx;
	return app_pause_wake(&r->pause, app_progress_wake(&r->line, kmp_scanner_wake_us(&r->sc)));
}

static int in_range(const kmp_scan_reg *f, long from, long to)
{
	return f->id >= from && f->id <= to;
}

static void print_json(const scan_run *r, long from, long to, const kmp_scan_progress *p)
{
	size_t n;
	const kmp_scan_reg *f = kmp_scanner_found(&r->sc, &n);
	const kmp_scan_meta *m = &r->meta;
	kmp_value_shown v;
	printf("{\"from\":%ld,\"to\":%ld,\"requests\":%lu,\"failures\":%lu,\"elapsed_s\":%.1f,"
	       "\"found\":[",
	       from, to, p->requests, p->failures, p->elapsed_s);
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		if (!in_range(&f[i], from, to))
			continue;
		kmp_value_show(&f[i].value, f[i].unit, &v);
		printf("%s{\"id\":%u,\"unit\":%u,\"unit_name\":", first ? "" : ",", f[i].id,
		       f[i].unit);
		json_str(stdout, kmp_unit_name(f[i].unit));
		printf(",\"length\":%u,\"value\":", f[i].value.len);
		json_str(stdout, v.raw);
		printf(",\"name\":");
		json_str(stdout, f[i].name);
		printf(",\"text\":");
		json_str(stdout, v.text);
		printf("}");
		first = 0;
	}
	printf("],\"unresolved\":[");
	size_t nu = kmp_scan_unresolved(&r->sc.core, NULL, 0);
	uint16_t *ids = nu ? malloc(nu * sizeof *ids) : NULL;
	if (ids) {
		kmp_scan_unresolved(&r->sc.core, ids, nu);
		for (size_t i = 0; i < nu; i++)
			printf("%s%u", i ? "," : "", ids[i]);
		free(ids);
	}
	printf("],\"started\":");
	json_str(stdout, m->started[0] ? m->started : NULL);
	if (m->have_serial)
		printf(",\"serial\":%lu", (unsigned long)m->serial);
	else
		printf(",\"serial\":null");
	if (m->have_type)
		printf(",\"meter_type\":%u", m->meter_type);
	else
		printf(",\"meter_type\":null");
	printf(",\"sw_revision\":");
	json_str(stdout, m->sw[0] ? m->sw : NULL);
	/* --known: only the IDs public sources name for the family */
	printf(",\"known\":%s,\"asked\":%lu,\"family\":", r->sc.core.only ? "true" : "false",
	       (unsigned long)p->total);
	json_str(stdout, r->sc.core.family != KMP_FAMILY_UNKNOWN ? kmp_family_key(r->sc.core.family)
	                                                         : NULL);
	printf("}\n");
}

static void print_text(const scan_run *r, long from, long to, const kmp_scan_progress *p)
{
	size_t n, shown = 0, disc = 0;
	const kmp_scan_reg *f = kmp_scanner_found(&r->sc, &n);
	char v[KMP_VALUE_TEXT_MAX], u[32];
	printf("%6s  %-32s %-24s %3s  %s\n", "ID", "NAME", "VALUE", "LEN", "UNIT");
	for (size_t i = 0; i < n; i++) {
		if (!in_range(&f[i], from, to))
			continue;
		kmp_value_text(&f[i].value, f[i].unit, v, sizeof v);
		printf("%6u  %-32.32s %-24s %3u  %s\n", f[i].id,
		       f[i].name ? f[i].name : "(not in the table: a discovery)", v, f[i].value.len,
		       kmp_unit_label(f[i].unit, u, sizeof u));
		shown++;
		disc += !f[i].name;
	}
	char el[32];
	app_duration_text(p->elapsed_s, el, sizeof el);
	printf("%zu register%s in %ld..%ld (%zu not in the register table); %lu requests, "
	       "%lu failed, %s\n",
	       shown, shown == 1 ? "" : "s", from, to, disc, p->requests, p->failures, el);
	if (r->sc.core.only)
		printf("asked the %lu IDs public sources name for %s; the rest of the range: "
		       "scan --out FILE --resume after scan --known --out FILE\n",
		       (unsigned long)p->total,
		       r->sc.core.family != KMP_FAMILY_UNKNOWN ? kmp_family_name(r->sc.core.family)
		                                               : "any meter");
}

/* The range: --from/--to, else the --resume file's, else 0..65535. */
static int pick_range(const app_options *o, const kmp_scan_csv *loaded, long *from, long *to)
{
	*from = o->scan_from;
	*to = o->scan_to;
	if (o->resume && loaded->have_range) {
		if (*from < 0)
			*from = loaded->meta.from;
		if (*to < 0)
			*to = loaded->meta.to;
	}
	if (*from < 0)
		*from = 0;
	if (*to < 0)
		*to = 65535;
	if (*from > *to)
		return app_cmd_usage_error("scan", "empty scan range %ld..%ld", *from, *to);
	return EXIT_OK;
}

static void say_unresolved(const scan_run *r, const app_options *o)
{
	uint16_t ids[20];
	size_t n = kmp_scan_unresolved(&r->sc.core, ids, 20);
	fprintf(stderr, "kmpterm: %zu ID%s got no valid answer in %u pass%s:", n, n == 1 ? "" : "s",
	        r->sc.core.cfg.passes, r->sc.core.cfg.passes == 1 ? "" : "es");
	for (size_t i = 0; i < n && i < 20; i++)
		fprintf(stderr, " %u", ids[i]);
	fprintf(stderr, "%s (not marked absent%s%s)\n", n > 20 ? " ..." : "",
	        o->out_path ? "; asked again by: " : "", o->out_path ? r->resume_cmd : "");
}

/* "kmpterm -d DEV scan --out FILE --resume": what continues this scan,
 * with the meter it ran on (a bare hint would scan another one, or fail
 * to choose). */
static void resume_command(scan_run *r, const app_session *s, const app_options *o)
{
	char meter[600];
	if (o->sim)
		snprintf(meter, sizeof meter, "--sim%s%s%s", o->sim_args ? " --sim-args '" : "",
		         o->sim_args ? o->sim_args : "", o->sim_args ? "'" : "");
	else
		snprintf(meter, sizeof meter, "-d %s", s->device);
	snprintf(r->resume_cmd, sizeof r->resume_cmd, "kmpterm %.500s scan --out %.150s --resume",
	         meter, o->out_path ? o->out_path : "FILE");
}

static void free_run(scan_run *run, app_session *s)
{
	if (s)
		app_session_close(s);
	kmp_scanner_free(&run->sc);
	kmp_scan_out_close(&run->out);
	kmp_scan_csv_free(&run->loaded);
	free(run);
}

/* What --resume read back, on stderr. */
static void say_resumed(const app_options *o, const scan_run *run)
{
	const kmp_scan_csv *c = &run->loaded;
	kmp_scan_progress p0;
	kmp_scanner_progress(&run->sc, kmp_now_us(), &p0);
	if (c->old_format)
		fprintf(stderr,
		        "kmpterm: %s: a scan file of an older kmpterm (with '# done' lines): "
		        "converted to plain CSV, its progress now in %s.journal\n",
		        o->out_path, o->out_path);
	else if (c->header && !c->have_journal && c->lines > 1)
		fprintf(stderr,
		        "kmpterm: %s: its journal (%s.journal) is missing: the registers in the "
		        "file are kept, every other ID is asked again\n",
		        o->out_path, o->out_path);
	if (p0.resumed)
		fprintf(stderr, "kmpterm: %s: resuming: %lu of %lu IDs already done, %zu found\n",
		        o->out_path, (unsigned long)p0.resumed, (unsigned long)p0.total, p0.found);
	if (c->unreadable)
		fprintf(stderr,
		        "kmpterm: %s: %zu row%s could not be read (edited by a spreadsheet?); "
		        "those registers are asked again\n",
		        o->out_path, c->unreadable, c->unreadable > 1 ? "s" : "");
	if (c->missing)
		fprintf(stderr,
		        "kmpterm: %s: %zu register%s the journal counts ha%s no row in the file; "
		        "asked again\n",
		        o->out_path, c->missing, c->missing > 1 ? "s" : "",
		        c->missing > 1 ? "ve" : "s");
	if (c->bad)
		fprintf(stderr, "kmpterm: %s: %zu line%s no scan row%s; left out\n", o->out_path,
		        c->bad, c->bad > 1 ? "s that are" : " that is", c->bad > 1 ? "s" : "");
}

/* The meter and the time into the scan's meta; a --resume of another
 * meter's scan is refused (its rows would mix two meters).  Returns
 * EXIT_OK or an exit status (reported). */
static int set_meta(scan_run *run, app_session *s, const app_options *o)
{
	kmp_scan_meta *m = &run->meta;
	const kmp_scan_csv *c = &run->loaded;
	app_meter_id id;
	if (app_meter_id_read(s, o->retries, &id) != APP_LOOP_DONE) {
		fprintf(stderr, "kmpterm: scan interrupted\n");
		return EXIT_FAIL;
	}
	if (o->resume && c->meta.have_serial && id.have_serial && c->meta.serial != id.serial) {
		fprintf(stderr,
		        "kmpterm: %s holds a scan of meter %lu, this is meter %lu: give another "
		        "--out file\n",
		        o->out_path, (unsigned long)c->meta.serial, (unsigned long)id.serial);
		return EXIT_FAIL;
	}
	m->have_serial = id.have_serial;
	m->serial = id.serial;
	m->have_type = id.have_type && id.type.known;
	m->meter_type = id.type.meter_type;
	if (m->have_type)
		kmp_type_sw_text(&id.type, m->sw, sizeof m->sw);
	/* a meter that does not say who it is this time keeps what the file
	 * says it was */
	if (o->resume && !m->have_serial && c->meta.have_serial) {
		m->have_serial = 1;
		m->serial = c->meta.serial;
	}
	if (o->resume && !m->have_type && c->meta.have_type) {
		m->have_type = 1;
		m->meter_type = c->meta.meter_type;
		memcpy(m->sw, c->meta.sw, sizeof m->sw);
	}
	if (o->resume && c->meta.started[0]) {
		memcpy(m->started, c->meta.started, sizeof m->started);
	} else {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		kmp_iso_time(&now, m->started, sizeof m->started);
	}
	return EXIT_OK;
}

/* After the scan loop: why it stopped short, and how to go on.  Returns
 * the exit status. */
static int say_end(scan_run *run, const app_options *o, int rc, int interrupted,
                   const kmp_scan_progress *p)
{
	/* the IDs the file holds: an outcome whose write failed is not in it */
	uint32_t saved = p->done;
	if (p->pause == KMP_SCAN_PAUSE_OUTPUT)
		saved -=
		        run->sc.last.n_resolved < saved ? (uint32_t)run->sc.last.n_resolved : saved;
	if (interrupted) {
		fprintf(stderr, "kmpterm: scan interrupted at ID %lu (%lu of %lu IDs done)%s%s\n",
		        (unsigned long)p->next_id, (unsigned long)p->done, (unsigned long)p->total,
		        o->out_path ? "; continue with: " : "", o->out_path ? run->resume_cmd : "");
		return EXIT_FAIL;
	}
	if (rc != EXIT_OK) {
		if (o->out_path)
			fprintf(stderr, "kmpterm: %lu of %lu IDs saved in %s; continue with: %s\n",
			        (unsigned long)saved, (unsigned long)p->total, o->out_path,
			        run->resume_cmd);
		return rc;
	}
	if (p->unresolved) {
		say_unresolved(run, o);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_scan(const app_options *o)
{
	long from, to;
	char err[4400];
	if (o->nargs)
		return app_cmd_usage_error("scan", "scan takes no arguments (use --from A --to B)");
	if (o->resume && !o->out_path)
		return app_cmd_usage_error("scan",
		                           "--resume needs --out FILE (the scan to continue)");
	scan_run *run = calloc(1, sizeof *run);
	if (!run) {
		fprintf(stderr, "kmpterm: out of memory\n");
		return EXIT_FAIL;
	}
	run->out.fd = -1;
	run->out.journal.fd = -1;
	/* the output file first: a path we cannot write fails before any
	 * request goes out */
	if (o->out_path && kmp_scan_out_open(&run->out, o->out_path, o->resume, &run->loaded, err,
	                                     sizeof err) != KMP_OK) {
		fprintf(stderr, "kmpterm: %s\n", err);
		free_run(run, NULL);
		return EXIT_FAIL;
	}
	int rc = pick_range(o, &run->loaded, &from, &to);
	if (rc != EXIT_OK) {
		free_run(run, NULL);
		return rc;
	}

	kmp_scan_config cfg;
	kmp_scan_config_default(&cfg);
	cfg.from = (uint16_t)from;
	cfg.to = (uint16_t)to;
	cfg.batch = o->batch;
	cfg.attempts = o->retries + 1;
	run->meta.from = cfg.from;
	run->meta.to = cfg.to;
	run->meta.batch = cfg.batch;

	app_session s;
	rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK) {
		free_run(run, NULL);
		return rc;
	}
	resume_command(run, &s, o);
	if ((rc = set_meta(run, &s, o)) != EXIT_OK) {
		free_run(run, &s);
		return rc;
	}
	if (o->out_path &&
	    kmp_scan_out_begin(&run->out, &run->meta, &run->loaded, err, sizeof err) != KMP_OK) {
		fprintf(stderr, "kmpterm: %s\n", err);
		free_run(run, &s);
		return EXIT_FAIL;
	}
	if (kmp_scanner_init(&run->sc, s.client, &cfg, o->delay_ms, kmp_now_us()) != KMP_OK) {
		/* the options are range-checked, so this is memory or a bug */
		fprintf(stderr, "kmpterm: cannot start the scan (batch %u, range %u..%u)\n",
		        cfg.batch, (unsigned)cfg.from, (unsigned)cfg.to);
		free_run(run, &s);
		return EXIT_FAIL;
	}
	/* --known: the IDs public sources name for the family first (all
	 * families' when it is not known); the rest of the range is one
	 * --resume away and skips what these settle */
	kmp_scan_set_family(&run->sc.core, o->family);
	if (o->known) {
		uint16_t *ids = malloc(KMP_SCAN_IDS * sizeof *ids);
		size_t nk = ids ? kmp_family_known_ids(o->family, ids, KMP_SCAN_IDS) : 0;
		if (!ids || kmp_scan_only(&run->sc.core, ids, nk) != KMP_OK) {
			fprintf(stderr, "kmpterm: out of memory\n");
			rc = EXIT_FAIL;
		}
		free(ids);
	}
	if (o->out_path) {
		if (kmp_scanner_seed(&run->sc, &run->loaded) != KMP_OK) {
			fprintf(stderr, "kmpterm: out of memory\n");
			rc = EXIT_FAIL;
		}
		kmp_scanner_set_output(&run->sc, &run->out);
		if (o->resume)
			say_resumed(o, run);
	}
	kmp_scan_csv_free(&run->loaded);
	app_progress_init(&run->line);

	int interrupted = 0, rewaits = 0;
	while (rc == EXIT_OK) {
		app_loop_hooks h = {run_done, run_pump, run_wake, run, 0};
		if (app_loop(&s, &h) != APP_LOOP_DONE) {
			interrupted = 1;
			break;
		}
		const kmp_scan *core = &run->sc.core;
		if (kmp_scanner_done(&run->sc))
			break;
		app_progress_undraw(&run->line);
		kmp_scan_progress p;
		kmp_scanner_progress(&run->sc, kmp_now_us(), &p);
		if (p.pause == KMP_SCAN_PAUSE_OUTPUT) {
			fprintf(stderr, "kmpterm: %s\n", p.error);
			rc = EXIT_FAIL;
		} else if (p.pause == KMP_SCAN_PAUSE_LINK) {
			rc = app_pause_say_link_lost(&s);
		} else if (rewaits == APP_REWAITS) {
			fprintf(stderr,
			        "kmpterm: scan paused at ID %lu: %s; giving up after %d tries\n",
			        (unsigned long)p.next_id, p.pause_text, APP_REWAITS + 1);
			rc = EXIT_FAIL;
		} else {
			rewaits++;
			fprintf(stderr,
			        "kmpterm: scan paused at ID %lu after %u failed requests in a row: "
			        "%s; trying again in %d s (%d/%d)\n",
			        (unsigned long)p.next_id, core->fail_streak, p.pause_text,
			        APP_REWAIT_S, rewaits, APP_REWAITS);
			if (app_pause_rewait(&run->pause, &s) != APP_LOOP_DONE) {
				interrupted = 1;
				break;
			}
			kmp_scanner_resume(&run->sc, kmp_now_us());
		}
	}
	app_progress_undraw(&run->line);
	kmp_scanner_stop(&run->sc, kmp_now_us());
	kmp_scan_progress p;
	kmp_scanner_progress(&run->sc, kmp_now_us(), &p);
	if (o->json)
		print_json(run, from, to, &p);
	else
		print_text(run, from, to, &p);
	int out_err = app_out_flush();
	rc = say_end(run, o, rc, interrupted, &p);
	if (out_err)
		rc = app_out_failed(out_err);
	rc = app_session_status(&s, rc);
	free_run(run, &s);
	return rc;
}
