/* rx.h - streaming receiver: bytes in arbitrary chunks -> frames and events.
 *
 * The receive side of an optical head sees the meter's replies (40..0D), the
 * head's own echo of our requests (80..0D), a lone 00 the meter sometimes
 * sends, ACK bytes (06) and noise.  The receiver splits that stream exactly
 * as the protocol allows: a raw 40 or 80 starts a frame (they never appear
 * unstuffed inside one), the first raw 0D ends it.  A start byte inside an
 * open frame cuts that frame off (reported PARTIAL) and opens a new one.
 *
 * It holds no timers: the owner calls kmp_rx_flush() when the line has been
 * quiet too long (inter-byte timeout) or at end of input, which reports an
 * open frame as PARTIAL and pending stray bytes as GARBAGE.  Pure, no I/O. */
#ifndef KMP_RX_H
#define KMP_RX_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/frame.h"

typedef enum kmp_rx_kind {
	KMP_RX_FRAME,   /* a reply frame 40..0D; frame->status says OK/CRC/STUFFING/LENGTH */
	KMP_RX_ECHO,    /* a request frame 80..0D on the receive side (head echo) */
	KMP_RX_ACK,     /* the single byte 06 outside a frame */
	KMP_RX_ZERO,    /* a lone 00 outside a frame: the meter does this; ignore it */
	KMP_RX_GARBAGE, /* a run of stray bytes outside any frame */
	KMP_RX_PARTIAL, /* a frame cut off: new start byte, flush, or over KMP_FRAME_MAX */
} kmp_rx_kind;

typedef struct kmp_rx_event {
	kmp_rx_kind kind;
	const uint8_t *raw; /* the bytes exactly as received; valid during the callback */
	size_t raw_len;
	const kmp_frame *frame; /* decoded frame for FRAME and ECHO, else NULL */
} kmp_rx_event;

typedef void (*kmp_rx_cb)(void *ctx, const kmp_rx_event *ev);

/* Garbage runs longer than this are reported in pieces. */
#define KMP_RX_GARBAGE_MAX 64

typedef struct kmp_rx {
	kmp_rx_cb cb;
	void *ctx;
	int in_frame;
	size_t len; /* bytes of the open frame */
	uint8_t buf[KMP_FRAME_MAX];
	size_t glen; /* pending stray bytes */
	uint8_t garbage[KMP_RX_GARBAGE_MAX];
	kmp_frame scratch; /* decoded frame handed to the callback */
} kmp_rx;

void kmp_rx_init(kmp_rx *rx, kmp_rx_cb cb, void *ctx);
/* Feed any number of bytes; events are delivered through the callback, in
 * stream order, before this returns. */
void kmp_rx_feed(kmp_rx *rx, const uint8_t *p, size_t n);
/* The line went quiet or the input ended: report what is pending. */
void kmp_rx_flush(kmp_rx *rx);
/* Drop pending state without reporting it (e.g. before a new request). */
void kmp_rx_reset(kmp_rx *rx);
/* Non-zero while a frame is open (a start byte seen, no stop yet). */
int kmp_rx_busy(const kmp_rx *rx);

#endif
