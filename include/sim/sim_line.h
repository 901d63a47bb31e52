/* sim_line.h - serial line settings as kmpsim models them: speed, character
 * size, parity and stop bits ("1200 8N2").
 *
 * Both ends of the simulated line have settings: the meter's (its profile:
 * 1200 8N2 for a MULTICAL, 9600 8N1 for a 382, 300 7E2 in and 1200 7E2 out
 * for a MULTICAL 66C) and the client's (read from the pty's termios, or
 * given with --line for a TCP bridge).  sim_uart.h says what happens to the
 * bytes when they differ.  Pure, no I/O. */
#ifndef SIM_SIM_LINE_H
#define SIM_SIM_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/error.h"

/* Longest text kmpsim_line_format writes: "4000000 8N2" and its NUL. */
#define KMPSIM_LINE_TEXT_MAX 16

typedef struct kmpsim_line {
	unsigned baud;    /* 50..4000000 */
	uint8_t databits; /* 5..8 */
	char parity;      /* 'N', 'E' or 'O' */
	uint8_t stopbits; /* 1 or 2 */
} kmpsim_line;

/* "1200 8N2", also "1200,8N2", "1200:8n2" or "1200 8N2" with more spaces
 * (ser2net writes "1200n82": that order is accepted too).  Returns KMP_OK,
 * or KMP_ERR_BAD_INPUT (out untouched). */
int kmpsim_line_parse(const char *text, kmpsim_line *out);

/* "1200 8N2" into buf (KMPSIM_LINE_TEXT_MAX bytes are enough); returns buf. */
const char *kmpsim_line_format(const kmpsim_line *l, char *buf, size_t cap);

/* Bits one character takes on the wire: start + data + parity + stop. */
unsigned kmpsim_line_frame_bits(const kmpsim_line *l);

/* Every field equal. */
int kmpsim_line_equal(const kmpsim_line *a, const kmpsim_line *b);

/* Would a receiver at rx read a transmitter at tx without error?  Speed,
 * character size and parity must agree; stop bits need not: a UART
 * receiver checks only the first stop bit, so 8N1 and 8N2 read each other
 * (sim_uart.c models exactly that, this is its shortcut). */
int kmpsim_line_compatible(const kmpsim_line *tx, const kmpsim_line *rx);

#endif
