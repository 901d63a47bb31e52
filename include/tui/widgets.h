/* widgets.h - small drawing helpers shared by the views: text clipped to
 * display columns (UTF-8 aware), a bar plot of recent values, boxes.
 * Everything draws into a WINDOW and reads nothing else. */
#ifndef TUI_WIDGETS_H
#define TUI_WIDGETS_H

#include <stddef.h>

#include <curses.h>

/* Display columns of a UTF-8 (or plain) string. */
int tui_text_width(const char *s);
/* How many bytes of s fit in `cols` display columns (whole characters);
 * *used gets their columns. */
size_t tui_text_fit(const char *s, int cols, int *used);
/* Write s at (y, x) in at most `width` columns: cut with "~" when longer,
 * padded with spaces to `width` when pad.  Right-aligned when right.
 * Returns the columns written. */
int tui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, int pad, int right);
/* printf into a row, clipped to the window. */
void tui_printf(WINDOW *w, int y, int x, attr_t attr, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
/* Fill a row from column x to the right edge with spaces in attr. */
void tui_fill_row(WINDOW *w, int y, int x, attr_t attr);

/* Bar plot of n values (oldest first) in an h x width box at (y, x):
 * one column per value (the newest `width` values), scaled between lo
 * and hi (the caller labels them with the exact min and max).  utf8:
 * eighth blocks, else '#' and '.'.  Doubles here only set the shape of
 * the bars. */
void tui_plot(WINDOW *w, int y, int x, int h, int width, const double *vals, size_t n, double lo,
              double hi, int utf8);
/* Which bar height (0..h*8 eighths) value v gets between lo and hi. */
int tui_plot_level(double v, double lo, double hi, int h);

/* A frame around (y, x, h, width) with a title, in ASCII or line drawing. */
void tui_box(WINDOW *w, int y, int x, int h, int width, const char *title, attr_t attr);

#endif
