/* The simulated line: a client at settings the meter cannot read gets no
 * answer and the meter's bytes arrive garbled (a 403 at 2400, a 382 at
 * 1200), while 1 or 2 stop bits make no difference; the default meter
 * answers at any settings; an inverted head garbles both directions; and
 * the line faults identify must tell apart: dead, a bridge's text, an IEC
 * push, a sleeping meter. */
#include <stdio.h>
#include <string.h>

#include "kmp/msg.h"
#include "sim/sim_push.h"
#include "sim_fixture.h"
#include "testing.h"

static const char get_type[] = "80 3F 01 05 8A 0D";

static int answered(simf *f, int64_t t)
{
	simf_feed_hex(f, t, get_type);
	simf_run(f, t + 1700 * SIMF_MS);
	kmp_frame fr[2];
	return simf_replies(f, fr, 2);
}

static void test_settings_decide(void)
{
	static const struct {
		const char *profile, *client;
		int answers;
	} cases[] = {
	        {"multical403", "1200 8N2", 1},
	        {"multical403", "1200 8N1", 1},
	        {"multical403", "2400 8N2", 0},
	        {"multical403", "9600 8N1", 0},
	        {"multical403", "300 8N2", 0},
	        {"multical403", "1200 8E1", 0},
	        {"k382", "9600 8N1", 1},
	        {"k382", "9600 8N2", 1},
	        {"k382", "1200 8N2", 0},
	        {"k382", "2400 8N2", 0},
	        {"multical21", "1200 8N2", 1},
	        {"multical601", "1200 8N2", 1},
	        /* the default meter has no line model: it answers anything */
	        {NULL, "2400 8N2", 1},
	        {NULL, "9600 8N1", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		simf *f = simf_new(cases[i].profile, NULL);
		simf_client(f, cases[i].client);
		int got = answered(f, SIMF_T0);
		if (got != cases[i].answers)
			printf("\n%s at %s: %d replies\n", cases[i].profile, cases[i].client, got);
		CU_ASSERT_EQUAL(got, cases[i].answers);
		if (!cases[i].answers) {
			/* it heard garbage: logged as such, never a request it answered */
			CU_ASSERT_FATAL(f->n_ev > 0);
			for (int k = 0; k < f->n_ev; k++) {
				CU_ASSERT(f->ev[k].garbled);
				CU_ASSERT_NOT_EQUAL(f->ev[k].result, KMPSIM_ANSWERED);
			}
			/* and nothing came back on the line */
			CU_ASSERT_EQUAL(f->out_len, 0);
		}
		simf_free(f);
	}
}

/* The meter understood the request, but the client reads at 2400: what
 * arrives is not the reply (and always the same garbage). */
static void test_reply_garbled(void)
{
	uint8_t garbage[2][64];
	size_t n[2];
	for (int round = 0; round < 2; round++) {
		simf *f = simf_new("multical403", NULL);
		simf_client(f, "1200 8N2");
		simf_feed_hex(f, SIMF_T0, get_type);
		simf_client(f, "2400 8N2"); /* changed before the reply starts */
		simf_run(f, SIMF_T0 + 1700 * SIMF_MS);
		CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_ANSWERED);
		kmp_frame fr[2];
		CU_ASSERT_EQUAL(simf_replies(f, fr, 2), 0);
		CU_ASSERT(f->out_len > 0);
		/* a receiver twice as fast sees more characters than were sent */
		CU_ASSERT(f->out_len > 10);
		n[round] = f->out_len < 64 ? f->out_len : 64;
		memcpy(garbage[round], f->out, n[round]);
		simf_free(f);
	}
	CU_ASSERT_EQUAL(n[0], n[1]);
	CU_ASSERT_EQUAL(memcmp(garbage[0], garbage[1], n[0]), 0);
}

static void test_inverted_head(void)
{
	kmpsim_core_params p;
	simf_params(kmpsim_profile_default(), &p);
	p.inverted = 1;
	p.echo = 1;
	simf *f = simf_new(NULL, &p);
	simf_feed_hex(f, SIMF_T0, get_type);
	simf_run(f, SIMF_T0 + 1700 * SIMF_MS);
	/* the echo passes both inversions intact; nothing else comes back */
	uint8_t req[8];
	int nreq = test_hex(get_type, req, sizeof req);
	CU_ASSERT_EQUAL(f->out_len, (size_t)nreq);
	CU_ASSERT_EQUAL(memcmp(f->out, req, (size_t)nreq), 0);
	CU_ASSERT(f->n_ev > 0 && f->ev[0].garbled);
	simf_free(f);

	/* a reply the meter would send is garbled too: a 66C-style check on
	 * a KMP meter that answers (requests fed as the meter would hear an
	 * inverted head are garbage, so drive the output side alone) */
	p.echo = 0;
	p.inverted = 0;
	f = simf_new(NULL, &p);
	simf_feed_hex(f, SIMF_T0, get_type);
	f->core.p.inverted = 1; /* the head turned over between request and reply */
	simf_run(f, SIMF_T0 + 1700 * SIMF_MS);
	kmp_frame fr[2];
	CU_ASSERT_EQUAL(simf_replies(f, fr, 2), 0);
	CU_ASSERT(f->out_len > 0);
	simf_free(f);
}

static void test_dead(void)
{
	kmpsim_core_params p;
	simf_params(kmpsim_profile_find("multical403"), &p);
	p.device = KMPSIM_DEVICE_DEAD;
	p.echo = 1; /* not even the echo: the head has no power */
	simf *f = simf_new("multical403", &p);
	simf_client(f, "1200 8N2");
	simf_feed_hex(f, SIMF_T0, get_type);
	simf_run(f, SIMF_T0 + 5 * SIMF_SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL_FATAL(f->n_ev, 1);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_DEAD);
	simf_free(f);
}

static void test_text(void)
{
	kmpsim_core_params p;
	simf_params(kmpsim_profile_find("multical403"), &p);
	p.device = KMPSIM_DEVICE_TEXT;
	p.text = "Device open failure";
	simf *f = simf_new("multical403", &p);
	simf_client(f, "2400 8N2"); /* the bridge's text is not the meter's: never garbled */
	simf_feed_hex(f, SIMF_T0, get_type);
	simf_run(f, SIMF_T0 + 2 * SIMF_SEC);
	CU_ASSERT_EQUAL_FATAL(f->out_len, strlen("Device open failure\r\n"));
	CU_ASSERT_EQUAL(memcmp(f->out, "Device open failure\r\n", f->out_len), 0);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_TEXT);
	simf_free(f);
}

static void test_push(void)
{
	kmpsim_core_params p;
	simf_params(kmpsim_profile_find("multical403"), &p);
	p.device = KMPSIM_DEVICE_PUSH;
	p.push_every_us = SIMF_SEC;
	simf *f = simf_new("multical403", &p);
	simf_client(f, "2400 8N2");
	/* nobody asks: messages still come, one a second from 0.2 s on (each
	 * takes 0.7 s at 1200 baud) */
	simf_run(f, SIMF_T0 + 4000 * SIMF_MS);
	size_t starts = 0, last = 0;
	for (size_t i = 0; i < f->out_len; i++)
		if (f->out[i] == '/') {
			starts++;
			last = i;
		}
	CU_ASSERT_EQUAL(starts, 4);
	/* each is an IEC 62056-21 data message: ident line, STX ... ETX BCC */
	const uint8_t *m = f->out + last;
	size_t n = f->out_len - last;
	CU_ASSERT(n > 20);
	CU_ASSERT_EQUAL(memcmp(m, "/SIM5", 5), 0);
	const uint8_t *stx = memchr(m, 0x02, n), *etx = memchr(m, 0x03, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(stx);
	CU_ASSERT_PTR_NOT_NULL_FATAL(etx);
	CU_ASSERT_EQUAL_FATAL((size_t)(etx - m) + 2, n);
	uint8_t bcc = 0;
	for (const uint8_t *q = stx + 1; q <= etx; q++)
		bcc ^= *q;
	CU_ASSERT_EQUAL(bcc, etx[1]);
	/* a KMP request gets no answer: it is not a KMP meter */
	simf_clear(f);
	simf_feed_hex(f, SIMF_T0 + 4100 * SIMF_MS, get_type);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_IGNORED);
	uint8_t one[KMPSIM_PUSH_MAX];
	CU_ASSERT_EQUAL(kmpsim_push_message(1, 0, one, 10), 0);
	simf_free(f);
}

static void test_asleep_until_woken(void)
{
	kmpsim_core_params p;
	simf_params(kmpsim_profile_find("multical403"), &p);
	p.start_asleep = 1;
	p.echo = 1;
	simf *f = simf_new("multical403", &p);
	simf_client(f, "1200 8N2");
	/* echo only: the head works, the meter sleeps */
	CU_ASSERT_EQUAL(answered(f, SIMF_T0), 0);
	CU_ASSERT_EQUAL(f->out_len, 6);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_ASLEEP);
	kmpsim_core_wake(&f->core, SIMF_T0 + 5 * SIMF_SEC);
	CU_ASSERT_EQUAL(answered(f, SIMF_T0 + 6 * SIMF_SEC), 1);
	/* and the 403 falls asleep 240 s after the last request */
	CU_ASSERT_FALSE(kmpsim_core_asleep(&f->core, SIMF_T0 + 245 * SIMF_SEC));
	CU_ASSERT(kmpsim_core_asleep(&f->core, SIMF_T0 + 247 * SIMF_SEC));
	simf_free(f);
}

TEST_SUITE(sim_line_suite)
{
	CU_pSuite s = CU_add_suite("sim line", NULL, NULL);
	TEST_ADD(s, test_settings_decide);
	TEST_ADD(s, test_reply_garbled);
	TEST_ADD(s, test_inverted_head);
	TEST_ADD(s, test_dead);
	TEST_ADD(s, test_text);
	TEST_ADD(s, test_push);
	TEST_ADD(s, test_asleep_until_woken);
}
