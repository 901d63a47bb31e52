/* identify_draw.c - the body of view 5, "Identify" (see identify_view.h):
 * what it does now, each try as it ended, then the verdict, the meter,
 * the hint, what became of the line settings and the config lines.  The
 * text is laid out as rows first (so the view can scroll and the tests
 * can count), then drawn from the scroll position. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "client/trace_fmt.h"
#include "kmp/family.h"
#include "kmp/value.h"
#include "tui/colors.h"
#include "tui/identify_view.h"
#include "tui/view.h"
#include "tui/widgets.h"

#define LABEL_COLS 11 /* "verdict    " */
#define ROWS_MAX 64

typedef struct id_rows {
	char text[ROWS_MAX][256];
	tui_role role[ROWS_MAX];
	int n;
} id_rows;

static void add(id_rows *r, tui_role role, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void add(id_rows *r, tui_role role, const char *fmt, ...)
{
	if (r->n >= ROWS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->text[r->n], sizeof r->text[r->n], fmt, ap);
	va_end(ap);
	r->role[r->n++] = role;
}

/* label, then text wrapped at spaces into `cols` columns, continuation
 * rows indented under the text */
static void add_wrapped(id_rows *r, tui_role role, const char *label, const char *text, int cols)
{
	int width = cols - LABEL_COLS - 1;
	if (width < 20)
		width = 20;
	const char *p = text;
	int first = 1;
	while (*p) {
		size_t n = strlen(p);
		if ((int)n > width) {
			n = (size_t)width;
			while (n > 0 && p[n] != ' ')
				n--;
			if (!n)
				n = (size_t)width;
		}
		add(r, role, "%-*s%.*s", LABEL_COLS, first ? label : "", (int)n, p);
		first = 0;
		p += n;
		while (*p == ' ')
			p++;
	}
	if (first)
		add(r, role, "%s", label);
}

static const char *try_settings(const kmp_id_try *t, char *buf, size_t cap)
{
	if (t->bridge)
		snprintf(buf, cap, "the bridge's");
	else if (t->protocol == KMP_ID_PROTO_LEGACY)
		snprintf(buf, cap, "300/1200 7E2");
	else
		kmp_id_line_text(&t->line, buf, cap);
	return buf;
}

static void add_tries(id_rows *r, const kmp_identify *id)
{
	char s[32];
	add(r, TUI_ROLE_HEAD, "  #  %-14s %-9s %-10s %s", "SETTINGS", "PROTOCOL", "RESULT", "ECHO");
	for (size_t i = 0; i < id->n_tried; i++) {
		const kmp_id_try *t = &id->tried[i];
		add(r, t->result == KMP_IDR_ANSWER ? TUI_ROLE_OK : TUI_ROLE_NORMAL,
		    "%3zu  %-14s %-9s %-10s %s", i + 1, try_settings(t, s, sizeof s),
		    t->protocol == KMP_ID_PROTO_LEGACY ? "legacy" : "KMP",
		    kmp_id_result_name(t->result), t->echo ? "yes" : "no");
	}
}

static void add_meter(id_rows *r, const kmp_identify *id)
{
	char v[KMP_VALUE_TEXT_MAX], name[48];
	if (id->have_type) {
		const char *model = kmp_identify_model(id);
		add(r, TUI_ROLE_NORMAL, "%-*stype 0x%04X (%u)%s%s, sw %s%s", LABEL_COLS, "meter",
		    id->meter_type, id->meter_type, model ? ": " : "", model ? model : "",
		    id->sw_revision, model ? "" : " (no public source names the code)");
		if (id->have_serial)
			add(r, TUI_ROLE_NORMAL, "%-*s%lu", LABEL_COLS, "serial",
			    (unsigned long)id->serial);
		add(r, TUI_ROLE_NORMAL, "%-*s%s%s%s%s", LABEL_COLS, "family",
		    id->family != KMP_FAMILY_UNKNOWN ? kmp_family_name(id->family) : "unknown",
		    id->family_from ? " (from the " : "", id->family_from ? id->family_from : "",
		    id->family_from ? ")" : "");
		for (size_t i = 0; i < id->n_type_regs; i++) {
			const kmp_id_type_reg *t = &id->type_regs[i];
			kmp_value_text(&t->value, t->unit, v, sizeof v);
			add(r, TUI_ROLE_NORMAL, "%-*s%u %s: %s", LABEL_COLS, "register", t->id,
			    kmp_register_name(id->family, t->id, name, sizeof name), v);
		}
	}
	if (id->have_legacy1) {
		const char *model = kmp_identify_model(id);
		add(r, TUI_ROLE_NORMAL, "%-*s%s", LABEL_COLS, "meter", model ? model : "legacy");
		add(r, TUI_ROLE_NORMAL,
		    "%-*s/#1 answered%s: kmpterm --protocol legacy read shows it", LABEL_COLS,
		    "data", id->have_legacy2 ? " (and /#2)" : "");
	}
}

static void layout(const tui_model *m, int cols, id_rows *r)
{
	const tui_identify *v = tui_identify_state(m);
	char buf[2048], line[32];
	r->n = 0;
	if (!v)
		return;
	const kmp_identify *id = &v->id;
	if (v->running) {
		double s = (double)(m->now_us - id->start_us) / 1e6;
		add(r, TUI_ROLE_TITLE, "identify: running %.1f s: %s", s, v->progress);
	} else if (!v->ran) {
		add(r, TUI_ROLE_TITLE, "identify: %s",
		    v->start_req || v->waiting ? v->progress
		                               : "r runs it (it asks only read requests)");
		if (!v->ran && !v->running)
			return;
	} else {
		add(r, TUI_ROLE_TITLE, "identify: %s after %.1f s (r runs it again)",
		    v->stopped ? "stopped" : "done", (double)(id->end_us - id->start_us) / 1e6);
	}
	if (id->heard != KMP_HEARD_NOTHING)
		add(r, TUI_ROLE_WARN, "%-*s%s before anything was sent: %s", LABEL_COLS, "heard",
		    kmp_id_heard_name(id->heard),
		    kmp_bytes_quoted(id->heard_bytes, id->heard_len, buf, 120));
	else if (id->step > 0 || v->ran)
		add(r, TUI_ROLE_NORMAL, "%-*snothing before anything was sent", LABEL_COLS,
		    "heard");
	add_tries(r, id);
	if (!v->ran)
		return;
	add(r, TUI_ROLE_NORMAL, "%s", "");
	if (v->stopped) {
		add_wrapped(r, TUI_ROLE_WARN, "verdict", "none: stopped before the end", cols);
	} else {
		int ok = kmp_identify_answered(id);
		char verdict[160];
		if (ok && id->protocol == KMP_ID_PROTO_KMP && !id->tcp)
			snprintf(verdict, sizeof verdict, "%s: %s at %s",
			         kmp_id_verdict_name(id->verdict),
			         kmp_id_verdict_words(id->verdict),
			         kmp_id_line_text(&id->settings, line, sizeof line));
		else
			snprintf(verdict, sizeof verdict, "%s: %s",
			         kmp_id_verdict_name(id->verdict),
			         kmp_id_verdict_words(id->verdict));
		add_wrapped(r, ok ? TUI_ROLE_OK : TUI_ROLE_ERR, "verdict", verdict, cols);
		add(r, TUI_ROLE_NORMAL, "%-*s%s", LABEL_COLS, "echo",
		    id->echo ? "yes: the head echoes what it sends" : "no");
		if (id->text_seen)
			add(r, TUI_ROLE_WARN, "%-*s%s", LABEL_COLS, "text",
			    kmp_bytes_quoted(id->text_bytes, id->text_len, buf, 160));
		add_meter(r, id);
		add_wrapped(r, TUI_ROLE_NORMAL, "hint", kmp_identify_hint(id, buf, sizeof buf),
		            cols);
	}
	if (v->after[0])
		add_wrapped(r, TUI_ROLE_WARN, "line", v->after, cols);
	if (id->tcp && !v->stopped)
		add_wrapped(r, TUI_ROLE_NORMAL, "ser2net",
		            kmp_identify_ser2net(id, buf, sizeof buf), cols);
	kmp_identify_config(id, buf, sizeof buf);
	if (buf[0] && !v->stopped) {
		add(r, TUI_ROLE_NORMAL, "%-*s(for ~/.config/kmpterm/config)", LABEL_COLS, "config");
		for (char *p = buf; *p;) {
			char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			add(r, TUI_ROLE_OK, "%-*s%.*s", LABEL_COLS, "", (int)n, p);
			p += n + (nl ? 1 : 0);
		}
	}
}

int tui_identify_rows(const tui_model *m, int cols)
{
	static id_rows r; /* ~16 KB: not on the stack; the one thread draws */
	layout(m, cols, &r);
	return r.n;
}

void tui_identify_draw(const tui_model *m, WINDOW *w)
{
	static id_rows r;
	const tui_identify *v = tui_identify_state(m);
	int h = getmaxy(w), cols = getmaxx(w);
	werase(w);
	layout(m, cols, &r);
	int top = v ? v->scroll : 0;
	if (top > r.n - h)
		top = r.n - h > 0 ? r.n - h : 0;
	for (int y = 0; y < h && top + y < r.n; y++) {
		tui_role role = r.role[top + y];
		attr_t a = tui_attr(m, role);
		if (role == TUI_ROLE_TITLE || role == TUI_ROLE_HEAD)
			a |= A_BOLD;
		tui_put(w, y, 1, cols - 2, r.text[top + y], a, 0, 0);
	}
	if (top + h < r.n)
		tui_put(w, h - 1, cols - 13, 12, "(more: Down)", tui_attr(m, TUI_ROLE_DIM), 0, 1);
}
