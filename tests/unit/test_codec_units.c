/* Every unit code a public source names has a name, the rest stay raw
 * (tests/data/units-by-source.tsv, one column per source). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/tables.h"
#include "testing.h"
#include "tsv.h"

static void test_units_by_source(void)
{
	static tsv_row rows[128];
	int n = tsv_read("units-by-source.tsv", "code", rows, 128);
	int named[256] = {0};
	CU_ASSERT(n >= 80);
	for (int i = 0; i < n; i++) {
		int code = atoi(rows[i].col[0]);
		CU_ASSERT_FATAL(code >= 0 && code < 256);
		for (int c = 1; c < rows[i].ncol; c++) /* a name in any source column */
			if (strspn(rows[i].col[c], " ") != strlen(rows[i].col[c]))
				named[code] = 1;
	}
	for (int code = 0; code < 256; code++) {
		const char *u = kmp_unit_name((unsigned)code),
		           *a = kmp_unit_name_ascii((unsigned)code);
		if (named[code] != (u != NULL))
			fprintf(stderr, "\n  unit %d: named by a source %d, by kmpterm %s\n", code,
			        named[code], u ? u : "(none)");
		CU_ASSERT_EQUAL(named[code], u != NULL);
		CU_ASSERT_EQUAL(u != NULL, a != NULL);
		for (const char *p = a; p && *p; p++) /* the ASCII names are ASCII */
			CU_ASSERT((unsigned char)*p < 0x80);
	}
	/* the codes issue 13 lists, as the sources spell them */
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(67), "Hz");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(69), "%");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(72), "KamDateTime");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(79), "DST YY-MM-DD hh:mm:ss");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(85), "%RH");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name_ascii(86), "%O2");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(90), "g/kg");
	/* unknown codes keep their raw number */
	char buf[32];
	CU_ASSERT_STRING_EQUAL(kmp_unit_label(80, buf, sizeof buf), "unit 0x50");
	CU_ASSERT_STRING_EQUAL(kmp_unit_label(89, buf, sizeof buf), "pH");
}

TEST_SUITE(codec_units_suite)
{
	CU_pSuite s = CU_add_suite("codec units by source", NULL, NULL);
	TEST_ADD(s, test_units_by_source);
}
