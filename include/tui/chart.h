/* chart.h - a bar chart of values over time, for a register's session
 * history (view 1's details) and a data logger's records (the history
 * view).  The bars only show a shape: the exact smallest and largest
 * values are printed beside them as texts the caller formats, never from
 * the doubles.  Draws into the given box of a WINDOW and nothing else. */
#ifndef TUI_CHART_H
#define TUI_CHART_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

typedef struct tui_chart_point {
	int64_t t; /* seconds since the epoch, UTC (the x axis) */
	double y;  /* where the bar ends only: never printed (labels are exact texts) */
} tui_chart_point;

typedef struct tui_chart_labels {
	const char *min, *max; /* exact texts of the smallest and largest value shown */
	const char *unit;      /* unit name, or NULL */
} tui_chart_labels;

/* A bar chart of pts (oldest first) in the box (y, x, h rows, w columns) of win: block
 * characters in eighths, max/min labels on the left, time labels along the bottom as
 * dates (axis_dates != 0) or clock times.  Fewer than 2 points, or a box too small: one
 * line saying so instead.
 *
 * The x axis is time: column c stands for a moment between the first
 * point's time (the leftmost column) and the last one's (the rightmost),
 * and shows the latest point at or before it, so a value holds until the
 * next one arrives and a late point is never drawn early.  Points whose
 * times all agree are spread one per column instead.  Bars use eighth
 * blocks when the locale is UTF-8, '#' and '.' otherwise; attr is for
 * the bars and the one-line message.  Times are shown in UTC, like every
 * timestamp kmpterm writes.  Nothing is drawn outside the box or the
 * window. */
void tui_chart_draw(WINDOW *win, int y, int x, int h, int w, const tui_chart_point *pts, size_t n,
                    const tui_chart_labels *lab, int axis_dates, attr_t attr);

/* Smallest box that holds a chart (labels of one column each): rows and
 * columns.  Below either, tui_chart_draw writes its one line instead. */
#define TUI_CHART_MIN_ROWS 3
#define TUI_CHART_MIN_COLS 24

#endif
