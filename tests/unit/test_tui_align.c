/* View 3 (Align) off-screen: recorded probes fed into the prober's
 * statistics, the view drawn into a newterm on /dev/null at 80x24 and read
 * back row by row.  Then its keys (bell, simulated head) and its
 * controller side against a client whose device never opens (entering and
 * leaving, the bell, the quality written for the simulator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "client/client.h"
#include "kmp/error.h"
#include "sim/sim.h"
#include "testing.h"
#include "tui/align.h"
#include "tui/controller.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_screen.h"

#define MS 1000u
#define SEC 1000000u
#define T0 (1000 * SEC)
#define BODY_ROWS (24 - TUI_HEADER_ROWS - TUI_FOOTER_ROWS)

static struct {
	tui_model *m;
	tui_align *a;
	WINDOW *w;
	unsigned rings;
} F;

static void count_ring(void)
{
	F.rings++;
}

static int setup(void)
{
	memset(&F, 0, sizeof F);
	F.m = calloc(1, sizeof *F.m);
	if (!F.m || tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 10000, T0) != 0 ||
	    tui_views_init(F.m) != 0)
		return -1;
	F.m->utf8 = 0; /* ASCII glyphs: the runner keeps the C locale */
	F.m->color = 0;
	F.m->now_us = T0;
	F.m->rows = 24;
	F.m->cols = 80;
	F.m->view = 2;
	F.m->link.connected = 1; /* the probes go out */
	F.a = tui_align_state(F.m);
	if (!F.a)
		return -1;
	F.a->ring = count_ring;
	/* what the pump sets while the view is shown */
	F.a->active = 1;
	F.a->timeout_ms = 400;
	F.a->status = (kmp_prober_status){KMP_PROBER_PROBING, 0, "probing: waiting for the reply"};
	kmp_probe_stats_init(&F.a->prober.stats, T0);
	F.w = newwin(BODY_ROWS, 80, TUI_HEADER_ROWS, 0);
	return F.w ? 0 : -1;
}

static void teardown(void)
{
	if (F.w)
		delwin(F.w);
	if (F.m) {
		tui_views_fini(F.m);
		tui_model_free(F.m);
		free(F.m);
	}
	memset(&F, 0, sizeof F);
}

/* One finished probe, as kmp_prober would count it. */
static void probe(kmp_probe_class c, uint64_t done_us, uint64_t latency_us)
{
	kmp_probe_summary s = {
	        .status = c == KMP_PROBE_OK ? KMP_OK : KMP_ERR_TIMEOUT,
	        .latency_us = c == KMP_PROBE_OK ? latency_us : 0,
	        .sent_us = done_us - latency_us - 20 * MS,
	        .done_us = done_us,
	};
	kmp_probe_stats_add(&F.a->prober.stats, &s, c);
}

/* n good probes every 100 ms, the last one finishing at `end`. */
static void good_run(unsigned n, uint64_t end)
{
	for (unsigned i = 0; i < n; i++)
		probe(KMP_PROBE_OK, end - (uint64_t)(n - 1 - i) * 100 * MS, 50 * MS);
}

static void draw(void)
{
	tui_view_align.draw(F.m, F.w);
}

/* What the pump does under --sim: the simulator's window for the grid. */
static void sim_on(void)
{
	tui_align_set_window(F.a, kmpsim_quality_from_position);
}

/* ---- drawing ------------------------------------------------------------- */

static void test_align_big_digits(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	werase(F.w);
	CU_ASSERT_EQUAL(tui_align_big_width("85%"), 4 + 1 + 4 + 1 + 5);
	CU_ASSERT_EQUAL(tui_align_big_draw(F.w, 0, 0, "85%", A_NORMAL, 0), 15);
	/* the glyph table, row by row */
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 0), "#### #### #   #");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 1), "#  # #       #");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 2), "#### ####   #");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 3), "#  #    #  #");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 4), "#### #### #   #");
	teardown();
}

static void test_align_bar_marks(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	/* the mark sits in the last cell a rate at the threshold fills */
	CU_ASSERT_EQUAL(tui_align_bar_mark(40, 0.5), 19);
	CU_ASSERT_EQUAL(tui_align_bar_mark(40, 0.9), 35);
	CU_ASSERT_EQUAL(tui_align_bar_mark(10, 0.0), 0);
	CU_ASSERT_EQUAL(tui_align_bar_mark(10, 1.0), 9);
	werase(F.w);
	tui_align_bar(F.m, F.w, 0, 0, 20, 0.5);
	tui_align_bar(F.m, F.w, 1, 0, 20, 1.0);
	tui_align_bar(F.m, F.w, 2, 0, 20, -1);
	tui_align_bar(F.m, F.w, 3, 0, 20, 0.525); /* 10.5 cells: the half shows */
	/* marks at 50 % (cell 9) and 90 % (cell 17) show filled or not */
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 0), "#########|.......|..");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 1), "#########|#######|##");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 2), ".........|.......|..");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 3), "#########|#......|..");
	teardown();
}

static void test_align_good(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	F.m->now_us = T0 + 3 * SEC;
	good_run(25, F.m->now_us - 50 * MS);
	draw();
	/* the big figure: "100%" in block digits, right-aligned */
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 1),
	                       "  #  #### #### #   #   GOOD  last 20 probes / 5 s");
	CU_ASSERT(strncmp(screen_row(F.w, 5), " ### #### #### #   #", 20) == 0);
	CU_ASSERT(strstr(screen_row(F.w, 2), "smoothed 100 %") != NULL);
	/* one band word on the screen: the verdict beside the figure */
	CU_ASSERT_EQUAL(screen_find(F.w, "GOOD"), 1);
	CU_ASSERT(screen_has(F.w, "best 100 %, 2s ago"));
	CU_ASSERT(screen_has(F.w, "probes/s, median 50 ms"));
	CU_ASSERT(screen_has(F.w, "last: OK x25"));
	CU_ASSERT(screen_has(F.w, "probing: waiting for the reply"));
	CU_ASSERT(screen_has(F.w, "GetSerialNo, timeout 400 ms"));
	int y = screen_find(F.w, "last 20  [");
	CU_ASSERT_FATAL(y > 0);
	CU_ASSERT(strstr(screen_row(F.w, y), "] 100 % of 20") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 1), "last 5 s [") == screen_row(F.w, y + 1));
	CU_ASSERT(strstr(screen_row(F.w, y + 1), "] 100 % of 25") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 2), "^50 %") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 2), "^90 %") != NULL);
	CU_ASSERT(screen_has(F.w, "OK 25   ECHO ONLY 0   SILENT 0   NOISY 0   GARBAGE 0"));
	CU_ASSERT(screen_has(F.w, "hint: aligned: leave the head where it is"));
	CU_ASSERT(screen_has(F.w, "bell off"));
	CU_ASSERT(screen_has(F.w, "register polling held while this view probes"));
	CU_ASSERT(screen_has(F.w, "-60 s"));
	/* no grid without --sim */
	CU_ASSERT(!screen_has(F.w, "[]head"));
	teardown();
}

/* Good, then the head slips off: ECHO ONLY, each failure followed by the
 * 1.6 s pause, which the first row explains. */
static void test_align_echo_only_and_pause(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	good_run(20, T0 + 2 * SEC);
	for (int i = 1; i <= 3; i++)
		probe(KMP_PROBE_ECHO_ONLY, T0 + 2 * SEC + (uint64_t)i * 2 * SEC, 0);
	F.m->now_us = T0 + 8 * SEC + 400 * MS;
	F.a->status = (kmp_prober_status){KMP_PROBER_PAUSE, F.m->now_us + 1200 * MS,
	                                  "waiting: 1.6 s pause after a failure"};
	draw();
	/* the reason wins the row over the probe settings */
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 0),
	                       "waiting: 1.6 s pause after a failure (next probe in 1.2 s)");
	/* none of the last 5 s got through; the EWMA after three failures is
	 * 0.4^3 = 6 % */
	CU_ASSERT(strstr(screen_row(F.w, 1), "BAD  last 20 probes / 5 s") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, 1), "#### #   #") != NULL); /* "0%" in big digits */
	CU_ASSERT(strstr(screen_row(F.w, 2), "smoothed 6 %") != NULL);
	CU_ASSERT(screen_has(F.w, "last: ECHO ONLY x3, 4s"));
	CU_ASSERT(screen_has(F.w, "OK 20   ECHO ONLY 3   SILENT 0"));
	CU_ASSERT(screen_has(F.w, "best 100 %, 7s ago"));
	int y = screen_find(F.w, "last 5 s");
	CU_ASSERT(y > 0 && strstr(screen_row(F.w, y), "]   0 % of 3") != NULL);
	CU_ASSERT(screen_has(F.w,
	                     "hint: only the head's own echo comes back: press a button on the"));
	CU_ASSERT(screen_has(F.w, "      its optical port"));
	/* the history: the good seconds, then failures marked x */
	y = screen_find(F.w, "x=failed");
	CU_ASSERT_FATAL(y > 0);
	CU_ASSERT(strstr(screen_row(F.w, y), "x") != NULL);
	const char *r = screen_row(F.w, y);
	CU_ASSERT(strlen(r) > 9 && strchr(r + 9, 'x') != NULL);
	teardown();
}

static void test_align_silent_hint_steps(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	for (int i = 0; i < 5; i++)
		probe(KMP_PROBE_SILENT, T0 + (uint64_t)(i + 1) * SEC, 0);
	F.m->now_us = T0 + 5 * SEC + 100 * MS;
	draw();
	CU_ASSERT(screen_has(F.w, "last: SILENT x5"));
	CU_ASSERT(screen_has(F.w, "SILENT 5"));
	CU_ASSERT(screen_has(F.w, "best 0 %"));
	CU_ASSERT(screen_has(F.w, "probes/s, no reply yet"));
	CU_ASSERT(screen_has(F.w, "hint: nothing comes back: press a button on the meter"));
	/* the same class for 8 s more: the next hint */
	F.m->now_us += 8 * SEC;
	draw();
	CU_ASSERT(screen_has(F.w, "hint: still nothing, not even an echo"));
	CU_ASSERT(screen_has(F.w, "(kmpterm ports)"));
	teardown();
}

/* The big figure: the probes of the last 5 s, at most the newest 20. */
static void test_align_recent_rate(void)
{
	unsigned n;
	CU_ASSERT_FATAL(setup() == 0);
	const kmp_probe_stats *st = &F.a->prober.stats;
	CU_ASSERT(tui_align_recent_rate(st, T0, &n) < 0);
	CU_ASSERT_EQUAL(n, 0);
	/* 5 failures, then 25 good ones at 10 a second: only the good count */
	for (int i = 0; i < 5; i++)
		probe(KMP_PROBE_SILENT, T0 + (uint64_t)i * 100 * MS, 0);
	good_run(25, T0 + 3 * SEC);
	CU_ASSERT_DOUBLE_EQUAL(tui_align_recent_rate(st, T0 + 3 * SEC, &n), 1.0, 1e-9);
	CU_ASSERT_EQUAL(n, 20);
	/* slow failures: 2 s apart, the good ones leave the 5 s window */
	probe(KMP_PROBE_ECHO_ONLY, T0 + 5 * SEC, 0);
	CU_ASSERT_DOUBLE_EQUAL(tui_align_recent_rate(st, T0 + 5 * SEC, &n), 19.0 / 20, 1e-9);
	probe(KMP_PROBE_ECHO_ONLY, T0 + 7 * SEC, 0);
	CU_ASSERT_DOUBLE_EQUAL(tui_align_recent_rate(st, T0 + 7 * SEC, &n), 10.0 / 12, 1e-9);
	CU_ASSERT_EQUAL(n, 12); /* 10 good ones done after T0 + 2 s, 2 echoes */
	probe(KMP_PROBE_ECHO_ONLY, T0 + 9 * SEC, 0);
	CU_ASSERT_DOUBLE_EQUAL(tui_align_recent_rate(st, T0 + 9 * SEC, &n), 0.0, 1e-9);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT(tui_align_recent_rate(st, T0 + 15 * SEC, &n) < 0);
	teardown();
}

/* A head that loses some replies is partly aligned: the hint says so
 * instead of "wake the port" until no reply got through for 5 s. */
static void test_align_partial_hint(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	good_run(3, T0 + SEC);
	probe(KMP_PROBE_ECHO_ONLY, T0 + 2 * SEC, 0);
	probe(KMP_PROBE_ECHO_ONLY, T0 + 4 * SEC, 0);
	F.m->now_us = T0 + 4 * SEC + 100 * MS;
	draw();
	CU_ASSERT(screen_has(F.w, "last: ECHO ONLY x2"));
	CU_ASSERT(screen_has(F.w, "hint: some replies get through: move the head slowly"));
	/* the good ones leave the 5 s window: now it is the echo's hint */
	F.m->now_us = T0 + 6 * SEC + 100 * MS;
	draw();
	CU_ASSERT(screen_has(F.w, "hint: only the head's own echo comes back"));
	teardown();
}

static void test_align_before_first_probe(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	F.a->active = 0;
	draw();
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 0),
	                       "starting the probes...         "
	                       "                      GetSerialNo, timeout 400 ms");
	CU_ASSERT(strstr(screen_row(F.w, 1), "--  last 20 probes / 5 s") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, 2), "smoothed -- %") != NULL);
	CU_ASSERT(screen_has(F.w, "last: no probe yet"));
	CU_ASSERT(screen_has(F.w, "no probe"));
	CU_ASSERT(screen_has(F.w, "hint: probing the meter..."));
	teardown();
}

static void test_align_sim_grid(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	sim_on();
	good_run(10, T0 + SEC);
	F.m->now_us = T0 + SEC;
	draw();
	int y = screen_find(F.w, "[]head ##good ++fair ::bad");
	CU_ASSERT_FATAL(y == 1);
	/* the head starts on the sweet spot, in the middle of the window */
	int mid = 1 + 1 + TUI_ALIGN_HEAD_MAX;
	CU_ASSERT(strstr(screen_row(F.w, mid), "##[]##") != NULL);
	CU_ASSERT(screen_has(F.w, "arrows move the head"));
	/* the left pane narrows but keeps the bars and the counts */
	CU_ASSERT(screen_has(F.w, "] 100 % of 10"));
	CU_ASSERT(screen_has(F.w, "OK 10   ECHO ONLY 0"));
	CU_ASSERT(screen_has(F.w, "hint: aligned"));
	for (int i = 0; i < 3; i++)
		tui_view_align.key(F.m, KEY_RIGHT);
	draw();
	CU_ASSERT(screen_has(F.w, "head +3,+0: quality 75 %"));
	CU_ASSERT(strstr(screen_row(F.w, mid), "[]") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, mid), "##[]") == NULL);
	teardown();
}

/* Smaller screens drop rows in order but keep the status and the figure. */
static void test_align_small_screens(void)
{
	static const int sizes[][2] = {{12, 80}, {9, 60}, {7, 60}, {BODY_ROWS, 60}};
	CU_ASSERT_FATAL(setup() == 0);
	sim_on();
	good_run(10, T0 + SEC);
	probe(KMP_PROBE_NOISY, T0 + SEC + 100 * MS, 0);
	F.m->now_us = T0 + 2 * SEC;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		WINDOW *w = newwin(sizes[i][0], sizes[i][1], 0, 0);
		CU_ASSERT_FATAL(w != NULL);
		tui_view_align.draw(F.m, w);
		CU_ASSERT(strstr(screen_row(w, 0), "probing") == screen_row(w, 0));
		/* the figure (10 of 11 got through) and the verdict (the EWMA
		 * after a failure) differ: the words say which way it goes */
		CU_ASSERT(screen_find(w, "BAD") >= 0);
		CU_ASSERT(screen_find(w, "falling: probes fail") >= 0);
		CU_ASSERT(screen_find(w, "smoothed 40 %") >= 0);
		CU_ASSERT(screen_find(w, "GOOD") < 0);
		CU_ASSERT(screen_find(w, "last 20  [") >= 0);
		CU_ASSERT(screen_find(w, "hint:") >= 0);
		if (screen_find(w, "hint:") < 0)
			screen_dump(w);
		delwin(w);
	}
	teardown();
}

/* ---- keys ---------------------------------------------------------------- */

static void test_align_bell_key(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT(!F.a->bell);
	unsigned r = tui_dispatch_key(F.m, 'b');
	CU_ASSERT(r & TUI_R_REDRAW);
	CU_ASSERT(F.a->bell);
	CU_ASSERT(strstr(F.m->status, "bell on") != NULL);
	draw();
	CU_ASSERT(screen_has(F.w, "bell ON (b: off)"));
	tui_dispatch_key(F.m, 'b');
	CU_ASSERT(!F.a->bell);
	draw();
	CU_ASSERT(screen_has(F.w, "bell off (b: beep per reply)"));
	teardown();
}

static void test_align_arrows_need_sim(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_EQUAL(tui_view_align.key(F.m, KEY_LEFT), TUI_R_IGNORED);
	CU_ASSERT_EQUAL(F.a->head_x, 0);
	CU_ASSERT(!F.a->quality_req);
	CU_ASSERT(strstr(tui_view_align.footer(F.m), "arrows") == NULL);
	teardown();
}

static void test_align_arrows_move_head_within_bounds(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	sim_on();
	CU_ASSERT(strstr(tui_view_align.footer(F.m), "arrows move the head") != NULL);
	unsigned r = tui_dispatch_key(F.m, KEY_LEFT);
	CU_ASSERT(r & TUI_R_WAKE);
	CU_ASSERT(F.a->quality_req);
	CU_ASSERT_EQUAL(F.a->head_x, -1);
	for (int i = 0; i < 20; i++)
		tui_dispatch_key(F.m, KEY_LEFT);
	CU_ASSERT_EQUAL(F.a->head_x, -TUI_ALIGN_HEAD_MAX);
	/* at the edge a key changes nothing */
	F.a->quality_req = 0;
	CU_ASSERT_EQUAL(tui_dispatch_key(F.m, KEY_LEFT), TUI_R_HANDLED);
	CU_ASSERT(!F.a->quality_req);
	CU_ASSERT_EQUAL(tui_align_head_quality(F.a), 0);
	for (int i = 0; i < 20; i++)
		tui_dispatch_key(F.m, KEY_DOWN);
	CU_ASSERT_EQUAL(F.a->head_y, TUI_ALIGN_HEAD_MAX);
	for (int i = 0; i < 40; i++)
		tui_dispatch_key(F.m, KEY_UP);
	CU_ASSERT_EQUAL(F.a->head_y, -TUI_ALIGN_HEAD_MAX);
	for (int i = 0; i < 40; i++)
		tui_dispatch_key(F.m, KEY_RIGHT);
	CU_ASSERT_EQUAL(F.a->head_x, TUI_ALIGN_HEAD_MAX);
	tui_dispatch_key(F.m, 'c');
	CU_ASSERT(F.a->head_x == 0 && F.a->head_y == 0);
	CU_ASSERT_EQUAL(tui_align_head_quality(F.a), 100);
	tui_dispatch_key(F.m, KEY_DOWN);
	tui_dispatch_key(F.m, KEY_DOWN);
	CU_ASSERT_EQUAL(tui_align_head_quality(F.a), kmpsim_quality_from_position(0, 2));
	teardown();
}

/* ---- the controller side ------------------------------------------------- */

/* The host's side of --sim, as cmd_terminal.c fills it: the head's
 * quality goes to a quality file (here in a temporary directory). */
static char sim_quality_path[96];

static int sim_set_quality(void *ctx, int quality)
{
	(void)ctx;
	return kmpsim_quality_write(sim_quality_path, quality);
}

static const tui_sim_host test_sim = {
        .head_quality = kmpsim_quality_from_position,
        .set_quality = sim_set_quality,
};

static void test_align_pump_enter_leave_bell_quality(void)
{
	char dir[] = "/tmp/kmpterm-align-test.XXXXXX", path[64], buf[16];
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = "/nonexistent/kmpterm-test";
	kmp_client *c = kmp_client_new(&cfg, NULL, NULL);
	CU_ASSERT_FATAL(c != NULL);
	snprintf(sim_quality_path, sizeof sim_quality_path, "%s/quality", dir);
	tui_host host = {.sim = &test_sim};
	tui_ctl ctl;
	tui_ctl_init(&ctl, c, F.m, NULL, &host);
	F.a->active = 0;
	F.m->view = 0;

	/* not shown: nothing probes, but --sim is noticed for the keys */
	tui_view_align.pump(&ctl, T0);
	CU_ASSERT(!F.a->active && !tui_owner_claims(&F.m->owners, TUI_OWNER_PROBER));
	CU_ASSERT(F.a->sim);

	F.m->view = 2;
	tui_view_align.pump(&ctl, T0 + MS);
	CU_ASSERT(F.a->active);
	/* the link is the prober's: the register poller waits */
	CU_ASSERT_EQUAL(tui_owner_now(&F.m->owners), TUI_OWNER_PROBER);
	CU_ASSERT_EQUAL(F.a->timeout_ms, KMP_PROBE_TIMEOUT_MS);
	CU_ASSERT_EQUAL(F.a->user_timeout_ms, 1600);
	CU_ASSERT_EQUAL(F.a->status.state, KMP_PROBER_LINK_DOWN);
	draw();
	CU_ASSERT(screen_has(F.w, "waiting: the link is down, reopening it"));

	/* the bell: once for new good replies, only while it is on */
	probe(KMP_PROBE_OK, T0 + 2 * MS, 50 * MS);
	tui_view_align.pump(&ctl, T0 + 3 * MS);
	CU_ASSERT_EQUAL(F.rings, 0);
	tui_dispatch_key(F.m, 'b');
	probe(KMP_PROBE_OK, T0 + 4 * MS, 50 * MS);
	probe(KMP_PROBE_OK, T0 + 5 * MS, 50 * MS);
	tui_view_align.pump(&ctl, T0 + 6 * MS);
	CU_ASSERT_EQUAL(F.rings, 1);
	probe(KMP_PROBE_ECHO_ONLY, T0 + 7 * MS, 0);
	tui_view_align.pump(&ctl, T0 + 8 * MS);
	CU_ASSERT_EQUAL(F.rings, 1);
	probe(KMP_PROBE_OK, T0 + 9 * MS, 50 * MS);
	tui_view_align.pump(&ctl, T0 + 10 * MS);
	CU_ASSERT_EQUAL(F.rings, 2);

	/* an arrow: the simulator's quality file follows the head */
	for (int i = 0; i < 4; i++)
		tui_dispatch_key(F.m, KEY_RIGHT);
	tui_view_align.pump(&ctl, T0 + 11 * MS);
	CU_ASSERT(!F.a->quality_req && !F.a->sim_error);
	snprintf(path, sizeof path, "%s/quality", dir);
	FILE *fp = fopen(path, "r");
	CU_ASSERT_FATAL(fp != NULL);
	CU_ASSERT(fgets(buf, sizeof buf, fp) != NULL);
	fclose(fp);
	CU_ASSERT_EQUAL(atoi(buf), kmpsim_quality_from_position(4, 0));
	draw();
	CU_ASSERT(screen_has(F.w, "head +4,+0: quality 56 %"));

	/* 'r' starts over */
	tui_dispatch_key(F.m, 'r');
	tui_view_align.pump(&ctl, T0 + 12 * MS);
	CU_ASSERT_EQUAL(kmp_prober_stats(&F.a->prober)->total, 0);

	/* leaving stops the probes and releases the poller */
	F.m->view = 0;
	tui_view_align.pump(&ctl, T0 + 13 * MS);
	CU_ASSERT(!F.a->active && tui_owner_now(&F.m->owners) == TUI_OWNER_NONE);
	CU_ASSERT_EQUAL(F.a->status.state, KMP_PROBER_STOPPED);
	CU_ASSERT(!F.a->prober.running);

	kmp_client_free(c);
	unlink(path);
	rmdir(dir);
	teardown();
}

TEST_SUITE(tui_align_suite)
{
	CU_pSuite s = CU_add_suite("tui_align", screen_up, screen_down);
	TEST_ADD(s, test_align_big_digits);
	TEST_ADD(s, test_align_bar_marks);
	TEST_ADD(s, test_align_good);
	TEST_ADD(s, test_align_echo_only_and_pause);
	TEST_ADD(s, test_align_silent_hint_steps);
	TEST_ADD(s, test_align_recent_rate);
	TEST_ADD(s, test_align_partial_hint);
	TEST_ADD(s, test_align_before_first_probe);
	TEST_ADD(s, test_align_sim_grid);
	TEST_ADD(s, test_align_small_screens);
	TEST_ADD(s, test_align_bell_key);
	TEST_ADD(s, test_align_arrows_need_sim);
	TEST_ADD(s, test_align_arrows_move_head_within_bounds);
	TEST_ADD(s, test_align_pump_enter_leave_bell_quality);
}
