/* test_csv_journal.c - the shared CSV writer/splitter and the journal:
 * quoting both ways, CRLF, a row that does not fit, torn journal lines,
 * atomic replacement leaving no temporary file behind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/csv.h"
#include "feature/journal.h"
#include "kmp/error.h"
#include "testing.h"

static void test_csv_line(void)
{
	char b[128];
	kmp_csv_line l;
	kmp_csv_begin(&l, b, sizeof b);
	kmp_csv_putf(&l, "%u", 123u);
	kmp_csv_put(&l, "Max flow date, year");
	kmp_csv_put(&l, "say \"hi\"");
	kmp_csv_put(&l, NULL);
	kmp_csv_put(&l, "m³");
	kmp_csv_put(&l, "a\nb");
	int n = kmp_csv_end(&l);
	const char *want = "123,\"Max flow date, year\",\"say \"\"hi\"\"\",,m³,\"a b\"\r\n";
	CU_ASSERT_STRING_EQUAL(b, want);
	CU_ASSERT_EQUAL(n, (int)strlen(want));

	/* too long: -1 and an empty buffer, never half a row */
	char small[8];
	kmp_csv_begin(&l, small, sizeof small);
	kmp_csv_put(&l, "abc");
	kmp_csv_put(&l, "defg");
	CU_ASSERT_EQUAL(kmp_csv_end(&l), -1);
	CU_ASSERT_STRING_EQUAL(small, "");
	/* exactly fitting: "abc,d\r\n" is 7 + NUL */
	kmp_csv_begin(&l, small, sizeof small);
	kmp_csv_put(&l, "abc");
	kmp_csv_put(&l, "d");
	CU_ASSERT_EQUAL(kmp_csv_end(&l), 7);

	const char *names[] = {"id", "name", "value"};
	CU_ASSERT_EQUAL(kmp_csv_header(names, 3, b, sizeof b), 15);
	CU_ASSERT_STRING_EQUAL(b, "id,name,value\r\n");
}

static void test_csv_split(void)
{
	const char *line = "123,\"Max flow date, year\",\"say \"\"hi\"\"\",,m³,\r";
	char scratch[256];
	kmp_csv_fields f;
	CU_ASSERT_EQUAL_FATAL(kmp_csv_split(line, strlen(line), scratch, &f), 0);
	CU_ASSERT_EQUAL_FATAL(f.n, 6);
	CU_ASSERT_STRING_EQUAL(f.f[0], "123");
	CU_ASSERT_STRING_EQUAL(f.f[1], "Max flow date, year");
	CU_ASSERT_STRING_EQUAL(f.f[2], "say \"hi\"");
	CU_ASSERT_STRING_EQUAL(f.f[3], "");
	CU_ASSERT_STRING_EQUAL(f.f[4], "m³");
	CU_ASSERT_STRING_EQUAL(f.f[5], "");
	CU_ASSERT_EQUAL(f.len[2], 8);
	CU_ASSERT_EQUAL(kmp_csv_column(&f, "m³"), 4);
	CU_ASSERT_EQUAL(kmp_csv_column(&f, "nope"), -1);

	const char *bad[] = {"\"open", "a\"b", "\"x\"y,1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(kmp_csv_split(bad[i], strlen(bad[i]), scratch, &f), -1);

	/* what the writer writes, the splitter reads back */
	char b[256];
	kmp_csv_line l;
	kmp_csv_begin(&l, b, sizeof b);
	kmp_csv_put(&l, ",\"\",");
	kmp_csv_put(&l, "plain");
	int n = kmp_csv_end(&l);
	CU_ASSERT_EQUAL_FATAL(kmp_csv_split(b, (size_t)n - 1, scratch, &f), 0);
	CU_ASSERT_EQUAL(f.n, 2);
	CU_ASSERT_STRING_EQUAL(f.f[0], ",\"\",");
	CU_ASSERT_STRING_EQUAL(f.f[1], "plain");
}

static void test_journal_lines(void)
{
	const char *t = "kmpterm-scan 1\r\nrange 0-7\ndone 0-7 found 3\ndone 8-1";
	size_t pos = 0, n, kl, vl;
	const char *line, *v;
	int count = 0;
	while (kmp_journal_lines(t, strlen(t), &pos, &line, &n)) {
		count++;
		if (count == 3) {
			kmp_journal_kv(line, n, &kl, &v, &vl);
			CU_ASSERT_EQUAL(kl, 4);
			CU_ASSERT_EQUAL(strncmp(v, "0-7 found 3", vl), 0);
			CU_ASSERT_EQUAL(vl, 11);
		}
		if (count == 1)
			CU_ASSERT_EQUAL(n, 14); /* the CR is not part of the line */
	}
	CU_ASSERT_EQUAL(count, 3); /* the torn "done 8-1" is no line */
}

static void test_journal_file(void)
{
	char dir[] = "/tmp/kmp-journal-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char path[256], jpath[300], err[512];
	snprintf(path, sizeof path, "%s/regs.csv", dir);
	CU_ASSERT_EQUAL(kmp_journal_path(path, jpath, sizeof jpath), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(jpath, "regs.csv.journal"));

	kmp_journal j;
	CU_ASSERT_EQUAL_FATAL(kmp_journal_create(&j, jpath, "a 1\n", 4, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(kmp_journal_append(&j, "b 2\n", 4), KMP_OK);
	kmp_journal_close(&j);
	char *text;
	size_t len;
	CU_ASSERT_EQUAL_FATAL(kmp_read_file(jpath, 1 << 20, &text, &len), KMP_OK);
	CU_ASSERT_STRING_EQUAL(text, "a 1\nb 2\n");
	free(text);
	/* compacting replaces it whole */
	CU_ASSERT_EQUAL_FATAL(kmp_journal_create(&j, jpath, "c 3\n", 4, err, sizeof err), KMP_OK);
	kmp_journal_close(&j);
	CU_ASSERT_EQUAL_FATAL(kmp_read_file(jpath, 1 << 20, &text, &len), KMP_OK);
	CU_ASSERT_STRING_EQUAL(text, "c 3\n");
	free(text);
	CU_ASSERT_EQUAL(kmp_read_file(path, 100, &text, &len), KMP_ERR_NODEV);
	/* too large for max */
	CU_ASSERT_EQUAL(kmp_read_file(jpath, 2, &text, &len), KMP_ERR_IO);
	CU_ASSERT_EQUAL(errno, EFBIG);

	/* a stale temporary file of a killed replacement is removed */
	char stale[400];
	snprintf(stale, sizeof stale, "%s.tmp.AbC123", jpath);
	FILE *f = fopen(stale, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	kmp_remove_stale_temps(jpath);
	CU_ASSERT_NOT_EQUAL(access(stale, F_OK), 0);

	/* a replacement into a missing directory fails with the path */
	char nodir[300];
	snprintf(nodir, sizeof nodir, "%s/no/such.journal", dir);
	CU_ASSERT_NOT_EQUAL(kmp_journal_create(&j, nodir, "x\n", 2, err, sizeof err), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no/such.journal"));

	unlink(jpath);
	rmdir(dir);
}

TEST_SUITE(suite_csv_journal)
{
	CU_pSuite s = CU_add_suite("csv_journal", NULL, NULL);
	TEST_ADD(s, test_csv_line);
	TEST_ADD(s, test_csv_split);
	TEST_ADD(s, test_journal_lines);
	TEST_ADD(s, test_journal_file);
}
