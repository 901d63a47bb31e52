/* sim_meter.h - what the simulated meter knows: its identity and registers.
 *
 * A meter's registers are tables of kmpsim_regdef (one per profile, in
 * sim_regs_*.c): each row gives the ID, the unit code, the mantissa length
 * and exponent sent, and how the value comes about (a constant, or a live
 * value: temperatures, flow and power that wander, energy and volume that
 * count up, clock and date from the wall clock).  Without --profile the
 * meter is the MULTICAL 403-like heat meter kmpsim always was.  With a map
 * (--map) the map replaces the whole register set with static values.
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

/* GetType answer of the default meter.  Kamstrup does not publish its
 * type codes; 0x0034 with software "K1" is a plausible MULTICAL 403
 * answer, not a verified one. */
#define KMPSIM_METER_TYPE 0x0034
#define KMPSIM_SW_LETTER 11 /* K */
#define KMPSIM_SW_NUMBER 1

#define KMPSIM_DEFAULT_SERIAL 67123456u

/* How a register's value comes about (the parameters a, b, c and text of
 * kmpsim_regdef mean what the comment says; unused ones are 0). */
typedef enum kmpsim_live {
	KMPSIM_L_CONST,    /* a */
	KMPSIM_L_ENERGY,   /* heat energy: a = joules per step, b = share in per mille of E1
	                    * (0: 1000), c = modulo (0: none; high-resolution registers) */
	KMPSIM_L_VOLUME,   /* V1: a = millilitres per step, b = share per mille, c = modulo */
	KMPSIM_L_E8,       /* m3 x T1 */
	KMPSIM_L_E9,       /* m3 x T2 */
	KMPSIM_L_FLOW,     /* l/h, wanders around 420 */
	KMPSIM_L_POWER,    /* tenths of a kW, from flow and T1-T2 */
	KMPSIM_L_T1,       /* hundredths of a degree, divided by a (0: 1) */
	KMPSIM_L_T2,       /* likewise */
	KMPSIM_L_DT,       /* T1 - T2 from the very integers sent, divided by a */
	KMPSIM_L_CLOCK,    /* hhmmss (unit 47) */
	KMPSIM_L_DATE,     /* yymmdd (unit 48) */
	KMPSIM_L_DATE_Y,   /* yymmdd of day a (mmdd) this year, last year if still ahead */
	KMPSIM_L_DATE_M,   /* yymmdd of day a (dd) this month, today if still ahead */
	KMPSIM_L_HOURS,    /* operating hours: a (0: 35040) + hours since start */
	KMPSIM_L_SERIAL,   /* the meter's serial number */
	KMPSIM_L_INFO,     /* the info-code value of register a (--info) */
	KMPSIM_L_COUNTER,  /* a + b per hour since start (modulo c when c > 0) */
	KMPSIM_L_WANDER,   /* around a by up to b, on periods of its own */
	KMPSIM_L_RTC,      /* unit 53: flags, weekday, ss mm hh DD MM YY (8 bytes) */
	KMPSIM_L_DST_TIME, /* unit 79: summer-time minutes, YY MM DD hh mm ss (7 bytes) */
	KMPSIM_L_ASCII,    /* unit 54: the bytes of text (len = its length) */
	KMPSIM_L_DECIMAL,  /* the exact decimal text, any length up to 16 bytes */
} kmpsim_live;

typedef struct kmpsim_regdef {
	uint16_t id;
	uint8_t unit;
	uint8_t len;
	int8_t exp;
	uint8_t kind; /* kmpsim_live */
	int64_t a, b, c;
	const char *text;
} kmpsim_regdef;

/* A meter's register tables (a profile may combine a few, e.g. its energy
 * registers in its own unit and the rest shared with a sibling). */
#define KMPSIM_REGSETS_MAX 4
typedef struct kmpsim_regset {
	const kmpsim_regdef *regs;
	size_t n;
} kmpsim_regset;

/* Info-code registers and their values (--info). */
#define KMPSIM_INFO_MAX 4
typedef struct kmpsim_info_value {
	uint16_t id;
	uint32_t value;
} kmpsim_info_value;

/* The live counters at start, chosen to look like a few years of service;
 * the loggers (sim_logger.h) lead up to them. */
#define KMPSIM_E1_START_J 1234567000000LL /* 1234.567 GJ */
#define KMPSIM_V1_START_ML 8765430000LL   /* 8765.43 m3 */
#define KMPSIM_HOURS_START 35040          /* four years */

struct kmpsim_history;

typedef struct kmpsim_meter {
	uint32_t serial;
	uint16_t meter_type;
	uint8_t sw_letter, sw_number;
	const kmpsim_map *map; /* NULL: the built-in live registers */
	kmpsim_regset sets[KMPSIM_REGSETS_MAX];
	size_t n_sets;
	kmpsim_info_value info[KMPSIM_INFO_MAX];
	size_t n_info;
	/* a second KMP address answering GetType and GetSerialNo (the 601's
	 * logger top module at 7F); 0: none */
	uint8_t module_address;
	uint16_t module_type;
	uint8_t module_sw_letter, module_sw_number;
	uint32_t module_serial;
	/* loggers and event status (sim_logger.h); NULL: none (B8, A0..A3 and
	 * 9B are then unusable data for the meter) */
	const struct kmpsim_history *history;
} kmpsim_meter;

/* The default meter: defaults above, the MULTICAL 403-like table, map as
 * given (NULL: none). */
void kmpsim_meter_init(kmpsim_meter *m, uint32_t serial, const kmpsim_map *map);

/* Add a register table (at most KMPSIM_REGSETS_MAX). */
void kmpsim_meter_add_regs(kmpsim_meter *m, const kmpsim_regdef *regs, size_t n);

/* Set the value an info-code register answers (KMPSIM_L_INFO rows read it;
 * a register not set reads 0).  Returns KMP_OK or KMP_ERR_RANGE (full). */
int kmpsim_meter_set_info(kmpsim_meter *m, uint16_t id, uint32_t value);
uint32_t kmpsim_meter_info(const kmpsim_meter *m, uint16_t id);

/* Read register id.  elapsed_ms: time since the simulator started (drives
 * the live values); local: the wall-clock time for clock/date registers.
 * Returns KMP_OK and fills unit/value, or KMP_ERR_RANGE when the meter has
 * no such register (it is then left out of the reply). */
int kmpsim_meter_read(const kmpsim_meter *m, uint16_t id, int64_t elapsed_ms,
                      const struct tm *local, uint8_t *unit, kmp_value *v);

/* The row for id in the meter's tables (NULL: none, or a map is in use). */
const kmpsim_regdef *kmpsim_meter_regdef(const kmpsim_meter *m, uint16_t id);

/* The IDs the meter's tables hold, in table order: count and i-th. */
size_t kmpsim_meter_count(const kmpsim_meter *m);
uint16_t kmpsim_meter_id(const kmpsim_meter *m, size_t i);

/* The IDs the default meter answers, in table order (for docs and tests). */
size_t kmpsim_meter_builtin_count(void);
uint16_t kmpsim_meter_builtin_id(size_t i);

/* Set v to (negative ? -1 : 1) x mantissa x 10^exp in len bytes.  Returns
 * KMP_OK, or KMP_ERR_RANGE when the mantissa does not fit len bytes or exp
 * is outside -63..63. */
int kmpsim_value_int(kmp_value *v, uint8_t len, uint64_t mantissa, int negative, int exp);

#endif
