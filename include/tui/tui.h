/* tui.h - the interactive terminal: `kmpterm` without a command.
 *
 * One thread, one poll() over the keyboard and the link: the screen stays
 * responsive while an exchange is in flight, and an idle terminal sleeps
 * in poll() until the next client deadline, poll round or once-a-second
 * redraw (ages, countdowns). */
#ifndef TUI_TUI_H
#define TUI_TUI_H

#include <stddef.h>
#include <stdint.h>

struct app_session;

typedef struct tui_config {
	const uint16_t *regs; /* registers of the live table */
	size_t n_regs;
	unsigned interval_ms; /* between poll rounds */
	unsigned retries;     /* extra attempts after a failed exchange */
	int no_color;         /* -C */
} tui_config;

/* Default register set of view 1. */
extern const uint16_t tui_default_regs[];
extern const size_t tui_n_default_regs;

/* Can this process run a full-screen terminal?  0, or -1 with a one-line
 * reason in err (no tty on stdin/stdout, TERM unset, unknown, or unable to
 * address the cursor, like TERM=dumb). */
int tui_check_terminal(char *err, size_t cap);

/* Run until the user quits (or SIGINT/SIGTERM).  The session is open; its
 * extra observer is taken over for the trace.  Returns 0, or -1 with a
 * one-line message in err when curses could not start. */
int tui_run(struct app_session *s, const tui_config *cfg, char *err, size_t cap);

#endif
