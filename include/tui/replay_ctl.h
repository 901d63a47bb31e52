/* replay_ctl.h - the terminal on a recorded session (--replay FILE).
 *
 * The controller's other half: instead of a client, a recording
 * (feature/replay.h) whose entries are handed to the same observer the
 * client feeds (the trace view's ring), and whose exchanges the exchange
 * tracker turns into register readings, the meter identity and the
 * counters, as the live terminal made them.  The replay clock runs as
 * recorded, 10 or 100 times faster (`>`), or jumps to the end (`E`).
 * Nothing is sent, no device is open: there is no client at all. */
#ifndef TUI_REPLAY_CTL_H
#define TUI_REPLAY_CTL_H

#include <stdint.h>

#include <curses.h>

#include "feature/replay.h"

typedef struct tui_ctl tui_ctl;
typedef struct tui_model tui_model;

/* The speeds `>` steps through. */
#define TUI_REPLAY_SPEEDS                                                                          \
	{                                                                                          \
		1u, 10u, 100u                                                                      \
	}

typedef struct tui_replay_drive {
	const kmp_replay *rec;
	size_t next;          /* the next entry to show */
	uint64_t real0, pos0; /* at real (monotonic) time real0 the replay was at pos0 */
	unsigned speed;       /* the anchor's speed */
	kmp_tracker tracker;
	kmp_replay_scratch *scratch;
	/* registers asked once / more than once: a register the recording
	 * polled gets a row even without a value (missing, failed), one a scan
	 * asked once only with a value, so a scan's log does not fill the
	 * table with the IDs the meter lacks */
	uint8_t *asked, *asked_again; /* bitmaps over 65536 IDs */
	int ended;                    /* the end of the recording was reached and settled */
	int end_said;                 /* ...and said in the status line */
} tui_replay_drive;

/* Start the replay at real time now (from tui_ctl_init when cfg->replay).
 * Returns 0 or -1 (out of memory). */
int tui_replay_start(tui_ctl *c, uint64_t now);
void tui_replay_stop(tui_ctl *c);
/* Show what the replay clock has reached. */
void tui_replay_pump(tui_ctl *c, uint64_t now);
/* When the next entry (or the next second of the clock) is due; 0 none. */
uint64_t tui_replay_wake_us(const tui_ctl *c);

/* `>` (speed) and `E` (end) while replaying; TUI_R_IGNORED otherwise. */
unsigned tui_replay_key(tui_model *m, int ch);
/* The header's first row while replaying. */
void tui_replay_header_draw(const tui_model *m, WINDOW *w);
/* The header's right-hand part of the second row ("poll" elsewhere). */
const char *tui_replay_state_text(const tui_model *m, char *buf, size_t cap);

#endif
