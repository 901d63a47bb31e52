/* list.h - the one scrolling list of the terminal: a selection, the rows
 * shown, the moving keys (Up Down j k PgUp PgDn Home End g G) and "rows
 * x-y of N".  Used by every list: the register table, the trace, the scan
 * results, and the inspector's page (a list without a selection).
 *
 * Items are indexes 0..n-1; the caller keeps its items and draws the rows
 * from tui_list_top() on.  The list never leaves rows empty while items
 * are hidden above (a shorter filter, a resize): the last page is full. */
#ifndef TUI_LIST_H
#define TUI_LIST_H

#include <stddef.h>

typedef struct tui_list {
	size_t sel; /* selected item */
	size_t top; /* first item on screen, as last scrolled */
	int pager;  /* no selection: the keys move the page (the inspector) */
} tui_list;

/* The first item to show in `rows` rows: the stored top, moved as little
 * as keeps the selection on screen and the last page full.  Pure: draw
 * uses it, keys store it. */
size_t tui_list_top(const tui_list *l, size_t n, int rows);
/* The selection inside 0..n-1 and top as tui_list_top says (after the
 * items or the rows changed). */
void tui_list_fix(tui_list *l, size_t n, int rows);
/* A moving key: returns TUI_R_REDRAW when something moved, TUI_R_HANDLED
 * when it could not (at the end already), TUI_R_IGNORED for other keys. */
unsigned tui_list_key(tui_list *l, size_t n, int rows, int ch);
/* Select item i (clamped) and scroll it into view. */
void tui_list_select(tui_list *l, size_t i, size_t n, int rows);
/* "rows 11-30 of 45"; "45 rows" when all of them fit; "no rows" for 0. */
const char *tui_list_range(const tui_list *l, size_t n, int rows, char *buf, size_t cap);

#endif
