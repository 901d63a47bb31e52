/* view_registers.c - view 1: the live register table and its keys.
 * Reads the model only; 'r', 'a', 'd', space and +/- leave requests in
 * m->poll for the controller (controller.c), which owns the poller. */
#include <stdio.h>
#include <string.h>

#include "app/options.h"
#include "kmp/tables.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/view.h"
#include "tui/view_parts.h"
#include "tui/widgets.h"

#define KEY_ESC 27

/* Column widths of one layout; 0 = column left out on a narrow screen. */
typedef struct reg_cols {
	int id, name, mark, value, unit, age, min, max, chg, status;
} reg_cols;

/* Columns the content needs, then the name takes what is left; min/max
 * and the change count go first when the screen is narrow. */
static void layout(const tui_model *m, int width, reg_cols *c)
{
	char v[KMP_VALUE_TEXT_MAX], u[32], s[32];
	memset(c, 0, sizeof *c);
	c->id = 5;
	c->mark = 1;
	c->value = 5;
	c->unit = 4;
	c->age = 4;
	c->chg = 4;
	c->status = 6;
	for (size_t i = 0; i < m->regs.n; i++) {
		const tui_reg_row *row = &m->regs.rows[i];
		int vw = tui_text_width(tui_row_value(row, &row->value, v, sizeof v));
		int lo = tui_text_width(tui_row_value(row, &row->min, v, sizeof v));
		int hi = tui_text_width(tui_row_value(row, &row->max, v, sizeof v));
		vw = vw > lo ? vw : lo;
		vw = vw > hi ? vw : hi;
		c->value = vw > c->value ? vw : c->value;
		int uw = tui_text_width(tui_unit_short(m, row->unit, u, sizeof u));
		c->unit = uw > c->unit ? uw : c->unit;
		int sw = tui_text_width(tui_row_status(row, s, sizeof s));
		c->status = sw > c->status ? sw : c->status;
	}
	c->value = c->value > 24 ? 24 : c->value;
	c->unit = c->unit > 10 ? 10 : c->unit;
	c->min = c->max = c->value;
	/* 2: the selection glyph and a space; one space between columns */
	int fixed = 2 + c->id + 1 + 1 + c->mark + c->value + 1 + c->unit + 1 + c->age + 1 + c->min +
	            1 + c->max + 1 + c->chg + 1 + c->status;
	if (width - fixed < 12) {
		fixed -= c->min + c->max + 2;
		c->min = c->max = 0;
	}
	if (width - fixed < 12) {
		fixed -= c->chg + 1;
		c->chg = 0;
	}
	c->name = width - fixed;
	if (c->name < 4)
		c->name = 4;
}

/* The selected row is drawn in reverse video, whatever its cells' roles. */
static attr_t cell(attr_t a, int selected)
{
	return selected ? a | A_REVERSE : a;
}

static tui_role status_role(const tui_reg_row *row)
{
	switch (row->state) {
	case TUI_REG_OK:
		return TUI_ROLE_OK;
	case TUI_REG_MISSING:
		return TUI_ROLE_WARN;
	case TUI_REG_ERROR:
		return TUI_ROLE_ERR;
	default:
		return TUI_ROLE_DIM;
	}
}

static void draw_heading(const tui_model *m, WINDOW *w, const reg_cols *c)
{
	attr_t a = tui_attr(m, TUI_ROLE_HEAD);
	int x = 2;
	tui_fill_row(w, 0, 0, a);
	x += tui_put(w, 0, x, c->id, "ID", a, 1, 1) + 1;
	x += tui_put(w, 0, x, c->name, "NAME", a, 1, 0) + 1 + c->mark;
	x += tui_put(w, 0, x, c->value, "VALUE", a, 1, 1) + 1;
	x += tui_put(w, 0, x, c->unit, "UNIT", a, 1, 0) + 1;
	x += tui_put(w, 0, x, c->age, "AGE", a, 1, 1) + 1;
	if (c->min) {
		x += tui_put(w, 0, x, c->min, "MIN", a, 1, 1) + 1;
		x += tui_put(w, 0, x, c->max, "MAX", a, 1, 1) + 1;
	}
	if (c->chg)
		x += tui_put(w, 0, x, c->chg, "CHG", a, 1, 1) + 1;
	tui_put(w, 0, x, c->status, "STATUS", a, 1, 0);
}

static void draw_row(const tui_model *m, WINDOW *w, int y, const tui_reg_row *row,
                     const reg_cols *c, int sel)
{
	char v[KMP_VALUE_TEXT_MAX], buf[64];
	attr_t norm = cell(A_NORMAL, sel);
	const kmp_register_info *info = kmp_register_lookup(row->id);
	int changed = row->changed_us && m->now_us - row->changed_us < TUI_CHANGED_US;
	/* a value kept from an earlier read is dimmed: the last read failed */
	attr_t va = row->state == TUI_REG_OK ? A_NORMAL : tui_attr(m, TUI_ROLE_DIM);
	if (changed)
		va = tui_attr(m, TUI_ROLE_CHANGED) | (sel ? A_UNDERLINE : 0);

	if (sel)
		tui_fill_row(w, y, 0, norm);
	tui_put(w, y, 0, 2, sel ? tui_glyph_str(m, TUI_G_ARROW) : " ", norm, 1, 0);
	int x = 2;
	snprintf(buf, sizeof buf, "%u", row->id);
	x += tui_put(w, y, x, c->id, buf, norm, 1, 1) + 1;
	if (info)
		x += tui_put(w, y, x, c->name, info->name, norm, 1, 0) + 1;
	else
		x += tui_put(w, y, x, c->name, "? (unknown ID)",
		             cell(tui_attr(m, TUI_ROLE_DIM), sel), 1, 0) +
		     1;
	x += tui_put(w, y, x, c->mark, changed ? tui_glyph_str(m, TUI_G_CHANGED) : " ", norm, 1, 0);
	x += tui_put(w, y, x, c->value, tui_row_value(row, &row->value, v, sizeof v), cell(va, sel),
	             1, 1) +
	     1;
	x += tui_put(w, y, x, c->unit,
	             row->have_value ? tui_unit_short(m, row->unit, buf, sizeof buf) : "", norm, 1,
	             0) +
	     1;
	x += tui_put(w, y, x, c->age, tui_fmt_age(m->now_us, row->t_us, buf, sizeof buf), norm, 1,
	             1) +
	     1;
	if (c->min) {
		x += tui_put(w, y, x, c->min, tui_row_value(row, &row->min, v, sizeof v), norm, 1,
		             1) +
		     1;
		x += tui_put(w, y, x, c->max, tui_row_value(row, &row->max, v, sizeof v), norm, 1,
		             1) +
		     1;
	}
	if (c->chg) {
		snprintf(buf, sizeof buf, "%u", row->changes);
		x += tui_put(w, y, x, c->chg, buf, norm, 1, 1) + 1;
	}
	tui_put(w, y, x, c->status, tui_row_status(row, buf, sizeof buf),
	        cell(tui_attr(m, status_role(row)), sel), 1, 0);
}

static void draw_summary(const tui_model *m, WINDOW *w, int y)
{
	unsigned ok = 0, missing = 0, err = 0;
	for (size_t i = 0; i < m->regs.n; i++) {
		ok += m->regs.rows[i].state == TUI_REG_OK;
		missing += m->regs.rows[i].state == TUI_REG_MISSING;
		err += m->regs.rows[i].state == TUI_REG_ERROR;
	}
	tui_printf(w, y, 1, tui_attr(m, TUI_ROLE_DIM),
	           "%zu register%s: %u ok, %u missing, %u error   %s = changed in the last %u s",
	           m->regs.n, m->regs.n == 1 ? "" : "s", ok, missing, err,
	           tui_glyph_str(m, TUI_G_CHANGED), TUI_CHANGED_US / 1000000u);
}

/* Rows of the list: the body minus heading and summary. */
static int list_rows(const tui_model *m)
{
	int h = tui_body_rows(m) - 2;
	return h > 1 ? h : 1;
}

static void draw_table(const tui_model *m, WINDOW *w)
{
	int h = getmaxy(w);
	reg_cols c;
	layout(m, getmaxx(w), &c);
	draw_heading(m, w, &c);
	if (!m->regs.n) {
		tui_printf(w, 2, 2, A_NORMAL, "No registers: press 'a' to add some (e.g. 60,68).");
		return;
	}
	int rows = h - 2 > 1 ? h - 2 : 1;
	size_t top = m->regs.sel >= (size_t)rows ? m->regs.sel - (size_t)rows + 1 : 0;
	for (int i = 0; i < rows && top + (size_t)i < m->regs.n; i++) {
		size_t k = top + (size_t)i;
		draw_row(m, w, 1 + i, &m->regs.rows[k], &c, k == m->regs.sel);
	}
	if (h >= 3)
		draw_summary(m, w, h - 1);
}

static void reg_draw(const tui_model *m, WINDOW *w)
{
	werase(w);
	if (m->regs.details && m->regs.n)
		tui_reg_details_draw(m, w);
	else
		draw_table(m, w);
}

/* --- keys --------------------------------------------------------------- */

static int add_submit(tui_model *m, const char *text)
{
	uint16_t ids[APP_MAX_REGS];
	size_t n = 0;
	char err[160];
	if (app_parse_register_list(text, ids, &n, APP_MAX_REGS, err, sizeof err) != 0) {
		tui_status(m, TUI_STATUS_ERROR, "%s", err);
		return -1; /* keep the prompt: fix the typo instead of retyping */
	}
	size_t before = m->regs.n;
	int added = tui_regs_add(&m->regs, ids, n);
	if (added < 0) {
		tui_status(m, TUI_STATUS_ERROR, "the table holds at most %d registers",
		           TUI_MAX_REGS);
		return -1;
	}
	if (added == 0) {
		tui_status(m, TUI_STATUS_INFO, "already in the table");
		return 0;
	}
	m->regs.sel = before;
	m->regs.details = 0;
	m->poll.set_changed = 1;
	m->dirty |= TUI_DIRTY_REGS;
	tui_status(m, TUI_STATUS_INFO, "added %d register%s; reading now", added,
	           added > 1 ? "s" : "");
	return 0;
}

/* Poll intervals '+' and '-' step through. */
static const unsigned steps_ms[] = {1000,  2000,   5000,   10000,  15000,   30000,
                                    60000, 120000, 300000, 600000, 1800000, 3600000};
#define N_STEPS (sizeof steps_ms / sizeof steps_ms[0])

static unsigned change_interval(tui_model *m, int faster)
{
	unsigned cur = m->poll.interval_ms, next = cur;
	char t[32];
	if (faster) {
		for (size_t i = N_STEPS; i-- > 0;)
			if (steps_ms[i] < cur) {
				next = steps_ms[i];
				break;
			}
	} else {
		for (size_t i = 0; i < N_STEPS; i++)
			if (steps_ms[i] > cur) {
				next = steps_ms[i];
				break;
			}
	}
	if (next == cur) {
		tui_status(m, TUI_STATUS_INFO, "poll interval stays %s (the %s step)",
		           tui_fmt_interval(cur, t, sizeof t), faster ? "fastest" : "slowest");
		return TUI_R_REDRAW_ALL;
	}
	m->poll.interval_ms = next;
	m->dirty |= TUI_DIRTY_HEADER;
	if (next < 10000)
		tui_status(m, TUI_STATUS_INFO,
		           "poll every %s: every exchange keeps the optical port awake and "
		           "drains the meter's battery",
		           tui_fmt_interval(next, t, sizeof t));
	else
		tui_status(m, TUI_STATUS_INFO, "poll every %s",
		           tui_fmt_interval(next, t, sizeof t));
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

static unsigned move_sel(tui_model *m, long delta)
{
	tui_regs *r = &m->regs;
	if (!r->n)
		return TUI_R_HANDLED;
	long s = (long)r->sel + delta;
	s = s < 0 ? 0 : s >= (long)r->n ? (long)r->n - 1 : s;
	if ((size_t)s == r->sel)
		return TUI_R_HANDLED;
	r->sel = (size_t)s;
	return TUI_R_REDRAW;
}

static unsigned reg_key(tui_model *m, int ch)
{
	tui_regs *r = &m->regs;
	switch (ch) {
	case KEY_UP:
	case 'k':
		return move_sel(m, -1);
	case KEY_DOWN:
	case 'j':
		return move_sel(m, 1);
	case KEY_PPAGE:
		return move_sel(m, -list_rows(m));
	case KEY_NPAGE:
		return move_sel(m, list_rows(m));
	case KEY_HOME:
		return move_sel(m, -(long)TUI_MAX_REGS);
	case KEY_END:
		return move_sel(m, (long)TUI_MAX_REGS);
	case '\n':
	case '\r':
	case KEY_ENTER:
		r->details = r->n ? !r->details : 0;
		return TUI_R_REDRAW_ALL;
	case KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
		if (!r->details)
			return TUI_R_HANDLED;
		r->details = 0;
		return TUI_R_REDRAW_ALL;
	case 'a':
		tui_prompt_open(m, "Add registers (e.g. 60,68,0x3EA): ", add_submit);
		return TUI_R_REDRAW_ALL;
	case 'd':
	case KEY_DC:
		if (!r->n)
			return TUI_R_HANDLED;
		tui_status(m, TUI_STATUS_INFO, "removed register %u", r->rows[r->sel].id);
		tui_regs_delete_selected(r);
		m->poll.set_changed = 1;
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	case 'r':
		m->poll.read_now = 1;
		tui_status(m, TUI_STATUS_INFO, "reading now");
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	case ' ':
		m->poll.paused = !m->poll.paused;
		m->dirty |= TUI_DIRTY_HEADER;
		tui_status(m, TUI_STATUS_INFO,
		           m->poll.paused ? "polling paused (space resumes)" : "polling resumed");
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	case '+':
	case '=':
		return change_interval(m, 0);
	case '-':
	case '_':
		return change_interval(m, 1);
	}
	return TUI_R_IGNORED;
}

static const char *reg_footer(const tui_model *m)
{
	if (m->regs.details)
		return "Esc/Enter back  Up/Down other register  r read now";
	return "a add  d delete  r read  space pause  +/- interval  Enter details";
}

/* Ages tick once a second, and a highlight ends TUI_CHANGED_US after a
 * change: wake for the next whole second of the session. */
static uint64_t reg_next_redraw(const tui_model *m)
{
	if (!m->regs.n)
		return 0;
	uint64_t since = m->now_us - m->start_us;
	return m->now_us + (1000000u - since % 1000000u);
}

static const char *const reg_help[] = {
        "Up Down j k select a register (PgUp PgDn Home End)",
        "Enter       details of the selected register: record bytes, plot",
        "Esc         back from the details",
        "a           add register IDs (60,68,0x3EA)",
        "d Del       delete the selected register",
        "r           read every register now",
        "space       pause / resume polling",
        "+ -         longer / shorter poll interval (shorter drains the battery)",
        NULL,
};

const tui_view_ops tui_view_registers = {
        .name = "Registers",
        .help = reg_help,
        .redraw_on = TUI_DIRTY_REGS | TUI_DIRTY_VIEW,
        .draw = reg_draw,
        .key = reg_key,
        .footer = reg_footer,
        .next_redraw_us = reg_next_redraw,
};
