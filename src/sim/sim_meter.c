/* sim_meter.c - the simulated meter's values: table lookup and the live
 * model behind them.
 *
 * The live model is plain integer arithmetic on the elapsed milliseconds:
 * temperatures and flow are sums of triangle waves with unrelated periods
 * (they wander without looking periodic), T1-T2 is computed from the very
 * integers sent for T1 and T2 (a reader can check it to the last digit),
 * power follows from flow and T1-T2, energy and volume grow at the mean
 * rate.  The tables (sim_regs_*.c) choose units, lengths and exponents. */
#include <string.h>

#include "kmp/tables.h"
#include "sim/sim_meter.h"
#include "sim/sim_regs.h"

/* Starting points, chosen to look like a few years of service. */
#define E1_START_J KMPSIM_E1_START_J
#define V1_START_ML KMPSIM_V1_START_ML
#define HOURS_START KMPSIM_HOURS_START
#define MEAN_POWER_W 12210 /* 420 l/h x 25 K x 1.163 Wh/(l K) */
#define MEAN_FLOW_LPH 420

void kmpsim_meter_init(kmpsim_meter *m, uint32_t serial, const kmpsim_map *map)
{
	memset(m, 0, sizeof *m);
	m->serial = serial;
	m->meter_type = KMPSIM_METER_TYPE;
	m->sw_letter = KMPSIM_SW_LETTER;
	m->sw_number = KMPSIM_SW_NUMBER;
	m->map = map;
	kmpsim_meter_add_regs(m, kmpsim_regs_default.regs, kmpsim_regs_default.n);
}

void kmpsim_meter_add_regs(kmpsim_meter *m, const kmpsim_regdef *regs, size_t n)
{
	if (m->n_sets < KMPSIM_REGSETS_MAX)
		m->sets[m->n_sets++] = (kmpsim_regset){regs, n};
}

int kmpsim_meter_set_info(kmpsim_meter *m, uint16_t id, uint32_t value)
{
	for (size_t i = 0; i < m->n_info; i++) {
		if (m->info[i].id == id) {
			m->info[i].value = value;
			return KMP_OK;
		}
	}
	if (m->n_info == KMPSIM_INFO_MAX)
		return KMP_ERR_RANGE;
	m->info[m->n_info++] = (kmpsim_info_value){id, value};
	return KMP_OK;
}

uint32_t kmpsim_meter_info(const kmpsim_meter *m, uint16_t id)
{
	for (size_t i = 0; i < m->n_info; i++)
		if (m->info[i].id == id)
			return m->info[i].value;
	return 0;
}

size_t kmpsim_meter_count(const kmpsim_meter *m)
{
	size_t n = 0;
	for (size_t s = 0; s < m->n_sets; s++)
		n += m->sets[s].n;
	return n;
}

uint16_t kmpsim_meter_id(const kmpsim_meter *m, size_t i)
{
	for (size_t s = 0; s < m->n_sets; s++) {
		if (i < m->sets[s].n)
			return m->sets[s].regs[i].id;
		i -= m->sets[s].n;
	}
	return 0;
}

size_t kmpsim_meter_builtin_count(void)
{
	return kmpsim_regs_default.n;
}

uint16_t kmpsim_meter_builtin_id(size_t i)
{
	return i < kmpsim_regs_default.n ? kmpsim_regs_default.regs[i].id : 0;
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

/* A value wandering around mean by up to amp, its periods drawn from the
 * register ID so that registers do not move in lockstep. */
static int64_t wander(int64_t t, uint16_t id, int64_t mean, int64_t amp)
{
	int64_t p1 = 180000 + (int64_t)(id * 7919u % 240000u);
	int64_t p2 = 17000 + (int64_t)(id * 104729u % 30000u);
	return mean + tri(t, p1, amp - amp / 4) + tri(t, p2, amp / 4);
}

static uint64_t share(int64_t x, int64_t per_mille)
{
	return (uint64_t)(per_mille ? x * per_mille / 1000 : x);
}

static uint64_t modulo(uint64_t x, int64_t m)
{
	return m > 0 ? x % (uint64_t)m : x;
}

static unsigned yy(const struct tm *lt)
{
	return (unsigned)(lt->tm_year % 100);
}

/* yymmdd of mmdd this year, or last year when that day is still ahead. */
static uint64_t date_in_year(const struct tm *lt, int64_t mmdd)
{
	int64_t today = (lt->tm_mon + 1) * 100 + lt->tm_mday;
	unsigned y = mmdd > today ? (yy(lt) + 99) % 100 : yy(lt);
	return (uint64_t)(y * 10000 + mmdd);
}

static uint64_t rtc_value(const struct tm *lt)
{
	/* AiMiR's layout (docs/units-and-dates.md): flags (bit 0 summer
	 * time, bit 1 valid), weekday 1 = Monday .. 7 = Sunday, ss, mm, hh,
	 * DD, MM, YY, all binary */
	uint64_t flags = 0x02u | (lt->tm_isdst > 0 ? 0x01u : 0);
	uint64_t wday = lt->tm_wday == 0 ? 7 : (uint64_t)lt->tm_wday;
	return flags << 56 | wday << 48 | (uint64_t)lt->tm_sec << 40 | (uint64_t)lt->tm_min << 32 |
	       (uint64_t)lt->tm_hour << 24 | (uint64_t)lt->tm_mday << 16 |
	       (uint64_t)(lt->tm_mon + 1) << 8 | yy(lt);
}

static uint64_t dst_time(const struct tm *lt)
{
	/* unit 79 (jktjkt/PyKMP): summer-time offset in minutes, YY MM DD
	 * hh mm ss */
	uint64_t dst = lt->tm_isdst > 0 ? 60 : 0;
	return dst << 48 | (uint64_t)yy(lt) << 40 | (uint64_t)(lt->tm_mon + 1) << 32 |
	       (uint64_t)lt->tm_mday << 24 | (uint64_t)lt->tm_hour << 16 |
	       (uint64_t)lt->tm_min << 8 | (uint64_t)lt->tm_sec;
}

static int64_t div_or_1(int64_t x, int64_t d)
{
	return d > 1 ? x / d : x;
}

static uint64_t live_value(const kmpsim_regdef *b, const kmpsim_meter *m, int64_t t,
                           const struct tm *lt)
{
	switch ((kmpsim_live)b->kind) {
	case KMPSIM_L_CONST:
		return (uint64_t)b->a;
	case KMPSIM_L_ENERGY:
		return modulo(share(energy_j(t), b->b) / (uint64_t)b->a, b->c);
	case KMPSIM_L_VOLUME:
		return modulo(share(volume_ml(t), b->b) / (uint64_t)b->a, b->c);
	case KMPSIM_L_E8:
		return (uint64_t)(volume_ml(t) / 1000000 * 65); /* mean T1 ~65 C */
	case KMPSIM_L_E9:
		return (uint64_t)(volume_ml(t) / 1000000 * 40); /* mean T2 ~40 C */
	case KMPSIM_L_FLOW:
		return (uint64_t)flow_lph(t);
	case KMPSIM_L_POWER:
		return (uint64_t)power_deci_kw(t);
	case KMPSIM_L_T1:
		return (uint64_t)div_or_1(t1_centi(t), b->a);
	case KMPSIM_L_T2:
		return (uint64_t)div_or_1(t2_centi(t), b->a);
	case KMPSIM_L_DT:
		return (uint64_t)(div_or_1(t1_centi(t), b->a) - div_or_1(t2_centi(t), b->a));
	case KMPSIM_L_CLOCK:
		return (uint64_t)(lt->tm_hour * 10000 + lt->tm_min * 100 + lt->tm_sec);
	case KMPSIM_L_DATE:
		return (uint64_t)(yy(lt) * 10000 + (unsigned)(lt->tm_mon + 1) * 100 +
		                  (unsigned)lt->tm_mday);
	case KMPSIM_L_DATE_Y:
		return date_in_year(lt, b->a);
	case KMPSIM_L_DATE_M:
		return (uint64_t)(yy(lt) * 10000 + (unsigned)(lt->tm_mon + 1) * 100 +
		                  (unsigned)(b->a < lt->tm_mday ? b->a : lt->tm_mday));
	case KMPSIM_L_HOURS:
		return (uint64_t)((b->a ? b->a : HOURS_START) + t / 3600000);
	case KMPSIM_L_SERIAL:
		return m->serial;
	case KMPSIM_L_INFO:
		return kmpsim_meter_info(m, (uint16_t)b->a);
	case KMPSIM_L_COUNTER:
		return modulo((uint64_t)(b->a + b->b * t / 3600000), b->c);
	case KMPSIM_L_WANDER:
		return (uint64_t)wander(t, b->id, b->a, b->b);
	case KMPSIM_L_RTC:
		return rtc_value(lt);
	case KMPSIM_L_DST_TIME:
		return dst_time(lt);
	case KMPSIM_L_ASCII:
	case KMPSIM_L_DECIMAL:
		break; /* not a number: read_row builds them */
	}
	return 0;
}

static int read_row(const kmpsim_regdef *b, const kmpsim_meter *m, int64_t t, const struct tm *lt,
                    kmp_value *v)
{
	if (b->kind == KMPSIM_L_ASCII) {
		size_t n = strlen(b->text);
		if (n != b->len || n > KMP_MANTISSA_MAX)
			return KMP_ERR_RANGE;
		memset(v, 0, sizeof *v);
		v->len = b->len;
		memcpy(v->mantissa, b->text, n);
		return KMP_OK;
	}
	if (b->kind == KMPSIM_L_DECIMAL)
		return kmp_value_from_text(b->text, b->len, v);
	/* every live value is non-negative and sized to fit its length */
	return kmpsim_value_int(v, b->len, live_value(b, m, t, lt), 0, b->exp);
}

const kmpsim_regdef *kmpsim_meter_regdef(const kmpsim_meter *m, uint16_t id)
{
	if (m->map)
		return NULL;
	for (size_t s = 0; s < m->n_sets; s++)
		for (size_t i = 0; i < m->sets[s].n; i++)
			if (m->sets[s].regs[i].id == id)
				return &m->sets[s].regs[i];
	return NULL;
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
	const kmpsim_regdef *b = kmpsim_meter_regdef(m, id);
	if (!b)
		return KMP_ERR_RANGE;
	*unit = b->unit;
	return read_row(b, m, elapsed_ms, local, v);
}
