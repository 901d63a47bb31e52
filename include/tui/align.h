/* align.h - view 3, "Align": probe the optical link continuously while the
 * user moves the head, and show how well it answers (docs/alignment.md).
 *
 * The state below is the view's private data (m->view_data, view.h).  Its
 * two halves follow the view interface:
 *  - controller side (view_align.c, align_pump): the only code that
 *    touches the client.  While the view is shown it runs a kmp_prober
 *    (GetSerialNo as fast as the timing rules allow), sets the short probe
 *    timeout, claims the link (owner.h: the poller and a scan wait),
 *    copies the prober's status here so draw() never asks the client,
 *    rings the bell, and under --sim tells the host where the head is.
 *    Leaving the view stops all of it and gives the user's timeout back.
 *  - model side: draw() reads this struct and the prober's statistics
 *    (pure: kmp_probe_stats_snapshot at m->now_us); key() changes the
 *    bell, the simulated head and the reset request.
 * Tests fill `prober.stats` with recorded probes and `status` by hand and
 * render the view off-screen. */
#ifndef TUI_ALIGN_H
#define TUI_ALIGN_H

#include <stdint.h>

#include <curses.h>

#include "feature/prober.h"
#include "tui/model.h"

/* The simulated head moves this many steps from the sweet spot each way:
 * the simulator's window ends before it (quality 0), one more would show
 * nothing new. */
#define TUI_ALIGN_HEAD_MAX 6
#define TUI_ALIGN_HEAD_CELLS (2 * TUI_ALIGN_HEAD_MAX + 1)

/* How often the body repaints while probing: countdowns, ages and the
 * history strip move with time; new probes repaint sooner. */
#define TUI_ALIGN_REDRAW_US 250000u

typedef struct tui_align {
	kmp_prober prober; /* its stats are what the view draws */
	int bound;         /* prober tied to the session's client */
	int active;        /* probing: the view is shown */
	int reset_req;     /* 'r': restart with fresh statistics */

	/* copied by the pump, read by draw */
	kmp_prober_status status;
	unsigned timeout_ms;      /* probe timeout while the view is shown */
	unsigned user_timeout_ms; /* the client's timeout outside the view */
	unsigned long seen_total; /* probes counted when the body was last marked dirty */
	uint64_t marked_us;       /* ... and when */

	/* 'b': a terminal bell for every good reply, like a Geiger counter */
	int bell;
	unsigned long rung_ok; /* OK probes already rung for (or skipped) */
	void (*ring)(void);    /* beep() by default; tests count instead */

	/* --sim: the arrows move a simulated head over the meter's window */
	int sim;            /* the host runs the built-in simulator */
	int head_x, head_y; /* steps from the sweet spot; y grows downwards */
	/* the simulator's quality at each position, [y][x] from -MAX (copied
	 * from the host when the view binds, so draw needs nobody) */
	unsigned char window[TUI_ALIGN_HEAD_CELLS][TUI_ALIGN_HEAD_CELLS];
	int head_moved;  /* the simulator follows the head since an arrow was pressed */
	int quality_req; /* the head moved: write its quality to the simulator */
	int sim_error;   /* the last write to the simulator failed */
} tui_align;

/* The view's state (NULL before tui_views_init). */
tui_align *tui_align_state(const tui_model *m);

/* The quality the simulated head's position implies, 0..100. */
int tui_align_head_quality(const tui_align *a);
/* The quality at (x, y) steps from the sweet spot (0 outside the grid). */
int tui_align_window_quality(const tui_align *a, int x, int y);
/* Copy the simulator's model: quality(x, y) for every cell of the grid,
 * and mark the view as running on the simulator. */
void tui_align_set_window(tui_align *a, int (*quality)(int x, int y));

/* ---- pieces of the screen (align_widgets.c), each reading only its args */

/* Big digits: each glyph is TUI_ALIGN_BIG_ROWS rows tall.  Draws text
 * (digits, '%', '-', ' ') at (y, x), '#' blocks in ASCII or full blocks in
 * UTF-8; returns the columns used.  tui_align_big_width measures it. */
#define TUI_ALIGN_BIG_ROWS 5
int tui_align_big_width(const char *text);
int tui_align_big_draw(WINDOW *w, int y, int x, const char *text, attr_t attr, int utf8);

/* A bar for a rate 0..1 (< 0: none) in `width` cells at (y, x): filled in
 * proportion (eighths of a cell in UTF-8), threshold marks at the fair and
 * good bands, the fill in the attr of its band. */
void tui_align_bar(const tui_model *m, WINDOW *w, int y, int x, int width, double rate);
/* The column (0..width-1) of the cell holding a rate's threshold mark. */
int tui_align_bar_mark(int width, double rate);

/* The attribute for a band (red, amber, green; bold without colour). */
attr_t tui_align_band_attr(const tui_model *m, kmp_probe_band b);
/* "GOOD", "FAIR", "BAD", "--": the band in words, so colour is not needed. */
const char *tui_align_band_word(kmp_probe_band b);

/* The last 60 s, one column per `per` seconds (per >= 1), `rows` tall at
 * (y, x): success per column in eighths, 'x' for columns where every
 * probe failed, '.' for seconds without a finished probe. */
void tui_align_history(const tui_model *m, WINDOW *w, int y, int x, int rows, int per,
                       const kmp_probe_snapshot *s);

/* The head over the meter's window at (y, x): a legend row, then
 * (2 * TUI_ALIGN_HEAD_MAX + 1) rows of cells two columns wide.  Returns
 * the rows used. */
#define TUI_ALIGN_GRID_ROWS (2 * TUI_ALIGN_HEAD_MAX + 2)
#define TUI_ALIGN_GRID_COLS (2 * (2 * TUI_ALIGN_HEAD_MAX + 1))
int tui_align_grid(const tui_model *m, const tui_align *a, WINDOW *w, int y, int x);

/* ---- the whole body (align_draw.c) */

/* The big figure: success over the probes that finished in the last 5 s,
 * at most the newest 20 of them (both windows of the bars at once): -1
 * when none did; n_out (may be NULL) gets how many. */
double tui_align_recent_rate(const kmp_probe_stats *st, uint64_t now_us, unsigned *n_out);
void tui_align_draw(const tui_model *m, WINDOW *w);

#endif
