/* tui_screen.h - the off-screen curses screen the TUI unit tests draw
 * into: newterm on /dev/null with a fixed terminal type and size (the
 * tests must not depend on $TERM or the real terminal), and the rows read
 * back as text with mvwinnstr.  One screen at a time, opened by a suite's
 * init and closed by its cleanup:
 *     CU_add_suite("tui_x", screen_up, screen_down);
 */
#ifndef TESTS_TUI_SCREEN_H
#define TESTS_TUI_SCREEN_H

#include <curses.h>

/* Open the screen at rows x cols and make it current; 0 or -1. */
int screen_open(int rows, int cols);
/* screen_open(24, 80), as a CUnit suite init. */
int screen_up(void);
/* Close the screen (if open); always 0, as a CUnit suite cleanup. */
int screen_down(void);
/* Make the screen current again (after code that opened its own). */
void screen_select(void);

/* Row y of w without trailing blanks (a static buffer: the next call
 * overwrites it). */
const char *screen_row(WINDOW *w, int y);
/* The first row holding `needle`, or -1. */
int screen_find(WINDOW *w, const char *needle);
/* The first row starting with `prefix`, or -1. */
int screen_find_prefix(WINDOW *w, const char *prefix);
/* Whether some row holds `needle`; says nothing either way. */
int screen_has(WINDOW *w, const char *needle);
/* Whether some row holds `needle`; when none does, names the needle and
 * dumps w to stderr.  For what must be there. */
int screen_shows(WINDOW *w, const char *needle);
/* Every row of w to stderr, each after a '|'. */
void screen_dump(WINDOW *w);

#endif
