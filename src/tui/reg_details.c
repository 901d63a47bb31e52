/* reg_details.c - Enter in view 1: one register taken apart (the record
 * bytes as received, sign and exponent, mantissa, unit code), the flags an
 * info register's value sets (issue 13), and a chart of its values over
 * the session on a time axis (issue 14). */
#include <stdio.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/family.h"
#include "kmp/infocodes.h"
#include "kmp/tables.h"
#include "tui/chart.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/view_parts.h"
#include "tui/widgets.h"

#define LABEL_W 11

static void label(const tui_model *m, WINDOW *w, int y, const char *text)
{
	tui_put(w, y, 1, LABEL_W, text, tui_attr(m, TUI_ROLE_HEAD) & ~A_UNDERLINE, 1, 0);
}

static void draw_record(const tui_model *m, WINDOW *w, int y, const tui_reg_row *row)
{
	char hex[3 * sizeof row->record + 8];
	int x = 1 + LABEL_W;
	label(m, w, y, "Record");
	tui_put(w, y, x, getmaxx(w) - x, kmp_hex(row->record, row->record_len, hex, sizeof hex),
	        A_BOLD, 0, 0);
	/* name the fields under their bytes: ID(2) UNIT LEN SIGN_EXP MANTISSA */
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	tui_put(w, y + 1, x, 5, "id", dim, 0, 0);
	tui_put(w, y + 1, x + 6, 2, "un", dim, 0, 0);
	tui_put(w, y + 1, x + 9, 2, "ln", dim, 0, 0);
	tui_put(w, y + 1, x + 12, 2, "se", dim, 0, 0);
	tui_put(w, y + 1, x + 15, 20, "mantissa", dim, 0, 0);
}

static void draw_fields(const tui_model *m, WINDOW *w, int y, const tui_reg_row *row)
{
	char buf[KMP_VALUE_TEXT_MAX], hex[3 * KMP_MANTISSA_MAX + 8];
	const kmp_value *v = &row->value;
	const char *uname = m->utf8 ? kmp_unit_name(row->unit) : kmp_unit_name_ascii(row->unit);
	int x = 1 + LABEL_W;

	label(m, w, y, "Unit");
	tui_printf(w, y, x, A_NORMAL, "code %u (0x%02X): %s", row->unit, row->unit,
	           uname ? uname : "not in the unit table");

	label(m, w, y + 1, "Sign/exp");
	tui_printf(w, y + 1, x, A_NORMAL, "0x%02X: value %s, exponent %s%d (x 10^%d)", v->sign_exp,
	           kmp_value_negative(v) ? "negative" : "positive",
	           kmp_value_exponent(v) < 0 ? "" : "+", kmp_value_exponent(v),
	           kmp_value_exponent(v));

	/* the mantissa as an integer: the same bytes with exponent 0 */
	kmp_value mant = *v;
	mant.sign_exp = 0;
	if (kmp_value_format(&mant, buf, sizeof buf) < 0)
		snprintf(buf, sizeof buf, "(too long)");
	label(m, w, y + 2, "Mantissa");
	tui_printf(w, y + 2, x, A_NORMAL, "%u byte%s: %s = %s", v->len, v->len == 1 ? "" : "s",
	           kmp_hex(v->mantissa, v->len, hex, sizeof hex), buf);
}

/* The registers some family keeps flags in (info code, info bits,
 * battery days): worth a line even when the family is not known. */
static int maybe_info(uint16_t id)
{
	for (int f = 1; f < KMP_FAMILY_COUNT; f++)
		if (kmp_info_register((kmp_family)f, id))
			return 1;
	return 0;
}

/* Issue 13: an info register's value as the flags it sets, one a line
 * from row y, at most `rows` lines.  Returns the rows used (0: not an
 * info register). */
static int draw_flags(const tui_model *m, WINDOW *w, int y, int rows, const tui_reg_row *row)
{
	kmp_family fam = (kmp_family)tui_meter_family(m);
	int x = 1 + LABEL_W, width = getmaxx(w) - x - 1;
	if (rows < 1 || !maybe_info(row->id))
		return 0;
	label(m, w, y, "Flags");
	if (!kmp_info_register(fam, row->id)) {
		tui_printf(
		        w, y, x, tui_attr(m, TUI_ROLE_DIM),
		        fam == KMP_FAMILY_UNKNOWN
		                ? "meter family not known: start with --family (e.g. multical403)"
		                : "this family keeps no flags in this register");
		return 1;
	}
	kmp_flag f[KMP_FLAGS_MAX];
	int n = kmp_info_flags(fam, row->id, &row->value, f, KMP_FLAGS_MAX);
	if (n < 0) {
		tui_printf(w, y, x, tui_attr(m, TUI_ROLE_WARN),
		           "the value is no flag field of %s (not a whole number it can hold)",
		           kmp_family_name(fam));
		return 1;
	}
	if (n == 0) {
		tui_printf(w, y, x, tui_attr(m, TUI_ROLE_OK), "none set (%s)",
		           kmp_family_name(fam));
		return 1;
	}
	int shown = n <= rows ? n : rows - 1; /* the last row says how many more */
	for (int i = 0; i < shown; i++) {
		char line[KMP_FLAG_TEXT_MAX + KMP_FLAG_NAME_MAX + 40];
		/* an unknown bit's text says so itself ("bit 10 (no public
		 * source names it)") */
		if (f[i].known)
			snprintf(line, sizeof line, "%.95s  [%.39s]", f[i].text, f[i].name);
		else
			snprintf(line, sizeof line, "%.95s", f[i].text);
		tui_put(w, y + i, x, width, line,
		        f[i].known ? tui_attr(m, TUI_ROLE_WARN) : A_NORMAL, 0, 0);
	}
	if (shown < n)
		tui_printf(w, y + shown, x, tui_attr(m, TUI_ROLE_DIM), "%d more flags set",
		           n - shown);
	return shown < n ? shown + 1 : shown;
}

/* The register's values this session on a time axis (chart.h), labelled
 * with the exact smallest and largest of the values shown. */
static void draw_chart(const tui_model *m, WINDOW *w, int y, int h, const tui_reg_row *row)
{
	static tui_chart_point pts[TUI_HIST];
	char lo_t[KMP_VALUE_TEXT_MAX], hi_t[KMP_VALUE_TEXT_MAX];
	kmp_value lo, hi, v;
	int exact = 1;
	size_t n = row->hist_n;
	for (size_t i = 0; i < n; i++) {
		int64_t us = (int64_t)tui_reg_hist_us(row, i) + m->wall_offset_us;
		pts[i].t = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
		pts[i].y = tui_reg_hist(row, i);
		if (tui_reg_hist_value(row, i, &v) != 0) {
			exact = 0;
			continue;
		}
		if (i == 0 || kmp_value_cmp(&v, &lo) < 0)
			lo = v;
		if (i == 0 || kmp_value_cmp(&v, &hi) > 0)
			hi = v;
	}
	label(m, w, y, "History");
	tui_printf(w, y, 1 + LABEL_W, tui_attr(m, TUI_ROLE_DIM),
	           "the last %zu of %u reads this session, over time (UTC)", n, row->reads);
	if (h < 1)
		return;
	if (!exact) {
		tui_printf(w, y + 1, 1 + LABEL_W, tui_attr(m, TUI_ROLE_DIM),
		           "values longer than 8 bytes are not charted");
		return;
	}
	char ub[32];
	const char *uname = tui_unit_short(m, row->unit, ub, sizeof ub); /* "" for a number */
	tui_chart_labels lab = {
	        .min = n ? tui_row_value(row, &lo, lo_t, sizeof lo_t) : "",
	        .max = n ? tui_row_value(row, &hi, hi_t, sizeof hi_t) : "",
	        .unit = uname && *uname ? uname : NULL,
	};
	/* a session of more than two days says dates, else clock times */
	int dates = n >= 2 && pts[n - 1].t - pts[0].t >= 2 * 86400;
	tui_chart_draw(w, y + 1, 1, h, getmaxx(w) - 2, pts, n, &lab, dates, A_NORMAL);
}

void tui_reg_details_draw(const tui_model *m, WINDOW *w)
{
	char buf[KMP_VALUE_TEXT_MAX + 64], age[16], st[32];
	const tui_reg_row *row = &m->regs.rows[m->regs.list.sel];
	const kmp_register_info *info = kmp_register_lookup(row->id);
	int h = getmaxy(w), x = 1 + LABEL_W;

	tui_fill_row(w, 0, 0, tui_attr(m, TUI_ROLE_HEAD));
	tui_printf(w, 0, 1, tui_attr(m, TUI_ROLE_HEAD), "Register %u (0x%04X)  %s%s%s%s", row->id,
	           row->id, info ? info->name : "unknown ID (in no public table)",
	           info ? "  [" : "", info ? info->family : "", info ? "]" : "");

	label(m, w, 2, "Value");
	if (row->have_value)
		kmp_value_with_unit(&row->value, row->unit, !m->utf8, buf, sizeof buf);
	else
		snprintf(buf, sizeof buf, "%s", "(none yet)");
	tui_put(w, 2, x, 40, buf, A_BOLD, 0, 0);
	tui_printf(w, 2, x + 41, tui_attr(m, TUI_ROLE_DIM), "%s, %s ago",
	           tui_row_status(row, tui_row_stale(m, row), st, sizeof st),
	           tui_fmt_age(m->now_us, row->t_us, age, sizeof age));

	label(m, w, 3, "Seen");
	if (row->have_value) {
		char lo[KMP_VALUE_TEXT_MAX], hi[KMP_VALUE_TEXT_MAX];
		tui_printf(w, 3, x, A_NORMAL, "min %s  max %s  (%u read%s, %u change%s)",
		           tui_row_value(row, &row->min, lo, sizeof lo),
		           tui_row_value(row, &row->max, hi, sizeof hi), row->reads,
		           row->reads == 1 ? "" : "s", row->changes, row->changes == 1 ? "" : "s");
	}
	if (row->state == TUI_REG_ERROR)
		tui_printf(w, 4, x, tui_attr(m, TUI_ROLE_ERR), "last read failed: %s%s",
		           kmp_strerror(row->error),
		           row->have_value ? " (the value shown is older)" : "");
	else if (row->state == TUI_REG_MISSING)
		tui_printf(w, 4, x, tui_attr(m, TUI_ROLE_WARN),
		           "a valid reply left it out: this meter does not have it");
	if (!row->have_value)
		return;
	draw_record(m, w, 5, row);
	draw_fields(m, w, 7, row);
	/* flags first (what the value means), the chart in the rows left;
	 * the chart keeps its label and 3 rows when they fit */
	int y = 11;
	int keep = h - y >= 5 ? 4 : 0;
	y += draw_flags(m, w, y, h - y - keep, row);
	if (h - y >= 2)
		draw_chart(m, w, y, h - y - 1 > 10 ? 10 : h - y - 1, row);
}
