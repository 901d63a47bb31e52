/* cmd_terminal.c - `kmpterm` without a command: the interactive terminal.
 * Checks that a full-screen terminal is there before anything starts,
 * asks for a port when none was named (a batch command would fail there,
 * but a person can be asked), opens the session without requiring the
 * link (the terminal shows "waiting for DEVICE" and the client keeps
 * retrying), and runs it.
 *
 * The terminal sees no app code: this file is its host.  It turns the
 * options into a tui_config and the session into a tui_host (the client's
 * events, the interrupt flag, the --log file's health and, under --sim,
 * the simulator's controls). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/session.h"
#include "app/sim_launch.h"
#include "link/ports.h"
#include "tui/port_picker.h"
#include "tui/tui.h"

/* --- the host table over the session -------------------------------------- */

typedef struct term_host {
	app_session *s;
	char log_error[600];
} term_host;

static void host_observe(void *ctx, kmp_observer fn, void *fn_ctx)
{
	term_host *h = ctx;
	h->s->extra = fn;
	h->s->extra_ctx = fn_ctx;
}

static const char *host_log_error(void *ctx)
{
	term_host *h = ctx;
	/* the session closed the log at its first failed write (a full disk)
	 * and kept the reason */
	if (!h->s->log_error)
		return NULL;
	snprintf(h->log_error, sizeof h->log_error, "cannot write the --log file %s: %s",
	         h->s->opt && h->s->opt->log_path ? h->s->opt->log_path : "",
	         strerror(h->s->log_error));
	return h->log_error;
}

static int host_sim_set_quality(void *ctx, int quality)
{
	return app_sim_set_quality(((term_host *)ctx)->s, quality);
}

static int host_sim_press_button(void *ctx)
{
	return app_sim_press_button(((term_host *)ctx)->s);
}

static int host_sim_ended(void *ctx, char *why, size_t cap)
{
	return app_sim_ended(((term_host *)ctx)->s, why, cap);
}

static int host_sim_restart(void *ctx, char *err, size_t cap)
{
	return app_sim_restart(((term_host *)ctx)->s, err, cap);
}

static const tui_sim_host sim_host = {
        .head_quality = app_sim_head_quality,
        .set_quality = host_sim_set_quality,
        .press_button = host_sim_press_button,
        .ended = host_sim_ended,
        .restart = host_sim_restart,
};

/* The terminal's settings from the options. */
static void make_config(const app_options *o, tui_config *cfg)
{
	tui_config_default(cfg);
	if (o->regs_given) {
		cfg->regs = o->regs;
		cfg->n_regs = o->n_regs;
	}
	/* --interval is seconds, maybe fractional; the terminal counts ms */
	if (o->interval >= 0)
		cfg->interval_ms = (unsigned)(o->interval * 1000.0 + 0.5);
	cfg->retries = o->retries;
	cfg->timeout_ms = o->timeout_ms;
	cfg->no_color = o->no_color;
	cfg->simulated = o->sim;
	cfg->scan_from = o->scan_from;
	cfg->scan_to = o->scan_to;
	cfg->batch = o->batch;
	cfg->delay_ms = o->delay_ms;
	cfg->baud = o->baud > 0 ? (unsigned)o->baud : 0;
	cfg->family = (int)o->family;
	cfg->address = o->address;
}

/* The port picker: sets o->device or o->sim in the caller's copy of the
 * options.  device holds the chosen path for as long as o is used.
 * Returns -1 to go on, else the exit status (0 when the user cancelled:
 * leaving is not a failure). */
static int pick_device(app_options *o, char *device, size_t cap)
{
	kmp_port_info *ports = NULL;
	int n = kmp_ports_list(&ports);
	size_t port = 0;
	/* a port list that cannot be read still leaves the simulator */
	int r = tui_pick_port(stdin, stdout, NULL, ports, n > 0 ? (size_t)n : 0, &port);
	if (r == TUI_PICK_PORT) {
		snprintf(device, cap, "%s", ports[port].path);
		o->device = device;
	} else if (r == TUI_PICK_SIM) {
		o->sim = 1;
	}
	free(ports);
	if (r < 0) {
		fprintf(stderr, "kmpterm: cannot start the port picker\n");
		return EXIT_FAIL;
	}
	return r == TUI_PICK_CANCEL ? EXIT_OK : -1;
}

int cmd_terminal(const app_options *given)
{
	char err[300], device[256];
	if (given->replay_path)
		return cmd_replay(given); /* no device, no session */
	if (tui_check_terminal(err, sizeof err) != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	/* a copy: the picker fills in what the command line left out, and
	 * the session keeps pointing at it until it closes */
	app_options opt = *given, *o = &opt;
	if (app_session_pick_needed(o)) {
		int rc = pick_device(o, device, sizeof device);
		if (rc >= 0)
			return rc;
	}
	app_session s;
	int rc = app_session_open(&s, o, 0);
	if (rc != EXIT_OK)
		return rc;
	tui_config cfg;
	make_config(o, &cfg);
	term_host th = {.s = &s};
	tui_host host = {
	        .ctx = &th,
	        .interrupted = &app_interrupted,
	        .observe = host_observe,
	        .log_error = host_log_error,
	        .sim = o->sim ? &sim_host : NULL,
	};
	rc = tui_run(s.client, &cfg, &host, err, sizeof err);
	app_session_close(&s);
	if (rc != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
