/* replay.h - a recorded session back as the client's events, for
 * `kmpterm --replay FILE`.
 *
 * A kmpterm --log file gives every entry it holds (TIMEOUT and LINK lines
 * included) with its recorded time; a paste of another form (ESPHome, xxd,
 * socat, ... kmp/paste.h) gives its frames, split by the same streaming
 * receiver the client uses, a fixed step apart (a paste has no clock we
 * can trust).  Each entry becomes a kmp_event decoded as the live client
 * decoded it: replies against the request they answered (command, address,
 * registers asked, duplicates), a reply nobody waited for marked
 * discarded, the head's echo of our own request recognised.  What the live
 * client knew from timing alone (a reply that began before the request
 * left, a reply to an exchange its owner dropped) is taken from the log's
 * own DECODE text.
 *
 * The exchange tracker then turns the event stream into what the
 * terminal's register table would have made of it: register readings,
 * the meter type and serial, and the client's counters.
 *
 * Library code: no I/O (the caller reads the file), no printing. */
#ifndef FEATURE_REPLAY_H
#define FEATURE_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "client/client.h"
#include "feature/reader.h"
#include "kmp/msg.h"

/* Time between two entries of a paste without times. */
#define KMP_REPLAY_PASTE_STEP_US 200000u

typedef struct kmp_replay_item {
	kmp_event_kind kind;
	kmp_err status;
	int discarded, own_echo;
	int expect_cid; /* RX: the command of the request it was decoded against, -1 none */
	int raw_tx;     /* TX: a raw payload, not a KMP frame */
	uint64_t t_us;  /* since the first entry */
	struct timespec wall;
	size_t raw_off, raw_len; /* in the byte pool */
	size_t detail_off;       /* LINK: in the text pool; SIZE_MAX: none */
	unsigned line;           /* 1-based line of the input */
} kmp_replay_item;

typedef struct kmp_replay {
	kmp_replay_item *items;
	size_t n, cap;
	uint8_t *bytes;
	size_t nbytes, capbytes;
	char *text;
	size_t ntext, captext;
	int is_log;         /* a kmpterm --log file (else another paste form) */
	unsigned n_lines;   /* lines read (the name `lines` is a curses macro) */
	unsigned n_errors;  /* lines that could not be read (skipped) */
	unsigned n_skipped; /* lines without entries (blank, a paste's other messages) */
	unsigned error_line, error_col; /* the first unreadable line */
	char error[160];                /* and why */
} kmp_replay;

/* Read text (len bytes) into r (zeroed by this call).  Returns KMP_OK
 * (r->n may be 0: nothing in it was a frame; r->n_errors says how many lines
 * were not read) or KMP_ERR_NOMEM. */
kmp_err kmp_replay_load(kmp_replay *r, const char *text, size_t len);
void kmp_replay_free(kmp_replay *r);

/* Storage the events of kmp_replay_event point into. */
typedef struct kmp_replay_scratch {
	kmp_frame frame;
	kmp_msg msg;
} kmp_replay_scratch;

/* Entry i as a client event, decoded as the client decoded it; its t_us is
 * t0_us + the entry's offset.  ev points into r and s until the next call
 * with s. */
void kmp_replay_event(const kmp_replay *r, size_t i, uint64_t t0_us, kmp_event *ev,
                      kmp_replay_scratch *s);

/* --- the exchange tracker ------------------------------------------------ */

typedef enum kmp_outcome_kind {
	KMP_OUTCOME_NONE,
	KMP_OUTCOME_REGISTERS, /* readings[0..n) */
	KMP_OUTCOME_TYPE,
	KMP_OUTCOME_SERIAL,
} kmp_outcome_kind;

typedef struct kmp_outcome {
	kmp_outcome_kind kind;
	size_t n;
	kmp_reading readings[KMP_MAX_IDS];
	kmp_type type;
	uint32_t serial;
} kmp_outcome;

typedef struct kmp_tracker {
	int waiting;     /* a request went out and has not ended */
	kmp_request req; /* that request */
	/* a failed GetRegister exchange: reported FAILED only when the next
	 * request is not its retry (as the reader does after its retries) */
	int failed;
	kmp_request failed_req;
	kmp_err failed_err;
	uint64_t failed_us;
	int link_up;
	kmp_client_stats stats; /* counted as the client counts */
} kmp_tracker;

void kmp_tracker_init(kmp_tracker *t);
/* Feed the next event.  Returns 1 with *out filled when it settles
 * something (values from a valid reply, a failure not retried), else 0. */
int kmp_tracker_feed(kmp_tracker *t, const kmp_event *ev, kmp_outcome *out);
/* The session ended: a failure still held back.  1 with *out, or 0. */
int kmp_tracker_end(kmp_tracker *t, kmp_outcome *out);

#endif
