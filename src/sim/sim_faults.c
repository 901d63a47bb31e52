/* sim_faults.c - seeded PRNG and the ways a reply gets damaged. */
#include <string.h>

#include "kmp/frame.h"
#include "kmp/rx.h"
#include "sim/sim_faults.h"

void kmpsim_rng_seed(kmpsim_rng *r, uint64_t seed)
{
	r->state = seed;
}

/* splitmix64 (Steele, Lea, Flood 2014): every seed, 0 included, gives a
 * full-period sequence. */
uint64_t kmpsim_rng_next(kmpsim_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint32_t kmpsim_rng_below(kmpsim_rng *r, uint32_t n)
{
	/* multiply-shift: no modulo bias worth mentioning for n << 2^32 */
	return (uint32_t)(((kmpsim_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int kmpsim_rng_pct(kmpsim_rng *r, int pct)
{
	uint32_t u = kmpsim_rng_below(r, 100);
	return (int)u < pct;
}

kmpsim_channel kmpsim_channel_draw(kmpsim_rng *r, int quality)
{
	uint32_t u = kmpsim_rng_below(r, 100);
	uint32_t how = kmpsim_rng_below(r, 100);
	if (quality >= 100 || (int)u < quality)
		return KMPSIM_CH_OK;
	if (quality <= 0 || (int)how < 100 - quality)
		return KMPSIM_CH_LOST;
	switch (how % 3) {
	case 0:
		return KMPSIM_CH_GARBLED;
	case 1:
		return KMPSIM_CH_CORRUPT;
	default:
		return KMPSIM_CH_TRUNCATE;
	}
}

static void spot_valid(void *ctx, const kmp_rx_event *ev)
{
	int *valid = ctx;
	if (ev->kind == KMP_RX_ACK)
		*valid = 1;
	if ((ev->kind == KMP_RX_FRAME || ev->kind == KMP_RX_ECHO) && ev->frame->status == 0)
		*valid = 1;
}

/* Does anything in p decode as a good frame or an ACK? */
static int has_valid(const uint8_t *p, size_t n)
{
	kmp_rx rx;
	int valid = 0;
	kmp_rx_init(&rx, spot_valid, &valid);
	kmp_rx_feed(&rx, p, n);
	kmp_rx_flush(&rx);
	return valid;
}

size_t kmpsim_fault_corrupt(kmpsim_rng *r, uint8_t *frame, size_t *len)
{
	/* A single flip inside the CRC-covered bytes cannot keep CRC-16 valid,
	 * but one that creates or destroys a 1B escape shifts the data, and
	 * one that creates 0D/40/80 splits the frame: those pieces could, with
	 * probability about 2^-16, pass.  Check and draw again. */
	for (int tries = 0; tries < 16 && *len >= 3; tries++) {
		size_t i = 1 + kmpsim_rng_below(r, (uint32_t)(*len - 2));
		uint8_t bit = (uint8_t)(1u << kmpsim_rng_below(r, 8));
		frame[i] ^= bit;
		if (!has_valid(frame, *len))
			return i;
		frame[i] ^= bit;
	}
	(*len)--;
	return *len;
}

size_t kmpsim_fault_truncate(kmpsim_rng *r, size_t len)
{
	if (len < 2)
		return len;
	return 1 + kmpsim_rng_below(r, (uint32_t)(len - 1));
}

size_t kmpsim_fault_noise(kmpsim_rng *r, uint8_t *buf)
{
	size_t n = 1 + kmpsim_rng_below(r, 4);
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)kmpsim_rng_below(r, 256);
	return n;
}
