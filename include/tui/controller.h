/* controller.h - the part of the terminal that talks to the meter.
 *
 * It owns the exchanges: the meter identification (GetType and
 * GetSerialNo once after each connect), the register poller (a kmp_reader
 * round every interval), and the views' own pump hooks.  It turns client
 * events and results into model changes, and takes the requests keys left
 * in the model (read now, register set changed, write the trace, press
 * the simulated meter's button).  Views never call the client; this is
 * where the client is called.  What it needs from the host comes through
 * the config and the host table (tui.h, host.h), never from app code. */
#ifndef TUI_CONTROLLER_H
#define TUI_CONTROLLER_H

#include <stdint.h>

#include "client/client.h"
#include "feature/reader.h"
#include "tui/host.h"
#include "tui/model.h"
#include "tui/recorder.h"
#include "tui/replay_ctl.h"
#include "tui/tui.h"

/* GetType and GetSerialNo after each (re)connect. */
typedef struct tui_ident {
	int want_type, want_serial; /* still to ask */
	int in_flight;
	unsigned attempts; /* failed attempts for the current question */
} tui_ident;

/* The register poller. */
typedef struct tui_poller {
	kmp_reader reader;
	int active;                            /* a round is running */
	unsigned char applied[KMP_READER_MAX]; /* reading i already copied to the model */
	uint64_t round_start_us;               /* start of the last round (0: none yet) */
	int due_now; /* start a round at once (connect, 'r', set changed) */
} tui_poller;

/* The host's side of things the controller watches: the simulator and
 * the --log file. */
typedef struct tui_watch {
	uint64_t sim_checked_us; /* last look at whether the simulator ended */
	uint64_t restart_at_us;  /* when to start a new simulator (0: none due) */
	uint64_t restarted_us;   /* when the last one was started (0: never) */
	char sim_why[96];        /* how the last one ended: "was killed by signal 9" */
	int log_warned;          /* the --log failure was said */
	int failed_said;         /* the permanent link error was said */
	char said_error[256];    /* the last link error said before the first connect */
} tui_watch;

typedef struct tui_ctl {
	kmp_client *client;
	tui_model *model;
	const tui_config *cfg; /* the settings it started with; never NULL */
	const tui_host *host;  /* never NULL (an empty table without a host) */
	int link_up_seen;      /* a LINK_UP event since the last turn */
	tui_ident ident;
	tui_poller poller;
	tui_watch watch;
	tui_recorder rec;        /* view 1's record key: the rounds' readings to a CSV file */
	tui_replay_drive replay; /* --replay (client NULL): the recording it shows */
} tui_ctl;

/* cfg and host must outlive the controller; either may be NULL (tests):
 * then the defaults and an empty host are used. */
void tui_ctl_init(tui_ctl *c, kmp_client *client, tui_model *m, const tui_config *cfg,
                  const tui_host *host);
/* The client observer (given to the host's observe). */
void tui_ctl_observer(void *ctx, const kmp_event *ev);
/* One loop turn before poll(): copy link state and counters to the model,
 * take requests, submit exchanges. */
void tui_ctl_pump(tui_ctl *c, uint64_t now_us);
/* Earliest own deadline (monotonic us), 0 none. */
uint64_t tui_ctl_wake_us(const tui_ctl *c);
/* Stop exchanges before the client goes away. */
void tui_ctl_stop(tui_ctl *c);

#endif
