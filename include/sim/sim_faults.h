/* sim_faults.h - the seeded randomness behind every simulated fault.
 *
 * One PRNG (splitmix64: tiny, good enough, and identical on every
 * platform) drives all faults, so a seed reproduces the whole sequence of
 * faults for the same sequence of requests.  Draws happen in a fixed order
 * per exchange whatever faults are enabled (see sim_core.c), so turning on
 * --echo does not change which replies get dropped. */
#ifndef SIM_SIM_FAULTS_H
#define SIM_SIM_FAULTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct kmpsim_rng {
	uint64_t state;
} kmpsim_rng;

void kmpsim_rng_seed(kmpsim_rng *r, uint64_t seed);
uint64_t kmpsim_rng_next(kmpsim_rng *r);
/* Uniform in 0..n-1 (n > 0). */
uint32_t kmpsim_rng_below(kmpsim_rng *r, uint32_t n);
/* 1 with probability pct percent (0..100); always consumes one draw. */
int kmpsim_rng_pct(kmpsim_rng *r, int pct);

/* What the optical path does to one exchange, given the alignment quality
 * 0..100.  With probability quality% the light gets through (OK);
 * otherwise the failure is LOST (the request never reached the meter: no
 * reply, no busy time) with probability (100-quality)%, else one of GARBLED
 * (the meter saw bad data: no reply and the 1.6 s busy time), CORRUPT (the
 * reply arrives with a flipped bit) or TRUNCATE (the reply stops short).
 * So quality 0 is always LOST ("echo only" when the head echoes) and high
 * quality fails rarely and mostly with damaged replies. */
typedef enum kmpsim_channel {
	KMPSIM_CH_OK,
	KMPSIM_CH_LOST,
	KMPSIM_CH_GARBLED,
	KMPSIM_CH_CORRUPT,
	KMPSIM_CH_TRUNCATE,
} kmpsim_channel;

/* Always consumes two draws. */
kmpsim_channel kmpsim_channel_draw(kmpsim_rng *r, int quality);

/* Flip one random bit in one random byte strictly between the start and
 * the stop byte of frame (len >= 3), and make sure the result does not
 * contain a valid frame or an ACK anywhere (a flip can turn a byte into
 * 0D, 40 or 80 and split the frame, which is realistic, but the pieces
 * must never decode as good data).  Returns the index of the damaged byte;
 * if no flip passes the check after a few tries the frame loses its stop
 * byte instead and the result is len - 1, the new length being *len. */
size_t kmpsim_fault_corrupt(kmpsim_rng *r, uint8_t *frame, size_t *len);

/* New length for a reply cut short: 1..len-1 (the start byte stays, the
 * stop byte never arrives). */
size_t kmpsim_fault_truncate(kmpsim_rng *r, size_t len);

/* 1..4 random bytes of line noise into buf (cap >= 4); any byte value,
 * start and stop bytes included.  Returns the count. */
size_t kmpsim_fault_noise(kmpsim_rng *r, uint8_t *buf);

#endif
