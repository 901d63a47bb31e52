/* The client over a real pty, with the test playing the meter on the
 * master side.  Time is synthetic: every kmp_client_step gets the "now" the
 * test chooses, so the timing rules are checked without sleeping. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	char events[64][16];
	int own_echo[64];
	int n_events;
	int done;
	int status;
	uint32_t serial;
	unsigned echoes;
	size_t rx_bytes; /* raw bytes of every event (no request in flight: all read) */
} fixture;

static fixture F;

static void observer(void *ctx, const kmp_event *ev)
{
	fixture *f = ctx;
	f->rx_bytes += ev->raw_len;
	if (f->n_events < 64) {
		snprintf(f->events[f->n_events], sizeof f->events[0], "%s", kmp_event_dir(ev));
		f->own_echo[f->n_events] = ev->own_echo;
		f->n_events++;
	}
}

static void on_done(void *ctx, const kmp_result *r)
{
	fixture *f = ctx;
	f->done++;
	f->status = r->status;
	f->echoes = r->echoes;
	if (r->status == KMP_OK) {
		CU_ASSERT_PTR_NOT_NULL(r->msg);
		f->serial = r->msg->serial;
	} else {
		CU_ASSERT_PTR_NULL(r->msg); /* a failed exchange carries no content */
	}
}

static int setup(void)
{
	memset(&F, 0, sizeof F);
	return fx_client_on_pty(&F.master, &F.c, NULL, observer, &F);
}

static void teardown(void)
{
	kmp_client_free(F.c);
	if (F.master >= 0)
		close(F.master);
	F.master = -1;
}

/* Step the client at time now, first waiting (bounded) for the link to be
 * readable when expect_input is set. */
static void step(uint64_t now, int expect_input)
{
	fx_client_step(F.c, now, expect_input);
}

/* What the client wrote, read on the master side. */
static int meter_reads(uint8_t *buf, size_t cap)
{
	return fx_meter_reads(F.master, buf, cap);
}

static void meter_writes(const char *hex)
{
	uint8_t b[256];
	int n = test_hex(hex, b, sizeof b);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL_FATAL(write(F.master, b, (size_t)n), n);
}

static void submit_serial(void)
{
	kmp_request req = {.cid = KMP_CID_GET_SERIAL};
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit(F.c, &req, on_done, &F), KMP_OK);
}

static const char *events(void)
{
	static char s[1024];
	s[0] = '\0';
	for (int i = 0; i < F.n_events; i++) {
		strcat(s, i ? " " : "");
		strcat(s, F.events[i]);
	}
	return s;
}

static void test_echo_skipped_reply_used(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	uint8_t req[64];
	int n = meter_reads(req, sizeof req);
	uint8_t want[8];
	test_hex("803F0235E90D", want, sizeof want);
	CU_ASSERT(n == 6 && memcmp(req, want, 6) == 0);
	/* the head echoes the request, then a lone 00, then the reply */
	meter_writes("803F0235E90D"
	             "00"
	             "403F0201234567E9560D");
	step(80 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_OK);
	CU_ASSERT_EQUAL(F.serial, 19088743u);
	CU_ASSERT_EQUAL(F.echoes, 1);
	CU_ASSERT_STRING_EQUAL(events(), "LINK TX ECHO ZERO RX");
	CU_ASSERT(F.own_echo[2]);
	/* the next request waits one byte time (9.167 ms at 1200 8N2), no more */
	CU_ASSERT_EQUAL(kmp_client_ready_at(F.c), 80 * MS + 9167);
	teardown();
}

static void test_timeout_echo_only_and_pause(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	uint8_t req[64];
	meter_reads(req, sizeof req);
	meter_writes("803F0235E90D"); /* only the echo comes back */
	step(10 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 0);
	/* the deadline is 1.6 s after the last request byte (6 x 9.167 ms) */
	int t = kmp_client_timeout_ms(F.c, 10 * MS);
	CU_ASSERT(t >= 1600 + 55 - 10 - 1 && t <= 1600 + 55 - 10 + 1);
	step(1000 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 0);
	step(1700 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_ECHO_ONLY);
	/* after a failure the next request waits 1.6 s */
	CU_ASSERT_EQUAL(kmp_client_ready_at(F.c), 1700 * MS + 1600 * MS);
	submit_serial();
	step(2000 * MS, 0);
	struct pollfd p = {F.master, POLLIN, 0};
	CU_ASSERT_EQUAL(poll(&p, 1, 0), 0); /* nothing sent yet */
	CU_ASSERT_EQUAL(kmp_client_timeout_ms(F.c, 2000 * MS), 1300);
	step(3300 * MS, 0);
	CU_ASSERT(meter_reads(req, sizeof req) == 6);
	teardown();
}

static void test_silent_is_timeout(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	step(2000 * MS, 0);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_TIMEOUT);
	CU_ASSERT_STRING_EQUAL(events(), "LINK TX TIMEOUT");
	teardown();
}

static void test_crc_bad_gives_no_value(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	meter_writes("403F0201234567E9570D");
	step(60 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_CRC);
	CU_ASSERT_EQUAL(F.serial, 0);
	CU_ASSERT_EQUAL(kmp_client_stats_get(F.c)->crc_errors, 1);
	CU_ASSERT_EQUAL(kmp_client_ready_at(F.c), 60 * MS + 1600 * MS);
	teardown();
}

static void test_stalled_reply_is_partial(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	meter_writes("403F0201");
	step(60 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 0);
	/* while a reply is open the first-byte deadline no longer applies ... */
	step(2000 * MS, 0);
	/* ... but the inter-byte timeout (150 ms since the last byte) did */
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_PARTIAL);
	CU_ASSERT_STRING_EQUAL(events(), "LINK TX PARTIAL");
	teardown();
}

static void test_noise_then_valid_reply(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	/* garbage and a stray start byte before the real reply */
	meter_writes("FF12"
	             "40"
	             "403F0201234567E9560D");
	step(60 * MS, 1);
	CU_ASSERT_EQUAL(F.status, KMP_OK);
	CU_ASSERT_EQUAL(F.serial, 19088743u);
	CU_ASSERT_STRING_EQUAL(events(), "LINK TX GARBAGE PARTIAL RX");
	teardown();
}

static void test_wrong_command_or_address_rejected(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	meter_writes("403A020012D6879EE00D"); /* a good frame, but from 0x3A */
	step(60 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_NOT_EQUAL(F.status, KMP_OK);
	submit_serial();
	step(2000 * MS, 0);
	meter_writes("403F100103EA2F040000030E33"); /* unterminated register reply */
	meter_writes("403F0100041BF90126990D");     /* GetType reply to GetSerialNo */
	step(2060 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 2);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_CID);
	teardown();
}

static void test_link_drop_fails_exchange(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	close(F.master);
	F.master = -1;
	step(50 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_CLOSED);
	CU_ASSERT(!kmp_client_connected(F.c));
	CU_ASSERT_STRING_EQUAL(F.events[F.n_events - 1], "LINK");
	kmp_request req = {.cid = KMP_CID_GET_SERIAL};
	CU_ASSERT_EQUAL(kmp_client_submit(F.c, &req, on_done, &F), KMP_ERR_CLOSED);
	/* it keeps trying to reopen: a deadline exists */
	CU_ASSERT(kmp_client_timeout_ms(F.c, 50 * MS) >= 0);
	teardown();
}

static void test_busy_and_read_only(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	kmp_request req = {.cid = KMP_CID_GET_SERIAL};
	CU_ASSERT_EQUAL(kmp_client_submit(F.c, &req, on_done, &F), KMP_ERR_BUSY_CLIENT);
	kmp_client_cancel(F.c);
	CU_ASSERT(!kmp_client_busy(F.c));
	/* there is no way to send a write command */
	kmp_request w = {.cid = KMP_CID_PUT_REGISTER};
	CU_ASSERT_EQUAL(kmp_client_submit(F.c, &w, on_done, &F), KMP_ERR_ARG);
	kmp_request clk = {.cid = KMP_CID_SET_CLOCK};
	CU_ASSERT_EQUAL(kmp_client_submit(F.c, &clk, on_done, &F), KMP_ERR_ARG);
	kmp_request many = {.cid = KMP_CID_GET_REGISTER, .n_ids = 9};
	CU_ASSERT_EQUAL(kmp_client_submit(F.c, &many, on_done, &F), KMP_ERR_ARG);
	teardown();
}

static void submit_register(uint16_t id)
{
	kmp_request req = {.cid = KMP_CID_GET_REGISTER, .n_ids = 1, .ids = {id}};
	CU_ASSERT_EQUAL_FATAL(kmp_client_submit(F.c, &req, on_done, &F), KMP_OK);
}

/* A valid reply that holds only a register we did not ask for (a stale
 * reply left in a bridge) is not our answer: it must not make the asked
 * register "missing". */
static void test_reply_for_other_ids_rejected(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_register(68);
	step(0, 0);
	meter_writes("403F10003C0304430000D6DE03220D"); /* register 60 */
	step(90 * MS, 1);                               /* after the 9-byte request's wire time */
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_UNASKED);
	/* an empty reply is a valid answer: nothing of what we asked */
	submit_register(68);
	step(2000 * MS, 0);
	meter_writes("403F10079A0D");
	step(2090 * MS, 1);
	CU_ASSERT_EQUAL(F.done, 2);
	CU_ASSERT_EQUAL(F.status, KMP_OK);
	teardown();
}

/* A line that keeps opening frames must not hold an exchange forever. */
static void test_endless_frames_give_up(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	submit_serial();
	step(0, 0);
	uint64_t t;
	for (t = 100 * MS; t < 30000 * MS && !F.done; t += 100 * MS) {
		meter_writes("403F");
		step(t, 1);
	}
	CU_ASSERT_EQUAL(F.done, 1);
	CU_ASSERT_EQUAL(F.status, KMP_ERR_PARTIAL);
	/* timeout (1.6 s after the request) + KMP_FRAME_MAX byte times */
	uint64_t limit = 6 * 9167 + 1600 * MS + (uint64_t)KMP_FRAME_MAX * 9167;
	CU_ASSERT(t <= limit + 200 * MS);
	teardown();
}

/* Bytes arriving between exchanges push the next request back a byte time. */
static void test_quiet_after_unsolicited_bytes(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	meter_writes("403F0201234567E9560D"); /* nobody asked */
	step(500 * MS, 1);
	CU_ASSERT(kmp_client_ready_at(F.c) >= 500 * MS + 9167);
	teardown();
}

/* A line that never stops talking, faster than the client decodes (an
 * endless meter on a loaded machine): one step reads a bounded amount and
 * returns, so the owner's loop gets to check for a signal or a key (a
 * `kmpterm scan` outlived SIGINT by over 10 s); the rest is read by the
 * next steps, none of it lost. */
static void test_flood_read_bounded_per_step(void)
{
	CU_ASSERT_FATAL(setup() == 0);
	step(0, 0);
	uint8_t frame[10];
	CU_ASSERT_FATAL(test_hex("403F0201234567E9560D", frame, sizeof frame) == 10);
	fcntl(F.master, F_SETFL, fcntl(F.master, F_GETFL) | O_NONBLOCK);
	size_t written = 0;
	while (written < 64 * 1024) {
		ssize_t n = write(F.master, frame, sizeof frame);
		if (n != (ssize_t)sizeof frame)
			break; /* the pty is full */
		written += (size_t)n;
	}
	/* more than one step may read, or the test shows nothing */
	CU_ASSERT_FATAL(written > 3 * 4096);
	step(100 * MS, 1);
	size_t first = F.rx_bytes;
	CU_ASSERT(first > 0);
	CU_ASSERT(first <= 4096 + 512); /* the bound, plus the last read's buffer */
	for (uint64_t t = 200 * MS; F.rx_bytes < written && t < 100000 * MS; t += 100 * MS)
		step(t, F.rx_bytes < written);
	CU_ASSERT_EQUAL(F.rx_bytes, written); /* every byte, over several steps */
	teardown();
}

TEST_SUITE(client_suite)
{
	CU_pSuite s = CU_add_suite("client", NULL, NULL);
	TEST_ADD(s, test_echo_skipped_reply_used);
	TEST_ADD(s, test_timeout_echo_only_and_pause);
	TEST_ADD(s, test_silent_is_timeout);
	TEST_ADD(s, test_crc_bad_gives_no_value);
	TEST_ADD(s, test_stalled_reply_is_partial);
	TEST_ADD(s, test_noise_then_valid_reply);
	TEST_ADD(s, test_wrong_command_or_address_rejected);
	TEST_ADD(s, test_link_drop_fails_exchange);
	TEST_ADD(s, test_busy_and_read_only);
	TEST_ADD(s, test_reply_for_other_ids_rejected);
	TEST_ADD(s, test_endless_frames_give_up);
	TEST_ADD(s, test_quiet_after_unsolicited_bytes);
	TEST_ADD(s, test_flood_read_bounded_per_step);
}
