/* The terminal's controller against a meter played by the test on a pty:
 * identity once after connecting, grouped polling on the interval, pause
 * and read-now, a dropped link that keeps the values, and `w`.  Time is
 * synthetic (each turn is 20 ms later); only the pty is real. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui/controller.h"
#include "tui/model.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_meter.h"

#define MS 1000u
#define SEC 1000000u

/* What the meter has; view 1's other default registers it lacks. */
static const tui_meter_reg regs[] = {
        {60, 8, 4, "1234.567"},
        {68, 40, 4, "8765.43"},
        {86, 37, 4, "65.00"},
        {1002, 47, 4, "200243"},
};

static struct {
	tui_meter mt;
	kmp_client *client;
	tui_model *m;
	tui_config cfg;
	tui_ctl ctl;
	uint64_t now;
} F;

/* One loop turn, as tui_main.c does it, 20 ms of synthetic time later. */
static void turn(void)
{
	F.now += 20 * MS;
	F.m->now_us = F.now;
	tui_ctl_pump(&F.ctl, F.now);
	/* a short real wait: the reply crosses the pty */
	kmp_client_step(F.client, meter_serve_wait(&F.mt, F.client, 5), F.now);
}

static int run_until(int (*cond)(void), int max_turns)
{
	for (int i = 0; i < max_turns; i++) {
		if (cond())
			return 1;
		turn();
	}
	return cond();
}

static void run_for(uint64_t us)
{
	uint64_t end = F.now + us;
	while (F.now < end)
		turn();
}

static int setup(void)
{
	memset(&F, 0, sizeof F);
	F.now = 1000 * SEC;
	if (meter_open(&F.mt, regs, sizeof regs / sizeof regs[0]) != 0)
		return -1;
	F.m = calloc(1, sizeof *F.m);
	if (!F.m || tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 10000, F.now) != 0)
		return -1;
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = F.mt.slave;
	/* a fast line: the answer, one turn (20 ms) later, comes after the
	 * request's wire time */
	cfg.link.baud = 115200;
	F.client = kmp_client_new(&cfg, tui_ctl_observer, &F.ctl);
	if (!F.client)
		return -1;
	tui_config_default(&F.cfg);
	F.cfg.retries = 2;
	tui_ctl_init(&F.ctl, F.client, F.m, &F.cfg, NULL);
	return kmp_client_connect(F.client, F.now, NULL, 0) == KMP_OK ? 0 : -1;
}

static void teardown(void)
{
	tui_ctl_stop(&F.ctl);
	kmp_client_free(F.client);
	meter_close(&F.mt);
	tui_model_free(F.m);
	free(F.m);
}

static int identified(void)
{
	return F.m->link.have_type && F.m->link.have_serial;
}
static int round_done(void)
{
	return F.m->link.have_serial && !F.ctl.poller.active && F.mt.requests[0x10] >= 2;
}
static int link_down(void)
{
	return !F.m->link.connected;
}

static void value_is(uint16_t id, const char *text)
{
	char buf[KMP_VALUE_TEXT_MAX];
	tui_reg_row *r = tui_regs_find(&F.m->regs, id);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_EQUAL(r->state, TUI_REG_OK);
	kmp_value_format(&r->value, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, text);
}

static void test_ctl_identifies_then_polls_in_groups(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(identified, 200));
	CU_ASSERT_EQUAL(F.m->link.type.meter_type, 0x34);
	CU_ASSERT_EQUAL(F.m->link.serial, 67123456u);
	CU_ASSERT_EQUAL(F.mt.requests[KMP_CID_GET_TYPE], 1);
	CU_ASSERT_EQUAL(F.mt.requests[KMP_CID_GET_SERIAL], 1);
	CU_ASSERT_FATAL(run_until(round_done, 300));
	/* 10 registers: 8 + 2, never more than 8 per request */
	CU_ASSERT_EQUAL(F.mt.requests[KMP_CID_GET_REGISTER], 2);
	CU_ASSERT_EQUAL(F.mt.max_n_ids, 8);
	CU_ASSERT_EQUAL(F.mt.last_n_ids, 2);
	value_is(60, "1234.567");
	value_is(68, "8765.43");
	value_is(1002, "200243");
	CU_ASSERT_EQUAL(tui_regs_find(&F.m->regs, 74)->state, TUI_REG_MISSING);
	CU_ASSERT_EQUAL(F.m->poll.done, 10);
	CU_ASSERT(F.m->link.stats.tx >= 4);
	CU_ASSERT(F.m->dirty & TUI_DIRTY_REGS);
	/* every frame reached the trace */
	CU_ASSERT(F.m->trace.ring.n >= 8);
	CU_ASSERT_STRING_EQUAL(tui_ring_get(&F.m->trace.ring, 0)->dir, "LINK");
	CU_ASSERT_STRING_EQUAL(tui_ring_get(&F.m->trace.ring, 1)->dir, "TX");
	CU_ASSERT_STRING_EQUAL(tui_ring_get(&F.m->trace.ring, 2)->dir, "RX");
	CU_ASSERT(strstr(tui_ring_get(&F.m->trace.ring, 1)->decode, "GetType") != NULL);
	teardown();
}

static void test_ctl_interval_pause_read_now(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(round_done, 500));
	unsigned rounds = F.mt.requests[0x10];
	/* the next round starts 10 s after the last began, not before */
	run_for(8 * SEC);
	CU_ASSERT_EQUAL(F.mt.requests[0x10], rounds);
	CU_ASSERT(F.m->poll.next_us > F.now);
	run_for(3 * SEC);
	CU_ASSERT_EQUAL(F.mt.requests[0x10], rounds + 2);
	/* paused: nothing */
	tui_dispatch_key(F.m, ' ');
	run_for(25 * SEC);
	CU_ASSERT_EQUAL(F.mt.requests[0x10], rounds + 2);
	CU_ASSERT_EQUAL(tui_ctl_wake_us(&F.ctl), 0); /* and no reason to wake */
	/* r reads at once, paused or not */
	tui_dispatch_key(F.m, ' ');
	run_for(2 * SEC);
	unsigned now_rounds = F.mt.requests[0x10];
	tui_dispatch_key(F.m, 'r');
	run_for(1 * SEC);
	CU_ASSERT_EQUAL(F.mt.requests[0x10], now_rounds + 2);
	/* a faster interval applies to the round already scheduled */
	tui_dispatch_key(F.m, '-');
	tui_dispatch_key(F.m, '-');
	CU_ASSERT_EQUAL(F.m->poll.interval_ms, 2000);
	run_for(2500 * MS);
	CU_ASSERT(F.mt.requests[0x10] >= now_rounds + 4);
	teardown();
}

static void test_ctl_added_register_read_at_once(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(round_done, 500));
	run_for(1 * SEC);
	tui_dispatch_key(F.m, 'a');
	for (const char *s = "1004,99\r"; *s; s++)
		tui_dispatch_key(F.m, *s);
	CU_ASSERT(F.m->poll.set_changed);
	unsigned before = F.mt.requests[0x10];
	run_for(1 * SEC);
	CU_ASSERT(F.mt.requests[0x10] > before); /* not 10 s later */
	CU_ASSERT_EQUAL(tui_regs_find(&F.m->regs, 1004)->state, TUI_REG_MISSING);
	teardown();
}

static void test_ctl_link_drop_keeps_values(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(round_done, 500));
	value_is(60, "1234.567");
	/* the meter side goes away (unplugged head, killed simulator) */
	F.mt.silent = 1;
	meter_close(&F.mt);
	tui_dispatch_key(F.m, 'r');
	CU_ASSERT_FATAL(run_until(link_down, 200));
	run_for(3 * SEC);
	CU_ASSERT(!F.m->link.connected);
	CU_ASSERT(F.m->link.ever_connected);
	CU_ASSERT(F.m->link.error[0] != '\0');
	/* the rows keep what they had, and do not blame the registers */
	value_is(60, "1234.567");
	CU_ASSERT_EQUAL(tui_regs_find(&F.m->regs, 60)->state, TUI_REG_OK);
	CU_ASSERT(F.m->link.have_serial);
	int downs = 0;
	for (uint64_t s = tui_ring_first(&F.m->trace.ring); s < F.m->trace.ring.next_seq; s++)
		downs += tui_ring_get(&F.m->trace.ring, s)->kind == KMP_EV_LINK_DOWN;
	CU_ASSERT(downs >= 1);
	teardown();
}

/* Issue 4: a CRC-bad reply appears as CRC BAD in the trace and never
 * changes a value in view 1. */
static void test_ctl_crc_bad_reply_never_changes_a_value(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(round_done, 500));
	value_is(60, "1234.567");
	const kmp_client_stats *st = kmp_client_stats_get(F.client);
	unsigned long bad_before = st->crc_errors + st->stuffing_errors;
	unsigned asked = F.mt.requests[0x10];
	F.mt.corrupt = 1;
	tui_dispatch_key(F.m, 'r');
	run_for(8 * SEC); /* every attempt fails, each after the 1.6 s pause */
	CU_ASSERT(F.mt.requests[0x10] >= asked + 2);
	CU_ASSERT(st->crc_errors + st->stuffing_errors >= bad_before + 2);
	/* the row still holds what the last valid reply said */
	char buf[KMP_VALUE_TEXT_MAX];
	tui_reg_row *r = tui_regs_find(&F.m->regs, 60);
	CU_ASSERT_FATAL(r != NULL);
	kmp_value_format(&r->value, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "1234.567");
	CU_ASSERT_EQUAL(r->changes, 0);
	/* and the trace says why */
	int crc_bad = 0;
	for (uint64_t s = tui_ring_first(&F.m->trace.ring); s < F.m->trace.ring.next_seq; s++)
		crc_bad += strncmp(tui_ring_get(&F.m->trace.ring, s)->check, "CRC BAD", 7) == 0;
	CU_ASSERT(crc_bad >= 2);
	teardown();
}

static void test_ctl_writes_trace_file(void)
{
	char dir[] = "/tmp/tui-ctl-XXXXXX", cwd[1024], path[1200];
	CU_ASSERT_FATAL(getcwd(cwd, sizeof cwd) != NULL);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(identified, 200));
	CU_ASSERT_FATAL(chdir(dir) == 0);
	F.m->view = 1;
	tui_dispatch_key(F.m, 'w');
	turn();
	tui_dispatch_key(F.m, 'w'); /* twice in a second: a second file, not an overwrite */
	turn();
	CU_ASSERT(chdir(cwd) == 0);
	CU_ASSERT(strstr(F.m->status, "wrote ") != NULL);
	CU_ASSERT(strstr(F.m->status, "./kmpterm-trace-") != NULL);
	/* two files (the second press never overwrites the first), each
	 * holding the ring's lines */
	DIR *d = opendir(dir);
	CU_ASSERT_FATAL(d != NULL);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "kmpterm-trace-", 14) != 0)
			continue;
		files++;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		CU_ASSERT_FATAL(f != NULL);
		char line[1024];
		size_t n = 0;
		while (fgets(line, sizeof line, f))
			n++;
		fclose(f);
		CU_ASSERT(n >= 4 && n <= F.m->trace.ring.n);
		unlink(path);
	}
	closedir(d);
	CU_ASSERT_EQUAL(files, 2);
	CU_ASSERT(rmdir(dir) == 0);
	teardown();
}

TEST_SUITE(tui_ctl_suite)
{
	CU_pSuite s = CU_add_suite("tui_ctl", NULL, NULL);
	TEST_ADD(s, test_ctl_identifies_then_polls_in_groups);
	TEST_ADD(s, test_ctl_interval_pause_read_now);
	TEST_ADD(s, test_ctl_added_register_read_at_once);
	TEST_ADD(s, test_ctl_link_drop_keeps_values);
	TEST_ADD(s, test_ctl_crc_bad_reply_never_changes_a_value);
	TEST_ADD(s, test_ctl_writes_trace_file);
}
