/* The one CUnit runner for every unit suite; prints CUnit's summary, then
 * how many tests were skipped and why, and exits non-zero when any
 * assertion failed. */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "testing.h"

#define MAX_SUITES 128
static test_suite_fn suites[MAX_SUITES];
static int n_suites;

/* Skips, as test_skip() reported them. */
#define MAX_SKIPS 64
static struct {
	char name[160];
	char why[200];
} skips[MAX_SKIPS];
static unsigned n_skips;

void test_register_suite(test_suite_fn fn)
{
	if (n_suites < MAX_SUITES)
		suites[n_suites++] = fn;
	else
		abort(); /* raise MAX_SUITES */
}

void test_skip(const char *why)
{
	CU_pSuite s = CU_get_current_suite();
	CU_pTest t = CU_get_current_test();
	if (n_skips < MAX_SKIPS) {
		snprintf(skips[n_skips].name, sizeof skips[n_skips].name, "%s/%s",
		         s ? s->pName : "?", t ? t->pName : "?");
		snprintf(skips[n_skips].why, sizeof skips[n_skips].why, "%s", why);
	}
	n_skips++;
}

static void print_skips(void)
{
	printf("\nunit: %u test%s skipped%s\n", n_skips, n_skips == 1 ? "" : "s",
	       n_skips ? ":" : "");
	for (unsigned i = 0; i < n_skips && i < MAX_SKIPS; i++)
		printf("  %s: %s\n", skips[i].name, skips[i].why);
}

int test_hex(const char *hex, unsigned char *out, int cap)
{
	int n = 0, half = -1;
	for (; *hex; hex++) {
		int c = (unsigned char)*hex, v;
		if (isxdigit(c))
			v = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		else if (c == ' ' || c == ':' || c == '-' || c == '\t')
			continue;
		else
			return -1;
		if (half < 0) {
			half = v;
		} else {
			if (n >= cap)
				return -1;
			out[n++] = (unsigned char)(half << 4 | v);
			half = -1;
		}
	}
	return half < 0 ? n : -1;
}

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (int i = 0; i < n_suites; i++)
		suites[i]();
	/* optional filter: run only suites whose name contains argv[1] */
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (argc > 1) {
		CU_pSuite s = CU_get_registry()->pSuite;
		for (; s; s = s->pNext)
			if (strstr(s->pName, argv[1]))
				CU_basic_run_suite(s);
	} else {
		CU_basic_run_tests();
	}
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	unsigned errs = CU_get_error();
	print_skips();
	CU_cleanup_registry();
	return (failed || errs) ? 1 : 0;
}
