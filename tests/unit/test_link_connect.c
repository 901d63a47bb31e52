/* test_link_connect.c - opening a link never blocks: a TCP connect runs
 * in two phases (EINPROGRESS, then POLLOUT and SO_ERROR) under a deadline
 * the caller's clock decides, a host name is looked up off the caller's
 * thread, and a write that finds no room says so at once.  Deadlines are
 * tested by passing a later time, never by waiting for it. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/client.h"
#include "kmp/error.h"
#include "link/link.h"
#include "link_fixture.h"
#include "testing.h"

static char errbuf[512];

static int open_at(kmp_link **l, const char *url, unsigned timeout_ms, uint64_t now)
{
	kmp_link_config cfg;
	kmp_link_config_default(&cfg);
	cfg.device = url;
	cfg.connect_timeout_ms = timeout_ms;
	errbuf[0] = '\0';
	return kmp_link_open(l, &cfg, now, errbuf, sizeof errbuf);
}

static void close_all(int s, int fill[FX_HANG_FILL])
{
	for (int i = 0; i < FX_HANG_FILL; i++)
		if (fill[i] >= 0)
			close(fill[i]);
	close(s);
}

/* A bridge that does not answer: the open returns at once, the link says
 * what to poll for and until when, and the caller's clock ends it. */
static void test_tcp_connect_hangs(void)
{
	unsigned port;
	int fill[FX_HANG_FILL];
	int s = fx_hang_listener(&port, fill);
	CU_ASSERT_FATAL(s >= 0);
	char url[64];
	snprintf(url, sizeof url, "tcp://127.0.0.1:%u", port);

	const uint64_t t0 = 1000000000u;
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(open_at(&l, url, 3000, t0), KMP_ERR_IN_PROGRESS);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(errbuf, "");
	CU_ASSERT(!kmp_link_up(l));
	CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "tcp");
	CU_ASSERT(kmp_link_fd(l) >= 0);
	CU_ASSERT_EQUAL(kmp_link_events(l), POLLOUT);
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, t0), 3000);
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, t0 + 2500000), 500);
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, t0 + 2999001), 1); /* rounded up */
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, t0 + 9000000), 0);

	/* nothing to read or write on a socket still connecting */
	uint8_t buf[8] = {0};
	CU_ASSERT_EQUAL(kmp_link_write(l, buf, sizeof buf), KMP_ERR_IN_PROGRESS);
	CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), KMP_ERR_IN_PROGRESS);
	kmp_link_flush_input(l); /* a no-op, not a crash */

	CU_ASSERT_EQUAL(kmp_link_progress(l, 0, t0 + 1000000, errbuf, sizeof errbuf),
	                KMP_ERR_IN_PROGRESS);
	CU_ASSERT_EQUAL(kmp_link_progress(l, 0, t0 + 3000000, errbuf, sizeof errbuf),
	                KMP_ERR_TIMEOUT_CONNECT);
	char want[128];
	snprintf(want, sizeof want, "%s: no connection within 3 s (the bridge does not answer)",
	         url);
	CU_ASSERT_STRING_EQUAL(errbuf, want);
	CU_ASSERT_EQUAL(errno, ETIMEDOUT);
	CU_ASSERT_EQUAL(kmp_link_errno(l), ETIMEDOUT);
	CU_ASSERT(!kmp_err_permanent(KMP_ERR_TIMEOUT_CONNECT));
	kmp_link_close(l);

	/* a timeout that is no whole number of seconds is given in ms */
	CU_ASSERT_EQUAL_FATAL(open_at(&l, url, 1500, t0), KMP_ERR_IN_PROGRESS);
	CU_ASSERT_EQUAL(kmp_link_progress(l, 0, t0 + 1500000, errbuf, sizeof errbuf),
	                KMP_ERR_TIMEOUT_CONNECT);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "no connection within 1500 ms"));
	kmp_link_close(l);

	/* the default deadline is 5 s */
	kmp_link_config cfg = {.device = url};
	CU_ASSERT_EQUAL_FATAL(kmp_link_open(&l, &cfg, t0, errbuf, sizeof errbuf),
	                      KMP_ERR_IN_PROGRESS);
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, t0), 5000);
	kmp_link_close(l); /* closing a link that still connects */
	close_all(s, fill);
}

/* A bridge that answers: POLLOUT, then up, then POLLIN as usual. */
static void test_tcp_connect_two_phases(void)
{
	unsigned port;
	int s = fx_listen_local(&port, 1);
	CU_ASSERT_FATAL(s >= 0);
	char url[64];
	snprintf(url, sizeof url, "socket://127.0.0.1:%u", port);
	kmp_link *l = NULL;
	int rc = open_at(&l, url, 0, kmp_now_us());
	CU_ASSERT_FATAL(rc == KMP_OK || rc == KMP_ERR_IN_PROGRESS);
	if (rc == KMP_ERR_IN_PROGRESS) {
		CU_ASSERT_EQUAL(kmp_link_events(l), POLLOUT);
		short re = fx_wait_fd(kmp_link_fd(l), POLLOUT);
		CU_ASSERT(re & POLLOUT);
		rc = kmp_link_progress(l, re, kmp_now_us(), errbuf, sizeof errbuf);
	}
	CU_ASSERT_EQUAL_FATAL(rc, KMP_OK);
	CU_ASSERT(kmp_link_up(l));
	CU_ASSERT_EQUAL(kmp_link_events(l), POLLIN);
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, kmp_now_us()), -1);
	CU_ASSERT_EQUAL(kmp_link_progress(l, 0, 0, errbuf, sizeof errbuf), KMP_OK);

	int peer = (fx_wait_fd(s, POLLIN) & POLLIN) ? accept(s, NULL, NULL) : -1;
	CU_ASSERT_FATAL(peer >= 0);
	CU_ASSERT_EQUAL(kmp_link_write(l, (const uint8_t *)"\x80\x3F\x01\x0D", 4), KMP_OK);
	char buf[8];
	CU_ASSERT(fx_wait_fd(peer, POLLIN) & POLLIN);
	CU_ASSERT_EQUAL(recv(peer, buf, sizeof buf, 0), 4);
	close(peer);
	kmp_link_close(l);
	close(s);
	CU_ASSERT_EQUAL(kmp_link_progress(NULL, 0, 0, errbuf, sizeof errbuf), KMP_ERR_ARG);
}

/* A host name is looked up off the caller's thread: the open returns at
 * once with the lookup's descriptor to poll for POLLIN.  "localhost" may
 * give ::1 first, where nothing listens: the next address is tried. */
static void test_tcp_lookup(void)
{
	unsigned port;
	int s = fx_listen_local(&port, 1);
	CU_ASSERT_FATAL(s >= 0);
	char url[64];
	snprintf(url, sizeof url, "tcp://localhost:%u", port);
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(open_at(&l, url, 0, kmp_now_us()), KMP_ERR_IN_PROGRESS);
	CU_ASSERT_EQUAL(kmp_link_events(l), POLLIN);
	int lookup_fd = kmp_link_fd(l);
	CU_ASSERT(lookup_fd >= 0);
	kmp_link_close(l); /* give up while the lookup runs: its thread cleans up */

	CU_ASSERT_EQUAL(fx_link_open(&l, url, errbuf, sizeof errbuf), KMP_OK);
	CU_ASSERT_STRING_EQUAL(errbuf, "");
	int peer = (fx_wait_fd(s, POLLIN) & POLLIN) ? accept(s, NULL, NULL) : -1;
	CU_ASSERT(peer >= 0);
	CU_ASSERT(kmp_link_up(l));
	if (peer >= 0)
		close(peer);
	kmp_link_close(l);
	close(s);
}

/* A name that cannot exist (RFC 6761): the open does not wait for the
 * answer, and the answer is a resolve error that retrying may cure. */
static void test_tcp_lookup_fails(void)
{
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(open_at(&l, "tcp://kmpterm-test.invalid:2002", 0, kmp_now_us()),
	                      KMP_ERR_IN_PROGRESS);
	kmp_link_close(l);
	CU_ASSERT_EQUAL(fx_link_open(&l, "tcp://kmpterm-test.invalid:2002", errbuf, sizeof errbuf),
	                KMP_ERR_RESOLVE);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "tcp://kmpterm-test.invalid:2002: cannot resolve "
	                                      "host \"kmpterm-test.invalid\": "));
	CU_ASSERT(!kmp_err_permanent(KMP_ERR_RESOLVE));
}

/* Nobody reads the other end: the write says so at once instead of
 * waiting for room. */
static void test_write_stalled(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(fx_link_open(&l, slave, errbuf, sizeof errbuf), KMP_OK);
	uint8_t req[64];
	memset(req, 0x55, sizeof req);
	int rc = KMP_OK;
	for (int i = 0; i < 100000 && rc == KMP_OK; i++)
		rc = kmp_link_write(l, req, sizeof req);
	CU_ASSERT_EQUAL(rc, KMP_ERR_TX_STALLED);
	CU_ASSERT_EQUAL(kmp_link_errno(l), EAGAIN);
	CU_ASSERT_STRING_EQUAL(kmp_err_name(rc), "tx-stalled");
	/* closing does not wait for the queue to drain either */
	kmp_link_close(l);
	close(m);
}

TEST_SUITE(link_connect_suite)
{
	CU_pSuite s = CU_add_suite("link_connect", NULL, NULL);
	TEST_ADD(s, test_tcp_connect_hangs);
	TEST_ADD(s, test_tcp_connect_two_phases);
	TEST_ADD(s, test_tcp_lookup);
	TEST_ADD(s, test_tcp_lookup_fails);
	TEST_ADD(s, test_write_stalled);
}
