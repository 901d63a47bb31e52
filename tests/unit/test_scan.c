/* test_scan.c - the scanner's decisions, driven through a fake meter:
 * batching, splitting, set-aside IDs, pauses, and never marking an ID
 * absent without a valid reply. */
#include <stdlib.h>
#include <string.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "testing.h"

/* A fake meter: which IDs it has, and how it fails. */
typedef struct fake {
	const uint16_t *regs;
	size_t n_regs;
	int refuse;        /* >= 0: requests holding this ID time out */
	int silent;        /* every request times out */
	int fail_status;   /* with fail_pct: the failure's status */
	unsigned fail_pct; /* random failures */
	unsigned seed;
	int stray;           /* add a record nobody asked for */
	unsigned long asked; /* requests seen */
	unsigned long bad_cid;
} fake;

static unsigned rnd(fake *f)
{
	f->seed = f->seed * 1103515245u + 12345u;
	return (f->seed >> 16) & 0x7FFF;
}

static int fake_has(const fake *f, uint16_t id)
{
	for (size_t i = 0; i < f->n_regs; i++)
		if (f->regs[i] == id)
			return 1;
	return 0;
}

/* Answer req: returns the status; fills m on KMP_OK. */
static int fake_answer(fake *f, const kmp_request *req, kmp_msg *m)
{
	f->asked++;
	if (req->cid != KMP_CID_GET_REGISTER)
		f->bad_cid++;
	if (f->silent)
		return KMP_ERR_TIMEOUT;
	for (size_t i = 0; i < req->n_ids; i++)
		if (f->refuse >= 0 && req->ids[i] == (uint16_t)f->refuse)
			return KMP_ERR_TIMEOUT;
	if (f->fail_pct && rnd(f) % 100 < f->fail_pct)
		return f->fail_status;
	memset(m, 0, sizeof *m);
	m->cid = KMP_CID_GET_REGISTER;
	/* reply order is not request order: fill backwards */
	for (size_t i = req->n_ids; i-- > 0;) {
		uint16_t id = req->ids[i];
		if (!fake_has(f, id))
			continue;
		kmp_record *r = &m->records[m->n_records++];
		r->id = id;
		r->unit = 8;
		kmp_value_from_text("12.5", 4, &r->value);
	}
	if (f->stray) {
		kmp_record *r = &m->records[m->n_records++];
		r->id = 60000;
		kmp_value_from_text("1", 1, &r->value);
	}
	return KMP_OK;
}

/* One exchange; returns 0 when the scanner had nothing to send. */
static int step(kmp_scan *s, fake *f, kmp_scan_outcome *oc)
{
	kmp_request req;
	static kmp_msg m;
	if (!kmp_scan_next(s, &req))
		return 0;
	int st = fake_answer(f, &req, &m);
	kmp_scan_on_result(s, st, st == KMP_OK ? &m : NULL, oc);
	return 1;
}

static void cfg_range(kmp_scan_config *c, uint16_t from, uint16_t to, unsigned batch)
{
	kmp_scan_config_default(c);
	c->from = from;
	c->to = to;
	c->batch = batch;
}

static void test_batches_and_absent(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 20, 8);
	CU_ASSERT_EQUAL_FATAL(kmp_scan_init(&s, &c), KMP_OK);
	kmp_request req;
	CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
	CU_ASSERT_EQUAL(req.cid, KMP_CID_GET_REGISTER);
	CU_ASSERT_EQUAL(req.n_ids, 8);
	CU_ASSERT_EQUAL(req.ids[0], 0);
	CU_ASSERT_EQUAL(req.ids[7], 7);
	/* one in flight: nothing more until its result */
	kmp_request again;
	CU_ASSERT_FALSE(kmp_scan_next(&s, &again));
	static kmp_msg m; /* a valid reply with no record: all 8 absent */
	memset(&m, 0, sizeof m);
	kmp_scan_outcome oc;
	kmp_scan_on_result(&s, KMP_OK, &m, &oc);
	CU_ASSERT_EQUAL(oc.n_resolved, 8);
	CU_ASSERT_EQUAL(oc.n_new, 0);
	CU_ASSERT_EQUAL(s.n_done, 8);
	CU_ASSERT_TRUE(kmp_scan_is_done(&s, 7));
	CU_ASSERT_FALSE(kmp_scan_is_done(&s, 8));

	uint16_t regs[] = {9, 20};
	fake f = {.regs = regs, .n_regs = 2, .refuse = -1};
	int n = 0;
	while (step(&s, &f, NULL))
		n++;
	CU_ASSERT_EQUAL(n, 2); /* 8..15 and 16..20 */
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_DONE);
	CU_ASSERT_EQUAL(s.n_done, 21);
	CU_ASSERT_EQUAL(s.n_found, 2);
	CU_ASSERT_PTR_NOT_NULL(kmp_scan_find(&s, 9));
	CU_ASSERT_PTR_NOT_NULL(kmp_scan_find(&s, 20));
	CU_ASSERT_PTR_NULL(kmp_scan_find(&s, 10));
	CU_ASSERT_EQUAL(s.requests, 3);
	CU_ASSERT_EQUAL(f.bad_cid, 0);
	kmp_scan_free(&s);
}

static void test_batch_sizes(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	fake f = {.refuse = -1};
	for (unsigned b = 1; b <= 8; b++) {
		cfg_range(&c, 100, 199, b);
		kmp_scan_init(&s, &c);
		unsigned long n = 0;
		while (step(&s, &f, NULL))
			n++;
		CU_ASSERT_EQUAL(n, (100 + b - 1) / b);
		CU_ASSERT_EQUAL(s.n_done, 100);
		kmp_scan_free(&s);
	}
	c.batch = 9;
	CU_ASSERT_EQUAL(kmp_scan_init(&s, &c), KMP_ERR_ARG);
	cfg_range(&c, 10, 9, 8);
	CU_ASSERT_EQUAL(kmp_scan_init(&s, &c), KMP_ERR_ARG);
	cfg_range(&c, 65530, 65535, 8); /* the top of the range does not wrap */
	kmp_scan_init(&s, &c);
	kmp_request req;
	CU_ASSERT_TRUE(kmp_scan_next(&s, &req));
	CU_ASSERT_EQUAL(req.n_ids, 6);
	CU_ASSERT_EQUAL(req.ids[5], 65535);
	kmp_scan_free(&s);
}

/* A failed exchange proves nothing: the same batch again, then halves. */
static void test_failure_retries_then_splits(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 7, 8);
	c.attempts = 3;
	kmp_scan_init(&s, &c);
	kmp_request req;
	kmp_scan_outcome oc;
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
		CU_ASSERT_EQUAL(req.n_ids, 8);
		CU_ASSERT_EQUAL(req.ids[0], 0);
		kmp_scan_on_result(&s, i == 1 ? KMP_ERR_CRC : KMP_ERR_TIMEOUT, NULL, &oc);
		CU_ASSERT_EQUAL(oc.n_resolved, 0);
		CU_ASSERT_EQUAL(s.n_done, 0);
		CU_ASSERT_EQUAL(oc.split, i == 2);
	}
	CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
	CU_ASSERT_EQUAL(req.n_ids, 4);
	CU_ASSERT_EQUAL(req.ids[0], 0);
	static kmp_msg m;
	memset(&m, 0, sizeof m);
	kmp_scan_on_result(&s, KMP_OK, &m, &oc);
	CU_ASSERT_EQUAL(oc.n_resolved, 4);
	CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
	CU_ASSERT_EQUAL(req.n_ids, 4);
	CU_ASSERT_EQUAL(req.ids[0], 4);
	kmp_scan_on_result(&s, KMP_OK, &m, &oc);
	CU_ASSERT_FALSE(kmp_scan_next(&s, &req));
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_DONE);
	CU_ASSERT_EQUAL(s.failures, 3);
	kmp_scan_free(&s);
}

/* A meter refusing one ID: the rest of the batch is found, the ID is set
 * aside (not absent), asked again in the second pass, and the scan never
 * pauses as if the meter were asleep. */
static void test_refused_id(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 31, 8);
	kmp_scan_init(&s, &c);
	uint16_t regs[] = {3, 4, 5, 6, 30};
	fake f = {.regs = regs, .n_regs = 5, .refuse = 5};
	kmp_scan_outcome oc;
	int paused = 0, aside = 0;
	unsigned long guard = 0;
	while (step(&s, &f, &oc) && guard++ < 1000) {
		paused |= s.state == KMP_SCAN_PAUSED;
		aside += (int)oc.n_set_aside;
		for (size_t i = 0; i < oc.n_resolved; i++)
			CU_ASSERT_NOT_EQUAL(oc.resolved[i], 5);
	}
	CU_ASSERT_FALSE(paused);
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_DONE);
	CU_ASSERT_EQUAL(aside, 2); /* once per pass */
	CU_ASSERT_EQUAL(s.pass, 2);
	CU_ASSERT_FALSE(kmp_scan_is_done(&s, 5));
	CU_ASSERT_EQUAL(s.n_done, 31);
	CU_ASSERT_EQUAL(s.n_found, 4);
	CU_ASSERT_PTR_NULL(kmp_scan_find(&s, 5));
	uint16_t ids[4];
	CU_ASSERT_EQUAL(kmp_scan_unresolved(&s, ids, 4), 1);
	CU_ASSERT_EQUAL(ids[0], 5);
	CU_ASSERT_EQUAL(s.n_aside, 1);
	kmp_scan_free(&s);
}

/* The meter goes quiet: the scan pauses after stall_silent exchanges and
 * marks nothing; after resume it goes on where it was. */
static void test_silent_meter_pauses(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 999, 8);
	kmp_scan_init(&s, &c);
	fake f = {.refuse = -1};
	for (int i = 0; i < 5; i++)
		step(&s, &f, NULL);
	CU_ASSERT_EQUAL(s.n_done, 40);
	f.silent = 1;
	unsigned long before = s.requests;
	while (step(&s, &f, NULL))
		;
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_PAUSED);
	CU_ASSERT_EQUAL(s.pause, KMP_SCAN_PAUSE_SILENT);
	CU_ASSERT_EQUAL(s.requests - before, c.stall_silent);
	CU_ASSERT_EQUAL(s.n_done, 40);
	CU_ASSERT_STRING_NOT_EQUAL(kmp_scan_pause_text(s.pause), "");
	kmp_request req;
	CU_ASSERT_FALSE(kmp_scan_next(&s, &req));
	f.silent = 0;
	kmp_scan_resume(&s);
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_RUNNING);
	CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
	/* a half of the batch that failed, not the next batch */
	CU_ASSERT_EQUAL(req.n_ids, 4);
	CU_ASSERT_TRUE(req.ids[0] == 40 || req.ids[0] == 44);
	kmp_scan_unsend(&s);
	while (step(&s, &f, NULL))
		;
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_DONE);
	CU_ASSERT_EQUAL(s.n_done, 1000);
	CU_ASSERT_EQUAL(s.n_aside, 0);
	kmp_scan_free(&s);
}

/* Garbled replies (bytes but no valid frame): the failure limit pauses. */
static void test_failing_meter_pauses(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 999, 8);
	kmp_scan_init(&s, &c);
	fake f = {.refuse = -1, .fail_pct = 100, .fail_status = KMP_ERR_CRC};
	while (step(&s, &f, NULL))
		;
	CU_ASSERT_EQUAL(s.state, KMP_SCAN_PAUSED);
	CU_ASSERT_EQUAL(s.pause, KMP_SCAN_PAUSE_FAILING);
	CU_ASSERT_EQUAL(s.requests, c.stall_failures);
	CU_ASSERT_EQUAL(s.n_done, 0);
	kmp_scan_free(&s);
}

/* A dropped link says nothing about the IDs: no attempt is charged. */
static void test_link_closed(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 15, 8);
	c.attempts = 1;
	kmp_scan_init(&s, &c);
	kmp_request req;
	kmp_scan_outcome oc;
	kmp_scan_next(&s, &req);
	kmp_scan_on_result(&s, KMP_ERR_CLOSED, NULL, &oc);
	CU_ASSERT_TRUE(oc.paused);
	CU_ASSERT_FALSE(oc.charged);
	CU_ASSERT_EQUAL(s.pause, KMP_SCAN_PAUSE_LINK);
	kmp_scan_resume(&s);
	CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
	CU_ASSERT_EQUAL(req.n_ids, 8); /* with attempts 1 a charged failure would split */
	kmp_scan_free(&s);
}

/* A reply holding a record we did not ask for is not ours: nothing is
 * marked, it counts as a failure. */
static void test_foreign_reply(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 7, 8);
	kmp_scan_init(&s, &c);
	fake f = {.refuse = -1, .stray = 1};
	kmp_scan_outcome oc;
	step(&s, &f, &oc);
	CU_ASSERT_EQUAL(oc.n_resolved, 0);
	CU_ASSERT_TRUE(oc.charged);
	CU_ASSERT_EQUAL(s.n_done, 0);
	CU_ASSERT_EQUAL(s.failures, 1);
	CU_ASSERT_EQUAL(s.last_status, KMP_ERR_DATA);
	kmp_scan_free(&s);
}

/* Seeded from a file: done IDs are skipped, the batch gathers the rest. */
static void test_seeded(void)
{
	static kmp_scan s;
	kmp_scan_config c;
	cfg_range(&c, 0, 31, 8);
	kmp_scan_init(&s, &c);
	for (uint16_t id = 0; id < 10; id++)
		kmp_scan_mark_done(&s, id);
	kmp_scan_mark_done(&s, 12);
	kmp_scan_mark_done(&s, 40000); /* outside the range: kept, not counted */
	kmp_value v;
	kmp_value_from_text("7", 1, &v);
	CU_ASSERT_EQUAL(kmp_scan_add_found(&s, 3, 8, &v, 1), KMP_OK);
	CU_ASSERT_EQUAL(s.n_done, 11);
	kmp_request req;
	CU_ASSERT_TRUE_FATAL(kmp_scan_next(&s, &req));
	uint16_t want[] = {10, 11, 13, 14, 15, 16, 17, 18};
	CU_ASSERT_EQUAL(req.n_ids, 8);
	CU_ASSERT_EQUAL(memcmp(req.ids, want, sizeof want), 0);
	CU_ASSERT_TRUE(kmp_scan_find(&s, 3)->resumed);
	kmp_scan_free(&s);
}

/* Random faults of every kind: exactly the meter's registers are found
 * and every other ID ends absent or set aside, never wrongly present. */
static void test_random_faults(void)
{
	static const int statuses[] = {KMP_ERR_TIMEOUT, KMP_ERR_CRC, KMP_ERR_GARBAGE,
	                               KMP_ERR_PARTIAL, KMP_ERR_ECHO_ONLY};
	uint16_t regs[] = {0, 1, 2, 60, 61, 255, 256, 1000, 1007, 1008, 4095};
	for (unsigned seed = 1; seed <= 20; seed++) {
		static kmp_scan s;
		kmp_scan_config c;
		cfg_range(&c, 0, 4095, 1 + seed % 8);
		kmp_scan_init(&s, &c);
		fake f = {.regs = regs,
		          .n_regs = sizeof regs / sizeof regs[0],
		          .refuse = -1,
		          .fail_pct = 30,
		          .seed = seed,
		          .fail_status = statuses[seed % 5]};
		unsigned long guard = 0;
		while (s.state != KMP_SCAN_DONE && guard++ < 100000) {
			if (!step(&s, &f, NULL))
				kmp_scan_resume(&s); /* paused by a run of failures */
		}
		CU_ASSERT_EQUAL(s.state, KMP_SCAN_DONE);
		CU_ASSERT_EQUAL(s.n_found, sizeof regs / sizeof regs[0]);
		for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++)
			CU_ASSERT_PTR_NOT_NULL(kmp_scan_find(&s, regs[i]));
		CU_ASSERT_EQUAL(s.n_done + s.n_aside, 4096);
		CU_ASSERT_EQUAL(f.bad_cid, 0);
		kmp_scan_free(&s);
	}
}

TEST_SUITE(suite_scan)
{
	CU_pSuite s = CU_add_suite("scan", NULL, NULL);
	TEST_ADD(s, test_batches_and_absent);
	TEST_ADD(s, test_batch_sizes);
	TEST_ADD(s, test_failure_retries_then_splits);
	TEST_ADD(s, test_refused_id);
	TEST_ADD(s, test_silent_meter_pauses);
	TEST_ADD(s, test_failing_meter_pauses);
	TEST_ADD(s, test_link_closed);
	TEST_ADD(s, test_foreign_reply);
	TEST_ADD(s, test_seeded);
	TEST_ADD(s, test_random_faults);
}
