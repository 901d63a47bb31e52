/* tui.h - the interactive terminal: `kmpterm` without a command.
 *
 * One thread, one poll() over the keyboard and the link: the screen stays
 * responsive while an exchange is in flight, and an idle terminal sleeps
 * in poll() until the next client deadline, poll round or once-a-second
 * redraw (ages, countdowns).
 *
 * The terminal sees the client and the features only.  Everything else it
 * needs from its host comes in here: the settings it was started with
 * (tui_config) and the host's services (tui_host, host.h). */
#ifndef TUI_TUI_H
#define TUI_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "feature/replay.h"
#include "tui/host.h"

/* The settings the terminal starts with (the command line and config
 * file, already checked by the host). */
typedef struct tui_config {
	const uint16_t *regs; /* registers of the live table */
	size_t n_regs;
	unsigned interval_ms; /* between poll rounds */
	unsigned retries;     /* extra attempts after a failed exchange */
	unsigned timeout_ms;  /* the reply timeout (-t); 0: the client's default */
	int no_color;         /* -C */
	int simulated;        /* the device is the built-in simulated meter (--sim) */
	/* the scan view's first scan: --scan-range / --from / --to, --batch,
	 * --delay; -1 / 0 where not given */
	long scan_from, scan_to;
	unsigned batch;    /* 0: KMP_MAX_IDS */
	unsigned delay_ms; /* between scan requests */
	unsigned baud;     /* -b, for the scan estimate; 0: 1200 */
	int family;        /* kmp_family of --family (or the profile); 0: unknown */
	/* --replay: the recorded session to show instead of a live one (the
	 * client is NULL then: nothing is sent); its name for the header */
	const kmp_replay *replay;
	const char *replay_name;
	/* -a: the client's KMP address (0: not given, the meter's); a logger
	 * module's (0x7F, 0xBF) makes view 6 read its logs with A0..A3 */
	unsigned address;
} tui_config;

/* A config with the defaults: the default registers, 10 s interval, no
 * scan options.  Hosts start from it and set what was given. */
void tui_config_default(tui_config *cfg);

/* Default register set of view 1. */
extern const uint16_t tui_default_regs[];
extern const size_t tui_n_default_regs;

/* Can this process run a full-screen terminal?  0, or -1 with a one-line
 * reason in err (no tty on stdin/stdout, TERM unset, unknown, or unable to
 * address the cursor, like TERM=dumb). */
int tui_check_terminal(char *err, size_t cap);

/* Run until the user quits (or host->interrupted is set).  With
 * cfg->replay, client is NULL and the terminal replays the recording.
 * Otherwise the client is
 * created (its link may be down: the terminal shows it and the client
 * keeps retrying); its events reach the terminal through host->observe.
 * Returns 0, or -1 with a one-line message in err when curses could not
 * start. */
int tui_run(kmp_client *client, const tui_config *cfg, const tui_host *host, char *err, size_t cap);

#endif
