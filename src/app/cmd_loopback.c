/* cmd_loopback.c - `kmpterm loopback [--json] [--rounds N]`: the adapter
 * self-test (feature/loopback.h).  Exit 0 when every pattern came back
 * intact (and on time where the line has a speed), 1 otherwise. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/json.h"
#include "app/output.h"
#include "app/session.h"
#include "feature/loopback.h"

typedef struct loop_run {
	kmp_loopback lb;
} loop_run;

static int run_done(void *ctx)
{
	return kmp_loopback_done(&((loop_run *)ctx)->lb);
}

static void run_pump(void *ctx, uint64_t now)
{
	kmp_loopback_pump(&((loop_run *)ctx)->lb, now);
}

/* A pseudo-terminal carries bytes at no speed: its timing says nothing. */
static int is_pty(const char *device)
{
	char real[PATH_MAX];
	if (!realpath(device, real))
		return 0;
	return strncmp(real, "/dev/pts/", 9) == 0 || strcmp(real, "/dev/ptmx") == 0;
}

static void print_json(const kmp_loopback *lb, const kmp_link_config *line, const char *dev)
{
	char why[300];
	printf("{\"device\":");
	json_str(stdout, dev);
	printf(",\"settings\":{\"baud\":%d,\"databits\":%d,\"parity\":\"%s\",\"stopbits\":%d}",
	       line->baud, line->databits,
	       line->parity == 'E'   ? "even"
	       : line->parity == 'O' ? "odd"
	                             : "none",
	       line->stopbits);
	printf(",\"passed\":%s,\"timing_checked\":%s,\"results\":[",
	       kmp_loopback_passed(lb) ? "true" : "false", lb->check_timing ? "true" : "false");
	for (size_t i = 0; i < lb->n; i++) {
		const kmp_loop_result *r = &lb->results[i];
		printf("%s{\"pattern\":", i ? "," : "");
		json_str(stdout, kmp_loop_pattern_name(r->pattern));
		printf(",\"sent\":%zu,\"got\":%zu,\"outcome\":\"%s\",\"timing\":\"%s\","
		       "\"wire_ms\":%.1f,\"took_ms\":%.1f}",
		       r->sent, r->got, kmp_loop_outcome_name(r->outcome),
		       kmp_loop_timing_name(r->timing), (double)r->wire_us / 1000.0,
		       (double)r->took_us / 1000.0);
	}
	printf("],\"verdict\":");
	json_str(stdout, kmp_loopback_verdict(lb, why, sizeof why));
	printf("}\n");
}

static void print_text(const kmp_loopback *lb, const kmp_link_config *line, const char *dev)
{
	char why[300];
	printf("loopback %s at %d %d%c%d\n", dev, line->baud, line->databits, line->parity,
	       line->stopbits);
	for (size_t i = 0; i < lb->n; i++) {
		const kmp_loop_result *r = &lb->results[i];
		printf("  %-26s %2zu/%2zu bytes  %-8s timing %-9s (%.0f ms on the wire, back after "
		       "%.0f ms)\n",
		       kmp_loop_pattern_name(r->pattern), r->got, r->sent,
		       kmp_loop_outcome_name(r->outcome), kmp_loop_timing_name(r->timing),
		       (double)r->wire_us / 1000.0, (double)r->took_us / 1000.0);
	}
	printf("%s: %s\n", kmp_loopback_passed(lb) ? "PASS" : "FAIL",
	       kmp_loopback_verdict(lb, why, sizeof why));
}

int cmd_loopback(const app_options *o)
{
	if (o->nargs)
		return app_cmd_usage_error("loopback", "loopback takes no arguments");
	app_session s;
	int rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK)
		return rc;
	if (kmp_client_is_tcp(s.client)) {
		app_session_close(&s);
		return app_cmd_usage_error("loopback",
		                           "loopback tests a local adapter; over TCP the bridge's "
		                           "serial line cannot be bridged from here");
	}
	loop_run *run = calloc(1, sizeof *run);
	if (!run) {
		fprintf(stderr, "kmpterm: out of memory\n");
		app_session_close(&s);
		return EXIT_FAIL;
	}
	kmp_loopback_start(&run->lb, s.client, o->rounds, !is_pty(s.device));
	app_loop_hooks h = {run_done, run_pump, NULL, run, 1};
	int why = app_loop(&s, &h);
	int status;
	kmp_link_config line;
	kmp_client_line(s.client, &line);
	if (why == APP_LOOP_OUTPUT_GONE) {
		status = app_out_failed(EPIPE);
	} else if (why != APP_LOOP_DONE) {
		kmp_loopback_stop(&run->lb);
		fprintf(stderr, "kmpterm: loopback interrupted\n");
		status = EXIT_FAIL;
	} else {
		if (o->json)
			print_json(&run->lb, &line, s.device);
		else
			print_text(&run->lb, &line, s.device);
		int err = app_out_flush();
		status = err                             ? app_out_failed(err)
		         : kmp_loopback_passed(&run->lb) ? EXIT_OK
		                                         : EXIT_FAIL;
		if (!err && status == EXIT_FAIL && !o->json) {
			char w[300];
			fprintf(stderr, "kmpterm: loopback failed: %s\n",
			        kmp_loopback_verdict(&run->lb, w, sizeof w));
		}
	}
	status = app_session_status(&s, status);
	app_session_close(&s);
	free(run);
	return status;
}
