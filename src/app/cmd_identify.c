/* cmd_identify.c - `kmpterm identify [--json]`: what is on this line (the
 * engine is feature/identify.h; the output identify_out.c).  Exit 0 when a
 * meter answered, 1 when none did or the link failed, 2 usage error. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/identify_out.h"
#include "app/output.h"
#include "app/progress.h"
#include "app/session.h"
#include "feature/identify.h"
#include "kmp/error.h"

typedef struct id_run {
	kmp_identify id;
	app_session *s;
	app_progress line; /* on a terminal only, as probe's */
} id_run;

static void observe(void *ctx, const kmp_event *ev)
{
	kmp_identify_on_event(&((id_run *)ctx)->id, ev);
}

static void draw(id_run *r, uint64_t now)
{
	char what[160];
	fprintf(stderr, "\ridentify %s: %s  %.1f s\033[K", r->s->device,
	        kmp_identify_progress(&r->id, what, sizeof what),
	        (double)(now - r->id.start_us) / 1e6);
	fflush(stderr);
}

static int run_done(void *ctx)
{
	return kmp_identify_done(&((id_run *)ctx)->id);
}

static void run_pump(void *ctx, uint64_t now)
{
	id_run *r = ctx;
	kmp_identify_pump(&r->id, now);
	if (!kmp_identify_done(&r->id) && app_progress_due(&r->line, now))
		draw(r, now);
}

static uint64_t run_wake(void *ctx)
{
	id_run *r = ctx;
	return app_progress_wake(&r->line, kmp_identify_wake_us(&r->id));
}

static int link_settled(void *ctx)
{
	return kmp_client_link_state(((app_session *)ctx)->client) != KMP_LINK_CONNECTING;
}

/* The link attempt while it connects (a TCP bridge); its failure is a
 * verdict, not an early exit.  Returns -1 to go on, or EXIT_USAGE for
 * settings or an address that cannot work (reported). */
static int wait_connect(app_session *s)
{
	/* the session's loop: it also wakes at once for a signal */
	app_loop_hooks h = {link_settled, NULL, NULL, s, 0};
	app_loop(s, &h);
	int st = kmp_client_link_status(s->client);
	if (st == KMP_ERR_CONFIG || st == KMP_ERR_ADDRESS || st == KMP_ERR_BAUD) {
		fprintf(stderr, "kmpterm: %s\n", kmp_client_link_error(s->client));
		return EXIT_USAGE;
	}
	return -1;
}

int cmd_identify(const app_options *o)
{
	if (o->nargs)
		return app_cmd_usage_error("identify", "identify takes no arguments");
	app_session s;
	/* the link may fail: that is the verdict link-error, told like the
	 * others, so the session does not end the command on it */
	int rc = app_session_open(&s, o, 0);
	if (rc != EXIT_OK)
		return rc;
	id_run *r = calloc(1, sizeof *r);
	if (!r) {
		fprintf(stderr, "kmpterm: out of memory\n");
		app_session_close(&s);
		return EXIT_FAIL;
	}
	r->s = &s;
	app_progress_init(&r->line);
	s.extra = observe;
	s.extra_ctx = r;
	/* started before the link is up: what a bridge says the moment it
	 * accepts is part of the verdict */
	kmp_identify_start(&r->id, s.client, o->family, kmp_now_us());
	if ((rc = wait_connect(&s)) >= 0) {
		app_session_close(&s);
		free(r);
		return rc;
	}
	app_loop_hooks h = {run_done, run_pump, run_wake, r, 1};
	int why = app_loop(&s, &h);
	app_progress_undraw(&r->line);
	int status;
	if (why == APP_LOOP_OUTPUT_GONE) {
		status = app_out_failed(EPIPE);
	} else if (why != APP_LOOP_DONE) {
		kmp_identify_stop(&r->id, kmp_now_us());
		fprintf(stderr, "kmpterm: identify interrupted\n");
		status = EXIT_FAIL;
	} else {
		if (o->json)
			identify_print_json(stdout, &r->id, s.device);
		else
			identify_print_text(stdout, &r->id, s.device);
		int err = app_out_flush();
		status = err                             ? app_out_failed(err)
		         : kmp_identify_answered(&r->id) ? EXIT_OK
		                                         : EXIT_FAIL;
	}
	status = app_session_status(&s, status);
	s.extra = NULL;
	app_session_close(&s);
	free(r);
	return status;
}
