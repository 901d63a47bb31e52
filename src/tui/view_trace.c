/* view_trace.c - view 2: every frame and event of the session, newest at
 * the bottom, with scrolling, follow mode, filters, freeze and the
 * inspector.  Reads the model; 'w' leaves a request for the controller. */
#include <stdio.h>
#include <string.h>

#include "kmp/describe.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/view.h"
#include "tui/view_parts.h"
#include "tui/widgets.h"

#define KEY_ESC 27
#define NONE UINT64_MAX
/* Rows of the list: up to this many are looked at per screen. */
#define MAX_ROWS 512

/* --- navigation over the ring, through the filter ----------------------- */

/* Entries past this are not shown (frozen) */
static uint64_t limit(const tui_model *m)
{
	return m->trace.frozen ? m->trace.frozen_seq : m->trace.ring.next_seq;
}

static int shown(const tui_model *m, uint64_t seq)
{
	const tui_trace_entry *e = tui_ring_get(&m->trace.ring, seq);
	return e && seq < limit(m) && tui_trace_match(e, m->trace.filter);
}

static uint64_t prev_match(const tui_model *m, uint64_t seq)
{
	uint64_t first = tui_ring_first(&m->trace.ring);
	uint64_t s = seq > limit(m) ? limit(m) : seq;
	while (s > first) {
		s--;
		if (shown(m, s))
			return s;
	}
	return NONE;
}

static uint64_t next_match(const tui_model *m, uint64_t seq)
{
	uint64_t s =
	        seq < tui_ring_first(&m->trace.ring) ? tui_ring_first(&m->trace.ring) : seq + 1;
	for (; s < limit(m); s++)
		if (shown(m, s))
			return s;
	return NONE;
}

static uint64_t last_match(const tui_model *m)
{
	return prev_match(m, limit(m));
}

static uint64_t first_match(const tui_model *m)
{
	uint64_t f = tui_ring_first(&m->trace.ring);
	return shown(m, f) ? f : next_match(m, f);
}

/* The selected entry (NONE when nothing is shown). */
static uint64_t selected(const tui_model *m)
{
	if (m->trace.follow)
		return last_match(m);
	uint64_t s = m->trace.sel;
	if (shown(m, s))
		return s;
	/* dropped from the ring or filtered out: the nearest one shown */
	uint64_t p = prev_match(m, s), n = next_match(m, s);
	if (s < tui_ring_first(&m->trace.ring))
		return first_match(m);
	return p != NONE ? p : n;
}

static int list_rows(const tui_model *m)
{
	int h = tui_body_rows(m) - 2;
	return h < 1 ? 1 : h > MAX_ROWS ? MAX_ROWS : h;
}

/* The rows to show: up to `rows` entries holding sel, starting at top
 * when that works.  Fills seqs; returns the count. */
static int window(const tui_model *m, uint64_t sel, uint64_t top, int rows, uint64_t *seqs)
{
	int n = 0;
	if (sel == NONE)
		return 0;
	if (!m->trace.follow && top != NONE) {
		/* moving up past the first row scrolls: the selection becomes it */
		if (sel < top)
			top = sel;
		uint64_t s = shown(m, top) ? top : next_match(m, top);
		for (; s != NONE && n < rows; s = next_match(m, s))
			seqs[n++] = s;
		for (int i = 0; i < n; i++)
			if (seqs[i] == sel)
				return n;
	}
	/* sel at the bottom, earlier entries above it */
	uint64_t back[MAX_ROWS];
	int k = 0;
	for (uint64_t s = sel; s != NONE && k < rows; s = prev_match(m, s))
		back[k++] = s;
	for (n = 0; n < k; n++)
		seqs[n] = back[k - 1 - n];
	/* on a short list, fill below the selection too */
	for (uint64_t s = next_match(m, sel); s != NONE && n < rows; s = next_match(m, s))
		seqs[n++] = s;
	return n;
}

/* --- drawing ------------------------------------------------------------ */

typedef struct trace_cols {
	int time, dir, hex, check, decode;
} trace_cols;

static void layout(const tui_model *m, int width, const uint64_t *seqs, int n, trace_cols *c)
{
	char t[32];
	/* widths follow what is on screen: DIR grows for GARBAGE, CHECK for
	 * "CRC BAD got .. want ..", and shrink again when they scroll away */
	c->time = 7;
	c->dir = 4;
	c->check = 6;
	for (int i = 0; i < n; i++) {
		const tui_trace_entry *e = tui_ring_get(&m->trace.ring, seqs[i]);
		int cw = tui_text_width(e->check), dw = (int)strlen(e->dir);
		c->check = cw > c->check ? cw : c->check;
		c->dir = dw > c->dir ? dw : c->dir;
		int tw = (int)strlen(tui_fmt_reltime(m->start_us, e->t_us, t, sizeof t));
		c->time = tw > c->time ? tw : c->time;
	}
	int rest = width - (c->time + 1 + c->dir + 1 + c->check + 1) - 1;
	/* the bytes get a bit over half, in whole bytes ("XX "), at least 4 */
	c->hex = (rest * 11 / 20) / 3 * 3 + 2;
	if (c->hex < 11)
		c->hex = 11;
	c->decode = rest - c->hex - 1;
	if (c->decode < 0)
		c->decode = 0;
}

static tui_role dir_role(const tui_trace_entry *e)
{
	if (e->is_error)
		return TUI_ROLE_ERR;
	switch (e->kind) {
	case KMP_EV_TX:
		return TUI_ROLE_TX;
	case KMP_EV_RX:
		return TUI_ROLE_RX;
	case KMP_EV_ECHO:
	case KMP_EV_ZERO:
		return TUI_ROLE_ECHO;
	default:
		return TUI_ROLE_NORMAL;
	}
}

/* The bytes that fit in `width` columns, with a mark when cut. */
static const char *hex_cut(const tui_model *m, const tui_trace_entry *e, int width, char *buf,
                           size_t cap)
{
	if (!e->raw_total) {
		snprintf(buf, cap, "-");
		return buf;
	}
	size_t fit = (size_t)(width + 1) / 3;
	if (fit >= e->raw_total && e->raw_len == e->raw_total)
		return kmp_hex(e->raw, e->raw_len, buf, cap);
	/* room for the mark: drop a byte */
	fit = fit > 1 ? fit - 1 : 0;
	kmp_hex(e->raw, fit, buf, cap);
	size_t o = strlen(buf);
	snprintf(buf + o, cap - o, "%s%s", o ? " " : "", m->utf8 ? "\u2026" : "..");
	return buf;
}

static void draw_entry(const tui_model *m, WINDOW *w, int y, const tui_trace_entry *e,
                       const trace_cols *c, int sel)
{
	char t[32], hex[3 * TUI_TRACE_RAW_MAX + 8];
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	if (sel)
		tui_fill_row(w, y, 0, base);
	int x = 0;
	x += tui_put(w, y, x, c->time, tui_fmt_reltime(m->start_us, e->t_us, t, sizeof t), base, 1,
	             1) +
	     1;
	x += tui_put(w, y, x, c->dir, e->dir, base | tui_attr(m, dir_role(e)), 1, 0) + 1;
	x += tui_put(w, y, x, c->hex, hex_cut(m, e, c->hex, hex, sizeof hex), base, 1, 0) + 1;
	x += tui_put(w, y, x, c->check, e->check,
	             base | tui_attr(m, e->is_error ? TUI_ROLE_ERR : TUI_ROLE_OK), 1, 0) +
	     1;
	tui_put(w, y, x, c->decode, e->decode, base, 1, 0);
}

static void draw_info(const tui_model *m, WINDOW *w)
{
	const tui_trace *t = &m->trace;
	char mode[96];
	if (t->frozen)
		snprintf(mode, sizeof mode, "FROZEN (+%llu new; space resumes)",
		         (unsigned long long)(t->ring.next_seq - t->frozen_seq));
	else if (t->follow)
		snprintf(mode, sizeof mode, "following %s", tui_glyph_str(m, TUI_G_FOLLOW));
	else
		snprintf(mode, sizeof mode, "scrolled (End follows)");
	/* frozen is a state people forget they are in: say it loudly */
	tui_printf(w, 0, 1, t->frozen ? tui_attr(m, TUI_ROLE_WARN) : A_NORMAL,
	           "%zu entries (last %zu kept)   filter: %s   %s", t->ring.n, t->ring.cap,
	           tui_filter_name(t->filter), mode);
}

static void draw_list(const tui_model *m, WINDOW *w)
{
	uint64_t seqs[MAX_ROWS];
	int h = getmaxy(w), rows = h - 2 < 1 ? 1 : h - 2 > MAX_ROWS ? MAX_ROWS : h - 2;
	uint64_t sel = selected(m);
	int n = window(m, sel, m->trace.top, rows, seqs);
	trace_cols c;
	layout(m, getmaxx(w), seqs, n, &c);

	draw_info(m, w);
	attr_t ha = tui_attr(m, TUI_ROLE_HEAD);
	tui_fill_row(w, 1, 0, ha);
	int x = 0;
	x += tui_put(w, 1, x, c.time, "TIME s", ha, 1, 1) + 1;
	x += tui_put(w, 1, x, c.dir, "DIR", ha, 1, 0) + 1;
	x += tui_put(w, 1, x, c.hex, c.hex >= 27 ? "BYTES (hex, as on the wire)" : "BYTES (hex)",
	             ha, 1, 0) +
	     1;
	x += tui_put(w, 1, x, c.check, "CHECK", ha, 1, 0) + 1;
	tui_put(w, 1, x, c.decode, "DECODE", ha, 1, 0);
	if (!n) {
		tui_printf(w, 3, 2, tui_attr(m, TUI_ROLE_DIM), "%s",
		           m->trace.ring.n ? "No entry passes the filter (f changes it)."
		                           : "No frames yet.");
		return;
	}
	/* newest at the bottom: a short list sits at the top like a log */
	for (int i = 0; i < n; i++)
		draw_entry(m, w, 2 + i, tui_ring_get(&m->trace.ring, seqs[i]), &c, seqs[i] == sel);
}

static void trace_draw(const tui_model *m, WINDOW *w)
{
	werase(w);
	uint64_t sel = selected(m);
	if (m->trace.inspect && sel != NONE)
		tui_trace_inspect_draw(m, tui_ring_get(&m->trace.ring, sel), w);
	else
		draw_list(m, w);
}

/* --- keys --------------------------------------------------------------- */

/* Leave follow mode at the newest entry, keeping today's screen. */
static void stop_following(tui_model *m)
{
	uint64_t seqs[MAX_ROWS];
	tui_trace *t = &m->trace;
	if (!t->follow)
		return;
	t->sel = last_match(m);
	int n = window(m, t->sel, NONE, list_rows(m), seqs);
	t->follow = 0;
	t->top = n ? seqs[0] : t->sel;
}

/* Move the selection `steps` shown entries (negative: up) and keep it on
 * screen. */
static unsigned move_sel(tui_model *m, long steps)
{
	uint64_t seqs[MAX_ROWS];
	tui_trace *t = &m->trace;
	if (last_match(m) == NONE)
		return TUI_R_HANDLED;
	if (steps > 0 && t->follow)
		return TUI_R_HANDLED; /* already at the newest */
	stop_following(m);
	uint64_t s = selected(m);
	for (long i = 0; i < (steps < 0 ? -steps : steps); i++) {
		uint64_t nx = steps < 0 ? prev_match(m, s) : next_match(m, s);
		if (nx == NONE)
			break;
		s = nx;
	}
	t->sel = s;
	int n = window(m, s, t->top, list_rows(m), seqs);
	t->top = n ? seqs[0] : s;
	return TUI_R_REDRAW;
}

static unsigned trace_key(tui_model *m, int ch)
{
	tui_trace *t = &m->trace;
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
	case 'g':
		stop_following(m);
		t->sel = first_match(m);
		t->top = t->sel;
		return TUI_R_REDRAW_ALL;
	case KEY_END:
	case 'G':
		t->follow = 1;
		return TUI_R_REDRAW_ALL;
	case 'f':
		if (!t->follow)
			t->sel = selected(m);
		t->filter = (t->filter + 1) % TUI_FILTER_COUNT;
		if (!t->follow) {
			/* stay near the same moment of the session */
			uint64_t s = shown(m, t->sel) ? t->sel : prev_match(m, t->sel);
			t->sel = s != NONE ? s : first_match(m);
			t->top = t->sel;
		}
		tui_status(m, TUI_STATUS_INFO, "trace filter: %s", tui_filter_name(t->filter));
		return TUI_R_REDRAW_ALL;
	case ' ':
		t->frozen = !t->frozen;
		t->frozen_seq = t->ring.next_seq;
		tui_status(m, TUI_STATUS_INFO,
		           t->frozen ? "trace frozen: new frames are kept "
		                       "but not shown (space resumes)"
		                     : "trace running");
		return TUI_R_REDRAW_ALL;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (selected(m) == NONE)
			return TUI_R_HANDLED;
		if (!t->inspect)
			stop_following(m); /* the inspected frame must not move away */
		t->inspect = !t->inspect;
		return TUI_R_REDRAW_ALL;
	case KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
		if (!t->inspect)
			return TUI_R_HANDLED;
		t->inspect = 0;
		return TUI_R_REDRAW_ALL;
	case 'w':
		t->write_req = 1;
		return TUI_R_HANDLED | TUI_R_WAKE;
	}
	return TUI_R_IGNORED;
}

static const char *trace_footer(const tui_model *m)
{
	if (m->trace.inspect)
		return "Esc/Enter back  Up/Down other frame  w write file";
	/* scrolling keys are the obvious ones: the footer names the rest */
	return "f filter  space freeze  End follow  Enter inspect  w write";
}

static const char *const trace_help[] = {
        "Up Down j k select a frame; scrolling up stops following",
        "PgUp PgDn   a page up / down (Home g: the oldest kept)",
        "End G       follow the newest frame again",
        "f           filter: all, errors only, TX only, RX only",
        "space       freeze the list (frames are still recorded)",
        "Enter       inspect the selected frame: fields, stuffing, CRC, records",
        "Esc         back from the inspector",
        "w           write the trace to ./kmpterm-trace-DATE-TIME.log (as --log)",
        NULL,
};

const tui_view_ops tui_view_trace = {
        .name = "Trace",
        .help = trace_help,
        .redraw_on = TUI_DIRTY_TRACE | TUI_DIRTY_VIEW,
        .draw = trace_draw,
        .key = trace_key,
        .footer = trace_footer,
};
