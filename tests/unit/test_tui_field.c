/* The terminal's items of the field trial (issue 10, "Terminal" 1-8, 16
 * and 21), each shown as the trial met it: views drawn off-screen at 80x24
 * and 120x40 (in a UTF-8 locale where column widths matter), the
 * controller against a meter played on a pty, and a host whose simulator
 * and --log file the test controls. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "client/client.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui/align.h"
#include "tui/controller.h"
#include "tui/fmt.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_meter.h"
#include "tui_screen.h"

#define MS 1000u
#define SEC 1000000u

/* --- helpers ---------------------------------------------------------------- */

/* The model at a screen size; its body window. */
static WINDOW *body_at(tui_model *m, int rows, int cols)
{
	resize_term(rows, cols);
	m->rows = rows;
	m->cols = cols;
	return newwin(tui_body_rows(m), cols, TUI_HEADER_ROWS, 0);
}

static void back_to_80x24(void)
{
	resize_term(24, 80);
}

/* UTF-8 for the tests where a unit is two columns but three bytes; the C
 * locale again after.  A missing C.UTF-8 fails the test: no silent skip. */
static void utf8_on(tui_model *m)
{
	CU_ASSERT_FATAL(setlocale(LC_ALL, "C.UTF-8") != NULL);
	m->utf8 = 1;
}

static void utf8_off(void)
{
	setlocale(LC_ALL, "C");
}

/* The screen column where `needle` starts on row y (wide characters, one
 * per column here), or -1. */
static int col_of(WINDOW *w, int y, const wchar_t *needle)
{
	wchar_t row[512];
	int n = mvwinnwstr(w, y, 0, row, getmaxx(w));
	if (n < 0)
		return -1;
	row[n] = L'\0';
	const wchar_t *p = wcsstr(row, needle);
	return p ? (int)(p - row) : -1;
}

/* Does any row of w end in the cut mark? */
static int some_row_cut(WINDOW *w)
{
	for (int y = 0; y < getmaxy(w); y++) {
		const char *r = screen_row(w, y);
		size_t n = strlen(r);
		if (n && r[n - 1] == '~') {
			fprintf(stderr, "\ncut: '%s'\n", r);
			return 1;
		}
	}
	return 0;
}

/* The reply of view 1's default round as the simulator sends it: eight
 * records, 0D inside the data (stuffed on the wire). */
static const struct {
	uint16_t id;
	uint8_t unit, len;
	const char *text;
} eight[] = {
        {60, 8, 4, "1234.567"}, {68, 40, 4, "8765.43"},   {74, 41, 2, "430"},
        {80, 22, 2, "12.5"},    {86, 37, 2, "65.00"},     {87, 37, 2, "40.00"},
        {89, 38, 2, "25.00"},   {266, 2, 4, "42935.279"},
};
#define N_EIGHT (sizeof eight / sizeof eight[0])
static const wchar_t *const eight_names[N_EIGHT] = {
        L"Heat energy E1", L"Volume V1",      L"Flow V1 (actual)", L"Power E1 (actual)",
        L"Temperature T1", L"Temperature T2", L"Temperature diff", L"Heat energy E1, high",
};

static int push_eight(tui_model *m, uint64_t t, size_t *data_len)
{
	uint8_t data[128], frame[300];
	char hex[700];
	size_t n = 0, o = 0;
	for (size_t i = 0; i < N_EIGHT; i++) {
		kmp_value v;
		CU_ASSERT_FATAL(kmp_value_from_text(eight[i].text, eight[i].len, &v) == KMP_OK);
		CU_ASSERT_FATAL(kmp_record_append(data, sizeof data, &n, eight[i].id, eight[i].unit,
		                                  &v) == KMP_OK);
	}
	int len = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_GET_REGISTER, data, n, frame,
	                           sizeof frame);
	CU_ASSERT_FATAL(len > 0);
	for (int i = 0; i < len; i++)
		o += (size_t)snprintf(hex + o, sizeof hex - o, "%02X", frame[i]);
	fixture_push_frame(m, KMP_EV_RX, hex, t);
	*data_len = n;
	return len;
}

static void apply(tui_model *m, uint16_t id, uint8_t unit, const char *text, uint8_t len,
                  uint64_t t)
{
	kmp_reading rd = fixture_reading(id, unit, text, len);
	tui_regs_apply(&m->regs, &rd, t);
}

/* --- 1: the inspector ------------------------------------------------------- */

/* At 80x24 the counts are whole numbers on lines of their own ("(169
 * bytes on wire" was a 1 left under a 69), every one of the eight records
 * can be scrolled to, and the record columns line up although m³ and °C
 * take more bytes than columns. */
static void test_inspector_counts_records_columns(void)
{
	tui_model *m = fixture_new_model();
	size_t data_len;
	char want[64];
	utf8_on(m);
	int len = push_eight(m, 1000 * SEC + 70 * MS, &data_len);
	m->view = 1;
	m->trace.follow = 0;
	m->trace.sel = 0;
	CU_ASSERT(tui_dispatch_key(m, '\r') & TUI_R_REDRAW_ALL);
	CU_ASSERT(m->trace.inspect);
	WINDOW *w = body_at(m, 24, 80);
	tui_view_trace.draw(m, w);
	snprintf(want, sizeof want, "              %d bytes on the wire", len);
	CU_ASSERT(screen_shows(w, want));
	/* nothing drawn over the counts */
	for (int y = 0; y < getmaxy(w); y++)
		CU_ASSERT(strstr(screen_row(w, y), "bytes on wire") == NULL);
	/* page down to the end: every record, each once */
	int seen[N_EIGHT] = {0}, id_col = -1, name_col[N_EIGHT];
	for (int page = 0; page < 10; page++) {
		for (int y = 1; y < getmaxy(w); y++) {
			const char *r = screen_row(w, y);
			for (size_t i = 0; i < N_EIGHT; i++) {
				char key[16];
				snprintf(key, sizeof key, "%5u = ", eight[i].id);
				if (strstr(r, key) && !seen[i]) {
					seen[i] = 1;
					/* the name column starts at the same screen column
					 * in every record: m3 and C are padded by width */
					int c = col_of(w, y, L" = ");
					CU_ASSERT(id_col < 0 || c == id_col);
					id_col = c;
					name_col[i] = col_of(w, y, eight_names[i]);
				}
			}
			if (strstr(r, "bytes destuffed")) {
				snprintf(want, sizeof want, "%zu bytes destuffed", data_len);
				CU_ASSERT(strstr(r, want) != NULL);
			}
		}
		if (!(tui_dispatch_key(m, KEY_NPAGE) & TUI_R_REDRAW))
			break;
		werase(w);
		tui_view_trace.draw(m, w);
	}
	for (size_t i = 0; i < N_EIGHT; i++)
		CU_ASSERT(seen[i]);
	CU_ASSERT(screen_has(w, "8 records"));
	/* GJ, m³, l/h, kW, °C: the names start in one column */
	for (size_t i = 1; i < N_EIGHT; i++) {
		CU_ASSERT(name_col[i] > 0 && name_col[i] == name_col[0]);
	}
	/* still the same frame: the keys scrolled its page */
	CU_ASSERT(strstr(screen_row(w, 0), "Entry 0  RX") != NULL);
	delwin(w);
	utf8_off();
	back_to_80x24();
	fixture_free_model(m);
}

/* At 120x40 the wire field takes the rows it needs: all the bytes, then
 * the count, and the page fits without scrolling. */
static void test_inspector_uses_a_tall_screen(void)
{
	tui_model *m = fixture_new_model();
	size_t data_len;
	push_eight(m, 1000 * SEC, &data_len);
	m->trace.follow = 0;
	m->trace.sel = 0;
	m->trace.inspect = 1;
	WINDOW *w = body_at(m, 40, 120);
	tui_view_trace.draw(m, w);
	int wire = screen_find(w, " Wire ");
	int count = screen_find(w, "bytes on the wire");
	CU_ASSERT_FATAL(wire > 0 && count > wire);
	CU_ASSERT(strstr(screen_row(w, count - 1), "0D") != NULL); /* the stop byte: all of it */
	CU_ASSERT(strstr(screen_row(w, 0), "rows ") == NULL);      /* nothing to scroll */
	CU_ASSERT(screen_has(w, "8 records"));
	delwin(w);
	back_to_80x24();
	fixture_free_model(m);
}

/* One byte is "1 byte" (an ACK frame). */
static void test_inspector_one_byte(void)
{
	tui_model *m = fixture_new_model();
	fixture_push_frame(m, KMP_EV_ACK, "06", 1000 * SEC);
	m->trace.follow = 0;
	m->trace.sel = 0;
	m->trace.inspect = 1;
	WINDOW *w = body_at(m, 24, 80);
	tui_view_trace.draw(m, w);
	CU_ASSERT(screen_shows(w, "1 byte on the wire"));
	CU_ASSERT(!screen_has(w, "1 bytes"));
	delwin(w);
	fixture_free_model(m);
}

/* View 1's columns count screen columns too: AGE lines up under m³, °C
 * and GJ alike. */
static void test_registers_columns_by_width(void)
{
	tui_model *m = fixture_new_model();
	utf8_on(m);
	m->now_us = 1002 * SEC;
	apply(m, 60, 8, "1234.567", 4, 1000 * SEC);
	apply(m, 68, 40, "8765.43", 4, 1000 * SEC);
	apply(m, 86, 37, "65.00", 2, 1000 * SEC);
	WINDOW *w = body_at(m, 24, 80);
	tui_view_registers.draw(m, w);
	int gj = col_of(w, 1, L"2s"), m3 = col_of(w, 2, L"2s"), c = col_of(w, 5, L"2s");
	CU_ASSERT(gj > 0 && gj == m3 && m3 == c);
	CU_ASSERT(col_of(w, 2, L"m³") > 0);
	delwin(w);
	utf8_off();
	fixture_free_model(m);
}

/* --- 2: the trace filter while scrolled -------------------------------------- */

static void test_trace_filter_while_scrolled_keeps_the_list_full(void)
{
	tui_model *m = fixture_new_model();
	m->view = 1;
	for (int i = 0; i < 200; i++) {
		int bad = i % 20 == 19;
		fixture_push_frame(m, i % 2 ? KMP_EV_RX : KMP_EV_TX,
		                   i % 2 ? (bad ? "403F0201234567E9570D" : "403F0201234567E9560D")
		                         : "803F0235E90D",
		                   1000 * SEC + (uint64_t)i * SEC);
	}
	WINDOW *w = body_at(m, 24, 80);
	tui_dispatch_key(m, KEY_UP);
	CU_ASSERT(!m->trace.follow);
	uint64_t sel = m->trace.sel;
	/* f: errors only (10 of them), then TX only (100) */
	for (int f = 0; f < 2; f++) {
		tui_dispatch_key(m, 'f');
		werase(w);
		tui_view_trace.draw(m, w);
		int rows = 0;
		for (int y = 2; y < getmaxy(w); y++)
			rows += screen_row(w, y)[0] != '\0';
		CU_ASSERT_EQUAL(rows, f == 0 ? 10 : getmaxy(w) - 2);
		/* the selection is the frame nearest the one selected before */
		CU_ASSERT(m->trace.sel <= sel);
	}
	CU_ASSERT(strstr(screen_row(w, 0), "filter: TX") != NULL);
	CU_ASSERT(strstr(screen_row(w, 0), "of 100") != NULL);
	/* the selected TX is on screen */
	char t[32];
	snprintf(t, sizeof t, "%3llu.000 TX", (unsigned long long)(m->trace.sel));
	CU_ASSERT(screen_shows(w, t));
	delwin(w);
	fixture_free_model(m);
}

/* --- 3 and 4: stale values, counts that agree --------------------------------- */

static const tui_meter_reg meter_regs[] = {
        {60, 8, 4, "1234.567"},
        {68, 40, 4, "8765.43"},
};

static struct {
	tui_meter mt;
	kmp_client *client;
	tui_model *m;
	tui_config cfg;
	tui_host host;
	tui_ctl ctl;
	uint64_t now;
} F;

static void turn(void)
{
	F.now += 20 * MS;
	F.m->now_us = F.now;
	tui_ctl_pump(&F.ctl, F.now);
	kmp_client_step(F.client, meter_serve_wait(&F.mt, F.client, 5), F.now);
}

static int run_until(int (*cond)(void), int max_turns)
{
	for (int i = 0; i < max_turns && !cond(); i++)
		turn();
	return cond();
}

static int setup(const tui_host *host)
{
	memset(&F, 0, sizeof F);
	F.now = 1000 * SEC;
	if (meter_open(&F.mt, meter_regs, 2) != 0)
		return -1;
	F.m = calloc(1, sizeof *F.m);
	static const uint16_t ids[] = {60, 68};
	if (!F.m || tui_model_init(F.m, ids, 2, 10000, F.now) != 0 || tui_views_init(F.m) != 0)
		return -1;
	F.m->utf8 = 0;
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = F.mt.slave;
	/* a fast line: the answer, one turn (20 ms) later, comes after the
	 * request's wire time */
	cfg.link.baud = 115200;
	F.client = kmp_client_new(&cfg, tui_ctl_observer, &F.ctl);
	if (!F.client)
		return -1;
	tui_config_default(&F.cfg);
	F.cfg.retries = 1;
	if (host)
		F.host = *host;
	tui_ctl_init(&F.ctl, F.client, F.m, &F.cfg, &F.host);
	return kmp_client_connect(F.client, F.now, NULL, 0) == KMP_OK ? 0 : -1;
}

static void teardown(void)
{
	tui_ctl_stop(&F.ctl);
	tui_views_fini(F.m);
	kmp_client_free(F.client);
	meter_close(&F.mt);
	tui_model_free(F.m);
	free(F.m);
}

static int read_once(void)
{
	tui_reg_row *r = tui_regs_find(&F.m->regs, 68);
	return r && r->state == TUI_REG_OK && !F.ctl.poller.active;
}
static int link_down(void)
{
	return !F.m->link.connected;
}

/* After the link drops, the rows say "stale" in words instead of a green
 * "ok"; read again after the reconnect, they are ok again. */
static void test_values_go_stale_when_the_link_drops(void)
{
	CU_ASSERT_FATAL(setup(NULL) == 0);
	CU_ASSERT_FATAL(run_until(read_once, 500));
	WINDOW *w = body_at(F.m, 24, 80);
	tui_view_registers.draw(F.m, w);
	CU_ASSERT(strstr(screen_row(w, 1), " ok") != NULL);
	CU_ASSERT(!screen_has(w, "stale"));
	meter_close(&F.mt);
	CU_ASSERT_FATAL(run_until(link_down, 500));
	werase(w);
	tui_view_registers.draw(F.m, w);
	CU_ASSERT(strstr(screen_row(w, 1), "1234.567") != NULL); /* kept, */
	CU_ASSERT(strstr(screen_row(w, 1), " stale") != NULL);   /* but said to be old */
	CU_ASSERT(strstr(screen_row(w, 1), " ok") == NULL);
	CU_ASSERT(screen_shows(w, "2 registers: 2 stale"));
	delwin(w);
	teardown();
}

/* The header counts failed exchanges; view 1's summary counts registers
 * by their last read and names only the states some row is in, so a
 * retried failure never reads as "8 errors" against "0 error". */
static void test_counts_do_not_contradict(void)
{
	tui_model *m = fixture_new_model();
	m->now_us = 1002 * SEC;
	m->link.connected = m->link.ever_connected = 1;
	for (size_t i = 0; i < m->regs.n; i++)
		apply(m, m->regs.rows[i].id, 8, "1.5", 2, 1001 * SEC);
	m->link.stats.tx = 20;
	m->link.stats.rx = 12;
	m->link.stats.timeouts = 8;
	WINDOW *h = newwin(3, 80, 0, 0), *w = body_at(m, 24, 80);
	tui_header_draw(m, h);
	tui_view_registers.draw(m, w);
	CU_ASSERT(strstr(screen_row(h, 1), "failed 8 (no answer 8)") != NULL);
	int y = screen_find(w, "10 registers: 10 ok ");
	CU_ASSERT_FATAL(y > 0);
	CU_ASSERT(strstr(screen_row(w, y), " 0 ") == NULL);
	CU_ASSERT(!screen_has(w, "error"));
	delwin(h);
	delwin(w);
	fixture_free_model(m);
}

/* View 3: the figure and the verdict never stand in contradiction, and
 * with the link down the hint does not claim to be probing. */
static void test_align_words_agree(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	tui_align *a = tui_align_state(m);
	m->view = 2;
	m->link.connected = 1;
	a->active = 1;
	a->timeout_ms = 400;
	a->status = (kmp_prober_status){KMP_PROBER_PROBING, 0, "probing: waiting for the reply"};
	uint64_t t0 = 1000 * SEC;
	kmp_probe_stats_init(&a->prober.stats, t0);
	/* 19 good probes, then the head slips: one echo only */
	for (int i = 0; i < 20; i++) {
		kmp_probe_class c = i < 19 ? KMP_PROBE_OK : KMP_PROBE_ECHO_ONLY;
		kmp_probe_summary s = {.status = c == KMP_PROBE_OK ? KMP_OK : KMP_ERR_ECHO_ONLY,
		                       .latency_us = c == KMP_PROBE_OK ? 50 * MS : 0,
		                       .sent_us = t0 + (uint64_t)i * 200 * MS,
		                       .done_us = t0 + (uint64_t)i * 200 * MS + 100 * MS};
		kmp_probe_stats_add(&a->prober.stats, &s, c);
	}
	m->now_us = t0 + 4 * SEC;
	WINDOW *w = body_at(m, 24, 80);
	tui_view_align.draw(m, w);
	/* 95 % of the last probes, but the smoothed rate fell to 40 %: the
	 * words say BAD and why, never GOOD beside it */
	CU_ASSERT(screen_shows(w, "BAD  falling: probes fail"));
	CU_ASSERT(screen_shows(w, "smoothed 40 %"));
	CU_ASSERT(!screen_has(w, "GOOD"));
	/* the link drops */
	m->link.connected = 0;
	werase(w);
	tui_view_align.draw(m, w);
	CU_ASSERT(screen_shows(w, "hint: no link to the head"));
	CU_ASSERT(!screen_has(w, "probing the meter"));
	delwin(w);
	tui_views_fini(m);
	fixture_free_model(m);
}

/* --- 5: the simulator through the host ---------------------------------------- */

static struct {
	int ended, restarts, restart_fails, presses;
} sim;

static int sim_ended(void *ctx, char *why, size_t cap)
{
	(void)ctx;
	if (!sim.ended)
		return 0;
	sim.ended = 0;
	snprintf(why, cap, "was killed by signal 9");
	return 1;
}

static int sim_restart(void *ctx, char *err, size_t cap)
{
	(void)ctx;
	if (sim.restart_fails) {
		sim.restart_fails--;
		snprintf(err, cap, "fork: out of memory");
		return -1;
	}
	sim.restarts++;
	return 0;
}

static int sim_press(void *ctx)
{
	(void)ctx;
	sim.presses++;
	return 0;
}

static const tui_sim_host fake_sim = {
        .ended = sim_ended,
        .restart = sim_restart,
        .press_button = sim_press,
};

static int restarted(void)
{
	return sim.restarts > 0;
}

/* A simulator that ended is started again (the header says so, then the
 * client reopens the same path); one that keeps ending waits between
 * tries.  B presses its button. */
static void test_sim_restart_and_button(void)
{
	tui_host host = {.sim = &fake_sim};
	memset(&sim, 0, sizeof sim);
	CU_ASSERT_FATAL(setup(&host) == 0);
	CU_ASSERT_FATAL(run_until(read_once, 500));
	sim.ended = 1;
	for (int i = 0; i < 100 && !F.m->link.sim_ended[0]; i++)
		turn();
	CU_ASSERT(strstr(F.m->link.sim_ended, "simulator was killed by signal 9: restarting") !=
	          NULL);
	CU_ASSERT_FATAL(run_until(restarted, 100));
	CU_ASSERT(strstr(F.m->status, "started a new one") != NULL);
	/* again soon after: the next try waits 5 s, and a failure says why */
	sim.ended = 1;
	sim.restart_fails = 1;
	int before = sim.restarts;
	for (int i = 0; i < 100; i++) /* 2 s */
		turn();
	CU_ASSERT_EQUAL(sim.restarts, before);
	CU_ASSERT(strstr(F.m->link.sim_ended, "restarting") != NULL);
	for (int i = 0; i < 200 && sim.restart_fails; i++)
		turn();
	CU_ASSERT(strstr(F.m->link.sim_ended, "restart failed (fork: out of memory)") != NULL);
	for (int i = 0; i < 300 && sim.restarts == before; i++)
		turn();
	CU_ASSERT_EQUAL(sim.restarts, before + 1);
	/* the header shows it instead of the pty's error */
	WINDOW *h = newwin(3, 80, 0, 0);
	F.m->link.connected = 0;
	F.m->link.simulated = 1;
	snprintf(F.m->link.sim_ended, sizeof F.m->link.sim_ended,
	         "simulator was killed by signal 9: restarting");
	tui_header_draw(F.m, h);
	CU_ASSERT(!some_row_cut(h)); /* whole beside the banner at 80 columns */
	CU_ASSERT(strstr(screen_row(h, 0), "simulator was killed by signal 9: restarting") != NULL);
	delwin(h);
	/* B: the button */
	CU_ASSERT(tui_dispatch_key(F.m, 'B') & TUI_R_WAKE);
	turn();
	CU_ASSERT_EQUAL(sim.presses, 1);
	CU_ASSERT(strstr(F.m->status, "pressed the simulated meter's button") != NULL);
	teardown();

	/* without --sim there is no button to press: it says so */
	CU_ASSERT_FATAL(setup(NULL) == 0);
	tui_dispatch_key(F.m, 'B');
	turn();
	CU_ASSERT(strstr(F.m->status, "B presses the simulated meter's button (--sim)") != NULL);
	teardown();
}

/* --- 6: the link's state in the header --------------------------------------- */

static void test_header_link_phases(void)
{
	tui_model *m = fixture_new_model();
	WINDOW *h = newwin(3, 80, 0, 0);
	snprintf(m->link.device, sizeof m->link.device, "tcp://127.0.0.1:2002");
	m->link.phase = TUI_LINK_CONNECTING;
	tui_header_draw(m, h);
	CU_ASSERT(strstr(screen_row(h, 0), "connecting to tcp://127.0.0.1:2002...") != NULL);
	snprintf(m->link.device, sizeof m->link.device, "/tmp/file");
	snprintf(m->link.error, sizeof m->link.error, "/tmp/file: not a serial port");
	m->link.phase = TUI_LINK_FAILED;
	werase(h);
	tui_header_draw(m, h);
	CU_ASSERT(strstr(screen_row(h, 0), "x gave up on /tmp/file: not a serial port") != NULL);
	delwin(h);
	fixture_free_model(m);
}

/* The controller says once what is wrong with the device and what to try:
 * a regular file is given up on (the message stays), a missing device is
 * waited for (said once, the client goes on trying). */
static void test_link_errors_said_once(void)
{
	char dir[] = "/tmp/kmpterm-link-test.XXXXXX", file[96], missing[96];
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(file, sizeof file, "%s/regular_file", dir);
	snprintf(missing, sizeof missing, "%s/ttyUSB7", dir);
	FILE *f = fopen(file, "w");
	CU_ASSERT_FATAL(f != NULL);
	fclose(f);
	const char *devs[] = {file, missing};
	for (int i = 0; i < 2; i++) {
		tui_model *m = fixture_new_model();
		tui_ctl ctl;
		kmp_client_config cfg;
		kmp_client_config_default(&cfg);
		cfg.link.device = devs[i];
		kmp_client *c = kmp_client_new(&cfg, tui_ctl_observer, &ctl);
		CU_ASSERT_FATAL(c != NULL);
		tui_ctl_init(&ctl, c, m, NULL, NULL);
		kmp_client_connect(c, m->now_us, NULL, 0);
		tui_ctl_pump(&ctl, m->now_us);
		CU_ASSERT_EQUAL(m->link.phase, i == 0 ? TUI_LINK_FAILED : TUI_LINK_DOWN);
		CU_ASSERT_EQUAL(m->status_level, TUI_STATUS_ERROR);
		CU_ASSERT(strstr(m->status, "kmpterm ports") != NULL);
		CU_ASSERT(strstr(m->status,
		                 i == 0 ? "not retrying" : "opened as soon as it can be") != NULL);
		if (i == 0)
			CU_ASSERT_EQUAL(m->status_until_us, UINT64_MAX); /* it stays */
		/* once: the next turns do not say it again */
		m->status[0] = '\0';
		for (int k = 0; k < 3; k++) {
			m->now_us += 2 * SEC;
			kmp_client_step(c, 0, m->now_us);
			tui_ctl_pump(&ctl, m->now_us);
		}
		CU_ASSERT_STRING_EQUAL(m->status, "");
		tui_ctl_stop(&ctl);
		kmp_client_free(c);
		fixture_free_model(m);
	}
	unlink(file);
	rmdir(dir);
}

/* --- 7: 80x24 polish, 120 columns -------------------------------------------- */

/* The help, the key bars and the header rows fit 80 columns whole. */
static void test_nothing_cut_at_80(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	WINDOW *w = body_at(m, 24, 80), *st = newwin(1, 80, 22, 0), *ft = newwin(1, 80, 23, 0);
	WINDOW *h = newwin(3, 80, 0, 0);
	for (size_t v = 0; v < tui_n_views; v++) {
		m->view = v;
		m->help = 1;
		for (m->help_scroll = 0; m->help_scroll <= tui_help_max_scroll(m);
		     m->help_scroll++) {
			werase(w);
			tui_help_draw(m, w);
			CU_ASSERT(!some_row_cut(w));
		}
		m->help = 0;
		tui_statusbar_draw(m, st, ft);
		CU_ASSERT(!some_row_cut(ft));
	}
	/* a message longer than the status line goes on in the footer's row */
	m->view = 3;
	tui_status(m, TUI_STATUS_INFO,
	           "s again starts a new scan of 0..2000 and drops the 9 registers shown (e saves "
	           "them first)");
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT(!some_row_cut(st) && !some_row_cut(ft));
	CU_ASSERT(strstr(screen_row(st, 0), "s again starts a new scan") == screen_row(st, 0));
	CU_ASSERT(strstr(screen_row(st, 0), "shown (e saves") != NULL);
	CU_ASSERT_STRING_EQUAL(screen_row(ft, 0), "them first)");
	m->status[0] = '\0';
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT(strstr(screen_row(ft, 0), "? help  q quit") != NULL);
	/* a long session: big counters and every kind of failure */
	m->link.connected = m->link.ever_connected = 1;
	m->link.stats = (kmp_client_stats){.tx = 123456,
	                                   .rx = 120000,
	                                   .echoes = 3,
	                                   .crc_errors = 12,
	                                   .timeouts = 3400,
	                                   .partials = 5,
	                                   .garbage = 7,
	                                   .other_errors = 1};
	m->poll.next_us = m->now_us + 7 * SEC;
	tui_header_draw(m, h);
	CU_ASSERT(strstr(screen_row(h, 1), "poll every 10 s, next in 7 s") != NULL);
	CU_ASSERT(strstr(screen_row(h, 1), "failed 3425") != NULL);
	CU_ASSERT(!some_row_cut(h));
	delwin(w);
	delwin(st);
	delwin(ft);
	delwin(h);
	tui_views_fini(m);
	fixture_free_model(m);
}

/* --interval 7200: hours in the header and in what + says; the help and
 * the keys agree on the longest step. */
static void test_long_intervals(void)
{
	char buf[32];
	CU_ASSERT_STRING_EQUAL(tui_fmt_interval(7200000, buf, sizeof buf), "2 h");
	CU_ASSERT_STRING_EQUAL(tui_fmt_interval(3600000, buf, sizeof buf), "1 h");
	CU_ASSERT_STRING_EQUAL(tui_fmt_interval(1500, buf, sizeof buf), "1.5 s");
	CU_ASSERT_STRING_EQUAL(tui_fmt_wait(7198, buf, sizeof buf), "1 h 59 min");
	CU_ASSERT_STRING_EQUAL(tui_fmt_wait(125, buf, sizeof buf), "2 min 5 s");
	CU_ASSERT_STRING_EQUAL(tui_fmt_wait(42, buf, sizeof buf), "42 s");
	tui_model *m = fixture_new_model();
	m->poll.interval_ms = 7200000;
	m->link.connected = m->link.ever_connected = 1;
	m->poll.next_us = m->now_us + (uint64_t)7198 * SEC;
	WINDOW *h = newwin(3, 80, 0, 0);
	tui_header_draw(m, h);
	CU_ASSERT(strstr(screen_row(h, 1), "poll every 2 h, next in 1 h 59 min") != NULL);
	if (getenv("TUI_DUMP"))
		screen_dump(h);
	tui_dispatch_key(m, '+');
	CU_ASSERT_EQUAL(m->poll.interval_ms, 7200000);
	CU_ASSERT(strstr(m->status, "2 h") != NULL);
	CU_ASSERT(strstr(m->status, "up to 1 h") != NULL);
	CU_ASSERT(strstr(m->status, "120 min") == NULL);
	tui_dispatch_key(m, '-');
	CU_ASSERT_EQUAL(m->poll.interval_ms, 3600000);
	tui_dispatch_key(m, '+');
	CU_ASSERT(strstr(m->status, "stays 1 h (the longest step)") != NULL);
	/* the help says the same steps */
	int said = 0;
	for (const char *const *l = tui_view_registers.help; *l; l++)
		said |= strstr(*l, "from 1 s to 1 h") != NULL;
	CU_ASSERT(said);
	delwin(h);
	fixture_free_model(m);
}

/* At 120 columns the name column is as wide as the longest name, so the
 * values stay beside their names; view 3 fills the height with a taller
 * history and the latency histogram. */
static void test_wide_and_tall_screens(void)
{
	tui_model *m = fixture_new_model();
	m->now_us = 1002 * SEC;
	apply(m, 60, 8, "1234.567", 4, 1000 * SEC);
	WINDOW *w = body_at(m, 40, 120);
	tui_view_registers.draw(m, w);
	const char *r = screen_row(w, 1);
	const char *v = strstr(r, "1234.567");
	CU_ASSERT_FATAL(v != NULL);
	/* the longest default name is 29 columns: the value ends by column 56 */
	CU_ASSERT(v - r + 8 <= 2 + 5 + 1 + 29 + 2 + 16);
	delwin(w);

	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	tui_align *a = tui_align_state(m);
	m->view = 2;
	m->link.connected = 1;
	a->active = 1;
	a->timeout_ms = 400;
	a->status = (kmp_prober_status){KMP_PROBER_PROBING, 0, "probing: waiting for the reply"};
	kmp_probe_stats_init(&a->prober.stats, 1000 * SEC);
	for (int i = 0; i < 30; i++) {
		kmp_probe_summary s = {.status = KMP_OK,
		                       .latency_us = (uint64_t)(40 + i % 5 * 10) * MS,
		                       .sent_us = 1000 * SEC + (uint64_t)i * 100 * MS,
		                       .done_us = 1000 * SEC + (uint64_t)i * 100 * MS + 90 * MS};
		kmp_probe_stats_add(&a->prober.stats, &s, KMP_PROBE_OK);
	}
	m->now_us = 1004 * SEC;
	w = body_at(m, 40, 120);
	tui_view_align.draw(m, w);
	CU_ASSERT(screen_shows(w, "latency"));
	CU_ASSERT(screen_shows(w, "400 ms (timeout)"));
	CU_ASSERT(screen_shows(w, "^median 60 ms"));
	int empty = 0;
	for (int y = 0; y < getmaxy(w); y++)
		empty += screen_row(w, y)[0] == '\0';
	CU_ASSERT(empty <= 6);
	if (getenv("TUI_DUMP"))
		screen_dump(w);
	delwin(w);
	back_to_80x24();
	tui_views_fini(m);
	fixture_free_model(m);
}

/* --- 8: view 1 rows, sort, sorted inserts ------------------------------------- */

static void test_registers_rows_sort_and_inserts(void)
{
	tui_model *m = fixture_new_model();
	uint16_t more[40];
	for (int i = 0; i < 40; i++)
		more[i] = (uint16_t)(2000 - i * 7); /* out of order on purpose */
	CU_ASSERT_EQUAL(tui_regs_add(&m->regs, more, 40), 40);
	for (size_t i = 1; i < m->regs.n; i++)
		CU_ASSERT(m->regs.rows[i - 1].id < m->regs.rows[i].id);
	WINDOW *w = body_at(m, 24, 80);
	tui_view_registers.draw(m, w);
	CU_ASSERT(screen_shows(w, "rows 1-17 of 50"));
	tui_dispatch_key(m, KEY_END);
	werase(w);
	tui_view_registers.draw(m, w);
	CU_ASSERT(screen_shows(w, "rows 34-50 of 50"));
	CU_ASSERT(strstr(screen_row(w, 17), "2000") != NULL);
	/* s: by name, the selection stays on its register */
	uint16_t sel = m->regs.rows[m->regs.list.sel].id;
	CU_ASSERT(tui_dispatch_key(m, 's') & TUI_R_REDRAW_ALL);
	CU_ASSERT_EQUAL(m->regs.sort, TUI_SORT_NAME);
	CU_ASSERT_EQUAL(m->regs.rows[m->regs.list.sel].id, sel);
	CU_ASSERT_EQUAL(m->regs.rows[0].id, 1002); /* "Clock (hh:mm:ss)" */
	CU_ASSERT(strstr(m->status, "sorted by name") != NULL);
	/* a register added later (as from a scan) goes to its place */
	uint16_t one = 266;
	tui_regs_sort(&m->regs, TUI_SORT_ID);
	tui_regs_delete_selected(&m->regs);
	tui_regs_add(&m->regs, &one, 1);
	for (size_t i = 1; i < m->regs.n; i++)
		CU_ASSERT(m->regs.rows[i - 1].id < m->regs.rows[i].id);
	/* by status: the failures first */
	kmp_reading rd = {.id = 1003, .state = KMP_READING_FAILED, .error = KMP_ERR_TIMEOUT};
	tui_regs_apply(&m->regs, &rd, m->now_us);
	tui_regs_sort(&m->regs, TUI_SORT_STATUS);
	CU_ASSERT_EQUAL(m->regs.rows[0].id, 1003);
	delwin(w);
	fixture_free_model(m);
}

/* --- 16: a --log that cannot be written --------------------------------------- */

static int log_calls;
static const char *log_error(void *ctx)
{
	(void)ctx;
	log_calls++;
	return "cannot write the --log file /dev/full";
}

static void test_log_failure_said_once(void)
{
	tui_host host = {.log_error = log_error};
	CU_ASSERT_FATAL(setup(&host) == 0);
	turn();
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(F.m->status, "cannot write the --log file /dev/full") != NULL);
	F.m->status[0] = '\0';
	for (int i = 0; i < 10; i++)
		turn();
	CU_ASSERT_STRING_EQUAL(F.m->status, ""); /* once, not on every frame */
	teardown();
}

/* --- 21: a `w` that fails leaves no file ------------------------------------- */

static void test_trace_write_failure_leaves_nothing(void)
{
	char dir[] = "/tmp/kmpterm-w-test.XXXXXX", path[128];
	struct rlimit old, small;
	tui_model *m = fixture_new_model();
	for (int i = 0; i < 50; i++)
		fixture_push_frame(m, KMP_EV_TX, "803F0235E90D", 1000 * SEC + (uint64_t)i * SEC);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/trace.log", dir);
	/* a file size limit stands in for a full disk: writes past it fail */
	CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old) == 0);
	small = old;
	small.rlim_cur = 512;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &small) == 0);
	size_t n = 0;
	int rc = tui_ring_write(&m->trace.ring, path, &n);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, was);
	CU_ASSERT_EQUAL(rc, EFBIG);
	struct stat st;
	CU_ASSERT(stat(path, &st) != 0 && errno == ENOENT);
	/* and one that works is whole */
	CU_ASSERT_EQUAL(tui_ring_write(&m->trace.ring, path, &n), 0);
	CU_ASSERT_EQUAL(n, 50);
	CU_ASSERT(stat(path, &st) == 0 && st.st_size > 512);
	unlink(path);
	rmdir(dir);
	fixture_free_model(m);
}

TEST_SUITE(tui_field_suite)
{
	CU_pSuite s = CU_add_suite("tui_field", screen_up, screen_down);
	TEST_ADD(s, test_inspector_counts_records_columns);
	TEST_ADD(s, test_inspector_uses_a_tall_screen);
	TEST_ADD(s, test_inspector_one_byte);
	TEST_ADD(s, test_registers_columns_by_width);
	TEST_ADD(s, test_trace_filter_while_scrolled_keeps_the_list_full);
	TEST_ADD(s, test_values_go_stale_when_the_link_drops);
	TEST_ADD(s, test_counts_do_not_contradict);
	TEST_ADD(s, test_align_words_agree);
	TEST_ADD(s, test_sim_restart_and_button);
	TEST_ADD(s, test_header_link_phases);
	TEST_ADD(s, test_link_errors_said_once);
	TEST_ADD(s, test_nothing_cut_at_80);
	TEST_ADD(s, test_long_intervals);
	TEST_ADD(s, test_wide_and_tall_screens);
	TEST_ADD(s, test_registers_rows_sort_and_inserts);
	TEST_ADD(s, test_log_failure_said_once);
	TEST_ADD(s, test_trace_write_failure_leaves_nothing);
}
