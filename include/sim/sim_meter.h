/* sim_meter.h - what the simulated meter knows: its identity and registers.
 *
 * Without a map the meter is a MULTICAL 403-like heat meter with live
 * values (temperatures, flow and power that wander, energy and volume that
 * count up, clock and date from the wall clock).  With a map (--map) the
 * map replaces the whole register set with static values.
 *
 * Values are built exactly as integer mantissa + decimal exponent: never
 * through double, which would drift in the last digit.  Pure: time comes in
 * as arguments, so the tests can pin it. */
#ifndef SIM_SIM_METER_H
#define SIM_SIM_METER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/value.h"
#include "sim/sim_map.h"

/* GetType answer.  Kamstrup does not publish its type codes; 0x0034 with
 * software "K1" is a plausible MULTICAL 403 answer, not a verified one. */
#define KMPSIM_METER_TYPE 0x0034
#define KMPSIM_SW_LETTER 11 /* K */
#define KMPSIM_SW_NUMBER 1

#define KMPSIM_DEFAULT_SERIAL 67123456u

typedef struct kmpsim_meter {
	uint32_t serial;
	uint16_t meter_type;
	uint8_t sw_letter, sw_number;
	const kmpsim_map *map; /* NULL: the built-in live registers */
} kmpsim_meter;

/* Defaults above, no map. */
void kmpsim_meter_init(kmpsim_meter *m, uint32_t serial, const kmpsim_map *map);

/* Read register id.  elapsed_ms: time since the simulator started (drives
 * the live values); local: the wall-clock time for clock/date registers.
 * Returns KMP_OK and fills unit/value, or KMP_ERR_RANGE when the meter has
 * no such register (it is then left out of the reply). */
int kmpsim_meter_read(const kmpsim_meter *m, uint16_t id, int64_t elapsed_ms,
                      const struct tm *local, uint8_t *unit, kmp_value *v);

/* The IDs the built-in meter answers, in table order (for docs and tests). */
size_t kmpsim_meter_builtin_count(void);
uint16_t kmpsim_meter_builtin_id(size_t i);

/* Set v to (negative ? -1 : 1) x mantissa x 10^exp in len bytes.  Returns
 * KMP_OK, or KMP_ERR_RANGE when the mantissa does not fit len bytes or exp
 * is outside -63..63. */
int kmpsim_value_int(kmp_value *v, uint8_t len, uint64_t mantissa, int negative, int exp);

#endif
