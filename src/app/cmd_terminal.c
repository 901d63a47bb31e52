/* cmd_terminal.c - `kmpterm` without a command: the interactive terminal.
 * Checks that a full-screen terminal is there before anything starts,
 * asks for a port when none was named (a batch command would fail there,
 * but a person can be asked), opens the session without requiring the
 * link (the terminal shows "waiting for DEVICE" and the client keeps
 * retrying), and runs it. */
#include <stdio.h>
#include <stdlib.h>

#include "app/commands.h"
#include "app/session.h"
#include "link/ports.h"
#include "tui/port_picker.h"
#include "tui/tui.h"

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
