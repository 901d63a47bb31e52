/* sim_meter.c - the built-in MULTICAL 403-like register set and map lookup.
 *
 * The live model is plain integer arithmetic on the elapsed milliseconds:
 * temperatures and flow are sums of triangle waves with unrelated periods
 * (they wander without looking periodic), T1-T2 is computed from the very
 * integers sent for T1 and T2 (a reader can check it to the last digit),
 * power follows from flow and T1-T2, energy and volume grow at the mean
 * rate.  Mantissa lengths follow the MULTICAL 40x captures in the protocol
 * notes: 2 bytes for temperatures, flow and power, 4 for energy, volume,
 * counters, clock and date. */
#include <string.h>

#include "kmp/tables.h"
#include "sim/sim_meter.h"

/* Unit codes (reference/units.tsv). */
enum {
	U_NUMBER = 51,
	U_KWH = 2,
	U_GJ = 8,
	U_KW = 22,
	U_C = 37,
	U_K = 38,
	U_M3 = 40,
	U_LPH = 41,
	U_M3C = 43,
	U_HOURS = 46,
};

/* Starting points, chosen to look like a few years of service. */
#define E1_START_J 1234567000000LL /* 1234.567 GJ */
#define V1_START_ML 8765430000LL   /* 8765.43 m3 */
#define HOURS_START 35040          /* four years */
#define MEAN_POWER_W 12210         /* 420 l/h x 25 K x 1.163 Wh/(l K) */
#define MEAN_FLOW_LPH 420

typedef enum live {
	L_CONST,
	L_E1,
	L_E1_HIRES,
	L_V1,
	L_V1_HIRES,
	L_E8,
	L_E9,
	L_FLOW,
	L_POWER,
	L_T1,
	L_T2,
	L_DT,
	L_CLOCK,
	L_DATE,
	L_MONTH_START,
	L_HOURS,
	L_SERIAL,
} live;

typedef struct builtin {
	uint16_t id;
	uint8_t unit;
	uint8_t len;
	int8_t exp;
	live kind;
	uint32_t value; /* for L_CONST */
} builtin;

static const builtin table[] = {
        {60, U_GJ, 4, -3, L_E1, 0},               /* heat energy E1 */
        {63, U_GJ, 4, -3, L_CONST, 0},            /* cooling energy E3: a heating-only site */
        {68, U_M3, 4, -2, L_V1, 0},               /* volume V1 */
        {74, U_LPH, 2, 0, L_FLOW, 0},             /* actual flow */
        {80, U_KW, 2, -1, L_POWER, 0},            /* actual power */
        {86, U_C, 2, -2, L_T1, 0},                /* T1 flow temperature */
        {87, U_C, 2, -2, L_T2, 0},                /* T2 return temperature */
        {89, U_K, 2, -2, L_DT, 0},                /* T1-T2 */
        {97, U_M3C, 4, 0, L_E8, 0},               /* E8 = sum of m3 x T1 */
        {99, U_NUMBER, 2, 0, L_CONST, 0},         /* info code: 0 = no fault */
        {110, U_M3C, 4, 0, L_E9, 0},              /* E9 = sum of m3 x T2 */
        {113, U_NUMBER, 2, 0, L_CONST, 3},        /* info-event counter */
        {138, 48, 4, 0, L_MONTH_START, 0},        /* max flow date, month */
        {139, U_LPH, 2, 0, L_CONST, 612},         /* max flow, month */
        {146, U_C, 2, -2, L_CONST, 6412},         /* average T1, year */
        {147, U_C, 2, -2, L_CONST, 3987},         /* average T2, year */
        {152, U_NUMBER, 4, 0, L_CONST, 10100300}, /* program number */
        {153, U_NUMBER, 4, 0, L_CONST, 41911},    /* config DDDEE */
        {168, U_NUMBER, 4, 0, L_CONST, 520010},   /* config FFGGMN */
        {175, U_HOURS, 4, 0, L_CONST, 17},        /* error hour counter */
        {239, U_M3, 4, -3, L_V1_HIRES, 0},        /* V1 high resolution */
        {266, U_KWH, 4, -3, L_E1_HIRES, 0},       /* E1 high resolution, Wh steps */
        {1001, U_NUMBER, 4, 0, L_SERIAL, 0},      /* serial number */
        {1002, KMP_UNIT_HHMMSS, 4, 0, L_CLOCK, 0},
        {1003, KMP_UNIT_YYMMDD, 4, 0, L_DATE, 0},
        {1004, U_HOURS, 4, 0, L_HOURS, 0},         /* operating hours */
        {1005, U_NUMBER, 2, 0, L_CONST, 10501},    /* software edition */
        {1010, U_NUMBER, 4, 0, L_CONST, 12345678}, /* customer number, low digits */
};

#define N_BUILTIN (sizeof table / sizeof table[0])

void kmpsim_meter_init(kmpsim_meter *m, uint32_t serial, const kmpsim_map *map)
{
	memset(m, 0, sizeof *m);
	m->serial = serial;
	m->meter_type = KMPSIM_METER_TYPE;
	m->sw_letter = KMPSIM_SW_LETTER;
	m->sw_number = KMPSIM_SW_NUMBER;
	m->map = map;
}

size_t kmpsim_meter_builtin_count(void)
{
	return N_BUILTIN;
}

uint16_t kmpsim_meter_builtin_id(size_t i)
{
	return i < N_BUILTIN ? table[i].id : 0;
}

int kmpsim_value_int(kmp_value *v, uint8_t len, uint64_t mantissa, int negative, int exp)
{
	if (len == 0 || len > KMP_MANTISSA_MAX || exp < -63 || exp > 63)
		return KMP_ERR_RANGE;
	if (len < 8 && mantissa >> (8 * len))
		return KMP_ERR_RANGE;
	memset(v, 0, sizeof *v);
	v->len = len;
	v->sign_exp =
	        (uint8_t)((negative ? 0x80 : 0) | (exp < 0 ? 0x40 : 0) | (exp < 0 ? -exp : exp));
	for (int i = len - 1; i >= 0 && mantissa; i--, mantissa >>= 8)
		v->mantissa[i] = (uint8_t)mantissa;
	return KMP_OK;
}

/* Triangle wave in -amp..amp with the given period. */
static int64_t tri(int64_t t_ms, int64_t period_ms, int64_t amp)
{
	int64_t ph = t_ms % period_ms;
	int64_t x = ph * 4 * amp / period_ms; /* 0 .. 4 amp */
	if (x < amp)
		return x;
	if (x < 3 * amp)
		return 2 * amp - x;
	return x - 4 * amp;
}

/* Hundredths of a degree. */
static int64_t t1_centi(int64_t t)
{
	return 6500 + tri(t, 420000, 150) + tri(t, 53000, 20);
}
static int64_t t2_centi(int64_t t)
{
	return 4000 + tri(t, 660000, 120) + tri(t, 37000, 15);
}

static int64_t flow_lph(int64_t t)
{
	return MEAN_FLOW_LPH + tri(t, 300000, 60) + tri(t, 23000, 7);
}

/* Tenths of a kW: q[l/h] x dT[K] x 1.163 Wh/(l K), all in integers. */
static int64_t power_deci_kw(int64_t t)
{
	return flow_lph(t) * (t1_centi(t) - t2_centi(t)) * 1163 / 10000000;
}

static int64_t energy_j(int64_t t)
{
	return E1_START_J + t * MEAN_POWER_W / 1000;
}

static int64_t volume_ml(int64_t t)
{
	return V1_START_ML + t * MEAN_FLOW_LPH / 3600;
}

static uint64_t live_value(const builtin *b, const kmpsim_meter *m, int64_t t, const struct tm *lt)
{
	switch (b->kind) {
	case L_CONST:
		return b->value;
	case L_E1:
		return (uint64_t)(energy_j(t) / 1000000); /* MJ = 0.001 GJ */
	/* "most significant digits truncated" (registers.tsv): Wh modulo 10^8 */
	case L_E1_HIRES:
		return (uint64_t)(energy_j(t) / 3600 % 100000000);
	case L_V1:
		return (uint64_t)(volume_ml(t) / 10000); /* 0.01 m3 */
	case L_V1_HIRES:
		return (uint64_t)(volume_ml(t) / 1000 % 100000000); /* litres */
	case L_E8:
		return (uint64_t)(volume_ml(t) / 1000000 * 65); /* mean T1 ~65 C */
	case L_E9:
		return (uint64_t)(volume_ml(t) / 1000000 * 40); /* mean T2 ~40 C */
	case L_FLOW:
		return (uint64_t)flow_lph(t);
	case L_POWER:
		return (uint64_t)power_deci_kw(t);
	case L_T1:
		return (uint64_t)t1_centi(t);
	case L_T2:
		return (uint64_t)t2_centi(t);
	case L_DT:
		return (uint64_t)(t1_centi(t) - t2_centi(t));
	case L_CLOCK:
		return (uint64_t)(lt->tm_hour * 10000 + lt->tm_min * 100 + lt->tm_sec);
	case L_DATE:
		return (uint64_t)((lt->tm_year % 100) * 10000 + (lt->tm_mon + 1) * 100 +
		                  lt->tm_mday);
	case L_MONTH_START:
		return (uint64_t)((lt->tm_year % 100) * 10000 + (lt->tm_mon + 1) * 100 + 1);
	case L_HOURS:
		return (uint64_t)(HOURS_START + t / 3600000);
	case L_SERIAL:
		return m->serial;
	}
	return 0;
}

int kmpsim_meter_read(const kmpsim_meter *m, uint16_t id, int64_t elapsed_ms,
                      const struct tm *local, uint8_t *unit, kmp_value *v)
{
	if (m->map) {
		const kmpsim_reg *r = kmpsim_map_find(m->map, id);
		if (!r)
			return KMP_ERR_RANGE;
		*unit = r->unit;
		*v = r->value;
		return KMP_OK;
	}
	if (elapsed_ms < 0)
		elapsed_ms = 0;
	for (size_t i = 0; i < N_BUILTIN; i++) {
		const builtin *b = &table[i];
		if (b->id != id)
			continue;
		*unit = b->unit;
		/* every live value is non-negative and sized to fit its length */
		return kmpsim_value_int(v, b->len, live_value(b, m, elapsed_ms, local), 0, b->exp);
	}
	return KMP_ERR_RANGE;
}
