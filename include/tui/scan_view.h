/* scan_view.h - view 4, "Scan": find the register IDs a meter answers
 * from inside the terminal (issue 6).
 *
 * The view's private state (m->view_data, view.h) and the pieces that are
 * tested on their own.  Three files share it:
 *
 *  - view_scan.c: keys, footer, help; keys only leave requests here
 *    (start, pause/resume, stop) and the controller side takes them;
 *  - scan_draw.c: draws the body from `p` and `core`, nothing else;
 *  - scan_ctl.c: the controller side, the only one that touches the
 *    scanner: starts it on the client, pumps it, copies its progress into
 *    `p`, and claims the link while the scan is under way (owner.h: the
 *    register poller waits, and `q` asks first).
 *
 * A test fills `p` and `core` (a kmp_scan built with kmp_scan_init and
 * kmp_scan_add_found, no client) to draw any state without a meter. */
#ifndef TUI_SCAN_VIEW_H
#define TUI_SCAN_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "feature/scanner.h"
#include "tui/model.h"
#include "tui/view.h"

/* The estimate before a scan assumes the meter answers this fast
 * (docs/scanning.md, "How long it takes"). */
#define TUI_SCAN_LATENCY_S 0.05
/* Progress on screen is refreshed this often while the scan runs: often
 * enough to look alive, rarely enough not to redraw on every reply. */
#define TUI_SCAN_REFRESH_US 250000u

/* Which pass the scan shown is (issue 12, "known registers first"):
 * `s` asks the IDs public sources name for the meter's family first,
 * `f` then asks the rest of the range, skipping what is settled. */
typedef enum tui_scan_pass {
	TUI_SCAN_PASS_WHOLE, /* every ID of the range, nothing settled before */
	TUI_SCAN_PASS_KNOWN, /* only the known IDs of the range */
	TUI_SCAN_PASS_REST,  /* the range, minus what an earlier pass settled */
} tui_scan_pass;

typedef struct tui_scan_view {
	/* the range the next scan covers: --scan-range, or the `r` prompt */
	uint16_t from, to;
	unsigned batch;    /* IDs per request (--batch) */
	unsigned attempts; /* per piece before halving (--retries + 1) */
	unsigned delay_ms; /* --delay */
	unsigned baud;     /* for the estimate only */
	int options_taken; /* the command line's values were applied */

	/* requests from keys, taken by the controller side */
	int start_req;
	int pause_req, resume_req;
	int stop_req;
	int full_req; /* `f`: the whole range, skipping what is settled */

	/* the IDs public sources name for the family (kmp_family_known_ids),
	 * sorted; refreshed by the controller side when the family changes */
	uint16_t *known;
	size_t n_known;
	int known_family; /* the family `known` is for; -1: not computed */

	/* the scan, owned by the controller side */
	kmp_scanner sc;
	int have_sc; /* sc was initialised (free it) */

	/* what draw reads */
	int shown;            /* p and core describe a scan (else: the intro) */
	int stopped;          /* abandoned with `x` (its results stay) */
	int yielded;          /* paused while the Align view probes */
	tui_scan_pass pass;   /* of the scan shown */
	int family;           /* kmp_family naming the scan shown's registers */
	kmp_scan_progress p;  /* copied at most every TUI_SCAN_REFRESH_US */
	const kmp_scan *core; /* its found[] and done[] */
	unsigned batch_used;  /* of the scan shown, for the CSV's scan line */
	char event[160];      /* what the latest exchange did */
	unsigned long seen_outcomes;
	uint64_t refreshed_us;

	/* the table of found registers */
	tui_list list;
	int confirm_new;            /* `s` once more replaces unexported results */
	unsigned long exported_gen; /* core->found_gen at the last export + 1 */
	char export_path[256];      /* the last file written ("" none) */
	const char *export_dir;     /* where `e` writes: "." (tests: a temp dir) */

	/* saved as it scans (scan_save.c): the file of the scan shown */
	kmp_scan_out out;    /* open while the scan runs (saving) */
	int saving;          /* out is open and the scanner appends to it */
	int save_ok;         /* every result so far is in save_path */
	char save_path[256]; /* "" when the file could not be created */
	char save_why[512];  /* why the results are unsaved ("" while save_ok):
	                      * the scan's last message can say it after the
	                      * status line has moved on */
	kmp_scan_meta meta;  /* of the scan shown: range, time, meter (e uses it too) */
	int have_meta;
} tui_scan_view;

/* The view's state in a model set up with tui_views_init. */
tui_scan_view *tui_scan_state(const tui_model *m);

/* Parse "A-B" (or "A..B", or one ID "A"): decimal or 0x hex, 0..65535,
 * A <= B, blanks around the parts allowed.  Returns 0, or -1 with a
 * one-line reason in err. */
int tui_scan_parse_range(const char *text, uint16_t *from, uint16_t *to, char *err, size_t cap);

/* Seconds a scan of from..to should take at this baud rate when the meter
 * answers every request within TUI_SCAN_LATENCY_S and has few registers. */
double tui_scan_estimate_s(uint16_t from, uint16_t to, unsigned batch, unsigned baud);

/* The same for n IDs anywhere in the range (a batch takes the next
 * batch IDs still to ask, however far apart). */
double tui_scan_estimate_ids_s(unsigned long n, unsigned batch, unsigned baud);

/* How many of sv->known lie in from..to. */
size_t tui_scan_known_in(const tui_scan_view *sv, uint16_t from, uint16_t to);

/* "0:42", "1:02:03"; "--:--" for a negative time (unknown). */
const char *tui_scan_fmt_duration(double s, char *buf, size_t cap);

/* "kmpterm-scan-20250131-235959.csv" for a wall-clock time (local). */
void tui_scan_file_name(const struct timespec *wall, char *buf, size_t cap);

/* Write the scan shown as a CSV in sv->export_dir, in the format of
 * `kmpterm scan --out` (canonical, so `scan --out FILE --resume` goes on
 * with it): a new file named by tui_scan_file_name, "-2".."-99" added when
 * one exists.  Returns 0 with the path in path, or -1 with a one-line
 * reason in err. */
int tui_scan_export(const tui_scan_view *sv, const struct timespec *wall, char *path, size_t cap,
                    char *err, size_t errcap);

/* Saving as it scans (scan_save.c).  Start: create the file for the
 * scan just started (sv->sc initialised) in sv->export_dir, exclusively,
 * write its header and journal, and have the scanner append to it;
 * 0, or -1 with a one-line reason in err (the scan runs unsaved).
 * Check: after a pump, 1 when a write has just failed (the results are
 * unsaved from now on).  Close: the scan is over (done, stopped) or
 * replaced.  Unsaved: results are shown that no file holds (q asks). */
int tui_scan_save_start(tui_scan_view *sv, const tui_model *m, const struct timespec *wall,
                        char *err, size_t cap);
int tui_scan_save_check(tui_scan_view *sv);
/* Continue saving for the pass that goes on with the scan shown (sv->sc
 * seeded with what the earlier pass settled): the same file, reopened as
 * `scan --out FILE --resume` does and rewritten from what is settled, or
 * a new file when the earlier pass had none.  0, or -1 with a reason. */
int tui_scan_save_continue(tui_scan_view *sv, const tui_model *m, const struct timespec *wall,
                           char *err, size_t cap);
void tui_scan_save_close(tui_scan_view *sv);
int tui_scan_unsaved(const tui_scan_view *sv);
/* Tell the owner table (q's question) whether results are unsaved. */
void tui_scan_note_unsaved(tui_model *m, const tui_scan_view *sv);

/* The one-line account of the latest outcome (view's event line). */
void tui_scan_event_text(const kmp_scan_outcome *oc, int status, char *buf, size_t cap);

/* Controller side (scan_ctl.c), the view's pump and wake_us. */
void tui_scan_pump(tui_ctl *ctl, uint64_t now_us);
uint64_t tui_scan_wake_us(const tui_ctl *ctl);

/* Drawing (scan_draw.c). */
void tui_scan_draw(const tui_model *m, WINDOW *w);
/* Rows of the found table on a screen of this model's size. */
int tui_scan_table_rows(const tui_model *m);

#endif
