/* sim_uart.h - what a UART receiver makes of characters sent at other line
 * settings: the simulator's model of "wrong speed, wrong framing, inverted
 * head".
 *
 * The transmitter puts n characters on the line back to back (as a UART
 * empties its buffer): each is a start bit (0), the data bits LSB first,
 * the parity bit if any, and the stop bits (1); the idle line is 1.  An
 * inverted head flips every level, the idle line included (an idle line
 * at 0 is a break).  The receiver is a textbook UART:
 *   - it waits for the line to be 0 (after a break: for a 1 first), and
 *     takes that moment as the start bit's leading edge;
 *   - it samples the middle of the start bit (1 there: a false start, it
 *     waits again), of every data bit, the parity bit and the first stop
 *     bit, at its own speed;
 *   - a 0 in the stop bit is a framing error, a wrong parity bit a parity
 *     error, all samples 0 a break (delivered as value 0);
 *   - it then looks for the next start bit from the middle of that stop
 *     bit (so a second stop bit is never checked: 8N1 and 8N2 read each
 *     other, as real UARTs do).
 * The received value is the data bits sampled (the receiver's size: a 7-bit
 * receiver delivers 0..127), with error flags.  What becomes of a byte
 * with an error is the receiving end's business: a Linux tty in raw mode
 * (no INPCK) delivers it as sampled; the simulated meter discards it.
 * The model is deterministic: the same bytes at the same settings always
 * give the same result.  Pure, no I/O. */
#ifndef SIM_SIM_UART_H
#define SIM_SIM_UART_H

#include <stddef.h>
#include <stdint.h>

#include "sim/sim_line.h"

enum {
	KMPSIM_UART_FRAMING = 1, /* the stop bit was 0 */
	KMPSIM_UART_PARITY = 2,  /* the parity bit did not match */
	KMPSIM_UART_BREAK = 4,   /* every sample 0 */
};

typedef struct kmpsim_uart_char {
	uint8_t value;  /* data bits as sampled */
	uint8_t errors; /* KMPSIM_UART_* */
	int64_t t_us;   /* when the receiver has it (middle of its stop bit), from the
	                 * start of the transmitter's first start bit */
} kmpsim_uart_char;

/* What a receiver at rx makes of n characters sent back to back at tx
 * (inverted: through an inverted head).  Writes at most cap characters to
 * out and returns how many it wrote; the line is idle before and after the
 * burst, and a character the receiver started during the burst is
 * completed from the idle line. */
size_t kmpsim_uart_transfer(const kmpsim_line *tx, const kmpsim_line *rx, int inverted,
                            const uint8_t *in, size_t n, kmpsim_uart_char *out, size_t cap);

/* Microseconds n characters take at these settings (n x frame bits / baud). */
int64_t kmpsim_uart_burst_us(const kmpsim_line *l, size_t n);

#endif
