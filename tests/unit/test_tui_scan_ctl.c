/* View 4 driven like a person would, through its keys, with the real
 * controller and client against a meter the test plays on a pty: the scan
 * finds exactly the meter's registers, holds the register poller while it
 * owns the link, sends only GetRegister, pauses on the key and when the
 * meter goes quiet (and says why), stops on x, and its finds go to view 1
 * with A.  Real time (the scanner keeps its own clock); short client
 * timeouts keep the silent case quick. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"
#include "feature/journal.h"
#include "kmp/error.h"
#include "kmp/family.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui/controller.h"
#include "tui/model.h"
#include "tui/scan_view.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "tui_meter.h"

/* The meter's registers (a part of tests/data/scan-test.map). */
static const tui_meter_reg regs[] = {
        {0, 8, 4, "123.45"},   {1, 40, 4, "1875.56"},  {2, 41, 2, "245"},
        {7, 22, 1, "0.0"},     {8, 37, 3, "53.65"},    {13, 51, 7, "1234567"},
        {60, 8, 4, "4567.89"}, {123, 48, 4, "220901"}, {1002, 47, 4, "200243"},
};
#define N_REGS (sizeof regs / sizeof regs[0])

static struct {
	tui_meter mt;
	kmp_client *client;
	tui_model *m;
	tui_config cfg;
	tui_ctl ctl;
	tui_scan_view *sv;
	char dir[64]; /* where the view saves its scans */
} F;

/* --family for the next setup (0: unknown) */
static int want_family;

/* While a scan owns the link the poller must not start a round. */
static int poller_stayed_out = 1;
static uint64_t round_start_at_scan;

/* One loop turn, as tui_main.c does it. */
static void turn(void)
{
	uint64_t now = kmp_now_us();
	F.m->now_us = now;
	tui_ctl_pump(&F.ctl, now);
	if (tui_owner_claims(&F.m->owners, TUI_OWNER_SCANNER) &&
	    F.ctl.poller.round_start_us != round_start_at_scan)
		poller_stayed_out = 0;
	short rev = meter_serve_wait(&F.mt, F.client, 2);
	kmp_client_step(F.client, rev, kmp_now_us());
}

static int run_until(int (*cond)(void), unsigned max_ms)
{
	uint64_t end = kmp_now_us() + max_ms * 1000ull;
	while (!cond()) {
		if (kmp_now_us() > end)
			return 0;
		turn();
	}
	return 1;
}

static void run_ms(unsigned ms)
{
	uint64_t end = kmp_now_us() + ms * 1000ull;
	while (kmp_now_us() < end)
		turn();
}

static void keys(const char *s)
{
	for (; *s; s++)
		tui_dispatch_key(F.m, (unsigned char)*s);
}

static int setup(void)
{
	memset(&F, 0, sizeof F);
	if (meter_open(&F.mt, regs, N_REGS) != 0)
		return -1;
	F.mt.byte_us = 95; /* answers no earlier than on a 115200 baud line */
	F.m = calloc(1, sizeof *F.m);
	if (!F.m ||
	    tui_model_init(F.m, tui_default_regs, tui_n_default_regs, 10000, kmp_now_us()) != 0 ||
	    tui_views_init(F.m) != 0)
		return -1;
	F.m->rows = 24;
	F.m->cols = 80;
	F.sv = tui_scan_state(F.m);
	snprintf(F.dir, sizeof F.dir, "/tmp/kmpterm-scanctl.XXXXXX");
	if (!mkdtemp(F.dir))
		return -1;
	F.sv->export_dir = F.dir;
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = F.mt.slave;
	cfg.link.baud = 115200; /* the quiet byte after each reply: 0.1 ms, not 9 */
	cfg.timeout_ms = 60;    /* the silent meter's pause comes after 6 of these */
	cfg.fail_pause_ms = 10;
	F.client = kmp_client_new(&cfg, tui_ctl_observer, &F.ctl);
	if (!F.client)
		return -1;
	tui_config_default(&F.cfg);
	F.cfg.retries = 2;
	F.cfg.family = want_family;
	tui_ctl_init(&F.ctl, F.client, F.m, &F.cfg, NULL);
	poller_stayed_out = 1;
	return kmp_client_connect(F.client, kmp_now_us(), NULL, 0) == KMP_OK ? 0 : -1;
}

static void teardown(void)
{
	tui_ctl_stop(&F.ctl);
	tui_views_fini(F.m); /* frees the scanner: nothing steps the client now */
	kmp_client_free(F.client);
	meter_close(&F.mt);
	tui_model_free(F.m);
	free(F.m);
	/* the files the scans saved, then the directory */
	DIR *d = opendir(F.dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		char p[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", F.dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(F.dir);
}

static int first_round_done(void)
{
	return F.m->link.have_serial && F.ctl.poller.round_start_us && !F.ctl.poller.active;
}
static int scan_done(void)
{
	return F.sv->shown && F.sv->p.state == KMP_SCAN_DONE &&
	       !tui_owner_claims(&F.m->owners, TUI_OWNER_SCANNER);
}
static int scan_paused(void)
{
	return F.sv->p.state == KMP_SCAN_PAUSED;
}
static int scan_found_some(void)
{
	return F.sv->core && F.sv->core->n_found >= 3;
}
static int scan_live(void)
{
	return tui_owner_claims(&F.m->owners, TUI_OWNER_SCANNER);
}

/* The view is on screen, the first poll round is over, and the range set
 * through the prompt. */
static void ready(const char *range)
{
	CU_ASSERT_FATAL(setup() == 0);
	CU_ASSERT_FATAL(run_until(first_round_done, 3000));
	keys("4r");
	keys(range);
	keys("\r");
	CU_ASSERT_EQUAL(F.m->view, 3);
	CU_ASSERT(!F.m->prompt.active);
	round_start_at_scan = F.ctl.poller.round_start_us;
}

static void found_are(uint16_t to)
{
	size_t k = 0;
	const kmp_scan *s = F.sv->core;
	CU_ASSERT_FATAL(s != NULL);
	for (size_t i = 0; i < N_REGS; i++) {
		if (regs[i].id > to)
			continue;
		CU_ASSERT_FATAL(k < s->n_found);
		CU_ASSERT_EQUAL(s->found[k].id, regs[i].id);
		char v[KMP_VALUE_TEXT_MAX];
		kmp_value_format(&s->found[k].value, v, sizeof v);
		CU_ASSERT_STRING_EQUAL(v, regs[i].text);
		k++;
	}
	CU_ASSERT_EQUAL(s->n_found, k);
}

static void test_scan_view_finds_the_meters_registers(void)
{
	ready("0-300");
	unsigned type = F.mt.requests[KMP_CID_GET_TYPE], serial = F.mt.requests[KMP_CID_GET_SERIAL];
	unsigned long ids_before = F.mt.get_register_ids;
	keys("f"); /* the whole range at once */
	turn();
	CU_ASSERT(tui_owner_claims(&F.m->owners, TUI_OWNER_SCANNER));
	CU_ASSERT(F.m->poll.held);
	CU_ASSERT(strstr(F.m->status, "scanning 0..300") != NULL);
	/* q asks first while the scan runs; n goes on */
	keys("q");
	CU_ASSERT(F.m->quit_confirm);
	keys("n");
	CU_ASSERT(!F.m->quit);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));

	found_are(300);
	CU_ASSERT_EQUAL(F.sv->p.total, 301);
	CU_ASSERT_EQUAL(F.sv->p.done, 301);
	CU_ASSERT_EQUAL(F.sv->p.failures, 0);
	CU_ASSERT_EQUAL(F.sv->p.requests, 38);   /* 301 IDs, 8 a request */
	CU_ASSERT_EQUAL(F.sv->p.discoveries, 3); /* 0, 7, 8 */
	CU_ASSERT_PTR_NULL(F.sv->core->found[0].name);
	CU_ASSERT_STRING_EQUAL(F.sv->core->found[6].name, "Heat energy E1");
	/* each ID asked once, in GetRegister only; the poller stayed out */
	CU_ASSERT_EQUAL(F.mt.get_register_ids - ids_before, 301);
	CU_ASSERT(poller_stayed_out);
	CU_ASSERT_EQUAL(F.mt.requests[KMP_CID_GET_TYPE], type);
	CU_ASSERT_EQUAL(F.mt.requests[KMP_CID_GET_SERIAL], serial);
	unsigned others = 0;
	for (int cid = 0; cid < 256; cid++)
		if (cid != KMP_CID_GET_REGISTER && cid != KMP_CID_GET_TYPE &&
		    cid != KMP_CID_GET_SERIAL)
			others += F.mt.requests[cid];
	CU_ASSERT_EQUAL(others, 0);
	CU_ASSERT(strstr(F.m->status, "scan done in") != NULL);
	CU_ASSERT(strstr(F.m->status, "8 found, 3 discoveries") != NULL);
	CU_ASSERT(!F.m->poll.held); /* view 1 polls again */

	/* A: every find into view 1, read at once now that the scan is over */
	keys("A");
	CU_ASSERT(strstr(F.m->status, "reading now") != NULL);
	CU_ASSERT(tui_regs_find(&F.m->regs, 7) != NULL);
	run_ms(500);
	tui_reg_row *r = tui_regs_find(&F.m->regs, 7);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_EQUAL(r->state, TUI_REG_OK);
	teardown();
}

/* View 4 saves as it scans: the file named in the status line holds
 * every register found, in scan --out's format with its journal, and q
 * after the scan quits at once.  When the file cannot be made the scan
 * still runs, the status line says so, and q after it asks. */
static void test_scan_view_saves_as_it_scans(void)
{
	ready("0-300");
	keys("f");
	turn();
	CU_ASSERT(strstr(F.m->status, " into ") != NULL);
	CU_ASSERT(F.sv->save_path[0] && strstr(F.m->status, F.sv->save_path) != NULL);
	CU_ASSERT(strncmp(F.sv->save_path, F.dir, strlen(F.dir)) == 0);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	CU_ASSERT(strstr(F.m->status, "saved in ") != NULL);
	CU_ASSERT(strstr(F.m->status, F.sv->save_path) != NULL);

	char *text, *jtext, jpath[320];
	size_t len, jlen;
	CU_ASSERT_FATAL(kmp_scan_read_file(F.sv->save_path, &text, &len) == KMP_OK);
	snprintf(jpath, sizeof jpath, "%s.journal", F.sv->save_path);
	CU_ASSERT_FATAL(kmp_scan_read_file(jpath, &jtext, &jlen) == KMP_OK);
	static kmp_scan_csv csv;
	CU_ASSERT_FATAL(kmp_scan_csv_parse(text, len, jtext, jlen, &csv) == KMP_OK);
	CU_ASSERT(strncmp(text, KMP_SCAN_CSV_HEADER "\r\n", strlen(KMP_SCAN_CSV_HEADER) + 2) == 0);
	CU_ASSERT(strstr(jtext, "range 0-300\n") != NULL);
	CU_ASSERT(csv.have_journal);
	CU_ASSERT_EQUAL(csv.n_done, 301);
	CU_ASSERT_EQUAL(csv.n_regs, 8); /* the meter's registers in 0..300 */
	CU_ASSERT_EQUAL(csv.bad + csv.orphans + csv.duplicates + csv.missing, 0);
	/* the meter's serial, as the header knows it, in every row */
	CU_ASSERT(csv.meta.have_serial);
	CU_ASSERT_EQUAL(csv.meta.serial, F.m->link.serial);
	kmp_scan_csv_free(&csv);
	free(text);
	free(jtext);
	/* saved: nothing to ask */
	CU_ASSERT_PTR_NULL(tui_owner_quit_question(&F.m->owners));
	keys("q");
	CU_ASSERT(F.m->quit);
	CU_ASSERT(!F.m->quit_confirm);
	teardown();

	/* a directory that is not there: the scan runs unsaved, and says so */
	ready("0-100");
	F.sv->export_dir = "/nonexistent/kmpterm-dir";
	keys("f");
	turn();
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(F.m->status, "UNSAVED") != NULL);
	CU_ASSERT(strstr(F.m->status, "/nonexistent/kmpterm-dir/kmpterm-scan-") != NULL);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	CU_ASSERT(strstr(F.m->status, "NOT saved") != NULL);
	/* the last message still says why (the first is gone by then) */
	CU_ASSERT(strstr(F.m->status, "NOT saved: /nonexistent/kmpterm-dir/kmpterm-scan-") != NULL);
	const char *q = tui_owner_quit_question(&F.m->owners);
	CU_ASSERT(q && strstr(q, "not saved") != NULL);
	keys("q");
	CU_ASSERT(F.m->quit_confirm);
	CU_ASSERT(!F.m->quit);
	keys("n");
	CU_ASSERT(!F.m->quit);
	/* e exports into a directory that is there: nothing left to ask */
	F.sv->export_dir = F.dir;
	keys("e");
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_INFO);
	CU_ASSERT_PTR_NULL(tui_owner_quit_question(&F.m->owners));
	keys("q");
	CU_ASSERT(F.m->quit);
	teardown();
}

static void test_scan_view_pauses_and_resumes(void)
{
	ready("0-2000");
	keys("f");
	CU_ASSERT_FATAL(run_until(scan_found_some, 5000));
	/* s pauses: no new request until s again */
	keys("s");
	CU_ASSERT_FATAL(run_until(scan_paused, 1000));
	CU_ASSERT_EQUAL(F.sv->p.pause, KMP_SCAN_PAUSE_USER);
	CU_ASSERT(tui_owner_claims(&F.m->owners,
	                           TUI_OWNER_SCANNER)); /* still the link's owner: no polling */
	unsigned long asked = F.mt.get_register_ids;
	run_ms(300);
	CU_ASSERT_EQUAL(F.mt.get_register_ids, asked);
	keys("s");
	turn();
	CU_ASSERT_EQUAL(F.sv->p.state, KMP_SCAN_RUNNING);

	/* the meter goes quiet: the scanner pauses and the view says why */
	F.mt.silent = 1;
	CU_ASSERT_FATAL(run_until(scan_paused, 5000));
	CU_ASSERT_EQUAL(F.sv->p.pause, KMP_SCAN_PAUSE_SILENT);
	CU_ASSERT_EQUAL(F.m->status_level, TUI_STATUS_ERROR);
	CU_ASSERT(strstr(F.m->status, "asleep") != NULL);
	CU_ASSERT(strstr(F.m->status, "s resumes") != NULL);
	/* nothing marked absent for it: the meter answers again, s goes on */
	F.mt.silent = 0;
	keys("s");
	CU_ASSERT_FATAL(run_until(scan_done, 20000));
	found_are(2000);
	CU_ASSERT(F.sv->p.failures >= 6);
	CU_ASSERT(poller_stayed_out);
	teardown();
}

static void test_scan_view_stops_and_starts_again(void)
{
	ready("0-2000");
	keys("f");
	CU_ASSERT_FATAL(run_until(scan_found_some, 5000));
	keys("x");
	turn();
	CU_ASSERT(!tui_owner_claims(&F.m->owners, TUI_OWNER_SCANNER));
	CU_ASSERT(F.sv->stopped);
	CU_ASSERT(strstr(F.m->status, "scan stopped") != NULL);
	size_t kept = F.sv->core->n_found;
	CU_ASSERT(kept >= 3);
	/* saved as it went (the status line names the file, and how to go
	 * on with it): s starts over at once, into a file of its own */
	char first[256];
	snprintf(first, sizeof first, "%s", F.sv->save_path);
	CU_ASSERT(first[0] && strstr(F.m->status, first) != NULL);
	CU_ASSERT(strstr(F.m->status, "--resume") != NULL);
	CU_ASSERT(!F.m->quit_confirm && !tui_owner_quit_question(&F.m->owners));
	keys("r0-20\r");
	CU_ASSERT(F.m->prompt.active == 0);
	/* s: a new scan, its known IDs first, then f the rest, one file */
	keys("s");
	CU_ASSERT_FATAL(run_until(scan_live, 3000));
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_KNOWN);
	CU_ASSERT_FATAL(run_until(scan_done, 5000));
	char second[256];
	snprintf(second, sizeof second, "%s", F.sv->save_path);
	CU_ASSERT(strcmp(first, second) != 0);
	keys("f");
	CU_ASSERT_FATAL(run_until(scan_live, 3000));
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_REST);
	CU_ASSERT_FATAL(run_until(scan_done, 5000));
	found_are(20);
	CU_ASSERT_STRING_EQUAL(F.sv->save_path, second);
	CU_ASSERT(access(first, F_OK) == 0);
	teardown();
}

/* View 3 probes as fast as it can while shown: the scan waits meanwhile
 * and goes on when view 4 is back. */
static void test_scan_view_waits_while_align_probes(void)
{
	ready("0-2000");
	keys("f");
	CU_ASSERT_FATAL(run_until(scan_found_some, 5000));
	keys("3");
	run_ms(100); /* the exchange in flight, if any, completes */
	CU_ASSERT(tui_owner_claims(&F.m->owners, TUI_OWNER_PROBER));
	CU_ASSERT_EQUAL(F.sv->sc.core.state, KMP_SCAN_PAUSED);
	CU_ASSERT(tui_owner_claims(&F.m->owners,
	                           TUI_OWNER_SCANNER)); /* still the scan's: q asks, view 1 waits */
	unsigned long asked = F.mt.get_register_ids;
	unsigned serials = F.mt.requests[KMP_CID_GET_SERIAL];
	run_ms(300);
	CU_ASSERT_EQUAL(F.mt.get_register_ids, asked);
	CU_ASSERT(F.mt.requests[KMP_CID_GET_SERIAL] > serials); /* the probes */
	keys("4");
	turn();
	CU_ASSERT(!tui_owner_claims(&F.m->owners, TUI_OWNER_PROBER));
	CU_ASSERT_EQUAL(F.sv->sc.core.state, KMP_SCAN_RUNNING);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	found_are(2000);
	teardown();
}

/* Is id one the family's public tables name? */
static int is_known(const uint16_t *ids, size_t n, uint16_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Issue 12, "known registers first": s asks only the IDs public sources
 * name for the family (--family) within the range, the view says so, and
 * finds the meter's known registers named by the family; f then asks
 * every other ID of the range exactly once (what the known pass settled
 * is skipped) and saves both passes in one file that reads back whole. */
static void known_first(int family, const char *range, uint16_t to)
{
	static uint16_t known[KMP_SCAN_IDS];
	size_t nk = kmp_family_known_ids((kmp_family)family, known, KMP_SCAN_IDS), in = 0;
	for (size_t i = 0; i < nk; i++)
		in += known[i] <= to;
	want_family = family;
	ready(range);
	want_family = 0;
	CU_ASSERT_EQUAL(F.m->family, family);
	unsigned long ids_before = F.mt.get_register_ids;
	keys("s");
	turn();
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_KNOWN);
	char want[96];
	snprintf(want, sizeof want, "asking the %zu known IDs of 0..%u first", in, to);
	CU_ASSERT(strstr(F.m->status, want) != NULL);
	CU_ASSERT_EQUAL(F.sv->p.total, in);
	/* the footer offers the whole range during the known pass */
	CU_ASSERT(strstr(tui_view_scan.footer(F.m), "f whole range") != NULL);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	/* only the known IDs were asked, each once */
	CU_ASSERT_EQUAL(F.mt.get_register_ids - ids_before, in);
	CU_ASSERT_EQUAL(F.sv->p.done, in);
	size_t k = 0;
	for (size_t i = 0; i < N_REGS; i++) {
		if (regs[i].id > to || !is_known(known, nk, regs[i].id))
			continue;
		CU_ASSERT_FATAL(k < F.sv->core->n_found);
		CU_ASSERT_EQUAL(F.sv->core->found[k].id, regs[i].id);
		k++;
	}
	CU_ASSERT_EQUAL(F.sv->core->n_found, k);
	CU_ASSERT(k >= 2); /* 60 and 123 are in every heat table and the generic one */
	CU_ASSERT(kmp_scan_find(F.sv->core, 0) == NULL); /* 0 and 7: in no public table */
	CU_ASSERT(kmp_scan_find(F.sv->core, 7) == NULL);
	/* names by family */
	for (size_t i = 0; i < F.sv->core->n_found; i++) {
		char buf[32];
		const kmp_scan_reg *r = &F.sv->core->found[i];
		const char *name = kmp_register_name((kmp_family)family, r->id, buf, sizeof buf);
		if (name == buf) {
			CU_ASSERT_PTR_NULL(r->name);
		} else {
			CU_ASSERT(r->name && !strcmp(r->name, name));
		}
	}
	CU_ASSERT(strstr(F.m->status, "known IDs done in") != NULL);
	CU_ASSERT(strstr(F.m->status, "f asks the rest") != NULL);
	CU_ASSERT(!F.m->poll.held); /* view 1 polls between the passes */
	CU_ASSERT_STRING_EQUAL(tui_view_scan.footer(F.m),
	                       "f rest of range  s new scan  r range  e export  + add  A add all");
	char path[256];
	snprintf(path, sizeof path, "%s", F.sv->save_path);
	CU_ASSERT_FATAL(path[0] != '\0');

	/* f: the rest of the range, nothing asked twice, into the same file */
	ids_before = F.mt.get_register_ids;
	keys("f");
	turn();
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_REST);
	CU_ASSERT(strstr(F.m->status, "the rest of 0..") != NULL);
	CU_ASSERT(F.m->poll.held);
	CU_ASSERT_EQUAL(F.sv->p.done, in); /* the known pass's count as settled */
	CU_ASSERT_EQUAL(F.sv->p.total, (uint32_t)to + 1);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	CU_ASSERT_EQUAL(F.mt.get_register_ids - ids_before, (unsigned long)to + 1 - in);
	found_are(to);
	CU_ASSERT_EQUAL(F.sv->p.done, (uint32_t)to + 1);
	CU_ASSERT_STRING_EQUAL(F.sv->save_path, path);
	CU_ASSERT(strstr(F.m->status, "scan done in") != NULL);
	CU_ASSERT(strstr(F.m->status, path) != NULL);

	/* one file: both passes' rows, every ID settled in its journal */
	char *text, *jtext, jpath[320];
	size_t len, jlen;
	CU_ASSERT_FATAL(kmp_scan_read_file(path, &text, &len) == KMP_OK);
	snprintf(jpath, sizeof jpath, "%s.journal", path);
	CU_ASSERT_FATAL(kmp_scan_read_file(jpath, &jtext, &jlen) == KMP_OK);
	static kmp_scan_csv csv;
	CU_ASSERT_FATAL(kmp_scan_csv_parse(text, len, jtext, jlen, &csv) == KMP_OK);
	CU_ASSERT(csv.have_journal);
	CU_ASSERT_EQUAL(csv.n_done, (size_t)to + 1);
	CU_ASSERT_EQUAL(csv.n_regs, F.sv->core->n_found);
	CU_ASSERT_EQUAL(csv.bad + csv.orphans + csv.duplicates + csv.missing, 0);
	kmp_scan_csv_free(&csv);
	free(text);
	free(jtext);
	/* only one scan file (and its journal) in the directory */
	DIR *d = opendir(F.dir);
	struct dirent *e;
	int files = 0;
	while (d && (e = readdir(d)) != NULL)
		files += e->d_name[0] != '.';
	if (d)
		closedir(d);
	CU_ASSERT_EQUAL(files, 2);
	/* done: f has nothing left to ask */
	keys("f");
	turn();
	CU_ASSERT(strstr(F.m->status, "settled already") != NULL);
	teardown();
}

static void test_scan_view_known_first_by_family(void)
{
	known_first(KMP_FAMILY_HEAT_X03, "0-1100", 1100);
}

static void test_scan_view_known_first_unknown_family(void)
{
	known_first(KMP_FAMILY_UNKNOWN, "0-300", 300);
}

/* f during the known pass: it stops and the whole range goes on at once,
 * skipping what the known pass settled so far. */
static void test_scan_view_f_during_known_pass(void)
{
	ready("0-2000");
	keys("s");
	CU_ASSERT_FATAL(run_until(scan_found_some, 5000));
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_KNOWN);
	char path[256];
	snprintf(path, sizeof path, "%s", F.sv->save_path);
	keys("f");
	turn();
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_REST);
	CU_ASSERT(tui_owner_claims(&F.m->owners, TUI_OWNER_SCANNER));
	/* a second f: the whole range is under way already */
	keys("f");
	CU_ASSERT(strstr(F.m->status, "whole range already") != NULL);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	found_are(2000);
	CU_ASSERT_STRING_EQUAL(F.sv->save_path, path);
	CU_ASSERT(poller_stayed_out);
	teardown();
}

/* A range holding no known ID: s scans all of it, and says why. */
static void test_scan_view_no_known_id_in_range(void)
{
	static uint16_t known[KMP_SCAN_IDS];
	size_t nk = kmp_family_known_ids(KMP_FAMILY_UNKNOWN, known, KMP_SCAN_IDS);
	for (size_t i = 0; i < nk; i++)
		CU_ASSERT_FATAL(known[i] < 40000 || known[i] > 40100);
	ready("40000-40100");
	unsigned long ids_before = F.mt.get_register_ids;
	keys("s");
	turn();
	CU_ASSERT_EQUAL(F.sv->pass, TUI_SCAN_PASS_WHOLE);
	CU_ASSERT(strstr(F.m->status, "no known ID in 40000..40100: scanning all of it") != NULL);
	CU_ASSERT_FATAL(run_until(scan_done, 10000));
	CU_ASSERT_EQUAL(F.mt.get_register_ids - ids_before, 101);
	CU_ASSERT_EQUAL(F.sv->core->n_found, 0);
	teardown();
}

TEST_SUITE(tui_scan_ctl_suite)
{
	CU_pSuite s = CU_add_suite("tui_scan_ctl", NULL, NULL);
	TEST_ADD(s, test_scan_view_finds_the_meters_registers);
	TEST_ADD(s, test_scan_view_saves_as_it_scans);
	TEST_ADD(s, test_scan_view_pauses_and_resumes);
	TEST_ADD(s, test_scan_view_stops_and_starts_again);
	TEST_ADD(s, test_scan_view_waits_while_align_probes);
	TEST_ADD(s, test_scan_view_known_first_by_family);
	TEST_ADD(s, test_scan_view_known_first_unknown_family);
	TEST_ADD(s, test_scan_view_f_during_known_pass);
	TEST_ADD(s, test_scan_view_no_known_id_in_range);
}
