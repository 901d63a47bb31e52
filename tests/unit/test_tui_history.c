/* View 6 (History) without a meter: drawn into an off-screen curses
 * screen (newterm on /dev/null) at 80x24 and 120x40 from a kmp_hist that
 * read the simulator's day logger through the real encoder and decoder
 * (hist_rig.h, anchored at 2026-11-28 12:30), read back with mvwinnstr;
 * the keys (logger, registers and newest-N prompts, s, x, e, c, Left and
 * Right, scrolling) checked on the model; the link claimed and released
 * by the controller side on a client whose device is missing; the CSV
 * export read back line by line against the feature's own row format;
 * q asks while records are unexported. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "feature/history_csv.h"
#include "hist_rig.h"
#include "kmp/error.h"
#include "testing.h"
#include "tui/controller.h"
#include "tui/history_view.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_screen.h"

#define SEC 1000000u
#define KEY_ESC 27
#define CTRL_U 21

typedef struct fixture {
	tui_model *m;
	tui_hist_view *hv;
	rig *r;
	WINDOW *w;
} fixture;

static fixture F;

static size_t history_index(void)
{
	for (size_t i = 0; i < tui_n_views; i++)
		if (tui_views[i] == &tui_view_history)
			return i;
	CU_FAIL_FATAL("the history view is not in the table");
	return 0;
}

/* The view in a rows x cols terminal; a reading of the day logger's
 * every register made of `exchanges` exchanges (0: none started). */
static void setup_at(int rows, int cols, unsigned long exchanges)
{
	memset(&F, 0, sizeof F);
	F.m = calloc(1, sizeof *F.m);
	CU_ASSERT_FATAL(F.m != NULL);
	CU_ASSERT_FATAL(
	        tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 10000, 1000 * SEC) == 0);
	F.m->utf8 = 0;
	F.m->now_us = 1000 * SEC;
	F.m->rows = rows;
	F.m->cols = cols;
	CU_ASSERT_FATAL(tui_views_init(F.m) == 0);
	F.m->view = history_index();
	F.hv = tui_hist_state(F.m);
	CU_ASSERT_FATAL(F.hv != NULL);
	if (exchanges) {
		F.r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, NULL, 0, 0);
		run(F.r, exchanges);
		tui_hist_view *hv = F.hv;
		hv->shown = 1;
		hv->core = &F.r->h;
		snprintf(hv->name, sizeof hv->name, "day");
		tui_hist_sync_records(hv);
		int done = F.r->h.state == KMP_HIST_DONE;
		hv->p = (kmp_hist_progress){
		        .state = F.r->h.state,
		        .pause_text = "",
		        .output_error = "",
		        .ranged = F.r->h.ranged,
		        .hi = F.r->h.hi,
		        .lo = F.r->h.lo,
		        .total = (uint32_t)F.r->h.n_recs,
		        .complete = F.r->h.n_complete,
		        .pass = 1,
		        .requests = F.r->h.requests,
		        .failures = 0,
		        .elapsed_s = done ? 94.3 : 42.0,
		        .rate = 4.9,
		        .eta_s = done ? 0 : 71,
		};
	}
	F.w = newwin(rows - TUI_HEADER_ROWS - TUI_FOOTER_ROWS, cols, 3, 0);
	CU_ASSERT_FATAL(F.w != NULL);
}

static void setup(unsigned long exchanges)
{
	setup_at(24, 80, exchanges);
}

static void teardown(void)
{
	delwin(F.w);
	tui_views_fini(F.m);
	tui_model_free(F.m);
	free(F.m);
	if (F.r)
		rig_free(F.r);
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

static void test_hist_draws_intro(void)
{
	setup(0);
	draw();
	CU_ASSERT(screen_shows(F.w, "Logger: day (B8)"));
	CU_ASSERT(screen_shows(F.w, "Registers: every one the logger holds"));
	CU_ASSERT(screen_shows(F.w, "Records: every one the logger holds"));
	CU_ASSERT(screen_shows(F.w, "s  read the logger"));
	CU_ASSERT(screen_shows(F.w, "Read-only: B8 GetConfiguration and GetLog"));
	CU_ASSERT_STRING_EQUAL(tui_view_history.footer(F.m),
	                       "s read  l logger  r registers  n newest N");
	CU_ASSERT_STRING_EQUAL(tui_view_history.name, "History");
	teardown();
}

static void test_hist_draws_progress(void)
{
	/* some way in: the configuration, the probes, a few hundred records */
	setup(40);
	CU_ASSERT_FATAL(F.r->h.state == KMP_HIST_RUNNING);
	CU_ASSERT_FATAL(F.hv->n_recs > 0 && F.hv->n_recs < 460);
	draw();
	CU_ASSERT(strncmp(screen_row(F.w, 0),
	                  " History: the day logger, 9 registers   log IDs 1001..1460", 58) == 0);
	CU_ASSERT(strcmp(screen_row(F.w, 0) + 79 - 7, "RUNNING") == 0);
	char want[64];
	snprintf(want, sizeof want, "%zu/460 records", F.hv->n_recs);
	CU_ASSERT(strstr(screen_row(F.w, 1), want) != NULL);
	/* the bar fills the same share */
	const char *bar = screen_row(F.w, 1);
	size_t hashes = strspn(bar + 2, "#"), dots = strspn(bar + 2 + hashes, ".");
	CU_ASSERT(hashes > 0 && dots > 0);
	CU_ASSERT(hashes * 460 / (hashes + dots) <= F.hv->n_recs);
	CU_ASSERT((hashes + 1) * 460 / (hashes + dots) >= F.hv->n_recs);
	CU_ASSERT(strstr(screen_row(F.w, 2), "rate 4.9 rec/s   ETA 1:11   elapsed 0:42") != NULL);
	CU_ASSERT_STRING_EQUAL(tui_view_history.footer(F.m),
	                       "s pause  x stop  e export  c chart  Left/Right register");
	teardown();
}

static void test_hist_draws_records(void)
{
	setup(1000);
	CU_ASSERT_FATAL(F.r->h.state == KMP_HIST_DONE);
	CU_ASSERT_EQUAL_FATAL(F.hv->n_recs, 460);
	draw();
	CU_ASSERT(strcmp(screen_row(F.w, 0) + 79 - 4, "DONE") == 0);
	CU_ASSERT(screen_shows(F.w, "100.0%  460/460 records"));
	CU_ASSERT(screen_shows(F.w, "Done: 460 records. e saves them as CSV."));
	int y = screen_find(F.w, "LOG ID DATE");
	CU_ASSERT_FATAL(y >= 0);
	/* the dating registers (1003, 1002, 348) make the DATE column; the
	 * others follow in the logger's order, the first one marked */
	CU_ASSERT(strstr(screen_row(F.w, y), "60 Heat") != NULL);
	CU_ASSERT(strstr(screen_row(F.w, y), "68 Vol") != NULL);
	/* newest first, exact decimals with their units, dates checked */
	CU_ASSERT(strncmp(screen_row(F.w, y + 1),
	                  ">   1460 2026-11-28 00:00:00 1233.501 GJ 8758.33 m3", 50) == 0);
	CU_ASSERT(strncmp(screen_row(F.w, y + 2),
	                  "    1459 2026-11-27 00:00:00 1232.594 GJ 8752.28 m3", 50) == 0);
	/* where the rows and columns are, and the register marked, in words */
	CU_ASSERT(screen_shows(F.w,
	                       "rows 1-13 of 460   columns 1-4 of 6   marked: 60 Heat energy E1"));
	teardown();
}

static void test_hist_table_scrolls_and_marks(void)
{
	setup(1000);
	CU_ASSERT_EQUAL(key(KEY_END), TUI_R_REDRAW);
	draw();
	int y = screen_find(F.w, "LOG ID DATE");
	CU_ASSERT_FATAL(y >= 0);
	/* the oldest record is the last row */
	CU_ASSERT(screen_shows(F.w, ">   1001 2025-08-26 00:00:00  901.963 GJ"));
	CU_ASSERT(screen_shows(F.w, "rows 448-460 of 460"));
	/* Right marks the next registers; the columns scroll to keep the
	 * marked one on screen */
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(key(KEY_RIGHT), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(key(KEY_RIGHT), TUI_R_HANDLED); /* the last one already */
	draw();
	CU_ASSERT(screen_shows(F.w, "marked: 1004 Operating hours"));
	CU_ASSERT(screen_has(F.w, "columns 1-4 of 6") == 0);
	CU_ASSERT(strstr(screen_row(F.w, y), "1004") != NULL);
	CU_ASSERT(screen_shows(F.w, "24012 h")); /* the oldest record's hours */
	CU_ASSERT_EQUAL(key(KEY_HOME), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(key('<'), TUI_R_REDRAW);
	draw();
	CU_ASSERT(screen_shows(F.w, "marked: 99"));
	teardown();
}

static void test_hist_chart(void)
{
	setup(1000);
	CU_ASSERT_EQUAL(key('c'), TUI_R_REDRAW_ALL);
	draw();
	CU_ASSERT(screen_shows(F.w, "Chart of 60 Heat energy E1 (GJ), 460 records"));
	/* the exact largest and smallest values beside the bars */
	CU_ASSERT(screen_shows(F.w, "1233.501"));
	CU_ASSERT(screen_shows(F.w, "901.963"));
	/* dates along the bottom: the first and the last record's */
	CU_ASSERT(screen_shows(F.w, "2025-08-26"));
	CU_ASSERT(screen_shows(F.w, "2026-11-28"));
	CU_ASSERT(screen_shows(F.w, "###"));
	CU_ASSERT(screen_find(F.w, "LOG ID") < 0); /* instead of the table at 80x24 */
	/* Right charts the next register */
	key(KEY_RIGHT);
	draw();
	CU_ASSERT(screen_shows(F.w, "Chart of 68 Volume V1 (m3), 460 records"));
	CU_ASSERT(screen_shows(F.w, "8758.33"));
	CU_ASSERT(screen_shows(F.w, "6548.07"));
	key('c');
	draw();
	CU_ASSERT(screen_find(F.w, "LOG ID") >= 0);
	teardown();
}

/* A logger module's records of 60 and 68 carry no date: no DATE
 * column, and the chart says why it has nothing to draw. */
static void test_hist_module_records_without_dates(void)
{
	setup(0);
	static const uint16_t ids[] = {60, 68};
	F.r = rig_new(KMP_HIST_MODULE, 1, ids, 2, 10);
	run(F.r, 100);
	CU_ASSERT_FATAL(F.r->h.state == KMP_HIST_DONE);
	F.hv->shown = 1;
	F.hv->core = &F.r->h;
	snprintf(F.hv->name, sizeof F.hv->name, "log 1");
	tui_hist_sync_records(F.hv);
	CU_ASSERT_EQUAL_FATAL(F.hv->n_recs, 10);
	F.hv->p = (kmp_hist_progress){.state = KMP_HIST_DONE,
	                              .pause_text = "",
	                              .output_error = "",
	                              .ranged = 1,
	                              .hi = F.r->h.hi,
	                              .lo = F.r->h.lo,
	                              .total = 10,
	                              .complete = 10,
	                              .pass = 1};
	draw();
	CU_ASSERT(
	        screen_shows(F.w, " History: the log 1 logger, 2 registers   log IDs 1451..1460"));
	int y = screen_find(F.w, "LOG ID 60 Heat");
	CU_ASSERT_FATAL(y >= 0);
	CU_ASSERT(strncmp(screen_row(F.w, y + 1), ">   1460 1233.501 GJ 8758.33 m3", 31) == 0);
	key('c');
	draw();
	CU_ASSERT(screen_shows(F.w, "Chart of 60 Heat energy E1 (GJ), 0 records: the records carry "
	                            "no date"));
	teardown();
}

static void test_hist_uses_room_at_120x40(void)
{
	screen_down();
	CU_ASSERT_FATAL(screen_open(40, 120) == 0);
	setup_at(40, 120, 1000);
	draw();
	/* the table and the chart together, more columns side by side */
	int y = screen_find(F.w, "LOG ID DATE");
	CU_ASSERT_FATAL(y >= 0);
	CU_ASSERT(strstr(screen_row(F.w, y), "110") != NULL);
	CU_ASSERT(screen_shows(F.w, "columns 1-6 of 6"));
	CU_ASSERT(screen_find(F.w, "Chart of 60 Heat energy E1 (GJ), 460 records") > y);
	CU_ASSERT(screen_shows(F.w, "1233.501"));
	teardown();
	screen_down();
	CU_ASSERT_FATAL(screen_up() == 0);
}

/* --- keys ------------------------------------------------------------------- */

static void test_hist_choice_keys(void)
{
	setup(0);
	key('l');
	CU_ASSERT_EQUAL(F.hv->logger, KMP_LOGGER_HOUR);
	key('l');
	CU_ASSERT_EQUAL(F.hv->logger, KMP_LOGGER_YEAR);
	key('l');
	key('l');
	CU_ASSERT_EQUAL(F.hv->logger, KMP_LOGGER_DAY);
	CU_ASSERT(strstr(F.m->status, "the day logger, every register it holds") != NULL);

	key('r');
	CU_ASSERT_FATAL(F.m->prompt.active);
	type("60,60");
	key('\n');
	CU_ASSERT(F.m->prompt.active); /* kept: fix the typo */
	CU_ASSERT_STRING_EQUAL(F.m->status, "register 60 twice");
	key(CTRL_U);
	type("60,0x44");
	key('\n');
	CU_ASSERT(!F.m->prompt.active);
	CU_ASSERT_EQUAL(F.hv->n_ids, 2);
	CU_ASSERT_EQUAL(F.hv->ids[1], 68);
	draw();
	CU_ASSERT(screen_shows(F.w, "Registers: 60,68"));
	key('r');
	key('\n'); /* empty: every one the logger holds */
	CU_ASSERT_EQUAL(F.hv->n_ids, 0);

	key('n');
	type("0");
	key('\n');
	CU_ASSERT(F.m->prompt.active);
	key(CTRL_U);
	type("30");
	key('\n');
	CU_ASSERT_EQUAL(F.hv->last, 30);
	draw();
	CU_ASSERT(screen_shows(F.w, "Records: the newest 30"));

	CU_ASSERT(key('s') & TUI_R_WAKE);
	CU_ASSERT(F.hv->start_req);
	teardown();
}

static void test_hist_module_needs_registers(void)
{
	setup(0);
	F.hv->module = 1;
	F.hv->logger = 1;
	key('s');
	CU_ASSERT(!F.hv->start_req);
	CU_ASSERT(strstr(F.m->status, "r sets them") != NULL);
	key('r');
	key('\n');
	CU_ASSERT(F.m->prompt.active); /* a module cannot list them */
	type("60,68");
	key('\n');
	CU_ASSERT(!F.m->prompt.active);
	key('l');
	CU_ASSERT_EQUAL(F.hv->logger, 2);
	draw();
	CU_ASSERT(screen_shows(F.w, "Logger: log 2 (logger module, A0..A3)"));
	key('s');
	CU_ASSERT(F.hv->start_req);
	teardown();
}

/* The controller side claims the link for the reading and gives it back
 * on x; a client whose device is missing cannot send, so the reading
 * waits for the link meanwhile. */
static void test_hist_owns_the_link(void)
{
	setup(0);
	/* the Align view's probes outrank it: it waits from the start */
	tui_owner_claim(&F.m->owners, TUI_OWNER_PROBER);
	kmp_client_config cc;
	kmp_client_config_default(&cc);
	cc.link.device = "/nonexistent/kmpterm-test";
	kmp_client *c = kmp_client_new(&cc, NULL, NULL);
	CU_ASSERT_FATAL(c != NULL);
	tui_ctl ctl;
	tui_ctl_init(&ctl, c, F.m, NULL, NULL);
	key('s');
	tui_hist_pump(&ctl, 1001 * SEC);
	CU_ASSERT(tui_owner_claims(&F.m->owners, TUI_OWNER_HISTORY));
	CU_ASSERT_EQUAL(tui_owner_now(&F.m->owners), TUI_OWNER_PROBER);
	CU_ASSERT(F.hv->yielded);
	CU_ASSERT_EQUAL(F.hv->p.state, KMP_HIST_PAUSED);
	draw();
	CU_ASSERT(screen_shows(F.w, "Paused while another view has the link."));
	tui_owner_release(&F.m->owners, TUI_OWNER_PROBER);
	tui_hist_pump(&ctl, 1002 * SEC);
	CU_ASSERT(!F.hv->yielded);
	CU_ASSERT_EQUAL(tui_owner_now(&F.m->owners), TUI_OWNER_HISTORY);
	/* the device is missing: it waits for the link, and says so */
	CU_ASSERT_EQUAL(F.hv->p.pause, KMP_HIST_PAUSE_LINK);
	CU_ASSERT(tui_hist_under_way(F.hv));
	CU_ASSERT_STRING_EQUAL(tui_owner_label(TUI_OWNER_HISTORY), "history");
	/* q asks while it runs */
	key('q');
	CU_ASSERT(F.m->quit_confirm);
	CU_ASSERT_STRING_EQUAL(tui_owner_quit_question(&F.m->owners),
	                       "A history reading is running. Quit anyway? (y/n)");
	key('n');
	CU_ASSERT(!F.m->quit);
	/* the scan does not */
	tui_owner_claim(&F.m->owners, TUI_OWNER_SCANNER);
	CU_ASSERT_EQUAL(tui_owner_now(&F.m->owners), TUI_OWNER_HISTORY);
	tui_owner_release(&F.m->owners, TUI_OWNER_SCANNER);
	key('x');
	tui_hist_pump(&ctl, 1004 * SEC);
	CU_ASSERT(!tui_owner_claims(&F.m->owners, TUI_OWNER_HISTORY));
	CU_ASSERT(F.hv->stopped);
	draw();
	CU_ASSERT(screen_shows(F.w, "STOPPED"));
	CU_ASSERT(screen_shows(F.w, "Stopped with 0 records read"));
	/* nothing read: nothing to lose */
	CU_ASSERT_PTR_NULL(tui_owner_quit_question(&F.m->owners));
	teardown();
	kmp_client_free(c);
}

static int count_files(const char *dir, const char *prefix)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	if (d)
		closedir(d);
	return n;
}

static void test_hist_export_and_quit(void)
{
	setup(1000);
	char dir[] = "/tmp/kmpterm-hist-XXXXXX";
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	F.hv->export_dir = dir;
	tui_ctl ctl;
	tui_ctl_init(&ctl, NULL, F.m, NULL, NULL);
	tui_hist_pump(&ctl, 1001 * SEC);
	/* records nobody saved: q asks */
	key('q');
	CU_ASSERT(F.m->quit_confirm);
	CU_ASSERT(!F.m->quit);
	CU_ASSERT_STRING_EQUAL(tui_owner_quit_question(&F.m->owners),
	                       "History records not exported (e in view 6 saves them). Quit "
	                       "anyway? (y/n)");
	key('n');

	key('e');
	CU_ASSERT_FATAL(F.hv->export_path[0] != '\0');
	CU_ASSERT(strstr(F.m->status, "wrote 460 records to ") != NULL);
	CU_ASSERT(strstr(F.hv->export_path, "/kmpterm-history-") != NULL);
	/* a second e in the same second: a new file, never over the first */
	char first[256];
	snprintf(first, sizeof first, "%s", F.hv->export_path);
	key('e');
	CU_ASSERT(strcmp(first, F.hv->export_path) != 0);
	CU_ASSERT_EQUAL(count_files(dir, "kmpterm-history-"), 4); /* two CSVs, two journals */

	/* the file: the header, then the rows exactly as history --out makes
	 * them, newest first */
	FILE *f = fopen(first, "r");
	CU_ASSERT_FATAL(f != NULL);
	char line[4096], want[4096];
	CU_ASSERT_FATAL(fgets(line, sizeof line, f) != NULL);
	CU_ASSERT(kmp_hist_csv_header(F.r->h.regs, F.r->h.n_regs, want, sizeof want) > 0);
	CU_ASSERT_STRING_EQUAL(line, want);
	size_t rows = 0;
	while (fgets(line, sizeof line, f)) {
		CU_ASSERT_FATAL(rows < 460);
		CU_ASSERT(kmp_hist_csv_row(&F.r->h, 1460 - (uint32_t)rows, want, sizeof want) > 0);
		CU_ASSERT_STRING_EQUAL(line, want);
		rows++;
	}
	fclose(f);
	CU_ASSERT_EQUAL(rows, 460);
	/* its journal lists them all, so history --resume knows the file */
	char jpath[300], jt[512];
	kmp_hist_journal_path(first, jpath, sizeof jpath);
	f = fopen(jpath, "r");
	CU_ASSERT_FATAL(f != NULL);
	size_t jl = fread(jt, 1, sizeof jt - 1, f);
	jt[jl] = 0;
	fclose(f);
	CU_ASSERT(strstr(jt, "logger day\n") != NULL);
	CU_ASSERT(strstr(jt, "address 63\n") != NULL);
	CU_ASSERT(strstr(jt, "done 1001-1460\n") != NULL);

	draw();
	CU_ASSERT(screen_shows(F.w, "Saved as "));
	tui_hist_pump(&ctl, 1002 * SEC);
	CU_ASSERT_PTR_NULL(tui_owner_quit_question(&F.m->owners));
	CU_ASSERT_EQUAL(key('q'), TUI_R_QUIT);

	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
	teardown();
}

static void test_hist_export_refuses(void)
{
	setup(0);
	key('e');
	CU_ASSERT_STRING_EQUAL(F.m->status, "no records to export yet: s reads the logger");
	teardown();
	setup(1000);
	F.hv->export_dir = "/nonexistent/kmpterm-test";
	key('e');
	CU_ASSERT(strstr(F.m->status, "cannot create /nonexistent/kmpterm-test/kmpterm-history-") ==
	          F.m->status);
	CU_ASSERT(F.hv->export_path[0] == '\0');
	teardown();
}

static void test_hist_record_time(void)
{
	setup(1000);
	tui_hist_dating d;
	tui_hist_find_dating(&F.r->h, &d);
	CU_ASSERT(d.dt >= 0 && d.date >= 0 && d.time >= 0);
	int64_t t;
	char text[64];
	CU_ASSERT_EQUAL(tui_hist_record_time(&F.r->h, &d, 1460, &t, text, sizeof text), 0);
	CU_ASSERT_STRING_EQUAL(text, "2026-11-28 00:00:00");
	CU_ASSERT_EQUAL(t, 1795824000); /* date -u -d 2026-11-28 +%s */
	/* without the unit-79 register: the date and the clock registers */
	d.dt = -1;
	CU_ASSERT_EQUAL(tui_hist_record_time(&F.r->h, &d, 1001, &t, text, sizeof text), 0);
	CU_ASSERT_STRING_EQUAL(text, "2025-08-26 00:00:00");
	CU_ASSERT_EQUAL(t, 1795824000 - 459 * 86400);
	d.date = -1;
	CU_ASSERT_EQUAL(tui_hist_record_time(&F.r->h, &d, 1001, &t, text, sizeof text), -1);
	teardown();
}

TEST_SUITE(tui_history_suite)
{
	CU_pSuite s = CU_add_suite("tui_history", screen_up, screen_down);
	TEST_ADD(s, test_hist_draws_intro);
	TEST_ADD(s, test_hist_draws_progress);
	TEST_ADD(s, test_hist_draws_records);
	TEST_ADD(s, test_hist_table_scrolls_and_marks);
	TEST_ADD(s, test_hist_chart);
	TEST_ADD(s, test_hist_module_records_without_dates);
	TEST_ADD(s, test_hist_uses_room_at_120x40);
	TEST_ADD(s, test_hist_choice_keys);
	TEST_ADD(s, test_hist_module_needs_registers);
	TEST_ADD(s, test_hist_owns_the_link);
	TEST_ADD(s, test_hist_export_and_quit);
	TEST_ADD(s, test_hist_export_refuses);
	TEST_ADD(s, test_hist_record_time);
}
