/* cmd_replay.c - `kmpterm --replay FILE`: the terminal on a recorded
 * session.  The host's side: read the file (a kmpterm --log file or a
 * paste `decode` reads), turn it into a recording (feature/replay.h) and
 * hand it to the terminal through its config.  No session, no client, no
 * device: nothing is sent anywhere. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/session.h"
#include "feature/journal.h"
#include "feature/replay.h"
#include "tui/tui.h"

/* A day of a busy session's --log is a few MiB; more is not a trace. */
#define REPLAY_FILE_MAX (64u * 1024u * 1024u)

static void on_signal(int sig)
{
	(void)sig;
	app_interrupted = 1;
}

/* The file into r.  Returns -1 to go on, or the exit status (reported). */
static int load(const char *path, kmp_replay *r)
{
	char *text = NULL;
	size_t len = 0;
	int rc = kmp_read_file(path, REPLAY_FILE_MAX, &text, &len);
	if (rc != KMP_OK) {
		fprintf(stderr, "kmpterm: --replay %s: %s\n", path,
		        rc == KMP_ERR_NODEV ? "no such file"
		        : errno == EINVAL   ? "not a regular file"
		        : errno == EFBIG    ? "larger than 64 MiB: not a kmpterm trace"
		                            : strerror(errno));
		return EXIT_FAIL;
	}
	rc = kmp_replay_load(r, text, len);
	free(text);
	if (rc != KMP_OK) {
		fprintf(stderr, "kmpterm: --replay %s: out of memory\n", path);
		return EXIT_FAIL;
	}
	if (!r->n) {
		if (r->n_errors)
			fprintf(stderr,
			        "kmpterm: --replay %s: nothing to replay (line %u, column %u: "
			        "%s)\n",
			        path, r->error_line, r->error_col, r->error);
		else
			fprintf(stderr, "kmpterm: --replay %s: nothing to replay (no frames)\n",
			        path);
		kmp_replay_free(r);
		return EXIT_FAIL;
	}
	return -1;
}

int cmd_replay(const app_options *o)
{
	char err[300];
	kmp_replay rec;
	/* the file first: what is wrong with it is said with or without a
	 * terminal */
	int rc = load(o->replay_path, &rec);
	if (rc >= 0)
		return rc;
	if (tui_check_terminal(err, sizeof err) != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		kmp_replay_free(&rec);
		return EXIT_FAIL;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	tui_config cfg;
	tui_config_default(&cfg);
	cfg.no_color = o->no_color;
	cfg.replay = &rec;
	cfg.replay_name = o->replay_path;
	cfg.family = (int)o->family;
	tui_host host = {.interrupted = &app_interrupted};
	rc = tui_run(NULL, &cfg, &host, err, sizeof err);
	if (rc == 0 && rec.n_errors)
		/* said after the screen is gone, where it stays readable */
		fprintf(stderr,
		        "kmpterm: --replay %s: %u line%s not replayed (first: line %u, "
		        "column %u: %s)\n",
		        o->replay_path, rec.n_errors, rec.n_errors == 1 ? "" : "s", rec.error_line,
		        rec.error_col, rec.error);
	kmp_replay_free(&rec);
	if (rc != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
