/* trace_line.h - one line of kmpterm's own trace (`--log FILE`, `w` in the
 * trace view) read back into its fields, for --replay.
 *
 *   TIME<TAB>DIR<TAB>HEX<TAB>STATUS<TAB>DECODE   (docs/trace-format.md)
 *
 * Unlike the paste reader (paste.h), which wants bytes only, this keeps
 * every line: TIMEOUT and LINK lines carry no bytes but are entries of the
 * trace all the same, and their STATUS and DECODE say how the exchange or
 * the link ended.  Pure: no I/O, no allocation; the fields point into the
 * caller's line. */
#ifndef KMP_TRACE_LINE_H
#define KMP_TRACE_LINE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kmp/frame.h"

/* The DIR column. */
typedef enum kmp_trace_dir {
	KMP_TRACE_TX,
	KMP_TRACE_RX,
	KMP_TRACE_ECHO,
	KMP_TRACE_ACK,
	KMP_TRACE_ZERO,
	KMP_TRACE_GARBAGE,
	KMP_TRACE_PARTIAL,
	KMP_TRACE_TIMEOUT,
	KMP_TRACE_LINK,
} kmp_trace_dir;

typedef struct kmp_trace_line {
	struct timespec wall; /* TIME, UTC */
	kmp_trace_dir dir;
	uint8_t bytes[KMP_FRAME_MAX]; /* HEX ("-": none) */
	size_t n;
	/* STATUS and DECODE: not NUL-terminated, status_len / decode_len long */
	const char *status, *decode;
	size_t status_len, decode_len;
} kmp_trace_line;

/* Parse "2026-11-21T10:00:00.123Z" (exactly that shape, a real date and
 * time) into ts.  Returns 0 or -1. */
int kmp_iso_time_parse(const char *s, size_t len, struct timespec *ts);

/* Read one line (len bytes, without its newline; a trailing CR is
 * allowed).  Returns 0, or -1 with *col (1-based) where it stops being a
 * trace line and a phrase in *why. */
int kmp_trace_line_parse(const char *line, size_t len, kmp_trace_line *out, unsigned *col,
                         const char **why);

/* Does the field (status or decode) equal / contain text? */
int kmp_trace_field_is(const char *f, size_t len, const char *text);
int kmp_trace_field_has(const char *f, size_t len, const char *text);

#endif
