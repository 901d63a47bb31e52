/* progress.h - the progress line the long batch commands (scan, history,
 * identify, probe) keep on stderr: one line redrawn in place with \r every
 * APP_DRAW_US, only when stderr is a terminal, wiped before anything else
 * is printed there; and the "m:ss" durations it and the results show. */
#ifndef APP_PROGRESS_H
#define APP_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* Redraw interval of the progress line. */
#define APP_DRAW_US 250000

typedef struct app_progress {
	int tty;            /* stderr is a terminal: the line is drawn */
	int drawn;          /* a progress line is on the screen */
	uint64_t next_draw; /* when it is drawn next */
} app_progress;

/* Drawn only when stderr is a terminal (asked here). */
void app_progress_init(app_progress *pl);

/* 1 when the caller is to draw the line now (at now, monotonic us): it
 * then counts as drawn, and the next one is due APP_DRAW_US later. */
int app_progress_due(app_progress *pl, uint64_t now);

/* The loop's next deadline: w (0: none) or the next redraw, the earlier. */
uint64_t app_progress_wake(const app_progress *pl, uint64_t w);

/* Wipe the line, if one is on the screen. */
void app_progress_undraw(app_progress *pl);

/* "m:ss" or "h:mm:ss"; "--:--" for a negative (unknown) time. */
void app_duration_text(double s, char *buf, size_t cap);

#endif
