/* test_scan_csv.c - the scan CSV and its journal: rows, journal lines,
 * reading back torn, duplicated, garbled and old-format files, and the
 * output files for --resume. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "testing.h"

#define H KMP_SCAN_CSV_HEADER "\r\n"
#define J KMP_SCAN_JOURNAL_MAGIC "\n"

static kmp_scan_reg reg(uint16_t id, uint8_t unit, const char *value, uint8_t len, const char *name)
{
	kmp_scan_reg r = {.id = id, .unit = unit, .name = name};
	CU_ASSERT_EQUAL(kmp_value_from_text(value, len, &r.value), KMP_OK);
	return r;
}

static void test_field_quoting(void)
{
	char b[64];
	CU_ASSERT_EQUAL(kmp_scan_csv_field("Heat energy E1", b, sizeof b), 14);
	kmp_scan_csv_field("Max flow date, year", b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "\"Max flow date, year\"");
	CU_ASSERT_EQUAL(kmp_scan_csv_field("a,b", b, 5), -1);
}

static void test_rows(void)
{
	char b[512];
	kmp_scan_meta m = {
	        .have_serial = 1, .serial = 67123456, .have_type = 1, .meter_type = 0x34};
	kmp_scan_reg r = reg(60, 8, "123.45", 4, "Heat energy E1");
	CU_ASSERT_EQUAL(kmp_scan_csv_row(&r, &m, b, sizeof b), 56);
	CU_ASSERT_STRING_EQUAL(b, "60,Heat energy E1,123.45,8,GJ,123.45,4,67123456,0x0034\r\n");
	r = reg(123, 48, "220901", 4, "Max flow date, year");
	kmp_scan_csv_row(&r, &m, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(
	        b,
	        "123,\"Max flow date, year\",220901,48,yy:mm:dd,2022-09-01,4,67123456,0x0034\r\n");
	r = reg(5000, 200, "-0.07", 3, NULL); /* a discovery with an unknown unit, no meter */
	kmp_scan_csv_row(&r, NULL, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "5000,,-0.07,200,,-0.07,3,,\r\n");
	r = reg(1002, 47, "999999", 4, "Clock"); /* no possible time: the number */
	kmp_scan_csv_row(&r, NULL, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "1002,Clock,999999,47,hh:mm:ss,999999,4,,\r\n");
	CU_ASSERT_EQUAL(kmp_scan_csv_row(&r, &m, b, 10), -1);
}

static void test_journal_line(void)
{
	char b[128];
	kmp_scan_outcome oc = {.n_resolved = 7, .resolved = {7, 3, 1, 2, 5, 6, 2}};
	CU_ASSERT_EQUAL(kmp_scan_journal_line(&oc, b, sizeof b), 13);
	CU_ASSERT_STRING_EQUAL(b, "done 1-3,5-7\n");
	oc.n_new = 2;
	oc.new_ids[0] = 6;
	oc.new_ids[1] = 2;
	kmp_scan_journal_line(&oc, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "done 1-3,5-7 found 2,6\n");
	oc.n_resolved = 0;
	CU_ASSERT_EQUAL(kmp_scan_journal_line(&oc, b, sizeof b), -1);
}

static int parse(const char *text, const char *journal, kmp_scan_csv *c)
{
	return kmp_scan_csv_parse(text, strlen(text), journal, journal ? strlen(journal) : 0, c);
}

static void test_parse_good(void)
{
	static kmp_scan_csv c;
	const char *t = H "3,,123.45,8,GJ,123.45,4,67123456,0x0034\r\n"
	                  "9,\"Max flow date, year\",220901,48,yy:mm:dd,2022-09-01,4,67123456,"
	                  "0x0034\r\n";
	const char *j = J "range 0-99\nbatch 4\nstarted 2026-11-29T12:00:00.000Z\n"
	                  "serial 67123456\nmeter_type 0x0034\nsw_revision K1\n"
	                  "done 0-7 found 3\ndone 8-15 found 9\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, j, &c), KMP_OK);
	CU_ASSERT_TRUE(c.header);
	CU_ASSERT_FALSE(c.old_format);
	CU_ASSERT_TRUE(c.have_journal);
	CU_ASSERT_TRUE(c.have_range);
	CU_ASSERT_EQUAL(c.meta.from, 0);
	CU_ASSERT_EQUAL(c.meta.to, 99);
	CU_ASSERT_EQUAL(c.meta.batch, 4);
	CU_ASSERT_STRING_EQUAL(c.meta.started, "2026-11-29T12:00:00.000Z");
	CU_ASSERT_TRUE(c.meta.have_serial);
	CU_ASSERT_EQUAL(c.meta.serial, 67123456);
	CU_ASSERT_EQUAL(c.meta.meter_type, 0x34);
	CU_ASSERT_STRING_EQUAL(c.meta.sw, "K1");
	CU_ASSERT_EQUAL(c.n_done, 16);
	CU_ASSERT_EQUAL_FATAL(c.n_regs, 2);
	CU_ASSERT_EQUAL(c.regs[0].id, 3);
	CU_ASSERT_EQUAL(c.regs[1].id, 9);
	CU_ASSERT_EQUAL(c.regs[1].unit, 48);
	char v[64];
	kmp_value_format(&c.regs[0].value, v, sizeof v);
	CU_ASSERT_STRING_EQUAL(v, "123.45");
	CU_ASSERT_EQUAL(c.bad + c.duplicates + c.orphans + c.missing + (size_t)c.truncated, 0);
	kmp_scan_csv_free(&c);
}

/* A row a spreadsheet rewrote (1.87556E+03) cannot be read back: its
 * register was found, so it must not pass for absent. */
static void test_parse_unreadable_row_is_asked_again(void)
{
	static kmp_scan_csv c;
	const char *t = H "3,x,123.45,8,GJ,123.45,4,,\r\n"
	                  "5,Volume V1,1.87556E+03,40,m3,1.87556E+03,4,,\r\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, J "done 0-7 found 3,5\n", &c), KMP_OK);
	CU_ASSERT_EQUAL(c.unreadable, 1);
	CU_ASSERT_EQUAL(c.n_done, 7);
	CU_ASSERT_EQUAL_FATAL(c.n_regs, 1);
	CU_ASSERT(c.done[0] & (1u << 3));
	CU_ASSERT(!(c.done[0] & (1u << 5)));
	kmp_scan_csv_free(&c);
}

/* kill -9 between the rows and the journal line, or in the middle of
 * either: a row the journal does not count is dropped and asked again; a
 * torn journal line counts nothing; a row the journal counts that is not
 * in the file is asked again. */
static void test_parse_killed(void)
{
	static kmp_scan_csv c;
	const char *t = H "3,x,123.45,8,GJ,123.45,4,,\r\n"
	                  "9,y,1.5,8,GJ,1.5,4,,\r\n" /* its journal line is torn */
	                  "17,z,2,8,GJ,2,4,,\r\n"    /* no journal line at all */
	                  "20,w,2";                  /* torn row */
	parse(t, J "done 0-7 found 3\ndone 8-15 fou", &c);
	CU_ASSERT_TRUE(c.truncated);
	CU_ASSERT_EQUAL(c.n_done, 8);
	CU_ASSERT_EQUAL(c.n_regs, 1);
	CU_ASSERT_EQUAL(c.orphans, 2);
	kmp_scan_csv_free(&c);

	/* the journal counts 5 as present, the file lost its row: asked again */
	parse(H "3,x,1,8,GJ,1,4,,\r\n", J "done 0-7 found 3,5\n", &c);
	CU_ASSERT_EQUAL(c.missing, 1);
	CU_ASSERT_EQUAL(c.n_done, 7);
	CU_ASSERT(!(c.done[0] & (1u << 5)));
	kmp_scan_csv_free(&c);

	/* the journal says absent, the file has a row: neither is believed */
	parse(H "3,x,1,8,GJ,1,4,,\r\n", J "done 0-7\n", &c);
	CU_ASSERT_EQUAL(c.n_regs, 0);
	CU_ASSERT_EQUAL(c.n_done, 7);
	kmp_scan_csv_free(&c);
}

static void test_parse_duplicates_and_garbage(void)
{
	static kmp_scan_csv c;
	const char *t = "\xEF\xBB\xBF" H "3,x,1.5,8,GJ,1.5,4,,\r\n"
	                "3,x,9.9,8,GJ,9.9,4,,\r\n"
	                "garbage line\r\n"
	                "4,x,1,8,GJ,1,0,,\n"       /* length 0 */
	                "5,x,1001,8,GJ,1001,1,,\n" /* does not fit one byte */
	                "6,x,1e5,8,GJ,1e5,4,,\n"   /* not our decimal text */
	                "70000,x,1,8,GJ,1,4,,\n"   /* ID out of range */
	                "7,\"open,1,8,GJ,1,4,,\n"  /* unclosed quote */
	                "# a comment\n"            /* not in the current format */
	                "\n";
	const char *j = J "done 0-7, found 3\n" /* trailing comma: the whole line ignored */
	                  "done 9-8\n"          /* backwards */
	                  "done 3 found 3\n"
	                  "future-key 1\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, j, &c), KMP_OK);
	CU_ASSERT_TRUE(c.header);
	CU_ASSERT_EQUAL(c.n_done, 1);
	CU_ASSERT_EQUAL_FATAL(c.n_regs, 1);
	char v[64];
	kmp_value_format(&c.regs[0].value, v, sizeof v);
	CU_ASSERT_STRING_EQUAL(v, "1.5"); /* the first of duplicates */
	CU_ASSERT_EQUAL(c.duplicates, 1);
	/* rows 4, 5, 6 and 7 still name their ID: asked again; the garbage
	 * line, ID 70000, the comment and two journal lines are just bad */
	CU_ASSERT_EQUAL(c.unreadable, 4);
	CU_ASSERT_EQUAL(c.bad, 5);
	kmp_scan_csv_free(&c);

	parse("not,a,scan\n", NULL, &c);
	CU_ASSERT_FALSE(c.header);
	kmp_scan_csv_free(&c);
	CU_ASSERT_EQUAL(parse("", NULL, &c), KMP_OK);
	CU_ASSERT_FALSE(c.header);
	CU_ASSERT_EQUAL(c.lines, 0);
	kmp_scan_csv_free(&c);
	/* a journal of something else is no journal */
	parse(H, "kmpterm-history 1\ndone 0-7\n", &c);
	CU_ASSERT_FALSE(c.have_journal);
	CU_ASSERT_EQUAL(c.n_done, 0);
	kmp_scan_csv_free(&c);
}

/* kmpterm's earlier format: "# done" lines in the CSV stand in for the
 * journal; --resume converts it. */
static void test_parse_old_format(void)
{
	static kmp_scan_csv c;
	const char *t = KMP_SCAN_CSV_HEADER_OLD "\n"
	                                        "# kmpterm scan from=0 to=99 batch=8\n"
	                                        "3,8,GJ,4,123.45,Heat energy E1\n"
	                                        "# done 0-7\n"
	                                        "9,48,yy:mm:dd,4,220901,\"Max flow date, year\"\n"
	                                        "# done 8-15\n"
	                                        "20,8,GJ,4,1,orphan\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, "ignored", &c), KMP_OK);
	CU_ASSERT_TRUE(c.header);
	CU_ASSERT_TRUE(c.old_format);
	CU_ASSERT_FALSE(c.have_journal);
	CU_ASSERT_TRUE(c.have_range);
	CU_ASSERT_EQUAL(c.meta.to, 99);
	CU_ASSERT_EQUAL(c.n_done, 16);
	CU_ASSERT_EQUAL(c.n_regs, 2);
	CU_ASSERT_EQUAL(c.orphans, 1);
	kmp_scan_csv_free(&c);
}

/* The current format without its journal: each row proves its register. */
static void test_parse_without_journal(void)
{
	static kmp_scan_csv c;
	parse(H "3,x,1,8,GJ,1,4,,\r\n9,x,2,8,GJ,2,4,,\r\n", NULL, &c);
	CU_ASSERT_TRUE(c.header);
	CU_ASSERT_FALSE(c.have_journal);
	CU_ASSERT_FALSE(c.have_range);
	CU_ASSERT_EQUAL(c.n_done, 2);
	CU_ASSERT_EQUAL(c.n_regs, 2);
	kmp_scan_csv_free(&c);
}

/* Canonical form: rows sorted, ranges merged, and it reads back the same. */
static void test_render_round_trip(void)
{
	static kmp_scan_csv a, b;
	const char *t = H "65535,z,2,8,GJ,2,4,,\r\n"
	                  "123,\"Max flow date, year\",220901,48,yy:mm:dd,2022-09-01,4,,\r\n"
	                  "99,o,1,8,GJ,1,4,,\r\n";
	const char *j = J "range 10-65535\nbatch 4\ndone 65532-65535 found 65535\n"
	                  "done 120-127 found 123\ndone 10-17\n";
	parse(t, j, &a);
	CU_ASSERT_EQUAL(a.orphans, 1);
	char *out, *jout;
	size_t len, jlen;
	kmp_scan_meta m = a.meta;
	CU_ASSERT_EQUAL_FATAL(kmp_scan_csv_render(&m, a.done, a.regs, a.n_regs, &out, &len),
	                      KMP_OK);
	CU_ASSERT_EQUAL(len, strlen(out));
	CU_ASSERT_STRING_EQUAL(out, H "123,\"Max flow date, year\",220901,48,yy:mm:dd,2022-09-01,"
	                              "4,,\r\n"
	                              "65535,,2,8,GJ,2,4,,\r\n");
	CU_ASSERT_EQUAL_FATAL(kmp_scan_journal_render(&m, a.done, a.regs, a.n_regs, &jout, &jlen),
	                      KMP_OK);
	CU_ASSERT_STRING_EQUAL(jout, J "range 10-65535\nbatch 4\n"
	                               "done 10-17,120-127,65532-65535\n"
	                               "found 123,65535\n");
	parse(out, jout, &b);
	CU_ASSERT_EQUAL(b.n_done, a.n_done);
	CU_ASSERT_EQUAL(memcmp(a.done, b.done, sizeof a.done), 0);
	CU_ASSERT_EQUAL(b.n_regs, 2);
	CU_ASSERT_EQUAL(b.meta.from, 10);
	CU_ASSERT_EQUAL(b.bad + b.orphans + b.duplicates + b.missing, 0);
	free(out);
	free(jout);
	kmp_scan_csv_free(&a);
	kmp_scan_csv_free(&b);
}

static char tmpdir[64];

static void tmp_path(char *buf, size_t cap, const char *name)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/test_scan.XXXXXX");
		CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
	}
	snprintf(buf, cap, "%s/%s", tmpdir, name);
}

static char *slurp(const char *path)
{
	char *t = NULL;
	size_t n;
	if (kmp_scan_read_file(path, &t, &n) != KMP_OK)
		return NULL;
	return t;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void test_output_file(void)
{
	char path[128], jpath[160], err[512];
	static kmp_scan_out o;
	static kmp_scan_csv loaded;
	static kmp_scan s;
	kmp_scan_meta meta = {.from = 0, .to = 15, .batch = 8, .have_serial = 1, .serial = 42};
	tmp_path(path, sizeof path, "new.csv");
	snprintf(jpath, sizeof jpath, "%s.journal", path);
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(kmp_scan_out_open(&o, path, 0, NULL, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_scan_out_begin(&o, &meta, NULL, err, sizeof err), KMP_OK);
	kmp_scan_config c;
	kmp_scan_config_default(&c);
	c.to = 15;
	kmp_scan_init(&s, &c);
	kmp_request req;
	kmp_scan_next(&s, &req);
	static kmp_msg m;
	memset(&m, 0, sizeof m);
	m.n_records = 1;
	m.records[0].id = 5;
	m.records[0].unit = 8;
	kmp_value_from_text("42.5", 4, &m.records[0].value);
	kmp_scan_outcome oc;
	kmp_scan_on_result(&s, KMP_OK, &m, &oc);
	CU_ASSERT_EQUAL(kmp_scan_out_append(&o, &s, &oc), KMP_OK);
	kmp_scan_out_close(&o);
	char *t = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t, H "5,,42.5,8,GJ,42.5,4,42,\r\n");
	free(t);
	t = slurp(jpath);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t, J "range 0-15\nbatch 8\nserial 42\ndone 0-7 found 5\n");
	free(t);

	/* an existing scan without --resume is not overwritten */
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o, path, 0, NULL, err, sizeof err), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--resume"));

	/* --resume: a torn tail and a duplicate are gone from the file */
	int fd = open(path, O_WRONLY | O_APPEND);
	CU_ASSERT_FATAL(fd >= 0);
	const char *junk = "5,,42.5,8,GJ,42.5,4,42,\r\n9,,1,8,GJ,1,4,42,\r\n10,,1";
	CU_ASSERT_EQUAL(write(fd, junk, strlen(junk)), (ssize_t)strlen(junk));
	close(fd);
	CU_ASSERT_EQUAL_FATAL(kmp_scan_out_open(&o, path, 1, &loaded, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(loaded.n_done, 8);
	CU_ASSERT_EQUAL(loaded.n_regs, 1);
	CU_ASSERT_EQUAL(loaded.meta.serial, 42);
	/* a second scan of the same file is refused while this one holds it */
	static kmp_scan_out o2;
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o2, path, 1, NULL, err, sizeof err), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "another kmpterm scan"));
	CU_ASSERT_EQUAL_FATAL(kmp_scan_out_begin(&o, &meta, &loaded, err, sizeof err), KMP_OK);
	kmp_scan_out_close(&o);
	t = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t, H "5,,42.5,8,GJ,42.5,4,42,\r\n");
	free(t);
	t = slurp(jpath);
	CU_ASSERT_STRING_EQUAL(t, J "range 0-15\nbatch 8\nserial 42\ndone 0-7\nfound 5\n");
	free(t);
	kmp_scan_csv_free(&loaded);
	kmp_scan_free(&s);

	/* not a scan file: refused and left alone */
	tmp_path(path, sizeof path, "thesis.txt");
	spit(path, "my thesis\n");
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o, path, 1, &loaded, err, sizeof err), KMP_OK);
	t = slurp(path);
	CU_ASSERT_STRING_EQUAL(t, "my thesis\n");
	free(t);

	/* --resume of a file that does not exist yet: a new scan */
	tmp_path(path, sizeof path, "later.csv");
	unlink(path);
	CU_ASSERT_EQUAL(kmp_scan_out_open(&o, path, 1, &loaded, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(loaded.n_done, 0);
	kmp_scan_out_close(&o);
	kmp_scan_csv_free(&loaded);

	/* a directory cannot be the output */
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o, tmpdir, 0, NULL, err, sizeof err), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, tmpdir));

	const char *names[] = {"new.csv", "new.csv.journal", "thesis.txt", "later.csv"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		tmp_path(path, sizeof path, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

TEST_SUITE(suite_scan_csv)
{
	CU_pSuite s = CU_add_suite("scan_csv", NULL, NULL);
	TEST_ADD(s, test_field_quoting);
	TEST_ADD(s, test_rows);
	TEST_ADD(s, test_journal_line);
	TEST_ADD(s, test_parse_good);
	TEST_ADD(s, test_parse_unreadable_row_is_asked_again);
	TEST_ADD(s, test_parse_killed);
	TEST_ADD(s, test_parse_duplicates_and_garbage);
	TEST_ADD(s, test_parse_old_format);
	TEST_ADD(s, test_parse_without_journal);
	TEST_ADD(s, test_render_round_trip);
	TEST_ADD(s, test_output_file);
}
