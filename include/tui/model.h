/* model.h - the interactive terminal's state, as one plain struct.
 *
 * Update apart from draw (htop's Header_updateData / Header_draw): the
 * controller (controller.h) turns client events and exchange results into
 * changes of this struct, key handlers change it too, and the views only
 * read it.  Nothing in here touches curses or the client, so every piece
 * can be tested without a tty or a meter.
 *
 * Changes raise `dirty` topics; the loop redraws a pane only when a topic
 * it shows is dirty, or when a time-driven redraw (ages, countdowns) is
 * due. */
#ifndef TUI_MODEL_H
#define TUI_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "feature/meter_watch.h"
#include "kmp/msg.h"
#include "tui/list.h"
#include "tui/owner.h"
#include "tui/regs.h"
#include "tui/trace_ring.h"

/* Slots for views (view.h); the table has 4 today. */
#define TUI_VIEW_MAX 8

/* Smallest screen the views are laid out for; below it the terminal says
 * "terminal too small" instead of drawing. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 12
/* Rows above and below the body: 3 header rows (link, counters, tabs),
 * the status line and the footer with the keys. */
#define TUI_HEADER_ROWS 3
#define TUI_FOOTER_ROWS 2

/* Topics of change: the loop redraws the panes that show them. */
enum {
	TUI_DIRTY_HEADER = 1u << 0, /* link state, counters, poll state */
	TUI_DIRTY_REGS = 1u << 1,   /* register rows */
	TUI_DIRTY_TRACE = 1u << 2,  /* trace entries */
	TUI_DIRTY_STATUS = 1u << 3, /* status line, prompt, footer */
	TUI_DIRTY_VIEW = 1u << 4,   /* the current view's own state (mode, selection) */
	TUI_DIRTY_PLUGIN = 1u << 5, /* state of an add-on view (align, scan) */
	TUI_DIRTY_ALL = 0xFF,
};

/* Where the link stands (the client's link state, as the header says it). */
typedef enum tui_link_phase {
	TUI_LINK_DOWN,       /* closed; the client opens it again by itself */
	TUI_LINK_CONNECTING, /* an open is under way (a TCP connect) */
	TUI_LINK_UP,
	TUI_LINK_FAILED, /* a permanent error: the client stopped retrying */
} tui_link_phase;

/* What the header shows about the link and the meter. */
typedef struct tui_link_state {
	char device[256];
	int simulated; /* --sim: the device is the built-in simulated meter */
	int connected;
	int phase;           /* tui_link_phase */
	int ever_connected;  /* "reconnecting" after a drop, "waiting" before the first link */
	uint64_t lost_us;    /* when the link last went down (0: never): older values are stale */
	char error[256];     /* why the link is down ("" when none) */
	char sim_ended[256]; /* --sim: how the simulator ended, while a new one starts ("" none) */
	int have_type;
	kmp_type type;
	int have_serial;
	uint32_t serial;
	kmp_client_stats stats;
	kmp_meter_watch meter; /* is the meter answering (meter_state.h) */
} tui_link_state;

/* The register poller's state as the model sees it; the controller owns
 * the reader and copies progress here. */
typedef struct tui_poll_state {
	int paused;           /* space: no new rounds */
	unsigned interval_ms; /* between the starts of two rounds */
	int reading;          /* a round is in progress */
	size_t done, total;   /* its progress, in registers */
	uint64_t next_us;     /* when the next round starts (0: not scheduled) */
	int held;             /* no rounds: another feature owns the link (m->owners) */
	/* requests from keys, taken by the controller */
	int read_now;
	int set_changed; /* rows added or deleted: restart the round */
} tui_poll_state;

/* --replay: the terminal shows a recorded session (feature/replay.h)
 * instead of a live one; nothing is sent, no device is open.  The
 * controller delivers the recording's entries as the replay clock reaches
 * them; keys change the speed or jump to the end. */
typedef struct tui_replay_state {
	int active;
	char name[256];             /* the file, as given */
	unsigned speed;             /* 1, 10 or 100 times as fast as recorded */
	int end_req;                /* a key asked to jump to the end */
	size_t shown, total;        /* entries delivered so far, of */
	uint64_t pos_us;            /* the replay clock: time into the recording */
	uint64_t end_us;            /* the recording's length */
	struct timespec first_wall; /* the first entry's time (relative times start there) */
	struct timespec pos_wall;   /* the time of the last entry shown */
} tui_replay_state;

enum tui_status_level { TUI_STATUS_INFO, TUI_STATUS_ERROR };

/* A one-line text prompt in the status line.  The view that opens it
 * names the function that takes the text. */
typedef struct tui_model tui_model;
typedef struct tui_prompt {
	int active;
	char label[64];
	char buf[128];
	size_t len;
	/* Returns 0 to close the prompt, -1 to keep it open (e.g. after an
	 * input error shown in the status line). */
	int (*submit)(tui_model *m, const char *text);
} tui_prompt;

/* View 1's record key: the readings of every round appended to a CSV
 * file in `read --csv`'s format (recorder.h does the file). */
typedef struct tui_record_state {
	int on;          /* rows go to path after every round */
	int toggle_req;  /* the key: start or stop, taken by the controller */
	const char *dir; /* where the file is made: "." (tests: a temp dir) */
	char path[256];
	unsigned long rows, rounds; /* written so far */
	char error[256];            /* the last write failure ("" none): recording goes on */
} tui_record_state;

struct tui_model {
	uint64_t now_us;   /* "now" for ages and countdowns, set before drawing */
	uint64_t start_us; /* session start: trace times are relative to it */
	int rows, cols;    /* screen size */
	int utf8;          /* Unicode glyphs and unit names allowed */
	int color;         /* colours in use (never the only carrier of meaning) */

	size_t view; /* index in tui_views (view.h) */
	int help;    /* help overlay shown */
	int help_scroll;
	int quit;          /* leave the loop */
	int quit_confirm;  /* the owner's quit question is shown (owner.h) */
	int button_req;    /* B under --sim: press the simulated meter's button */
	tui_owners owners; /* who owns the link (owner.h) */
	unsigned dirty;    /* TUI_DIRTY_* */

	char status[256];
	int status_level;
	uint64_t status_until_us; /* the message is cleared after this */

	tui_prompt prompt;
	tui_link_state link;
	tui_poll_state poll;
	tui_regs regs;
	tui_trace trace;
	tui_replay_state replay; /* --replay only (active 0 otherwise) */

	void *view_data[TUI_VIEW_MAX]; /* private state of each view (view.h) */

	tui_record_state record; /* view 1's record key */
	/* wall clock = monotonic now_us + this (the loop sets it; 0 in tests
	 * that do not): for times shown as dates or clock times */
	int64_t wall_offset_us;
	/* the meter's family as --family gives it (kmp_family; 0 unknown):
	 * info-code flags and names depend on it */
	int family;
};

/* Set up a model (all zero, defaults, register set); the ring is
 * allocated here.  Returns 0 or -1 (out of memory). */
int tui_model_init(tui_model *m, const uint16_t *ids, size_t n, unsigned interval_ms,
                   uint64_t now_us);
void tui_model_free(tui_model *m);

/* Message in the status line for a few seconds. */
void tui_status(tui_model *m, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Clear an expired message; returns 1 when something changed. */
int tui_status_expire(tui_model *m);

/* Rows left for the view between header and footer. */
int tui_body_rows(const tui_model *m);

/* The meter's family (a kmp_family) as best known: --family or a profile,
 * else what view 5 found, else what the meter's GetType code says where a
 * public source names it; 0 (unknown) otherwise.  Info-code flags and
 * family names follow it. */
int tui_meter_family(const tui_model *m);
/* The screen is big enough for the views. */
int tui_fits(const tui_model *m);

/* Open the prompt in the status line. */
void tui_prompt_open(tui_model *m, const char *label,
                     int (*submit)(tui_model *m, const char *text));

#endif
