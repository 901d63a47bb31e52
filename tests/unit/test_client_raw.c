/* The client's raw exchanges and line settings over a real pty, the test
 * playing whatever is on the master side; time is synthetic, as in
 * test_client.c. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "client/client.h"
#include "client/trace_fmt.h"
#include "kmp/error.h"
#include "link_fixture.h"
#include "testing.h"

#define MS 1000u

typedef struct fixture {
	int master;
	kmp_client *c;
	char events[32][16];
	char decode[32][160];
	int n_events;
	int done;
	kmp_err status;
	uint8_t rx[KMP_RAW_MAX];
	size_t rx_len, echo_len;
	int cr;
	int kmp_done;
} fixture;

static fixture F;

static void observer(void *ctx, const kmp_event *ev)
{
	fixture *f = ctx;
	if (f->n_events < 32) {
		snprintf(f->events[f->n_events], sizeof f->events[0], "%s", kmp_event_dir(ev));
		kmp_event_decode(ev, 0, f->decode[f->n_events], sizeof f->decode[0]);
		f->n_events++;
	}
}

static void on_raw(void *ctx, const kmp_raw_result *r)
{
	fixture *f = ctx;
	f->done++;
	f->status = r->status;
	f->rx_len = r->rx_len;
	memcpy(f->rx, r->rx, r->rx_len);
	f->echo_len = r->echo_len;
	f->cr = r->ended_by_cr;
}

static void on_kmp(void *ctx, const kmp_result *r)
{
	(void)r;
	((fixture *)ctx)->kmp_done++;
}

static int setup(void)
{
	memset(&F, 0, sizeof F);
	return fx_client_on_pty(&F.master, &F.c, NULL, observer, &F);
}

static void teardown(void)
{
	kmp_client_free(F.c);
	close(F.master);
}

static void step(uint64_t now, int expect_input)
{
	fx_client_step(F.c, now, expect_input);
}

static int meter_reads(uint8_t *buf, size_t cap)
{
	return fx_meter_reads(F.master, buf, cap);
}

static void meter_writes(const char *s)
{
	size_t n = strlen(s);
	CU_ASSERT_EQUAL_FATAL(write(F.master, s, n), (ssize_t)n);
}

/* Linux ptys keep one termios for both ends: the master sees the speed
 * and stop bits the client set (what kmpsim reads, too). */
static speed_t master_speed(int *stopbits)
{
	struct termios t;
	CU_ASSERT_EQUAL_FATAL(tcgetattr(F.master, &t), 0);
	*stopbits = t.c_cflag & CSTOPB ? 2 : 1;
	return cfgetospeed(&t);
}

static void test_payload_check(void)
{
	uint8_t b[64];
	CU_ASSERT_EQUAL(kmp_raw_payload_check((const uint8_t *)"/#1", 3), KMP_OK);
	CU_ASSERT_EQUAL(kmp_raw_payload_check((const uint8_t *)"U\xAA\x00\xFF", 4), KMP_OK);
	/* reads pass: GetType, GetRegister */
	int n = test_hex("803F01058A0D", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_OK);
	n = test_hex("803F100103EA4CB70D", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_OK);
	/* writes never: SetClock 09, PutRegister 11, ClearEventStatus 9C,
	 * with or without a good CRC, behind other bytes */
	n = test_hex("803F0900011 44A0002771577 4E0D", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_ERR_ARG);
	n = test_hex("55 55 80 3F 11 00 01", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_ERR_ARG);
	n = test_hex("80 3F 9C", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_ERR_ARG);
	/* a stuffed command byte: 1B F6 is 09 */
	n = test_hex("80 3F 1B F6 00 0D", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_ERR_ARG);
	/* an unknown command is no known read either */
	n = test_hex("80 3F 42 0D", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_ERR_ARG);
	/* cut off before its command: the next payload could finish it */
	n = test_hex("55 80 3F", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_ERR_ARG);
	/* an 80 closed before it holds a command says nothing */
	n = test_hex("80 3F 0D 55", b, sizeof b);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(b, (size_t)n), KMP_OK);
	/* longer than a raw payload may be */
	uint8_t big[KMP_RAW_TX_MAX + 1];
	memset(big, 'U', sizeof big);
	CU_ASSERT_EQUAL(kmp_raw_payload_check(big, sizeof big), KMP_ERR_ARG);
}

static void test_submit_refuses_a_write(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	uint8_t b[32];
	int n = test_hex("803F0900011 44A0002771577 4E0D", b, sizeof b);
	kmp_raw_request rq = {.tx = b, .tx_len = (size_t)n, .first_ms = 100};
	CU_ASSERT_EQUAL(kmp_client_submit_raw(F.c, &rq, on_raw, &F), KMP_ERR_ARG);
	step(0, 0);
	struct pollfd p = {F.master, POLLIN, 0};
	CU_ASSERT_EQUAL(poll(&p, 1, 50), 0); /* nothing went out */
	CU_ASSERT_FALSE(kmp_client_busy(F.c));
	teardown();
}

static void test_listen_nothing_then_text(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	kmp_raw_request rq = {.first_ms = 300, .idle_ms = 100, .max_ms = 1500};
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit_raw(F.c, &rq, on_raw, &F), KMP_OK);
	CU_ASSERT_TRUE(kmp_client_busy(F.c));
	/* one at a time: no KMP request beside it */
	kmp_request req = {.cid = KMP_CID_GET_TYPE};
	CU_ASSERT_EQUAL(kmp_client_submit(F.c, &req, on_kmp, &F), KMP_ERR_BUSY_CLIENT);
	step(0, 0);
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(F.c, 0), 300);
	step(299 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 0);
	step(300 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_TIMEOUT);
	CU_ASSERT_FALSE(kmp_client_busy(F.c));
	/* listening changes no pause */
	CU_ASSERT(kmp_client_ready_at(F.c) <= 300 * MS);

	/* a bridge's message: the text reaches the result and the trace */
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit_raw(F.c, &rq, on_raw, &F), KMP_OK);
	step(400 * MS, 0);
	meter_writes("Device open failure\r\n");
	step(450 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 1);
	step(549 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 1); /* quiet for less than idle_ms */
	step(551 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 2);
	CU_ASSERT_EQUAL(F.status, KMP_OK);
	CU_ASSERT_EQUAL(F.rx_len, 21);
	CU_ASSERT(memcmp(F.rx, "Device open failure\r\n", 21) == 0);
	CU_ASSERT_STRING_EQUAL(F.events[F.n_events - 1], "GARBAGE");
	CU_ASSERT_STRING_EQUAL(F.decode[F.n_events - 1], "text \"Device open failure\\r\\n\"");
	teardown();
}

/* The legacy request: sent at 300 7E2, the answer read at 1200 7E2 once
 * the request has left; the head's echo is told apart; the answer ends at
 * its CR; the next KMP request waits the meter's 1.6 s. */
static void test_payload_switch_and_answer(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	kmp_link_config tx = {.baud = 300, .databits = 7, .parity = 'E', .stopbits = 2};
	kmp_link_config rx = {.baud = 1200, .databits = 7, .parity = 'E', .stopbits = 2};
	CU_ASSERT_EQUAL_FATAL(kmp_client_set_line(F.c, &tx, NULL, 0), KMP_OK);
	int sb;
	CU_ASSERT_EQUAL(master_speed(&sb), B300);
	kmp_raw_request rq = {.tx = (const uint8_t *)"/#1",
	                      .tx_len = 3,
	                      .rx_line = &rx,
	                      .first_ms = 2500,
	                      .idle_ms = 300,
	                      .max_ms = 5000,
	                      .until_cr = 1};
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit_raw(F.c, &rq, on_raw, &F), KMP_OK);
	step(0, 0);
	uint8_t got[16];
	CU_ASSERT_EQUAL(meter_reads(got, sizeof got), 3);
	CU_ASSERT(memcmp(got, "/#1", 3) == 0);
	CU_ASSERT_STRING_EQUAL(F.events[F.n_events - 1], "TX");
	CU_ASSERT_STRING_EQUAL(F.decode[F.n_events - 1], "raw payload, not KMP: \"/#1\"");
	/* 3 bytes at 300 7E2 (11 bits: 36.7 ms each), 2 more and 30 ms: the
	 * line keeps 300 baud until 213 ms, when the request has left */
	meter_writes("/#1"); /* the head's echo */
	step(100 * MS, 1);
	CU_ASSERT_EQUAL(master_speed(&sb), B300);
	CU_ASSERT_EQUAL(F.done, 0);
	step(212 * MS, 0);
	CU_ASSERT_EQUAL(master_speed(&sb), B300);
	step(214 * MS, 0);
	CU_ASSERT_EQUAL(master_speed(&sb), B1200);
	CU_ASSERT_EQUAL(sb, 2);
	/* only the echo so far: it waits for the answer */
	step(1000 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 0);
	meter_writes("0123456 0876543\r");
	step(1100 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_OK);
	CU_ASSERT_EQUAL(F.echo_len, 3);
	CU_ASSERT_TRUE(F.cr);
	CU_ASSERT_EQUAL(F.rx_len, 3 + 16);
	/* a KMP meter would have taken it for garbage */
	CU_ASSERT_EQUAL(kmp_client_ready_at(F.c), 1100 * MS + 1600 * MS);
	/* the settings stay for the next exchange and for reconnects */
	kmp_link_config now;
	kmp_client_line(F.c, &now);
	CU_ASSERT_EQUAL(now.baud, 1200);
	CU_ASSERT_EQUAL(now.databits, 7);
	CU_ASSERT_EQUAL(now.parity, 'E');
	teardown();
}

static void test_set_line_between_exchanges_only(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	kmp_link_config l = {.baud = 9600, .databits = 8, .parity = 'N', .stopbits = 1};
	kmp_request req = {.cid = KMP_CID_GET_SERIAL};
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit(F.c, &req, on_kmp, &F), KMP_OK);
	step(0, 0); /* on the wire */
	char err[128];
	CU_ASSERT_EQUAL(kmp_client_set_line(F.c, &l, err, sizeof err), KMP_ERR_BUSY_CLIENT);
	step(2000 * MS, 0); /* timed out */
	CU_ASSERT_EQUAL(F.kmp_done, 1);
	CU_ASSERT_EQUAL(kmp_client_set_line(F.c, &l, err, sizeof err), KMP_OK);
	int sb;
	CU_ASSERT_EQUAL(master_speed(&sb), B9600);
	CU_ASSERT_EQUAL(sb, 1);
	/* impossible settings are refused and the old ones stay */
	kmp_link_config bad = {.baud = 1200, .databits = 9, .parity = 'N', .stopbits = 1};
	CU_ASSERT_EQUAL(kmp_client_set_line(F.c, &bad, err, sizeof err), KMP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "data bits"));
	kmp_link_config odd = {.baud = 12345, .databits = 8, .parity = 'N', .stopbits = 1};
	CU_ASSERT_EQUAL(kmp_client_set_line(F.c, &odd, err, sizeof err), KMP_ERR_BAUD);
	CU_ASSERT_EQUAL(master_speed(&sb), B9600);
	kmp_link_config now;
	kmp_client_line(F.c, &now);
	CU_ASSERT_EQUAL(now.baud, 9600);
	teardown();
}

/* A loopback pattern: the whole pattern back ends it at once, and no
 * pause follows (no meter heard it). */
static void test_loopback_payload(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	kmp_raw_request rq = {.tx = (const uint8_t *)"UUUU",
	                      .tx_len = 4,
	                      .first_ms = 400,
	                      .idle_ms = 100,
	                      .no_meter = 1};
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit_raw(F.c, &rq, on_raw, &F), KMP_OK);
	step(0, 0);
	uint8_t got[8];
	CU_ASSERT_EQUAL(meter_reads(got, sizeof got), 4);
	meter_writes("UUUU");
	step(40 * MS, 1);
	step(141 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_OK);
	CU_ASSERT_EQUAL(F.echo_len, 4);
	CU_ASSERT(kmp_client_ready_at(F.c) <= 141 * MS + 10 * MS);
	/* cancelled: no callback */
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit_raw(F.c, &rq, on_raw, &F), KMP_OK);
	kmp_client_raw_cancel(F.c);
	CU_ASSERT_FALSE(kmp_client_busy(F.c));
	step(1000 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 1);
	teardown();
}

TEST_SUITE(client_raw_suite)
{
	CU_pSuite s = CU_add_suite("client raw exchanges and line settings", NULL, NULL);
	TEST_ADD(s, test_payload_check);
	TEST_ADD(s, test_submit_refuses_a_write);
	TEST_ADD(s, test_listen_nothing_then_text);
	TEST_ADD(s, test_payload_switch_and_answer);
	TEST_ADD(s, test_set_line_between_exchanges_only);
	TEST_ADD(s, test_loopback_payload);
}
