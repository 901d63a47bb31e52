/* tui_meter.h - a meter played by a test on a pty, for the controller
 * tests: the client opens the slave side (mt->slave) as its device, and
 * the test answers on the master side, one waiting request per call, with
 * the type and serial of a 0x34 meter and the registers of its table.  It
 * counts what it was asked, and answers nothing while mt->silent.
 *     tui_meter mt;
 *     meter_open(&mt, regs, n);       cfg.link.device = mt.slave; ...
 *     each loop turn: rev = meter_serve_wait(&mt, client, 5);
 *                     kmp_client_step(client, rev, now);
 *     meter_close(&mt);
 */
#ifndef TESTS_TUI_METER_H
#define TESTS_TUI_METER_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"

/* One register the meter has: its value as text, in a mantissa of len bytes. */
typedef struct tui_meter_reg {
	uint16_t id;
	uint8_t unit, len;
	const char *text;
} tui_meter_reg;

typedef struct tui_meter {
	int master; /* -1: gone (closed, as an unplugged head) */
	char slave[128];
	int silent;  /* answer nothing */
	int corrupt; /* answer GetRegister with other values (7) and a broken CRC */
	const tui_meter_reg *regs;
	size_t n_regs;
	unsigned requests[256];         /* by CID */
	size_t last_n_ids;              /* IDs in the last GetRegister */
	size_t max_n_ids;               /* the most IDs in one GetRegister */
	unsigned long get_register_ids; /* IDs asked in all GetRegisters */
	/* 0: answer at once (tests on synthetic time); else the wire time of
	 * one byte: an answer waits, in real time, until the request's last
	 * byte would have arrived on a line of that speed (the client refuses
	 * a reply that begins earlier) */
	unsigned byte_us;
	uint8_t out[512]; /* the answer waiting for its time */
	size_t out_len;
	uint64_t out_at;
} tui_meter;

/* Open the pty and clear the counts; 0 or -1. */
int meter_open(tui_meter *mt, const tui_meter_reg *regs, size_t n_regs);
/* Answer the request waiting on the master side, if any. */
void meter_serve(tui_meter *mt);
/* meter_serve, then wait up to wait_ms (only while c is busy: the reply
 * crosses the pty; no longer than until a waiting answer is due) for c's
 * descriptor; the revents to step c with. */
short meter_serve_wait(tui_meter *mt, kmp_client *c, int wait_ms);
/* Close the master side (if still open): the client sees the line drop. */
void meter_close(tui_meter *mt);

#endif
