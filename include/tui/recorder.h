/* recorder.h - view 1's record key: the readings of every poll round
 * appended to a CSV file while the table polls, in the format of
 * `kmpterm read --csv` (feature/reading_csv.h: time in ISO 8601 UTC, id,
 * name, value, unit, unit_name, text).
 *
 * The key leaves a request in the model (m->record.toggle_req); the
 * controller takes it here.  Starting creates a new file
 * kmpterm-readings-DATE-TIME.csv in m->record.dir exclusively (O_EXCL,
 * never through a planted link: kmp_open_write; a name taken gets
 * "-2".."-99") and writes the header.  Each finished round appends the
 * rows of the registers read OK in one write, then fsync: a kill loses at
 * most the round in flight.  A register without a valid answer has no
 * row, a round without any writes nothing, and a failed write (a full
 * disk) is cut back to the last whole row, said in the status line, and
 * does not stop the recording: the next round tries again.  The key again
 * stops it.  The status line names the file and the rows while it runs
 * (statusbar.c). */
#ifndef TUI_RECORDER_H
#define TUI_RECORDER_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "feature/reader.h"
#include "tui/model.h"

typedef struct tui_recorder {
	int fd;     /* -1: not recording */
	off_t size; /* bytes of whole rows in the file */
} tui_recorder;

void tui_recorder_init(tui_recorder *r);
/* Take the key's request (start or stop), with the wall clock now (for
 * the file's name). */
void tui_recorder_take(tui_recorder *r, tui_model *m, const struct timespec *wall);
/* A round of rd has ended: append its rows (see above).  wall and
 * mono_us: the clocks now, to date each reading by when it arrived. */
void tui_recorder_round(tui_recorder *r, tui_model *m, const kmp_reader *rd,
                        const struct timespec *wall, uint64_t mono_us);
/* Stop (the terminal ends): the file keeps what it has. */
void tui_recorder_close(tui_recorder *r, tui_model *m);

#endif
