/* view_parts.h - pages drawn inside views 1 and 2: the register details
 * (Enter in view 1) and the frame inspector (Enter in view 2).  Read the
 * model only. */
#ifndef TUI_VIEW_PARTS_H
#define TUI_VIEW_PARTS_H

#include <curses.h>

#include "tui/colors.h"
#include "tui/model.h"

void tui_reg_details_draw(const tui_model *m, WINDOW *w);

/* One line of the inspector's page: a label (the field) and its text. */
typedef struct tui_page_line {
	char label[16];
	char text[320];
	tui_role role; /* of the text */
	int bold;
} tui_page_line;

/* The inspector's page for entry e on a screen `width` columns wide:
 * every field of the frame, the bytes over as many rows as they take and
 * every record.  Fills up to cap lines; returns how many the page has. */
int tui_inspect_lines(const tui_model *m, const tui_trace_entry *e, int width, tui_page_line *out,
                      int cap);
/* The title row, then the page from m->trace.page's top: it scrolls when
 * it does not fit. */
void tui_trace_inspect_draw(const tui_model *m, const tui_trace_entry *e, WINDOW *w);

#endif
