/* session.h - what every command that talks to a meter shares: choosing the
 * device (-d, KMP_DEVICE, the only USB port, or --sim), the client, the
 * --log file, and the poll() loop. */
#ifndef APP_SESSION_H
#define APP_SESSION_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "app/options.h"
#include "client/client.h"

typedef struct app_session {
	const app_options *opt;
	kmp_client *client;
	char device[512];
	FILE *log;
	pid_t sim_pid;         /* the simulated meter's process, 0 if none */
	char sim_dir[256];     /* its scratch directory, "" if none */
	char sim_quality[512]; /* the quality file it rereads (ours or --sim-args'), "" if none */
	kmp_observer extra;    /* a front end's own observer (trace view) */
	void *extra_ctx;
	int batch;     /* a batch command (require_link): messages may go to stderr */
	int log_error; /* errno of the first failed --log write, 0 if none; the
	                * log is closed then (a batch command ends with exit 1, the
	                * terminal can show it in its status line) */
} app_session;

/* Resolve the device, start the simulator if asked, open the log, create
 * the client and connect.  require_link (the batch commands): fail (exit
 * 1) when the device cannot be opened now, saying what to try; stderr is
 * theirs for warnings (a failed --log write, "the meter is simulated").
 * Otherwise (the terminal) the client keeps retrying and nothing is
 * printed once the session is open.  Returns EXIT_OK or an exit status
 * with the message already on stderr. */
int app_session_open(app_session *s, const app_options *o, int require_link);
void app_session_close(app_session *s);

/* 1 when app_session_open would find no device: no --sim, -d or
 * KMP_DEVICE, and not exactly one USB serial port.  The interactive
 * terminal then lets the user pick one; batch commands fail instead. */
int app_session_pick_needed(const app_options *o);

/* Run the poll loop until done(ctx) returns non-zero.  pump(ctx) is called
 * on every turn before polling (it may submit requests); wake_us is its
 * next own deadline (0: none).  watch_stdout: also end when standard
 * output's reader goes away (a closed pipe: nobody reads the result). */
typedef struct app_loop_hooks {
	int (*done)(void *ctx);
	void (*pump)(void *ctx, uint64_t now_us);
	uint64_t (*wake_us)(void *ctx); /* monotonic time of the next own deadline, 0 none */
	void *ctx;
	int watch_stdout;
} app_loop_hooks;
enum {
	APP_LOOP_DONE = 0,        /* done(ctx) said so */
	APP_LOOP_INTERRUPTED = 1, /* SIGINT, SIGTERM, SIGHUP, or poll() failed */
	APP_LOOP_OUTPUT_GONE = 2, /* watch_stdout and its reader went away */
};
int app_loop(app_session *s, const app_loop_hooks *h);

/* The session's exit status contribution: EXIT_FAIL when the --log trace
 * lost lines (already reported), else status unchanged. */
int app_session_status(const app_session *s, int status);

/* Set by SIGINT/SIGTERM handlers installed by app_session_open. */
extern volatile sig_atomic_t app_interrupted;
/* Readable from the first of those signals on (-1 when no pipe could be
 * made): a loop polls it beside its own descriptors, so a signal that
 * came just before its poll() still wakes it at once. */
int app_signal_fd(void);

#endif
