/* test_error.c - kmp_strerror and kmp_err_name over the whole error space:
 * every code has its own phrase (a front end prints it after a device
 * name, so it starts in lower case), and codes outside the enum say so. */
#include <ctype.h>
#include <string.h>

#include "kmp/error.h"
#include "testing.h"

#define LOWEST -200 /* below every code kmp/error.h defines */

static void test_strerror_distinct(void)
{
	static const char *seen[-LOWEST + 1];
	int known = 0;
	CU_ASSERT_STRING_EQUAL(kmp_strerror(KMP_OK), "ok");
	CU_ASSERT_PTR_NULL(kmp_err_name(KMP_OK));
	for (int e = -1; e >= LOWEST; e--) {
		const char *msg = kmp_strerror(e);
		CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
		if (!strcmp(msg, "unknown error"))
			continue;
		known++;
		CU_ASSERT(islower((unsigned char)msg[0]));
		for (int k = 1; k < -e; k++)
			if (seen[k] && !strcmp(seen[k], msg))
				CU_FAIL("two kmp_err codes share one message");
		seen[-e] = msg;
		/* every code has a machine name for JSON and logs */
		const char *name = kmp_err_name(e);
		CU_ASSERT_PTR_NOT_NULL(name);
		CU_ASSERT(name && *name && !strchr(name, ' '));
	}
	/* the codes kmp/error.h had when this test was written, at least */
	CU_ASSERT(known >= 25);
	CU_ASSERT_STRING_EQUAL(kmp_strerror(1), "unknown error");
	CU_ASSERT_STRING_EQUAL(kmp_strerror(LOWEST - 1), "unknown error");
	CU_ASSERT_STRING_EQUAL(kmp_strerror(KMP_ERR_BAD_INPUT), "invalid input");
	CU_ASSERT_STRING_EQUAL(kmp_err_name(KMP_ERR_BAD_INPUT), "bad_input");
}

TEST_SUITE(codec_error_suite)
{
	CU_pSuite s = CU_add_suite("codec_error", NULL, NULL);
	TEST_ADD(s, test_strerror_distinct);
}
