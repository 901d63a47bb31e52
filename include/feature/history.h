/* history.h - read a meter's own data logger (issue 13; protocol notes,
 * "Data loggers").
 *
 * Three layers, bottom up, as for the scanner (scanner.h):
 *
 *  1. kmp_hist, the decisions as a pure state machine (no I/O, no clock):
 *       kmp_hist_next(h, &req)           the next request, if any
 *       kmp_hist_on_result(h, st, msg)   what came of it
 *     B8 (MULTICAL 303/403/603, the meter's address):
 *       GetConfiguration (05): the registers the logger holds, its depth;
 *       per group of at most 8 registers, GetLogLastEntryPastAbs (07) at
 *       offset FFFF for one entry: the oldest and the newest log ID and the
 *       registers' formats (so the engine knows how many records fit);
 *       GetLogIDPastAbs (06) from the newest record not yet read towards the
 *       past, as many entries as fit in KMP_HIST_REPLY_MAX bytes; a reply
 *       with fewer entries (flagged "truncated") teaches the meter's own
 *       limit, as jktjkt/PyKMP learns it.
 *     A0..A3 (MULTICAL 601/801 logger modules at 7F/BF): GetLogLastPresent
 *       (A1) for one record: the newest record ID and the formats; then
 *       GetLogIDPresent (A2) windows that end at the newest record not yet
 *       read, as many records as MaxL allows; a window starting before the
 *       oldest record ("out of range") is halved towards the present until
 *       the oldest is found.  The module has no command that lists its
 *       registers: they must be given.
 *     Read-only by construction: the only requests it builds are B8 05, 06
 *     and 07 and A1, A2 (kmp_request_encode frames them through
 *     kmp_build_request, which refuses every write).
 *     A failed exchange proves nothing: the same request is sent again
 *     (the client waits the meter's 1.6 s first); after `attempts`
 *     failures it asks for half the records, down to one; a record that
 *     still fails is set aside and asked again in a later pass.  When the
 *     meter stops answering (`stall_silent` exchanges without a reply byte,
 *     or `stall_failures` failures in a row) the reading pauses.
 *     Resumable: records already read (a --resume file's) are marked known
 *     before the first request and never asked again.
 *
 *  2. kmp_history, the driver on a kmp_client, for a poll() loop (the
 *     caller passes the time; nothing here reads a clock):
 *       kmp_history_init(hd, client, &cfg, now)
 *       [kmp_hist_mark_known(&hd->core, id)...]
 *       [kmp_history_set_output(hd, &out)]
 *       loop: kmp_history_pump(hd, now); poll(); kmp_client_step(...)
 *       kmp_history_progress(hd, now, &p)
 *
 *  3. The CSV file and its journal (history_csv.c, docs/history.md).
 *
 * Nothing here prints or exits. */
#ifndef FEATURE_HISTORY_H
#define FEATURE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"
#include "kmp/value.h"

/* Registers one reading may hold: the real year logger lists 43. */
#define KMP_HIST_MAX_REGS 64
#define KMP_HIST_GROUPS (KMP_HIST_MAX_REGS / KMP_MAX_IDS)
/* The longest reply data asked for: even with every byte stuffed the frame
 * stays inside the receiver's KMP_FRAME_MAX. */
#define KMP_HIST_REPLY_MAX ((KMP_FRAME_MAX - 2) / 2 - 4)
/* A0..A3 MaxL: one byte. */
#define KMP_HIST_MAXL 255
/* Records one result can complete. */
#define KMP_HIST_OUTCOME_MAX KMP_DATA_MAX

/* Defaults of kmp_hist_config_default. */
#define KMP_HIST_ATTEMPTS 3
#define KMP_HIST_STALL_FAILURES 12
#define KMP_HIST_STALL_SILENT 6
#define KMP_HIST_PASSES 2

typedef enum kmp_hist_kind {
	KMP_HIST_B8,     /* the meter's loggers (B8) */
	KMP_HIST_MODULE, /* a MULTICAL 601/801 logger module (A0..A3) */
} kmp_hist_kind;

typedef struct kmp_hist_config {
	kmp_hist_kind kind;
	uint8_t logger; /* B8: KMP_LOGGER_YEAR..; module: the log number (LID) */
	size_t n_ids;   /* 0: every register the logger holds (B8 only) */
	uint16_t ids[KMP_HIST_MAX_REGS];
	uint32_t last;           /* 0: every record; else the newest `last` */
	unsigned attempts;       /* >= 1 */
	unsigned stall_failures; /* >= 1 */
	unsigned stall_silent;   /* >= 1 */
	unsigned passes;         /* >= 1 */
	size_t reply_max;        /* reply data bytes asked for at most (<= KMP_HIST_REPLY_MAX) */
} kmp_hist_config;

void kmp_hist_config_default(kmp_hist_config *c);

typedef enum kmp_hist_state {
	KMP_HIST_RUNNING,
	KMP_HIST_PAUSED, /* no new requests */
	KMP_HIST_DONE,   /* every record read, known, gone, or set aside in every pass */
	KMP_HIST_FAILED, /* cannot go on: see kmp_hist.error */
} kmp_hist_state;

typedef enum kmp_hist_why {
	KMP_HIST_PAUSE_NONE,
	KMP_HIST_PAUSE_USER,
	KMP_HIST_PAUSE_SILENT,  /* no reply byte, stall_silent times in a row */
	KMP_HIST_PAUSE_FAILING, /* stall_failures failed exchanges in a row */
	KMP_HIST_PAUSE_LINK,    /* the link is down */
	KMP_HIST_PAUSE_OUTPUT,  /* the CSV could not be written */
} kmp_hist_why;

typedef enum kmp_hist_error {
	KMP_HIST_OK,
	KMP_HIST_NO_LOGGER,  /* the meter keeps no such logger (depth 0, no registers) */
	KMP_HIST_NOT_LOGGED, /* a register asked for is not in the logger (error_reg) */
	KMP_HIST_NO_ANSWER,  /* the first request never got a valid answer */
	KMP_HIST_TOO_MANY,   /* the logger holds more registers than KMP_HIST_MAX_REGS */
	KMP_HIST_NOMEM,
} kmp_hist_error;

/* One line for a pause reason or an error. */
const char *kmp_hist_pause_text(kmp_hist_why why);
const char *kmp_hist_error_text(kmp_hist_error e);

/* A value of a record. */
typedef struct kmp_hist_val {
	uint8_t unit;
	kmp_value v;
} kmp_hist_val;

/* Record states. */
enum {
	KMP_HIST_PENDING, /* not every register read yet */
	KMP_HIST_COMPLETE,
	KMP_HIST_KNOWN, /* read by an earlier run (--resume) */
	KMP_HIST_GONE,  /* no longer in the logger (it moved on while being read) */
};

typedef struct kmp_hist_rec {
	uint8_t state;
	uint8_t got;   /* groups read (bit per group) */
	uint8_t aside; /* groups set aside in this pass */
} kmp_hist_rec;

/* What a request asks. */
enum {
	KMP_HIST_ASK_CONFIG,  /* B8 05 */
	KMP_HIST_ASK_PROBE,   /* B8 07 offset FFFF, or A1: range and formats */
	KMP_HIST_ASK_RECORDS, /* B8 06, or A2 */
};

/* The request in flight or being retried. */
typedef struct kmp_hist_piece {
	int valid;
	int phase;      /* KMP_HIST_ASK_... */
	unsigned group; /* register group */
	uint32_t top;   /* the newest log ID asked for */
	uint32_t count; /* records asked for */
	unsigned attempts;
} kmp_hist_piece;

/* What one result changed. */
typedef struct kmp_hist_outcome {
	size_t n_complete; /* records this result completed, newest first */
	uint32_t complete[KMP_HIST_OUTCOME_MAX];
	uint32_t gone;  /* records found to have left the logger */
	int set_aside;  /* a record failed every attempt */
	int split;      /* the request was halved */
	int charged;    /* the result was a failure */
	int paused;     /* this result paused the reading */
	int configured; /* the registers and the range are now known */
} kmp_hist_outcome;

typedef struct kmp_hist {
	kmp_hist_config cfg;
	kmp_hist_state state;
	kmp_hist_why pause;
	kmp_hist_error error;
	uint16_t error_reg; /* KMP_HIST_NOT_LOGGED: the register */

	/* from the configuration (B8) or the configuration given (module) */
	size_t n_regs;
	uint16_t regs[KMP_HIST_MAX_REGS];
	unsigned n_groups;
	uint16_t depth;                 /* B8: records the logger holds at most */
	int probed[KMP_HIST_GROUPS];    /* the group's formats are known */
	uint32_t page[KMP_HIST_GROUPS]; /* records per request that fit */

	/* the records asked for: log IDs lo..hi, index hi - id */
	int ranged;
	uint32_t hi, lo;    /* lo is a lower bound until the oldest is found (module) */
	uint32_t oldest;    /* the meter's oldest (B8: from the probe) */
	uint32_t newest;    /* the meter's newest at the start */
	int lo_exact;       /* lo is the oldest record asked for, not a guess */
	size_t n_recs;      /* hi - lo + 1 */
	kmp_hist_rec *recs; /* n_recs */
	kmp_hist_val *vals; /* cap_vals records x n_regs, grown as records arrive */
	size_t cap_vals;

	uint32_t *known; /* marked before the range was known, sorted */
	size_t n_known, cap_known;

	kmp_hist_piece cur;
	int in_flight;
	unsigned pass;
	unsigned long requests, failures, valid;
	unsigned fail_streak, silent_streak;
	int last_status;
	uint32_t n_complete, n_known_in, n_gone, n_aside;
} kmp_hist;

/* Returns KMP_OK or KMP_ERR_ARG (a limit of 0, a logger type or log
 * number out of range, registers missing for a module, too many). */
int kmp_hist_init(kmp_hist *h, const kmp_hist_config *cfg);
void kmp_hist_free(kmp_hist *h);

/* A record an earlier run read whole: never asked again.  Before the
 * first kmp_hist_next.  KMP_OK or KMP_ERR_NOMEM. */
int kmp_hist_mark_known(kmp_hist *h, uint32_t log_id);

/* Fill req with the next request and mark it in flight: 1, or 0 when
 * there is none (one in flight, paused, done, failed). */
int kmp_hist_next(kmp_hist *h, kmp_request *req);
/* The request handed out was never sent (the client refused it). */
void kmp_hist_unsend(kmp_hist *h);
/* The outcome of the request in flight: KMP_OK with the decoded reply, or
 * the exchange's error (msg NULL).  out may be NULL. */
void kmp_hist_on_result(kmp_hist *h, int status, const kmp_msg *msg, kmp_hist_outcome *out);

void kmp_hist_pause(kmp_hist *h, kmp_hist_why why);
void kmp_hist_resume(kmp_hist *h);

/* The state of record log_id (KMP_HIST_PENDING for one outside the range). */
int kmp_hist_record_state(const kmp_hist *h, uint32_t log_id);
/* Register reg_index's value in record log_id: KMP_OK, or KMP_ERR_RANGE
 * when the record is not complete. */
int kmp_hist_value(const kmp_hist *h, uint32_t log_id, size_t reg_index, kmp_hist_val *out);
/* Records read by this run, newest first: log IDs into ids (up to cap);
 * returns how many there are. */
size_t kmp_hist_completed(const kmp_hist *h, uint32_t *ids, size_t cap);
/* Records still wanted (pending, set aside): how many. */
uint32_t kmp_hist_missing(const kmp_hist *h);

/* --- the driver --------------------------------------------------------- */

struct kmp_hist_out;

typedef struct kmp_hist_progress {
	kmp_hist_state state;
	kmp_hist_why pause;
	const char *pause_text;
	kmp_hist_error error;
	const char *output_error; /* "PATH: reason", "" when none */
	int ranged;               /* total and the log IDs are known */
	uint32_t hi, lo;
	uint32_t total;    /* records asked for (a module's "all": those found so far) */
	uint32_t complete; /* read by this run */
	uint32_t known;    /* from the --resume file */
	uint32_t gone, aside;
	unsigned pass;
	unsigned long requests, failures, valid;
	unsigned streak;
	int last_status;
	double elapsed_s, active_s;
	double rate;  /* records per second of this run */
	double eta_s; /* -1 unknown */
} kmp_hist_progress;

typedef struct kmp_history {
	kmp_hist core;
	kmp_client *client;
	struct kmp_hist_out *out; /* NULL: no CSV */
	int stopped;
	uint64_t now; /* the caller's time at the last call */
	uint64_t t_start, run_since, active_us;
	char error[512];
	kmp_hist_outcome last;
	unsigned long n_outcomes;
} kmp_history;

int kmp_history_init(kmp_history *hd, kmp_client *c, const kmp_hist_config *cfg, uint64_t now_us);
void kmp_history_set_output(kmp_history *hd, struct kmp_hist_out *out);
/* Submit the next request when the client is free.  Every loop turn. */
void kmp_history_pump(kmp_history *hd, uint64_t now_us);
void kmp_history_pause(kmp_history *hd, uint64_t now_us);
void kmp_history_resume(kmp_history *hd, uint64_t now_us);
/* Abandon the reading; what was read stays readable. */
void kmp_history_stop(kmp_history *hd, uint64_t now_us);
int kmp_history_done(const kmp_history *hd);
void kmp_history_progress(const kmp_history *hd, uint64_t now_us, kmp_hist_progress *p);
void kmp_history_free(kmp_history *hd);

#endif
