/* The batch commands' loop (app_loop) and SIGINT: a signal that lands
 * after the loop checked its flag and before it entered poll() must end
 * the loop at once, not when the poll's timeout runs out (a scan pausing
 * for its retries waits many seconds). */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/options.h"
#include "app/session.h"
#include "testing.h"

#define SEC 1000000ull

typedef struct {
	int raised;
	uint64_t wake;
} late_signal;

static int never_done(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The pump runs after the loop's check of the flag: the worst moment. */
static void raise_once(void *ctx, uint64_t now)
{
	late_signal *l = ctx;
	if (l->raised)
		return;
	l->raised = 1;
	l->wake = now + 30 * SEC; /* the next deadline: far away */
	raise(SIGINT);            /* delivered before raise returns */
}

static uint64_t far_wake(void *ctx)
{
	return ((late_signal *)ctx)->wake;
}

static void test_signal_before_poll_wakes_the_loop(void)
{
	/* a pty nobody answers: the link opens, nothing ever comes back */
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	CU_ASSERT_FATAL(master >= 0);
	CU_ASSERT_FATAL(grantpt(master) == 0 && unlockpt(master) == 0);
	char *slave = ptsname(master);
	CU_ASSERT_PTR_NOT_NULL_FATAL(slave);
	char *argv[] = {"kmpterm", "-d", slave, "serial", NULL};
	app_options o;
	memset(&o, 0, sizeof o);
	CU_ASSERT_FATAL(app_parse_options(4, argv, &o) == -1); /* -1: go on */
	app_session s;
	CU_ASSERT_FATAL(app_session_open(&s, &o, 1) == EXIT_SUCCESS);
	CU_ASSERT(app_signal_fd() >= 0);

	app_interrupted = 0;
	late_signal l = {0, 0};
	app_loop_hooks h = {never_done, raise_once, far_wake, &l, 0};
	uint64_t t0 = kmp_now_us();
	int why = app_loop(&s, &h);
	uint64_t took = kmp_now_us() - t0;
	CU_ASSERT(l.raised);
	CU_ASSERT_EQUAL(why, APP_LOOP_INTERRUPTED);
	/* at once, not after the 30 s wait (a generous bound, no timing test) */
	CU_ASSERT(took < 20 * SEC);

	app_session_close(&s);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* the flag and the pipe's byte are sticky by design: clear both, so
	 * no later test starts interrupted */
	char byte;
	while (read(app_signal_fd(), &byte, 1) == 1)
		continue;
	app_interrupted = 0;
	close(master);
}

TEST_SUITE(suite_app_loop)
{
	CU_pSuite s = CU_add_suite("app_loop", NULL, NULL);
	TEST_ADD(s, test_signal_before_poll_wakes_the_loop);
}
