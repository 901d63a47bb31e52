/* loopback.h - the adapter self-test: with TX and RX bridged (a jumper, or
 * an IR head facing a white surface) send test patterns at the line's
 * settings and check that each comes back intact and at the line's pace.
 *
 * The patterns hold no KMP start byte 80 (the client refuses payloads a
 * meter could take for a command anyway): runs of 55 and AA (alternating
 * bits), 00/FF runs (long runs of one level), a ramp, and ASCII text.  On
 * 7 data bits they are cut to 7 bits.  Timing: the last byte is due after
 * the pattern's wire time (bytes x byte time); a USB adapter adds a few
 * milliseconds of latency, and a line much faster than its settings allow
 * (an adapter that ignores the speed, a local echo) is as wrong as one too
 * slow.  A pty has no line speed: there the caller turns the timing check
 * off.  Pure over the client: time passed in, nothing blocks or prints. */
#ifndef FEATURE_LOOPBACK_H
#define FEATURE_LOOPBACK_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"

#define KMP_LOOP_PATTERNS 4
#define KMP_LOOP_PATTERN_MAX 32
#define KMP_LOOP_RESULTS_MAX 64

typedef enum kmp_loop_outcome {
	KMP_LOOP_INTACT,  /* every byte back, in order */
	KMP_LOOP_NOTHING, /* nothing came back */
	KMP_LOOP_SHORT,   /* fewer bytes, the ones there right */
	KMP_LOOP_CHANGED, /* bytes differ (wrong settings on one side, a bad contact) */
	KMP_LOOP_LINK,    /* the link failed */
} kmp_loop_outcome;

typedef enum kmp_loop_timing {
	KMP_LOOP_TIMING_UNCHECKED, /* a pty, or nothing came back */
	KMP_LOOP_TIMING_OK,
	KMP_LOOP_TIMING_FAST, /* faster than the line's speed allows */
	KMP_LOOP_TIMING_SLOW, /* later than wire time plus adapter latency */
} kmp_loop_timing;

typedef struct kmp_loop_result {
	unsigned pattern; /* 0..KMP_LOOP_PATTERNS-1 */
	size_t sent, got;
	size_t first_bad; /* index of the first byte that differs (got when short) */
	kmp_loop_outcome outcome;
	kmp_loop_timing timing;
	uint64_t wire_us; /* the pattern's time on the wire at the settings */
	uint64_t took_us; /* write to the last byte back (0 when nothing came) */
} kmp_loop_result;

typedef struct kmp_loopback {
	kmp_client *client;
	unsigned rounds;
	int check_timing;
	unsigned next; /* exchanges started */
	int in_flight;
	int done;
	size_t n;
	kmp_loop_result results[KMP_LOOP_RESULTS_MAX];
} kmp_loopback;

/* The name of pattern i ("55 x32", "ramp", ...). */
const char *kmp_loop_pattern_name(unsigned i);
/* Pattern i for databits data bits into out (KMP_LOOP_PATTERN_MAX). */
size_t kmp_loop_pattern(unsigned i, int databits, uint8_t *out);

/* Start: every pattern `rounds` times (1..KMP_LOOP_RESULTS_MAX /
 * KMP_LOOP_PATTERNS). */
void kmp_loopback_start(kmp_loopback *lb, kmp_client *c, unsigned rounds, int check_timing);
void kmp_loopback_pump(kmp_loopback *lb, uint64_t now_us);
int kmp_loopback_done(const kmp_loopback *lb);
void kmp_loopback_stop(kmp_loopback *lb);
/* 1 when every result is intact (and on time where checked). */
int kmp_loopback_passed(const kmp_loopback *lb);

const char *kmp_loop_outcome_name(kmp_loop_outcome o); /* "intact", "nothing", ... */
const char *kmp_loop_timing_name(kmp_loop_timing t);   /* "unchecked", "ok", "fast", "slow" */
/* One sentence on what the results say and what to do. */
const char *kmp_loopback_verdict(const kmp_loopback *lb, char *buf, size_t cap);

#endif
