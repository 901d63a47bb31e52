/* rx.c - split a received byte stream into frames and events (see rx.h). */
#include <string.h>

#include "kmp/rx.h"

void kmp_rx_init(kmp_rx *rx, kmp_rx_cb cb, void *ctx)
{
	memset(rx, 0, sizeof *rx);
	rx->cb = cb;
	rx->ctx = ctx;
}

void kmp_rx_reset(kmp_rx *rx)
{
	rx->in_frame = 0;
	rx->len = 0;
	rx->glen = 0;
}

int kmp_rx_busy(const kmp_rx *rx)
{
	return rx->in_frame;
}

static void emit(kmp_rx *rx, kmp_rx_kind kind, const uint8_t *raw, size_t n, const kmp_frame *f)
{
	kmp_rx_event ev = {kind, raw, n, f};
	if (rx->cb)
		rx->cb(rx->ctx, &ev);
}

static void flush_garbage(kmp_rx *rx)
{
	if (rx->glen) {
		emit(rx, KMP_RX_GARBAGE, rx->garbage, rx->glen, NULL);
		rx->glen = 0;
	}
}

static void flush_partial(kmp_rx *rx)
{
	if (rx->in_frame) {
		emit(rx, KMP_RX_PARTIAL, rx->buf, rx->len, NULL);
		rx->in_frame = 0;
		rx->len = 0;
	}
}

static void stray(kmp_rx *rx, uint8_t b)
{
	if (rx->glen == sizeof rx->garbage)
		flush_garbage(rx);
	rx->garbage[rx->glen++] = b;
}

static void outside_frame(kmp_rx *rx, uint8_t b)
{
	switch (b) {
	case KMP_START_REPLY:
	case KMP_START_REQUEST:
		flush_garbage(rx);
		rx->in_frame = 1;
		rx->buf[0] = b;
		rx->len = 1;
		break;
	case KMP_ACK:
		flush_garbage(rx);
		emit(rx, KMP_RX_ACK, &b, 1, NULL);
		break;
	case 0x00:
		/* A lone 00 is something meters send unprompted (protocol
		 * notes, "Physical layer"); inside a run of garbage it is
		 * just more garbage. */
		if (rx->glen) {
			stray(rx, b);
		} else {
			emit(rx, KMP_RX_ZERO, &b, 1, NULL);
		}
		break;
	default:
		stray(rx, b);
	}
}

static void inside_frame(kmp_rx *rx, uint8_t b)
{
	if (b == KMP_START_REPLY || b == KMP_START_REQUEST) {
		/* never unstuffed inside a frame: the open one was cut off */
		flush_partial(rx);
		outside_frame(rx, b);
		return;
	}
	if (rx->len == sizeof rx->buf) {
		flush_partial(rx);
		stray(rx, b);
		return;
	}
	rx->buf[rx->len++] = b;
	if (b == KMP_STOP) {
		kmp_frame_decode(rx->buf, rx->len, &rx->scratch);
		emit(rx, rx->buf[0] == KMP_START_REQUEST ? KMP_RX_ECHO : KMP_RX_FRAME, rx->buf,
		     rx->len, &rx->scratch);
		rx->in_frame = 0;
		rx->len = 0;
	}
}

void kmp_rx_feed(kmp_rx *rx, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (rx->in_frame)
			inside_frame(rx, p[i]);
		else
			outside_frame(rx, p[i]);
	}
}

void kmp_rx_flush(kmp_rx *rx)
{
	flush_garbage(rx);
	flush_partial(rx);
}
