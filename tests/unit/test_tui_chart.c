/* The chart widget (tui/chart.h) drawn into an off-screen 24x80 screen
 * and read back cell by cell: where the labels go (by screen columns,
 * wide characters included), which column shows which point on the time
 * axis, the eighth blocks, and that nothing is drawn outside the box. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "testing.h"
#include "tui/chart.h"
#include "tui_screen.h"

/* 2026-11-29 10:00:00 UTC */
#define T0 1795946400

static int is_vline(WINDOW *w, int y, int x)
{
	chtype c = mvwinch(w, y, x);
	return (c & A_ALTCHARSET) && (c & A_CHARTEXT) == (ACS_VLINE & A_CHARTEXT);
}

static char cell(WINDOW *w, int y, int x)
{
	return (char)(mvwinch(w, y, x) & A_CHARTEXT);
}

/* The wide character in cell (y, x). */
static wchar_t wcell(WINDOW *w, int y, int x)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	if (mvwin_wch(w, y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR)
		return 0;
	return wch[0];
}

static void test_labels_and_axis(void)
{
	WINDOW *w = newwin(10, 60, 0, 0);
	tui_chart_point p[61];
	for (int i = 0; i <= 60; i++)
		p[i] = (tui_chart_point){T0 + i, 100.0 + i};
	tui_chart_labels lab = {"100.0", "160.0", "GJ"};
	tui_chart_draw(w, 1, 2, 8, 56, p, 61, &lab, 0, A_NORMAL);
	/* labels right-aligned in the widest label's columns (5), then the axis */
	CU_ASSERT_STRING_EQUAL(screen_row(w, 0), "");
	CU_ASSERT(!strncmp(screen_row(w, 1), "  160.0", 7));
	CU_ASSERT(!strncmp(screen_row(w, 2), "     GJ", 7));
	CU_ASSERT(!strncmp(screen_row(w, 7), "  100.0", 7));
	for (int r = 1; r <= 7; r++)
		CU_ASSERT(is_vline(w, r, 7));
	/* times: the first under the first column, the last ending under the
	 * last, the middle ones centred (50 columns, 8 wide: 4 fit) */
	const char *axis = screen_row(w, 8);
	CU_ASSERT(!strncmp(axis + 8, "10:00:00", 8));
	CU_ASSERT_EQUAL((int)strlen(axis), 58);
	CU_ASSERT(!strcmp(axis + 50, "10:01:00"));
	CU_ASSERT(strstr(axis, "10:00:19") || strstr(axis, "10:00:20"));
	/* the largest value fills its column to the top; the smallest keeps
	 * one eighth (ASCII here: '.' at the bottom, nothing above) */
	CU_ASSERT_EQUAL(cell(w, 1, 57), '#');
	CU_ASSERT_EQUAL(cell(w, 7, 57), '#');
	CU_ASSERT_EQUAL(cell(w, 7, 8), '.');
	CU_ASSERT_EQUAL(cell(w, 6, 8), ' ');
	delwin(w);
}

/* A value holds until the next one: two points, the second late; every
 * column before its time shows the first. */
static void test_time_axis_holds_values(void)
{
	WINDOW *w = newwin(6, 40, 0, 0);
	tui_chart_point p[3] = {{T0, 1.0}, {T0 + 90, 9.0}, {T0 + 100, 5.0}};
	tui_chart_labels lab = {"1", "9", NULL};
	tui_chart_draw(w, 0, 0, 6, 40, p, 3, &lab, 0, A_NORMAL);
	/* label width 1, plot columns 2..39 (38): column c at T0 + 100c/37 */
	int px = 2, pw = 38, first_high = -1;
	for (int c = 0; c < pw; c++) {
		int high = cell(w, 0, px + c) == '#';
		if (high && first_high < 0)
			first_high = c;
	}
	/* 90 s of 100 over 37 steps: column 34 (91.9 s) is the first at or after */
	CU_ASSERT_EQUAL(first_high, 34);
	CU_ASSERT_EQUAL(cell(w, 0, px + 33), ' ');
	CU_ASSERT_EQUAL(cell(w, 4, px + 33), '.');
	/* the last column is the last point: 5 of 1..9 is half way up */
	CU_ASSERT_EQUAL(cell(w, 0, px + pw - 1), ' ');
	CU_ASSERT_EQUAL(cell(w, 4, px + pw - 1), '#');
	CU_ASSERT(!strncmp(screen_row(w, 5), "  10:00:00", 10));
	delwin(w);
}

static void test_dates_axis(void)
{
	WINDOW *w = newwin(5, 70, 0, 0);
	tui_chart_point p[30];
	for (int i = 0; i < 30; i++)
		p[i] = (tui_chart_point){T0 - 28 * 86400 + (int64_t)i * 86400, i};
	tui_chart_labels lab = {"0", "29", "kWh"};
	tui_chart_draw(w, 0, 0, 5, 70, p, 30, &lab, 1, A_NORMAL);
	const char *axis = screen_row(w, 4);
	CU_ASSERT(!strncmp(axis, "    2026-11-01", 14));
	CU_ASSERT(strlen(axis) == 70 && !strcmp(axis + 60, "2026-11-30"));
	delwin(w);
}

/* Fewer than two points, or a box too small: one line, nothing else. */
static void test_one_line_instead(void)
{
	WINDOW *w = newwin(8, 60, 0, 0);
	tui_chart_point p[2] = {{T0, 1}, {T0 + 1, 2}};
	tui_chart_labels lab = {"1", "2", NULL};
	tui_chart_draw(w, 2, 3, 5, 50, p, 1, &lab, 0, A_NORMAL);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 2), "   1 value so far: a chart needs 2");
	for (int r = 3; r < 8; r++)
		CU_ASSERT_STRING_EQUAL(screen_row(w, r), "");
	werase(w);
	tui_chart_draw(w, 2, 3, 5, 50, p, 0, &lab, 0, A_NORMAL);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 2), "   0 values so far: a chart needs 2");
	werase(w);
	tui_chart_draw(w, 2, 3, 2, 50, p, 2, &lab, 0, A_NORMAL);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 2), "   too small for a chart");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 3), "");
	werase(w);
	tui_chart_draw(w, 2, 3, 5, TUI_CHART_MIN_COLS - 1, p, 2, &lab, 0, A_NORMAL);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 2), "   too small for a chart");
	delwin(w);
}

/* The whole 80x24 screen's body, and a box asked larger than the window:
 * every cell outside the box keeps what was there. */
static void test_stays_in_box(void)
{
	WINDOW *w = newwin(24, 80, 0, 0);
	for (int r = 0; r < 24; r++)
		mvwhline(w, r, 0, 'x', 80);
	static tui_chart_point p[5000];
	for (int i = 0; i < 5000; i++)
		p[i] = (tui_chart_point){T0 + i * 7, (double)(i % 97)};
	tui_chart_labels lab = {"0", "96", "m3"};
	tui_chart_draw(w, 3, 5, 10, 60, p, 5000, &lab, 0, A_NORMAL);
	for (int r = 0; r < 24; r++)
		for (int c = 0; c < 80; c++) {
			int in = r >= 3 && r < 13 && c >= 5 && c < 65;
			if (!in && cell(w, r, c) != 'x') {
				fprintf(stderr, "\nwritten outside the box at %d,%d\n", r, c);
				CU_FAIL("outside the box");
				r = 24;
				break;
			}
		}
	/* asked for 30 rows and 100 columns from (20, 70): clipped */
	tui_chart_draw(w, 20, 50, 30, 100, p, 5000, &lab, 0, A_NORMAL);
	CU_ASSERT(is_vline(w, 20, 52));
	CU_ASSERT(strstr(screen_row(w, 23), ":") != NULL);
	/* a box outside the window: nothing, no crash */
	tui_chart_draw(w, 30, 90, 5, 40, p, 5000, &lab, 0, A_NORMAL);
	tui_chart_draw(w, -1, 0, 5, 40, p, 5000, &lab, 0, A_NORMAL);
	delwin(w);
}

/* UTF-8: eighth blocks, and labels placed by screen columns: a label of
 * three double-width characters takes six. */
static void test_utf8_blocks_and_wide_labels(void)
{
	/* a screen opened in the UTF-8 locale: curses settles on how it
	 * reads multibyte text when the screen is made */
	screen_down();
	CU_ASSERT_FATAL(setlocale(LC_ALL, "C.UTF-8") != NULL);
	CU_ASSERT_FATAL(screen_open(24, 80) == 0);
	WINDOW *w = newwin(6, 40, 0, 0);
	tui_chart_point p[3] = {{T0, 0.0}, {T0 + 10, 16.0}, {T0 + 20, 8.0}};
	tui_chart_labels lab = {"0", "\xef\xbc\x91\xef\xbc\x96", "m\xc2\xb3"}; /* "１６", "m³" */
	tui_chart_draw(w, 0, 0, 5, 40, p, 3, &lab, 0, A_NORMAL);
	/* "１６" is four columns wide: the axis line is at column 4 */
	CU_ASSERT_EQUAL(wcell(w, 0, 0), L'\xff11');
	CU_ASSERT_EQUAL(wcell(w, 0, 2), L'\xff16');
	CU_ASSERT(is_vline(w, 0, 4));
	CU_ASSERT_EQUAL(wcell(w, 1, 2), L'm');
	CU_ASSERT_EQUAL(wcell(w, 1, 3), L'\xb3');
	CU_ASSERT(is_vline(w, 3, 4));
	/* 4 plot rows = 32 eighths: the smallest value keeps one eighth, the
	 * largest fills the column, the middle one stops in an eighth */
	CU_ASSERT_EQUAL(wcell(w, 3, 5), L'\x2581');
	CU_ASSERT_EQUAL(wcell(w, 2, 5), L' ');
	/* the last point (8 of 0..16) is the last column: level 1 + 31/2 = 17 */
	CU_ASSERT_EQUAL(wcell(w, 3, 39), L'\x2588');
	CU_ASSERT_EQUAL(wcell(w, 2, 39), L'\x2588');
	CU_ASSERT_EQUAL(wcell(w, 1, 39), L'\x2581');
	CU_ASSERT_EQUAL(wcell(w, 0, 39), L' ');
	/* the 16 is at the middle column's time or after: full there */
	int full = 0;
	for (int c = 5; c < 40; c++)
		full |= wcell(w, 0, c) == L'\x2588';
	CU_ASSERT(full);
	delwin(w);
	screen_down();
	setlocale(LC_ALL, "C");
	CU_ASSERT_FATAL(screen_up() == 0);
}

TEST_SUITE(tui_chart_suite)
{
	CU_pSuite s = CU_add_suite("tui_chart", screen_up, screen_down);
	TEST_ADD(s, test_labels_and_axis);
	TEST_ADD(s, test_time_axis_holds_values);
	TEST_ADD(s, test_dates_axis);
	TEST_ADD(s, test_one_line_instead);
	TEST_ADD(s, test_stays_in_box);
	TEST_ADD(s, test_utf8_blocks_and_wide_labels);
}
