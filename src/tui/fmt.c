/* fmt.c - shared texts of the views (see fmt.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/tables.h"
#include "tui/fmt.h"
#include "tui/widgets.h"

const char *tui_fmt_age(uint64_t now_us, uint64_t then_us, char *buf, size_t cap)
{
	if (!then_us) {
		snprintf(buf, cap, "-");
		return buf;
	}
	uint64_t s = now_us > then_us ? (now_us - then_us) / 1000000u : 0;
	if (s < 60)
		snprintf(buf, cap, "%us", (unsigned)s);
	else if (s < 3600)
		snprintf(buf, cap, "%um", (unsigned)(s / 60));
	else if (s < 86400)
		snprintf(buf, cap, "%uh", (unsigned)(s / 3600));
	else
		snprintf(buf, cap, "%ud", (unsigned)(s / 86400));
	return buf;
}

const char *tui_unit_short(const tui_model *m, uint8_t unit, char *buf, size_t cap)
{
	const char *n = m->utf8 ? kmp_unit_name(unit) : kmp_unit_name_ascii(unit);
	if (unit == 0 || unit == 51 || unit == KMP_UNIT_ASCII ||
	    (unit >= KMP_UNIT_HHMMSS && unit <= KMP_UNIT_MMDD))
		/* "no unit (number)" says nothing in a column, and clock, date
		 * and text values already show in their own form */
		snprintf(buf, cap, "%s", "");
	else if (n)
		snprintf(buf, cap, "%s", n);
	else
		snprintf(buf, cap, "unit 0x%02X", unit);
	return buf;
}

const char *tui_row_value(const tui_reg_row *row, const kmp_value *v, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (row->have_value && kmp_value_text(v, row->unit, buf, cap) < 0)
		snprintf(buf, cap, "(too long)");
	return buf;
}

int tui_row_stale(const tui_model *m, const tui_reg_row *row)
{
	return row->have_value && m->link.lost_us && row->t_us <= m->link.lost_us;
}

const char *tui_row_status(const tui_reg_row *row, int stale, char *buf, size_t cap)
{
	switch (row->state) {
	case TUI_REG_OK:
		/* in words, not only a colour: the link dropped since */
		snprintf(buf, cap, "%s", stale ? "stale" : "ok");
		break;
	case TUI_REG_MISSING:
		snprintf(buf, cap, "missing");
		break;
	case TUI_REG_ERROR:
		/* how the last read failed, in a word or two; red, and the
		 * details page has the whole sentence */
		switch (row->error) {
		case KMP_ERR_TIMEOUT:
			snprintf(buf, cap, "no answer");
			break;
		case KMP_ERR_ECHO_ONLY:
			snprintf(buf, cap, "echo only");
			break;
		case KMP_ERR_CRC:
			snprintf(buf, cap, "bad CRC");
			break;
		case KMP_ERR_PARTIAL:
			snprintf(buf, cap, "cut off");
			break;
		case KMP_ERR_GARBAGE:
			snprintf(buf, cap, "garbage");
			break;
		default:
			snprintf(buf, cap, "error");
			break;
		}
		break;
	default:
		snprintf(buf, cap, "-");
		break;
	}
	return buf;
}

const char *tui_fmt_interval(unsigned ms, char *buf, size_t cap)
{
	if (ms % 1000) {
		/* 1.5 s, 0.25 s: no trailing zeros */
		char frac[8];
		snprintf(frac, sizeof frac, "%03u", ms % 1000);
		for (int i = 2; i > 0 && frac[i] == '0'; i--)
			frac[i] = '\0';
		snprintf(buf, cap, "%u.%s s", ms / 1000, frac);
	} else if (ms >= 3600000 && ms % 3600000 == 0) {
		snprintf(buf, cap, "%u h", ms / 3600000);
	} else if (ms >= 120000 && ms % 60000 == 0) {
		snprintf(buf, cap, "%u min", ms / 60000);
	} else {
		snprintf(buf, cap, "%u s", ms / 1000);
	}
	return buf;
}

const char *tui_fmt_wait(uint64_t s, char *buf, size_t cap)
{
	unsigned long long v = (unsigned long long)s;
	if (v < 60)
		snprintf(buf, cap, "%llu s", v);
	else if (v < 600 && v % 60)
		snprintf(buf, cap, "%llu min %llu s", v / 60, v % 60);
	else if (v < 3600)
		snprintf(buf, cap, "%llu min", v / 60);
	else if (v % 3600 / 60)
		snprintf(buf, cap, "%llu h %llu min", v / 3600, v % 3600 / 60);
	else
		snprintf(buf, cap, "%llu h", v / 3600);
	return buf;
}

const char *tui_fmt_reltime(uint64_t start_us, uint64_t t_us, char *buf, size_t cap)
{
	uint64_t d = t_us > start_us ? t_us - start_us : 0;
	snprintf(buf, cap, "%llu.%03u", (unsigned long long)(d / 1000000u),
	         (unsigned)(d / 1000u % 1000u));
	return buf;
}

const char *tui_fmt_cols(const char *text, int cols, int right, char *buf, size_t cap)
{
	int used;
	size_t o = 0;
	if (!cap)
		return buf;
	buf[0] = '\0';
	if (cols <= 0)
		return buf;
	int cut = tui_text_width(text) > cols;
	size_t n = tui_text_fit(text, cut ? cols - 1 : cols, &used);
	int pad = cols - used - cut;
	/* columns, not bytes: "m³" is 3 bytes and 2 columns */
	for (; right && pad > 0 && o + 1 < cap; pad--)
		buf[o++] = ' ';
	if (o + n + 1 >= cap)
		n = cap - o - 1 < n ? cap - o - 1 : n;
	memcpy(buf + o, text, n);
	o += n;
	if (cut && o + 1 < cap)
		buf[o++] = '~';
	for (; pad > 0 && o + 1 < cap; pad--)
		buf[o++] = ' ';
	buf[o] = '\0';
	return buf;
}

void tui_stamped_file_name(const char *what, const char *ext, const struct timespec *wall,
                           char *buf, size_t cap)
{
	struct tm tm;
	time_t t = wall->tv_sec;
	char stamp[32];
	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(buf, cap, "kmpterm-%s-%s.%s", what, stamp, ext);
}
