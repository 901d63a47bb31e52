/* The meter's state in the terminal (issue 12): the header says whether
 * the meter answers, apart from the link; the status line gives the next
 * step while no message is shown; a meter that answers again is said once
 * and asked for its identity again; a poll round on a silent meter stops
 * at the first group without an answer, and the next round still comes at
 * the interval, so a meter woken later is read without a key.  Drawn into
 * the off-screen screen; the controller part against a meter on a pty
 * (synthetic time, as test_tui_ctl.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "client/client.h"
#include "kmp/error.h"
#include "testing.h"
#include "tui/controller.h"
#include "tui/meter_state.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_meter.h"
#include "tui_screen.h"

#define MS 1000u
#define SEC 1000000u

/* An event as the client would give it, at t seconds (wall: the same). */
static kmp_event ev_at(kmp_event_kind kind, int status, int with_msg, unsigned t)
{
	static kmp_msg msg;
	kmp_event ev = {.kind = kind, .status = status, .t_us = (uint64_t)t * SEC};
	ev.wall.tv_sec = (time_t)t;
	ev.msg = with_msg ? &msg : NULL;
	return ev;
}

static const char *clock_of(unsigned t)
{
	static char buf[16];
	struct tm tm;
	time_t s = (time_t)t;
	localtime_r(&s, &tm);
	strftime(buf, sizeof buf, "%H:%M:%S", &tm);
	return buf;
}

static void draw_all(tui_model *m, WINDOW *hdr, WINDOW *st, WINDOW *ft)
{
	tui_header_draw(m, hdr);
	tui_statusbar_draw(m, st, ft);
	if (getenv("TUI_DUMP")) {
		screen_dump(hdr);
		screen_dump(st);
	}
}

static void test_header_and_hint_follow_the_meter(void)
{
	tui_model *m = fixture_new_model();
	WINDOW *hdr = newwin(3, 80, 0, 0), *st = newwin(1, 80, 22, 0), *ft = newwin(1, 80, 23, 0);
	char want[128];
	snprintf(m->link.device, sizeof m->link.device, "/dev/ttyUSB0");
	m->link.connected = m->link.ever_connected = 1;
	m->now_us = 1000 * SEC;

	/* nothing asked yet: the link only, no meter words, no hint */
	draw_all(m, hdr, st, ft);
	CU_ASSERT(strstr(screen_row(hdr, 0), "+ connected | /dev/ttyUSB0") != NULL);
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), "");

	/* the first exchange fails: not answering, and what to do */
	kmp_event ev = ev_at(KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 0, 1000);
	tui_meter_event(m, &ev);
	CU_ASSERT(m->dirty & TUI_DIRTY_HEADER);
	draw_all(m, hdr, st, ft);
	snprintf(want, sizeof want, "+ connected | NOT ANSWERING since %s | /dev/ttyUSB0",
	         clock_of(1000));
	CU_ASSERT(strstr(screen_row(hdr, 0), want) != NULL);
	snprintf(want, sizeof want, "no answer since %s: press 5 to identify; polling goes on",
	         clock_of(1000));
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), want);

	/* paused: the hint does not promise what will not happen */
	m->poll.paused = 1;
	draw_all(m, hdr, st, ft);
	CU_ASSERT(strstr(screen_row(st, 0), "press 5 to identify; polling is paused (space)") !=
	          NULL);
	m->poll.paused = 0;

	/* a message goes first; the hint comes back when it expires */
	tui_status(m, TUI_STATUS_INFO, "statistics reset");
	draw_all(m, hdr, st, ft);
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), "statistics reset");
	m->now_us += 60 * SEC;
	CU_ASSERT(tui_status_expire(m));
	draw_all(m, hdr, st, ft);
	CU_ASSERT(strstr(screen_row(st, 0), "press 5 to identify") != NULL);

	/* it answers: said once, with how long it had not */
	ev = ev_at(KMP_EV_RX, KMP_OK, 1, 1010);
	CU_ASSERT_EQUAL(tui_meter_event(m, &ev), 1);
	m->link.have_serial = 1;
	m->link.serial = 67123456;
	draw_all(m, hdr, st, ft);
	CU_ASSERT(strstr(screen_row(hdr, 0), "+ connected | answering | serial 67123456") != NULL);
	snprintf(want, sizeof want, "the meter answers again (not answering since %s)",
	         clock_of(1000));
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), want);
	/* a second answer says nothing new */
	ev = ev_at(KMP_EV_RX, KMP_OK, 1, 1011);
	CU_ASSERT_EQUAL(tui_meter_event(m, &ev), 0);

	/* then silent: asleep?, since when it last answered, and the button */
	m->status[0] = '\0';
	ev = ev_at(KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 0, 1100);
	tui_meter_event(m, &ev);
	draw_all(m, hdr, st, ft);
	snprintf(want, sizeof want, "asleep? (was answering until %s)", clock_of(1011));
	CU_ASSERT(strstr(screen_row(hdr, 0), want) != NULL);
	snprintf(want, sizeof want,
	         "was answering until %s: asleep? press the meter's front button", clock_of(1011));
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), want);
	/* --sim: the button is a key */
	m->link.simulated = 1;
	draw_all(m, hdr, st, ft);
	CU_ASSERT(strstr(screen_row(st, 0), "front button (B)") != NULL);
	m->link.simulated = 0;

	/* only the echo: align */
	ev = ev_at(KMP_EV_TIMEOUT, KMP_ERR_ECHO_ONLY, 0, 1200);
	tui_meter_event(m, &ev);
	draw_all(m, hdr, st, ft);
	snprintf(want, sizeof want, "ECHO ONLY since %s", clock_of(1200));
	CU_ASSERT(strstr(screen_row(hdr, 0), want) != NULL);
	CU_ASSERT(strstr(screen_row(st, 0), "press 3 to align") != NULL);

	/* the link down: the link's state, no meter hint */
	m->link.connected = 0;
	draw_all(m, hdr, st, ft);
	CU_ASSERT(strstr(screen_row(hdr, 0), "ECHO ONLY") == NULL);
	CU_ASSERT_STRING_EQUAL(screen_row(st, 0), "");
	delwin(hdr);
	delwin(st);
	delwin(ft);
	fixture_free_model(m);
}

/* A notice (the --sim banner's 20 s) gives way to the hint when the meter
 * stops answering; identify's tries at other settings change nothing. */
static void test_state_change_clears_a_notice_identify_ignored(void)
{
	tui_model *m = fixture_new_model();
	m->link.connected = 1;
	tui_status(m, TUI_STATUS_INFO, "Simulated meter: values are made up; press ? for keys");
	m->status_until_us = m->now_us + 20 * SEC;
	kmp_event ev = ev_at(KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 0, 1000);
	tui_meter_event(m, &ev);
	CU_ASSERT_STRING_EQUAL(m->status, "");
	char buf[160];
	CU_ASSERT(tui_meter_hint(m, buf, sizeof buf) != NULL);
	/* an error message stays */
	tui_status(m, TUI_STATUS_ERROR, "cannot write x");
	ev = ev_at(KMP_EV_TIMEOUT, KMP_ERR_ECHO_ONLY, 0, 1001);
	tui_meter_event(m, &ev);
	CU_ASSERT_STRING_EQUAL(m->status, "cannot write x");

	tui_owner_claim(&m->owners, TUI_OWNER_IDENTIFY);
	unsigned long changes = m->link.meter.changes;
	ev = ev_at(KMP_EV_RX, KMP_OK, 1, 1002);
	CU_ASSERT_EQUAL(tui_meter_event(m, &ev), 0);
	CU_ASSERT_EQUAL(m->link.meter.changes, changes);
	tui_owner_release(&m->owners, TUI_OWNER_IDENTIFY);
	CU_ASSERT_EQUAL(tui_meter_event(m, &ev), 1);
	CU_ASSERT_EQUAL(m->link.meter.state, KMP_METER_ANSWERING);
	fixture_free_model(m);
}

/* 80 columns under --sim: the meter's state keeps its place, the type's
 * software revision and then the type give way, the serial stays whole. */
static void test_header_narrow_keeps_the_state(void)
{
	tui_model *m = fixture_new_model();
	WINDOW *hdr = newwin(3, 80, 0, 0);
	m->link.simulated = 1;
	m->link.connected = m->link.ever_connected = 1;
	m->link.have_type = m->link.have_serial = 1;
	m->link.type.meter_type = 0x34;
	m->link.type.sw_letter = 11;
	m->link.type.sw_number = 1;
	m->link.type.known = 1;
	m->link.serial = 67123456;
	kmp_event ev = ev_at(KMP_EV_RX, KMP_OK, 1, 1000);
	tui_meter_event(m, &ev);
	tui_header_draw(m, hdr);
	CU_ASSERT_STRING_EQUAL(
	        screen_row(hdr, 0),
	        " SIMULATED METER (kmpsim)  + connected | answering | serial 67123456");
	m->link.simulated = 0;
	snprintf(m->link.device, sizeof m->link.device, "/dev/ttyUSB0");
	tui_header_draw(m, hdr);
	if (getenv("TUI_DUMP"))
		screen_dump(hdr);
	/* the device goes last and is what an 80-column screen cuts */
	CU_ASSERT(strstr(screen_row(hdr, 0),
	                 "kmpterm  + connected | answering | type 0x0034 sw K1 | serial 67123456 "
	                 "| /dev/~") != NULL);
	delwin(hdr);
	fixture_free_model(m);
}

/* --- the controller on a silent meter -------------------------------------- */

static const tui_meter_reg regs[] = {
        {60, 8, 4, "1234.567"},
        {68, 40, 4, "8765.43"},
};

static struct {
	tui_meter mt;
	kmp_client *client;
	tui_model *m;
	tui_config cfg;
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

static int setup(void)
{
	memset(&F, 0, sizeof F);
	F.now = 1000 * SEC;
	if (meter_open(&F.mt, regs, sizeof regs / sizeof regs[0]) != 0)
		return -1;
	F.m = calloc(1, sizeof *F.m);
	if (!F.m || tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 5000, F.now) != 0)
		return -1;
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = F.mt.slave;
	cfg.link.baud = 115200;
	F.client = kmp_client_new(&cfg, tui_ctl_observer, &F.ctl);
	if (!F.client)
		return -1;
	tui_config_default(&F.cfg);
	F.cfg.retries = 2;
	F.cfg.interval_ms = 5000;
	tui_ctl_init(&F.ctl, F.client, F.m, &F.cfg, NULL);
	return kmp_client_connect(F.client, F.now, NULL, 0) == KMP_OK ? 0 : -1;
}

static void teardown(void)
{
	tui_ctl_stop(&F.ctl);
	kmp_client_free(F.client);
	meter_close(&F.mt);
	tui_model_free(F.m);
	free(F.m);
}

static void test_ctl_silent_meter_paced_then_read_when_woken(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	F.mt.silent = 1;
	uint64_t t0 = F.now, first_fail = 0;
	while (F.now < t0 + 60 * SEC) {
		turn();
		if (!first_fail && F.m->link.meter.state == KMP_METER_NOT_ANSWERING)
			first_fail = F.now;
	}
	/* the state comes with the first failed exchange (1.6 s timeout) */
	CU_ASSERT(first_fail && first_fail - t0 <= 2 * SEC);
	char buf[160];
	CU_ASSERT(tui_meter_hint(F.m, buf, sizeof buf) != NULL);
	/* the identity questions give up quietly: the hint says it all */
	CU_ASSERT(strstr(F.m->status, "GetType") == NULL);
	/* 10 default registers are 2 groups of 8 and 2; rounds every 5 s,
	 * each stops after the first group's 3 attempts (3.2 s each) instead
	 * of asking both groups: ~6 rounds in 60 s, 3 requests each (a round
	 * that ran through would send 6) */
	unsigned gr = F.mt.requests[0x10];
	CU_ASSERT(gr >= 9);
	CU_ASSERT(gr <= 24);
	if (gr > 24 || gr < 9 || getenv("TUI_DUMP"))
		fprintf(stderr, "GetRegister requests in 60 s on a silent meter: %u\n", gr);

	/* woken: read at the next round, no key; the identity asked again */
	F.mt.silent = 0;
	uint64_t woke = F.now;
	while (F.now < woke + 15 * SEC && !(F.m->link.have_type && F.m->link.have_serial &&
	                                    tui_regs_find(&F.m->regs, 60)->state == TUI_REG_OK))
		turn();
	CU_ASSERT(F.m->link.have_type);
	CU_ASSERT(F.m->link.have_serial);
	CU_ASSERT_EQUAL(tui_regs_find(&F.m->regs, 60)->state, TUI_REG_OK);
	CU_ASSERT(F.now - woke <= 10 * SEC);
	CU_ASSERT_EQUAL(F.m->link.meter.state, KMP_METER_ANSWERING);
	CU_ASSERT(strstr(F.m->status, "the meter answers again") != NULL);
	teardown();
}

TEST_SUITE(tui_meter_state_suite)
{
	CU_pSuite s = CU_add_suite("tui_meter_state", screen_up, screen_down);
	TEST_ADD(s, test_header_and_hint_follow_the_meter);
	TEST_ADD(s, test_state_change_clears_a_notice_identify_ignored);
	TEST_ADD(s, test_header_narrow_keeps_the_state);
	TEST_ADD(s, test_ctl_silent_meter_paced_then_read_when_woken);
}
