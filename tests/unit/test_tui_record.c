/* View 1's record key (tui/recorder.h) without a meter: readings as the
 * reader hands them over, the controller's side called as the loop does,
 * the file read back.  The rows are read --csv's (the same code), a round
 * without a valid answer writes nothing and recording goes on, a failed
 * write is said and cut back, the name is never reused, and the status
 * line names the file and the rows. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/journal.h"
#include "feature/reading_csv.h"
#include "kmp/error.h"
#include "testing.h"
#include "tui/recorder.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_screen.h"

/* 2026-11-29 10:00:00 UTC */
static const struct timespec wall = {1795946400, 0};
#define MONO 5000000000ull /* the monotonic clock at `wall` */

static kmp_reader rd;

/* A round: 60 read, 68 failed, 1002 (a clock) read, 99 missing. */
static void round_of(const char *e1, int all_fail)
{
	memset(&rd, 0, sizeof rd);
	rd.n = 4;
	rd.readings[0] = fixture_reading(60, 8, e1, 4);
	rd.readings[1] =
	        (kmp_reading){.id = 68, .state = KMP_READING_FAILED, .error = KMP_ERR_TIMEOUT};
	rd.readings[2] = fixture_reading(1002, 47, "200243", 4);
	rd.readings[3] = (kmp_reading){.id = 99, .state = KMP_READING_MISSING};
	rd.readings[0].t_us = MONO - 1500000; /* arrived 1.5 s before now */
	rd.readings[2].t_us = MONO;
	if (all_fail) {
		rd.readings[0].state = KMP_READING_FAILED;
		rd.readings[2].state = KMP_READING_FAILED;
	}
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;
	if (kmp_read_file(path, 1 << 20, &text, &len) != KMP_OK)
		return NULL;
	return text;
}

static void test_record_rows_as_read_csv(void)
{
	char dir[] = "/tmp/kmpterm-rec-test.XXXXXX";
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	tui_model *m = fixture_new_model();
	m->record.dir = dir;
	tui_recorder r;
	tui_recorder_init(&r);

	/* nothing asked: nothing happens */
	tui_recorder_take(&r, m, &wall);
	CU_ASSERT(!m->record.on);
	m->record.toggle_req = 1;
	tui_recorder_take(&r, m, &wall);
	CU_ASSERT_FATAL(m->record.on);
	CU_ASSERT(!m->record.toggle_req);
	CU_ASSERT(strncmp(m->record.path, dir, strlen(dir)) == 0);
	CU_ASSERT(strstr(m->record.path, "/kmpterm-readings-") != NULL);
	CU_ASSERT(strstr(m->status, m->record.path) != NULL);
	char path[256];
	snprintf(path, sizeof path, "%s", m->record.path);

	round_of("1234.567", 0);
	tui_recorder_round(&r, m, &rd, &wall, MONO);
	CU_ASSERT_EQUAL(m->record.rows, 2);
	CU_ASSERT_EQUAL(m->record.rounds, 1);
	/* a round with no valid answer: no row, still recording */
	round_of("1234.570", 1);
	tui_recorder_round(&r, m, &rd, &wall, MONO);
	CU_ASSERT_EQUAL(m->record.rows, 2);
	CU_ASSERT(m->record.on);
	CU_ASSERT_STRING_EQUAL(m->record.error, "");
	round_of("1234.570", 0);
	tui_recorder_round(&r, m, &rd, &wall, MONO + 10000000);

	char *text = slurp(path);
	CU_ASSERT_FATAL(text != NULL);
	/* exactly read --csv's rows: the time each value arrived, the exact
	 * value, the clock in its own form */
	CU_ASSERT_STRING_EQUAL(text, "time,id,name,value,unit,unit_name,text\r\n"
	                             "2026-11-29T09:59:58.500Z,60,Heat energy E1,1234.567,8,GJ,"
	                             "1234.567\r\n"
	                             "2026-11-29T10:00:00.000Z,1002,Clock (hh:mm:ss),200243,47,"
	                             "hh:mm:ss,20:02:43\r\n"
	                             "2026-11-29T09:59:48.500Z,60,Heat energy E1,1234.570,8,GJ,"
	                             "1234.570\r\n"
	                             "2026-11-29T09:59:50.000Z,1002,Clock (hh:mm:ss),200243,47,"
	                             "hh:mm:ss,20:02:43\r\n");
	free(text);
	CU_ASSERT_EQUAL(m->record.rows, 4);

	/* the status line, between messages, names the file and the rows */
	m->status[0] = '\0';
	WINDOW *st = newwin(1, 80, 22, 0), *ft = newwin(1, 80, 23, 0);
	tui_statusbar_draw(m, st, ft);
	char want[300];
	snprintf(want, sizeof want, "REC %s: 4 rows", path);
	CU_ASSERT(screen_shows(st, want));

	/* the key again stops; the file keeps what it has */
	m->record.toggle_req = 1;
	tui_recorder_take(&r, m, &wall);
	CU_ASSERT(!m->record.on);
	CU_ASSERT(strstr(m->status, "recording stopped: 4 rows in ") != NULL);
	tui_recorder_round(&r, m, &rd, &wall, MONO);
	CU_ASSERT_EQUAL(m->record.rows, 4);
	werase(st);
	m->status[0] = '\0';
	tui_statusbar_draw(m, st, ft);
	CU_ASSERT(!screen_has(st, "REC "));

	/* started again within the same second: a file of its own */
	m->record.toggle_req = 1;
	tui_recorder_take(&r, m, &wall);
	CU_ASSERT_FATAL(m->record.on);
	CU_ASSERT(strcmp(path, m->record.path) != 0);
	CU_ASSERT(strstr(m->record.path, "-2.csv") != NULL);
	CU_ASSERT_EQUAL(m->record.rows, 0);

	/* a write that fails (a full disk): said, cut back, still recording */
	int full = open("/dev/full", O_WRONLY);
	CU_ASSERT_FATAL(full >= 0);
	int saved = dup(r.fd);
	dup2(full, r.fd);
	close(full);
	round_of("1234.600", 0);
	tui_recorder_round(&r, m, &rd, &wall, MONO);
	CU_ASSERT(m->record.on);
	CU_ASSERT_EQUAL(m->record.rows, 0);
	CU_ASSERT_EQUAL(m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(m->status, "still recording") != NULL);
	CU_ASSERT(m->record.error[0] != '\0');
	dup2(saved, r.fd);
	close(saved);
	tui_recorder_round(&r, m, &rd, &wall, MONO);
	CU_ASSERT_EQUAL(m->record.rows, 2);
	CU_ASSERT_STRING_EQUAL(m->record.error, "");
	char second[256];
	snprintf(second, sizeof second, "%s", m->record.path);
	tui_recorder_close(&r, m);
	CU_ASSERT(!m->record.on);
	text = slurp(second);
	CU_ASSERT(text && strstr(text, "1234.600") != NULL);
	free(text);

	/* a directory that is not there: said, not recording */
	m->record.dir = "/nonexistent/kmpterm-dir";
	m->record.toggle_req = 1;
	tui_recorder_take(&r, m, &wall);
	CU_ASSERT(!m->record.on);
	CU_ASSERT_EQUAL(m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(m->status, "cannot record: /nonexistent/kmpterm-dir/kmpterm-readings-") !=
	          NULL);

	delwin(st);
	delwin(ft);
	unlink(path);
	unlink(second);
	rmdir(dir);
	fixture_free_model(m);
}

/* The key in view 1 asks; the footer says how to stop. */
static void test_record_key(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	m->view = 0;
	CU_ASSERT(tui_dispatch_key(m, 'c') & TUI_R_WAKE);
	CU_ASSERT(m->record.toggle_req);
	CU_ASSERT(strstr(tui_views[0]->footer(m), "c record") != NULL);
	m->record.on = 1;
	CU_ASSERT(strstr(tui_views[0]->footer(m), "c stop recording") != NULL);
	tui_views_fini(m);
	fixture_free_model(m);
}

TEST_SUITE(tui_record_suite)
{
	CU_pSuite s = CU_add_suite("tui_record", screen_up, screen_down);
	TEST_ADD(s, test_record_rows_as_read_csv);
	TEST_ADD(s, test_record_key);
}
