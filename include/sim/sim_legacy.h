/* sim_legacy.h - the MULTICAL 66C's ASCII protocol, as the simulator plays
 * it (the meter's side; pure, no I/O).
 *
 * From the vendor's technical description 5511-634, section 4: a request
 * is "/#" and one character ("/#1" standard data 1, "/#2" standard data 2,
 * up to /#9, /#B, /#C, /#D, /#J), sent at 300 baud 7E2 (the vendor's
 * example program sends no line end); the meter answers at 1200 baud 7E2
 * with fields of ASCII digits separated by a space, the line ended by CR,
 * without units or decimal points (their places follow the configuration
 * code, the CCC table).
 *   "/#1": E1-E2, volume 1, operating hours, T1, T2, T1-T2, power 1,
 *          flow 1, peak power (actual), info          (7 digits each)
 *   "/#2": customer number (11 digits), TA2, TL2, TA3, TL3, In-A, In-B,
 *          ABCCC, DDEFFGG, date                        (7 digits each)
 * The simulator answers /#1 and /#2; the other requests are logged and
 * ignored.  A 66C does not speak KMP: KMP frames get no answer. */
#ifndef SIM_SIM_LEGACY_H
#define SIM_SIM_LEGACY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sim/sim_meter.h"

/* Longest answer: 10 fields of up to 11 digits, spaces and CR. */
#define KMPSIM_LEGACY_REPLY_MAX 128
/* Input kept while looking for a request (longer garbage is cut into
 * pieces of this size). */
#define KMPSIM_LEGACY_JUNK_MAX 256

/* The request scanner: feed the characters the meter's receiver got, one
 * at a time. */
typedef struct kmpsim_legacy_rx {
	int state; /* 0 idle, 1 after '/', 2 after "/#" */
	uint8_t buf[KMPSIM_LEGACY_JUNK_MAX];
	size_t len; /* bytes in buf: junk, or the request being read */
} kmpsim_legacy_rx;

typedef enum kmpsim_legacy_what {
	KMPSIM_LEGACY_NOTHING, /* keep feeding */
	KMPSIM_LEGACY_JUNK,    /* raw, n: input that is no request */
	KMPSIM_LEGACY_REQUEST, /* raw, n: "/#X"; code: 'X' */
} kmpsim_legacy_what;

void kmpsim_legacy_rx_init(kmpsim_legacy_rx *r);

/* Feed one byte.  Up to two things complete per byte (junk before a '/'
 * and nothing else, or a request): the callback gets each, in order. */
typedef void (*kmpsim_legacy_cb)(void *ctx, kmpsim_legacy_what what, const uint8_t *raw, size_t n,
                                 char code);
void kmpsim_legacy_rx_feed(kmpsim_legacy_rx *r, uint8_t b, kmpsim_legacy_cb cb, void *ctx);
/* The line went quiet: whatever was collected is junk (a cut-off request
 * included). */
void kmpsim_legacy_rx_flush(kmpsim_legacy_rx *r, kmpsim_legacy_cb cb, void *ctx);
int kmpsim_legacy_rx_busy(const kmpsim_legacy_rx *r);

/* The name of a request as logged: "/#1". */
const char *kmpsim_legacy_name(char code);

/* The answer to request code ('1' or '2') from the meter's registers (the
 * 66C table in sim_regs_heat.c names them), ended by CR.  Returns its
 * length, or 0 when the simulator does not answer that request. */
size_t kmpsim_legacy_reply(const kmpsim_meter *m, char code, int64_t elapsed_ms,
                           const struct tm *local, uint8_t *out, size_t cap);

#endif
