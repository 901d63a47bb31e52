/* fmt.h - texts the views share: ages, unit names for the locale, the
 * exact value of a register row, its status word.  Buffers in, no I/O. */
#ifndef TUI_FMT_H
#define TUI_FMT_H

#include <stddef.h>
#include <time.h>
#include <stdint.h>

#include "tui/model.h"

/* "4s", "12m", "3h", "2d"; "-" for never. */
const char *tui_fmt_age(uint64_t now_us, uint64_t then_us, char *buf, size_t cap);
/* Unit for a table column: the name (ASCII outside UTF-8 locales), "" for
 * plain numbers (0, 51) and values shown in their own form (clock, date,
 * ASCII), "unit 0xNN" for codes outside the table. */
const char *tui_unit_short(const tui_model *m, uint8_t unit, char *buf, size_t cap);
/* The value exactly as the meter sent it (special units formatted), or
 * "" when the row has none. */
const char *tui_row_value(const tui_reg_row *row, const kmp_value *v, char *buf, size_t cap);
/* The row's value was read before the link last went down: it is what
 * the meter said then, not now. */
int tui_row_stale(const tui_model *m, const tui_reg_row *row);
/* "ok", "missing", "-" (not read yet), "stale" (an ok value from before
 * the link went down), or how the last read failed: "no answer", "bad
 * CRC", "echo only", "cut off", "garbage", "error". */
const char *tui_row_status(const tui_reg_row *row, int stale, char *buf, size_t cap);
/* An interval as people say it: "10 s", "1.5 s", "2 min", "1 h". */
const char *tui_fmt_interval(unsigned ms, char *buf, size_t cap);
/* A wait in whole seconds, as people say it: "42 s", "3 min 20 s",
 * "25 min", "1 h 59 min". */
const char *tui_fmt_wait(uint64_t s, char *buf, size_t cap);
/* Time since the session start as "seconds.millis". */
const char *tui_fmt_reltime(uint64_t start_us, uint64_t t_us, char *buf, size_t cap);

/* Display width helpers: text padded (or cut with "~") to exactly `cols`
 * screen columns, counting columns, not bytes ("m³" and "°C" are two
 * columns each).  right: pad on the left.  Returns buf. */
const char *tui_fmt_cols(const char *text, int cols, int right, char *buf, size_t cap);

/* "kmpterm-WHAT-YYYYmmdd-HHMMSS.EXT" in local time: the name of a file the
 * terminal writes on a key (w in the trace, e in the scan view). */
void tui_stamped_file_name(const char *what, const char *ext, const struct timespec *wall,
                           char *buf, size_t cap);

#endif
