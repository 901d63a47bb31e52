/* history_view.h - view 6, "History": the meter's own data logger in the
 * terminal (issue 13; docs/history.md, "In the terminal").
 *
 * The view's private state (m->view_data, view.h) and the pieces tested
 * on their own.  Files, one job each:
 *
 *  - view_history.c: keys, footer, help; keys only change the choice
 *    (logger, registers, newest N) or leave requests (start, pause,
 *    resume, stop) for the controller side;
 *  - view_history_ctl.c: the controller side, the only one that touches
 *    the history driver (feature/history.h) and, through it, the client:
 *    starts it, pumps it, copies its progress and the records read into
 *    the state, and claims the link while the reading is under way
 *    (owner.h: the poller waits, a higher claim pauses it, q asks);
 *  - view_history_draw.c: the progress block and the table of records;
 *  - view_history_chart.c: the chart of one register over time (the
 *    chart widget, chart.h) and the times the records carry;
 *  - view_history_export.c: the CSV export (the `history --out` file,
 *    written by the same feature code) and the texts of the choice.
 *
 * A test fills `p`, `core` and `recs` (a kmp_hist read from the simulated
 * loggers, no client) to draw any state without a meter. */
#ifndef TUI_HISTORY_VIEW_H
#define TUI_HISTORY_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "feature/history.h"
#include "tui/model.h"
#include "tui/view.h"

/* Progress on screen is refreshed this often while the reading runs. */
#define TUI_HIST_REFRESH_US 250000u
/* Body rows from which the table and the chart are shown together
 * (120x40 has 35); below, c switches between them. */
#define TUI_HIST_BOTH_ROWS 30

/* What the records are dated by, found among the logger's registers. */
typedef struct tui_hist_dating {
	int dt;   /* index of a unit-79 (or other date-and-time) register, -1 none */
	int date; /* index of a date register (unit 48/49), -1 none */
	int time; /* index of a clock register (unit 47), -1 none */
} tui_hist_dating;

typedef struct tui_hist_view {
	/* the choice the next reading uses */
	int module;     /* -a 0x7F/0xBF: a logger module (A0..A3), else B8 */
	uint8_t logger; /* B8: KMP_LOGGER_YEAR..HOUR; module: log number 1.. */
	size_t n_ids;   /* 0: every register the logger holds (B8) */
	uint16_t ids[KMP_HIST_MAX_REGS];
	uint32_t last;     /* 0: every record; else the newest `last` */
	unsigned attempts; /* --retries + 1 */
	unsigned address;  /* the client's address, for the CSV's journal */
	int options_taken;

	/* requests from keys, taken by the controller side */
	int start_req, pause_req, resume_req, stop_req;

	/* the reading, owned by the controller side */
	kmp_history hd;
	int have_hd;

	/* what draw reads */
	int shown;            /* a reading was started: p, core and recs describe it */
	int stopped;          /* abandoned with x (what was read stays) */
	int yielded;          /* paused while a higher claim has the link */
	kmp_hist_progress p;  /* copied at most every TUI_HIST_REFRESH_US */
	const kmp_hist *core; /* its registers and values */
	char name[32];        /* "day", "log 1" */
	uint32_t *recs;       /* complete records, newest first */
	size_t n_recs, cap_recs;
	unsigned long seen_outcomes;
	uint64_t refreshed_us;

	/* the table and the chart */
	tui_list list;
	size_t col;             /* the register chosen (Left/Right): its column and the chart's */
	int chart;              /* c: the chart instead of the table (small screens) */
	size_t exported_n;      /* records in the last export + 1 (0: never) */
	char export_path[256];  /* the last file written ("" none) */
	const char *export_dir; /* where e writes: "." (tests: a temp dir) */
} tui_hist_view;

/* The view's state in a model set up with tui_views_init. */
tui_hist_view *tui_hist_state(const tui_model *m);

/* "day", "log 3": the name of the logger chosen. */
const char *tui_hist_logger_name(const tui_hist_view *hv, char *buf, size_t cap);
/* The next logger on `l`: year, month, day, hour (B8) or log 1..4 (module). */
void tui_hist_next_logger(tui_hist_view *hv);
/* The registers' prompt text: "60,68" into ids; empty text: every one
 * the logger holds (B8).  Returns 0, or -1 with a one-line reason. */
int tui_hist_parse_regs(const char *text, int module, uint16_t *ids, size_t *n, char *err,
                        size_t cap);
/* Records not exported since they were read (q asks about them). */
int tui_hist_unsaved(const tui_hist_view *hv);
/* A reading that owns the link: started, neither done nor stopped. */
int tui_hist_under_way(const tui_hist_view *hv);

/* How the records are dated (registers 348, 1003, 1002 or their units). */
void tui_hist_find_dating(const kmp_hist *h, tui_hist_dating *d);
/* The registers shown as value columns and charted: every one but those
 * the DATE column shows; indexes into h->regs.  Returns how many. */
size_t tui_hist_value_regs(const kmp_hist *h, size_t *idx, size_t cap);
/* The record's time as seconds since the epoch (the meter's clock read as
 * UTC) and its date text ("2026-11-28", "2026-11-28 00:00:00"); 0, or -1
 * when it carries no checked date. */
int tui_hist_record_time(const kmp_hist *h, const tui_hist_dating *d, uint32_t log_id, int64_t *t,
                         char *text, size_t cap);

/* Write the records read as a CSV in hv->export_dir, in the format of
 * `kmpterm history --out` with its journal (so `history --out FILE
 * --resume` can go on with it): a new file named
 * kmpterm-history-DATE-TIME.csv ("-2".."-99" added when one exists),
 * created exclusively.  Returns 0 with the path, or -1 with a reason. */
int tui_hist_export(const tui_hist_view *hv, const struct timespec *wall, char *path, size_t cap,
                    char *err, size_t errcap);

/* Controller side (view_history_ctl.c). */
void tui_hist_pump(tui_ctl *ctl, uint64_t now_us);
uint64_t tui_hist_wake_us(const tui_ctl *ctl);
/* Copy the records the reading completed into hv->recs (newest first). */
void tui_hist_sync_records(tui_hist_view *hv);

/* Drawing (view_history_draw.c, view_history_chart.c). */
void tui_hist_draw(const tui_model *m, WINDOW *w);
/* Rows of the records table in this model's body. */
int tui_hist_table_rows(const tui_model *m);
/* The chart of register hv->col over the records, in the box given. */
void tui_hist_chart_draw(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y, int x,
                         int h, int width);

#endif
