/* Register names per meter family: every row of
 * tests/data/registers-by-family.tsv resolves for its family. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/family.h"
#include "testing.h"
#include "tsv.h"

/* The families a row's family column stands for (0, 1 or 2 of them). */
static int families_of(const char *col, kmp_family fam[2])
{
	int n = 0;
	if (strstr(col, "electricity"))
		fam[n++] = KMP_FAMILY_ELECTRICITY;
	if (strstr(col, "MULTICAL 601"))
		fam[n++] = KMP_FAMILY_HEAT_60X;
	else if (strstr(col, "MULTICAL 801"))
		fam[n++] = KMP_FAMILY_HEAT_801;
	else if (strstr(col, "MULTICAL 302"))
		fam[n++] = KMP_FAMILY_HEAT_302;
	else if (strstr(col, "MULTICAL 403") || strstr(col, "MULTICAL 603"))
		fam[n++] = KMP_FAMILY_HEAT_X03;
	return n;
}

/* Rows that only need a name through the fallbacks, not the family's own
 * table: abrander/gometer mixes a 382 and a MULTICAL 601 in one list,
 * bsdphk/PyKamstrup's 382 list holds a heat meter's registers (74..122), and
 * the vendor's "Energy A14" is an example of an ID, not a 601 register. */
static int lenient(const tsv_row *r)
{
	int id = atoi(r->col[0]);
	return strstr(r->col[3], "gometer") || strstr(r->col[2], "example") ||
	       (strstr(r->col[3], "bsdphk/PyKamstrup") && !strcmp(r->col[1], "electricity 382") &&
	        id >= 74 && id <= 122);
}

static void test_every_row_resolves(void)
{
	static tsv_row rows[720];
	char buf[32];
	int n = tsv_read("registers-by-family.tsv", "id", rows, 720), strict = 0;
	CU_ASSERT(n > 600);
	for (int i = 0; i < n; i++) {
		const tsv_row *r = &rows[i];
		kmp_family fam[2];
		int nf = families_of(r->col[1], fam), found = 0, named = 0;
		unsigned id = (unsigned)atoi(r->col[0]);
		CU_ASSERT(nf > 0);
		for (int k = 0; k < nf; k++) {
			found |= kmp_register_family_lookup(fam[k], id) != NULL;
			const char *name = kmp_register_name(fam[k], (uint16_t)id, buf, sizeof buf);
			named |= strncmp(name, "register ", 9) != 0;
		}
		if (lenient(r)) /* a heat register in an electricity list: the generic name */
			named |= strncmp(kmp_register_name(KMP_FAMILY_UNKNOWN, (uint16_t)id, buf,
			                                   sizeof buf),
			                 "register ", 9) != 0;
		else {
			strict++;
			if (!found)
				fprintf(stderr, "\n  line %d: %u not in the %s table\n", r->line,
				        id, r->col[1]);
			CU_ASSERT(found);
		}
		if (!named)
			fprintf(stderr, "\n  line %d: %u has no name for %s\n", r->line, id,
			        r->col[1]);
		CU_ASSERT(named);
	}
	CU_ASSERT(strict > 550); /* the exemptions stay exemptions */
}

static void test_family_meanings(void)
{
	char buf[32];
	/* 1047 is a clock, not a time zone */
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_register_lookup(1047)->name, "clock"));
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(kmp_register_name(KMP_FAMILY_ELECTRICITY, 1047, buf, sizeof buf), "clock"));
	/* 1001..1005 on electricity meters too */
	for (uint16_t id = 1001; id <= 1005; id++)
		CU_ASSERT_PTR_NOT_NULL(kmp_register_family_lookup(KMP_FAMILY_ELECTRICITY, id));
	/* 1010 per family */
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_ELECTRICITY, 1010, buf, sizeof buf),
	                       "Total meter number");
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_HEAT_X03, 1010, buf, sizeof buf),
	                       "Customer number (low 8 digits)");
	/* the unknown family keeps the generic names */
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_UNKNOWN, 60, buf, sizeof buf),
	                       kmp_register_lookup(60)->name);
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_UNKNOWN, 1, buf, sizeof buf),
	                       "Energy in (A+)");
	/* 801 extends the 601 table and renames 157 */
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_HEAT_801, 60, buf, sizeof buf),
	                       "Heat energy E1");
	CU_ASSERT_STRING_NOT_EQUAL(kmp_register_name(KMP_FAMILY_HEAT_801, 157, buf, sizeof buf),
	                           kmp_register_name(KMP_FAMILY_HEAT_60X, 157, buf + 16, 16));
	/* a water meter never gets an electricity meter's name; unknown IDs stay numbers */
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_WATER, 1, buf, sizeof buf),
	                       "register 1");
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_WATER, 582, buf, sizeof buf),
	                       "Battery days left");
	CU_ASSERT_STRING_EQUAL(kmp_register_name(KMP_FAMILY_HEAT_X03, 65000, buf, sizeof buf),
	                       "register 65000");
	CU_ASSERT_STRING_EQUAL(kmp_register_name((kmp_family)99, 60, buf, sizeof buf),
	                       kmp_register_lookup(60)->name);
	CU_ASSERT_PTR_NULL(kmp_register_family_lookup(KMP_FAMILY_UNKNOWN, 60));
	CU_ASSERT_STRING_EQUAL(kmp_family_name(KMP_FAMILY_UNKNOWN), "unknown");
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_family_name(KMP_FAMILY_HEAT_X03), "403"));
}

TEST_SUITE(codec_family_suite)
{
	CU_pSuite s = CU_add_suite("codec registers by family", NULL, NULL);
	TEST_ADD(s, test_every_row_resolves);
	TEST_ADD(s, test_family_meanings);
}
