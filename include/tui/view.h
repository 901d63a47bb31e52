/* view.h - what a view of the terminal is, and the table of views.
 *
 * A view is a const table of operations (libmodbus's backend table, htop's
 * key handlers that return what changed).  Two halves:
 *
 *  - model side, pure and testable without a tty: draw() paints the body
 *    window from the model and never changes it; key() changes the model
 *    and returns TUI_R_* flags saying what to redraw.  Neither calls the
 *    client: a key that needs the meter (read now, start a scan) records
 *    the request in the model and returns TUI_R_WAKE.
 *  - controller side, optional: on_event() sees every client event,
 *    pump() runs on every loop turn and may submit exchanges through
 *    ctl->client (check kmp_client_busy first: one exchange at a time, the
 *    register poller and the meter identification share the link), and
 *    wake_us() names its next deadline so the loop's poll() wakes for it.
 *    A feature that needs the link to itself claims it (owner.h) and
 *    submits only while it owns it.  ctl->cfg holds the settings the
 *    terminal started with, ctl->host the host's services (host.h: the
 *    simulated meter's controls under --sim).
 *
 * Adding a view: define `const tui_view_ops tui_view_NAME` in its own
 * file, src/tui/view_NAME.c, and add it to the table in views.c.  A view
 * keeps its own state in m->view_data[slot] (allocated by init, found with
 * tui_view_data) and raises TUI_DIRTY_PLUGIN (listed in its redraw_on)
 * when it changes; a scrolling list uses the list widget (list.h). */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "client/client.h"
#include "tui/model.h"

typedef struct tui_ctl tui_ctl;

/* What a key did (htop's Htop_Reaction). */
enum {
	TUI_R_IGNORED = 0,
	TUI_R_HANDLED = 1u << 0,    /* consumed; nothing visible changed */
	TUI_R_REDRAW = 1u << 1,     /* the body changed */
	TUI_R_REDRAW_ALL = 1u << 2, /* header, status or footer too (a mode changed) */
	TUI_R_WAKE = 1u << 3,       /* a request for the controller (read now, write...) */
	TUI_R_QUIT = 1u << 4,
};

typedef struct tui_view_ops {
	const char *name;        /* tab label: "Registers" */
	const char *const *help; /* help lines "KEY   what it does", NULL-terminated */
	unsigned redraw_on;      /* TUI_DIRTY_* topics that change this view's body */

	/* model side */
	int (*init)(tui_model *m, void **priv); /* 0 or -1; may be NULL */
	void (*fini)(tui_model *m, void *priv);
	void (*draw)(const tui_model *m, WINDOW *w);
	unsigned (*key)(tui_model *m, int ch);
	const char *(*footer)(const tui_model *m);      /* the keys line of the current mode */
	uint64_t (*next_redraw_us)(const tui_model *m); /* time-driven redraw; 0 none */

	/* controller side (each may be NULL) */
	void (*on_event)(tui_ctl *ctl, const kmp_event *ev);
	void (*pump)(tui_ctl *ctl, uint64_t now_us);
	uint64_t (*wake_us)(const tui_ctl *ctl); /* monotonic; 0 none */

	/* The view exists to talk to the meter (align, scan, identify,
	 * history): under --replay, where nothing is sent, it shows a note
	 * saying so and takes no keys of its own. */
	int live_only;
} tui_view_ops;

/* Is v shown as a note instead of itself (a live-only view in a replay)? */
int tui_view_muted(const tui_model *m, const tui_view_ops *v);
/* That note, drawn into the body. */
void tui_view_muted_draw(const tui_model *m, WINDOW *w);

/* The views, in key order: 1 Registers, 2 Trace, 3 Align, 4 Scan, 5 Identify,
 * 6 History. */
extern const tui_view_ops tui_view_registers, tui_view_trace, tui_view_align, tui_view_scan;
extern const tui_view_ops tui_view_identify; /* 5: identify_view.h */
extern const tui_view_ops tui_view_history;  /* the meter's data logger (history_view.h) */
extern const tui_view_ops *const tui_views[];
extern const size_t tui_n_views;

/* The private state of a view (NULL when it has none). */
void *tui_view_data(const tui_model *m, const tui_view_ops *ops);
/* Run every view's init / fini.  Returns 0 or -1. */
int tui_views_init(tui_model *m);
void tui_views_fini(tui_model *m);
/* The current view. */
const tui_view_ops *tui_current_view(const tui_model *m);

/* What every view shares: the header and tabs, the status line and
 * footer, the help overlay and the "too small" screen. */
void tui_header_draw(const tui_model *m, WINDOW *w);
void tui_statusbar_draw(const tui_model *m, WINDOW *status, WINDOW *footer);
void tui_help_draw(const tui_model *m, WINDOW *w);
/* How far the help can scroll at the current size. */
int tui_help_max_scroll(const tui_model *m);
void tui_too_small_draw(const tui_model *m, WINDOW *w);
/* Keys every view shares (views, help, quit, prompt).  Called before the
 * view's own key(); returns TUI_R_IGNORED for keys it leaves alone. */
unsigned tui_global_key(tui_model *m, int ch);
/* Keys of the current view, then the global ones: the whole dispatch. */
unsigned tui_dispatch_key(tui_model *m, int ch);
/* Help lines of the keys shared by every view. */
extern const char *const tui_global_help[];

#endif
