/* View 1's details (Enter) drawn off-screen at 80x24: an info register's
 * value as the named flags of the meter's family (issue 13), and the chart
 * of the register's values this session on a time axis, labelled with the
 * exact smallest and largest values it shows (issue 14). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/family.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_screen.h"

#define SEC 1000000u

static void apply(tui_model *m, uint16_t id, uint8_t unit, const char *text, uint8_t len,
                  uint64_t t)
{
	kmp_reading rd = fixture_reading(id, unit, text, len);
	tui_regs_add(&m->regs, &id, 1); /* a row for it (once) */
	tui_regs_apply(&m->regs, &rd, t);
}

static WINDOW *details_of(tui_model *m, uint16_t id)
{
	uint16_t ids[1] = {id};
	tui_regs_add(&m->regs, ids, 1);
	m->regs.list.sel = tui_regs_index(&m->regs, id);
	m->regs.details = 1;
	WINDOW *w = newwin(24 - TUI_HEADER_ROWS - TUI_FOOTER_ROWS, 80, 3, 0);
	tui_view_registers.draw(m, w);
	if (getenv("TUI_DUMP"))
		screen_dump(w);
	return w;
}

/* A MULTICAL 403 with a leak and a sensor error, as `kmpsim --profile
 * multical403 --info leak,sensor-error` sets them: bit 12 and bit 3 of
 * info bits 369. */
static void test_details_flags_x03(void)
{
	tui_model *m = fixture_new_model();
	m->family = KMP_FAMILY_HEAT_X03;
	apply(m, 369, 0, "4104", 4, 1000 * SEC);
	WINDOW *w = details_of(m, 369);
	int y = screen_find(w, "Flags      ");
	CU_ASSERT_FATAL(y > 0);
	CU_ASSERT(strstr(screen_row(w, y), "t1 above measuring range or disconnected") != NULL);
	CU_ASSERT(strstr(screen_row(w, y), "[t1_above_range]") != NULL);
	CU_ASSERT(strstr(screen_row(w, y + 1), "Pulse input A(1): leakage in the system") != NULL);
	CU_ASSERT(strstr(screen_row(w, y + 1), "[in_a1_leakage]") != NULL);
	/* the history follows the flags */
	CU_ASSERT(strncmp(screen_row(w, y + 2), " History", 8) == 0);
	delwin(w);

	/* nothing set: said so */
	apply(m, 369, 0, "0", 4, 1001 * SEC);
	w = details_of(m, 369);
	CU_ASSERT(screen_shows(w, "Flags      none set (heat MULTICAL 303/403/603/803)"));
	delwin(w);

	/* a bit no source names: shown as a bit, never guessed */
	apply(m, 369, 0, "1024", 4, 1002 * SEC); /* bit 10 */
	w = details_of(m, 369);
	CU_ASSERT(screen_shows(w, "Flags      bit 10 (no public source names it)"));
	delwin(w);
	fixture_free_model(m);
}

/* Register 99 of a MULTICAL 21: LEAK is bit 2. */
static void test_details_flags_water(void)
{
	tui_model *m = fixture_new_model();
	m->family = KMP_FAMILY_WATER;
	apply(m, 99, 0, "4", 2, 1000 * SEC);
	WINDOW *w = details_of(m, 99);
	int y = screen_find(w, "Flags      ");
	CU_ASSERT_FATAL(y > 0);
	CU_ASSERT_STRING_EQUAL(screen_row(w, y), " Flags      LEAK: leak  [leak]");
	delwin(w);
	fixture_free_model(m);
}

/* The family not known: no flags guessed, and how to name it. */
static void test_details_flags_family_unknown(void)
{
	tui_model *m = fixture_new_model();
	apply(m, 99, 0, "8", 4, 1000 * SEC);
	WINDOW *w = details_of(m, 99);
	CU_ASSERT(screen_shows(w, "Flags      meter family not known: start with --family"));
	delwin(w);
	/* a register no family keeps flags in has no Flags line */
	apply(m, 60, 8, "1.000", 4, 1000 * SEC);
	w = details_of(m, 60);
	CU_ASSERT(!screen_has(w, "Flags"));
	delwin(w);
	fixture_free_model(m);
}

/* More reads than the chart keeps: its labels are the exact smallest and
 * largest of the values it shows (not the session's), and a session of
 * days has dates on its axis. */
static void test_details_chart_labels_what_it_shows(void)
{
	tui_model *m = fixture_new_model();
	char t[32];
	/* 2026-11-20 00:00 UTC on the wall clock at monotonic 0 */
	m->wall_offset_us = (int64_t)1795132800 * 1000000;
	/* ten low values first, then 120 between 500.000 and 619.000, an
	 * hour apart: five days */
	for (int i = 0; i < 10 + TUI_HIST; i++) {
		snprintf(t, sizeof t, "%d.000", i < 10 ? i : 500 + (i - 10));
		apply(m, 60, 8, t, 4, (uint64_t)i * 3600 * SEC);
	}
	m->now_us = (uint64_t)(10 + TUI_HIST) * 3600 * SEC;
	WINDOW *w = details_of(m, 60);
	CU_ASSERT(screen_shows(w, "min 0.000  max 619.000  (130 reads"));
	CU_ASSERT(screen_shows(w, "the last 120 of 130 reads this session"));
	int top = screen_find_prefix(w, " 619.000");
	int bottom = screen_find_prefix(w, " 500.000");
	CU_ASSERT(top > 0 && bottom > top);
	CU_ASSERT(!screen_has(w, " 0.000x")); /* the session's min is not shown */
	/* dates on the axis: the first value kept (10 h in) to the last */
	CU_ASSERT(bottom > 0 && strstr(screen_row(w, bottom + 1), "2026-11-20") != NULL);
	CU_ASSERT(bottom > 0 && strstr(screen_row(w, bottom + 1), "2026-11-25") != NULL);
	delwin(w);
	fixture_free_model(m);
}

TEST_SUITE(tui_details_suite)
{
	CU_pSuite s = CU_add_suite("tui_details", screen_up, screen_down);
	TEST_ADD(s, test_details_flags_x03);
	TEST_ADD(s, test_details_flags_water);
	TEST_ADD(s, test_details_flags_family_unknown);
	TEST_ADD(s, test_details_chart_labels_what_it_shows);
}
