/* testing.h - CUnit glue: every tests/unit/test_*.c registers its suites
 * with TEST_SUITE(name) { CU_pSuite s = CU_add_suite(...); CU_add_test(s,...); }
 * and the single runner (tests/unit/main.c) calls them all.  Tests run from
 * the repository root; their data lives in tests/data/. */
#ifndef TESTS_TESTING_H
#define TESTS_TESTING_H

#include <CUnit/CUnit.h>

#define TEST_DATA_DIR "tests/data/"

typedef void (*test_suite_fn)(void);
void test_register_suite(test_suite_fn fn);

#define TEST_SUITE(fn)                                                                             \
	static void fn(void);                                                                      \
	__attribute__((constructor)) static void fn##_register(void)                               \
	{                                                                                          \
		test_register_suite(fn);                                                           \
	}                                                                                          \
	static void fn(void)

/* Add a test or fail the registration loudly. */
#define TEST_ADD(suite, func)                                                                      \
	do {                                                                                       \
		if (!CU_add_test((suite), #func, (func)))                                          \
			CU_FAIL_FATAL("CU_add_test " #func);                                       \
	} while (0)

/* Mark the running test skipped, saying why ("running as root, which
 * ignores file modes"); return right after.  A skip is not a pass: the
 * runner counts the skipped tests and lists each with its reason. */
void test_skip(const char *why);

/* Parse hex ("80 3F:10", separators ignored) into out; returns bytes or -1. */
int test_hex(const char *hex, unsigned char *out, int cap);

#endif
