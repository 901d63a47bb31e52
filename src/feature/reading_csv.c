/* reading_csv.c - readings as CSV rows (see reading_csv.h). */
#include "feature/reading_csv.h"
#include "feature/csv.h"
#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/iso_time.h"
#include "kmp/tables.h"

struct timespec kmp_reading_wall_time(const kmp_reading *rd, const struct timespec *wall,
                                      uint64_t mono_us)
{
	uint64_t wall_ns = (uint64_t)wall->tv_sec * 1000000000ull + (uint64_t)wall->tv_nsec;
	uint64_t ago_ns = mono_us > rd->t_us ? (mono_us - rd->t_us) * 1000ull : 0;
	uint64_t ns = wall_ns > ago_ns ? wall_ns - ago_ns : 0;
	struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000ull),
	                      .tv_nsec = (long)(ns % 1000000000ull)};
	return ts;
}

int kmp_reading_csv_row(const kmp_reading *rd, const char *iso, char *buf, size_t cap)
{
	kmp_value_shown v;
	if (kmp_value_show(&rd->value, rd->unit, &v) != KMP_OK)
		return -1;
	const kmp_register_info *info = kmp_register_lookup(rd->id);
	kmp_csv_line l;
	kmp_csv_begin(&l, buf, cap);
	kmp_csv_put(&l, iso);
	kmp_csv_putf(&l, "%u", rd->id);
	kmp_csv_put(&l, info ? info->name : NULL);
	kmp_csv_put(&l, v.raw);
	kmp_csv_putf(&l, "%u", rd->unit);
	kmp_csv_put(&l, kmp_unit_name(rd->unit));
	kmp_csv_put(&l, v.text);
	return kmp_csv_end(&l);
}

int kmp_reading_csv_rows(const kmp_reader *rd, const struct timespec *wall, uint64_t mono_us,
                         char *buf, size_t cap, size_t *len)
{
	size_t o = *len;
	int rows = 0;
	for (size_t i = 0; i < rd->n; i++) {
		const kmp_reading *x = &rd->readings[i];
		if (x->state != KMP_READING_OK)
			continue;
		char iso[KMP_ISO_TIME_MAX];
		struct timespec ts = kmp_reading_wall_time(x, wall, mono_us);
		if (o >= cap)
			return -1;
		int n = kmp_reading_csv_row(x, kmp_iso_time(&ts, iso, sizeof iso), buf + o,
		                            cap - o);
		if (n < 0) {
			/* a value that cannot be shown has no row; one that does
			 * not fit fails the whole round */
			kmp_value_shown v;
			if (kmp_value_show(&x->value, x->unit, &v) != KMP_OK)
				continue;
			return -1;
		}
		o += (size_t)n;
		rows++;
	}
	*len = o;
	return rows;
}
