/* scan_draw.c - the body of view 4 (see scan_view.h).  Reads the view's
 * snapshot (`p`, `core`) and the model; never the scanner's driver or the
 * client.  Every state is said in words: the bar's colour only repeats
 * RUNNING / PAUSED / DONE / STOPPED. */
#include <stdio.h>
#include <string.h>

#include "kmp/family.h"
#include "kmp/meter_type.h"
#include "kmp/tables.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/scan_view.h"
#include "tui/widgets.h"

/* Rows above the table: title, bar, two rows of counts, then the
 * message: two rows, one on a short screen so the table keeps a row. */
static int msg_rows(int body)
{
	return body >= 14 ? 2 : 1;
}
static int top_rows(int body)
{
	return 4 + msg_rows(body);
}

/* --- helpers ------------------------------------------------------------- */

/* Put s in up to `rows` rows from (y, x), broken at spaces.  Returns the
 * rows used. */
static int put_wrapped(WINDOW *w, int y, int x, int rows, const char *s, attr_t a)
{
	int width = getmaxx(w) - x - 1, used = 0;
	while (*s && used < rows && width > 0) {
		int len = (int)strlen(s);
		int take = len;
		if (tui_text_width(s) > width && used + 1 < rows) {
			/* the last space that keeps the row inside the width */
			take = 0;
			for (int i = 0; i < len && i <= width; i++)
				if (s[i] == ' ')
					take = i;
			if (!take)
				take = width;
		}
		char line[512];
		snprintf(line, sizeof line, "%.*s", take, s);
		tui_put(w, y + used, x, width, line, a, 0, 0);
		used++;
		s += take;
		while (*s == ' ')
			s++;
	}
	return used;
}

static int in_live_table(const tui_model *m, uint16_t id)
{
	for (size_t i = 0; i < m->regs.n; i++)
		if (m->regs.rows[i].id == id)
			return 1;
	return 0;
}

/* --- before the first scan ----------------------------------------------- */

/* Whose names the table gives: the family's, or every table's. */
static const char *names_text(int family, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s",
	         family == KMP_FAMILY_UNKNOWN ? "all families"
	                                      : kmp_family_name((kmp_family)family));
	return buf;
}

static void draw_intro(const tui_model *m, const tui_scan_view *sv, WINDOW *w)
{
	char t[32], tk[32], fam[96];
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	unsigned long ids = (unsigned long)sv->to - sv->from + 1;
	size_t known = tui_scan_known_in(sv, sv->from, sv->to);
	tui_printf(w, 0, 1, A_BOLD, "Range %u..%u (%lu ID%s), %zu of them known", sv->from, sv->to,
	           ids, ids == 1 ? "" : "s", known);
	tui_printf(w, 1, 1, A_NORMAL,
	           "known IDs about %s, all of it about %s (%u baud, %u IDs a request)",
	           tui_scan_fmt_duration(tui_scan_estimate_ids_s(known, sv->batch, sv->baud), tk,
	                                 sizeof tk),
	           tui_scan_fmt_duration(tui_scan_estimate_s(sv->from, sv->to, sv->batch, sv->baud),
	                                 t, sizeof t),
	           sv->baud, sv->batch);
	tui_printf(w, 2, 1, A_NORMAL, "known IDs and names: %s%s",
	           names_text(m->family, fam, sizeof fam),
	           m->family == KMP_FAMILY_UNKNOWN ? " (--family names one)" : "");
	tui_printf(w, 4, 1, A_NORMAL,
	           "s  start: the IDs public sources name first, then f asks the rest");
	tui_printf(w, 5, 1, A_NORMAL, "f  every ID of the range at once");
	tui_printf(w, 6, 1, A_NORMAL,
	           "r  change the range (A-B, decimal or 0x hex: 0-2000, 0x3E8-0x7D0)");
	int y = 8;
	y += put_wrapped(w, y, 1, 2,
	                 "Read-only: the scan sends GetRegister and nothing else. A valid reply "
	                 "settles the IDs it was asked; a failure proves nothing: asked again.",
	                 dim);
	y += put_wrapped(w, y, 1, 2,
	                 "View 1 does not poll while the scan runs. Every exchange keeps the "
	                 "meter's optical port awake and costs battery.",
	                 dim);
	put_wrapped(w, y, 1, 2,
	            "If the meter stops answering, the scan pauses and says why; s goes on. "
	            "Found registers go to view 1 with + (A: all of them).",
	            dim);
}

/* IDs of from..to the scan shown has not settled. */
static unsigned long left_in(const kmp_scan *s, uint16_t from, uint16_t to)
{
	unsigned long n = 0;
	for (uint32_t id = from; id <= to; id++)
		n += !kmp_scan_is_done(s, (uint16_t)id);
	return n;
}

/* --- the progress block -------------------------------------------------- */

static const char *state_word(const tui_scan_view *sv, tui_role *role)
{
	*role = TUI_ROLE_OK;
	if (sv->stopped) {
		*role = TUI_ROLE_WARN;
		return "STOPPED";
	}
	switch (sv->p.state) {
	case KMP_SCAN_RUNNING:
		return "RUNNING";
	case KMP_SCAN_PAUSED:
		*role = sv->p.pause == KMP_SCAN_PAUSE_USER ? TUI_ROLE_WARN : TUI_ROLE_ERR;
		return "PAUSED";
	case KMP_SCAN_DONE:
		return "DONE";
	}
	return "";
}

static void draw_title(const tui_model *m, const tui_scan_view *sv, WINDOW *w)
{
	const kmp_scan_progress *p = &sv->p;
	char buf[160];
	size_t o;
	if (sv->pass == TUI_SCAN_PASS_KNOWN)
		o = (size_t)snprintf(buf, sizeof buf, "Known IDs of %u..%u (%lu)", p->from, p->to,
		                     (unsigned long)p->total);
	else
		o = (size_t)snprintf(buf, sizeof buf, "%s %u..%u (%lu IDs)",
		                     sv->pass == TUI_SCAN_PASS_REST ? "Rest of" : "Scan", p->from,
		                     p->to, (unsigned long)p->total);
	if (p->state != KMP_SCAN_DONE && !sv->stopped) {
		o += (size_t)snprintf(buf + o, sizeof buf - o, "   at ID %lu",
		                      (unsigned long)p->next_id);
		if (p->pass > 1)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "   pass %u", p->pass);
		if (p->piece && p->piece < sv->batch_used)
			snprintf(buf + o, sizeof buf - o, "   halving: %u ID%s/request", p->piece,
			         p->piece == 1 ? "" : "s");
	}
	tui_role role;
	const char *word = state_word(sv, &role);
	int ww = (int)strlen(word) + 2;
	tui_put(w, 0, 1, getmaxx(w) - ww - 2, buf, A_BOLD, 1, 0);
	tui_put(w, 0, getmaxx(w) - ww - 1, ww, word, tui_attr(m, role) | A_BOLD, 1, 1);
}

/* [#####.....] 45.2%  904/2001 IDs; the colour repeats the state word. */
static void draw_bar(const tui_model *m, const tui_scan_view *sv, WINDOW *w, int y)
{
	static const char *const eighths[] = {"",       "\u258f", "\u258e", "\u258d",
	                                      "\u258c", "\u258b", "\u258a", "\u2589"};
	const kmp_scan_progress *p = &sv->p;
	char tail[64];
	/* rounded down: 100.0% only when every ID is settled */
	unsigned permille =
	        p->total ? (unsigned)((unsigned long long)p->done * 1000u / p->total) : 1000u;
	/* which pass it is, in words: the bar of the known IDs fills long
	 * before the range is scanned */
	if (sv->pass == TUI_SCAN_PASS_KNOWN)
		snprintf(tail, sizeof tail, " %3u.%u%%  known IDs: %lu/%lu", permille / 10,
		         permille % 10, (unsigned long)p->done, (unsigned long)p->total);
	else
		snprintf(tail, sizeof tail, " %3u.%u%%  %s%lu/%lu IDs", permille / 10,
		         permille % 10, sv->pass == TUI_SCAN_PASS_REST ? "rest of range: " : "",
		         (unsigned long)p->done, (unsigned long)p->total);
	int width = getmaxx(w) - 1 - 2 - (int)strlen(tail) - 1;
	if (width < 4)
		width = 4;
	tui_role role;
	state_word(sv, &role);
	attr_t a = tui_attr(m, role);
	long long cells8 = p->total ? (long long)p->done * width * 8 / p->total : width * 8;
	/* ASCII has no partial cell: round to the nearest whole one */
	if (!m->utf8)
		cells8 += 4;
	int full = (int)(cells8 / 8), part = (int)(cells8 % 8);
	if (p->done < p->total && full >= width) {
		full = width - 1; /* a full bar only when it is */
		part = 0;
	}
	wattrset(w, A_NORMAL);
	mvwaddstr(w, y, 1, "[");
	wattrset(w, a);
	for (int i = 0; i < width; i++) {
		if (i < full)
			waddstr(w, m->utf8 ? "\u2588" : "#");
		else if (i == full && part && m->utf8)
			waddstr(w, eighths[part]);
		else {
			wattrset(w, tui_attr(m, TUI_ROLE_DIM));
			waddstr(w, m->utf8 ? "\u00b7" : ".");
		}
	}
	wattrset(w, A_NORMAL);
	waddstr(w, "]");
	waddstr(w, tail);
}

static void draw_counts(const tui_model *m, const tui_scan_view *sv, WINDOW *w, int y)
{
	const kmp_scan_progress *p = &sv->p;
	char eta[32], el[32], fam[96];
	int x;
	tui_printf(w, y, 1, A_NORMAL, "found %zu (%zu discover%s)   requests %lu   failures %lu",
	           p->found, p->discoveries, p->discoveries == 1 ? "y" : "ies", p->requests,
	           p->failures);
	tui_scan_fmt_duration(p->elapsed_s, el, sizeof el);
	if (p->state == KMP_SCAN_DONE || sv->stopped)
		tui_printf(w, y + 1, 1, A_NORMAL, "rate %.1f IDs/s   took %s", p->rate, el);
	else if (p->state == KMP_SCAN_PAUSED)
		tui_printf(w, y + 1, 1, A_NORMAL, "rate %.1f IDs/s   ETA -- (paused)   elapsed %s",
		           p->rate, el);
	else
		tui_printf(w, y + 1, 1, A_NORMAL, "rate %.1f IDs/s   ETA %s   elapsed %s", p->rate,
		           tui_scan_fmt_duration(p->eta_s, eta, sizeof eta), el);
	/* the names in the table follow the family (issue 12) */
	x = getcurx(w);
	tui_printf(w, y + 1, x, tui_attr(m, TUI_ROLE_DIM), "   names: %s",
	           sv->family == KMP_FAMILY_UNKNOWN ? names_text(sv->family, fam, sizeof fam)
	                                            : kmp_family_key((kmp_family)sv->family));
}

/* The unresolved IDs, a few of them, for the summary. */
static void unresolved_text(const tui_scan_view *sv, char *buf, size_t cap)
{
	uint16_t ids[6];
	size_t n = kmp_scan_unresolved(sv->core, ids, 6), o = 0;
	buf[0] = '\0';
	if (!n)
		return;
	o += (size_t)snprintf(buf, cap, "%zu ID%s got no valid answer (", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && i < 6 && o < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%u", i ? " " : "", ids[i]);
	if (o < cap)
		snprintf(buf + o, cap - o, "%s): not marked absent; s scans again.",
		         n > 6 ? " ..." : "");
}

/* Two rows under the counts: why it paused, the summary, or what the
 * latest exchange did. */
static void draw_message(const tui_model *m, const tui_scan_view *sv, WINDOW *w, int y)
{
	const kmp_scan_progress *p = &sv->p;
	char buf[512], un[160];
	if (sv->stopped) {
		int known = sv->pass == TUI_SCAN_PASS_KNOWN;
		snprintf(buf, sizeof buf,
		         "Stopped at ID %lu with %lu of %lu %sIDs settled. f %s, skipping them "
		         "(as scan --out FILE --resume does); s starts again.",
		         (unsigned long)p->next_id, (unsigned long)p->done, (unsigned long)p->total,
		         known ? "known " : "", known ? "asks the whole range" : "goes on");
		put_wrapped(w, y, 1, msg_rows(getmaxy(w)), buf, tui_attr(m, TUI_ROLE_WARN));
		return;
	}
	if (p->state == KMP_SCAN_PAUSED) {
		const char *why = p->pause == KMP_SCAN_PAUSE_OUTPUT && p->error && p->error[0]
		                          ? p->error
		                          : p->pause_text;
		if (p->pause == KMP_SCAN_PAUSE_USER)
			snprintf(buf, sizeof buf,
			         "Paused by you. s resumes, x stops (the results stay).");
		else if (p->pause == KMP_SCAN_PAUSE_LINK)
			snprintf(buf, sizeof buf, "Paused: %s.", why);
		else
			snprintf(buf, sizeof buf, "Paused: %s s resumes, x stops.", why);
		/* the scanner's texts end without a full stop or with a '?' */
		put_wrapped(w, y, 1, msg_rows(getmaxy(w)), buf,
		            tui_attr(m, p->pause == KMP_SCAN_PAUSE_USER ? TUI_ROLE_WARN
		                                                        : TUI_ROLE_ERR));
		return;
	}
	if (p->state == KMP_SCAN_DONE && sv->pass == TUI_SCAN_PASS_KNOWN && sv->core) {
		char t[32];
		unsigned long left = left_in(sv->core, p->from, p->to);
		unresolved_text(sv, un, sizeof un);
		snprintf(buf, sizeof buf,
		         "Known IDs done: %zu register%s among %lu known IDs of %u..%u. f asks the "
		         "rest of the range (%lu IDs, about %s), skipping these. %s",
		         p->found, p->found == 1 ? "" : "s", (unsigned long)p->total, p->from,
		         p->to, left,
		         tui_scan_fmt_duration(
		                 tui_scan_estimate_ids_s(left, sv->batch_used, sv->baud), t,
		                 sizeof t),
		         un);
		put_wrapped(w, y, 1, msg_rows(getmaxy(w)), buf,
		            un[0] ? tui_attr(m, TUI_ROLE_WARN) : A_BOLD);
		return;
	}
	if (p->state == KMP_SCAN_DONE) {
		char disc[96];
		if (!p->discoveries)
			snprintf(disc, sizeof disc, "all in the register table");
		else
			snprintf(disc, sizeof disc,
			         "%zu of them discover%s (not in the register table)",
			         p->discoveries, p->discoveries == 1 ? "y" : "ies");
		unresolved_text(sv, un, sizeof un);
		if (un[0])
			snprintf(buf, sizeof buf, "Done: %zu register%s in %u..%u. %s", p->found,
			         p->found == 1 ? "" : "s", p->from, p->to, un);
		else
			snprintf(buf, sizeof buf, "Done: %zu register%s in %u..%u, %s. %s%s",
			         p->found, p->found == 1 ? "" : "s", p->from, p->to, disc,
			         sv->export_path[0] ? "Saved as "
			                            : "e saves a CSV, A adds all to view 1.",
			         sv->export_path);
		put_wrapped(w, y, 1, msg_rows(getmaxy(w)), buf,
		            un[0] ? tui_attr(m, TUI_ROLE_WARN) : A_BOLD);
		return;
	}
	if (sv->event[0])
		put_wrapped(w, y, 1, msg_rows(getmaxy(w)), sv->event, tui_attr(m, TUI_ROLE_DIM));
}

/* --- the table of found registers ---------------------------------------- */

typedef struct scan_cols {
	int id, name, value, unit, len, live;
} scan_cols;

static void layout(const tui_model *m, const kmp_scan *s, int width, scan_cols *c)
{
	char v[KMP_VALUE_TEXT_MAX], u[32];
	c->id = 5;
	c->value = 5;
	c->unit = 4;
	c->len = 3;
	c->live = 9;
	for (size_t i = 0; s && i < s->n_found; i++) {
		const kmp_scan_reg *r = &s->found[i];
		if (kmp_value_text(&r->value, r->unit, v, sizeof v) >= 0) {
			int vw = tui_text_width(v);
			c->value = vw > c->value ? vw : c->value;
		}
		int uw = tui_text_width(tui_unit_short(m, r->unit, u, sizeof u));
		c->unit = uw > c->unit ? uw : c->unit;
	}
	c->value = c->value > 24 ? 24 : c->value;
	c->unit = c->unit > 10 ? 10 : c->unit;
	/* 2: the selection glyph and a space; one space between columns */
	int room = width - (2 + c->id + 1 + 1 + c->value + 1 + c->unit + 1 + c->len + 1 + c->live);
	/* the name column as wide as its longest name: the value stays
	 * next to it instead of across a wide screen */
	c->name = (int)strlen("(discovery)");
	for (size_t i = 0; s && i < s->n_found; i++)
		if (s->found[i].name && tui_text_width(s->found[i].name) > c->name)
			c->name = tui_text_width(s->found[i].name);
	c->name = c->name < room ? c->name : room;
	if (c->name < 8)
		c->name = 8;
}

static void draw_heading(const tui_model *m, WINDOW *w, int y, const scan_cols *c)
{
	attr_t a = tui_attr(m, TUI_ROLE_HEAD);
	int x = 2;
	tui_fill_row(w, y, 0, a);
	x += tui_put(w, y, x, c->id, "ID", a, 1, 1) + 1;
	x += tui_put(w, y, x, c->name, "NAME", a, 1, 0) + 1;
	x += tui_put(w, y, x, c->value, "VALUE", a, 1, 1) + 1;
	x += tui_put(w, y, x, c->unit, "UNIT", a, 1, 0) + 1;
	x += tui_put(w, y, x, c->len, "LEN", a, 1, 1) + 1;
	tui_put(w, y, x, c->live, "IN VIEW 1", a, 1, 0);
}

static void draw_reg(const tui_model *m, WINDOW *w, int y, const kmp_scan_reg *r,
                     const scan_cols *c, int sel)
{
	char v[KMP_VALUE_TEXT_MAX], buf[32];
	attr_t norm = sel ? A_REVERSE : A_NORMAL;
	if (sel)
		tui_fill_row(w, y, 0, norm);
	tui_put(w, y, 0, 2, sel ? tui_glyph_str(m, TUI_G_ARROW) : " ", norm, 1, 0);
	int x = 2;
	snprintf(buf, sizeof buf, "%u", r->id);
	x += tui_put(w, y, x, c->id, buf, norm, 1, 1) + 1;
	/* a discovery is the point of a scan: say it in words, bold too */
	x += tui_put(w, y, x, c->name, r->name ? r->name : "(discovery)",
	             r->name ? norm : norm | A_BOLD, 1, 0) +
	     1;
	if (kmp_value_text(&r->value, r->unit, v, sizeof v) < 0)
		snprintf(v, sizeof v, "(too long)");
	x += tui_put(w, y, x, c->value, v, norm, 1, 1) + 1;
	x += tui_put(w, y, x, c->unit, tui_unit_short(m, r->unit, buf, sizeof buf), norm, 1, 0) + 1;
	snprintf(buf, sizeof buf, "%u", r->value.len);
	x += tui_put(w, y, x, c->len, buf, norm, 1, 1) + 1;
	tui_put(w, y, x, c->live, in_live_table(m, r->id) ? "yes" : "", norm, 1, 0);
}

/* Rows of the found list in a body of `body` rows: below the top block
 * and the heading, one row kept for "rows x-y of N". */
static int table_rows(int body)
{
	int h = body - top_rows(body) - 2;
	return h > 1 ? h : 1;
}

int tui_scan_table_rows(const tui_model *m)
{
	return table_rows(tui_body_rows(m));
}

static void draw_table(const tui_model *m, const tui_scan_view *sv, WINDOW *w, int y0)
{
	const kmp_scan *s = sv->core;
	char range[64];
	scan_cols c;
	if (getmaxy(w) - y0 < 2)
		return;
	layout(m, s, getmaxx(w), &c);
	draw_heading(m, w, y0, &c);
	size_t n = s ? s->n_found : 0;
	if (!n) {
		int over = sv->p.state == KMP_SCAN_DONE || sv->stopped;
		tui_printf(w, y0 + 2, 2, tui_attr(m, TUI_ROLE_DIM), "%s",
		           over ? "The meter answered no ID of this range."
		                : "Nothing found yet: registers show here as the scan finds them.");
		return;
	}
	int rows = table_rows(getmaxy(w));
	size_t top = tui_list_top(&sv->list, n, rows),
	       sel = sv->list.sel < n ? sv->list.sel : n - 1;
	for (int i = 0; i < rows && top + (size_t)i < n; i++)
		draw_reg(m, w, y0 + 1 + i, &s->found[top + (size_t)i], &c, top + (size_t)i == sel);
	/* where the rows shown are, when some are not */
	if ((size_t)rows < n)
		tui_printf(w, getmaxy(w) - 1, 2, tui_attr(m, TUI_ROLE_DIM),
		           "%s   Up/Down PgUp/PgDn scroll",
		           tui_list_range(&sv->list, n, rows, range, sizeof range));
}

void tui_scan_draw(const tui_model *m, WINDOW *w)
{
	const tui_scan_view *sv = tui_scan_state(m);
	werase(w);
	if (!sv)
		return;
	if (!sv->shown) {
		draw_intro(m, sv, w);
		return;
	}
	draw_title(m, sv, w);
	draw_bar(m, sv, w, 1);
	draw_counts(m, sv, w, 2);
	draw_message(m, sv, w, 4);
	draw_table(m, sv, w, top_rows(getmaxy(w)));
}
