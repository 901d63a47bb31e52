/* sim_log.h - kmpsim --log: one JSON object per line, flushed per line.
 *
 * Every piece of input the meter's receiver saw gives one line, e.g.
 *   {"t":"2026-11-21T10:00:00.123Z","event":"request","raw":"803f100200 ...",
 *    "addr":63,"cid":16,"command":"GetRegister","ids":[60,68],"crc":"ok",
 *    "result":"answered","quality":100,"reply_bytes":31}
 * and the simulator itself adds "start", "stop", "client", "quality" and
 * "wake" lines.  The fields are listed in docs/kmpsim-map.md, "Log". */
#ifndef SIM_SIM_LOG_H
#define SIM_SIM_LOG_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "sim/sim_core.h"

/* Room for the longest line: a 1 kB frame in hex plus 255 IDs. */
#define KMPSIM_LOG_LINE_MAX 6144

/* Format ev as one JSON line ending in '\n'.  Returns the length written
 * (a line that would not fit is cut and still ends in '\n'). */
size_t kmpsim_log_format(const kmpsim_event *ev, const struct timespec *wall, char *buf,
                         size_t cap);

typedef struct kmpsim_log {
	FILE *fp; /* NULL: logging off */
} kmpsim_log;

/* path NULL: logging off.  Returns KMP_OK, or KMP_ERR_IO with "PATH:
 * reason" in err. */
int kmpsim_log_open(kmpsim_log *l, const char *path, char *err, size_t cap);
void kmpsim_log_close(kmpsim_log *l);
/* Write ev stamped with the wall clock now. */
void kmpsim_log_event(kmpsim_log *l, const kmpsim_event *ev);
/* Write {"t":...,"event":EVENT,FIELDS} where fields is a printf format for
 * the JSON members after "event" (may be NULL). */
void kmpsim_log_note(kmpsim_log *l, const char *event, const char *fields, ...)
        __attribute__((format(printf, 3, 4)));

#endif
