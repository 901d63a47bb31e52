/* The terminal's model without a screen: register rows (exact min/max,
 * changes, history), the keys of views 1 and 2 and the shared ones, and
 * the trace ring (bounded, rebuilds --log lines). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/trace_fmt.h"
#include "kmp/error.h"
#include "kmp/family.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_fixture.h"

#define SEC 1000000u
#define KEY_ESC 27

static void apply(tui_model *m, uint16_t id, uint8_t unit, const char *text, uint64_t t)
{
	kmp_reading rd = fixture_reading(id, unit, text, 4);
	CU_ASSERT(tui_regs_apply(&m->regs, &rd, t) == 1);
}

static void value_is(const kmp_value *v, const char *text)
{
	char buf[KMP_VALUE_TEXT_MAX];
	kmp_value_format(v, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, text);
}

/* --- register rows ------------------------------------------------------ */

static void test_rows_min_max_changes(void)
{
	tui_model *m = fixture_new_model();
	apply(m, 60, 8, "10.5", 1 * SEC);
	apply(m, 60, 8, "9.25", 2 * SEC);
	apply(m, 60, 8, "11", 3 * SEC);
	/* same number with other decimals: no change */
	apply(m, 60, 8, "11.000", 4 * SEC);
	tui_reg_row *r = tui_regs_find(&m->regs, 60);
	CU_ASSERT_FATAL(r != NULL);
	value_is(&r->min, "9.25");
	value_is(&r->max, "11");
	value_is(&r->value, "11.000"); /* shown as the meter sent it */
	CU_ASSERT_EQUAL(r->changes, 2);
	CU_ASSERT_EQUAL(r->reads, 4);
	CU_ASSERT_EQUAL(r->changed_us, 3 * SEC);
	CU_ASSERT_EQUAL(r->hist_n, 4);
	CU_ASSERT_DOUBLE_EQUAL(tui_reg_hist(r, 1), 9.25, 1e-9);
	fixture_free_model(m);
}

static void test_rows_exact_compare_of_close_values(void)
{
	tui_model *m = fixture_new_model();
	/* 17 significant digits: equal as doubles, different as values */
	kmp_reading a = fixture_reading(60, 8, "0.60000000000000001", 8);
	kmp_reading b = fixture_reading(60, 8, "0.6", 8);
	tui_regs_apply(&m->regs, &a, SEC);
	tui_regs_apply(&m->regs, &b, 2 * SEC);
	tui_reg_row *r = tui_regs_find(&m->regs, 60);
	CU_ASSERT_EQUAL(r->changes, 1);
	value_is(&r->min, "0.6");
	value_is(&r->max, "0.60000000000000001");
	fixture_free_model(m);
}

static void test_rows_failed_keeps_value_missing_and_unit_change(void)
{
	tui_model *m = fixture_new_model();
	apply(m, 60, 8, "1.5", SEC);
	kmp_reading f = {.id = 60, .state = KMP_READING_FAILED, .error = KMP_ERR_TIMEOUT};
	tui_regs_apply(&m->regs, &f, 2 * SEC);
	tui_reg_row *r = tui_regs_find(&m->regs, 60);
	CU_ASSERT_EQUAL(r->state, TUI_REG_ERROR);
	CU_ASSERT_EQUAL(r->error, KMP_ERR_TIMEOUT);
	CU_ASSERT(r->have_value);
	value_is(&r->value, "1.5");
	/* the meter reports another energy unit now: min/max start over */
	apply(m, 60, 2, "400", 3 * SEC);
	CU_ASSERT_EQUAL(r->state, TUI_REG_OK);
	value_is(&r->min, "400");
	value_is(&r->max, "400");
	CU_ASSERT_EQUAL(r->changes, 1);
	kmp_reading miss = {.id = 68, .state = KMP_READING_MISSING};
	tui_regs_apply(&m->regs, &miss, 3 * SEC);
	CU_ASSERT_EQUAL(tui_regs_find(&m->regs, 68)->state, TUI_REG_MISSING);
	/* an ID no longer in the table is ignored */
	kmp_reading gone = fixture_reading(4242, 8, "1", 1);
	CU_ASSERT_EQUAL(tui_regs_apply(&m->regs, &gone, 3 * SEC), 0);
	fixture_free_model(m);
}

static void test_rows_history_bounded(void)
{
	tui_model *m = fixture_new_model();
	char t[32];
	for (int i = 0; i < 3 * TUI_HIST; i++) {
		snprintf(t, sizeof t, "%d", i);
		apply(m, 86, 32, t, (uint64_t)(i + 1) * SEC);
	}
	tui_reg_row *r = tui_regs_find(&m->regs, 86);
	CU_ASSERT_EQUAL(r->hist_n, TUI_HIST);
	CU_ASSERT_DOUBLE_EQUAL(tui_reg_hist(r, 0), 2 * TUI_HIST, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(tui_reg_hist(r, TUI_HIST - 1), 3 * TUI_HIST - 1, 1e-9);
	fixture_free_model(m);
}

/* --- keys of view 1 ------------------------------------------------------ */

static void type(tui_model *m, const char *s)
{
	for (; *s; s++)
		tui_dispatch_key(m, (unsigned char)*s);
}

static void test_keys_delete_selected(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_EQUAL(m->regs.n, 10);
	tui_dispatch_key(m, KEY_DOWN);
	tui_dispatch_key(m, KEY_DOWN);
	CU_ASSERT_EQUAL(m->regs.list.sel, 2);
	unsigned r = tui_dispatch_key(m, 'd');
	CU_ASSERT(r & TUI_R_WAKE);
	CU_ASSERT_EQUAL(m->regs.n, 9);
	CU_ASSERT_PTR_NULL(tui_regs_find(&m->regs, 74));
	CU_ASSERT_EQUAL(m->regs.rows[2].id, 80);
	CU_ASSERT(m->poll.set_changed);
	CU_ASSERT(strstr(m->status, "removed register 74") != NULL);
	/* deleting the last row moves the selection up */
	tui_dispatch_key(m, KEY_END);
	tui_dispatch_key(m, 'd');
	CU_ASSERT_EQUAL(m->regs.n, 8);
	CU_ASSERT_EQUAL(m->regs.list.sel, 7);
	fixture_free_model(m);
}

static void test_keys_add_prompt_validates(void)
{
	tui_model *m = fixture_new_model();
	tui_dispatch_key(m, 'a');
	CU_ASSERT(m->prompt.active);
	type(m, "60,abc\r");
	CU_ASSERT(m->prompt.active); /* kept open to fix the typo */
	CU_ASSERT_EQUAL(m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(m->status, "invalid register 'abc'") != NULL);
	CU_ASSERT_EQUAL(m->regs.n, 10);
	tui_dispatch_key(m, 21); /* Ctrl-U */
	CU_ASSERT_STRING_EQUAL(m->prompt.buf, "");
	type(m, "1004,0x3EA,99x");
	tui_dispatch_key(m, KEY_BACKSPACE);
	tui_dispatch_key(m, '9');
	tui_dispatch_key(m, '\r');
	CU_ASSERT(!m->prompt.active);
	/* 0x3EA = 1002 is there already: 1004 and 999 are new, each at its
	 * place in the order (by ID), the first one typed selected */
	CU_ASSERT_EQUAL(m->regs.n, 12);
	CU_ASSERT_EQUAL(m->regs.rows[8].id, 999);
	CU_ASSERT_EQUAL(m->regs.rows[11].id, 1004);
	CU_ASSERT_EQUAL(m->regs.list.sel, 11);
	CU_ASSERT(m->poll.set_changed);
	CU_ASSERT(strstr(m->status, "added 2 registers") != NULL);
	/* Esc cancels without touching the table */
	tui_dispatch_key(m, 'a');
	type(m, "5");
	tui_dispatch_key(m, KEY_ESC);
	CU_ASSERT(!m->prompt.active);
	CU_ASSERT_EQUAL(m->regs.n, 12);
	fixture_free_model(m);
}

static void test_keys_poll_controls(void)
{
	tui_model *m = fixture_new_model();
	tui_dispatch_key(m, '+');
	CU_ASSERT_EQUAL(m->poll.interval_ms, 15000);
	tui_dispatch_key(m, '-');
	tui_dispatch_key(m, '-');
	CU_ASSERT_EQUAL(m->poll.interval_ms, 5000);
	CU_ASSERT(strstr(m->status, "battery") != NULL);
	for (int i = 0; i < 10; i++)
		tui_dispatch_key(m, '-');
	CU_ASSERT_EQUAL(m->poll.interval_ms, 1000);
	tui_dispatch_key(m, ' ');
	CU_ASSERT(m->poll.paused);
	tui_dispatch_key(m, ' ');
	CU_ASSERT(!m->poll.paused);
	CU_ASSERT(tui_dispatch_key(m, 'r') & TUI_R_WAKE);
	CU_ASSERT(m->poll.read_now);
	tui_dispatch_key(m, '\r');
	CU_ASSERT(m->regs.details);
	tui_dispatch_key(m, KEY_ESC);
	CU_ASSERT(!m->regs.details);
	fixture_free_model(m);
}

/* --- keys every view shares --------------------------------------------- */

static void test_keys_global(void)
{
	tui_model *m = fixture_new_model();
	tui_dispatch_key(m, '2');
	CU_ASSERT_EQUAL(m->view, 1);
	for (size_t i = 1; i < tui_n_views; i++)
		tui_dispatch_key(m, '\t');
	CU_ASSERT_EQUAL(m->view, 0); /* Tab wraps after the last view */
	tui_dispatch_key(m, KEY_BTAB);
	CU_ASSERT_EQUAL(m->view, tui_n_views - 1);
	CU_ASSERT_STRING_EQUAL(tui_current_view(m)->name, "History");
	tui_dispatch_key(m, '5');
	CU_ASSERT_STRING_EQUAL(tui_current_view(m)->name, "Identify");
	tui_dispatch_key(m, '6');
	CU_ASSERT_STRING_EQUAL(tui_current_view(m)->name, "History");
	tui_dispatch_key(m, '1');
	tui_dispatch_key(m, '?');
	CU_ASSERT(m->help);
	tui_dispatch_key(m, 'd'); /* closes the help, deletes nothing */
	CU_ASSERT(!m->help);
	CU_ASSERT_EQUAL(m->regs.n, 10);
	CU_ASSERT(tui_dispatch_key(m, 'q') & TUI_R_QUIT);
	CU_ASSERT(m->quit);
	fixture_free_model(m);
}

static void test_keys_quit_asks_during_scan(void)
{
	tui_model *m = fixture_new_model();
	tui_owner_claim(&m->owners, TUI_OWNER_SCANNER); /* as the scan view does */
	CU_ASSERT_FALSE(tui_dispatch_key(m, 'q') & TUI_R_QUIT);
	CU_ASSERT(m->quit_confirm);
	CU_ASSERT(!m->quit);
	tui_dispatch_key(m, 'n');
	CU_ASSERT(!m->quit_confirm);
	CU_ASSERT(!m->quit);
	tui_dispatch_key(m, 'q');
	CU_ASSERT(tui_dispatch_key(m, 'y') & TUI_R_QUIT);
	CU_ASSERT(m->quit);
	fixture_free_model(m);
}

/* --- trace ring and view 2 --------------------------------------------- */

static void push_simple(tui_model *m, kmp_event_kind kind, int status, uint64_t t)
{
	kmp_event ev = {.kind = kind, .t_us = t, .status = status, .detail = "x"};
	CU_ASSERT_FATAL(tui_ring_push(&m->trace.ring, &ev, 1) == 0);
}

#define REQ_SERIAL "803F0235E90D"
#define REPLY_SERIAL "403F0201234567E9560D"
#define REPLY_SERIAL_BAD "403F0201234567E9570D"

static void test_trace_ring_bounded(void)
{
	tui_model *m = fixture_new_model();
	tui_trace_ring *r = &m->trace.ring;
	size_t bytes_full = 0;
	for (unsigned i = 0; i < 100000; i++) {
		fixture_push_frame(m, i % 2 ? KMP_EV_RX : KMP_EV_TX,
		                   i % 2 ? REPLY_SERIAL : REQ_SERIAL, i);
		if (i + 1 == TUI_TRACE_CAP)
			bytes_full = r->bytes;
	}
	CU_ASSERT_EQUAL(r->n, TUI_TRACE_CAP);
	CU_ASSERT_EQUAL(r->next_seq, 100000);
	CU_ASSERT_EQUAL(tui_ring_first(r), 100000 - TUI_TRACE_CAP);
	/* memory is flat: the same events hold the same bytes */
	CU_ASSERT(bytes_full > 0);
	CU_ASSERT_EQUAL(r->bytes, bytes_full);
	CU_ASSERT_PTR_NULL(tui_ring_get(r, 0));
	CU_ASSERT_PTR_NULL(tui_ring_get(r, 100000));
	const tui_trace_entry *e = tui_ring_get(r, 99999);
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT_EQUAL(e->seq, 99999);
	CU_ASSERT_STRING_EQUAL(e->dir, "RX");
	CU_ASSERT_STRING_EQUAL(e->check, "CRC OK");
	CU_ASSERT_EQUAL(e->raw_len, 10);
	CU_ASSERT_EQUAL(e->raw[0], 0x40);
	CU_ASSERT(strstr(e->decode, "19088743") != NULL);
	fixture_free_model(m);
}

static void test_trace_write_matches_log_format(void)
{
	tui_model *m = fixture_new_model();
	fixture_push_frame(m, KMP_EV_TX, REQ_SERIAL, 1);
	fixture_push_frame(m, KMP_EV_RX, REPLY_SERIAL_BAD, 2);
	push_simple(m, KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 3);
	char path[] = "/tmp/tui-trace-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	size_t n = 0;
	/* never overwrites */
	CU_ASSERT_NOT_EQUAL(tui_ring_write(&m->trace.ring, path, &n), 0);
	unlink(path);
	CU_ASSERT_EQUAL(tui_ring_write(&m->trace.ring, path, &n), 0);
	CU_ASSERT_EQUAL(n, 3);
	FILE *f = fopen(path, "r");
	CU_ASSERT_FATAL(f != NULL);
	char line[1024];
	int i = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		CU_ASSERT_STRING_EQUAL(line, tui_ring_get(&m->trace.ring, (uint64_t)i)->line);
		i++;
	}
	fclose(f);
	unlink(path);
	CU_ASSERT_EQUAL(i, 3);
	/* the --log format: time, direction, hex, status, decode */
	const char *bad = tui_ring_get(&m->trace.ring, 1)->line;
	CU_ASSERT(
	        strstr(bad, "\tRX\t40 3F 02 01 23 45 67 E9 57 0D\tCRC BAD got E957 want E956\t") !=
	        NULL);
	CU_ASSERT(strstr(tui_ring_get(&m->trace.ring, 2)->line, "\tTIMEOUT\t-\tTIMEOUT\t") != NULL);
	char name[64];
	struct timespec ts = {0, 0};
	tui_trace_file_name(&ts, name, sizeof name);
	/* local time: 1970-01-01 or 1969-12-31 depending on TZ */
	CU_ASSERT(strncmp(name, "kmpterm-trace-19", 16) == 0);
	CU_ASSERT(strcmp(name + strlen(name) - 4, ".log") == 0);
	CU_ASSERT(strlen(name) == strlen("kmpterm-trace-19700101-000000.log"));
	fixture_free_model(m);
}

static void fill_trace(tui_model *m, int n)
{
	for (int i = 0; i < n; i++) {
		if (i % 10 == 9)
			fixture_push_frame(m, KMP_EV_RX, REPLY_SERIAL_BAD, (uint64_t)i * 1000);
		else
			fixture_push_frame(m, i % 2 ? KMP_EV_RX : KMP_EV_TX,
			                   i % 2 ? REPLY_SERIAL : REQ_SERIAL, (uint64_t)i * 1000);
	}
}

static void test_trace_filter_cycles(void)
{
	tui_model *m = fixture_new_model();
	m->view = 1;
	CU_ASSERT_EQUAL(m->trace.filter, TUI_FILTER_ALL);
	const int want[] = {TUI_FILTER_ERRORS, TUI_FILTER_TX, TUI_FILTER_RX, TUI_FILTER_ALL};
	for (int i = 0; i < 4; i++) {
		tui_dispatch_key(m, 'f');
		CU_ASSERT_EQUAL(m->trace.filter, want[i]);
	}
	fill_trace(m, 30);
	const tui_trace_entry *bad = tui_ring_get(&m->trace.ring, 9);
	const tui_trace_entry *tx = tui_ring_get(&m->trace.ring, 0);
	CU_ASSERT(tui_trace_match(bad, TUI_FILTER_ERRORS));
	CU_ASSERT(!tui_trace_match(tx, TUI_FILTER_ERRORS));
	CU_ASSERT(tui_trace_match(tx, TUI_FILTER_TX));
	CU_ASSERT(!tui_trace_match(tx, TUI_FILTER_RX));
	CU_ASSERT(tui_trace_match(bad, TUI_FILTER_RX));
	fixture_free_model(m);
}

static void test_trace_follow_stops_and_resumes(void)
{
	tui_model *m = fixture_new_model();
	m->view = 1;
	fill_trace(m, 100);
	CU_ASSERT(m->trace.follow);
	tui_dispatch_key(m, KEY_UP);
	CU_ASSERT(!m->trace.follow);
	CU_ASSERT_EQUAL(m->trace.sel, 98);
	/* new frames do not move a scrolled view */
	fill_trace(m, 10);
	CU_ASSERT_EQUAL(m->trace.sel, 98);
	CU_ASSERT(!m->trace.follow);
	tui_dispatch_key(m, KEY_PPAGE);
	int page = tui_body_rows(m) - 2;
	CU_ASSERT_EQUAL(m->trace.sel, (uint64_t)(98 - page));
	tui_dispatch_key(m, KEY_HOME);
	CU_ASSERT_EQUAL(m->trace.sel, 0);
	/* the errors filter keeps the selection on an error */
	tui_dispatch_key(m, KEY_DOWN);
	tui_dispatch_key(m, 'f');
	tui_dispatch_key(m, KEY_DOWN);
	CU_ASSERT_EQUAL(m->trace.sel, 19);
	tui_dispatch_key(m, 'f');
	tui_dispatch_key(m, 'f');
	tui_dispatch_key(m, 'f');
	tui_dispatch_key(m, KEY_END);
	CU_ASSERT(m->trace.follow);
	/* Down in follow mode stays at the newest */
	tui_dispatch_key(m, KEY_DOWN);
	CU_ASSERT(m->trace.follow);
	/* Enter inspects and stops following so the frame stays put */
	tui_dispatch_key(m, '\r');
	CU_ASSERT(m->trace.inspect);
	CU_ASSERT(!m->trace.follow);
	CU_ASSERT_EQUAL(m->trace.sel, 109);
	tui_dispatch_key(m, KEY_ESC);
	CU_ASSERT(!m->trace.inspect);
	CU_ASSERT(tui_dispatch_key(m, 'w') & TUI_R_WAKE);
	CU_ASSERT(m->trace.write_req);
	tui_dispatch_key(m, ' ');
	CU_ASSERT(m->trace.frozen);
	CU_ASSERT_EQUAL(m->trace.frozen_seq, 110);
	fixture_free_model(m);
}

/* One answer to "which family is this meter?" for flags and names:
 * --family first, then view 5's finding (also in m->family), then the
 * GetType code where a public source names it. */
static void test_meter_family_best_known(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_EQUAL(tui_meter_family(m), KMP_FAMILY_UNKNOWN);
	m->link.have_type = 1;
	m->link.type.meter_type = 0x0004; /* MULTICAL 601, Pt100 (5512-447) */
	CU_ASSERT_EQUAL(tui_meter_family(m), KMP_FAMILY_HEAT_60X);
	m->link.type.meter_type = 0x0034; /* no public source names it */
	CU_ASSERT_EQUAL(tui_meter_family(m), KMP_FAMILY_UNKNOWN);
	m->family = KMP_FAMILY_HEAT_X03;
	CU_ASSERT_EQUAL(tui_meter_family(m), KMP_FAMILY_HEAT_X03);
	fixture_free_model(m);
}

/* --replay sends nothing: the views that exist to talk to a meter say so
 * instead of offering keys that would do nothing (or start probes). */
static void test_replay_mutes_live_views(void)
{
	tui_model *m = fixture_new_model();
	CU_ASSERT_FATAL(tui_views_init(m) == 0);
	for (size_t i = 0; i < tui_n_views; i++) {
		m->view = i;
		CU_ASSERT(!tui_view_muted(m, tui_views[i]));
	}
	m->replay.active = 1;
	int muted = 0;
	for (size_t i = 0; i < tui_n_views; i++) {
		const char *n = tui_views[i]->name;
		int live = !strcmp(n, "Align") || !strcmp(n, "Scan") || !strcmp(n, "Identify") ||
		           !strcmp(n, "History");
		m->view = i;
		CU_ASSERT_EQUAL(tui_view_muted(m, tui_views[i]), live);
		if (live) {
			muted++;
			CU_ASSERT_EQUAL(tui_dispatch_key(m, 's'), TUI_R_IGNORED);
			CU_ASSERT_EQUAL(tui_dispatch_key(m, 'r'), TUI_R_IGNORED);
		}
	}
	CU_ASSERT_EQUAL(muted, 4);
	/* the view keys still move between views */
	tui_dispatch_key(m, '1');
	CU_ASSERT_EQUAL(m->view, 0);
	tui_views_fini(m);
	fixture_free_model(m);
}

TEST_SUITE(tui_model_suite)
{
	CU_pSuite s = CU_add_suite("tui_model", NULL, NULL);
	TEST_ADD(s, test_rows_min_max_changes);
	TEST_ADD(s, test_rows_exact_compare_of_close_values);
	TEST_ADD(s, test_rows_failed_keeps_value_missing_and_unit_change);
	TEST_ADD(s, test_rows_history_bounded);
	TEST_ADD(s, test_keys_delete_selected);
	TEST_ADD(s, test_keys_add_prompt_validates);
	TEST_ADD(s, test_keys_poll_controls);
	TEST_ADD(s, test_keys_global);
	TEST_ADD(s, test_meter_family_best_known);
	TEST_ADD(s, test_replay_mutes_live_views);
	TEST_ADD(s, test_keys_quit_asks_during_scan);
	TEST_ADD(s, test_trace_ring_bounded);
	TEST_ADD(s, test_trace_write_matches_log_format);
	TEST_ADD(s, test_trace_filter_cycles);
	TEST_ADD(s, test_trace_follow_stops_and_resumes);
}
