/* The one number/ID/range parser (kmp/parse.h), table-driven: every edge
 * of the grammar (sign, blanks, octal-looking zeros, 0x alone, overflow at
 * and past each limit, nan/inf, exponents) in one place. */
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/parse.h"
#include "testing.h"

static void test_uint_table(void)
{
	static const struct {
		const char *s;
		uint64_t max;
		int rc;
		uint64_t v;
	} t[] = {
	        {"0", 10, KMP_OK, 0},
	        {"7", 10, KMP_OK, 7},
	        {"10", 10, KMP_OK, 10},
	        {"11", 10, KMP_ERR_RANGE, 0},
	        {"010", 100, KMP_OK, 10}, /* a leading zero is decimal, not octal */
	        {"0009", 100, KMP_OK, 9},
	        {"0x10", 100, KMP_OK, 16},
	        {"0X1f", 100, KMP_OK, 31},
	        {"0xfF", 255, KMP_OK, 255},
	        {"0x100", 255, KMP_ERR_RANGE, 0},
	        {"0x0", 0, KMP_OK, 0},
	        {"1", 0, KMP_ERR_RANGE, 0},
	        {"65535", 65535, KMP_OK, 65535},
	        {"65536", 65535, KMP_ERR_RANGE, 0},
	        {"18446744073709551615", UINT64_MAX, KMP_OK, UINT64_MAX},
	        {"18446744073709551616", UINT64_MAX, KMP_ERR_RANGE, 0},
	        {"0xFFFFFFFFFFFFFFFF", UINT64_MAX, KMP_OK, UINT64_MAX},
	        {"0x10000000000000000", UINT64_MAX, KMP_ERR_RANGE, 0},
	        /* 2^64 + 5 must not wrap to 5 */
	        {"18446744073709551621", 100, KMP_ERR_RANGE, 0},
	        {"99999999999999999999999999", 65535, KMP_ERR_RANGE, 0},
	        {"", 10, KMP_ERR_ARG, 0},
	        {"0x", 10, KMP_ERR_ARG, 0},
	        {"0X", 10, KMP_ERR_ARG, 0},
	        {"x10", 100, KMP_ERR_ARG, 0},
	        {"0xg", 100, KMP_ERR_ARG, 0},
	        {"0x1g", 100, KMP_ERR_ARG, 0},
	        {"-1", 100, KMP_ERR_ARG, 0},
	        {"+1", 100, KMP_ERR_ARG, 0},
	        {" 1", 100, KMP_ERR_ARG, 0},
	        {"1 ", 100, KMP_ERR_ARG, 0},
	        {"1\n", 100, KMP_ERR_ARG, 0},
	        {"1e3", 10000, KMP_ERR_ARG, 0},
	        {"1.0", 100, KMP_ERR_ARG, 0},
	        {"12a", 100, KMP_ERR_ARG, 0},
	        {"a", 100, KMP_ERR_ARG, 0},
	        {"0b1", 100, KMP_ERR_ARG, 0},
	        {"1_000", 10000, KMP_ERR_ARG, 0},
	        {"\xd9\xa3", 100, KMP_ERR_ARG, 0}, /* an Arabic-Indic digit is no digit */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint64_t v = 12345;
		int rc = kmp_parse_uint(t[i].s, t[i].max, &v);
		if (rc != t[i].rc || (rc == KMP_OK && v != t[i].v))
			fprintf(stderr, "\nuint '%s' max %llu: rc %d v %llu\n", t[i].s,
			        (unsigned long long)t[i].max, rc, (unsigned long long)v);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		CU_ASSERT_EQUAL(v, t[i].rc == KMP_OK ? t[i].v : 12345); /* untouched on error */
	}
	uint64_t v;
	CU_ASSERT_EQUAL(kmp_parse_uint(NULL, 10, &v), KMP_ERR_ARG);
	/* the _n form reads exactly len characters */
	CU_ASSERT_EQUAL(kmp_parse_uint_n("60,68", 2, 65535, &v), KMP_OK);
	CU_ASSERT_EQUAL(v, 60);
	CU_ASSERT_EQUAL(kmp_parse_uint_n("60,68", 3, 65535, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_parse_uint_n("60", 0, 65535, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_parse_uint_n("0x1", 2, 65535, &v), KMP_ERR_ARG);
}

static void test_id(void)
{
	uint16_t id = 7;
	CU_ASSERT_EQUAL(kmp_parse_id("0x3EA", &id), KMP_OK);
	CU_ASSERT_EQUAL(id, 1002);
	CU_ASSERT_EQUAL(kmp_parse_id("65535", &id), KMP_OK);
	CU_ASSERT_EQUAL(id, 65535);
	CU_ASSERT_EQUAL(kmp_parse_id("65536", &id), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmp_parse_id("0x10000", &id), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmp_parse_id("-0", &id), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(id, 65535);
}

static void test_range_table(void)
{
	static const struct {
		const char *s;
		int rc;
		unsigned from, to;
		const char *why; /* part of the message on error */
	} t[] = {
	        {"0-65535", KMP_OK, 0, 65535, NULL},
	        {"0..65535", KMP_OK, 0, 65535, NULL},
	        {"0xFFFF-0xffff", KMP_OK, 65535, 65535, NULL},
	        {"0x3E8 - 0x7D0", KMP_OK, 1000, 2000, NULL},
	        {" 10 .. 20 ", KMP_OK, 10, 20, NULL},
	        {"\t5\t", KMP_OK, 5, 5, NULL},
	        {"42", KMP_OK, 42, 42, NULL},
	        {"010-011", KMP_OK, 10, 11, NULL},
	        {"7-7", KMP_OK, 7, 7, NULL},
	        {"", KMP_ERR_ARG, 0, 0, "a range is missing"},
	        {"   ", KMP_ERR_ARG, 0, 0, "a range is missing"},
	        {"70000", KMP_ERR_RANGE, 0, 0, "70000 is not a register ID (0..65535)"},
	        {"0x10000", KMP_ERR_RANGE, 0, 0, "0x10000 is not a register ID"},
	        {"99999999999999999999", KMP_ERR_RANGE, 0, 0, "is not a register ID (0..65535)"},
	        {"10-70000", KMP_ERR_RANGE, 0, 0, "70000 is not a register ID"},
	        {"5-2", KMP_ERR_RANGE, 0, 0, "empty range: 5 is above 2"},
	        {"5..2", KMP_ERR_RANGE, 0, 0, "empty range: 5 is above 2"},
	        {"abc", KMP_ERR_ARG, 0, 0, "'abc' is not a register ID"},
	        {"1-", KMP_ERR_ARG, 0, 0, "a register ID is missing"},
	        {"1..", KMP_ERR_ARG, 0, 0, "a register ID is missing"},
	        {"1-2-3", KMP_ERR_ARG, 0, 0, "unexpected '-3' after the range"},
	        {"1.2", KMP_ERR_ARG, 0, 0, "expected A-B"},
	        {"1...2", KMP_ERR_ARG, 0, 0, "'.' is not a register ID"},
	        {"1 2", KMP_ERR_ARG, 0, 0, "expected A-B, e.g. 0-2000 (got '2' after 1)"},
	        {"-5", KMP_ERR_ARG, 0, 0, "'-' is not a register ID"},
	        {"+5", KMP_ERR_ARG, 0, 0, "'+5' is not a register ID"},
	        {"0x", KMP_ERR_ARG, 0, 0, "'0x' is not a register ID"},
	        {"0x1G", KMP_ERR_ARG, 0, 0, "expected A-B, e.g. 0-2000 (got 'G' after 1)"},
	        {"1--2", KMP_ERR_ARG, 0, 0, "'-' is not a register ID"},
	        {"1,2", KMP_ERR_ARG, 0, 0, "expected A-B"},
	};
	char err[200];
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint16_t a = 1, b = 2;
		err[0] = 0;
		int rc = kmp_parse_range(t[i].s, &a, &b, err, sizeof err);
		int ok = rc == t[i].rc &&
		         (rc == KMP_OK ? a == t[i].from && b == t[i].to
		                       : a == 1 && b == 2 && strstr(err, t[i].why) != NULL);
		if (!ok)
			fprintf(stderr, "\nrange '%s': rc %d %u-%u err '%s'\n", t[i].s, rc, a, b,
			        err);
		CU_ASSERT(ok);
	}
	uint16_t a, b;
	CU_ASSERT_EQUAL(kmp_parse_range(NULL, &a, &b, NULL, 0), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_parse_range("9-2", &a, &b, NULL, 0), KMP_ERR_RANGE);
	/* the _n form: exactly len characters */
	CU_ASSERT_EQUAL(kmp_parse_range_n("3-9,12", 3, &a, &b, NULL, 0), KMP_OK);
	CU_ASSERT_EQUAL(a, 3);
	CU_ASSERT_EQUAL(b, 9);
	CU_ASSERT_EQUAL(kmp_parse_range_n("3-9,12", 4, &a, &b, NULL, 0), KMP_ERR_ARG);
	/* a message never runs past a short buffer */
	char small[8];
	kmp_parse_range("abcdefghijklmnop", &a, &b, small, sizeof small);
	CU_ASSERT_EQUAL(strlen(small), sizeof small - 1);
}

static void test_id_list_table(void)
{
	static const struct {
		const char *s;
		int rc;
		size_t n;
		unsigned ids[4];
		const char *why;
	} t[] = {
	        {"60", KMP_OK, 1, {60}, NULL},
	        {"60,68", KMP_OK, 2, {60, 68}, NULL},
	        {"60, 68 0x3EA", KMP_OK, 3, {60, 68, 1002}, NULL},
	        {" 60\t,\t68 ", KMP_OK, 2, {60, 68}, NULL},
	        {"010,0", KMP_OK, 2, {10, 0}, NULL},
	        {"65535", KMP_OK, 1, {65535}, NULL},
	        {"", KMP_ERR_ARG, 0, {0}, "empty register list"},
	        {"  ", KMP_ERR_ARG, 0, {0}, "empty register list"},
	        {",60", KMP_ERR_ARG, 0, {0}, "empty register ID"},
	        {"60,,68", KMP_ERR_ARG, 0, {0}, "empty register ID"},
	        {"60, ,68", KMP_ERR_ARG, 0, {0}, "empty register ID"},
	        {"60,", KMP_ERR_ARG, 0, {0}, "empty register ID"},
	        {"60,abc", KMP_ERR_ARG, 0, {0}, "invalid register 'abc'"},
	        {"70000", KMP_ERR_RANGE, 0, {0}, "invalid register '70000' (an ID 0..65535"},
	        {"-1", KMP_ERR_ARG, 0, {0}, "invalid register '-1'"},
	        {"1e3", KMP_ERR_ARG, 0, {0}, "invalid register '1e3'"},
	        {"60-70", KMP_ERR_ARG, 0, {0}, "invalid register '60-70'"},
	        {"1,2,3,4,5", KMP_ERR_NOSPACE, 0, {0}, "too many registers (at most 4)"},
	};
	char err[200];
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint16_t ids[4] = {0};
		size_t n = 0;
		err[0] = 0;
		int rc = kmp_parse_id_list(t[i].s, ids, &n, 4, err, sizeof err);
		int ok = rc == t[i].rc;
		if (ok && rc == KMP_OK) {
			ok = n == t[i].n;
			for (size_t k = 0; ok && k < n; k++)
				ok = ids[k] == t[i].ids[k];
		} else if (ok) {
			ok = strstr(err, t[i].why) != NULL;
		}
		if (!ok)
			fprintf(stderr, "\nlist '%s': rc %d n %zu err '%s'\n", t[i].s, rc, n, err);
		CU_ASSERT(ok);
	}
	/* appends after what is there */
	uint16_t ids[4] = {99};
	size_t n = 1;
	CU_ASSERT_EQUAL(kmp_parse_id_list("1,2", ids, &n, 4, NULL, 0), KMP_OK);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(ids[0], 99);
	CU_ASSERT_EQUAL(ids[2], 2);
	CU_ASSERT_EQUAL(kmp_parse_id_list(NULL, ids, &n, 4, NULL, 0), KMP_ERR_ARG);
}

static void test_seconds_table(void)
{
	const uint64_t day = 86400ull * 1000000;
	static const struct {
		const char *s;
		int rc;
		uint64_t us;
	} t[] = {
	        {"0", KMP_OK, 0},
	        {"0.0", KMP_OK, 0},
	        {"10", KMP_OK, 10000000},
	        {"0.5", KMP_OK, 500000},
	        {"1.25", KMP_OK, 1250000},
	        {"007", KMP_OK, 7000000},
	        {"0.000001", KMP_OK, 1},
	        {"0.0000005", KMP_OK, 1}, /* rounded to the nearest microsecond */
	        {"0.0000004", KMP_OK, 0},
	        {"0.1234564999", KMP_OK, 123456},
	        {"86400", KMP_OK, 86400000000ull},
	        {"86400.0000001", KMP_OK, 86400000000ull},
	        {"86400.000001", KMP_ERR_RANGE, 0},
	        {"86401", KMP_ERR_RANGE, 0},
	        {"99999999999999999999999999", KMP_ERR_RANGE, 0},
	        {"nan", KMP_ERR_ARG, 0},
	        {"NaN", KMP_ERR_ARG, 0},
	        {"inf", KMP_ERR_ARG, 0},
	        {"infinity", KMP_ERR_ARG, 0},
	        {"-0", KMP_ERR_ARG, 0},
	        {"-1", KMP_ERR_ARG, 0},
	        {"+1", KMP_ERR_ARG, 0},
	        {"1e3", KMP_ERR_ARG, 0},
	        {"1E-3", KMP_ERR_ARG, 0},
	        {"0x10", KMP_ERR_ARG, 0}, /* hex seconds: not a thing */
	        {"0x1p3", KMP_ERR_ARG, 0},
	        {".5", KMP_ERR_ARG, 0},
	        {"5.", KMP_ERR_ARG, 0},
	        {"1.2.3", KMP_ERR_ARG, 0},
	        {"1,5", KMP_ERR_ARG, 0}, /* no locale decimal comma */
	        {" 1", KMP_ERR_ARG, 0},
	        {"1 ", KMP_ERR_ARG, 0},
	        {"", KMP_ERR_ARG, 0},
	        {"1s", KMP_ERR_ARG, 0},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint64_t us = 42;
		int rc = kmp_parse_seconds(t[i].s, day, &us);
		if (rc != t[i].rc || (rc == KMP_OK && us != t[i].us))
			fprintf(stderr, "\nseconds '%s': rc %d us %llu\n", t[i].s, rc,
			        (unsigned long long)us);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		CU_ASSERT_EQUAL(us, rc == KMP_OK ? t[i].us : 42);
	}
	uint64_t us;
	CU_ASSERT_EQUAL(kmp_parse_seconds(NULL, day, &us), KMP_ERR_ARG);
	/* a limit below one second */
	CU_ASSERT_EQUAL(kmp_parse_seconds("0.5", 500000, &us), KMP_OK);
	CU_ASSERT_EQUAL(kmp_parse_seconds("0.6", 500000, &us), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmp_parse_seconds("1", 500000, &us), KMP_ERR_RANGE);
	/* the largest limit does not overflow */
	CU_ASSERT_EQUAL(kmp_parse_seconds("18446744073709", UINT64_MAX, &us), KMP_OK);
	CU_ASSERT_EQUAL(us, 18446744073709000000ull);
	CU_ASSERT_EQUAL(kmp_parse_seconds("18446744073710", UINT64_MAX, &us), KMP_ERR_RANGE);
}

TEST_SUITE(suite_parse)
{
	CU_pSuite s = CU_add_suite("parse", NULL, NULL);
	TEST_ADD(s, test_uint_table);
	TEST_ADD(s, test_id);
	TEST_ADD(s, test_range_table);
	TEST_ADD(s, test_id_list_table);
	TEST_ADD(s, test_seconds_table);
}
