/* controller.h - the part of the terminal that talks to the meter.
 *
 * It owns the exchanges: the meter identification (GetType and
 * GetSerialNo once after each connect), the register poller (a kmp_reader
 * round every interval), and the views' own pump hooks.  It turns client
 * events and results into model changes, and takes the requests keys left
 * in the model (read now, register set changed, write the trace).  Views
 * never call the client; this is where the client is called. */
#ifndef TUI_CONTROLLER_H
#define TUI_CONTROLLER_H

#include <stdint.h>

#include "client/client.h"
#include "feature/reader.h"
#include "tui/model.h"

struct app_session;

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

typedef struct tui_ctl {
	struct app_session *session; /* device, --sim controls; NULL in tests */
	kmp_client *client;
	tui_model *model;
	unsigned retries; /* extra attempts after a failed exchange (--retries) */
	int link_up_seen; /* a LINK_UP event since the last turn */
	tui_ident ident;
	tui_poller poller;
} tui_ctl;

void tui_ctl_init(tui_ctl *c, struct app_session *s, kmp_client *client, tui_model *m,
                  unsigned retries);
/* The client observer (installed as the session's extra observer). */
void tui_ctl_observer(void *ctx, const kmp_event *ev);
/* One loop turn before poll(): copy link state and counters to the model,
 * take requests, submit exchanges. */
void tui_ctl_pump(tui_ctl *c, uint64_t now_us);
/* Earliest own deadline (monotonic us), 0 none. */
uint64_t tui_ctl_wake_us(const tui_ctl *c);
/* Stop exchanges before the client goes away. */
void tui_ctl_stop(tui_ctl *c);

#endif
