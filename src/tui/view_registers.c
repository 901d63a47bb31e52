/* view_registers.c - view 1: the live register table and its keys.
 * Reads the model only; 'r', 'a', 'd', space and +/- leave requests in
 * m->poll for the controller (controller.c), which owns the poller. */
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/parse.h"
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

/* The longest name a column is given: beyond it the value would sit far
 * from its name on a wide screen. */
#define NAME_MAX_W 34

static const char *row_name(const tui_reg_row *row)
{
	const kmp_register_info *info = kmp_register_lookup(row->id);
	return info ? info->name : "? (unknown ID)";
}

/* Columns the content needs, then the name takes what is left, up to its
 * longest text; min/max and the change count go first when the screen is
 * narrow.  Every width is in screen columns (tui_text_width). */
static void layout(const tui_model *m, int width, reg_cols *c)
{
	char v[KMP_VALUE_TEXT_MAX], u[32], s[32];
	int names = 4;
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
		int sw = tui_text_width(tui_row_status(row, tui_row_stale(m, row), s, sizeof s));
		c->status = sw > c->status ? sw : c->status;
		int nw = tui_text_width(row_name(row));
		names = nw > names ? nw : names;
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
	names = names > NAME_MAX_W ? NAME_MAX_W : names;
	if (c->name > names)
		c->name = names;
	if (c->name < 4)
		c->name = 4;
}

/* The selected row is drawn in reverse video, whatever its cells' roles. */
static attr_t cell(attr_t a, int selected)
{
	return selected ? a | A_REVERSE : a;
}

static tui_role status_role(const tui_reg_row *row, int stale)
{
	switch (row->state) {
	case TUI_REG_OK:
		return stale ? TUI_ROLE_DIM : TUI_ROLE_OK;
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
	int stale = tui_row_stale(m, row);
	int changed = row->changed_us && m->now_us - row->changed_us < TUI_CHANGED_US;
	/* a value kept from an earlier read is dimmed: the last read failed,
	 * or the link went down since (the status says which in words) */
	attr_t va = row->state == TUI_REG_OK && !stale ? A_NORMAL : tui_attr(m, TUI_ROLE_DIM);
	if (changed && !stale)
		va = tui_attr(m, TUI_ROLE_CHANGED) | (sel ? A_UNDERLINE : 0);

	if (sel)
		tui_fill_row(w, y, 0, norm);
	tui_put(w, y, 0, 2, sel ? tui_glyph_str(m, TUI_G_ARROW) : " ", norm, 1, 0);
	int x = 2;
	snprintf(buf, sizeof buf, "%u", row->id);
	x += tui_put(w, y, x, c->id, buf, norm, 1, 1) + 1;
	x += tui_put(w, y, x, c->name, row_name(row),
	             info ? norm : cell(tui_attr(m, TUI_ROLE_DIM), sel), 1, 0) +
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
	tui_put(w, y, x, c->status, tui_row_status(row, stale, buf, sizeof buf),
	        cell(tui_attr(m, status_role(row, stale)), sel), 1, 0);
}

/* "10 registers: 8 ok, 2 stale": the rows by the state of their last read,
 * naming only the states some row is in. */
static void count_text(const tui_model *m, char *buf, size_t cap)
{
	unsigned ok = 0, stale = 0, missing = 0, failed = 0, never = 0;
	for (size_t i = 0; i < m->regs.n; i++) {
		const tui_reg_row *row = &m->regs.rows[i];
		switch (row->state) {
		case TUI_REG_OK:
			*(tui_row_stale(m, row) ? &stale : &ok) += 1;
			break;
		case TUI_REG_MISSING:
			missing++;
			break;
		case TUI_REG_ERROR:
			failed++;
			break;
		default:
			never++;
			break;
		}
	}
	const struct {
		unsigned n;
		const char *what;
	} parts[] = {{ok, "ok"},
	             {stale, "stale"},
	             {failed, "read failed"},
	             {missing, "missing"},
	             {never, "unread"}};
	size_t o =
	        (size_t)snprintf(buf, cap, "%zu register%s", m->regs.n, m->regs.n == 1 ? "" : "s");
	int first = 1;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0] && o < cap; i++) {
		if (!parts[i].n)
			continue;
		o += (size_t)snprintf(buf + o, cap - o, "%s%u %s", first ? ": " : ", ", parts[i].n,
		                      parts[i].what);
		first = 0;
	}
}

/* Rows of the list: the body minus heading and summary. */
static int list_rows(const tui_model *m)
{
	int h = tui_body_rows(m) - 2;
	return h > 1 ? h : 1;
}

/* The last row: the counts, the rows shown, the order; the legend of the
 * change mark when there is room. */
static void draw_summary(const tui_model *m, WINDOW *w, int y, int rows)
{
	char counts[256], range[64], right[128], legend[64];
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	int width = getmaxx(w);
	count_text(m, counts, sizeof counts);
	/* the rows shown, when some are not */
	if (m->regs.n > (size_t)rows)
		tui_list_range(&m->regs.list, m->regs.n, rows, range, sizeof range);
	else
		range[0] = '\0';
	snprintf(right, sizeof right, "%s%ssorted by %s (s)", range, range[0] ? "  " : "",
	         tui_regs_sort_name(m->regs.sort));
	snprintf(legend, sizeof legend, "%s changed in the last %u s",
	         tui_glyph_str(m, TUI_G_CHANGED), TUI_CHANGED_US / 1000000u);
	int rw = tui_text_width(right);
	/* the rows and the order keep their place on the right; the counts
	 * take the rest, then the legend if it still fits */
	int x = 1 + tui_put(w, y, 1, width - rw - 4, counts, dim, 0, 0);
	if (x + 3 + tui_text_width(legend) + 3 + rw < width)
		tui_put(w, y, x + 3, tui_text_width(legend), legend, dim, 0, 0);
	tui_put(w, y, width - rw - 1, rw, right, dim, 0, 0);
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
	size_t top = tui_list_top(&m->regs.list, m->regs.n, rows);
	for (int i = 0; i < rows && top + (size_t)i < m->regs.n; i++) {
		size_t k = top + (size_t)i;
		draw_row(m, w, 1 + i, &m->regs.rows[k], &c, k == m->regs.list.sel);
	}
	if (h >= 3)
		draw_summary(m, w, h - 1, rows);
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
	uint16_t ids[TUI_MAX_REGS];
	size_t n = 0;
	char err[160];
	if (kmp_parse_id_list(text, ids, &n, TUI_MAX_REGS, err, sizeof err) != KMP_OK) {
		tui_status(m, TUI_STATUS_ERROR, "%s", err);
		return -1; /* keep the prompt: fix the typo instead of retyping */
	}
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
	/* the first one typed, at its place in the order */
	tui_list_select(&m->regs.list, tui_regs_index(&m->regs, ids[0]), m->regs.n, list_rows(m));
	m->regs.details = 0;
	m->poll.set_changed = 1;
	m->dirty |= TUI_DIRTY_REGS;
	tui_status(m, TUI_STATUS_INFO, "added %d register%s; reading now", added,
	           added > 1 ? "s" : "");
	return 0;
}

/* Poll intervals '+' and '-' step through: 1 s to 1 h. */
static const unsigned steps_ms[] = {1000,  2000,   5000,   10000,  15000,   30000,
                                    60000, 120000, 300000, 600000, 1800000, 3600000};
#define N_STEPS (sizeof steps_ms / sizeof steps_ms[0])

static unsigned change_interval(tui_model *m, int faster)
{
	unsigned cur = m->poll.interval_ms, next = cur;
	char t[32], lim[32];
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
		unsigned edge = faster ? steps_ms[0] : steps_ms[N_STEPS - 1];
		tui_fmt_interval(edge, lim, sizeof lim);
		if (cur == edge)
			tui_status(m, TUI_STATUS_INFO, "poll interval stays %s (the %s step)",
			           tui_fmt_interval(cur, t, sizeof t),
			           faster ? "shortest" : "longest");
		else
			/* --interval set one outside the steps */
			tui_status(m, TUI_STATUS_INFO,
			           "poll interval stays %s: %s goes %s %s (--interval sets any)",
			           tui_fmt_interval(cur, t, sizeof t), faster ? "-" : "+",
			           faster ? "down to" : "up to", lim);
		return TUI_R_REDRAW_ALL;
	}
	m->poll.interval_ms = next;
	m->dirty |= TUI_DIRTY_HEADER;
	if (next < 10000)
		tui_status(m, TUI_STATUS_INFO,
		           "poll every %s: each read keeps the optical port awake (battery)",
		           tui_fmt_interval(next, t, sizeof t));
	else
		tui_status(m, TUI_STATUS_INFO, "poll every %s",
		           tui_fmt_interval(next, t, sizeof t));
	return TUI_R_REDRAW_ALL | TUI_R_WAKE;
}

static unsigned change_sort(tui_model *m)
{
	tui_regs_sort(&m->regs, (m->regs.sort + 1) % TUI_SORT_COUNT);
	tui_list_fix(&m->regs.list, m->regs.n, list_rows(m));
	tui_status(m, TUI_STATUS_INFO, "sorted by %s (s: next order)",
	           tui_regs_sort_name(m->regs.sort));
	return TUI_R_REDRAW_ALL;
}

static unsigned reg_key(tui_model *m, int ch)
{
	tui_regs *r = &m->regs;
	unsigned moved = tui_list_key(&r->list, r->n, list_rows(m), ch);
	if (moved != TUI_R_IGNORED)
		return moved;
	switch (ch) {
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
		tui_status(m, TUI_STATUS_INFO, "removed register %u", r->rows[r->list.sel].id);
		tui_regs_delete_selected(r);
		tui_list_fix(&r->list, r->n, list_rows(m));
		m->poll.set_changed = 1;
		return TUI_R_REDRAW_ALL | TUI_R_WAKE;
	case 's':
		return change_sort(m);
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
	case 'c':
		/* the controller makes or closes the file (recorder.h) */
		m->record.toggle_req = 1;
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
		return "Esc back  Up/Down other register  r read now";
	/* the most used first: a narrow screen drops whole keys from the end */
	return m->record.on ? "Enter details  c stop recording  a add  d delete  r read  s sort  "
	                      "space pause  +/- interval"
	                    : "Enter details  a add  d delete  r read  s sort  space pause  "
	                      "+/- interval  c record";
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
        "Up Down j k select a register (PgUp PgDn Home End g G)",
        "Enter       details of the selected register: record bytes, an info "
        "register's flags (--family), a chart of its values this session",
        "Esc         back from the details",
        "a           add register IDs (60,68,0x3EA), each at its place in the order",
        "d Del       delete the selected register",
        "s           sort by ID, by name, by status (failures first)",
        "r           read every register now",
        "space       pause / resume polling",
        "c           record: every round's readings appended to "
        "./kmpterm-readings-DATE-TIME.csv (as read --csv); c again stops",
        "+ -         longer / shorter poll interval, in steps from 1 s to 1 h; a short "
        "one keeps the meter's optical port awake and drains its battery",
        "            A value read before the link dropped shows \"stale\".",
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
