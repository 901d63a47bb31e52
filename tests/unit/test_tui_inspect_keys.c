/* The inspector's keys (issue 10, item 1): Up and Down scroll the page of
 * the frame being inspected (the field trial found they moved to another
 * frame, so the records below the fold could not be reached); n and p go
 * to the next and previous frame. */
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "client/client.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/value.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_screen.h"

#define SEC 1000000u

/* A GetRegister reply with eight records, as hex. */
static void eight_records(char *hex, size_t cap)
{
	static const uint16_t ids[] = {60, 68, 74, 80, 86, 87, 89, 266};
	uint8_t data[128], frame[300];
	size_t n = 0, o = 0;
	for (size_t i = 0; i < 8; i++) {
		kmp_value v;
		CU_ASSERT_FATAL(kmp_value_from_text("1234.5", 4, &v) == KMP_OK);
		CU_ASSERT_FATAL(kmp_record_append(data, sizeof data, &n, ids[i], 8, &v) == KMP_OK);
	}
	int len = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_GET_REGISTER, data, n, frame,
	                           sizeof frame);
	CU_ASSERT_FATAL(len > 0);
	for (int i = 0; i < len; i++)
		o += (size_t)snprintf(hex + o, cap - o, "%02X", frame[i]);
}

static int shows_entry(WINDOW *w, tui_model *m, const char *entry)
{
	werase(w);
	tui_view_trace.draw(m, w);
	return strstr(screen_row(w, 0), entry) != NULL;
}

static void test_inspector_keys(void)
{
	char hex[700];
	tui_model *m = fixture_new_model();
	eight_records(hex, sizeof hex);
	fixture_push_frame(m, KMP_EV_TX, "803F0235E90D", 1000 * SEC);
	fixture_push_frame(m, KMP_EV_RX, hex, 1001 * SEC);
	fixture_push_frame(m, KMP_EV_TX, "803F0235E90D", 1002 * SEC);
	m->view = 1;
	m->trace.follow = 0;
	m->trace.sel = 1;
	m->trace.inspect = 1;
	WINDOW *w = newwin(tui_body_rows(m), 80, TUI_HEADER_ROWS, 0);
	CU_ASSERT_FATAL(w != NULL);
	CU_ASSERT_FATAL(shows_entry(w, m, "Entry 1  RX"));
	char first[128];
	snprintf(first, sizeof first, "%s", screen_row(w, 1));
	/* Down scrolls the page: the same frame, its next line on top */
	CU_ASSERT(tui_dispatch_key(m, KEY_DOWN) & TUI_R_REDRAW);
	CU_ASSERT(shows_entry(w, m, "Entry 1  RX"));
	CU_ASSERT(strcmp(screen_row(w, 1), first) != 0);
	CU_ASSERT(tui_dispatch_key(m, KEY_UP) & TUI_R_REDRAW);
	CU_ASSERT(shows_entry(w, m, "Entry 1  RX"));
	CU_ASSERT_STRING_EQUAL(screen_row(w, 1), first);
	/* n and p: the next and the previous frame */
	tui_dispatch_key(m, 'n');
	CU_ASSERT(shows_entry(w, m, "Entry 2  TX"));
	tui_dispatch_key(m, 'p');
	tui_dispatch_key(m, 'p');
	CU_ASSERT(shows_entry(w, m, "Entry 0  TX"));
	delwin(w);
	fixture_free_model(m);
}

TEST_SUITE(tui_inspect_keys_suite)
{
	CU_pSuite s = CU_add_suite("tui_inspect_keys", screen_up, screen_down);
	TEST_ADD(s, test_inspector_keys);
}
