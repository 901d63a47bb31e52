/* identify_view.h - view 5, "Identify": what is on this line, in the
 * terminal (issue 12).  The same engine as `kmpterm identify`
 * (feature/identify.h): it listens, tries the settings real meters use
 * and the legacy protocol, and gives a verdict, the most likely cause and
 * the next step, and the config lines.  Each try is shown as it ends.
 *
 * It owns the link while it runs (TUI_OWNER_IDENTIFY, above everyone:
 * it changes the line settings, so nobody may send in between), and runs
 * while the view is shown: entering the view the first time starts it,
 * r runs it again, s stops it, leaving the view stops it.  Afterwards the
 * terminal reads at settings that work: the ones identify found (said in
 * the status line and the view), or the ones it started with when nothing
 * answered, the answer was the legacy protocol (view 1 reads KMP), or the
 * run was stopped.  Over TCP the settings are the bridge's: it classifies
 * and changes nothing. */
#ifndef TUI_IDENTIFY_VIEW_H
#define TUI_IDENTIFY_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "feature/identify.h"
#include "tui/model.h"

typedef struct tui_identify {
	kmp_identify id;
	int running;          /* the engine drives the link */
	int waiting;          /* claimed: the engine starts once the client is free */
	int ran;              /* id holds a verdict (or a stopped run's tries) */
	int stopped;          /* the last run was stopped before its verdict */
	int started;          /* it was started once (the first visit starts it) */
	int start_req;        /* r, or the first visit: start when the link is up */
	int stop_req;         /* s, or the view was left */
	int restore;          /* put the line back to `line` once the client is free */
	kmp_link_config line; /* the settings the terminal reads at afterwards */
	char progress[160];   /* what it does now: "1200 8N1: GetType (KMP)" */
	char after[256];      /* what became of the line settings */
	size_t seen_tried;    /* tries drawn so far */
	int seen_step;
	int scroll; /* first row of the body shown */
} tui_identify;

tui_identify *tui_identify_state(const tui_model *m);
/* The body of view 5 (identify_draw.c). */
void tui_identify_draw(const tui_model *m, WINDOW *w);
/* How many rows the body's text has at width cols (for scrolling). */
int tui_identify_rows(const tui_model *m, int cols);

#endif
