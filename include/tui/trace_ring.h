/* trace_ring.h - the frames and events of the session for the trace view
 * (view 2), in a bounded ring: memory stays flat however long the session
 * runs.  Each entry keeps the bytes as on the wire (up to a frame's
 * maximum), its times, its kind, the check and decode texts, and the
 * --log line (so `w` writes exactly what --log would have). */
#ifndef TUI_TRACE_RING_H
#define TUI_TRACE_RING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "client/client.h"
#include "tui/list.h"

#define TUI_TRACE_CAP 5000
/* Bytes kept per entry: a KMP frame never exceeds KMP_FRAME_MAX; a longer
 * run of garbage is cut (raw_total says how long it was). */
#define TUI_TRACE_RAW_MAX KMP_FRAME_MAX

typedef struct tui_trace_entry {
	uint64_t seq;  /* 0, 1, 2... over the whole session */
	uint64_t t_us; /* monotonic */
	struct timespec wall;
	kmp_event_kind kind;
	int status;   /* the event's status (TIMEOUT, LINK_DOWN, RX message check) */
	int is_error; /* shown under the "errors" filter */
	char dir[8];  /* "TX", "RX", "ECHO"... */
	char check[48];
	size_t raw_len;   /* bytes kept in raw */
	size_t raw_total; /* bytes of the event */
	/* one allocation: raw bytes, then the display decode, then the log line */
	uint8_t *raw;
	const char *decode;
	const char *line;
} tui_trace_entry;

typedef struct tui_trace_ring {
	tui_trace_entry *e;
	size_t cap, head, n; /* head: the oldest entry */
	uint64_t next_seq;
	size_t bytes; /* heap bytes held by entries (for tests and the status line) */
	/* the last request sent ("GetRegister 60,68"), so a TIMEOUT row can
	 * name what timed out ("" before any) */
	char last_req[96];
} tui_trace_ring;

typedef enum tui_trace_filter {
	TUI_FILTER_ALL,
	TUI_FILTER_ERRORS,
	TUI_FILTER_TX,
	TUI_FILTER_RX,
	TUI_FILTER_COUNT,
} tui_trace_filter;

/* The trace view's state. */
typedef struct tui_trace {
	tui_trace_ring ring;
	int follow;   /* keep the newest entry selected */
	uint64_t sel; /* selected entry (seq) when not following */
	uint64_t top; /* first row shown when not following (seq) */
	int filter;   /* tui_trace_filter */
	int frozen;   /* space: the list stops at frozen_seq, entries still recorded */
	uint64_t frozen_seq;
	int inspect;           /* Enter: the inspector for the selected entry */
	tui_list page;         /* the inspector's page: Up/Down scroll it */
	int write_req;         /* `w`: the controller writes the file */
	const char *write_dir; /* where `w` writes: "." (tests: a temp dir) */
	int ascii;             /* `a`: an ASCII column beside the bytes */
	int abs_time;          /* `t`: UTC clock times instead of seconds since the start */
	char search[128];      /* `/`: the last search ("" none); n / N find it again */
} tui_trace;

int tui_ring_init(tui_trace_ring *r, size_t cap);
void tui_ring_free(tui_trace_ring *r);
/* Record an event; ascii: decode without UTF-8 unit names.  A TIMEOUT's
 * decode names the request that timed out ("GetRegister 60,68: no
 * reply ..."); its --log line stays as --log writes it.  The oldest
 * entry goes when the ring is full.  Returns 0 or -1 (out of memory: the
 * event is not kept, and the ring is as before). */
int tui_ring_push(tui_trace_ring *r, const kmp_event *ev, int ascii);
/* Sequence number of the oldest entry kept. */
uint64_t tui_ring_first(const tui_trace_ring *r);
/* The entry with this seq, or NULL when dropped or not yet recorded. */
const tui_trace_entry *tui_ring_get(const tui_trace_ring *r, uint64_t seq);
/* Does the entry pass the filter? */
int tui_trace_match(const tui_trace_entry *e, int filter);
const char *tui_filter_name(int filter);

/* Write every entry's log line to path (created, never overwritten, not
 * through a symlink; fsync'd).  A write that fails removes the file: half
 * a trace would pass for a short session.  Returns 0 with *written set,
 * or an errno value. */
int tui_ring_write(const tui_trace_ring *r, const char *path, size_t *written);
/* "kmpterm-trace-YYYYmmdd-HHMMSS.log" for this wall-clock time. */
void tui_trace_file_name(const struct timespec *wall, char *buf, size_t cap);

#endif
