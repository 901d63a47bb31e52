/* test_client_link.c - the client's side of opening a link: it never
 * blocks (CONNECTING is a state of its own, polled like the rest), it
 * retries what can heal (a USB head plugged in later) and stops on what
 * cannot (FAILED: not a serial port, bad settings, a malformed address).
 * Also the error table every layer shares.  Time is passed in: deadlines
 * are tested by stepping the clock, never by waiting. */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"
#include "kmp/error.h"
#include "link_fixture.h"
#include "testing.h"

static struct {
	int ups, downs;
	int last_status;
	char last_detail[256];
} seen;

static void observe(void *ctx, const kmp_event *ev)
{
	(void)ctx;
	if (ev->kind == KMP_EV_LINK_UP)
		seen.ups++;
	if (ev->kind == KMP_EV_LINK_DOWN) {
		seen.downs++;
		seen.last_status = ev->status;
		snprintf(seen.last_detail, sizeof seen.last_detail, "%s",
		         ev->detail ? ev->detail : "");
	}
}

static kmp_client *client_for(const char *device, unsigned connect_ms)
{
	memset(&seen, 0, sizeof seen);
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = device;
	cfg.link.connect_timeout_ms = connect_ms;
	return kmp_client_new(&cfg, observe, NULL);
}

static const uint64_t T0 = 5000000000u;
enum { SEC = 1000000 };

/* A bridge that does not answer: the client is CONNECTING, polls the
 * socket for POLLOUT, wakes for the deadline, then waits reconnect_ms. */
static void test_client_connecting(void)
{
	unsigned port;
	int fill[FX_HANG_FILL];
	int s = fx_hang_listener(&port, fill);
	CU_ASSERT_FATAL(s >= 0);
	char url[64], err[256];
	snprintf(url, sizeof url, "tcp://127.0.0.1:%u", port);
	kmp_client *c = client_for(url, 3000);
	CU_ASSERT_FATAL(c != NULL);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_DOWN);

	CU_ASSERT_EQUAL(kmp_client_connect(c, T0, err, sizeof err), KMP_ERR_IN_PROGRESS);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_CONNECTING);
	CU_ASSERT(!kmp_client_connected(c));
	struct pollfd pfd;
	CU_ASSERT_EQUAL(kmp_client_pollfd(c, &pfd), 1);
	CU_ASSERT_EQUAL(pfd.events, POLLOUT);
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(c, T0), 3000);
	kmp_request req = {.cid = KMP_CID_GET_TYPE};
	CU_ASSERT_EQUAL(kmp_client_submit(c, &req, NULL, NULL), KMP_ERR_CLOSED);
	/* asking again does not start a second attempt */
	int fd = pfd.fd;
	err[0] = 'x';
	CU_ASSERT_EQUAL(kmp_client_connect(c, T0, err, sizeof err), KMP_ERR_IN_PROGRESS);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(kmp_client_pollfd(c, &pfd), 1);
	CU_ASSERT_EQUAL(pfd.fd, fd);

	kmp_client_step(c, 0, T0 + 1 * SEC);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_CONNECTING);
	CU_ASSERT_EQUAL(seen.downs, 0);

	kmp_client_step(c, 0, T0 + 3 * SEC);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_DOWN);
	CU_ASSERT_EQUAL(seen.downs, 1);
	CU_ASSERT_EQUAL(seen.last_status, KMP_ERR_TIMEOUT_CONNECT);
	CU_ASSERT_EQUAL(kmp_client_link_status(c), KMP_ERR_TIMEOUT_CONNECT);
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_client_link_error(c), "no connection within 3 s"));
	CU_ASSERT_EQUAL(kmp_client_pollfd(c, &pfd), 0);
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(c, T0 + 3 * SEC), 1000); /* reconnect_ms */

	/* the next attempt, reported again only if it ends differently */
	kmp_client_step(c, 0, T0 + 4 * SEC);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_CONNECTING);
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(c, T0 + 4 * SEC), 3000);
	kmp_client_step(c, 0, T0 + 7 * SEC);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_DOWN);
	CU_ASSERT_EQUAL(seen.downs, 1);
	kmp_client_free(c);
	for (int i = 0; i < FX_HANG_FILL; i++)
		if (fill[i] >= 0)
			close(fill[i]);
	close(s);
}

/* A bridge that answers: the owner's loop takes the client to UP. */
static void test_client_connects(void)
{
	unsigned port;
	int s = fx_listen_local(&port, 1);
	CU_ASSERT_FATAL(s >= 0);
	char url[64];
	snprintf(url, sizeof url, "tcp://localhost:%u", port); /* looked up, too */
	kmp_client *c = client_for(url, 0);
	CU_ASSERT_FATAL(c != NULL);
	uint64_t give_up = kmp_now_us() + LINK_WAIT_MS * 1000ull;
	/* the first step opens the link (kmp_client_new does not) */
	kmp_client_step(c, 0, kmp_now_us());
	while (kmp_client_link_state(c) == KMP_LINK_CONNECTING && kmp_now_us() < give_up) {
		struct pollfd pfd;
		int n = kmp_client_pollfd(c, &pfd);
		CU_ASSERT_EQUAL(n, 1);
		CU_ASSERT(pfd.events == POLLIN || pfd.events == POLLOUT);
		int r = poll(&pfd, 1, kmp_client_timeout_ms(c, kmp_now_us()));
		kmp_client_step(c, r > 0 ? pfd.revents : 0, kmp_now_us());
	}
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_UP);
	CU_ASSERT(kmp_client_connected(c));
	CU_ASSERT_EQUAL(seen.ups, 1);
	/* asking again while up changes nothing */
	char err[64] = "x";
	CU_ASSERT_EQUAL(kmp_client_connect(c, kmp_now_us(), err, sizeof err), KMP_OK);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(seen.ups, 1);
	CU_ASSERT_EQUAL(kmp_client_link_status(c), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmp_client_link_error(c), "");
	struct pollfd pfd;
	CU_ASSERT_EQUAL(kmp_client_pollfd(c, &pfd), 1);
	CU_ASSERT_EQUAL(pfd.events, POLLIN);
	kmp_client_free(c);
	close(s);
}

/* A path that is no serial port: said once, and no more attempts, until
 * the owner asks explicitly. */
static void test_client_permanent_failure(void)
{
	char dir[] = "/tmp/kmpterm-clink-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char file[300], dev[300], err[256];
	snprintf(file, sizeof file, "%s/regular", dir);
	snprintf(dev, sizeof dev, "%s/head", dir);
	FILE *f = fopen(file, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(symlink(file, dev), 0);

	kmp_client *c = client_for(dev, 0);
	CU_ASSERT_EQUAL(kmp_client_connect(c, T0, err, sizeof err), KMP_ERR_NOT_SERIAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a serial port"));
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_FAILED);
	CU_ASSERT_EQUAL(kmp_client_link_status(c), KMP_ERR_NOT_SERIAL);
	CU_ASSERT_EQUAL(seen.downs, 1);
	struct pollfd pfd;
	CU_ASSERT_EQUAL(kmp_client_pollfd(c, &pfd), 0);
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(c, T0), -1); /* nothing to wake for */

	/* even once the path would work, the client does not try again */
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	CU_ASSERT_EQUAL_FATAL(unlink(dev), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(slave, dev), 0);
	kmp_client_step(c, 0, T0 + 60 * SEC);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_FAILED);
	/* ... unless asked */
	CU_ASSERT_EQUAL(kmp_client_connect(c, T0 + 61 * SEC, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_UP);
	CU_ASSERT_EQUAL(seen.ups, 1);
	kmp_client_free(c);

	/* a malformed address and impossible settings are just as final */
	c = client_for("tcp://bridge", 0);
	CU_ASSERT_EQUAL(kmp_client_connect(c, T0, err, sizeof err), KMP_ERR_ADDRESS);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_FAILED);
	kmp_client_free(c);
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = slave;
	cfg.link.parity = 'X';
	c = kmp_client_new(&cfg, NULL, NULL);
	CU_ASSERT_EQUAL(kmp_client_connect(c, T0, err, sizeof err), KMP_ERR_CONFIG);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_FAILED);
	kmp_client_free(c);

	close(m);
	unlink(dev);
	unlink(file);
	rmdir(dir);
}

/* A USB head not plugged in yet: the message says what to try, and the
 * client keeps trying until it appears. */
static void test_client_missing_device_retries(void)
{
	char dir[] = "/tmp/kmpterm-clink-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char dev[300], err[256];
	snprintf(dev, sizeof dev, "%s/ttyUSB7", dir);

	kmp_client *c = client_for(dev, 0);
	CU_ASSERT_EQUAL(kmp_client_connect(c, T0, err, sizeof err), KMP_ERR_NODEV);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no such device"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "kmpterm ports"));
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_DOWN);
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(c, T0), 1000);
	kmp_client_step(c, 0, T0 + 1 * SEC); /* still missing: no new report */
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_DOWN);
	CU_ASSERT_EQUAL(seen.downs, 1);

	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(slave, dev), 0); /* plugged in */
	kmp_client_step(c, 0, T0 + 1500000);           /* before the next attempt */
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_DOWN);
	kmp_client_step(c, 0, T0 + 2 * SEC);
	CU_ASSERT_EQUAL(kmp_client_link_state(c), KMP_LINK_UP);
	CU_ASSERT_EQUAL(seen.ups, 1);
	kmp_client_free(c);
	close(m);
	unlink(dev);
	rmdir(dir);
}

/* Every code has its own phrase and its own name, so a JSON consumer can
 * tell "nodev" from "not-serial"; a value that is no code says so. */
static void test_error_table(void)
{
	const char *names[128];
	int n = 0;
	for (int e = 0; e > -100; e--) {
		const char *text = kmp_strerror(e);
		if (!strcmp(text, "unknown error")) {
			CU_ASSERT_STRING_EQUAL(kmp_err_name(e), "unknown");
			CU_ASSERT_EQUAL(kmp_err_permanent(e), 0);
			continue;
		}
		const char *name = kmp_err_name(e);
		if (e == KMP_OK) {
			CU_ASSERT_PTR_NULL(name);
			continue;
		}
		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		CU_ASSERT(strcmp(name, "unknown") != 0 && strcmp(name, "error") != 0);
		for (int i = 0; i < n; i++)
			CU_ASSERT(strcmp(names[i], name) != 0);
		if (n < 128)
			names[n++] = name;
	}
	CU_ASSERT(n >= 30);
	CU_ASSERT_STRING_EQUAL(kmp_strerror(INT_MIN), "unknown error");
	CU_ASSERT_STRING_EQUAL(kmp_err_name(7), "unknown");

	static const struct {
		int err;
		const char *name;
	} link_names[] = {
	        {KMP_ERR_NODEV, "nodev"},
	        {KMP_ERR_NOT_SERIAL, "not-serial"},
	        {KMP_ERR_PERM, "perm"},
	        {KMP_ERR_PORT_BUSY, "port-busy"},
	        {KMP_ERR_CONNREFUSED, "connrefused"},
	        {KMP_ERR_RESOLVE, "resolve"},
	        {KMP_ERR_TIMEOUT_CONNECT, "timeout-connect"},
	        {KMP_ERR_CLOSED, "closed"},
	        {KMP_ERR_ADDRESS, "address"},
	        {KMP_ERR_CONFIG, "config"},
	        {KMP_ERR_IO, "io"},
	        {KMP_ERR_UNREACHABLE, "unreachable"},
	};
	for (size_t i = 0; i < sizeof link_names / sizeof link_names[0]; i++)
		CU_ASSERT_STRING_EQUAL(kmp_err_name(link_names[i].err), link_names[i].name);

	/* retrying cannot help exactly here */
	for (int e = 0; e > -100; e--) {
		int want = e == KMP_ERR_ARG || e == KMP_ERR_NOSPACE || e == KMP_ERR_NOT_SERIAL ||
		           e == KMP_ERR_CONFIG || e == KMP_ERR_ADDRESS || e == KMP_ERR_BAUD ||
		           e == KMP_ERR_BAD_INPUT;
		CU_ASSERT_EQUAL(kmp_err_permanent(e), want);
	}
}

TEST_SUITE(client_link_suite)
{
	CU_pSuite s = CU_add_suite("client_link", NULL, NULL);
	TEST_ADD(s, test_client_connecting);
	TEST_ADD(s, test_client_connects);
	TEST_ADD(s, test_client_permanent_failure);
	TEST_ADD(s, test_client_missing_device_retries);
	TEST_ADD(s, test_error_table);
}
