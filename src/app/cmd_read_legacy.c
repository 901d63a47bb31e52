/* cmd_read_legacy.c - `kmpterm read` on a MULTICAL 66C / 401 / III
 * (--protocol legacy, or 'protocol = legacy' as identify suggests): the
 * "/#1" readings with their names, scaled where the "/#2" programme and
 * the vendor's CCC table fix the decimals, raw digits otherwise. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/commands.h"
#include "app/identify_out.h"
#include "app/json.h"
#include "app/output.h"
#include "app/session.h"
#include "feature/legacy_read.h"
#include "kmp/error.h"
#include "kmp/iso_time.h"

static int run_done(void *ctx)
{
	return kmp_legacy_read_done(ctx);
}
static void run_pump(void *ctx, uint64_t now)
{
	kmp_legacy_read_pump(ctx, now);
}
static uint64_t run_wake(void *ctx)
{
	return kmp_legacy_read_wake_us(ctx);
}

static void print_json(const kmp_legacy_reader *r)
{
	char when[40];
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	printf("{\"t\":\"%s\",\"protocol\":\"legacy\",\"scaled\":%s,\"fields\":[",
	       kmp_iso_time(&now, when, sizeof when), r->scaled ? "true" : "false");
	int first = 1;
	if (r->have1)
		legacy_fields_json(stdout, &r->d1, &first);
	if (r->have2)
		legacy_fields_json(stdout, &r->d2, &first);
	printf("],\"failed\":");
	json_str(stdout, r->have1 && r->have2 ? NULL : kmp_err_name(r->status));
	printf("}\n");
}

int cmd_read_legacy(const app_options *o)
{
	if (o->nargs)
		return app_cmd_usage_error(
		        "read", "a legacy meter (--protocol legacy) has no register IDs: "
		                "read prints its /#1 and /#2 data");
	app_session s;
	int rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK)
		return rc;
	kmp_legacy_reader *r = calloc(1, sizeof *r);
	if (!r) {
		fprintf(stderr, "kmpterm: out of memory\n");
		app_session_close(&s);
		return EXIT_FAIL;
	}
	kmp_legacy_read_start(r, s.client, o->retries);
	app_loop_hooks h = {run_done, run_pump, run_wake, r, 1};
	int why = app_loop(&s, &h);
	int status = EXIT_OK;
	if (why == APP_LOOP_OUTPUT_GONE) {
		status = app_out_failed(EPIPE);
	} else if (why != APP_LOOP_DONE) {
		kmp_legacy_read_stop(r);
		fprintf(stderr, "kmpterm: read interrupted\n");
		status = EXIT_FAIL;
	} else {
		if (o->json) {
			print_json(r);
		} else {
			if (r->have1) {
				printf("MULTICAL 66C/401/III (legacy protocol)%s\n",
				       r->scaled ? ""
				                 : ": the digits as sent (no programme to scale "
				                   "them)");
				legacy_fields_text(stdout, &r->d1);
			}
			if (r->have2)
				legacy_fields_text(stdout, &r->d2);
		}
		int err = app_out_flush();
		if (err) {
			status = app_out_failed(err);
		} else if (!r->have1 || !r->have2) {
			fprintf(stderr,
			        "kmpterm: %s: the legacy meter did not answer %s after %u "
			        "attempt%s (%s); "
			        "is it a MULTICAL 66C/401/III, awake, and the head in place? "
			        "(kmpterm "
			        "identify)\n",
			        s.device, r->have1 ? "/#2" : "/#1", o->retries + 1,
			        o->retries ? "s" : "", kmp_strerror(r->status));
			status = EXIT_FAIL;
		}
	}
	status = app_session_status(&s, status);
	app_session_close(&s);
	free(r);
	return status;
}
