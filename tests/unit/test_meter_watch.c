/* Is the meter answering? (feature/meter_watch.h), from synthetic events. */
#include <string.h>

#include "feature/meter_watch.h"
#include "kmp/error.h"
#include "testing.h"

#define SEC 1000000ull

static kmp_msg msg; /* a decoded reply: its content does not matter here */

static kmp_event ev(kmp_event_kind kind, int status, uint64_t t)
{
	kmp_event e;
	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.status = status;
	e.t_us = t;
	e.wall.tv_sec = (time_t)(t / SEC);
	if (kind == KMP_EV_RX && status == KMP_OK)
		e.msg = &msg;
	return e;
}

static void feed(kmp_meter_watch *w, kmp_event_kind kind, int status, uint64_t t)
{
	kmp_event e = ev(kind, status, t);
	kmp_meter_watch_event(w, &e);
}

static void test_never_answered(void)
{
	kmp_meter_watch w;
	kmp_meter_watch_init(&w);
	CU_ASSERT_EQUAL(w.state, KMP_METER_UNKNOWN);
	CU_ASSERT_PTR_NULL(kmp_meter_next_step(&w));
	feed(&w, KMP_EV_LINK_UP, KMP_OK, 1 * SEC);
	feed(&w, KMP_EV_TX, KMP_OK, 2 * SEC);
	feed(&w, KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 4 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_NOT_ANSWERING);
	CU_ASSERT_EQUAL(w.since_us, 4 * SEC);
	CU_ASSERT_STRING_EQUAL(kmp_meter_next_step(&w), "press 5 to identify");
	char buf[80];
	CU_ASSERT(strncmp(kmp_meter_state_text(&w, buf, sizeof buf), "not answering since ", 20) ==
	          0);
	unsigned long ch = w.changes;
	feed(&w, KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 8 * SEC);
	CU_ASSERT_EQUAL(w.since_us, 4 * SEC); /* since the first failure */
	CU_ASSERT_EQUAL(w.changes, ch);
	CU_ASSERT_EQUAL(w.failures, 2);
}

static void test_echo_only(void)
{
	kmp_meter_watch w;
	kmp_meter_watch_init(&w);
	feed(&w, KMP_EV_ECHO, KMP_OK, 1 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_UNKNOWN); /* an echo alone decides nothing */
	feed(&w, KMP_EV_TIMEOUT, KMP_ERR_ECHO_ONLY, 2 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_ECHO_ONLY);
	CU_ASSERT_STRING_EQUAL(kmp_meter_next_step(&w), "press 3 to align");
	CU_ASSERT_STRING_EQUAL(kmp_meter_state_name(w.state), "echo only");
}

static void test_asleep_and_back(void)
{
	kmp_meter_watch w;
	kmp_meter_watch_init(&w);
	feed(&w, KMP_EV_RX, KMP_OK, 10 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_ANSWERING);
	CU_ASSERT_FALSE(w.came_back);
	CU_ASSERT_PTR_NULL(kmp_meter_next_step(&w));
	feed(&w, KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 20 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_ASLEEP);
	CU_ASSERT_EQUAL(w.last_answer_us, 10 * SEC);
	char buf[80];
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(kmp_meter_state_text(&w, buf, sizeof buf), "was answering until"));
	CU_ASSERT_STRING_EQUAL(kmp_meter_next_step(&w), "press the meter's button to wake it");
	/* a damaged reply proves the meter is there but is no answer */
	feed(&w, KMP_EV_RX, KMP_ERR_CRC, 25 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_ASLEEP);
	feed(&w, KMP_EV_RX, KMP_OK, 30 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_ANSWERING);
	CU_ASSERT_TRUE(w.came_back);
	feed(&w, KMP_EV_RX, KMP_OK, 31 * SEC);
	CU_ASSERT_FALSE(w.came_back);
	/* a new link: whoever is behind the head has to answer anew */
	feed(&w, KMP_EV_LINK_UP, KMP_OK, 40 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_UNKNOWN);
	feed(&w, KMP_EV_TIMEOUT, KMP_ERR_TIMEOUT, 42 * SEC);
	CU_ASSERT_EQUAL(w.state, KMP_METER_NOT_ANSWERING);
}

TEST_SUITE(meter_watch_suite)
{
	CU_pSuite s = CU_add_suite("meter watch", NULL, NULL);
	TEST_ADD(s, test_never_answered);
	TEST_ADD(s, test_echo_only);
	TEST_ADD(s, test_asleep_and_back);
}
