/* prober.h - probe the optical link as fast as the protocol allows, classify
 * every probe and keep the statistics an alignment view draws.
 *
 * Three layers, the first two pure (no I/O, no clock: times are passed in):
 *  - a per-probe summary (kmp_probe_summary), built from the client's
 *    kmp_result or replayed from a recorded byte stream, and the classifier
 *    kmp_probe_classify() over it;
 *  - kmp_probe_stats: windows, EWMA, best, latency median, history, band and
 *    hint, read through kmp_probe_stats_snapshot();
 *  - kmp_prober: the engine that keeps one cheap exchange (GetSerialNo by
 *    default) in the client at all times.  The client's timing rules set
 *    the pace (protocol notes, "Timing"): one byte time after a good reply,
 *    1.6 s after a failure.  kmp_prober_status() says which of the two the
 *    next probe waits for.
 *
 * Driving it from a poll() loop (a TUI view or app_loop):
 *
 *   kmp_prober p;
 *   kmp_prober_init(&p, client, NULL);   GetSerialNo, forever
 *   kmp_prober_start(&p, kmp_now_us());  (re)starts with fresh statistics
 *   loop:  kmp_prober_pump(&p, now);     every turn, before poll()
 *          poll(... kmp_client_timeout_ms(client, now) ...);
 *          kmp_client_step(client, revents, kmp_now_us());
 *          kmp_probe_stats_snapshot(kmp_prober_stats(&p), now, &snap);   to draw
 *          kmp_prober_status(&p, now);   "waiting: 1.6 s pause after a failure"
 *   leaving the view:  kmp_prober_stop(&p);   a probe on the wire is detached:
 *                                         p may be freed at once
 *
 * The probe timeout is the client's reply timeout: a real meter answers
 * within 20-150 ms, so a front end shortens it while probing with
 * kmp_client_set_timeout(c, kmp_probe_timeout_ms(user_ms)) and gives the
 * user's back afterwards.  Probes are marked kmp_request.probe: they go out
 * one byte time after the line went quiet (their answers are counted, not
 * shown as values), so the rate is the line's, not the quiet window's.
 * Times come from the caller and the client's step: nothing here reads a
 * clock.  Nothing here prints or exits. */
#ifndef FEATURE_PROBER_H
#define FEATURE_PROBER_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"

/* ---- classification ------------------------------------------------------ */

typedef enum kmp_probe_class {
	KMP_PROBE_OK,        /* a valid reply to the probe */
	KMP_PROBE_ECHO_ONLY, /* only the head's echo of the request: misaligned, or the port sleeps
	                      */
	KMP_PROBE_SILENT,    /* nothing at all came back */
	KMP_PROBE_NOISY,   /* a reply began but was damaged (CRC, stuffing, cut off) or unusable */
	KMP_PROBE_GARBAGE, /* bytes arrived, but no frame */
	KMP_PROBE_LINK_LOST, /* the link failed during the probe: says nothing about alignment */
} kmp_probe_class;

/* The classes counted in the statistics (OK .. GARBAGE). */
#define KMP_PROBE_NCLASS 5

/* What one probe saw.  Built by kmp_probe_summary_from_result() (live) or
 * kmp_probe_summary_replay() (a recorded stream); zero means "none". */
typedef struct kmp_probe_summary {
	kmp_err status;      /* how the exchange ended (kmp_result.status) */
	unsigned echoes;     /* 80..0D frames on the receive side (the head's echo) */
	unsigned replies;    /* 40..0D frames that ended the exchange (0 or 1) */
	unsigned garbage;    /* runs of stray bytes and cut-off frames */
	int reply_started;   /* a 40 byte arrived */
	uint64_t latency_us; /* last request byte to first reply byte; 0 if none */
	uint64_t sent_us;    /* when the request went out */
	uint64_t done_us;    /* when the outcome was known */
} kmp_probe_summary;

/* Summary of a finished client exchange (done_us from r->done_us). */
void kmp_probe_summary_from_result(kmp_probe_summary *s, const kmp_result *r);

/* Replay what the receive side saw after sending req to addr: rx[0..n) is
 * the byte stream (echo, reply, noise) and its end is the line going quiet.
 * Follows the client's rules: the first 40..0D frame ends the exchange
 * (later bytes belong to no probe), a lone 00 is ignored, and without a
 * reply frame the outcome is PARTIAL (a 40 came), GARBAGE, ECHO_ONLY or
 * TIMEOUT, in that order.  Times are left 0.  Returns KMP_OK or KMP_ERR_ARG. */
kmp_err kmp_probe_summary_replay(const kmp_request *req, uint8_t addr, const uint8_t *rx, size_t n,
                                 kmp_probe_summary *s);

/* The verdict, a pure function of the summary:
 *   status KMP_OK                                        -> OK
 *   status CLOSED or IO (the link, not the light)        -> LINK_LOST
 *   a reply frame or a 40 arrived (bad CRC, bad stuffing,
 *   cut off, wrong address/command/length)               -> NOISY
 *   other bytes that formed no frame (with or without echo) -> GARBAGE
 *   only echo frames                                     -> ECHO_ONLY
 *   nothing                                              -> SILENT */
kmp_probe_class kmp_probe_classify(const kmp_probe_summary *s);

/* "OK", "ECHO ONLY", "SILENT", "NOISY", "GARBAGE", "LINK LOST". */
const char *kmp_probe_class_name(kmp_probe_class c);
/* JSON keys: "ok", "echo_only", "silent", "noisy", "garbage", "link_lost". */
const char *kmp_probe_class_key(kmp_probe_class c);

/* ---- statistics ---------------------------------------------------------- */

#define KMP_PROBE_WINDOW_N 20             /* success rate over the last 20 probes */
#define KMP_PROBE_WINDOW_US 5000000u      /* ... and over the last 5 s */
#define KMP_PROBE_EWMA_ALPHA 0.6          /* weight of the newest probe: follows in 1-3 probes */
#define KMP_PROBE_BEST_MIN 5              /* probes in the 20-window before "best" counts */
#define KMP_PROBE_HISTORY_S 60            /* per-second history */
#define KMP_PROBE_RING 512                /* probes kept for the windows */
#define KMP_PROBE_LAT_MS_MAX 4095         /* latency histogram: 1 ms steps, longer ones clamp */
#define KMP_PROBE_HINT_PERIOD_US 8000000u /* a stuck class shows its next hint every 8 s */

/* Alignment quality bands (on the EWMA). */
typedef enum kmp_probe_band {
	KMP_BAND_NONE, /* no probe yet */
	KMP_BAND_BAD,  /* below 50 % */
	KMP_BAND_FAIR, /* 50 % up to 90 % */
	KMP_BAND_GOOD, /* 90 % and more */
} kmp_probe_band;
#define KMP_PROBE_FAIR_FROM 0.5
#define KMP_PROBE_GOOD_FROM 0.9

kmp_probe_band kmp_probe_band_of(double rate);     /* rate < 0: NONE */
const char *kmp_probe_band_name(kmp_probe_band b); /* "-", "bad", "fair", "good" */

/* A hint for the user, chosen from a class and the band.  A class has one or
 * more hints; step picks one (modulo their number), so a view can show the
 * next one while the same class persists.  Never NULL. */
unsigned kmp_probe_hint_count(kmp_probe_class c, kmp_probe_band b);
const char *kmp_probe_hint(kmp_probe_class c, kmp_probe_band b, unsigned step);

typedef struct kmp_probe_record {
	uint64_t done_us;
	uint32_t latency_us;
	uint8_t cls;
} kmp_probe_record;

typedef struct kmp_probe_bucket {
	int64_t second; /* seconds since start; -1: empty slot */
	unsigned ok, total;
} kmp_probe_bucket;

/* The model: changed by kmp_probe_stats_add(), read by the snapshot. */
typedef struct kmp_probe_stats {
	uint64_t start_us;
	unsigned long total;
	unsigned long count[KMP_PROBE_NCLASS];
	uint64_t first_sent_us, last_done_us;
	kmp_probe_record ring[KMP_PROBE_RING];
	size_t ring_next, ring_len;
	double ewma;          /* -1 until the first probe */
	double best;          /* -1 until KMP_PROBE_BEST_MIN probes */
	uint64_t best_us;     /* when the best was seen */
	kmp_probe_class last; /* valid when total > 0 */
	unsigned long streak; /* probes in a row of class `last` */
	uint64_t streak_us;   /* when that run began (done time of its first probe) */
	unsigned long lat_n;
	uint32_t lat_hist[KMP_PROBE_LAT_MS_MAX + 1];
	kmp_probe_bucket hist[KMP_PROBE_HISTORY_S];
} kmp_probe_stats;

void kmp_probe_stats_init(kmp_probe_stats *s, uint64_t start_us);
/* Count one probe; LINK_LOST is ignored.  Probes are expected in time order. */
void kmp_probe_stats_add(kmp_probe_stats *s, const kmp_probe_summary *sum, kmp_probe_class c);

/* Everything a view draws, computed at `now` (rates are 0..1, -1 = none). */
typedef struct kmp_probe_snapshot {
	unsigned long total;
	unsigned long count[KMP_PROBE_NCLASS];
	double rate_last_n; /* success over the last KMP_PROBE_WINDOW_N probes */
	unsigned n_last;    /* probes in it */
	double rate_window; /* success over the last KMP_PROBE_WINDOW_US */
	unsigned n_window;
	double ewma;              /* smoothed success, alpha KMP_PROBE_EWMA_ALPHA per probe */
	double best;              /* best rate_last_n seen (with >= KMP_PROBE_BEST_MIN probes) */
	uint64_t best_us;         /* when (monotonic); now - best_us = how long ago */
	double probes_per_s;      /* over the last KMP_PROBE_WINDOW_US (or since start) */
	double latency_ms_median; /* of valid replies, 1 ms resolution; -1 none */
	kmp_probe_band band;      /* of ewma */
	int has_last;
	kmp_probe_class last;   /* class of the newest probe */
	unsigned long streak;   /* probes in a row of that class */
	uint64_t streak_age_us; /* since that run began */
	const char *hint;       /* for the newest class; while replies got through in
	                           the last 5 s, the "partly aligned" one */
	/* per-second history, oldest first; history[KMP_PROBE_HISTORY_S - 1]
	 * is the current second.  Seconds before the start have total 0 and
	 * valid 0. */
	struct {
		unsigned ok, total;
		int valid;
	} history[KMP_PROBE_HISTORY_S];
} kmp_probe_snapshot;

void kmp_probe_stats_snapshot(const kmp_probe_stats *s, uint64_t now_us, kmp_probe_snapshot *out);

/* Probes per second over the whole run: probes / (last done - first sent);
 * 0 with fewer than one probe.  (`kmpterm probe` reports it as rate_hz.) */
double kmp_probe_stats_run_rate(const kmp_probe_stats *s);

/* ---- the engine ---------------------------------------------------------- */

/* A short probe timeout (ms): a real meter answers in 20-150 ms ("Timing"),
 * so 400 ms still catches a slow one while a missing answer costs little. */
#define KMP_PROBE_TIMEOUT_MS 400

/* The probe timeout for a user's --timeout: taken when below the 1.6 s
 * protocol default, else KMP_PROBE_TIMEOUT_MS. */
unsigned kmp_probe_timeout_ms(unsigned user_timeout_ms);

typedef struct kmp_prober_config {
	uint8_t cid;    /* KMP_CID_GET_SERIAL (default) or KMP_CID_GET_TYPE */
	unsigned count; /* probes to send; 0 = until stopped */
} kmp_prober_config;

void kmp_prober_config_default(kmp_prober_config *cfg);

typedef enum kmp_prober_state {
	KMP_PROBER_STOPPED,   /* not started, stopped, or count reached */
	KMP_PROBER_LINK_DOWN, /* waiting for the link to (re)open */
	KMP_PROBER_OTHER,     /* the client is busy with someone else's exchange */
	KMP_PROBER_GAP,       /* one byte time after a good reply ("Timing") */
	KMP_PROBER_PAUSE,     /* the 1.6 s pause after a failure ("Timing") */
	KMP_PROBER_PROBING,   /* a probe is on the wire */
} kmp_prober_state;

typedef struct kmp_prober_status {
	kmp_prober_state state;
	uint64_t until_us; /* GAP, PAUSE: when the next probe goes out; else 0 */
	const char *text;  /* "waiting: 1.6 s pause after a failure", ... */
} kmp_prober_status;

typedef struct kmp_prober {
	kmp_client *client;
	kmp_prober_config cfg;
	kmp_probe_stats stats;
	kmp_probe_summary last; /* the newest probe */
	kmp_probe_class last_class;
	unsigned submitted;        /* probes handed to the client this run */
	unsigned finished;         /* ... and their outcomes, link losses included */
	unsigned link_lost;        /* probes ended by a link failure */
	kmp_err last_submit_error; /* KMP_OK, or why the last submit failed */
	uint32_t serial;           /* from the newest valid GetSerialNo reply */
	int serial_known;
	int running;
} kmp_prober;

/* Bind to a client; cfg NULL = defaults.  p need not be zeroed. */
void kmp_prober_init(kmp_prober *p, kmp_client *c, const kmp_prober_config *cfg);
/* Start (or restart) probing with fresh statistics. */
void kmp_prober_start(kmp_prober *p, uint64_t now_us);
/* Submit the next probe when the client is free.  Call every loop turn. */
void kmp_prober_pump(kmp_prober *p, uint64_t now_us);
/* Stop: the probe in the client is detached (a queued one never goes out,
 * one on the wire finishes unseen). */
void kmp_prober_stop(kmp_prober *p);
/* Non-zero when cfg.count probes have finished (never with count 0). */
int kmp_prober_done(const kmp_prober *p);
/* What the prober is doing at now: why the rate drops, for a status line. */
kmp_prober_status kmp_prober_status_at(const kmp_prober *p, uint64_t now_us);
const kmp_probe_stats *kmp_prober_stats(const kmp_prober *p);

#endif
