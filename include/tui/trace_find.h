/* trace_find.h - what the trace view (view 2) shows of an entry besides
 * its stored texts, and how `/` finds one: its time (seconds since the
 * start, or the UTC clock), its bytes as ASCII (a ser2net message that
 * arrived as GARBAGE reads as text), and whether it matches a search (hex
 * bytes, or text in any column).  Pure: no curses. */
#ifndef TUI_TRACE_FIND_H
#define TUI_TRACE_FIND_H

#include <stddef.h>

#include "tui/model.h"

/* The TIME column: "12.345" seconds since the session started (a replay:
 * since the recording's first entry), or with m->trace.abs_time the UTC
 * clock "10:00:00.123" as --log writes it. */
const char *tui_trace_time(const tui_model *m, const tui_trace_entry *e, char *buf, size_t cap);
/* Seconds since the session started, or the recording's first entry. */
const char *tui_trace_reltime(const tui_model *m, const tui_trace_entry *e, char *buf, size_t cap);
/* The first n bytes as ASCII: printable characters as they are, every
 * other byte '.'.  Returns buf. */
const char *tui_trace_ascii(const tui_trace_entry *e, size_t n, char *buf, size_t cap);
/* Does the entry match a search?  Hex bytes ("40 3F", "403f", "3F:10")
 * match those bytes in a row on the wire; any text matches the direction,
 * check, decode or ASCII of the bytes, case ignored.  "" matches nothing. */
int tui_trace_matches(const tui_trace_entry *e, const char *pattern);

#endif
