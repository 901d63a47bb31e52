/* The history CSV and its journal: rows with the exact value and the text
 * (dates as dates), RFC 4180 quoting and CRLF; files created exclusively;
 * the journal written after the rows and read back; --resume keeps exactly
 * the rows the journal lists, once each, whatever a kill left behind, and
 * refuses files that are not such a reading. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/history.h"
#include "feature/history_csv.h"
#include "feature/scanner.h"
#include "hist_rig.h"
#include "kmp/error.h"
#include "testing.h"

static char dir[64];

static void mkdir_tmp(void)
{
	snprintf(dir, sizeof dir, "/tmp/kmpterm-hcsv.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void rm_tmp(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static char *slurp(const char *path, size_t *len)
{
	char *text = NULL;
	CU_ASSERT_EQUAL_FATAL(kmp_scan_read_file(path, &text, len), KMP_OK);
	return text;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void test_rows(void)
{
	const uint16_t ids[] = {1003, 1002, 348, 60};
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, ids, 4, 2);
	run(r, 100);
	CU_ASSERT_EQUAL_FATAL(r->h.state, KMP_HIST_DONE);
	char buf[2048];
	CU_ASSERT(kmp_hist_csv_header(ids, 4, buf, sizeof buf) > 0);
	CU_ASSERT_STRING_EQUAL(buf,
	                       "log_id,1003,1003_text,1002,1002_text,348,348_text,60,60_text\r\n");
	int n = kmp_hist_csv_row(&r->h, 1460, buf, sizeof buf);
	CU_ASSERT_EQUAL(n, (int)strlen(buf));
	CU_ASSERT_STRING_EQUAL(buf, "1460,261128,2026-11-28,0,00:00:00,28635016724480,"
	                            "2026-11-28 00:00:00,1233.501,1233.501 GJ\r\n");
	/* not complete, not in the reading: no row */
	CU_ASSERT_EQUAL(kmp_hist_csv_row(&r->h, 1458, buf, sizeof buf), -1);
	/* too small a buffer: no row, never half of one */
	CU_ASSERT_EQUAL(kmp_hist_csv_row(&r->h, 1460, buf, 20), -1);
	rig_free(r);
}

static void test_journal_round_trip(void)
{
	kmp_hist_meta m = {.kind = KMP_HIST_B8,
	                   .logger = KMP_LOGGER_HOUR,
	                   .address = 0x3F,
	                   .n_regs = 3,
	                   .regs = {1003, 60, 68}};
	uint32_t ids[] = {35052, 35050, 35051, 7, 100, 99};
	char *text, err[200];
	size_t len, n;
	CU_ASSERT_EQUAL_FATAL(kmp_hist_journal_render(&m, ids, 6, &text, &len), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nlogger hour\naddress 63\nregisters 1003,60,68\n"
	                                    "done 7,99-100,35050-35052\n"));
	kmp_hist_meta back;
	uint32_t *got;
	CU_ASSERT_EQUAL_FATAL(kmp_hist_journal_parse(text, len, &back, &got, &n, err, sizeof err),
	                      KMP_OK);
	CU_ASSERT_EQUAL(back.kind, KMP_HIST_B8);
	CU_ASSERT_EQUAL(back.logger, KMP_LOGGER_HOUR);
	CU_ASSERT_EQUAL(back.address, 0x3F);
	CU_ASSERT_EQUAL(back.n_regs, 3);
	CU_ASSERT_EQUAL(back.regs[2], 68);
	CU_ASSERT_EQUAL(n, 6);
	free(got);
	free(text);

	m.kind = KMP_HIST_MODULE;
	m.logger = 2;
	m.address = 0x7F;
	CU_ASSERT_EQUAL_FATAL(kmp_hist_journal_render(&m, NULL, 0, &text, &len), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nmodule 2\naddress 127\n"));
	CU_ASSERT_EQUAL(kmp_hist_journal_parse(text, len, &back, &got, &n, err, sizeof err),
	                KMP_OK);
	CU_ASSERT_EQUAL(back.kind, KMP_HIST_MODULE);
	CU_ASSERT_EQUAL(n, 0);
	free(got);
	free(text);

	const char *bad[] = {
	        "version 2\nlogger day\naddress 63\nregisters 60\n",
	        "version 1\nlogger minute-9\naddress 63\nregisters 60\n",
	        "version 1\nlogger day\naddress 63\nregisters 60,60\n",
	        "version 1\nlogger day\naddress 63\nregisters 60\ndone 5-3\n",
	        "version 1\nlogger day\naddress 63\nregisters 60\ndone 1,\n",
	        "version 1\nlogger day\naddress 63\nregisters 60\nsomething else\n",
	        "version 1\nlogger day\naddress 300\nregisters 60\n",
	        "version 1\nlogger day\nregisters 60\n",
	        "version 1\nlogger day\naddress 63\nregisters\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(kmp_hist_journal_parse(bad[i], strlen(bad[i]), &back, &got, &n, err,
		                                       sizeof err),
		                KMP_ERR_BAD_INPUT);
		CU_ASSERT(strlen(err) > 0);
	}
}

/* Run a reading into path; stop after max exchanges (a kill). */
static rig *read_into(const char *path, int resume, unsigned long max, kmp_hist_resumed *res,
                      int *rc)
{
	static kmp_hist_out out;
	char err[512];
	const uint16_t ids[] = {1003, 60, 68};
	rig *r = rig_new(KMP_HIST_B8, KMP_LOGGER_DAY, ids, 3, 0);
	*rc = kmp_hist_out_open(&out, path, resume, res, err, sizeof err);
	if (*rc != KMP_OK) {
		rig_free(r);
		return NULL;
	}
	kmp_hist_meta m = {.kind = KMP_HIST_B8, .logger = KMP_LOGGER_DAY, .address = 0x3F};
	kmp_hist_out_set_meta(&out, &m);
	for (size_t i = 0; res->resumed && i < out.n_done; i++)
		kmp_hist_mark_known(&r->h, out.done[i]);
	kmp_request req;
	kmp_hist_outcome oc;
	while (max-- && kmp_hist_next(&r->h, &req)) {
		int st = rig_exchange(r, &req);
		kmp_hist_on_result(&r->h, st, st == KMP_OK ? &r->reply : NULL, &oc);
		CU_ASSERT_EQUAL(kmp_hist_out_append(&out, &r->h, &oc), KMP_OK);
	}
	kmp_hist_out_close(&out);
	return r;
}

/* Every record 1001..1460 exactly once, each row as the engine formats it. */
static void check_csv(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	CU_ASSERT(!strncmp(text, "log_id,1003,1003_text,60,60_text,68,68_text\r\n", 45));
	CU_ASSERT_EQUAL(count(text, "\r\n"), 461);
	CU_ASSERT_EQUAL(count(text, "\n"), 461);
	static int seen[2000];
	memset(seen, 0, sizeof seen);
	for (const char *p = strstr(text, "\r\n") + 2; *p; p = strstr(p, "\r\n") + 2) {
		long id = strtol(p, NULL, 10);
		CU_ASSERT_FATAL(id >= 1001 && id <= 1460);
		seen[id]++;
	}
	for (int id = 1001; id <= 1460; id++)
		CU_ASSERT_EQUAL(seen[id], 1);
	free(text);
}

static void test_write_and_resume(void)
{
	mkdir_tmp();
	char path[128], jpath[160];
	snprintf(path, sizeof path, "%s/day.csv", dir);
	kmp_hist_journal_path(path, jpath, sizeof jpath);
	kmp_hist_resumed res;
	int rc;

	/* a whole reading */
	rig *r = read_into(path, 0, 100000, &res, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, KMP_OK);
	rig_free(r);
	check_csv(path);
	size_t jl;
	char *j = slurp(jpath, &jl);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\nlogger day\naddress 63\nregisters 1003,60,68\n"
	                                 "done 1001-1460\n"));
	free(j);

	/* the file exists: a new reading is refused, nothing changes */
	r = read_into(path, 0, 100000, &res, &rc);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_EQUAL(rc, KMP_ERR_IO);
	check_csv(path);

	/* resuming a finished reading asks only for the range */
	r = read_into(path, 1, 100000, &res, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, KMP_OK);
	CU_ASSERT(res.resumed);
	CU_ASSERT_EQUAL(res.records, 460);
	CU_ASSERT_EQUAL(res.dropped, 0);
	CU_ASSERT_EQUAL(r->h.n_complete, 0);
	CU_ASSERT_EQUAL(r->h.requests, 2); /* the configuration and the probe */
	rig_free(r);
	check_csv(path);
	unlink(path);
	unlink(jpath);

	/* killed after a few exchanges, then resumed: each record once */
	r = read_into(path, 0, 6, &res, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, KMP_OK);
	uint32_t first_run = r->h.n_complete;
	CU_ASSERT(first_run > 0 && first_run < 460);
	rig_free(r);
	/* what a kill between the rows and the journal leaves: rows the
	 * journal does not list, a torn last line */
	int fd = open(path, O_WRONLY | O_APPEND);
	CU_ASSERT_FATAL(fd >= 0);
	const char extra[] = "1001,250826,2025-08-26,1.0,1.0 GJ,2.0,2.0 m3\r\n1002,2508";
	CU_ASSERT_EQUAL(write(fd, extra, sizeof extra - 1), (ssize_t)(sizeof extra - 1));
	close(fd);
	r = read_into(path, 1, 100000, &res, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, KMP_OK);
	CU_ASSERT_EQUAL(res.records, first_run);
	CU_ASSERT_EQUAL(res.dropped, 2);
	CU_ASSERT_EQUAL(r->h.n_known_in, first_run);
	CU_ASSERT_EQUAL(r->h.n_complete, 460 - first_run);
	CU_ASSERT_EQUAL(r->dup, 0);
	rig_free(r);
	check_csv(path);
	/* the value the kill left is not in the file */
	size_t len;
	char *text = slurp(path, &len);
	CU_ASSERT_PTR_NULL(strstr(text, "1.0 GJ"));
	free(text);
	/* no temporary file left beside it */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 2", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	rm_tmp();
}

static void test_resume_refuses(void)
{
	mkdir_tmp();
	char path[128], jpath[160], err[512];
	snprintf(path, sizeof path, "%s/x.csv", dir);
	kmp_hist_journal_path(path, jpath, sizeof jpath);
	kmp_hist_out out;
	kmp_hist_resumed res;
	FILE *f;

	/* a CSV without a journal: not ours, left alone */
	f = fopen(path, "w");
	fputs("a,b\n1,2\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, path, 1, &res, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no journal"));

	/* a journal that is not one */
	f = fopen(jpath, "w");
	fputs("hello\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, path, 1, &res, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 1"));

	/* a header that does not match the journal */
	f = fopen(jpath, "w");
	fputs("version 1\nlogger day\naddress 63\nregisters 60\ndone 1\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, path, 1, &res, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "header"));
	size_t len;
	char *text = slurp(path, &len);
	CU_ASSERT_STRING_EQUAL(text, "a,b\n1,2\n");
	free(text);

	/* a symbolic link is not followed */
	char link[160];
	snprintf(link, sizeof link, "%s/link.csv", dir);
	CU_ASSERT_EQUAL(symlink(path, link), 0);
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, link, 1, &res, err, sizeof err), KMP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "symbolic link"));
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, link, 0, &res, err, sizeof err), KMP_ERR_IO);

	/* a missing file to resume is a new reading; an empty one too */
	snprintf(path, sizeof path, "%s/new.csv", dir);
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, path, 1, &res, err, sizeof err), KMP_OK);
	CU_ASSERT(!res.resumed);
	/* while one reading writes it, a second is refused */
	kmp_hist_out second;
	CU_ASSERT_EQUAL(kmp_hist_out_open(&second, path, 1, &res, err, sizeof err), KMP_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "another kmpterm history is writing it"));
	kmp_hist_out_close(&out);
	CU_ASSERT_EQUAL(kmp_hist_out_open(&out, path, 1, &res, err, sizeof err), KMP_OK);
	CU_ASSERT(!res.resumed);
	kmp_hist_out_close(&out);
	rm_tmp();
}

TEST_SUITE(history_csv_suite)
{
	CU_pSuite s = CU_add_suite("history csv", NULL, NULL);
	TEST_ADD(s, test_rows);
	TEST_ADD(s, test_journal_round_trip);
	TEST_ADD(s, test_write_and_resume);
	TEST_ADD(s, test_resume_refuses);
}
