/* host.h - what the terminal needs from the program that runs it.
 *
 * The terminal (src/tui) is a client of the features and the client only:
 * it includes no header of src/app or src/sim.  Its host (today
 * src/app/cmd_terminal.c) hands it the client, the settings it was started
 * with (tui_config, tui.h) and this table of services.  Every member may
 * be NULL: without --sim `sim` is NULL, and the tests fill in only what
 * they exercise.
 *
 * The services are cheap and never block: the terminal calls them from
 * its poll() loop. */
#ifndef TUI_HOST_H
#define TUI_HOST_H

#include <signal.h>
#include <stddef.h>

#include "client/client.h"

/* The built-in simulated meter (--sim).  The terminal draws the
 * simulator's window for the Align view, moves its head, presses its
 * button and restarts it when it ended. */
typedef struct tui_sim_host {
	/* The quality 0..100 the simulated head has at (x, y) steps from the
	 * sweet spot (y grows downwards): the simulator's own model, so the
	 * grid the Align view draws is the one the simulator answers by. */
	int (*head_quality)(int x, int y);
	/* The head moved: the simulator answers with this quality (0..100)
	 * from its next request on.  0, or -1 when it could not be told. */
	int (*set_quality)(void *ctx, int quality);
	/* Press the meter's button: wakes an optical port that went to sleep
	 * (kmpsim --sleep-after).  0, or -1. */
	int (*press_button)(void *ctx);
	/* Has the simulator ended?  0 while it runs; 1 with how it ended in
	 * why, as a predicate: "was killed by signal 9", "exited with status 1". */
	int (*ended)(void *ctx, char *why, size_t cap);
	/* Start a new simulator on the same device path (the client reopens
	 * it by itself).  0, or -1 with a one-line reason in err. */
	int (*restart)(void *ctx, char *err, size_t cap);
} tui_sim_host;

typedef struct tui_host {
	void *ctx; /* passed to every function below */
	/* Set (non-zero) by SIGINT/SIGTERM/SIGHUP: the loop ends at its next
	 * turn.  NULL: only q ends it. */
	const volatile sig_atomic_t *interrupted;
	/* Route every client event to fn(fn_ctx, ev) as well (the trace view
	 * and the controller see them); fn NULL stops it. */
	void (*observe)(void *ctx, kmp_observer fn, void *fn_ctx);
	/* Why writing the --log file failed, or NULL while it writes (or
	 * there is none).  The terminal says it once in the status line. */
	const char *(*log_error)(void *ctx);
	/* --sim only, NULL otherwise. */
	const tui_sim_host *sim;
} tui_host;

#endif
