/* scanner.h - find the register IDs a meter answers (issue 6).
 *
 * Three layers, bottom up:
 *
 *  1. kmp_scan, the decisions as a pure state machine (no I/O, no clock):
 *       kmp_scan_next(s, &req)          the next GetRegister request, if any
 *       kmp_scan_on_result(s, st, msg)  what came of it
 *     It asks up to `batch` IDs per request (protocol maximum 8).  A valid
 *     reply resolves every ID it was asked: present (a record came back) or
 *     absent (left out; protocol notes, "Commands").  A failed exchange
 *     (no reply, bad CRC, garbled) proves nothing: the same piece is asked
 *     again; after `attempts` failures it is halved, down to single IDs, in
 *     case the meter refuses one of them; a single ID that still fails is
 *     set aside ("unresolved", never "absent") and asked again in a later
 *     pass.  When the meter stops answering altogether (`stall_silent`
 *     exchanges in a row without a reply byte, or `stall_failures` failed
 *     exchanges in a row) the scan pauses instead of racing through the
 *     range; kmp_scan_resume() goes on.
 *     Read-only by construction: the only request it can build has cid
 *     KMP_CID_GET_REGISTER.
 *
 *  2. kmp_scanner, the driver on a kmp_client, for a poll() loop (times
 *     come from the caller and the client's step, never from a clock):
 *       kmp_scanner_init(sc, client, &cfg, delay_ms, now)
 *       [kmp_scanner_seed(sc, &loaded_csv)]     continue a --resume file
 *       [kmp_scanner_set_output(sc, &out)]      append to a CSV as it goes
 *       loop: kmp_scanner_pump(sc, now);  poll() with kmp_scanner_wake_us()
 *             and the client's timeout;  kmp_client_step(...)
 *       kmp_scanner_progress(sc, now, &p)       everything a view draws
 *       kmp_scanner_found(sc, &n)               found registers, by ID
 *       kmp_scanner_pause / _resume / _stop (now) / _free
 *
 *  3. The CSV file and its journal (--out, --resume), docs/scanning.md:
 *       FILE          id,name,value,unit,unit_name,text,length,serial,meter_type
 *                     60,Heat energy E1,123.45,8,GJ,123.45,4,67123456,0x0034
 *       FILE.journal  kmpterm-scan 1 / range 0-65535 / ... / done 56-63 found 60
 *     A batch's rows are written and synced before its journal line, so a
 *     kill (even -9) loses at most the exchange in flight.
 *
 * Nothing here prints or exits. */
#ifndef FEATURE_SCANNER_H
#define FEATURE_SCANNER_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "feature/journal.h"
#include "kmp/family.h"
#include "kmp/msg.h"
#include "kmp/value.h"

#define KMP_SCAN_IDS 65536u
#define KMP_SCAN_BITMAP (KMP_SCAN_IDS / 8)

/* Defaults of kmp_scan_config_default (see docs/scanning.md, "Failures"). */
#define KMP_SCAN_ATTEMPTS 3        /* exchanges on one piece before halving it */
#define KMP_SCAN_STALL_FAILURES 12 /* failed exchanges in a row: pause */
#define KMP_SCAN_STALL_SILENT 6    /* exchanges in a row with no reply byte: pause */
#define KMP_SCAN_PASSES 2          /* passes over IDs set aside as unresolved */

typedef enum kmp_scan_state {
	KMP_SCAN_RUNNING,
	KMP_SCAN_PAUSED, /* no new requests; an exchange in flight still completes */
	KMP_SCAN_DONE,   /* every ID resolved, or set aside in every pass */
} kmp_scan_state;

typedef enum kmp_scan_why {
	KMP_SCAN_PAUSE_NONE,
	KMP_SCAN_PAUSE_USER,    /* kmp_scan_pause() / kmp_scanner_pause() */
	KMP_SCAN_PAUSE_SILENT,  /* no reply byte at all, stall_silent times in a row */
	KMP_SCAN_PAUSE_FAILING, /* stall_failures failed exchanges in a row */
	KMP_SCAN_PAUSE_LINK,    /* the link is down; the driver goes on when it is back */
	KMP_SCAN_PAUSE_OUTPUT,  /* the CSV could not be written */
} kmp_scan_why;

/* One line for a pause reason, e.g. "no reply to 6 requests in a row: is
 * the meter asleep (press its button) or the head moved?". */
const char *kmp_scan_pause_text(kmp_scan_why why);

typedef struct kmp_scan_config {
	uint16_t from, to;       /* inclusive */
	unsigned batch;          /* IDs per request, 1..8 */
	unsigned attempts;       /* >= 1 */
	unsigned stall_failures; /* >= 1 */
	unsigned stall_silent;   /* >= 1 */
	unsigned passes;         /* >= 1 */
} kmp_scan_config;

/* 0..65535, batch 8 and the defaults above. */
void kmp_scan_config_default(kmp_scan_config *c);

/* A register the meter answered. */
typedef struct kmp_scan_reg {
	uint16_t id;
	uint8_t unit;
	kmp_value value;
	const char *name; /* from the public register table, or NULL: a discovery */
	int resumed;      /* read back from the --resume file, not found by this run */
} kmp_scan_reg;

/* Part of a batch still waiting for a valid reply. */
typedef struct kmp_scan_piece {
	uint16_t ids[KMP_MAX_IDS];
	uint8_t n;
	uint8_t attempts; /* failed exchanges on this piece */
} kmp_scan_piece;

/* What one result changed: the CSV writer and a view's event line use it. */
typedef struct kmp_scan_outcome {
	size_t n_resolved; /* IDs a valid reply settled (present or absent) */
	uint16_t resolved[KMP_MAX_IDS];
	size_t n_new; /* of those, present: now in the found list */
	uint16_t new_ids[KMP_MAX_IDS];
	size_t n_set_aside; /* single IDs that failed every attempt */
	uint16_t set_aside[KMP_MAX_IDS];
	int split;   /* the piece was halved */
	int paused;  /* this result paused the scan (see kmp_scan.pause) */
	int charged; /* the result counted as an attempt on the piece */
} kmp_scan_outcome;

typedef struct kmp_scan {
	kmp_scan_config cfg;
	kmp_scan_state state;
	kmp_scan_why pause;
	uint8_t done[KMP_SCAN_BITMAP];     /* resolved: present or absent */
	uint8_t aside[KMP_SCAN_BITMAP];    /* set aside in this pass */
	uint32_t cursor;                   /* next ID to put in a new batch */
	unsigned pass;                     /* 1.. */
	kmp_scan_piece queue[KMP_MAX_IDS]; /* the current batch's pieces, next first */
	size_t q_len;
	int in_flight;                   /* queue[0] was handed out by kmp_scan_next */
	uint32_t total, n_done, n_aside; /* within from..to */
	unsigned long requests, failures, valid;
	unsigned fail_streak, silent_streak;
	kmp_err last_status;
	kmp_scan_reg *found; /* sorted by id */
	size_t n_found, cap_found, n_discoveries;
	unsigned long found_gen; /* bumped whenever found[] changes */
	uint8_t *only;           /* kmp_scan_only: ask only the IDs set here (NULL: all) */
	kmp_family family;       /* names found registers (kmp_scan_set_family) */
} kmp_scan;

/* Returns KMP_OK or KMP_ERR_ARG (from > to, batch outside 1..8, a zero
 * limit).  s needs no zeroing; free with kmp_scan_free. */
kmp_err kmp_scan_init(kmp_scan *s, const kmp_scan_config *cfg);
void kmp_scan_free(kmp_scan *s);

/* Ask only these IDs of from..to (`scan --known`: the IDs public sources
 * name for the family, kmp_family_known_ids), before the first
 * kmp_scan_next.  The progress counts them only; what they settle stays
 * settled for a later scan of the whole range.  Returns KMP_OK or
 * KMP_ERR_NOMEM. */
int kmp_scan_only(kmp_scan *s, const uint16_t *ids, size_t n);
/* The family whose table names found registers (the generic table and
 * "a discovery" otherwise). */
void kmp_scan_set_family(kmp_scan *s, kmp_family fam);

/* Seed from an earlier run before the first kmp_scan_next: the ID is
 * resolved (absent), or present with this value.  IDs outside from..to are
 * kept too (they stay in the file) but do not count in the progress.
 * Returns KMP_OK or KMP_ERR_NOMEM. */
void kmp_scan_mark_done(kmp_scan *s, uint16_t id);
kmp_err kmp_scan_add_found(kmp_scan *s, uint16_t id, uint8_t unit, const kmp_value *v, int resumed);

static inline int kmp_scan_is_done(const kmp_scan *s, uint16_t id)
{
	return (s->done[id >> 3] >> (id & 7)) & 1;
}

/* Fill req with the next GetRegister request and mark it in flight:
 * returns 1, or 0 when there is none (one in flight, paused, done). */
int kmp_scan_next(kmp_scan *s, kmp_request *req);
/* Give up the request handed out without an exchange (the client refused
 * it): nothing is charged. */
void kmp_scan_unsend(kmp_scan *s);
/* The outcome of the request in flight: status KMP_OK with the decoded
 * reply, or the exchange's error (msg NULL).  KMP_ERR_CLOSED pauses with
 * KMP_SCAN_PAUSE_LINK without charging the piece.  out may be NULL. */
void kmp_scan_on_result(kmp_scan *s, kmp_err status, const kmp_msg *msg, kmp_scan_outcome *out);

void kmp_scan_pause(kmp_scan *s, kmp_scan_why why);
/* Go on after a pause: the streaks start again from zero. */
void kmp_scan_resume(kmp_scan *s);

/* The found register with this ID, or NULL. */
const kmp_scan_reg *kmp_scan_find(const kmp_scan *s, uint16_t id);
/* The IDs of from..to set aside (no valid answer) in the last pass, up to
 * cap of them; returns how many there are in all. */
size_t kmp_scan_unresolved(const kmp_scan *s, uint16_t *ids, size_t cap);

/* --- the CSV file and its journal ----------------------------------------
 *
 * docs/scanning.md, "The CSV file".  FILE is plain RFC 4180 CSV (csv.h):
 * the header row, then one row per register found, nothing else, so a
 * spreadsheet or pandas reads it with no options.  The scan's resume state
 * is FILE.journal beside it (journal.h): the meter, the range and time,
 * and one line per valid reply, "done 56-63 found 60" (the IDs it settled
 * and which of them are present).  A batch's rows are written and synced
 * before its journal line, so a kill (even -9) loses at most the exchange
 * in flight.  kmp_scan_csv_parse() reads both back; it is a pure function
 * over buffers (fuzzed: tests/fuzz/fuzz_scan_csv.c). */

#define KMP_SCAN_CSV_HEADER "id,name,value,unit,unit_name,text,length,serial,meter_type"
/* The header of kmpterm before the journal: its "# done" comment lines are
 * read (and converted) by --resume. */
#define KMP_SCAN_CSV_HEADER_OLD "id,unit,unit_name,length,value,name"
/* The journal's first line. */
#define KMP_SCAN_JOURNAL_MAGIC "kmpterm-scan 1"

/* What a scan file says about the scan besides its rows. */
typedef struct kmp_scan_meta {
	uint16_t from, to; /* the range of the latest run */
	unsigned batch;
	char started[32]; /* ISO 8601 UTC of the first run, "" unknown */
	int have_serial;
	uint32_t serial;
	int have_type;
	uint16_t meter_type;
	char sw[16]; /* software revision, "" unknown */
} kmp_scan_meta;

/* Append s to out as one CSV field (kmp_csv_field: quoted when it holds
 * a comma, quote, CR or LF; CR and LF become spaces).  Returns the length
 * written, or -1 when it does not fit in cap (NUL included). */
int kmp_scan_csv_field(const char *s, char *out, size_t cap);
/* One row "60,Heat energy E1,123.45,8,GJ,123.45,4,67123456,0x0034\r\n"
 * into buf, the meter's identity from m (NULL: empty).  Returns the length
 * or -1. */
int kmp_scan_csv_row(const kmp_scan_reg *r, const kmp_scan_meta *m, char *buf, size_t cap);
/* The journal line of one outcome: "done 0-7,9 found 3\n" (the IDs it
 * settled, any order, duplicates allowed, then those present).  Returns
 * the length or -1. */
int kmp_scan_journal_line(const kmp_scan_outcome *oc, char *buf, size_t cap);

/* A scan file read back. */
typedef struct kmp_scan_csv {
	int header;       /* the first line is a scan file's header (either format) */
	int old_format;   /* KMP_SCAN_CSV_HEADER_OLD with "# done" lines */
	int have_journal; /* a journal was read and begins with the magic line */
	int have_range;   /* meta.from/to came from the journal (or the old "# kmpterm scan") */
	kmp_scan_meta meta;
	uint8_t done[KMP_SCAN_BITMAP];
	size_t n_done;
	kmp_scan_reg *regs; /* rows of done IDs, sorted by id, one per ID */
	size_t n_regs;
	size_t lines;      /* complete lines of the CSV */
	size_t bad;        /* lines that are no row (and journal lines that do not parse) */
	size_t unreadable; /* rows whose ID reads but whose fields do not (e.g. a
	                    * spreadsheet's 1.87556E+03): that ID is not done,
	                    * so a resume asks the meter again */
	size_t duplicates; /* rows repeating an ID (the first one counts) */
	size_t orphans;    /* rows the journal does not count (dropped, asked again) */
	size_t missing;    /* IDs the journal counts as present without a row (asked again) */
	int truncated;     /* the CSV's last line had no newline (ignored) */
} kmp_scan_csv;

/* Parse a scan CSV (n bytes) and its journal (jn bytes; NULL: none).
 * With a journal, an ID is done when a journal line counts it and, when
 * present, its row is in the CSV.  An old-format file's "# done" lines
 * stand in for the journal.  A current-format CSV without a journal keeps
 * its rows (each proves its register) and nothing else is done.  Anything
 * else is counted and ignored, never an error.  Returns KMP_OK, or
 * KMP_ERR_NOMEM.  Free with kmp_scan_csv_free. */
int kmp_scan_csv_parse(const char *text, size_t n, const char *journal, size_t jn,
                       kmp_scan_csv *out);
void kmp_scan_csv_free(kmp_scan_csv *c);

/* The CSV in canonical form into a malloc'd buffer (*len bytes): the
 * header, then the rows of done IDs sorted by ID.  Returns KMP_OK or
 * KMP_ERR_NOMEM. */
int kmp_scan_csv_render(const kmp_scan_meta *m, const uint8_t *done, const kmp_scan_reg *regs,
                        size_t n_regs, char **buf, size_t *len);
/* The journal in compact form: magic, meta, the done IDs as merged ranges
 * and the present ones (regs of done IDs).  Returns KMP_OK or
 * KMP_ERR_NOMEM. */
int kmp_scan_journal_render(const kmp_scan_meta *m, const uint8_t *done, const kmp_scan_reg *regs,
                            size_t n_regs, char **buf, size_t *len);

/* The output files of a scan. */
typedef struct kmp_scan_out {
	int fd; /* the CSV, -1: closed */
	int resume;
	int fresh; /* the CSV was created by this run */
	kmp_journal journal;
	kmp_scan_meta meta;
	char path[4096];
} kmp_scan_out;

/* Open path for a scan, locked against a second scan, writing nothing
 * yet (kmp_scan_out_begin does).  resume == 0: a new file, created
 * exclusively; one that exists and is not empty is refused (it may be an
 * interrupted scan: use --resume).  resume != 0: read it and its journal
 * back into *loaded (a missing or empty file is a new scan; a file that
 * is not a scan file is refused).  Returns KMP_OK, or an error with one
 * line in err ("PATH: reason"). */
int kmp_scan_out_open(kmp_scan_out *o, const char *path, int resume, kmp_scan_csv *loaded,
                      char *err, size_t cap);
/* Write the start of the scan described by m: a new file gets its header,
 * a resumed one is replaced, atomically, by its canonical form (torn
 * lines, duplicates and rows the journal does not count are gone, so what
 * this run appends never repeats a row), and the journal is written anew
 * (atomically) with m and what loaded holds (NULL: nothing).  Everything
 * is on disk (fsync) on return.  Returns KMP_OK or KMP_ERR_IO with one
 * line in err. */
int kmp_scan_out_begin(kmp_scan_out *o, const kmp_scan_meta *m, const kmp_scan_csv *loaded,
                       char *err, size_t cap);
/* Read a file whole into a malloc'd buffer (NUL-terminated).  Returns
 * KMP_OK, KMP_ERR_NODEV when it does not exist, KMP_ERR_IO (errno set). */
int kmp_scan_read_file(const char *path, char **buf, size_t *len);
/* Append the rows of the new IDs in one write and fsync, then the journal
 * line of the outcome, also synced.  Returns KMP_OK or KMP_ERR_IO (errno
 * set). */
int kmp_scan_out_append(kmp_scan_out *o, const kmp_scan *s, const kmp_scan_outcome *oc);
void kmp_scan_out_close(kmp_scan_out *o);

/* --- the driver --------------------------------------------------------- */

/* Everything a progress line or a view draws. */
typedef struct kmp_scan_progress {
	kmp_scan_state state;
	kmp_scan_why pause;
	const char *pause_text; /* kmp_scan_pause_text, "" when running */
	const char *error;      /* output error ("PATH: reason"), "" when none */
	uint16_t from, to;
	uint32_t total;      /* IDs in from..to */
	uint32_t done;       /* resolved (present or absent), resumed ones included */
	uint32_t resumed;    /* of those, read back from the file */
	uint32_t unresolved; /* set aside in this pass */
	uint32_t next_id;    /* first ID of the request in flight or next */
	unsigned piece;      /* IDs in that request (below batch: splitting) */
	unsigned pass;
	size_t found, discoveries; /* in the whole found list */
	unsigned long requests, failures, valid;
	unsigned streak;     /* failed exchanges in a row */
	kmp_err last_status; /* of the last exchange */
	double elapsed_s;    /* since kmp_scanner_init, pauses included */
	double active_s;     /* time spent running */
	double rate;         /* IDs resolved per second of this run, 0 before the first */
	double eta_s;        /* remaining / rate, -1 when unknown */
} kmp_scan_progress;

typedef struct kmp_scanner {
	kmp_scan core;
	kmp_client *client;
	kmp_scan_out *out; /* NULL: no CSV */
	unsigned delay_ms;
	uint64_t next_at; /* --delay: no request before this */
	uint64_t last_pump_us;
	int stopped;
	uint64_t t_start, run_since, active_us;
	uint32_t done_at_start;
	char error[512];
	/* the outcome of the latest exchange, for a view's event line; n_outcomes
	 * counts them so a view can tell a new one from the one it drew */
	kmp_scan_outcome last;
	unsigned long n_outcomes;
} kmp_scanner;

/* Returns KMP_OK or KMP_ERR_ARG (bad cfg).  sc needs no zeroing. */
kmp_err kmp_scanner_init(kmp_scanner *sc, kmp_client *c, const kmp_scan_config *cfg,
                         unsigned delay_ms, uint64_t now_us);
/* Continue from a file read back: its done IDs and rows.  Before the
 * first pump.  Returns KMP_OK or KMP_ERR_NOMEM. */
kmp_err kmp_scanner_seed(kmp_scanner *sc, const kmp_scan_csv *loaded);
/* Append to out after every valid reply (not owned; NULL: none). */
void kmp_scanner_set_output(kmp_scanner *sc, kmp_scan_out *out);
/* Submit the next request when the client is free and the delay is over.
 * Call every loop turn.  A scan paused because the link dropped goes on
 * by itself once the client has reopened it. */
void kmp_scanner_pump(kmp_scanner *sc, uint64_t now_us);
/* Monotonic time of the scanner's own next deadline (--delay), 0: none. */
uint64_t kmp_scanner_wake_us(const kmp_scanner *sc);
void kmp_scanner_pause(kmp_scanner *sc, uint64_t now_us);
void kmp_scanner_resume(kmp_scanner *sc, uint64_t now_us);
/* Abandon the scan: its exchange is detached from the client (a queued
 * one never goes out, one on the wire finishes unseen), so sc may be
 * freed or started again at once.  The results stay readable. */
void kmp_scanner_stop(kmp_scanner *sc, uint64_t now_us);
int kmp_scanner_done(const kmp_scanner *sc);
void kmp_scanner_progress(const kmp_scanner *sc, uint64_t now_us, kmp_scan_progress *p);
/* The found registers, sorted by ID (valid until the next pump/step). */
const kmp_scan_reg *kmp_scanner_found(const kmp_scanner *sc, size_t *n);
void kmp_scanner_free(kmp_scanner *sc);

#endif
