/* The views drawn into an off-screen curses screen of a fixed size
 * (newterm on /dev/null, 24x80), read back row by row with mvwinnstr and
 * compared with the text people should see. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_screen.h"

#define SEC 1000000u

static void apply(tui_model *m, uint16_t id, uint8_t unit, const char *text, uint8_t len,
                  uint64_t t)
{
	kmp_reading rd = fixture_reading(id, unit, text, len);
	tui_regs_apply(&m->regs, &rd, t);
}

static void fail(tui_model *m, uint16_t id, kmp_reading_state st, int err)
{
	kmp_reading rd = {.id = id, .state = st, .error = err};
	tui_regs_apply(&m->regs, &rd, m->now_us);
}

static WINDOW *body(void)
{
	return newwin(24 - TUI_HEADER_ROWS - TUI_FOOTER_ROWS, 80, 3, 0);
}

/* --- view 1 ----------------------------------------------------------------- */

static void test_registers_table(void)
{
	tui_model *m = fixture_new_model();
	uint16_t extra = 9999;
	tui_regs_add(&m->regs, &extra, 1);
	m->now_us = 1010 * SEC;
	apply(m, 60, 8, "1234.567", 4, 1000 * SEC);
	apply(m, 60, 8, "1234.570", 4, 1008 * SEC);
	apply(m, 68, 40, "8765.43", 4, 1008 * SEC);
	apply(m, 86, 37, "65.00", 2, 1008 * SEC);
	apply(m, 1002, 47, "200243", 4, 1008 * SEC);
	fail(m, 74, KMP_READING_FAILED, KMP_ERR_TIMEOUT);
	fail(m, 9999, KMP_READING_MISSING, 0);
	WINDOW *w = body();
	tui_view_registers.draw(m, w);
	if (getenv("TUI_DUMP"))
		screen_dump(w);

	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 0),
	        "     ID NAME                    VALUE UNIT  AGE      MIN      MAX  CHG STATUS");
	/* changed 2 s ago: marked with '*'; min and max exact */
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 1),
	        ">    60 Heat energy E1      *1234.570 GJ     2s 1234.567 1234.570    1 ok");
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 2),
	        "     68 Volume V1             8765.43 m3     2s  8765.43  8765.43    0 ok");
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 3),
	        "     74 Flow V1 (actual)                      -                      0 no answer");
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 5),
	        "     86 Temperature T1 (fl~     65.00 C      2s    65.00    65.00    0 ok");
	/* the clock in its own form, not the digits, and no unit to repeat it */
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 9),
	        "   1002 Clock (hh:mm:ss)     20:02:43        2s 20:02:43 20:02:43    0 ok");
	CU_ASSERT(strstr(screen_row(w, screen_find(w, " 9999 ")), "? (unknown ID)") != NULL);
	CU_ASSERT(strstr(screen_row(w, screen_find(w, " 9999 ")), "missing") != NULL);
	/* not read yet */
	CU_ASSERT(strstr(screen_row(w, screen_find(w, "   266 ")), " - ") != NULL);
	/* the rows by their last read, naming only the states some row is in */
	CU_ASSERT(screen_has(w, "11 registers: 4 ok, 1 read failed, 1 missing, 5 unread"));
	CU_ASSERT(screen_has(w, "sorted by ID (s)"));

	/* the highlight ends: no '*' after TUI_CHANGED_US */
	m->now_us = 1008 * SEC + TUI_CHANGED_US;
	werase(w);
	tui_view_registers.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 1), "*") == NULL);
	CU_ASSERT(strstr(screen_row(w, 1), " 1234.570 GJ") != NULL);
	delwin(w);
	fixture_free_model(m);
}

static void test_registers_narrow_drops_min_max(void)
{
	tui_model *m = fixture_new_model();
	apply(m, 60, 8, "1234.567", 4, 1000 * SEC);
	resize_term(24, 60);
	WINDOW *w = newwin(19, 60, 3, 0);
	tui_view_registers.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 0), "MIN") == NULL);
	CU_ASSERT(strstr(screen_row(w, 0), "STATUS") != NULL);
	CU_ASSERT(strstr(screen_row(w, 1), "Heat energy E1") != NULL);
	CU_ASSERT(strstr(screen_row(w, 1), "1234.567 GJ") != NULL);
	delwin(w);
	resize_term(24, 80);
	fixture_free_model(m);
}

static void test_register_details(void)
{
	tui_model *m = fixture_new_model();
	char t[32];
	for (int i = 0; i < 30; i++) {
		snprintf(t, sizeof t, "%d.%03d", 1234 + i / 3, 567 + i);
		apply(m, 60, 8, t, 4, (uint64_t)(1000 + i) * SEC);
	}
	m->now_us = 1030 * SEC;
	m->regs.details = 1;
	WINDOW *w = body();
	tui_view_registers.draw(m, w);
	if (getenv("TUI_DUMP"))
		screen_dump(w);
	CU_ASSERT(strstr(screen_row(w, 0), "Register 60 (0x003C)  Heat energy E1") != NULL);
	CU_ASSERT(screen_has(w, "Value      1243.596 GJ"));
	CU_ASSERT(screen_has(w, "min 1234.567  max 1243.596  (30 reads, 29 changes)"));
	/* ID 003C, unit 08, len 04, sign/exp 43, mantissa 0012F9CC = 1243596 */
	CU_ASSERT(screen_has(w, "Record     00 3C 08 04 43 00 12 F9 CC"));
	CU_ASSERT(screen_has(w, "code 8 (0x08): GJ"));
	CU_ASSERT(screen_has(w, "0x43: value positive, exponent -3"));
	CU_ASSERT(screen_has(w, "4 bytes: 00 12 F9 CC = 1243596"));
	/* the chart: exact max on top, min at the bottom, bars between, the
	 * reads' times (UTC) below: 1000 s to 1029 s after the epoch */
	CU_ASSERT(screen_has(w, "History    the last 30 of 30 reads this session"));
	int top = screen_find_prefix(w, " 1243.596");
	int bottom = screen_find_prefix(w, " 1234.567");
	CU_ASSERT(bottom > 0 && strncmp(screen_row(w, bottom + 1), "          00:16:40 ", 19) == 0);
	CU_ASSERT(bottom > 0 && strstr(screen_row(w, bottom + 1), " 00:17:09") != NULL);
	CU_ASSERT(top > 0 && strstr(screen_row(w, top + 1), "GJ") != NULL);
	CU_ASSERT(top > 0 && bottom > top);
	CU_ASSERT(strstr(screen_row(w, bottom), "#") != NULL);
	/* the newest (highest) value reaches the top row, the oldest not */
	CU_ASSERT_FATAL(top > 0);
	const char *tr = screen_row(w, top);
	CU_ASSERT(tr[strlen(tr) - 1] == '#');
	CU_ASSERT(tr[11] == ' '); /* the oldest bar stays low */
	delwin(w);
	fixture_free_model(m);
}

/* --- view 2 ----------------------------------------------------------------- */

static void push_simple(tui_model *m, kmp_event_kind kind, int status, const uint8_t *raw, size_t n,
                        uint64_t t)
{
	kmp_event ev = {.kind = kind, .t_us = t, .status = status, .raw = raw, .raw_len = n};
	tui_ring_push(&m->trace.ring, &ev, !m->utf8);
}

/* A GetRegister reply for 60 (1234.567 GJ) and 68 (8765.43 m3). */
static int register_reply(char *hex, size_t cap)
{
	uint8_t data[64], frame[128];
	size_t n = 0;
	kmp_value a, b;
	kmp_value_from_text("1234.567", 4, &a);
	kmp_value_from_text("8765.43", 4, &b);
	kmp_record_append(data, sizeof data, &n, 60, 8, &a);
	kmp_record_append(data, sizeof data, &n, 68, 40, &b);
	int len = kmp_frame_encode(KMP_START_REPLY, 0x3F, 0x10, data, n, frame, sizeof frame);
	size_t o = 0;
	for (int i = 0; i < len && o + 3 < cap; i++)
		o += (size_t)snprintf(hex + o, cap - o, "%02X", frame[i]);
	return len;
}

/* GetRegister 60,68 as sent. */
static void register_request(char *hex, size_t cap)
{
	const uint16_t ids[2] = {60, 68};
	uint8_t frame[64];
	int len = kmp_build_get_register(0x3F, ids, 2, frame, sizeof frame);
	size_t o = 0;
	for (int i = 0; i < len && o + 3 < cap; i++)
		o += (size_t)snprintf(hex + o, cap - o, "%02X", frame[i]);
}

static void fill_trace(tui_model *m)
{
	char reply[512], req[64];
	const uint8_t junk[3] = {0x11, 0x22, 0x33};
	register_reply(reply, sizeof reply);
	register_request(req, sizeof req);
	fixture_push_frame(m, KMP_EV_TX, req, 1000 * SEC + 12000);
	fixture_push_frame(m, KMP_EV_ECHO, req, 1000 * SEC + 13000);
	fixture_push_frame(m, KMP_EV_RX, reply, 1000 * SEC + 70000);
	fixture_push_frame(m, KMP_EV_TX, "803F0235E90D", 1001 * SEC);
	fixture_push_frame(m, KMP_EV_RX, "403F0201234567E9570D", 1001 * SEC + 60000);
	push_simple(m, KMP_EV_GARBAGE, 0, junk, 3, 1002 * SEC);
	push_simple(m, KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, NULL, 0, 1004 * SEC);
}

static void test_trace_list(void)
{
	tui_model *m = fixture_new_model();
	fill_trace(m);
	WINDOW *w = body();
	tui_view_trace.draw(m, w);
	if (getenv("TUI_DUMP"))
		screen_dump(w);
	CU_ASSERT(strstr(screen_row(w, 0),
	                 "7 rows   filter: all   following v   (7 kept, at most 5000)") != NULL);
	int tx = screen_find(w, "  0.012 TX ");
	CU_ASSERT_FATAL(tx > 0);
	CU_ASSERT(strstr(screen_row(w, tx), "80 3F 10 02 00 3C ..") != NULL);
	CU_ASSERT(strstr(screen_row(w, tx), "CRC OK") != NULL);
	CU_ASSERT(strstr(screen_row(w, tx), "GetRegister 60") != NULL);
	CU_ASSERT(strstr(screen_row(w, tx + 1), "ECHO") != NULL);
	CU_ASSERT(strstr(screen_row(w, tx + 2), "  0.070 RX ") != NULL);
	CU_ASSERT(strstr(screen_row(w, tx + 2), "40 3F 10 00 3C 08") != NULL);
	CU_ASSERT(strstr(screen_row(w, tx + 2), "..") != NULL); /* cut: the inspector has it all */
	CU_ASSERT(screen_has(w, "CRC BAD got E957 want E956"));
	CU_ASSERT(screen_has(w, "GARBAGE 3 bytes"));
	CU_ASSERT(screen_has(w, "11 22 33"));
	/* newest at the bottom */
	CU_ASSERT(strstr(screen_row(w, tx + 6), "  4.000 TIMEOUT") != NULL);
	CU_ASSERT_STRING_EQUAL(screen_row(w, tx + 7), "");

	/* errors only */
	m->trace.filter = TUI_FILTER_ERRORS;
	tui_view_trace.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 2), "CRC BAD") != NULL);
	CU_ASSERT(strstr(screen_row(w, 3), "GARBAGE") != NULL);
	CU_ASSERT(strstr(screen_row(w, 4), "TIMEOUT") != NULL);
	CU_ASSERT(!screen_has(w, "CRC OK"));

	/* frozen: says so, and how much came in since */
	m->trace.filter = TUI_FILTER_ALL;
	m->trace.frozen = 1;
	m->trace.frozen_seq = 3;
	fixture_push_frame(m, KMP_EV_TX, "803F0235E90D", 1010 * SEC);
	tui_view_trace.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 0), "FROZEN (+5 new") != NULL);
	CU_ASSERT(!screen_has(w, "GARBAGE"));
	delwin(w);
	fixture_free_model(m);
}

static void test_trace_scrolls_and_keeps_selection_visible(void)
{
	tui_model *m = fixture_new_model();
	char hex[32];
	m->view = 1;
	for (int i = 0; i < 200; i++) {
		snprintf(hex, sizeof hex, "%s", i % 2 ? "403F0201234567E9560D" : "803F0235E90D");
		fixture_push_frame(m, i % 2 ? KMP_EV_RX : KMP_EV_TX, hex,
		                   1000 * SEC + (uint64_t)i * SEC);
	}
	WINDOW *w = body();
	tui_view_trace.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 18), "199.000 RX") != NULL); /* following: newest last */
	for (int i = 0; i < 40; i++)
		tui_dispatch_key(m, KEY_UP);
	werase(w);
	tui_view_trace.draw(m, w);
	if (getenv("TUI_DUMP"))
		screen_dump(w);
	CU_ASSERT(strstr(screen_row(w, 0), "scrolled (End follows)") != NULL);
	CU_ASSERT(strstr(screen_row(w, 2), "159.000 RX") != NULL); /* the selection at the top */
	CU_ASSERT(strstr(screen_row(w, 18), "175.000 RX") != NULL);
	tui_dispatch_key(m, KEY_END);
	werase(w);
	tui_view_trace.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 18), "199.000 RX") != NULL);
	delwin(w);
	fixture_free_model(m);
}

static void test_trace_inspector(void)
{
	tui_model *m = fixture_new_model();
	fill_trace(m);
	m->trace.follow = 0;
	m->trace.sel = 2; /* the register reply */
	m->trace.inspect = 1;
	WINDOW *w = body();
	tui_view_trace.draw(m, w);
	if (getenv("TUI_DUMP"))
		screen_dump(w);
	CU_ASSERT(strstr(screen_row(w, 0), "Entry 2  RX  at 0.070 s") != NULL);
	CU_ASSERT(screen_has(w, "Start        40  reply (from the meter)"));
	CU_ASSERT(screen_has(w, "Address      3F  heat meter"));
	CU_ASSERT(screen_has(w, "Command      10  GetRegister"));
	/* the byte counts on lines of their own, under the bytes */
	CU_ASSERT(screen_has(w, "             25 bytes on the wire"));
	int data = screen_find(w, "Data         00 3C 08 04 43 00 12 D6 87 00 44 28 04 42 00 0D");
	CU_ASSERT_FATAL(data > 0);
	CU_ASSERT_STRING_EQUAL(screen_row(w, data + 1), "              5F FF");
	CU_ASSERT_STRING_EQUAL(screen_row(w, data + 2), "              18 bytes destuffed");
	/* 0D inside the frame travels stuffed as 1B F2 */
	int stuffed =
	        screen_find(w, "Data stuffed 00 3C 08 04 43 00 12 D6 87 00 44 28 04 42 00 1B");
	CU_ASSERT_FATAL(stuffed > 0);
	CU_ASSERT_STRING_EQUAL(screen_row(w, stuffed + 1), "              F2 5F FF");
	CU_ASSERT(screen_has(w, "given C7F6, computed C7F6: CRC OK"));
	CU_ASSERT(screen_has(w, "Stop         0D"));
	int r60 = screen_find(w, "   60 = 1234.567 GJ");
	CU_ASSERT(r60 > 0);
	CU_ASSERT(strstr(screen_row(w, r60), "Heat energy E1") != NULL);
	/* the page is longer than the screen: it says so, and scrolls */
	CU_ASSERT(strstr(screen_row(w, 0), "rows 1-18 of 21") != NULL);
	m->view = 1;
	CU_ASSERT_EQUAL(tui_dispatch_key(m, KEY_END), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(m->trace.sel, 2); /* the same frame: Up/Down scroll the page */
	werase(w);
	tui_view_trace.draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 0), "rows 4-21 of 21") != NULL);
	r60 = screen_find(w, "   60 = 1234.567 GJ");
	CU_ASSERT(r60 > 0 && strstr(screen_row(w, r60 + 1), "00 3C 08 04 43 00 12 D6 87") != NULL);
	CU_ASSERT(screen_has(w, "   68 = 8765.43 m3"));
	CU_ASSERT(screen_has(w, "2 records"));
	m->view = 0;

	m->trace.sel = 4; /* the bad serial reply */
	werase(w);
	tui_view_trace.draw(m, w);
	CU_ASSERT(screen_has(w, "Check        CRC BAD got E957 want E956"));
	CU_ASSERT(screen_has(w, "given E957, computed E956: CRC BAD"));
	CU_ASSERT(!screen_has(w, "Records"));
	delwin(w);
	fixture_free_model(m);
}

/* --- header, footer, help, too small ---------------------------------------- */

static void test_header_states(void)
{
	tui_model *m = fixture_new_model();
	WINDOW *w = newwin(3, 80, 0, 0);
	snprintf(m->link.device, sizeof m->link.device, "/dev/ttyUSB0");
	snprintf(m->link.error, sizeof m->link.error, "/dev/ttyUSB0: no such device");
	tui_header_draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 0), "~ waiting for /dev/ttyUSB0: no such device") != NULL);
	CU_ASSERT(strstr(screen_row(w, 1), "poll: waiting for the link") != NULL);
	CU_ASSERT(strstr(screen_row(w, 2), "[1 Registers]  2 Trace   3 Align   4 Scan") != NULL);

	m->link.connected = m->link.ever_connected = 1;
	m->link.have_type = m->link.have_serial = 1;
	m->link.type.meter_type = 0x34;
	m->link.type.sw_letter = 11;
	m->link.type.sw_number = 1;
	m->link.type.known = 1;
	m->link.serial = 67123456;
	m->link.stats.tx = 12;
	m->link.stats.rx = 11;
	m->link.stats.crc_errors = 1;
	m->poll.next_us = m->now_us + 7 * SEC;
	m->view = 1;
	tui_header_draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 0),
	                 "+ connected | type 0x0034 sw K1 | serial 67123456 | /dev/ttyUSB0") !=
	          NULL);
	CU_ASSERT(strstr(screen_row(w, 1), "TX 12  RX 11  echo 0  failed 1 (CRC 1)") != NULL);
	CU_ASSERT(strstr(screen_row(w, 1), "poll every 10 s, next in 7 s") != NULL);
	CU_ASSERT(strstr(screen_row(w, 2), " 1 Registers  [2 Trace]") != NULL);

	m->link.connected = 0;
	snprintf(m->link.error, sizeof m->link.error, "/dev/ttyUSB0: device went away");
	tui_header_draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 0), "x reconnecting to /dev/ttyUSB0: device went away") !=
	          NULL);
	/* what was read stays: the meter identity is still shown nowhere else */
	m->poll.paused = 1;
	m->link.connected = 1;
	tui_header_draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 1), "poll: PAUSED (space)") != NULL);
	delwin(w);
	fixture_free_model(m);
}

/* --sim: a banner no one can miss, first on the row (an 80-column screen
 * cuts the end), instead of the simulator's pty path. */
static void test_header_simulated(void)
{
	tui_model *m = fixture_new_model();
	WINDOW *w = newwin(3, 80, 0, 0);
	snprintf(m->link.device, sizeof m->link.device, "/tmp/kmpterm-sim.Ab12Cd/pty");
	m->link.simulated = 1;
	tui_header_draw(m, w);
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 0),
	        " SIMULATED METER (kmpsim)  ~ waiting for the simulated meter: opening");
	m->link.connected = m->link.ever_connected = 1;
	m->link.have_type = m->link.have_serial = 1;
	m->link.type.meter_type = 0x34;
	m->link.type.sw_letter = 11;
	m->link.type.sw_number = 1;
	m->link.type.known = 1;
	m->link.serial = 67123456;
	tui_header_draw(m, w);
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 0),
	        " SIMULATED METER (kmpsim)  + connected | type 0x0034 sw K1 | serial 67123456");
	CU_ASSERT(strstr(screen_row(w, 0), "/tmp/") == NULL);
	/* monochrome: the row is reverse video, the banner is not */
	CU_ASSERT((mvwinch(w, 0, 40) & A_REVERSE) != 0);
	CU_ASSERT((mvwinch(w, 0, 5) & A_REVERSE) == 0);
	CU_ASSERT((mvwinch(w, 0, 5) & A_BOLD) != 0);
	/* colours: reverse video in the warning colour */
	m->color = 1;
	tui_header_draw(m, w);
	CU_ASSERT((mvwinch(w, 0, 5) & A_REVERSE) != 0);
	delwin(w);
	fixture_free_model(m);
}

static void test_footer_and_status(void)
{
	tui_model *m = fixture_new_model();
	WINDOW *st = newwin(1, 80, 22, 0), *ft = newwin(1, 80, 23, 0);
	tui_status(m, TUI_STATUS_ERROR, "invalid register 'x'");
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), "error: invalid register 'x'");
	CU_ASSERT(strstr(screen_row(ft, 0), " Enter details  a add  d delete  r read") != NULL);
	CU_ASSERT(strstr(screen_row(ft, 0), "? help  q quit") != NULL);
	tui_dispatch_key(m, 'a');
	tui_dispatch_key(m, '6');
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT(strncmp(screen_row(st, 0), "Add registers (e.g. 60,68,0x3EA): 6", 35) == 0);
	CU_ASSERT_STRING_EQUAL(screen_row(ft, 0), " Enter: ok   Esc: cancel   Ctrl-U: clear");
	tui_dispatch_key(m, 'x');
	tui_dispatch_key(m, '\r');
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT(m->prompt.active);
	CU_ASSERT(strncmp(screen_row(st, 0), "Add registers (e.g. 60,68,0x3EA): 6x", 36) == 0);
	CU_ASSERT(strncmp(screen_row(ft, 0), "error: invalid register '6x'", 28) == 0);
	m->prompt.active = 0;
	tui_owner_claim(&m->owners, TUI_OWNER_SCANNER);
	m->quit_confirm = 1;
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), "A scan is running. Quit anyway? (y/n)");
	delwin(st);
	delwin(ft);
	fixture_free_model(m);
}

static void test_help_lists_every_view(void)
{
	tui_model *m = fixture_new_model();
	m->view = 1;
	m->help = 1;
	WINDOW *w = body();
	tui_help_draw(m, w);
	CU_ASSERT(strstr(screen_row(w, 1), "2 Trace view (this one)") != NULL);
	CU_ASSERT(screen_has(w, "f           filter: all, errors only, TX only, RX only"));
	CU_ASSERT(screen_has(w, "more: Down"));
	/* scrolled to the end: the shared keys and the other views; the
	 * scroll stops there, so one Up moves again */
	for (int i = 0; i < 200; i++)
		tui_dispatch_key(m, KEY_DOWN);
	CU_ASSERT(m->help_scroll == tui_help_max_scroll(m));
	CU_ASSERT(m->help_scroll > 0);
	werase(w);
	tui_help_draw(m, w);
	/* the last view's last line, whichever view it is (its text starts
	 * after the 12 columns of the key) */
	const char *const *line = tui_views[tui_n_views - 1]->help;
	while (line[1])
		line++;
	char last[32];
	snprintf(last, sizeof last, "%.20s", *line + 12);
	CU_ASSERT(screen_has(w, last));
	CU_ASSERT(!screen_has(w, "more: Down"));
	/* the shared keys are on some page of it */
	int seen = 0;
	for (m->help_scroll = 0; !seen && m->help_scroll <= tui_help_max_scroll(m);
	     m->help_scroll++) {
		werase(w);
		tui_help_draw(m, w);
		seen = screen_has(w,
		                  "q           quit (asks first while a scan or a history reading");
	}
	CU_ASSERT(seen);
	delwin(w);
	fixture_free_model(m);
}

static void test_too_small(void)
{
	tui_model *m = fixture_new_model();
	m->rows = 10;
	m->cols = 40;
	CU_ASSERT(!tui_fits(m));
	WINDOW *w = newwin(10, 40, 0, 0);
	tui_too_small_draw(m, w);
	CU_ASSERT(screen_has(w, "terminal too small: 40x10, need 60x12"));
	m->rows = 3;
	m->cols = 12;
	werase(w);
	tui_too_small_draw(m, w);
	CU_ASSERT(screen_has(w, "too small"));
	m->rows = 24;
	m->cols = 80;
	CU_ASSERT(tui_fits(m));
	delwin(w);
	fixture_free_model(m);
}

/* Every view in the table draws into the body at 80x24 and at the
 * smallest size without touching the chrome: the plug-in contract. */
static void test_every_view_draws(void)
{
	static const char *const names[] = {"Registers", "Trace",    "Align",
	                                    "Scan",      "Identify", "History"};
	tui_model *m = fixture_new_model();
	CU_ASSERT_FATAL(tui_n_views == sizeof names / sizeof names[0]);
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	for (size_t i = 0; i < tui_n_views; i++) {
		CU_ASSERT_STRING_EQUAL(tui_views[i]->name, names[i]);
		CU_ASSERT_PTR_NOT_NULL(tui_views[i]->draw);
		CU_ASSERT_PTR_NOT_NULL(tui_views[i]->footer);
		CU_ASSERT_PTR_NOT_NULL(tui_views[i]->help);
		m->view = i;
		for (int small = 0; small < 2; small++) {
			m->rows = small ? TUI_MIN_ROWS : 24;
			m->cols = small ? TUI_MIN_COLS : 80;
			WINDOW *w = newwin(tui_body_rows(m), m->cols, TUI_HEADER_ROWS, 0);
			tui_views[i]->draw(m, w);
			int drawn = 0;
			for (int y = 0; y < getmaxy(w); y++)
				drawn |= screen_row(w, y)[0] != '\0';
			CU_ASSERT(drawn);
			delwin(w);
		}
	}
	tui_views_fini(m);
	fixture_free_model(m);
}

TEST_SUITE(tui_render_suite)
{
	CU_pSuite s = CU_add_suite("tui_render", screen_up, screen_down);
	TEST_ADD(s, test_registers_table);
	TEST_ADD(s, test_registers_narrow_drops_min_max);
	TEST_ADD(s, test_register_details);
	TEST_ADD(s, test_trace_list);
	TEST_ADD(s, test_trace_scrolls_and_keeps_selection_visible);
	TEST_ADD(s, test_trace_inspector);
	TEST_ADD(s, test_header_states);
	TEST_ADD(s, test_header_simulated);
	TEST_ADD(s, test_footer_and_status);
	TEST_ADD(s, test_help_lists_every_view);
	TEST_ADD(s, test_too_small);
	TEST_ADD(s, test_every_view_draws);
}
