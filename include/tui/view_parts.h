/* view_parts.h - pages drawn inside views 1 and 2: the register details
 * (Enter in view 1) and the frame inspector (Enter in view 2).  Read the
 * model only. */
#ifndef TUI_VIEW_PARTS_H
#define TUI_VIEW_PARTS_H

#include <curses.h>

#include "tui/model.h"

void tui_reg_details_draw(const tui_model *m, WINDOW *w);
void tui_trace_inspect_draw(const tui_model *m, const tui_trace_entry *e, WINDOW *w);

#endif
