/* tui_fixture.h - the terminal's model as the TUI unit tests build it:
 * default registers, ASCII glyphs (the runner keeps the C locale) and no
 * colour, readings as the reader would hand them over, and frames pushed
 * into its trace ring as the client would. */
#ifndef TESTS_TUI_FIXTURE_H
#define TESTS_TUI_FIXTURE_H

#include <stdint.h>

#include "client/client.h"
#include "feature/reader.h"
#include "tui/model.h"

/* A model at t = 1000 s (fails the test fatally if it cannot be made). */
tui_model *fixture_new_model(void);
void fixture_free_model(tui_model *m);

/* An OK reading of register id: text as a value of len mantissa bytes in
 * unit, with its record as the meter would send it (fails fatally if
 * the text or the record does not fit). */
kmp_reading fixture_reading(uint16_t id, uint8_t unit, const char *text, uint8_t len);

/* An event of `kind` at t for the frame given as hex, decoded as the
 * client would (an ECHO is our own request's), pushed into m's trace
 * ring; the push must succeed.  The ring copies what it keeps. */
void fixture_push_frame(tui_model *m, kmp_event_kind kind, const char *hex, uint64_t t);

#endif
