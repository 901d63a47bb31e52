/* trace_inspect.c - Enter in view 2: one frame taken apart from the bytes
 * kept in the ring (decoded again with kmp_frame_decode and
 * kmp_msg_decode, so the inspector shows what the codec sees, not what
 * the list summarised).
 *
 * The page is built as lines (tui_inspect_lines) and drawn from the
 * scroll position: nothing is left out on a small screen, Up/Down reach
 * every byte and every record. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/infocodes.h"
#include "kmp/meter_type.h"
#include "kmp/msg.h"
#include "kmp/tables.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/trace_find.h"
#include "tui/view_parts.h"
#include "tui/widgets.h"

#define LABEL_W 13
/* Lines a page can have: a full frame's wire, stuffed data, data and
 * records fit with room to spare. */
#define PAGE_MAX 640

/* The page under construction. */
typedef struct page {
	tui_page_line *out;
	int cap, n;
	int width; /* of the text, after the label column */
} page;

static void add(page *p, const char *label, tui_role role, int bold, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

/* Append a line (past cap it is only counted). */
static void add(page *p, const char *label, tui_role role, int bold, const char *fmt, ...)
{
	va_list ap;
	if (p->n++ >= p->cap)
		return;
	tui_page_line *l = &p->out[p->n - 1];
	snprintf(l->label, sizeof l->label, "%s", label ? label : "");
	l->role = role;
	l->bold = bold;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
}

/* Hex of b[0..n) in rows of whole groups of 8 bytes (up to 32 a row) as
 * wide as the page allows, then a dim line with the count. */
static void hex_rows(page *p, const char *label, const uint8_t *b, size_t n, const char *what)
{
	char buf[3 * 32 + 8];
	size_t per = (size_t)(p->width + 1) / 3;
	per = per >= 8 ? per / 8 * 8 : per < 1 ? 1 : per;
	per = per > 32 ? 32 : per;
	for (size_t i = 0; i < n; i += per) {
		size_t k = n - i < per ? n - i : per;
		add(p, i ? "" : label, TUI_ROLE_NORMAL, 0, "%s",
		    kmp_hex(b + i, k, buf, sizeof buf));
	}
	add(p, n ? "" : label, TUI_ROLE_DIM, 0, "%s%zu byte%s %s", n ? "" : "(none) ", n,
	    n == 1 ? "" : "s", what);
}

/* Where the data field lies in the stuffed body (the bytes between start
 * and stop): destuff one byte at a time and note where logical byte 2
 * (after DST and CID) and the CRC begin.  0 on a stuffing error. */
static int data_span(const uint8_t *body, size_t n, size_t data_len, size_t *from, size_t *to)
{
	size_t logical = 0;
	*from = *to = n;
	for (size_t i = 0; i < n; logical++) {
		if (logical == 2)
			*from = i;
		if (logical == 2 + data_len) {
			*to = i;
			return 1;
		}
		if (body[i] == KMP_ESC) {
			if (i + 1 >= n)
				return 0;
			i += 2;
		} else {
			i++;
		}
	}
	return 0;
}

static const char *addr_name(uint8_t a)
{
	switch (a) {
	case KMP_ADDR_HEAT:
		return "heat meter";
	case KMP_ADDR_LOGGER_TOP:
		return "logger top module";
	case KMP_ADDR_LOGGER_BASE:
		return "logger base module";
	default:
		return "unusual address";
	}
}

/* Screen columns of the value and name columns of the records. */
#define VALUE_COLS 18
#define NAME_COLS_MAX 34

static const char *record_name(const kmp_record *r)
{
	const kmp_register_info *info = kmp_register_lookup(r->id);
	return info ? info->name : "(unknown ID)";
}

/* An info-code register's flags under its record, by name and text, one
 * line each: which bit means what depends on the family. */
static void info_flags(const tui_model *m, page *p, const kmp_record *r)
{
	kmp_flag fl[KMP_FLAGS_MAX];
	kmp_family fam = (kmp_family)tui_meter_family(m);
	if (!kmp_info_register(fam, r->id)) {
		/* a register that carries flags on some family: say what is missing */
		for (int f = 1; f < KMP_FAMILY_COUNT; f++)
			if (fam == KMP_FAMILY_UNKNOWN && kmp_info_register((kmp_family)f, r->id)) {
				add(p, "", TUI_ROLE_DIM, 0,
				    "        flags: the meter's family is not known (--family)");
				return;
			}
		return;
	}
	int n = kmp_info_flags(fam, r->id, &r->value, fl, KMP_FLAGS_MAX);
	if (n < 0) {
		add(p, "", TUI_ROLE_ERR, 0, "        flags: %s for %s", kmp_strerror(n),
		    kmp_family_key(fam));
		return;
	}
	if (n == 0) {
		add(p, "", TUI_ROLE_OK, 0, "        flags: none set (%s)", kmp_family_key(fam));
		return;
	}
	for (int i = 0; i < n; i++)
		add(p, "", fl[i].known ? TUI_ROLE_WARN : TUI_ROLE_DIM, 0, "        flag %s: %s",
		    fl[i].name, fl[i].text);
}

/* One line per record: ID, value with unit, name, the record's bytes.
 * Columns are padded by screen columns ("m³" is 3 bytes, 2 columns); the
 * name column is as wide as the longest name (up to NAME_COLS_MAX) and
 * the page allows. */
static void records(const tui_model *m, page *p, const kmp_msg *msg, const kmp_frame *f)
{
	char v[KMP_VALUE_TEXT_MAX + 40], hex[3 * (5 + KMP_MANTISSA_MAX) + 8];
	char vcol[3 * VALUE_COLS + 8], ncol[3 * NAME_COLS_MAX + 8];
	if (!msg->n_records) {
		add(p, "Records", TUI_ROLE_NORMAL, 0, "none (the meter left every asked ID out)");
		return;
	}
	int name_w = 8;
	for (size_t i = 0; i < msg->n_records; i++) {
		int w = tui_text_width(record_name(&msg->records[i]));
		name_w = w > name_w ? w : name_w;
	}
	int room = p->width - (5 + 3 + VALUE_COLS + 1);
	name_w = name_w > NAME_COLS_MAX ? NAME_COLS_MAX : name_w;
	name_w = name_w > room ? room : name_w;
	for (size_t i = 0; i < msg->n_records; i++) {
		const kmp_record *r = &msg->records[i];
		kmp_value_with_unit(&r->value, r->unit, !m->utf8, v, sizeof v);
		kmp_hex(f->data + r->offset, r->size, hex, sizeof hex);
		tui_fmt_cols(v, VALUE_COLS, 0, vcol, sizeof vcol);
		tui_fmt_cols(record_name(r), name_w, 0, ncol, sizeof ncol);
		/* the record's bytes beside it, or under it when they do not fit */
		if (5 + 3 + VALUE_COLS + 1 + name_w + 1 + (int)strlen(hex) <= p->width) {
			add(p, i ? "" : "Records", TUI_ROLE_NORMAL, 0, "%5u = %s %s %s", r->id,
			    vcol, ncol, hex);
		} else {
			add(p, i ? "" : "Records", TUI_ROLE_NORMAL, 0, "%5u = %s %s", r->id, vcol,
			    ncol);
			add(p, "", TUI_ROLE_DIM, 0, "        %s", hex);
		}
		info_flags(m, p, r);
	}
	add(p, "", TUI_ROLE_DIM, 0, "%zu record%s", msg->n_records, msg->n_records == 1 ? "" : "s");
}

static void frame_fields(const tui_model *m, const tui_trace_entry *e, page *p)
{
	kmp_frame f;
	kmp_msg msg;
	char buf[1024];
	kmp_frame_decode(e->raw, e->raw_len, &f);
	kmp_msg_decode(&f, -1, &msg);

	add(p, "Start", TUI_ROLE_NORMAL, 0, "%02X  %s", f.start,
	    f.start == KMP_START_REQUEST ? "request (to the meter)"
	    : f.start == KMP_START_REPLY ? "reply (from the meter)"
	    : f.start == KMP_ACK         ? "acknowledge"
	                                 : "not a start byte");
	if (f.dir == KMP_DIR_ACK)
		return;
	add(p, "Address", TUI_ROLE_NORMAL, 0, "%02X  %s", f.addr, addr_name(f.addr));
	add(p, "Command", TUI_ROLE_NORMAL, 0, "%02X  %s%s", f.cid,
	    kmp_cid_name(f.cid) ? kmp_cid_name(f.cid) : "unknown command",
	    kmp_cid_is_write(f.cid) ? " (a write: kmpterm never sends it)" : "");

	size_t from, to;
	size_t body_len = e->raw_len >= 2 ? e->raw_len - 2 : 0;
	if (f.status != KMP_ERR_STUFFING &&
	    data_span(e->raw + 1, body_len, f.data_len, &from, &to) && to > from)
		hex_rows(p, "Data stuffed", e->raw + 1 + from, to - from, "stuffed");
	else if (f.status == KMP_ERR_STUFFING)
		add(p, "Data stuffed", TUI_ROLE_ERR, 0,
		    "bad stuffing: 1B at byte %zu of the frame is no escape", f.stuff_pos + 1);
	else
		add(p, "Data stuffed", TUI_ROLE_NORMAL, 0, "(none)");
	hex_rows(p, "Data", f.data, f.data_len, "destuffed");

	add(p, "CRC", f.status == KMP_ERR_CRC ? TUI_ROLE_ERR : TUI_ROLE_OK, 0,
	    "given %04X, computed %04X: %s", f.crc_given, f.crc_calc,
	    kmp_describe_check(&f, buf, sizeof buf));
	add(p, "Stop", f.stop == KMP_STOP ? TUI_ROLE_NORMAL : TUI_ROLE_ERR, 0, "%02X%s", f.stop,
	    f.stop == KMP_STOP ? "" : "  (missing: the frame was cut)");
	add(p, "Decoded", TUI_ROLE_NORMAL, 1, "%s",
	    kmp_describe(&f, f.status == KMP_OK ? &msg : NULL, !m->utf8, buf, sizeof buf));
	if (msg.status != KMP_OK && f.status == KMP_OK)
		add(p, "", TUI_ROLE_ERR, 0, "message: %s %s", kmp_strerror(msg.status), msg.detail);
	if (msg.warning)
		add(p, "", TUI_ROLE_WARN, 0, "warning: %s", msg.warning);
	if (f.status == KMP_OK && msg.status == KMP_OK && f.dir == KMP_DIR_REPLY &&
	    f.cid == KMP_CID_GET_REGISTER)
		records(m, p, &msg, &f);
}

int tui_inspect_lines(const tui_model *m, const tui_trace_entry *e, int width, tui_page_line *out,
                      int cap)
{
	page p = {.out = out, .cap = cap, .width = width - 2 - LABEL_W};
	add(&p, "Check", e->is_error ? TUI_ROLE_ERR : TUI_ROLE_OK, 0, "%s", e->check);
	if (e->raw_total) {
		hex_rows(&p, "Wire", e->raw, e->raw_len, "on the wire");
		if (e->raw_total > e->raw_len)
			add(&p, "", TUI_ROLE_WARN, 0, "(the first %zu of %zu bytes are kept)",
			    e->raw_len, e->raw_total);
	} else {
		add(&p, "Wire", TUI_ROLE_NORMAL, 0, "(no bytes: %s)", e->decode);
	}
	int framed = e->kind == KMP_EV_TX || e->kind == KMP_EV_RX || e->kind == KMP_EV_ECHO ||
	             e->kind == KMP_EV_ACK;
	if (framed && e->raw_len)
		frame_fields(m, e, &p);
	else if (e->raw_total)
		add(&p, "", TUI_ROLE_NORMAL, 0, "%s", e->decode);
	return p.n;
}

void tui_trace_inspect_draw(const tui_model *m, const tui_trace_entry *e, WINDOW *w)
{
	char t[32], when[40], range[64];
	struct tm tm;
	time_t secs = e->wall.tv_sec;
	int h = getmaxy(w), width = getmaxx(w);
	localtime_r(&secs, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);

	tui_page_line *lines = malloc(PAGE_MAX * sizeof *lines);
	int n = lines ? tui_inspect_lines(m, e, width, lines, PAGE_MAX) : 0;
	n = n > PAGE_MAX ? PAGE_MAX : n;
	int rows = h - 1;
	size_t top = tui_list_top(&m->trace.page, (size_t)n, rows);

	attr_t ha = tui_attr(m, TUI_ROLE_HEAD);
	tui_fill_row(w, 0, 0, ha);
	tui_printf(w, 0, 1, ha, "Entry %llu  %s  at %s s  (%s.%03ld)", (unsigned long long)e->seq,
	           e->dir, tui_trace_reltime(m, e, t, sizeof t), when, e->wall.tv_nsec / 1000000L);
	if (n > rows) {
		/* the page scrolls: say where it is */
		tui_list_range(&m->trace.page, (size_t)n, rows, range, sizeof range);
		int rw = tui_text_width(range);
		tui_put(w, 0, width - rw - 1, rw, range, ha, 0, 0);
	}
	for (int i = 0; i < rows && top + (size_t)i < (size_t)n; i++) {
		const tui_page_line *l = &lines[top + (size_t)i];
		if (l->label[0])
			tui_put(w, 1 + i, 1, LABEL_W, l->label, ha & ~A_UNDERLINE, 1, 0);
		tui_put(w, 1 + i, 1 + LABEL_W, width - LABEL_W - 2, l->text,
		        tui_attr(m, l->role) | (l->bold ? A_BOLD : 0), 0, 0);
	}
	free(lines);
}
