/* hist_rig.h - the history engine wired to the simulator's loggers as a
 * library, for the unit tests: each exchange goes through the real request
 * encoder, the simulator's decoding and reply, and the client's decoding. */
#ifndef TESTS_HIST_RIG_H
#define TESTS_HIST_RIG_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "feature/history.h"
#include "kmp/msg.h"
#include "sim/sim_logger.h"

typedef struct rig {
	kmpsim_history sim;
	kmp_hist h;
	uint8_t addr;
	unsigned fail_every; /* every Nth exchange fails (0: none) */
	int fail_status;
	int silent_after; /* after this many exchanges nothing answers (0: never) */
	unsigned long exchanges;
	int writes_built; /* a request that is not B8 05/06/07, A1 or A2 */
	uint16_t seen[40000];
	unsigned long dup, outcomes;
	kmp_msg reply;
} rig;

/* A reading of logger (a B8 type or a module's log number) with these
 * registers (n 0: all), the last `last` records (0: all), against loggers
 * anchored at 2026-11-28 12:30. */
rig *rig_new(kmp_hist_kind kind, uint8_t logger, const uint16_t *ids, size_t n, uint32_t last);
void rig_free(rig *r);
/* One exchange: the status, the reply in r->reply when KMP_OK. */
int rig_exchange(rig *r, const kmp_request *req);
/* Run until the engine has nothing to ask, or max exchanges; counts each
 * completed record in r->seen (r->dup: reported twice). */
void run(rig *r, unsigned long max);

#endif
