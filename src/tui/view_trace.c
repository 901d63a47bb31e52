/* view_trace.c - view 2: every frame and event of the session, newest at
 * the bottom, with scrolling, follow mode, filters, freeze and the
 * inspector.  Reads the model; 'w' leaves a request for the controller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/describe.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/trace_find.h"
#include "tui/view.h"
#include "tui/view_parts.h"
#include "tui/widgets.h"

#define KEY_ESC 27

/* --- the entries shown, as a list ---------------------------------------- */

/* Entries past this are not shown (frozen) */
static uint64_t limit(const tui_model *m)
{
	return m->trace.frozen ? m->trace.frozen_seq : m->trace.ring.next_seq;
}

/* The seqs the list shows (kept, before the freeze, through the filter),
 * oldest first.  seqs holds TUI_TRACE_CAP; returns the count. */
static size_t shown_seqs(const tui_model *m, uint64_t *seqs)
{
	size_t n = 0;
	uint64_t end = limit(m);
	for (uint64_t s = tui_ring_first(&m->trace.ring); s < end && n < TUI_TRACE_CAP; s++) {
		const tui_trace_entry *e = tui_ring_get(&m->trace.ring, s);
		if (e && tui_trace_match(e, m->trace.filter))
			seqs[n++] = s;
	}
	return n;
}

/* The index of seq in seqs, or of the nearest one before it (0 when it
 * is older than all of them: dropped from the ring). */
static size_t index_of(const uint64_t *seqs, size_t n, uint64_t seq)
{
	size_t lo = 0, hi = n; /* the first index with seqs[i] > seq */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (seqs[mid] <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

static int list_rows(const tui_model *m)
{
	int h = tui_body_rows(m) - 2;
	return h < 1 ? 1 : h;
}

/* The trace's position as a list over seqs: following keeps the newest
 * selected and the last page shown. */
static tui_list as_list(const tui_model *m, const uint64_t *seqs, size_t n)
{
	const tui_trace *t = &m->trace;
	tui_list l = {0};
	if (!n)
		return l;
	if (t->follow) {
		l.sel = n - 1;
		l.top = n;
	} else {
		l.sel = index_of(seqs, n, t->sel);
		l.top = t->top < seqs[0] ? 0 : index_of(seqs, n, t->top);
	}
	return l;
}

/* Store a list position back as seqs (scrolled: follow off). */
static void from_list(tui_model *m, const uint64_t *seqs, size_t n, const tui_list *l)
{
	tui_trace *t = &m->trace;
	t->follow = 0;
	if (!n)
		return;
	t->sel = seqs[l->sel < n ? l->sel : n - 1];
	t->top = seqs[l->top < n ? l->top : n - 1];
}

/* The selected entry's seq, or UINT64_MAX when nothing is shown. */
static uint64_t selected(const tui_model *m, const uint64_t *seqs, size_t n)
{
	if (!n)
		return UINT64_MAX;
	tui_list l = as_list(m, seqs, n);
	return seqs[l.sel];
}

/* --- drawing ------------------------------------------------------------ */

typedef struct trace_cols {
	int time, dir, hex, ascii, check, decode; /* ascii: 0 when off */
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
		int tw = (int)strlen(tui_trace_time(m, e, t, sizeof t));
		c->time = tw > c->time ? tw : c->time;
	}
	int rest = width - (c->time + 1 + c->dir + 1 + c->check + 1) - 1;
	c->ascii = 0;
	if (m->trace.ascii) {
		/* the text goes first (a bridge's message is what it is there
		 * for), as long as the longest on screen and up to 2/5 of the
		 * room; the hex keeps what is left of its share */
		int longest = 0;
		for (int i = 0; i < n; i++) {
			const tui_trace_entry *e = tui_ring_get(&m->trace.ring, seqs[i]);
			longest = (int)e->raw_len > longest ? (int)e->raw_len : longest;
		}
		int a = longest < rest * 2 / 5 ? longest : rest * 2 / 5;
		c->ascii = a < 6 ? 6 : a;
		c->hex = (rest * 11 / 20 - c->ascii - 1) / 3 * 3 + 2;
		if (c->hex < 11)
			c->hex = 11;
		c->decode = rest - c->hex - 1 - c->ascii - 1;
		if (c->decode < 0)
			c->decode = 0;
		return;
	}
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
	char t[32], hex[3 * TUI_TRACE_RAW_MAX + 8], ascii[TUI_TRACE_RAW_MAX + 1];
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	if (sel)
		tui_fill_row(w, y, 0, base);
	int x = 0;
	x += tui_put(w, y, x, c->time, tui_trace_time(m, e, t, sizeof t), base, 1, 1) + 1;
	x += tui_put(w, y, x, c->dir, e->dir, base | tui_attr(m, dir_role(e)), 1, 0) + 1;
	x += tui_put(w, y, x, c->hex, hex_cut(m, e, c->hex, hex, sizeof hex), base, 1, 0) + 1;
	if (c->ascii)
		x += tui_put(w, y, x, c->ascii,
		             tui_trace_ascii(e, (size_t)c->ascii, ascii, sizeof ascii),
		             base | tui_attr(m, TUI_ROLE_DIM), 1, 0) +
		     1;
	x += tui_put(w, y, x, c->check, e->check,
	             base | tui_attr(m, e->is_error ? TUI_ROLE_ERR : TUI_ROLE_OK), 1, 0) +
	     1;
	tui_put(w, y, x, c->decode, e->decode, base, 1, 0);
}

static void draw_info(const tui_model *m, WINDOW *w, const tui_list *l, size_t n, int rows)
{
	const tui_trace *t = &m->trace;
	char mode[96], range[64];
	if (t->frozen)
		snprintf(mode, sizeof mode, "FROZEN (+%llu new; space resumes)",
		         (unsigned long long)(t->ring.next_seq - t->frozen_seq));
	else if (t->follow)
		snprintf(mode, sizeof mode, "following %s", tui_glyph_str(m, TUI_G_FOLLOW));
	else
		snprintf(mode, sizeof mode, "scrolled (End follows)");
	/* frozen is a state people forget they are in: say it loudly */
	char info[256], kept[64];
	tui_list_range(l, n, rows, range, sizeof range);
	snprintf(info, sizeof info, "%s   filter: %s   %s", range, tui_filter_name(t->filter),
	         mode);
	/* how much the ring holds, when there is room to say it */
	snprintf(kept, sizeof kept, "   (%zu kept, at most %zu)", t->ring.n, t->ring.cap);
	if (tui_text_width(info) + tui_text_width(kept) < getmaxx(w) - 1)
		strcat(info, kept);
	tui_printf(w, 0, 1, t->frozen ? tui_attr(m, TUI_ROLE_WARN) : A_NORMAL, "%s", info);
}

static void draw_list(const tui_model *m, WINDOW *w, const uint64_t *seqs, size_t n)
{
	int h = getmaxy(w), rows = h - 2 < 1 ? 1 : h - 2;
	tui_list l = as_list(m, seqs, n);
	size_t top = tui_list_top(&l, n, rows);
	size_t shown = n - top < (size_t)rows ? n - top : (size_t)rows;
	trace_cols c;
	layout(m, getmaxx(w), seqs + top, (int)shown, &c);

	draw_info(m, w, &l, n, rows);
	attr_t ha = tui_attr(m, TUI_ROLE_HEAD);
	tui_fill_row(w, 1, 0, ha);
	int x = 0;
	x += tui_put(w, 1, x, c.time, m->trace.abs_time ? "TIME UTC" : "TIME s", ha, 1, 1) + 1;
	x += tui_put(w, 1, x, c.dir, "DIR", ha, 1, 0) + 1;
	x += tui_put(w, 1, x, c.hex, c.hex >= 27 ? "BYTES (hex, as on the wire)" : "BYTES (hex)",
	             ha, 1, 0) +
	     1;
	if (c.ascii)
		x += tui_put(w, 1, x, c.ascii, "ASCII", ha, 1, 0) + 1;
	x += tui_put(w, 1, x, c.check, "CHECK", ha, 1, 0) + 1;
	tui_put(w, 1, x, c.decode, "DECODE", ha, 1, 0);
	if (!n) {
		tui_printf(w, 3, 2, tui_attr(m, TUI_ROLE_DIM), "%s",
		           m->trace.ring.n ? "No entry passes the filter (f changes it)."
		                           : "No frames yet.");
		return;
	}
	/* newest at the bottom: a short list sits at the top like a log */
	for (size_t i = 0; i < shown; i++)
		draw_entry(m, w, 2 + (int)i, tui_ring_get(&m->trace.ring, seqs[top + i]), &c,
		           top + i == l.sel);
}

static void trace_draw(const tui_model *m, WINDOW *w)
{
	uint64_t seqs[TUI_TRACE_CAP];
	size_t n = shown_seqs(m, seqs);
	uint64_t sel = selected(m, seqs, n);
	werase(w);
	if (m->trace.inspect && sel != UINT64_MAX)
		tui_trace_inspect_draw(m, tui_ring_get(&m->trace.ring, sel), w);
	else
		draw_list(m, w, seqs, n);
}

/* --- keys --------------------------------------------------------------- */

/* Up, Down, PgUp, PgDn, Home: move through the shown entries (leaving
 * follow mode); End follows the newest again. */
static unsigned move_key(tui_model *m, int ch)
{
	uint64_t seqs[TUI_TRACE_CAP];
	tui_trace *t = &m->trace;
	if (ch == KEY_END || ch == 'G') {
		if (t->follow)
			return TUI_R_HANDLED;
		t->follow = 1;
		return TUI_R_REDRAW_ALL;
	}
	size_t n = shown_seqs(m, seqs);
	tui_list l = as_list(m, seqs, n);
	int rows = list_rows(m);
	l.top = tui_list_top(&l, n, rows);
	if ((ch == KEY_DOWN || ch == 'j' || ch == KEY_NPAGE) && t->follow)
		return TUI_R_HANDLED; /* already at the newest */
	unsigned r = tui_list_key(&l, n, rows, ch);
	if (r == TUI_R_IGNORED || !n)
		return r;
	int was_following = t->follow;
	from_list(m, seqs, n, &l);
	return was_following ? TUI_R_REDRAW_ALL : r;
}

/* Another filter: the same moment stays selected (or the nearest entry
 * before it), and the list is full around it. */
static unsigned next_filter(tui_model *m)
{
	uint64_t seqs[TUI_TRACE_CAP];
	tui_trace *t = &m->trace;
	uint64_t sel = UINT64_MAX, top = 0;
	if (!t->follow) {
		size_t n = shown_seqs(m, seqs);
		sel = selected(m, seqs, n);
		top = t->top;
	}
	t->filter = (t->filter + 1) % TUI_FILTER_COUNT;
	if (!t->follow) {
		size_t n = shown_seqs(m, seqs);
		if (n) {
			t->sel = sel;
			t->top = top;
			tui_list l = as_list(m, seqs, n);
			tui_list_fix(&l, n, list_rows(m));
			from_list(m, seqs, n, &l);
		}
	}
	tui_status(m, TUI_STATUS_INFO, "trace filter: %s", tui_filter_name(t->filter));
	return TUI_R_REDRAW_ALL;
}

/* Another frame in the inspector: n next, p previous (through the filter). */
static unsigned other_frame(tui_model *m, int step)
{
	uint64_t seqs[TUI_TRACE_CAP];
	tui_trace *t = &m->trace;
	size_t n = shown_seqs(m, seqs);
	if (!n)
		return TUI_R_HANDLED;
	tui_list l = as_list(m, seqs, n);
	int rows = list_rows(m);
	l.top = tui_list_top(&l, n, rows);
	if ((step < 0 && l.sel == 0) || (step > 0 && l.sel + 1 >= n))
		return TUI_R_HANDLED;
	tui_list_select(&l, step < 0 ? l.sel - 1 : l.sel + 1, n, rows);
	from_list(m, seqs, n, &l);
	memset(&t->page, 0, sizeof t->page);
	t->page.pager = 1;
	return TUI_R_REDRAW_ALL;
}

/* Keys of the inspector: the page scrolls, n/p change the frame. */
static unsigned inspect_key(tui_model *m, int ch)
{
	uint64_t seqs[TUI_TRACE_CAP];
	tui_trace *t = &m->trace;
	switch (ch) {
	case 'n':
		return other_frame(m, 1);
	case 'p':
		return other_frame(m, -1);
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
		t->inspect = 0;
		return TUI_R_REDRAW_ALL;
	case 'w':
		t->write_req = 1;
		return TUI_R_HANDLED | TUI_R_WAKE;
	}
	size_t n = shown_seqs(m, seqs);
	uint64_t sel = selected(m, seqs, n);
	if (sel == UINT64_MAX)
		return TUI_R_IGNORED;
	/* the page's length at this width decides how far it scrolls */
	tui_page_line *lines = malloc(640 * sizeof *lines);
	int count =
	        lines ? tui_inspect_lines(m, tui_ring_get(&t->ring, sel), m->cols, lines, 640) : 0;
	free(lines);
	t->page.pager = 1;
	unsigned r = tui_list_key(&t->page, (size_t)count, tui_body_rows(m) - 1, ch);
	return r == TUI_R_IGNORED && ch == ' ' ? TUI_R_HANDLED : r;
}

/* n (dir 1) and N (-1): the next or previous entry matching the search,
 * from the selected one, through the filter, round the end. */
static unsigned find(tui_model *m, int dir)
{
	uint64_t seqs[TUI_TRACE_CAP];
	tui_trace *t = &m->trace;
	if (!t->search[0]) {
		tui_status(m, TUI_STATUS_INFO, "no search yet: / starts one");
		return TUI_R_REDRAW_ALL;
	}
	size_t n = shown_seqs(m, seqs), hits = 0, found = SIZE_MAX, rank = 0;
	tui_list l = as_list(m, seqs, n);
	int rows = list_rows(m);
	l.top = tui_list_top(&l, n, rows);
	for (size_t k = 1; k <= n && found == SIZE_MAX; k++) {
		size_t i = dir > 0 ? (l.sel + k) % n : (l.sel + n - k % n) % n;
		if (tui_trace_matches(tui_ring_get(&t->ring, seqs[i]), t->search))
			found = i;
	}
	if (found == SIZE_MAX) {
		tui_status(m, TUI_STATUS_ERROR, "no entry matches \"%s\" (filter: %s)", t->search,
		           tui_filter_name(t->filter));
		return TUI_R_REDRAW_ALL;
	}
	for (size_t i = 0; i < n; i++)
		if (tui_trace_matches(tui_ring_get(&t->ring, seqs[i]), t->search)) {
			hits++;
			rank += i <= found;
		}
	tui_list_select(&l, found, n, rows);
	from_list(m, seqs, n, &l);
	tui_status(m, TUI_STATUS_INFO, "\"%s\": match %zu of %zu (n next, N previous)", t->search,
	           rank, hits);
	return TUI_R_REDRAW_ALL;
}

static int search_submit(tui_model *m, const char *text)
{
	snprintf(m->trace.search, sizeof m->trace.search, "%s", text);
	if (text[0])
		find(m, 1);
	return 0;
}

/* a, t: the ASCII column and the kind of time, said in the status line */
static unsigned toggle(tui_model *m, int *flag, const char *on, const char *off)
{
	*flag = !*flag;
	tui_status(m, TUI_STATUS_INFO, "%s", *flag ? on : off);
	return TUI_R_REDRAW_ALL;
}

static unsigned trace_key(tui_model *m, int ch)
{
	uint64_t seqs[TUI_TRACE_CAP];
	tui_trace *t = &m->trace;
	if (t->inspect)
		return inspect_key(m, ch);
	unsigned r = move_key(m, ch);
	if (r != TUI_R_IGNORED)
		return r;
	switch (ch) {
	case 'f':
		return next_filter(m);
	case '/':
		tui_prompt_open(m, "search (hex bytes or text): ", search_submit);
		return TUI_R_REDRAW_ALL;
	case 'n':
		return find(m, 1);
	case 'N':
		return find(m, -1);
	case 'a':
		return toggle(m, &t->ascii, "ASCII column shown (a hides it)",
		              "ASCII column hidden (a shows it)");
	case 't':
		return toggle(m, &t->abs_time,
		              "times as the UTC clock (t: seconds since the start)",
		              "times in seconds since the start (t: the UTC clock)");
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
	case KEY_ENTER: {
		size_t n = shown_seqs(m, seqs);
		if (!n)
			return TUI_R_HANDLED;
		/* the inspected frame must not move away as new ones come */
		tui_list l = as_list(m, seqs, n);
		l.top = tui_list_top(&l, n, list_rows(m));
		from_list(m, seqs, n, &l);
		t->inspect = 1;
		memset(&t->page, 0, sizeof t->page);
		t->page.pager = 1;
		return TUI_R_REDRAW_ALL;
	}
	case KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
		return TUI_R_HANDLED;
	case 'w':
		t->write_req = 1;
		return TUI_R_HANDLED | TUI_R_WAKE;
	}
	return TUI_R_IGNORED;
}

static const char *trace_footer(const tui_model *m)
{
	if (m->trace.inspect)
		return "Esc back  Up/Down scroll  n/p next/previous frame  w write";
	/* scrolling keys are the obvious ones: the footer names the rest */
	return "Enter inspect  f filter  / search  a ASCII  t time  w write";
}

static const char *const trace_help[] = {
        "Up Down j k select a frame; scrolling up stops following",
        "PgUp PgDn   a page up / down (Home g: the oldest kept)",
        "End G       follow the newest frame again",
        "f           filter: all, errors only, TX only, RX only (the selected frame, or the "
        "one before it, stays selected)",
        "space       freeze the list (frames are still recorded)",
        "/           search: hex bytes (40 3F 10) or text in any column, the ASCII of "
        "the bytes included; n next, N previous match (round the end)",
        "a           an ASCII column beside the bytes (a bridge's message that arrived as "
        "GARBAGE reads as text)",
        "t           times in seconds since the start, or the UTC clock as in --log",
        "Enter       inspect the selected frame: fields, stuffing, CRC, every record",
        "            In the inspector: Up Down PgUp PgDn scroll, n p the next / previous "
        "frame, Esc back",
        "w           write the trace to ./kmpterm-trace-DATE-TIME.log (as --log would); a "
        "write that fails leaves no file",
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
