/* cmd_terminal.c - `kmpterm` without a command: the interactive terminal.
 * Checks that a full-screen terminal is there before anything starts,
 * opens the session without requiring the link (the terminal shows
 * "waiting for DEVICE" and the client keeps retrying), and runs it. */
#include <stdio.h>

#include "app/commands.h"
#include "app/session.h"
#include "tui/tui.h"

int cmd_terminal(const app_options *o)
{
	char err[300];
	if (tui_check_terminal(err, sizeof err) != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	app_session s;
	int rc = app_session_open(&s, o, 0);
	if (rc != EXIT_OK)
		return rc;
	tui_config cfg = {
	        .regs = o->regs_given ? o->regs : tui_default_regs,
	        .n_regs = o->regs_given ? o->n_regs : tui_n_default_regs,
	        /* --interval is seconds, maybe fractional; the terminal counts ms */
	        .interval_ms = o->interval < 0 ? 10000u : (unsigned)(o->interval * 1000.0 + 0.5),
	        .retries = o->retries,
	        .no_color = o->no_color,
	};
	rc = tui_run(&s, &cfg, err, sizeof err);
	app_session_close(&s);
	if (rc != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
