/* reg_details.c - Enter in view 1: one register taken apart (the record
 * bytes as received, sign and exponent, mantissa, unit code) and a plot of
 * its values over the session. */
#include <stdio.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/tables.h"
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

static void draw_plot(const tui_model *m, WINDOW *w, int y, int h, const tui_reg_row *row)
{
	char lo[KMP_VALUE_TEXT_MAX], hi[KMP_VALUE_TEXT_MAX];
	double vals[TUI_HIST];
	int width = getmaxx(w);
	tui_row_value(row, &row->min, lo, sizeof lo);
	tui_row_value(row, &row->max, hi, sizeof hi);
	int lw = tui_text_width(lo) > tui_text_width(hi) ? tui_text_width(lo) : tui_text_width(hi);
	lw = lw > 24 ? 24 : lw;
	int px = 1 + lw + 2, pw = width - px - 1;
	for (size_t i = 0; i < row->hist_n; i++)
		vals[i] = tui_reg_hist(row, i);
	size_t shown = row->hist_n < (size_t)(pw > 0 ? pw : 0) ? row->hist_n : (size_t)pw;

	label(m, w, y, "History");
	tui_printf(w, y, 1 + LABEL_W, tui_attr(m, TUI_ROLE_DIM),
	           "last %zu of %u reads, between the session's min and max", shown, row->reads);
	if (h < 2 || pw < 4)
		return;
	tui_put(w, y + 1, 1, lw, hi, A_NORMAL, 1, 1);
	tui_put(w, y + h, 1, lw, lo, A_NORMAL, 1, 1);
	for (int r = 1; r <= h; r++)
		mvwaddch(w, y + r, 1 + lw + 1, ACS_VLINE);
	/* exact min and max label the axis; the doubles only shape the bars */
	tui_plot(w, y + 1, px, h, pw, vals, row->hist_n, tui_plot_value(&row->min),
	         tui_plot_value(&row->max), m->utf8);
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
	if (h - 11 >= 3)
		draw_plot(m, w, 11, h - 12 > 8 ? 8 : h - 12, row);
}
