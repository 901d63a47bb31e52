/* sim_fixture.h - drive a simulated meter (kmpsim_core) with made-up time,
 * for the profile, line model and legacy tests: feed bytes, run the clock,
 * collect what went on the line (with when) and what the log would say. */
#ifndef TESTS_SIM_FIXTURE_H
#define TESTS_SIM_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/sim_core.h"
#include "sim/sim_meter.h"
#include "sim/sim_profile.h"

#define SIMF_MS 1000LL
#define SIMF_SEC 1000000LL
#define SIMF_T0 (1000 * SIMF_SEC)
#define SIMF_EVENTS 256
#define SIMF_OUT 16384

typedef struct simf_event {
	kmpsim_result result;
	int error;
	int garbled;
	int has_frame;
	uint8_t cid;
	char legacy[8];
	size_t reply_len;
} simf_event;

typedef struct simf {
	const kmpsim_profile *profile;
	kmpsim_meter meter;
	kmpsim_core_params p;
	kmpsim_core core;
	simf_event ev[SIMF_EVENTS];
	int n_ev;
	uint8_t out[SIMF_OUT];
	int64_t out_t[SIMF_OUT];
	size_t out_len;
} simf;

/* The core params kmpsim derives from a profile (as sim_serve.c does):
 * line settings, protocol, latency, sleep; pacing on. */
void simf_params(const kmpsim_profile *pr, kmpsim_core_params *p);

/* A fixture for profile name (NULL: default), with params p (NULL: from
 * the profile), seed 42, started at SIMF_T0.  Never NULL (fatal assert). */
simf *simf_new(const char *profile, const kmpsim_core_params *p);
void simf_free(simf *f);

void simf_feed(simf *f, int64_t t, const void *p, size_t n);
void simf_feed_hex(simf *f, int64_t t, const char *hex);
/* Run the clock to t, taking output at every deadline as the poll loop does. */
void simf_run(simf *f, int64_t t);
void simf_clear(simf *f);

/* Client settings from text ("2400 8N2"); NULL text: unknown. */
void simf_client(simf *f, const char *settings);

/* KMP replies found in the output: count, and the i-th decoded (0: ok). */
int simf_replies(const simf *f, kmp_frame *out, int max);

#endif
