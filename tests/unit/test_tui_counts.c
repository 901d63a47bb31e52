/* The header's exchange counters say what the trace says (issue 10, item
 * 4): exchanges that saw only the head's echo are "echo only", not "no
 * answer", and every kind the client counts appears under its own name
 * and in the total. */
#include <string.h>

#include <curses.h>

#include "client/client.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/view.h"
#include "tui_fixture.h"
#include "tui_screen.h"

static const char *header_counts(tui_model *m, WINDOW *h)
{
	werase(h);
	tui_header_draw(m, h);
	return screen_row(h, 1);
}

static void test_echo_only_named_in_the_header(void)
{
	tui_model *m = fixture_new_model();
	m->link.connected = m->link.ever_connected = 1;
	m->link.stats = (kmp_client_stats){.tx = 9, .rx = 0, .echoes = 9, .echo_only = 9};
	/* wide enough for every kind beside the poll state */
	resize_term(40, 160);
	m->rows = 40;
	m->cols = 160;
	WINDOW *h = newwin(3, 160, 0, 0);
	const char *r = header_counts(m, h);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "TX 9  RX 0  echo 9  failed 9 (echo only 9)"));
	CU_ASSERT_PTR_NULL(strstr(r, "no answer"));
	/* every kind by its name, the total their sum */
	m->link.stats = (kmp_client_stats){.tx = 30,
	                                   .rx = 20,
	                                   .timeouts = 1,
	                                   .echo_only = 2,
	                                   .crc_errors = 3,
	                                   .stuffing_errors = 4,
	                                   .partials = 5,
	                                   .garbage = 6,
	                                   .other_errors = 7};
	r = header_counts(m, h);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "failed 28 (no answer 1, echo only 2, CRC 3, stuffing 4, "
	                                 "cut off 5, garbage 6, other 7)"));
	delwin(h);
	resize_term(24, 80);
	fixture_free_model(m);
}

TEST_SUITE(tui_counts_suite)
{
	CU_pSuite s = CU_add_suite("tui_counts", screen_up, screen_down);
	TEST_ADD(s, test_echo_only_named_in_the_header);
}
