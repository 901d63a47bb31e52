/* sim_logger.c - the simulated loggers and event status (see sim_logger.h).
 *
 * Replies follow the layouts the codec decodes (logger_msg.h) and the
 * behaviour the protocol notes describe ("Data loggers"): B8 records run
 * from the asked log ID towards the past, an offset past the oldest record
 * stops at the oldest, a reply that would be too long carries fewer
 * entries and says so; A0..A3 records run towards the present and stop
 * at MaxL bytes. */
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"
#include "kmp/value.h"
#include "sim/sim_logger.h"
#include "sim/sim_meter.h"

/* ---- the calendar (years 2000..2099, no summer time; the codec's days
 * from 2000-01-01, kmp/datetime.h) ---------------------------------------- */

static int valid_when(const kmpsim_when *w, int min_year)
{
	return w->year >= min_year && w->year <= 2099 && w->month >= 1 && w->month <= 12 &&
	       w->day >= 1 && w->day <= kmp_days_in_month(w->year, w->month) && w->hour >= 0 &&
	       w->hour <= 23 && w->minute >= 0 && w->minute <= 59 && w->second >= 0 &&
	       w->second <= 59;
}

/* n digits exactly at s. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int kmpsim_when_parse(const char *s, kmpsim_when *w)
{
	kmpsim_when t = {0};
	size_t n = strlen(s);
	if (n < 10 || digits(s, 4, &t.year) || s[4] != '-' || digits(s + 5, 2, &t.month) ||
	    s[7] != '-' || digits(s + 8, 2, &t.day))
		return KMP_ERR_BAD_INPUT;
	if (n > 10) {
		if ((s[10] != 'T' && s[10] != ' ') || n < 16 || digits(s + 11, 2, &t.hour) ||
		    s[13] != ':' || digits(s + 14, 2, &t.minute))
			return KMP_ERR_BAD_INPUT;
		if (n > 16 && (n != 19 || s[16] != ':' || digits(s + 17, 2, &t.second)))
			return KMP_ERR_BAD_INPUT;
	}
	if (!valid_when(&t, 2005))
		return KMP_ERR_BAD_INPUT;
	*w = t;
	return KMP_OK;
}

int64_t kmpsim_when_secs(const kmpsim_when *w)
{
	if (!valid_when(w, 2000))
		return -1;
	return ((int64_t)kmp_days_since_2000(w->year, w->month, w->day) * 24 + w->hour) * 3600 +
	       w->minute * 60 + w->second;
}

/* ---- the energy model ----------------------------------------------------- */

/* Share of a day's heat per hour: low at night, peaks in the morning and
 * the evening.  Sums to 110. */
static const uint8_t hour_weight[24] = {2, 2, 2, 2, 3, 5, 8, 8, 6, 5, 4, 4,
                                        4, 4, 4, 4, 5, 6, 7, 7, 6, 5, 4, 3};
#define HOUR_WEIGHT_SUM 110

/* MJ used on day n: most around mid-January, least around mid-July (day of
 * the year 196), plus up to 100 MJ either way from a hash of the day. */
static int64_t day_mj(int32_t n)
{
	int y, m, d;
	kmp_date_from_days(n, &y, &m, &d);
	int32_t doy = n - (int32_t)kmp_days_since_2000(y, 1, 1);
	int32_t from_july = doy > 196 ? doy - 196 : 196 - doy;
	uint64_t x = (uint64_t)(uint32_t)n * 0x9E3779B97F4A7C15ull;
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 32;
	return 150 + 1150 * (int64_t)from_july / 183 + (int64_t)(x % 201) - 100;
}

/* E1 in MJ relative to the installation at hour h of day n. */
static int64_t energy_rel(const kmpsim_history *h, int32_t n, int hour)
{
	int64_t part = 0;
	for (int i = 0; i < hour; i++)
		part += hour_weight[i];
	return h->cum_mj[n - h->install_day] + day_mj(n) * part / HOUR_WEIGHT_SUM;
}

/* ---- loggers -------------------------------------------------------------- */

static const uint16_t regs_long[] = {1003, 1002, 348, 60, 68, 97, 110, 99, 1004};
static const uint16_t regs_hour[] = {1003, 1002, 348, 60, 68, 99};

static void set_logger(kmpsim_logger *lg, uint8_t type, uint16_t depth, uint32_t newest,
                       const uint16_t *regs, size_t n)
{
	lg->type = type;
	lg->depth = depth;
	lg->newest = newest;
	lg->oldest = newest >= depth ? newest - depth + 1 : 1;
	lg->n_regs = n;
	memcpy(lg->regs, regs, n * sizeof regs[0]);
}

int kmpsim_history_init(kmpsim_history *h, const kmpsim_when *anchor)
{
	memset(h, 0, sizeof *h);
	if (!valid_when(anchor, 2005))
		return KMP_ERR_RANGE;
	h->anchor = *anchor;
	h->anchor_day = (int32_t)kmp_days_since_2000(anchor->year, anchor->month, anchor->day);
	h->install_day = h->anchor_day - KMPSIM_HIST_DAYS;
	for (int32_t k = 0; k <= KMPSIM_HIST_DAYS; k++)
		h->cum_mj[k + 1] = h->cum_mj[k] + day_mj(h->install_day + k);
	/* the end of the anchor's day reaches the live registers' start */
	int64_t end = h->cum_mj[KMPSIM_HIST_DAYS + 1];
	h->e0_mj = KMPSIM_E1_START_J / 1000000 - end;
	h->v0_centi = KMPSIM_V1_START_ML / 10000 - end * 100 / 150;

	int iy, im, id;
	kmp_date_from_days(h->install_day, &iy, &im, &id);
	uint32_t days = KMPSIM_HIST_DAYS;
	uint32_t hours = days * 24 + (uint32_t)anchor->hour;
	uint32_t months = (uint32_t)((anchor->year * 12 + anchor->month) - (iy * 12 + im));
	uint32_t years = (uint32_t)(anchor->year - iy);
	size_t nl = sizeof regs_long / sizeof regs_long[0];
	set_logger(&h->loggers[0], KMP_LOGGER_YEAR, 20, years, regs_long, nl);
	set_logger(&h->loggers[1], KMP_LOGGER_MONTH, 36, months, regs_long, nl);
	set_logger(&h->loggers[2], KMP_LOGGER_DAY, 460, days, regs_long, nl);
	set_logger(&h->loggers[3], KMP_LOGGER_HOUR, 1392, hours, regs_hour,
	           sizeof regs_hour / sizeof regs_hour[0]);
	/* ES2 bit 0: "interval log has unread records" (5512-447 6.3.5) */
	h->event_status[2] = 0x01;
	return KMP_OK;
}

const kmpsim_logger *kmpsim_history_logger(const kmpsim_history *h, uint8_t type)
{
	if (!h || type < KMP_LOGGER_YEAR || type > KMP_LOGGER_HOUR)
		return NULL;
	return &h->loggers[type - KMP_LOGGER_YEAR];
}

const kmpsim_logger *kmpsim_history_logger_named(const kmpsim_history *h, const char *name)
{
	for (uint8_t t = KMP_LOGGER_YEAR; t <= KMP_LOGGER_HOUR; t++)
		if (!strcmp(name, kmp_logger_type_name(t)))
			return kmpsim_history_logger(h, t);
	return NULL;
}

const kmpsim_logger *kmpsim_history_module_log(const kmpsim_history *h, uint8_t lid)
{
	static const uint8_t types[] = {KMP_LOGGER_DAY, KMP_LOGGER_HOUR, KMP_LOGGER_MONTH,
	                                KMP_LOGGER_YEAR};
	if (lid < 1 || lid > 4)
		return NULL;
	return kmpsim_history_logger(h, types[lid - 1]);
}

int kmpsim_logger_holds(const kmpsim_logger *lg, uint32_t log_id)
{
	return log_id >= lg->oldest && log_id <= lg->newest;
}

int kmpsim_logger_logs(const kmpsim_logger *lg, uint16_t reg)
{
	for (size_t i = 0; i < lg->n_regs; i++)
		if (lg->regs[i] == reg)
			return 1;
	return 0;
}

/* Day number and hour of record log_id. */
static void record_at(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t log_id,
                      int32_t *day, int *hour)
{
	int iy, im, id;
	kmp_date_from_days(h->install_day, &iy, &im, &id);
	*hour = 0;
	switch (lg->type) {
	case KMP_LOGGER_YEAR:
		*day = (int32_t)kmp_days_since_2000(iy + (int)log_id, 1, 1);
		break;
	case KMP_LOGGER_MONTH: {
		int m = iy * 12 + (im - 1) + (int)log_id;
		*day = (int32_t)kmp_days_since_2000(m / 12, m % 12 + 1, 1);
		break;
	}
	case KMP_LOGGER_DAY:
		*day = h->install_day + (int32_t)log_id;
		break;
	default:
		*day = h->install_day + (int32_t)(log_id / 24);
		*hour = (int)(log_id % 24);
		break;
	}
}

int kmpsim_history_time(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t log_id,
                        kmpsim_when *w)
{
	int32_t day;
	memset(w, 0, sizeof *w);
	if (!kmpsim_logger_holds(lg, log_id))
		return KMP_ERR_RANGE;
	record_at(h, lg, log_id, &day, &w->hour);
	kmp_date_from_days(day, &w->year, &w->month, &w->day);
	return KMP_OK;
}

/* Unit codes (reference/units.tsv). */
enum { U_GJ = 8, U_M3 = 40, U_M3C = 43, U_HOURS = 46, U_NUMBER = 51 };

int kmpsim_history_value(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t log_id,
                         uint16_t reg, uint8_t *unit, kmp_value *v)
{
	kmpsim_when w;
	if (kmpsim_history_time(h, lg, log_id, &w) != KMP_OK || !kmpsim_logger_logs(lg, reg))
		return KMP_ERR_RANGE;
	int32_t day = (int32_t)kmp_days_since_2000(w.year, w.month, w.day);
	int64_t e = energy_rel(h, day, w.hour);
	int64_t v_centi = h->v0_centi + e * 100 / 150;
	int64_t hours_back =
	        (int64_t)(h->anchor_day - day) * 24 + (int64_t)(h->anchor.hour - w.hour);
	switch (reg) {
	case 1003:
		*unit = KMP_UNIT_YYMMDD;
		return kmpsim_value_int(
		        v, 4, (uint64_t)(w.year % 100 * 10000 + w.month * 100 + w.day), 0, 0);
	case 1002:
		*unit = KMP_UNIT_HHMMSS;
		return kmpsim_value_int(v, 4, (uint64_t)(w.hour * 10000), 0, 0);
	case 348: {
		/* summer-time offset, YY MM DD hh mm ss */
		uint64_t m = (uint64_t)(w.year - 2000) << 40 | (uint64_t)w.month << 32 |
		             (uint64_t)w.day << 24 | (uint64_t)w.hour << 16;
		*unit = 79;
		return kmpsim_value_int(v, 7, m, 0, 0);
	}
	case 60:
		*unit = U_GJ;
		return kmpsim_value_int(v, 4, (uint64_t)(h->e0_mj + e), 0, -3);
	case 68:
		*unit = U_M3;
		return kmpsim_value_int(v, 4, (uint64_t)v_centi, 0, -2);
	case 97: /* mean T1 ~65 C */
		*unit = U_M3C;
		return kmpsim_value_int(v, 4, (uint64_t)(v_centi * 65 / 100), 0, 0);
	case 110: /* mean T2 ~40 C */
		*unit = U_M3C;
		return kmpsim_value_int(v, 4, (uint64_t)(v_centi * 40 / 100), 0, 0);
	case 99:
		*unit = U_NUMBER;
		return kmpsim_value_int(v, 2, 0, 0, 0);
	case 1004:
		*unit = U_HOURS;
		return kmpsim_value_int(v, 4, (uint64_t)(KMPSIM_HOURS_START - hours_back), 0, 0);
	}
	return KMP_ERR_RANGE;
}

/* ---- --dump-logger -------------------------------------------------------- */

int kmpsim_history_dump(const kmpsim_history *h, const kmpsim_logger *lg, FILE *out)
{
	fprintf(out, "{\"logger\":\"%s\",\"registers\":[", kmp_logger_type_name(lg->type));
	for (size_t i = 0; i < lg->n_regs; i++)
		fprintf(out, "%s%u", i ? "," : "", lg->regs[i]);
	fprintf(out, "],\"records\":[");
	for (uint32_t id = lg->newest; id >= lg->oldest && id > 0; id--) {
		kmpsim_when w;
		kmpsim_history_time(h, lg, id, &w);
		fprintf(out,
		        "%s\n{\"log_id\":%lu,\"time\":\"%04d-%02d-%02d "
		        "%02d:%02d:%02d\",\"values\":{",
		        id == lg->newest ? "" : ",", (unsigned long)id, w.year, w.month, w.day,
		        w.hour, w.minute, w.second);
		for (size_t i = 0; i < lg->n_regs; i++) {
			kmp_value v;
			uint8_t unit;
			char text[KMP_VALUE_TEXT_MAX];
			if (kmpsim_history_value(h, lg, id, lg->regs[i], &unit, &v) != KMP_OK ||
			    kmp_value_format(&v, text, sizeof text) < 0)
				return KMP_ERR_RANGE;
			fprintf(out, "%s\"%u\":{\"value\":\"%s\",\"unit\":%u}", i ? "," : "",
			        lg->regs[i], text, unit);
		}
		fprintf(out, "}}");
	}
	fprintf(out, "]}\n");
	fflush(out);
	return ferror(out) ? KMP_ERR_IO : KMP_OK;
}
