/* test_scan_csv.c - the scan CSV: quoting, rows, done lines, reading back
 * torn, duplicated and garbled files, and the output file for --resume. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/scanner.h"
#include "kmp/error.h"
#include "testing.h"

static void test_field_quoting(void)
{
	char b[64];
	CU_ASSERT_EQUAL(kmp_scan_csv_field("Heat energy E1", b, sizeof b), 14);
	CU_ASSERT_STRING_EQUAL(b, "Heat energy E1");
	kmp_scan_csv_field("Max flow date, year", b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "\"Max flow date, year\"");
	kmp_scan_csv_field("say \"hi\"", b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "\"say \"\"hi\"\"\"");
	kmp_scan_csv_field("a\nb\rc", b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "\"a b c\"");
	kmp_scan_csv_field("", b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "");
	CU_ASSERT_EQUAL(kmp_scan_csv_field("a,b", b, 5), -1); /* "a,b" needs 6 */
	CU_ASSERT_EQUAL(kmp_scan_csv_field("a,b", b, 6), 5);
}

static kmp_scan_reg reg(uint16_t id, uint8_t unit, const char *value, uint8_t len, const char *name)
{
	kmp_scan_reg r = {.id = id, .unit = unit, .name = name};
	CU_ASSERT_EQUAL(kmp_value_from_text(value, len, &r.value), KMP_OK);
	return r;
}

static void test_rows(void)
{
	char b[512];
	kmp_scan_reg r = reg(60, 8, "123.45", 4, "Heat energy E1");
	CU_ASSERT_EQUAL(kmp_scan_csv_row(&r, b, sizeof b), 32);
	CU_ASSERT_STRING_EQUAL(b, "60,8,GJ,4,123.45,Heat energy E1\n");
	r = reg(123, 48, "220901", 4, "Max flow date, year");
	kmp_scan_csv_row(&r, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "123,48,yy:mm:dd,4,220901,\"Max flow date, year\"\n");
	r = reg(5000, 200, "-0.07", 3, NULL); /* a discovery with an unknown unit */
	kmp_scan_csv_row(&r, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "5000,200,,3,-0.07,\n");
	r = reg(80, 22, "0.0", 2, "x");
	kmp_scan_csv_row(&r, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "80,22,kW,2,0.0,x\n");
	CU_ASSERT_EQUAL(kmp_scan_csv_row(&r, b, 10), -1);
}

static void test_done_line(void)
{
	char b[128];
	uint16_t ids[] = {7, 3, 1, 2, 5, 6, 2};
	CU_ASSERT_EQUAL(kmp_scan_csv_done_line(ids, 7, b, sizeof b), 15);
	CU_ASSERT_STRING_EQUAL(b, "# done 1-3,5-7\n");
	uint16_t one[] = {65535};
	kmp_scan_csv_done_line(one, 1, b, sizeof b);
	CU_ASSERT_STRING_EQUAL(b, "# done 65535\n");
	CU_ASSERT_EQUAL(kmp_scan_csv_done_line(ids, 0, b, sizeof b), -1);
}

static int parse(const char *text, kmp_scan_csv *c)
{
	return kmp_scan_csv_parse(text, strlen(text), c);
}

static void test_parse_good(void)
{
	static kmp_scan_csv c;
	const char *t = KMP_SCAN_CSV_HEADER "\n"
	                                    "# kmpterm scan from=0 to=99 batch=8\n"
	                                    "3,8,GJ,4,123.45,Heat energy E1\n"
	                                    "# done 0-7\n"
	                                    "9,48,yy:mm:dd,4,220901,\"Max flow date, year\"\n"
	                                    "# done 8-15\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, &c), KMP_OK);
	CU_ASSERT_TRUE(c.header);
	CU_ASSERT_EQUAL(c.from, 0);
	CU_ASSERT_EQUAL(c.to, 99);
	CU_ASSERT_EQUAL(c.n_done, 16);
	CU_ASSERT_EQUAL_FATAL(c.n_regs, 2);
	CU_ASSERT_EQUAL(c.regs[0].id, 3);
	CU_ASSERT_EQUAL(c.regs[1].id, 9);
	CU_ASSERT_EQUAL(c.regs[1].unit, 48);
	char v[64];
	kmp_value_format(&c.regs[0].value, v, sizeof v);
	CU_ASSERT_STRING_EQUAL(v, "123.45");
	CU_ASSERT_EQUAL(c.regs[0].value.len, 4);
	CU_ASSERT_EQUAL(c.bad + c.duplicates + c.orphans + (size_t)c.truncated, 0);
	kmp_scan_csv_free(&c);
}

/* A row a spreadsheet rewrote (1.87556E+03) cannot be read back: its
 * register was found, so it must not pass for absent: its ID is taken out
 * of the done set and the scan asks it again. */
static void test_parse_unreadable_row_is_asked_again(void)
{
	static kmp_scan_csv c;
	const char *t = KMP_SCAN_CSV_HEADER "\n"
	                                    "3,8,GJ,4,123.45,Heat energy E1\n"
	                                    "5,40,m3,4,1.87556E+03,Volume V1\n"
	                                    "# done 0-7\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, &c), KMP_OK);
	CU_ASSERT_EQUAL(c.unreadable, 1);
	CU_ASSERT_EQUAL(c.n_done, 7);
	CU_ASSERT_EQUAL_FATAL(c.n_regs, 1);
	CU_ASSERT_EQUAL(c.regs[0].id, 3);
	CU_ASSERT(c.done[0] & (1u << 3));
	CU_ASSERT(!(c.done[0] & (1u << 5)));
	kmp_scan_csv_free(&c);
}

/* kill -9 in the middle of a write: the last line is cut; its rows count
 * only once their done line is complete. */
static void test_parse_truncated(void)
{
	static kmp_scan_csv c;
	const char *t = KMP_SCAN_CSV_HEADER "\n"
	                                    "3,8,GJ,4,123.45,x\n"
	                                    "# done 0-7\n"
	                                    "9,8,GJ,4,1.5,y\n"
	                                    "# done 8-1";
	parse(t, &c);
	CU_ASSERT_TRUE(c.truncated);
	CU_ASSERT_EQUAL(c.n_done, 8);
	CU_ASSERT_EQUAL(c.n_regs, 1);
	CU_ASSERT_EQUAL(c.orphans, 1);
	kmp_scan_csv_free(&c);

	const char *cut_row = KMP_SCAN_CSV_HEADER "\n# done 0-7\n12,8,GJ,4,12";
	parse(cut_row, &c);
	CU_ASSERT_TRUE(c.truncated);
	CU_ASSERT_EQUAL(c.n_regs, 0);
	CU_ASSERT_EQUAL(c.n_done, 8);
	kmp_scan_csv_free(&c);
}

static void test_parse_duplicates_and_garbage(void)
{
	static kmp_scan_csv c;
	const char *t = "\xEF\xBB\xBF" KMP_SCAN_CSV_HEADER "\r\n"
	                "3,8,GJ,4,1.5,x\r\n"
	                "3,8,GJ,4,9.9,x\r\n"
	                "garbage line\r\n"
	                "4,8,GJ,0,1,x\n"       /* length 0 */
	                "5,8,GJ,1,1001,x\n"    /* does not fit one byte */
	                "6,8,GJ,4,1e5,x\n"     /* not our decimal text */
	                "70000,8,GJ,4,1,x\n"   /* ID out of range */
	                "7,8,GJ,4,1,\"open\n"  /* unclosed quote */
	                "7,8,GJ,4,1,x,extra\n" /* seven fields */
	                "# done 0-7,\n"        /* trailing comma: the whole line ignored */
	                "# done 9-8\n"         /* backwards */
	                "# done 3\n"
	                "# a comment of the user's\n"
	                "\n";
	CU_ASSERT_EQUAL_FATAL(parse(t, &c), KMP_OK);
	CU_ASSERT_TRUE(c.header);
	CU_ASSERT_EQUAL(c.n_done, 1);
	CU_ASSERT_EQUAL_FATAL(c.n_regs, 1);
	char v[64];
	kmp_value_format(&c.regs[0].value, v, sizeof v);
	CU_ASSERT_STRING_EQUAL(v, "1.5"); /* the first of duplicates */
	CU_ASSERT_EQUAL(c.duplicates, 1);
	/* rows 4, 5, 6 and both 7s still name their ID: asked again; the
	 * garbage line, ID 70000 and two broken done lines are just bad */
	CU_ASSERT_EQUAL(c.unreadable, 5);
	CU_ASSERT_EQUAL(c.bad, 4);
	kmp_scan_csv_free(&c);

	parse("not,a,scan\n# done 0-7\n", &c);
	CU_ASSERT_FALSE(c.header);
	kmp_scan_csv_free(&c);
	CU_ASSERT_EQUAL(parse("", &c), KMP_OK);
	CU_ASSERT_FALSE(c.header);
	CU_ASSERT_EQUAL(c.lines, 0);
	kmp_scan_csv_free(&c);
}

/* Canonical form: rows sorted, ranges merged, and it reads back the same. */
static void test_render_round_trip(void)
{
	static kmp_scan_csv a, b;
	const char *t = KMP_SCAN_CSV_HEADER "\n"
	                                    "# kmpterm scan from=10 to=65535 batch=4\n"
	                                    "65535,8,GJ,4,2,z\n"
	                                    "# done 65532-65535\n"
	                                    "123,48,yy:mm:dd,4,220901,\"Max flow date, year\"\n"
	                                    "# done 120-127\n"
	                                    "# done 10-17\n"
	                                    "99,8,GJ,4,1,orphan\n";
	parse(t, &a);
	CU_ASSERT_EQUAL(a.orphans, 1);
	char *out;
	size_t len;
	CU_ASSERT_EQUAL_FATAL(
	        kmp_scan_csv_render(10, 65535, 4, a.done, a.regs, a.n_regs, &out, &len), KMP_OK);
	CU_ASSERT_EQUAL(len, strlen(out));
	CU_ASSERT_STRING_EQUAL(out, KMP_SCAN_CSV_HEADER
	                       "\n"
	                       "# kmpterm scan from=10 to=65535 batch=4\n"
	                       "123,48,yy:mm:dd,4,220901,\"Max flow date, year\"\n"
	                       "65535,8,GJ,4,2,\n"
	                       "# done 10-17,120-127,65532-65535\n");
	parse(out, &b);
	CU_ASSERT_EQUAL(b.n_done, a.n_done);
	CU_ASSERT_EQUAL(memcmp(a.done, b.done, sizeof a.done), 0);
	CU_ASSERT_EQUAL(b.n_regs, 2);
	CU_ASSERT_EQUAL(b.from, 10);
	CU_ASSERT_EQUAL(b.bad + b.orphans + b.duplicates, 0);
	free(out);
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
	char path[128], err[512];
	static kmp_scan_out o;
	static kmp_scan_csv loaded;
	static kmp_scan s;
	tmp_path(path, sizeof path, "new.csv");
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(kmp_scan_out_open(&o, path, 0, 0, 15, 8, NULL, err, sizeof err),
	                      KMP_OK);
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
	CU_ASSERT_STRING_EQUAL(t, KMP_SCAN_CSV_HEADER "\n"
	                                              "# kmpterm scan from=0 to=15 batch=8\n"
	                                              "5,8,GJ,4,42.5,\n"
	                                              "# done 0-7\n");
	free(t);

	/* an existing scan without --resume is not overwritten */
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o, path, 0, 0, 15, 8, NULL, err, sizeof err),
	                    KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--resume"));

	/* --resume: a torn tail and a duplicate are gone from the file */
	int fd = open(path, O_WRONLY | O_APPEND);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "5,8,GJ,4,42.5,\n9,8,GJ,4,1,\n# done 8-1", 37), 37);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(kmp_scan_out_open(&o, path, 1, 0, 15, 8, &loaded, err, sizeof err),
	                      KMP_OK);
	CU_ASSERT_EQUAL(loaded.n_done, 8);
	CU_ASSERT_EQUAL(loaded.n_regs, 1);
	kmp_scan_out_close(&o);
	t = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t, KMP_SCAN_CSV_HEADER "\n"
	                                              "# kmpterm scan from=0 to=15 batch=8\n"
	                                              "5,8,GJ,4,42.5,\n"
	                                              "# done 0-7\n");
	free(t);
	kmp_scan_csv_free(&loaded);
	kmp_scan_free(&s);

	/* not a scan file: refused and left alone */
	tmp_path(path, sizeof path, "thesis.txt");
	spit(path, "my thesis\n");
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o, path, 1, 0, 15, 8, &loaded, err, sizeof err),
	                    KMP_OK);
	t = slurp(path);
	CU_ASSERT_STRING_EQUAL(t, "my thesis\n");
	free(t);

	/* --resume of a file that does not exist yet: a new scan */
	tmp_path(path, sizeof path, "later.csv");
	unlink(path);
	CU_ASSERT_EQUAL(kmp_scan_out_open(&o, path, 1, 0, 15, 8, &loaded, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(loaded.n_done, 0);
	kmp_scan_out_close(&o);
	kmp_scan_csv_free(&loaded);

	/* a directory cannot be the output */
	CU_ASSERT_NOT_EQUAL(kmp_scan_out_open(&o, tmpdir, 0, 0, 15, 8, NULL, err, sizeof err),
	                    KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, tmpdir));

	const char *names[] = {"new.csv", "thesis.txt", "later.csv"};
	for (size_t i = 0; i < 3; i++) {
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
	TEST_ADD(s, test_done_line);
	TEST_ADD(s, test_parse_good);
	TEST_ADD(s, test_parse_truncated);
	TEST_ADD(s, test_parse_unreadable_row_is_asked_again);
	TEST_ADD(s, test_parse_duplicates_and_garbage);
	TEST_ADD(s, test_render_round_trip);
	TEST_ADD(s, test_output_file);
}
