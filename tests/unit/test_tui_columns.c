/* Padded columns count screen columns, not bytes, in view 4 too (issue
 * 10, item 1: "check every padded column in every view"): m³ and °C are
 * two columns but three bytes, so a table padded by bytes shifts the
 * columns after the unit by one on their rows.  Views 1 and 2 are checked
 * in test_tui_field.c. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/scan_view.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_screen.h"

#define SEC 1000000u

/* The screen column where `needle` starts on row y, or -1. */
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

static void add_found(kmp_scan *s, uint16_t id, uint8_t unit, const char *text)
{
	kmp_value v;
	CU_ASSERT_FATAL(kmp_value_from_text(text, 4, &v) == KMP_OK);
	CU_ASSERT_FATAL(kmp_scan_add_found(s, id, unit, &v, 0) == KMP_OK);
}

static void test_scan_table_columns_by_width(void)
{
	/* a missing C.UTF-8 fails the test: no silent skip */
	CU_ASSERT_FATAL(setlocale(LC_ALL, "C.UTF-8") != NULL);
	tui_model *m = calloc(1, sizeof *m);
	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_FATAL(
	        tui_model_init(m, tui_default_regs, tui_n_default_regs, 10000, 1000 * SEC) == 0);
	m->utf8 = 1;
	m->now_us = 1000 * SEC;
	m->rows = 24;
	m->cols = 80;
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	m->view = 3;
	tui_scan_view *sv = tui_scan_state(m);
	CU_ASSERT_FATAL(sv != NULL);
	kmp_scan scan;
	kmp_scan_config cfg;
	kmp_scan_config_default(&cfg);
	cfg.from = 0;
	cfg.to = 100;
	CU_ASSERT_FATAL(kmp_scan_init(&scan, &cfg) == KMP_OK);
	for (uint16_t id = 0; id <= 100; id++)
		kmp_scan_mark_done(&scan, id);
	/* GJ, m³, °C: all three in view 1's default list ("yes") */
	add_found(&scan, 60, 8, "1234.567");
	add_found(&scan, 68, 40, "8765.43");
	add_found(&scan, 86, 37, "65.00");
	sv->shown = 1;
	sv->core = &scan;
	sv->from = 0;
	sv->to = 100;
	sv->p = (kmp_scan_progress){.state = KMP_SCAN_DONE,
	                            .pause_text = "",
	                            .error = "",
	                            .from = 0,
	                            .to = 100,
	                            .total = 101,
	                            .done = 101,
	                            .next_id = 101,
	                            .found = 3};
	WINDOW *w = newwin(24 - TUI_HEADER_ROWS - TUI_FOOTER_ROWS, 80, 3, 0);
	CU_ASSERT_FATAL(w != NULL);
	tui_current_view(m)->draw(m, w);
	int rows[3] = {screen_find(w, "Heat energy E1"), screen_find(w, "Volume V1"),
	               screen_find(w, "Temperature T1")};
	int yes = -1;
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_FATAL(rows[i] > 0);
		int c = col_of(w, rows[i], L"yes");
		CU_ASSERT(c > 0 && (yes < 0 || c == yes));
		yes = c;
	}
	CU_ASSERT(col_of(w, rows[1], L"m³") > 0);
	CU_ASSERT(col_of(w, rows[2], L"°C") > 0);
	/* the heading's last column starts where the rows' does */
	int head = screen_find(w, "IN VIEW 1");
	CU_ASSERT(head > 0 && col_of(w, head, L"IN VIEW 1") == yes);
	delwin(w);
	kmp_scan_free(&scan);
	tui_views_fini(m);
	tui_model_free(m);
	free(m);
	setlocale(LC_ALL, "C");
}

TEST_SUITE(tui_columns_suite)
{
	CU_pSuite s = CU_add_suite("tui_columns", screen_up, screen_down);
	TEST_ADD(s, test_scan_table_columns_by_width);
}
