/* trace_fmt.h - the text form of client events, shared by --log and the
 * trace view's `w` (documented in docs/trace-format.md).
 *
 *   TIME<TAB>DIR<TAB>HEX<TAB>STATUS<TAB>DECODE
 *
 * TIME is UTC ISO-8601 with milliseconds; DIR is TX, RX, ECHO, ACK, ZERO,
 * GARBAGE, PARTIAL, TIMEOUT or LINK; HEX the bytes as on the wire ("-" when
 * none); STATUS "CRC OK", "CRC BAD got XXXX want YYYY", "STUFFING",
 * "LENGTH", "FRAMING", "GARBAGE n bytes", "PARTIAL", "TIMEOUT", "ECHO ONLY",
 * "UP", "DOWN", "RAW" (a raw payload: not a KMP frame); DECODE a one-line
 * decode, for bytes that read as text (a bridge's message, a legacy
 * meter's answer) the text in quotes. */
#ifndef CLIENT_TRACE_FMT_H
#define CLIENT_TRACE_FMT_H

#include <stddef.h>

#include "client/client.h"
#include "kmp/iso_time.h" /* kmp_iso_time: the TIME column */

/* Short direction tag of an event ("TX", "RX", "ECHO", ...). */
const char *kmp_event_dir(const kmp_event *ev);
/* The STATUS column. */
const char *kmp_event_status(const kmp_event *ev, char *buf, size_t cap);
/* The DECODE column. */
const char *kmp_event_decode(const kmp_event *ev, int ascii, char *buf, size_t cap);
/* Bytes as quoted text: printable ASCII as it is, \r \n \t, the rest as
 * \xNN; cut with "..." to fit cap.  Returns buf. */
const char *kmp_bytes_quoted(const uint8_t *p, size_t n, char *buf, size_t cap);
/* 1 when n bytes read as text: at least 3, and all but one in 16 of them
 * printable ASCII, CR, LF or TAB (a message, a legacy meter's digits);
 * bytes at the wrong speed or from an inverted head are not. */
int kmp_bytes_textlike(const uint8_t *p, size_t n);

/* The whole line, without newline. */
const char *kmp_event_line(const kmp_event *ev, char *buf, size_t cap);

#endif
