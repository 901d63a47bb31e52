/* trace_inspect.c - Enter in view 2: one frame taken apart from the bytes
 * kept in the ring (decoded again with kmp_frame_decode and
 * kmp_msg_decode, so the inspector shows what the codec sees, not what
 * the list summarised). */
#include <stdio.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/tables.h"
#include "tui/colors.h"
#include "tui/fmt.h"
#include "tui/view_parts.h"
#include "tui/widgets.h"

#define LABEL_W 13

static void label(const tui_model *m, WINDOW *w, int y, const char *text)
{
	tui_put(w, y, 1, LABEL_W, text, tui_attr(m, TUI_ROLE_HEAD) & ~A_UNDERLINE, 1, 0);
}

/* Hex of p over as many rows as it takes (up to max_rows) from (y, x).
 * Returns the rows used. */
static int hex_rows(WINDOW *w, int y, int x, const uint8_t *p, size_t n, int max_rows)
{
	char buf[64];
	/* leave the right edge for the "N bytes" note */
	int per = (getmaxx(w) - x - 20) / 3;
	per = per < 1 ? 1 : per > 16 ? 16 : per;
	int r = 0;
	for (size_t i = 0; i < n && r < max_rows; i += (size_t)per, r++) {
		size_t k = n - i < (size_t)per ? n - i : (size_t)per;
		if (r == max_rows - 1 && i + k < n) {
			kmp_hex(p + i, k - 1, buf, sizeof buf);
			tui_printf(w, y + r, x, A_NORMAL, "%s ... (%zu more)", buf, n - i - k + 1);
		} else {
			tui_put(w, y + r, x, getmaxx(w) - x, kmp_hex(p + i, k, buf, sizeof buf),
			        A_NORMAL, 0, 0);
		}
	}
	return r ? r : 1;
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

static int draw_records(const tui_model *m, WINDOW *w, int y, const kmp_msg *msg,
                        const kmp_frame *f)
{
	char v[KMP_VALUE_TEXT_MAX + 40], hex[3 * (5 + KMP_MANTISSA_MAX) + 8];
	int h = getmaxy(w), x = 1 + LABEL_W;
	label(m, w, y, "Records");
	if (!msg->n_records) {
		tui_printf(w, y, x, A_NORMAL, "none (the meter left every asked ID out)");
		return y + 1;
	}
	for (size_t i = 0; i < msg->n_records && y < h; i++, y++) {
		const kmp_record *r = &msg->records[i];
		const kmp_register_info *info = kmp_register_lookup(r->id);
		if (y == h - 1 && i + 1 < msg->n_records) {
			tui_printf(w, y, x, tui_attr(m, TUI_ROLE_DIM), "... %zu more",
			           msg->n_records - i);
			break;
		}
		kmp_value_with_unit(&r->value, r->unit, !m->utf8, v, sizeof v);
		kmp_hex(f->data + r->offset, r->size, hex, sizeof hex);
		tui_printf(w, y, x, A_NORMAL, "%5u = %-18s %-22.22s %s", r->id, v,
		           info ? info->name : "(unknown ID)", hex);
	}
	return y;
}

static void draw_frame(const tui_model *m, const tui_trace_entry *e, WINDOW *w, int y)
{
	kmp_frame f;
	kmp_msg msg;
	char buf[256];
	int x = 1 + LABEL_W, h = getmaxy(w);
	kmp_frame_decode(e->raw, e->raw_len, &f);
	kmp_msg_decode(&f, -1, &msg);

	label(m, w, y, "Start");
	tui_printf(w, y++, x, A_NORMAL, "%02X  %s", f.start,
	           f.start == KMP_START_REQUEST ? "request (to the meter)"
	           : f.start == KMP_START_REPLY ? "reply (from the meter)"
	           : f.start == KMP_ACK         ? "acknowledge"
	                                        : "not a start byte");
	if (f.dir == KMP_DIR_ACK)
		return;
	label(m, w, y, "Address");
	tui_printf(w, y++, x, A_NORMAL, "%02X  %s", f.addr, addr_name(f.addr));
	label(m, w, y, "Command");
	tui_printf(w, y++, x, A_NORMAL, "%02X  %s%s", f.cid,
	           kmp_cid_name(f.cid) ? kmp_cid_name(f.cid) : "unknown command",
	           kmp_cid_is_write(f.cid) ? " (a write: kmpterm never sends it)" : "");

	size_t from, to;
	size_t body_len = e->raw_len >= 2 ? e->raw_len - 2 : 0;
	label(m, w, y, "Data stuffed");
	if (f.status != KMP_ERR_STUFFING &&
	    data_span(e->raw + 1, body_len, f.data_len, &from, &to) && to > from)
		y += hex_rows(w, y, x, e->raw + 1 + from, to - from, 2);
	else if (f.status == KMP_ERR_STUFFING)
		tui_printf(w, y++, x, tui_attr(m, TUI_ROLE_ERR),
		           "bad stuffing: 1B at byte %zu of the frame is no escape",
		           f.stuff_pos + 1);
	else
		tui_printf(w, y++, x, A_NORMAL, "(none)");
	label(m, w, y, "Data");
	if (f.data_len)
		y += hex_rows(w, y, x, f.data, f.data_len, 2);
	else
		tui_printf(w, y++, x, A_NORMAL, "(none)");
	tui_printf(w, y - 1, getmaxx(w) - 18, tui_attr(m, TUI_ROLE_DIM), "%zu bytes destuffed",
	           f.data_len);

	label(m, w, y, "CRC");
	tui_printf(w, y++, x, tui_attr(m, f.status == KMP_ERR_CRC ? TUI_ROLE_ERR : TUI_ROLE_OK),
	           "given %04X, computed %04X: %s", f.crc_given, f.crc_calc,
	           kmp_describe_check(&f, buf, sizeof buf));
	label(m, w, y, "Stop");
	tui_printf(w, y++, x, f.stop == KMP_STOP ? A_NORMAL : tui_attr(m, TUI_ROLE_ERR), "%02X%s",
	           f.stop, f.stop == KMP_STOP ? "" : "  (missing: the frame was cut)");
	if (y >= h)
		return;
	label(m, w, y, "Decoded");
	tui_put(w, y++, x, getmaxx(w) - x,
	        kmp_describe(&f, f.status == KMP_OK ? &msg : NULL, !m->utf8, buf, sizeof buf),
	        A_BOLD, 0, 0);
	if (msg.status != KMP_OK && f.status == KMP_OK && y < h)
		tui_printf(w, y++, x, tui_attr(m, TUI_ROLE_ERR), "message: %s %s",
		           kmp_strerror(msg.status), msg.detail);
	if (msg.warning && y < h)
		tui_printf(w, y++, x, tui_attr(m, TUI_ROLE_WARN), "warning: %s", msg.warning);
	if (f.status == KMP_OK && msg.status == KMP_OK && f.dir == KMP_DIR_REPLY &&
	    f.cid == KMP_CID_GET_REGISTER && y < h)
		draw_records(m, w, y, &msg, &f);
}

void tui_trace_inspect_draw(const tui_model *m, const tui_trace_entry *e, WINDOW *w)
{
	char t[32], when[40];
	struct tm tm;
	time_t secs = e->wall.tv_sec;
	localtime_r(&secs, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);

	attr_t ha = tui_attr(m, TUI_ROLE_HEAD);
	tui_fill_row(w, 0, 0, ha);
	tui_printf(w, 0, 1, ha, "Entry %llu  %s  at %s s  (%s.%03ld)", (unsigned long long)e->seq,
	           e->dir, tui_fmt_reltime(m->start_us, e->t_us, t, sizeof t), when,
	           e->wall.tv_nsec / 1000000L);
	int y = 1;
	label(m, w, y, "Check");
	tui_put(w, y++, 1 + LABEL_W, getmaxx(w) - LABEL_W - 2, e->check,
	        tui_attr(m, e->is_error ? TUI_ROLE_ERR : TUI_ROLE_OK), 0, 0);
	label(m, w, y, "Wire");
	if (e->raw_total) {
		y += hex_rows(w, y, 1 + LABEL_W, e->raw, e->raw_len, 4);
		tui_printf(w, y - 1, getmaxx(w) - 18, tui_attr(m, TUI_ROLE_DIM),
		           "%zu bytes on wire", e->raw_total);
	} else {
		tui_printf(w, y++, 1 + LABEL_W, A_NORMAL, "(no bytes: %s)", e->decode);
	}
	int framed = e->kind == KMP_EV_TX || e->kind == KMP_EV_RX || e->kind == KMP_EV_ECHO ||
	             e->kind == KMP_EV_ACK;
	if (framed && e->raw_len)
		draw_frame(m, e, w, y);
	else
		tui_put(w, y, 1 + LABEL_W, getmaxx(w) - LABEL_W - 2, e->decode, A_NORMAL, 0, 0);
}
