/* paste.h - frames as people paste them, back into bytes.
 *
 * Every line is read on its own (with a little state for the forms that
 * span lines) and recognised by its shape:
 *
 *   kmpterm --log     2026-11-21T10:00:00.012Z<TAB>TX<TAB>80 3F ...<TAB>...
 *   ESPHome uart      [12:00:01][D][uart_debug:114]: <<< 40:3F:10:...
 *                     (or its string form: <<< "@?\x10...")
 *   PyKMP -vv         DEBUG:pykmp.client:Request encoded: 803F0235E90D
 *                     DEBUG:pykmp.client:Received bytes on serial: '403F02...'
 *   socat -x [-v]     > 2026/11/29 12:00:01.123456  length=6 from=0 to=5
 *                      80 3f 02 35 e9 0d
 *   xxd               00000000: 803f 0235 e90d                 .?.5..
 *   hexdump -C        00000000  80 3f 02 35 e9 0d  |.?.5..|   ('*' repeats)
 *   C escapes         \x80\x3f\x02  or  "\x80?\x025\xe9\r"
 *   Python bytes      b'\x80?\x025\xe9\r'  (also inside a log line)
 *   Python list       [0x80, 0x3f, 0x02]  or  [128, 63, 2]
 *   plain hex         803F0235E90D, 80 3F 02, 80:3F:02, 0x80,0x3F, 80-3F
 *
 * Directions come from the paste where it says them: ESPHome's <<< (RX)
 * and >>> (TX), socat's > (TX: left to right) and < (RX), a leading TX or
 * RX (or >>>, <<<, >, <) before any form, the --log file's DIR column
 * (TX; RX, ECHO and the rest are the receive side), PyKMP's "Request
 * encoded" (TX) and "Received bytes" (RX).
 *
 * Colour codes (ESC [ ... m) of a log copied from a terminal are dropped
 * first.  A line that is none of these is reported with its column, and
 * the rest goes on.  Lines of a log that carry no bytes (other ESPHome or PyKMP
 * messages, TIMEOUT and LINK lines of a --log file, socat's "--") are
 * skipped and counted.  Pure: no I/O, no allocation beyond one line's
 * bytes. */
#ifndef KMP_PASTE_H
#define KMP_PASTE_H

#include <stddef.h>
#include <stdint.h>

typedef enum kmp_side {
	KMP_SIDE_UNKNOWN = 0, /* the paste does not say */
	KMP_SIDE_TX,          /* sent to the meter */
	KMP_SIDE_RX,          /* received from the line */
} kmp_side;

/* "TX", "RX", or NULL for KMP_SIDE_UNKNOWN. */
const char *kmp_side_name(kmp_side s);

typedef struct kmp_paste_chunk {
	kmp_side side;
	unsigned line;    /* 1-based line of the input */
	const char *time; /* as the paste gives it ("" none) */
	const char *form; /* "kmpterm log", "esphome", "pykmp", "socat", "xxd",
	                   * "hexdump -C", "escapes", "python bytes", "python list",
	                   * "hex" */
	const char *dir;  /* a --log line's DIR column ("ECHO", ...), else NULL */
	int whole;        /* the chunk is one whole event (a --log line) */
	const uint8_t *bytes;
	size_t n;
} kmp_paste_chunk;

typedef struct kmp_paste_cb {
	void (*chunk)(void *ctx, const kmp_paste_chunk *c);
	/* a line that could not be read: 1-based line and column, one phrase */
	void (*error)(void *ctx, unsigned line, unsigned col, const char *msg);
	void *ctx;
} kmp_paste_cb;

typedef struct kmp_paste_stats {
	unsigned lines;   /* lines read */
	unsigned chunks;  /* lines that gave bytes */
	unsigned skipped; /* log lines without bytes */
	unsigned errors;  /* lines reported unreadable */
} kmp_paste_stats;

/* Read text (len bytes; NULs are errors) line by line; first_line numbers
 * the first one (a caller gluing arguments passes its own count).  Returns
 * 0, or -1 when memory for one line's bytes could not be had. */
int kmp_paste_parse(const char *text, size_t len, unsigned first_line, const kmp_paste_cb *cb,
                    kmp_paste_stats *st);

#endif
