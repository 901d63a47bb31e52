/* meter_state.h - is the meter answering, as the terminal shows it.
 *
 * The link can be up for minutes while the meter behind the head sleeps or
 * sees only the head's own light; "connected" and an empty table would say
 * nothing.  So the terminal keeps the meter's state apart from the link's
 * (feature/meter_watch.h, fed with every client event) and shows it in the
 * header, with the next step in the status line whenever no message is
 * shown there.  While identify (view 5) drives the link it tries settings
 * that are meant to fail: those exchanges say nothing about the meter at
 * the user's settings, so the watch does not see them. */
#ifndef TUI_METER_STATE_H
#define TUI_METER_STATE_H

#include <stddef.h>

#include "client/client.h"
#include "tui/model.h"

/* Feed one client event (from the controller's observer).  Returns 1 when
 * the meter began answering after a spell without answers (the controller
 * asks the meter's identity again then). */
int tui_meter_event(tui_model *m, const kmp_event *ev);
/* The header's words for the state: "answering", "NOT ANSWERING since
 * 12:03:10", "asleep? (was answering until 12:03:10)", "ECHO ONLY since
 * 12:03:10", "" while nothing is known. */
const char *tui_meter_header_text(const tui_model *m, char *buf, size_t cap);
/* The state needs attention (drawn as a warning). */
int tui_meter_warns(const tui_model *m);
/* The status line's next step while no message is shown, or NULL:
 * "the meter does not answer (since 12:03:10): press 5 to identify ...". */
const char *tui_meter_hint(const tui_model *m, char *buf, size_t cap);

#endif
