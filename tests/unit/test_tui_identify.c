/* View 5, "Identify" (issue 12): drawn into the off-screen screen from
 * engine states set by hand (running with tries so far, a verdict at
 * other settings that the terminal adopted, TCP, echo only), and driven
 * by the controller against a meter on a pty: the first visit runs it and
 * it owns the link while it runs, the verdict hands the link back to the
 * poller, and a stopped run puts the line back to the terminal's settings.
 * Time is synthetic for the controller part; only the pty is real. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "client/client.h"
#include "kmp/error.h"
#include "testing.h"
#include "tui/controller.h"
#include "tui/identify_view.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_meter.h"
#include "tui_screen.h"

#define MS 1000u
#define SEC 1000000u

static WINDOW *body(void)
{
	return newwin(24 - TUI_HEADER_ROWS - TUI_FOOTER_ROWS, 80, 3, 0);
}

static tui_model *model_with_view(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	m->view = 4;
	CU_ASSERT_FATAL(tui_current_view(m) == &tui_view_identify);
	return m;
}

static void drop(tui_model *m)
{
	tui_views_fini(m);
	fixture_free_model(m);
}

static kmp_id_try a_try(int baud, int stopbits, kmp_id_result res)
{
	kmp_id_try t = {.protocol = KMP_ID_PROTO_KMP, .result = res};
	t.line.baud = baud;
	t.line.databits = 8;
	t.line.parity = 'N';
	t.line.stopbits = stopbits;
	return t;
}

static void dump(WINDOW *w)
{
	if (getenv("TUI_DUMP"))
		screen_dump(w);
}

static void test_identify_running_shows_each_try(void)
{
	tui_model *m = model_with_view();
	tui_identify *v = tui_identify_state(m);
	CU_ASSERT_FATAL(v != NULL);
	v->running = v->started = 1;
	v->id.start_us = m->now_us - 6400 * MS;
	v->id.step = 2;
	v->id.tried[0] = a_try(1200, 2, KMP_IDR_SILENT);
	v->id.tried[1] = a_try(1200, 1, KMP_IDR_GARBAGE);
	v->id.n_tried = 2;
	snprintf(v->progress, sizeof v->progress, "2400 8N2: GetType (KMP)");
	WINDOW *w = body();
	tui_view_identify.draw(m, w);
	dump(w);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 0),
	                       " identify: running 6.4 s: 2400 8N2: GetType (KMP)");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 1), " heard      nothing before anything was sent");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 2), "   #  SETTINGS       PROTOCOL  RESULT     ECHO");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 3), "   1  1200 8N2       KMP       silent     no");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 4), "   2  1200 8N1       KMP       garbage    no");
	/* no verdict yet */
	CU_ASSERT(!screen_has(w, "verdict"));
	CU_ASSERT_STRING_EQUAL(tui_view_identify.footer(m),
	                       "s stop (the line goes back)  Up/Down scroll");
	/* it counts while it runs */
	CU_ASSERT(tui_view_identify.next_redraw_us(m) > m->now_us);
	delwin(w);
	drop(m);
}

static void test_identify_verdict_adopted_settings_and_config(void)
{
	tui_model *m = model_with_view();
	tui_identify *v = tui_identify_state(m);
	v->ran = v->started = 1;
	kmp_identify *id = &v->id;
	id->start_us = m->now_us - 14 * SEC;
	id->end_us = id->start_us + 13400 * MS;
	for (int i = 0; i < 3; i++)
		id->tried[i] = a_try(i == 2 ? 2400 : 1200, i == 1 ? 1 : 2, KMP_IDR_SILENT);
	id->tried[3] = a_try(9600, 1, KMP_IDR_ANSWER);
	id->n_tried = 4;
	id->verdict = KMP_ID_KMP;
	id->protocol = KMP_ID_PROTO_KMP;
	id->have_settings = 1;
	id->settings = id->tried[3].line;
	id->have_type = 1;
	id->meter_type = 0x0A2B;
	snprintf(id->sw_revision, sizeof id->sw_revision, "E3");
	id->have_serial = 1;
	id->serial = 5601234;
	id->family = KMP_FAMILY_UNKNOWN;
	snprintf(v->after, sizeof v->after,
	         "the terminal now reads at 9600 8N1 (it started at 1200 8N2): keep the config "
	         "lines");
	WINDOW *w = body();
	tui_view_identify.draw(m, w);
	dump(w);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 0), " identify: done after 13.4 s (r runs it again)");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 6), "   4  9600 8N1       KMP       answer     no");
	int r = screen_find(w, "verdict");
	CU_ASSERT_FATAL(r > 0);
	CU_ASSERT_STRING_EQUAL(screen_row(w, r),
	                       " verdict    kmp: a KMP meter answers at 9600 8N1");
	CU_ASSERT(screen_shows(w, " meter      type 0x0A2B (2603), sw E3"));
	CU_ASSERT(screen_shows(w, " serial     5601234"));
	CU_ASSERT(screen_shows(w, " hint       A KMP meter answers at 9600 8N1."));
	CU_ASSERT(screen_shows(w, " line       the terminal now reads at 9600 8N1 (it started at "
	                          "1200 8N2): keep"));
	/* the config lines are below the fold: Down scrolls to them */
	int rows = tui_identify_rows(m, 80);
	CU_ASSERT(rows > getmaxy(w));
	CU_ASSERT(screen_shows(w, "(more: Down)"));
	for (int i = 0; i < 10; i++)
		tui_view_identify.key(m, KEY_DOWN);
	CU_ASSERT_EQUAL(v->scroll, rows - tui_body_rows(m));
	tui_view_identify.draw(m, w);
	dump(w);
	CU_ASSERT(screen_shows(w, " config     (for ~/.config/kmpterm/config)"));
	CU_ASSERT(screen_shows(w, "            baud = 9600"));
	CU_ASSERT(screen_shows(w, "            stopbits = 1"));
	CU_ASSERT(!screen_has(w, "(more: Down)"));
	/* r asks for another run */
	CU_ASSERT(tui_view_identify.key(m, 'r') & TUI_R_WAKE);
	CU_ASSERT(v->start_req);
	CU_ASSERT_EQUAL(v->scroll, 0);
	delwin(w);
	drop(m);
}

static void test_identify_tcp_and_echo_only(void)
{
	tui_model *m = model_with_view();
	tui_identify *v = tui_identify_state(m);
	v->ran = v->started = 1;
	kmp_identify *id = &v->id;
	id->tcp = 1;
	id->tried[0] = a_try(0, 0, KMP_IDR_ECHO);
	memset(&id->tried[0].line, 0, sizeof id->tried[0].line);
	id->tried[0].bridge = 1;
	id->tried[0].echo = 1;
	id->n_tried = 1;
	id->echo = 1;
	id->verdict = KMP_ID_ECHO_ONLY;
	snprintf(v->after, sizeof v->after,
	         "over TCP the serial settings are the bridge's: nothing was changed");
	WINDOW *w = body();
	tui_view_identify.draw(m, w);
	dump(w);
	CU_ASSERT(screen_shows(w, "   1  the bridge's   KMP       echo-only  yes"));
	CU_ASSERT(screen_shows(w, " verdict    echo-only: only the head's echo comes back"));
	CU_ASSERT(screen_shows(w, " echo       yes: the head echoes what it sends"));
	CU_ASSERT(screen_shows(w, " line       over TCP the serial settings are the bridge's"));
	CU_ASSERT(screen_shows(w, " ser2net    connector: serialdev,/dev/ttyUSB0,1200n82"));
	/* no config lines when nothing answered */
	CU_ASSERT(!screen_has(w, "config"));
	CU_ASSERT(!screen_has(w, "meter      type"));
	delwin(w);
	drop(m);
}

/* --- the controller side, against a meter on a pty ------------------------ */

static const tui_meter_reg regs[] = {{60, 8, 4, "1234.567"}};

static struct {
	tui_meter mt;
	kmp_client *client;
	tui_model *m;
	tui_config cfg;
	tui_ctl ctl;
	uint64_t now;
} F;

/* 100 ms a turn: an answer in the next turn comes after the request's
 * wire time even at 1200 baud (the client refuses one that begins
 * earlier), which identify's settings need */
static void turn(void)
{
	F.now += 100 * MS;
	F.m->now_us = F.now;
	tui_ctl_pump(&F.ctl, F.now);
	kmp_client_step(F.client, meter_serve_wait(&F.mt, F.client, 5), F.now);
}

static int setup(void)
{
	memset(&F, 0, sizeof F);
	F.now = 1000 * SEC;
	if (meter_open(&F.mt, regs, sizeof regs / sizeof regs[0]) != 0)
		return -1;
	F.m = calloc(1, sizeof *F.m);
	if (!F.m || tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 10000, F.now) != 0 ||
	    tui_views_init(F.m) != 0)
		return -1;
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = F.mt.slave;
	F.client = kmp_client_new(&cfg, tui_ctl_observer, &F.ctl);
	if (!F.client)
		return -1;
	tui_config_default(&F.cfg);
	F.cfg.retries = 2;
	tui_ctl_init(&F.ctl, F.client, F.m, &F.cfg, NULL);
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

static void test_identify_view_runs_owns_and_hands_back(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	tui_identify *v = tui_identify_state(F.m);
	/* connected and read once by view 1 */
	for (int i = 0; i < 200 && !F.m->link.have_serial; i++)
		turn();
	CU_ASSERT_FATAL(F.m->link.have_serial);
	unsigned types = F.mt.requests[0x01];
	/* the first visit runs it */
	F.m->view = 4;
	turn();
	CU_ASSERT(v->running);
	CU_ASSERT_EQUAL(tui_owner_now(&F.m->owners), TUI_OWNER_IDENTIFY);
	int max_turns = 2000, polled = 0;
	while (v->running && max_turns--) {
		turn();
		/* nobody else asks for registers while it runs */
		polled |= v->running && F.ctl.poller.active;
	}
	CU_ASSERT(!polled);
	CU_ASSERT(!v->running);
	CU_ASSERT(v->ran);
	CU_ASSERT_EQUAL(v->id.verdict, KMP_ID_KMP);
	CU_ASSERT(F.mt.requests[0x01] > types);
	CU_ASSERT(strstr(v->after, "the terminal reads at 1200 8N2, as before") != NULL);
	CU_ASSERT(strstr(F.m->status, "identify: kmp") != NULL);
	/* the link is the poller's again, and it reads at once */
	CU_ASSERT_EQUAL(tui_owner_now(&F.m->owners) <= TUI_OWNER_POLLER, 1);
	unsigned regs_after = F.mt.requests[0x10];
	for (int i = 0; i < 100 && F.mt.requests[0x10] == regs_after; i++)
		turn();
	CU_ASSERT(F.mt.requests[0x10] > regs_after);
	/* visiting again does not run it again by itself */
	F.m->view = 0;
	turn();
	F.m->view = 4;
	turn();
	CU_ASSERT(!v->running);
	teardown();
}

static void test_identify_stopped_puts_the_line_back(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	tui_identify *v = tui_identify_state(F.m);
	kmp_link_config before, after;
	for (int i = 0; i < 200 && !F.m->link.connected; i++)
		turn();
	kmp_client_line(F.client, &before);
	F.mt.silent = 1;
	F.m->view = 4;
	/* run until it tries other settings */
	for (int i = 0; i < 3000 && v->id.n_tried < 2; i++)
		turn();
	CU_ASSERT_FATAL(v->running);
	CU_ASSERT(v->id.n_tried >= 2);
	/* s stops it */
	CU_ASSERT(tui_view_identify.key(F.m, 's') & TUI_R_WAKE);
	uint64_t stop_at = F.now + 100 * MS; /* the next turn's time */
	for (int i = 0; i < 500 && tui_owner_now(&F.m->owners) == TUI_OWNER_IDENTIFY; i++)
		turn();
	CU_ASSERT(!v->running);
	CU_ASSERT(v->stopped);
	/* "stopped after N s" counts to the stop (it wrapped to 1.8e13 s) */
	CU_ASSERT_EQUAL(v->id.end_us, stop_at);
	CU_ASSERT(v->id.end_us > v->id.start_us);
	CU_ASSERT(tui_owner_now(&F.m->owners) != TUI_OWNER_IDENTIFY);
	kmp_client_line(F.client, &after);
	CU_ASSERT_EQUAL(after.baud, before.baud);
	CU_ASSERT_EQUAL(after.stopbits, before.stopbits);
	CU_ASSERT_EQUAL(after.parity, before.parity);
	CU_ASSERT_EQUAL(after.databits, before.databits);
	CU_ASSERT(strstr(v->after, "stopped: the line goes back to 1200 8N2") != NULL);
	/* leaving the view stops a run too */
	tui_view_identify.key(F.m, 'r');
	turn();
	CU_ASSERT(v->running);
	F.m->view = 0;
	turn();
	CU_ASSERT(!v->running);
	teardown();
}

/* The batch command and view 5 say a verdict in the same words, one per
 * verdict, and silence names the missing echo as the docs do. */
static void test_identify_verdict_words(void)
{
	static const kmp_id_verdict all[] = {KMP_ID_KMP,       KMP_ID_LEGACY,  KMP_ID_ECHO_ONLY,
	                                     KMP_ID_SILENT,    KMP_ID_GARBAGE, KMP_ID_TEXT,
	                                     KMP_ID_LINK_ERROR};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		CU_ASSERT_STRING_NOT_EQUAL(kmp_id_verdict_words(all[i]), "?");
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(kmp_id_verdict_words(all[i]),
			                           kmp_id_verdict_words(all[j]));
	}
	CU_ASSERT_STRING_EQUAL(kmp_id_verdict_words(KMP_ID_SILENT),
	                       "nothing comes back, not even an echo");
}

TEST_SUITE(tui_identify_suite)
{
	CU_pSuite s = CU_add_suite("tui_identify", screen_up, screen_down);
	TEST_ADD(s, test_identify_running_shows_each_try);
	TEST_ADD(s, test_identify_verdict_words);
	TEST_ADD(s, test_identify_verdict_adopted_settings_and_config);
	TEST_ADD(s, test_identify_tcp_and_echo_only);
	TEST_ADD(s, test_identify_view_runs_owns_and_hands_back);
	TEST_ADD(s, test_identify_stopped_puts_the_line_back);
}
