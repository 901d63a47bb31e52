/* View 4 (Scan) without a meter: drawn into an off-screen curses screen
 * (newterm on /dev/null, 24x80) from a fake progress and a kmp_scan filled
 * through its own API, read back with mvwinnstr; the keys (range prompt,
 * s, x, e, +, A, scrolling) checked on the model; the CSV export read
 * back with the scanner's own parser. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "kmp/family.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/scan_view.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_screen.h"

#define SEC 1000000u
#define KEY_ESC 27
#define CTRL_U 21

/* --- a model with the scan view's state, and a fake scan ------------------ */

typedef struct fixture {
	tui_model *m;
	tui_scan_view *sv;
	kmp_scan scan; /* the found list and done IDs the view shows */
	WINDOW *w;
} fixture;

static fixture F;

static void add_found(uint16_t id, uint8_t unit, const char *text, uint8_t len)
{
	kmp_value v;
	CU_ASSERT_FATAL(kmp_value_from_text(text, len, &v) == KMP_OK);
	CU_ASSERT_FATAL(kmp_scan_add_found(&F.scan, id, unit, &v, 0) == KMP_OK);
}

/* A scan of 0..2000 that has settled 0..903 and found six registers, two
 * of them discoveries (0 and 7 are in no public table), as kmpsim with
 * tests/data/scan-test.map would answer. */
static void setup(void)
{
	memset(&F, 0, sizeof F);
	F.m = calloc(1, sizeof *F.m);
	CU_ASSERT_FATAL(F.m != NULL);
	CU_ASSERT_FATAL(
	        tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 10000, 1000 * SEC) == 0);
	F.m->utf8 = 0; /* the runner keeps the C locale: ASCII glyphs */
	F.m->now_us = 1000 * SEC;
	F.m->rows = 24;
	F.m->cols = 80;
	CU_ASSERT_FATAL(tui_views_init(F.m) == 0);
	F.m->view = 3;
	F.sv = tui_scan_state(F.m);
	CU_ASSERT_FATAL(F.sv != NULL);

	kmp_scan_config cfg;
	kmp_scan_config_default(&cfg);
	cfg.from = 0;
	cfg.to = 2000;
	CU_ASSERT_FATAL(kmp_scan_init(&F.scan, &cfg) == KMP_OK);
	for (uint16_t id = 0; id < 904; id++)
		kmp_scan_mark_done(&F.scan, id);
	add_found(0, 8, "123.45", 4);
	add_found(7, 22, "0.0", 1);
	add_found(13, 51, "1234567", 7);
	add_found(60, 8, "4567.89", 4);
	add_found(123, 48, "220901", 4);
	add_found(1002, 47, "200243", 4);

	tui_scan_view *sv = F.sv;
	sv->shown = 1;
	sv->core = &F.scan;
	sv->batch_used = 8;
	sv->from = 0;
	sv->to = 2000;
	sv->p = (kmp_scan_progress){
	        .state = KMP_SCAN_RUNNING,
	        .pause_text = "",
	        .error = "",
	        .from = 0,
	        .to = 2000,
	        .total = 2001,
	        .done = 904,
	        .next_id = 904,
	        .piece = 8,
	        .pass = 1,
	        .found = 6,
	        .discoveries = 2,
	        .requests = 113,
	        .failures = 2,
	        .elapsed_s = 62.4,
	        .active_s = 62.4,
	        .rate = 14.5,
	        .eta_s = 75.6,
	};
	F.w = newwin(24 - TUI_HEADER_ROWS - TUI_FOOTER_ROWS, 80, 3, 0);
	CU_ASSERT_FATAL(F.w != NULL);
}

static void teardown(void)
{
	delwin(F.w);
	kmp_scan_free(&F.scan);
	tui_views_fini(F.m);
	tui_model_free(F.m);
	free(F.m);
}

static void draw(void)
{
	tui_current_view(F.m)->draw(F.m, F.w);
}

static unsigned key(int ch)
{
	return tui_dispatch_key(F.m, ch);
}

static void type(const char *s)
{
	for (; *s; s++)
		key((unsigned char)*s);
}

/* --- drawing -------------------------------------------------------------- */

/* Known IDs for the view (the controller side computes them from the
 * family; a test sets them): 1, 60, 123 in 0..300, 1002 outside. */
static void set_known(void)
{
	static const uint16_t ids[] = {1, 60, 123, 1002};
	F.sv->known = malloc(sizeof ids);
	CU_ASSERT_FATAL(F.sv->known != NULL);
	memcpy(F.sv->known, ids, sizeof ids);
	F.sv->n_known = 4;
}

static void test_scan_draws_intro(void)
{
	setup();
	F.sv->shown = 0;
	F.sv->core = NULL;
	F.sv->from = 0;
	F.sv->to = 300;
	set_known();
	draw();
	CU_ASSERT(screen_shows(F.w, "Range 0..300 (301 IDs), 3 of them known"));
	CU_ASSERT(screen_shows(F.w, "known IDs about 0:00, all of it about 0:12 (1200 baud, 8 "
	                            "IDs a request)"));
	CU_ASSERT(screen_shows(F.w, "known IDs and names: all families (--family names one)"));
	CU_ASSERT(screen_shows(F.w, "s  start: the IDs public sources name first, then f asks"));
	CU_ASSERT(screen_shows(F.w, "f  every ID of the range at once"));
	CU_ASSERT(screen_shows(F.w, "r  change the range"));
	CU_ASSERT(screen_shows(F.w, "Read-only: the scan sends GetRegister and nothing else."));
	CU_ASSERT(screen_shows(F.w, "View 1 does not poll while the scan runs."));
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "s known IDs first  f whole range  r range");
	/* a family: its name */
	F.m->family = KMP_FAMILY_HEAT_X03;
	draw();
	CU_ASSERT(screen_shows(F.w, "known IDs and names: heat MULTICAL 303/403/603/803"));
	CU_ASSERT(!screen_shows(F.w, "--family names one"));
	teardown();
}

/* The known pass says so ("known IDs: 212/340"), then the rest of the
 * range ("rest of range"); the summary of the known pass offers f. */
static void test_scan_draws_passes(void)
{
	setup();
	F.sv->pass = TUI_SCAN_PASS_KNOWN;
	F.sv->family = KMP_FAMILY_HEAT_X03;
	F.sv->p.total = 340;
	F.sv->p.done = 212;
	draw();
	CU_ASSERT_EQUAL(strncmp(screen_row(F.w, 0), " Known IDs of 0..2000 (340)   at ID 904", 39),
	                0);
	CU_ASSERT(strstr(screen_row(F.w, 1), "]  62.3%  known IDs: 212/340") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, 3), "names: multical403") != NULL);
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "s pause  f whole range  x stop  e export  + add  A add all");
	/* f during the known pass: a request for the controller side */
	unsigned r = key('f');
	CU_ASSERT(r & TUI_R_WAKE);
	CU_ASSERT(F.sv->full_req);
	F.sv->full_req = 0;

	/* the known pass done: what is left, and the key for it */
	F.sv->p.state = KMP_SCAN_DONE;
	F.sv->p.done = 340;
	F.sv->p.found = 6;
	kmp_scan_only(&F.scan, (const uint16_t[]){1, 60}, 2);
	draw();
	CU_ASSERT(strstr(screen_row(F.w, 0), "DONE") != NULL);
	/* 0..903 and 1002 settled in the fake scan: 1096 left */
	CU_ASSERT(screen_shows(F.w, "Known IDs done: 6 registers among 340 known IDs of 0..2000."));
	CU_ASSERT(screen_shows(F.w, "the range (1096 IDs, about 0:45), skipping these."));
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "f rest of range  s new scan  r range  e export  + add  A add all");

	/* stopped in the known pass: f asks the whole range */
	F.sv->p.state = KMP_SCAN_RUNNING;
	F.sv->stopped = 1;
	draw();
	CU_ASSERT(screen_shows(F.w, "with 340 of 340 known IDs settled. f asks the whole range"));

	/* the rest of the range */
	F.sv->stopped = 0;
	F.sv->pass = TUI_SCAN_PASS_REST;
	F.sv->p.total = 2001;
	F.sv->p.done = 1904;
	draw();
	CU_ASSERT_EQUAL(strncmp(screen_row(F.w, 0), " Rest of 0..2000 (2001 IDs)   at ID 904", 39),
	                0);
	CU_ASSERT(strstr(screen_row(F.w, 1), "]  95.1%  rest of range: 1904/2001 IDs") != NULL);
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "s pause  x stop  e export  + add  A add all");
	key('f');
	CU_ASSERT(!F.sv->full_req);
	CU_ASSERT(strstr(F.m->status, "whole range already") != NULL);
	teardown();
}

static void test_scan_draws_progress(void)
{
	setup();
	draw();
	CU_ASSERT_EQUAL(strncmp(screen_row(F.w, 0), " Scan 0..2000 (2001 IDs)   at ID 904   ", 39),
	                0);
	CU_ASSERT_EQUAL(strlen(screen_row(F.w, 0)), 79);
	CU_ASSERT(strcmp(screen_row(F.w, 0) + 79 - 7, "RUNNING") == 0);
	/* 904 of 2001: 45.1%, rounded down; the bar fills the same share */
	const char *bar = screen_row(F.w, 1);
	CU_ASSERT(strstr(bar, "]  45.1%  904/2001 IDs") != NULL);
	CU_ASSERT_EQUAL(strncmp(bar, " [###", 5), 0);
	size_t hashes = strspn(bar + 2, "#"), dots = strspn(bar + 2 + hashes, ".");
	CU_ASSERT(hashes * 100 / (hashes + dots) >= 44 && hashes * 100 / (hashes + dots) <= 46);
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 2),
	                       " found 6 (2 discoveries)   requests 113   failures 2");
	CU_ASSERT_STRING_EQUAL(screen_row(F.w, 3),
	                       " rate 14.5 IDs/s   ETA 1:16   elapsed 1:02   names: all families");
	/* the table: heading, then every register, names or "(discovery)" */
	int y = screen_find(F.w, "ID NAME");
	CU_ASSERT_FATAL(y >= 0);
	CU_ASSERT(strstr(screen_row(F.w, y), "VALUE UNIT") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y), "LEN IN VIEW 1") != NULL);
	CU_ASSERT_EQUAL(strncmp(screen_row(F.w, y + 1), ">     0 (discovery)", 19), 0);
	CU_ASSERT(strstr(screen_row(F.w, y + 1), "123.45 GJ") != NULL);
	/* exact decimal: "0.0" keeps its decimal */
	CU_ASSERT(strstr(screen_row(F.w, y + 2), "7 (discovery)") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 2), " 0.0 kW     1") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 3), "13 Energy in, high resolution") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 3), "1234567        7") != NULL);
	/* "yes": 60 is in the live table */
	CU_ASSERT(strstr(screen_row(F.w, y + 4), "60 Heat energy E1") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 4), "4567.89 GJ     4 yes") != NULL);
	/* special units in their own form, as in view 1 */
	CU_ASSERT(strstr(screen_row(F.w, y + 5), "123 Max flow date, year") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 5), "2022-09-01") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 6), "1002 Clock") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y + 6), "20:02:43") != NULL);
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "s pause  x stop  e export  + add  A add all");
	teardown();
}

static void test_scan_draws_event_and_halving(void)
{
	setup();
	kmp_scan_outcome oc = {.n_resolved = 8, .n_new = 1, .new_ids = {900}};
	for (int i = 0; i < 8; i++)
		oc.resolved[i] = (uint16_t)(896 + i);
	tui_scan_event_text(&oc, KMP_OK, F.sv->event, sizeof F.sv->event);
	F.sv->p.piece = 2;
	F.sv->p.pass = 2;
	draw();
	CU_ASSERT(screen_shows(F.w, "last reply: IDs 896..903 settled, found 900"));
	CU_ASSERT(screen_shows(F.w, "at ID 904   pass 2   halving: 2 IDs/request"));

	kmp_scan_outcome fail = {.split = 1};
	tui_scan_event_text(&fail, KMP_ERR_TIMEOUT, F.sv->event, sizeof F.sv->event);
	CU_ASSERT(strstr(F.sv->event, "last exchange failed (") != NULL);
	CU_ASSERT(strstr(F.sv->event, "asking half the IDs at a time") != NULL);
	kmp_scan_outcome aside = {.n_set_aside = 1, .set_aside = {1234}};
	tui_scan_event_text(&aside, KMP_ERR_TIMEOUT, F.sv->event, sizeof F.sv->event);
	CU_ASSERT(strstr(F.sv->event, "ID 1234 set aside for another pass") != NULL);
	teardown();
}

static void test_scan_draws_pause(void)
{
	setup();
	F.sv->p.state = KMP_SCAN_PAUSED;
	F.sv->p.pause = KMP_SCAN_PAUSE_SILENT;
	F.sv->p.pause_text = kmp_scan_pause_text(KMP_SCAN_PAUSE_SILENT);
	draw();
	CU_ASSERT(strstr(screen_row(F.w, 0), "PAUSED") != NULL);
	CU_ASSERT(screen_shows(F.w, "ETA -- (paused)"));
	CU_ASSERT(screen_shows(F.w, "Paused: the meter stopped answering"));
	CU_ASSERT(screen_shows(F.w, "asleep"));
	CU_ASSERT(screen_shows(F.w, "head moved?"));
	CU_ASSERT(screen_shows(F.w, "s resumes, x stops."));
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "s resume  x stop  e export  + add  A add all");

	F.sv->p.pause = KMP_SCAN_PAUSE_USER;
	F.sv->p.pause_text = kmp_scan_pause_text(KMP_SCAN_PAUSE_USER);
	draw();
	CU_ASSERT(screen_shows(F.w, "Paused by you. s resumes, x stops (the results stay)."));
	teardown();
}

static void test_scan_draws_summary(void)
{
	setup();
	for (uint16_t id = 904; id <= 2000; id++)
		kmp_scan_mark_done(&F.scan, id);
	F.sv->p.state = KMP_SCAN_DONE;
	F.sv->p.done = 2001;
	F.sv->p.eta_s = 0;
	F.sv->p.elapsed_s = 138;
	draw();
	CU_ASSERT(strstr(screen_row(F.w, 0), "DONE") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, 0), "at ID") == NULL);
	CU_ASSERT(screen_shows(F.w, "] 100.0%  2001/2001 IDs"));
	CU_ASSERT(screen_shows(F.w, "rate 14.5 IDs/s   took 2:18"));
	CU_ASSERT(screen_shows(F.w,
	                       "Done: 6 registers in 0..2000, 2 of them discoveries (not in the"));
	CU_ASSERT(screen_shows(F.w, "e saves a CSV, A adds all to view 1."));
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "s new scan  r range  e export  + add to view 1  A add all");

	/* IDs without a valid answer are listed, not called absent */
	teardown();
	setup();
	kmp_scan_config cfg = F.scan.cfg;
	kmp_scan_free(&F.scan);
	CU_ASSERT_FATAL(kmp_scan_init(&F.scan, &cfg) == KMP_OK);
	for (uint32_t id = 0; id <= 2000; id++)
		if (id != 1500)
			kmp_scan_mark_done(&F.scan, (uint16_t)id);
	F.scan.aside[1500 >> 3] |= 1u << (1500 & 7);
	F.sv->p.state = KMP_SCAN_DONE;
	F.sv->p.found = 0;
	F.sv->p.discoveries = 0;
	draw();
	CU_ASSERT(screen_shows(F.w,
	                       "Done: 0 registers in 0..2000. 1 ID got no valid answer (1500):"));
	CU_ASSERT(screen_shows(F.w, "The meter answered no ID of this range."));
	teardown();
}

static void test_scan_draws_stopped(void)
{
	setup();
	F.sv->stopped = 1;
	draw();
	CU_ASSERT(strstr(screen_row(F.w, 0), "STOPPED") != NULL);
	CU_ASSERT(screen_shows(F.w, "Stopped at ID 904 with 904 of 2001 IDs settled."));
	CU_ASSERT(screen_shows(F.w, "--resume"));
	teardown();
}

/* More registers than rows: the selection scrolls, a row says where. */
static void test_scan_table_scrolls(void)
{
	setup();
	for (uint16_t id = 3000; id < 3040; id++)
		add_found(id, 22, "1.5", 2);
	draw();
	CU_ASSERT(screen_shows(F.w, "rows 1-11 of 46   Up/Down PgUp/PgDn scroll"));
	CU_ASSERT_EQUAL(key(KEY_END), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(F.sv->list.sel, 45);
	draw();
	CU_ASSERT(screen_shows(F.w, "rows 36-46 of 46"));
	CU_ASSERT(screen_shows(F.w, ">  3039 (discovery)"));
	key(KEY_PPAGE);
	CU_ASSERT_EQUAL(F.sv->list.sel, 45 - 11);
	key(KEY_HOME);
	CU_ASSERT_EQUAL(F.sv->list.sel, 0);
	CU_ASSERT_EQUAL(key(KEY_UP), TUI_R_HANDLED);
	key('j');
	CU_ASSERT_EQUAL(F.sv->list.sel, 1);
	teardown();
}

/* --- keys ----------------------------------------------------------------- */

static void range_error(const char *text, const char *why)
{
	key(CTRL_U);
	type(text);
	key('\n');
	CU_ASSERT(F.m->prompt.active); /* kept open to fix the typo */
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_ERROR);
	if (!strstr(F.m->status, why))
		fprintf(stderr, "\n'%s': status '%s', wanted '%s'\n", text, F.m->status, why);
	CU_ASSERT(strstr(F.m->status, why) != NULL);
}

static void test_scan_range_prompt(void)
{
	setup();
	F.sv->shown = 0;
	key('r');
	CU_ASSERT_FATAL(F.m->prompt.active);
	CU_ASSERT(strstr(F.m->prompt.label, "now 0-2000") != NULL);
	range_error("70000", "70000 is not a register ID (0..65535)");
	range_error("5-2", "empty range: 5 is above 2");
	range_error("abc", "'abc' is not a register ID");
	range_error("10-70000", "70000 is not a register ID");
	range_error("1-", "a register ID is missing");
	range_error("1 2", "expected A-B");
	range_error("-5", "'-' is not a register ID");
	range_error("0x1G", "expected A-B, e.g. 0-2000 (got 'G' after 1)");
	CU_ASSERT_EQUAL(F.sv->from, 0);
	CU_ASSERT_EQUAL(F.sv->to, 2000);

	key(CTRL_U);
	type("0x3E8 - 0x7D0");
	key('\n');
	CU_ASSERT(!F.m->prompt.active);
	CU_ASSERT_EQUAL(F.sv->from, 1000);
	CU_ASSERT_EQUAL(F.sv->to, 2000);
	CU_ASSERT(strstr(F.m->status, "range 1000..2000 (1001 IDs") != NULL);

	key('r');
	type("010..65535");
	key('\n');
	CU_ASSERT(!F.m->prompt.active);
	CU_ASSERT_EQUAL(F.sv->from, 10); /* decimal, never octal */
	CU_ASSERT_EQUAL(F.sv->to, 65535);
	key('r');
	type("42");
	key('\n');
	CU_ASSERT_EQUAL(F.sv->from, 42);
	CU_ASSERT_EQUAL(F.sv->to, 42);
	/* Esc leaves the range alone */
	key('r');
	type("1-2");
	key(KEY_ESC);
	CU_ASSERT(!F.m->prompt.active);
	CU_ASSERT_EQUAL(F.sv->from, 42);

	/* no new range while a scan owns the link */
	F.sv->shown = 1;
	key('r');
	CU_ASSERT(!F.m->prompt.active);
	CU_ASSERT(strstr(F.m->status, "x stops it") != NULL);
	teardown();
}

static void test_scan_parse_range(void)
{
	uint16_t a = 1, b = 1;
	char err[160];
	CU_ASSERT_EQUAL(tui_scan_parse_range("0-65535", &a, &b, err, sizeof err), 0);
	CU_ASSERT_EQUAL(a, 0);
	CU_ASSERT_EQUAL(b, 65535);
	CU_ASSERT_EQUAL(tui_scan_parse_range("0xFFFF-0xffff", &a, &b, err, sizeof err), 0);
	CU_ASSERT_EQUAL(a, 65535);
	CU_ASSERT_EQUAL(tui_scan_parse_range("65536", &a, &b, err, sizeof err), -1);
	CU_ASSERT_EQUAL(tui_scan_parse_range("0x10000", &a, &b, err, sizeof err), -1);
	CU_ASSERT_EQUAL(tui_scan_parse_range("99999999999999999999", &a, &b, err, sizeof err), -1);
	CU_ASSERT_EQUAL(tui_scan_parse_range("", &a, &b, err, sizeof err), -1);
	CU_ASSERT_EQUAL(tui_scan_parse_range("0x", &a, &b, err, sizeof err), -1);
	CU_ASSERT_EQUAL(tui_scan_parse_range("+5", &a, &b, err, sizeof err), -1);
	CU_ASSERT_EQUAL(a, 65535); /* untouched on error */
}

static void test_scan_s_toggles(void)
{
	setup();
	/* nothing shown: s asks for a scan */
	F.sv->shown = 0;
	CU_ASSERT(key('s') & TUI_R_WAKE);
	CU_ASSERT(F.sv->start_req);
	F.sv->start_req = 0;
	/* running: s pauses, then (once the scanner says paused) resumes */
	F.sv->shown = 1;
	CU_ASSERT(key('s') & TUI_R_WAKE);
	CU_ASSERT(F.sv->pause_req);
	CU_ASSERT(!F.sv->resume_req);
	F.sv->pause_req = 0;
	F.sv->p.state = KMP_SCAN_PAUSED;
	F.sv->p.pause = KMP_SCAN_PAUSE_SILENT; /* the scanner's own pause: s goes on too */
	key('s');
	CU_ASSERT(F.sv->resume_req);
	CU_ASSERT(!F.sv->pause_req);
	F.sv->resume_req = 0;
	F.sv->p.state = KMP_SCAN_RUNNING;
	key(' ');
	CU_ASSERT(F.sv->pause_req);
	F.sv->pause_req = 0;
	/* x stops; only during a scan */
	CU_ASSERT(key('x') & TUI_R_WAKE);
	CU_ASSERT(F.sv->stop_req);
	F.sv->stop_req = 0;
	/* done with results nobody saved: the first s only warns */
	F.sv->p.state = KMP_SCAN_DONE;
	key('x');
	CU_ASSERT(!F.sv->stop_req);
	key(' ');
	CU_ASSERT(!F.sv->pause_req && !F.sv->start_req);
	key('s');
	CU_ASSERT(!F.sv->start_req);
	CU_ASSERT(strstr(F.m->status, "s again starts a new scan of 0..2000") != NULL);
	key('s');
	CU_ASSERT(F.sv->start_req);
	teardown();
}

static void test_scan_q_asks_while_running(void)
{
	setup();
	/* claimed by the controller side while the scan owns the link */
	tui_owner_claim(&F.m->owners, TUI_OWNER_SCANNER);
	CU_ASSERT_EQUAL(key('q'), TUI_R_REDRAW_ALL);
	CU_ASSERT(F.m->quit_confirm);
	CU_ASSERT(!F.m->quit);
	key('n');
	CU_ASSERT(!F.m->quit);
	tui_owner_release(&F.m->owners, TUI_OWNER_SCANNER);
	CU_ASSERT(key('q') & TUI_R_QUIT);
	teardown();
}

static void test_scan_adds_to_live_table(void)
{
	setup();
	size_t before = F.m->regs.n;
	key(KEY_DOWN); /* 7, a discovery, not in the live table */
	CU_ASSERT(key('+') & TUI_R_WAKE);
	CU_ASSERT_EQUAL(F.m->regs.n, before + 1);
	CU_ASSERT(tui_regs_find(&F.m->regs, 7) != NULL);
	CU_ASSERT(F.m->poll.set_changed);
	CU_ASSERT(strstr(F.m->status, "added 7 to the live table (view 1); reading now") != NULL);
	key('a');
	CU_ASSERT(strstr(F.m->status, "already in the live table") != NULL);
	/* A: the rest (0, 13 and 123; 60 and 1002 are there by default) */
	tui_owner_claim(&F.m->owners, TUI_OWNER_SCANNER);
	key('A');
	CU_ASSERT_EQUAL(F.m->regs.n, before + 4);
	CU_ASSERT(strstr(F.m->status, "added 3 registers") != NULL);
	CU_ASSERT(strstr(F.m->status, "read once the scan ends") != NULL);
	draw();
	CU_ASSERT(strstr(screen_row(F.w, screen_find(F.w, "7 (discovery)")), "yes") != NULL);
	teardown();
}

static void test_scan_export_reads_back(void)
{
	setup();
	char dir[] = "/tmp/kmpterm-scan-test.XXXXXX";
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	F.sv->export_dir = dir;
	CU_ASSERT_EQUAL(key('e'), TUI_R_REDRAW_ALL);
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_INFO);
	CU_ASSERT(strstr(F.m->status, "wrote 6 registers so far to /tmp/kmpterm-scan-test.") !=
	          NULL);
	CU_ASSERT(strstr(F.sv->export_path, "/kmpterm-scan-") != NULL);
	CU_ASSERT(strstr(F.m->status, F.sv->export_path) != NULL);
	/* kmpterm-scan-YYYYmmdd-HHMMSS.csv */
	const char *base = strrchr(F.sv->export_path, '/') + 1;
	CU_ASSERT_EQUAL(strlen(base), strlen("kmpterm-scan-20250131-235959.csv"));
	CU_ASSERT(strcmp(base + strlen(base) - 4, ".csv") == 0);

	char *text;
	size_t len;
	CU_ASSERT_FATAL(kmp_scan_read_file(F.sv->export_path, &text, &len) == KMP_OK);
	static const char head[] = KMP_SCAN_CSV_HEADER "\r\n"
	                                               "0,,123.45,8,GJ,123.45,4,,\r\n"
	                                               "7,,0.0,22,kW,0.0,1,,\r\n"
	                                               "13,";
	CU_ASSERT_EQUAL(strncmp(text, head, strlen(head)), 0);
	CU_ASSERT(strstr(text, "\n60,Heat energy E1,4567.89,8,GJ,4567.89,4,,\r\n") != NULL);
	CU_ASSERT(strstr(text, "\n123,\"Max flow date, year\",220901,48,yy:mm:dd,2022-09-01,4,,"
	                       "\r\n") != NULL);
	CU_ASSERT(strstr(text, "#") == NULL); /* data rows only */
	/* the IDs settled go to the journal beside it: --resume goes on */
	char jpath[300], *jtext;
	size_t jlen;
	snprintf(jpath, sizeof jpath, "%s.journal", F.sv->export_path);
	CU_ASSERT_FATAL(kmp_scan_read_file(jpath, &jtext, &jlen) == KMP_OK);
	CU_ASSERT(strstr(jtext, "\ndone 0-903,1002\n") != NULL);
	CU_ASSERT(strstr(jtext, "range 0-2000\n") != NULL);
	static kmp_scan_csv csv;
	CU_ASSERT_FATAL(kmp_scan_csv_parse(text, len, jtext, jlen, &csv) == KMP_OK);
	free(jtext);
	unlink(jpath);
	CU_ASSERT(csv.header);
	CU_ASSERT_EQUAL(csv.meta.from, 0);
	CU_ASSERT_EQUAL(csv.meta.to, 2000);
	CU_ASSERT_EQUAL(csv.n_done, 905);
	CU_ASSERT_EQUAL(csv.n_regs, 6);
	CU_ASSERT_EQUAL(csv.bad + csv.orphans + csv.duplicates + csv.missing, 0);
	CU_ASSERT_EQUAL(csv.regs[5].id, 1002);
	char v[KMP_VALUE_TEXT_MAX];
	kmp_value_format(&csv.regs[3].value, v, sizeof v);
	CU_ASSERT_STRING_EQUAL(v, "4567.89");
	kmp_scan_csv_free(&csv);
	free(text);

	/* a second press within the same second: a second file, not an
	 * overwrite */
	char first[256];
	snprintf(first, sizeof first, "%s", F.sv->export_path);
	key('e');
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_INFO);
	CU_ASSERT(strcmp(first, F.sv->export_path) != 0);
	unlink(F.sv->export_path);
	unlink(first);
	snprintf(jpath, sizeof jpath, "%s.journal", F.sv->export_path);
	unlink(jpath);
	snprintf(jpath, sizeof jpath, "%s.journal", first);
	unlink(jpath);

	/* exported: s after the end starts at once */
	F.sv->p.state = KMP_SCAN_DONE;
	key('s');
	CU_ASSERT(F.sv->start_req);

	/* a directory that is not there: said, no file */
	F.sv->export_dir = "/nonexistent/dir";
	key('e');
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(F.m->status, "cannot create /nonexistent/dir/kmpterm-scan-") != NULL);
	rmdir(dir);
	teardown();

	/* nothing to export before a scan */
	setup();
	F.sv->shown = 0;
	key('e');
	CU_ASSERT(strstr(F.m->status, "nothing to export yet") != NULL);
	teardown();
}

static void test_scan_estimate(void)
{
	char t[32];
	/* docs/scanning.md: 8192 requests of 0.325 s, about 44 minutes */
	double s = tui_scan_estimate_s(0, 65535, 8, 1200);
	CU_ASSERT(s > 44 * 60 && s < 45 * 60);
	CU_ASSERT_STRING_EQUAL(tui_scan_fmt_duration(s, t, sizeof t), "44:22");
	CU_ASSERT_STRING_EQUAL(tui_scan_fmt_duration(3723, t, sizeof t), "1:02:03");
	CU_ASSERT_STRING_EQUAL(tui_scan_fmt_duration(-1, t, sizeof t), "--:--");
}

TEST_SUITE(tui_scan_suite)
{
	CU_pSuite s = CU_add_suite("tui_scan", screen_up, screen_down);
	TEST_ADD(s, test_scan_draws_intro);
	TEST_ADD(s, test_scan_draws_passes);
	TEST_ADD(s, test_scan_draws_progress);
	TEST_ADD(s, test_scan_draws_event_and_halving);
	TEST_ADD(s, test_scan_draws_pause);
	TEST_ADD(s, test_scan_draws_summary);
	TEST_ADD(s, test_scan_draws_stopped);
	TEST_ADD(s, test_scan_table_scrolls);
	TEST_ADD(s, test_scan_range_prompt);
	TEST_ADD(s, test_scan_parse_range);
	TEST_ADD(s, test_scan_s_toggles);
	TEST_ADD(s, test_scan_q_asks_while_running);
	TEST_ADD(s, test_scan_adds_to_live_table);
	TEST_ADD(s, test_scan_export_reads_back);
	TEST_ADD(s, test_scan_estimate);
}
