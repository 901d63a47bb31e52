/* sim_uart.c - the UART line model (see sim_uart.h).
 *
 * Time runs in ticks of 1 / (2 x tx baud x rx baud) seconds, so that a
 * transmitter bit (2 x rx baud ticks), a receiver bit (2 x tx baud ticks)
 * and half a receiver bit are all whole numbers: no floating point, no
 * rounding that could make a result depend on the platform. */
#include <string.h>

#include "sim/sim_uart.h"

typedef struct wave {
	const uint8_t *in;
	size_t n;
	int64_t bit;   /* transmitter bit in ticks */
	unsigned bits; /* transmitter frame bits */
	uint8_t databits;
	char parity;
	int inverted;
	int64_t end; /* end of the burst in ticks */
} wave;

static int parity_bit(uint8_t data, uint8_t databits, char parity)
{
	unsigned ones = 0;
	for (unsigned i = 0; i < databits; i++)
		ones += (data >> i) & 1u;
	/* even parity: data plus parity bit hold an even number of ones */
	return parity == 'E' ? (int)(ones & 1u) : !(ones & 1u);
}

/* The line level at tick t. */
static int level(const wave *w, int64_t t)
{
	int v = 1; /* idle: mark */
	if (t >= 0 && t < w->end) {
		int64_t bitpos = t / w->bit;
		size_t k = (size_t)(bitpos / w->bits);
		unsigned b = (unsigned)(bitpos % w->bits);
		if (b == 0)
			v = 0; /* start bit */
		else if (b <= w->databits)
			v = (w->in[k] >> (b - 1)) & 1u;
		else if (w->parity != 'N' && b == w->databits + 1u)
			v = parity_bit(w->in[k], w->databits, w->parity);
		else
			v = 1; /* stop bits */
	}
	return w->inverted ? !v : v;
}

/* The first tick at or after t where the line is at v, or -1 if never
 * (before the burst ends; after it the line stays idle). */
static int64_t next_level(const wave *w, int64_t t, int v)
{
	if (t < 0)
		t = 0;
	while (t < w->end) {
		if (level(w, t) == v)
			return t;
		t = (t / w->bit + 1) * w->bit; /* the next bit boundary */
	}
	return level(w, t) == v ? t : -1;
}

int64_t kmpsim_uart_burst_us(const kmpsim_line *l, size_t n)
{
	if (!l->baud)
		return 0;
	return (int64_t)n * kmpsim_line_frame_bits(l) * 1000000 / l->baud;
}

size_t kmpsim_uart_transfer(const kmpsim_line *tx, const kmpsim_line *rx, int inverted,
                            const uint8_t *in, size_t n, kmpsim_uart_char *out, size_t cap)
{
	if (!tx->baud || !rx->baud || n == 0)
		return 0;
	const int64_t ticks_per_s = 2 * (int64_t)tx->baud * rx->baud;
	wave w = {
	        .in = in,
	        .n = n,
	        .bit = 2 * (int64_t)rx->baud,
	        .bits = kmpsim_line_frame_bits(tx),
	        .databits = tx->databits,
	        .parity = tx->parity,
	        .inverted = inverted,
	};
	w.end = (int64_t)n * w.bits * w.bit;
	const int64_t rbit = 2 * (int64_t)tx->baud; /* receiver bit */

	/* an inverted idle line has been 0 "forever": a break the receiver
	 * waits out until the line goes to 1 */
	int need_mark = level(&w, -1) == 0;
	int64_t from = 0;
	size_t k = 0;
	while (k < cap) {
		if (need_mark) {
			from = next_level(&w, from, 1);
			if (from < 0)
				break;
		}
		int64_t t0 = next_level(&w, from, 0);
		/* once the burst is over the line is idle: no new character */
		if (t0 < 0 || t0 >= w.end)
			break;
		if (level(&w, t0 + rbit / 2) != 0) {
			from = t0 + rbit / 2; /* a glitch, not a start bit */
			need_mark = 0;
			continue;
		}
		unsigned value = 0, ones = 0;
		for (unsigned i = 0; i < rx->databits; i++) {
			int b = level(&w, t0 + (2 * (int64_t)(i + 1) + 1) * rbit / 2);
			value |= (unsigned)b << i;
			ones += (unsigned)b;
		}
		unsigned idx = 1u + rx->databits;
		uint8_t errors = 0;
		if (rx->parity != 'N') {
			int p = level(&w, t0 + (2 * (int64_t)idx + 1) * rbit / 2);
			ones += (unsigned)p;
			if ((rx->parity == 'E') != !(ones & 1u))
				errors |= KMPSIM_UART_PARITY;
			idx++;
		}
		int64_t t_stop = t0 + (2 * (int64_t)idx + 1) * rbit / 2;
		int stop = level(&w, t_stop);
		if (!stop)
			errors |= KMPSIM_UART_FRAMING;
		if (!stop && ones == 0) {
			errors |= KMPSIM_UART_BREAK;
			value = 0;
		}
		out[k].value = (uint8_t)value;
		out[k].errors = errors;
		out[k].t_us = t_stop * 1000000 / ticks_per_s;
		k++;
		from = t_stop;
		need_mark = (errors & KMPSIM_UART_BREAK) != 0;
	}
	return k;
}
