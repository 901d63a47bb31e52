/* --replay's reading side: --log lines back into fields (times checked),
 * a recorded session back into the client's events (each one formats to
 * the very line it was read from), the exchange tracker's register
 * readings, retries and discarded replies, pastes of other forms, and the
 * trace view's search, ASCII and TIMEOUT naming. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/trace_fmt.h"
#include "feature/journal.h"
#include "feature/replay.h"
#include "kmp/iso_time.h"
#include "kmp/trace_line.h"
#include "kmp/value.h"
#include "testing.h"
#include "tui/trace_find.h"
#include "tui/trace_ring.h"

#define SESSION TEST_DATA_DIR "replay-session.log"

/* --- one line ------------------------------------------------------------ */

static void test_iso_time_parse(void)
{
	struct timespec ts;
	char back[KMP_ISO_TIME_MAX];
	const char *ok[] = {"2026-11-21T10:00:00.123Z", "2024-02-29T23:59:59.999Z",
	                    "1970-01-01T00:00:00.000Z"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(kmp_iso_time_parse(ok[i], strlen(ok[i]), &ts), 0);
		CU_ASSERT_STRING_EQUAL(kmp_iso_time(&ts, back, sizeof back), ok[i]);
	}
	const char *bad[] = {
	        "2026-02-29T10:00:00.000Z", "2026-11-21T24:00:00.000Z", "2026-11-21T10:60:00.000Z",
	        "2026-13-01T10:00:00.000Z", "2026-11-21 10:00:00.123Z", "2026-11-21T10:00:00.123",
	        "2026-11-21T10:00:00.12Z",  "1969-12-31T23:59:59.000Z", "2026-11-2xT10:00:00.123Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(kmp_iso_time_parse(bad[i], strlen(bad[i]), &ts), -1);
}

static int parse(const char *line, kmp_trace_line *t, unsigned *col, const char **why)
{
	return kmp_trace_line_parse(line, strlen(line), t, col, why);
}

static void test_line_fields(void)
{
	kmp_trace_line t;
	unsigned col = 0;
	const char *why = NULL;
	CU_ASSERT_EQUAL_FATAL(parse("2026-11-21T10:00:00.012Z\tTX\t80 3F 10 01 00 3C B2 5F "
	                            "0D\tCRC OK\tGetRegister 60\r",
	                            &t, &col, &why),
	                      0);
	CU_ASSERT_EQUAL(t.dir, KMP_TRACE_TX);
	CU_ASSERT_EQUAL(t.n, 9);
	CU_ASSERT_EQUAL(t.bytes[0], 0x80);
	CU_ASSERT_EQUAL(t.bytes[8], 0x0D);
	CU_ASSERT_EQUAL(t.wall.tv_nsec, 12000000L);
	CU_ASSERT(kmp_trace_field_is(t.status, t.status_len, "CRC OK"));
	CU_ASSERT(kmp_trace_field_is(t.decode, t.decode_len, "GetRegister 60")); /* CR dropped */
	CU_ASSERT_EQUAL_FATAL(parse("2026-11-21T10:00:01.000Z\tTIMEOUT\t-\tECHO ONLY\tonly the "
	                            "echo",
	                            &t, &col, &why),
	                      0);
	CU_ASSERT_EQUAL(t.dir, KMP_TRACE_TIMEOUT);
	CU_ASSERT_EQUAL(t.n, 0);
	/* an empty decode is a field too */
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:01.000Z\tRX\t40 3F\tLENGTH\t", &t, &col, &why), 0);
	CU_ASSERT_EQUAL(t.decode_len, 0);
}

static void test_line_errors_say_where(void)
{
	kmp_trace_line t;
	unsigned col = 0;
	const char *why = NULL;
	CU_ASSERT_EQUAL(parse("a note someone added", &t, &col, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(why);
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:00Z\tTX\t80\tCRC OK\tx", &t, &col, &why), -1);
	CU_ASSERT_EQUAL(col, 1);
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:00.000Z\tSENT\t80\tCRC OK\tx", &t, &col, &why), -1);
	CU_ASSERT_EQUAL(col, 26);
	/* the bad byte's own column */
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:00.000Z\tTX\t80 3G\tCRC OK\tx", &t, &col, &why),
	                -1);
	CU_ASSERT_EQUAL(col, 32);
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:00.000Z\tTX\t803F\tCRC OK\tx", &t, &col, &why), -1);
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:00.000Z\tTIMEOUT\t80\tTIMEOUT\tx", &t, &col, &why),
	                -1);
	CU_ASSERT_EQUAL(parse("2026-11-21T10:00:00.000Z\tRX\t-\tCRC OK\tx", &t, &col, &why), -1);
}

/* --- a whole session ------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
	char *text = NULL;
	CU_ASSERT_EQUAL_FATAL(kmp_read_file(path, 1 << 20, &text, len), KMP_OK);
	return text;
}

/* Every entry, formatted as --log formats the client's events, is the
 * line it came from: the same frames, checks, decodes, echoes and
 * discarded replies as the live session. */
static void test_session_round_trip(void)
{
	size_t len;
	char *text = slurp(SESSION, &len);
	kmp_replay r;
	kmp_replay_scratch *s = malloc(sizeof *s);
	CU_ASSERT_FATAL(s != NULL);
	CU_ASSERT_EQUAL_FATAL(kmp_replay_load(&r, text, len), KMP_OK);
	CU_ASSERT(r.is_log);
	CU_ASSERT_EQUAL(r.n_errors, 0);
	char line[8192];
	size_t i = 0, o = 0;
	while (o < len) {
		const char *nl = memchr(text + o, '\n', len - o);
		size_t n = nl ? (size_t)(nl - (text + o)) : len - o;
		CU_ASSERT_FATAL(i < r.n);
		kmp_event ev;
		kmp_replay_event(&r, i, 0, &ev, s);
		kmp_event_line(&ev, line, sizeof line);
		if (strlen(line) != n || memcmp(line, text + o, n) != 0) {
			printf("\nline %zu:\n  read  %.*s\n  wrote %s\n", i + 1, (int)n, text + o,
			       line);
			CU_FAIL("an entry formats to another line");
		}
		i++;
		o += n + 1;
	}
	CU_ASSERT_EQUAL(i, r.n);
	/* times run from the first entry, as recorded */
	CU_ASSERT_EQUAL(r.items[0].t_us, 0);
	CU_ASSERT(r.items[r.n - 1].t_us > r.items[1].t_us);
	kmp_replay_free(&r);
	free(s);
	free(text);
}

static const kmp_reading *reading_of(const kmp_outcome *o, uint16_t id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->readings[i].id == id)
			return &o->readings[i];
	return NULL;
}

static void value_is(const kmp_value *v, const char *text)
{
	char buf[KMP_VALUE_TEXT_MAX];
	kmp_value_format(v, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, text);
}

/* The tracker over the recorded session: the last settled outcome for 60
 * is the reply the client accepted, never the discarded 777777. */
static void test_tracker_over_session(void)
{
	size_t len;
	char *text = slurp(SESSION, &len);
	kmp_replay r;
	kmp_tracker t;
	kmp_outcome o, last60;
	kmp_replay_scratch *s = malloc(sizeof *s);
	CU_ASSERT_FATAL(s != NULL);
	CU_ASSERT_EQUAL_FATAL(kmp_replay_load(&r, text, len), KMP_OK);
	kmp_tracker_init(&t);
	memset(&last60, 0, sizeof last60);
	unsigned outcomes = 0, ok = 0, failed = 0;
	for (size_t i = 0; i < r.n; i++) {
		kmp_event ev;
		kmp_replay_event(&r, i, 0, &ev, s);
		if (!kmp_tracker_feed(&t, &ev, &o))
			continue;
		outcomes++;
		const kmp_reading *rd = reading_of(&o, 60);
		if (rd) {
			last60 = o;
			ok += rd->state == KMP_READING_OK;
			failed += rd->state == KMP_READING_FAILED;
		}
	}
	if (kmp_tracker_end(&t, &o) && reading_of(&o, 60)) {
		last60 = o;
		failed += reading_of(&o, 60)->state == KMP_READING_FAILED;
	}
	CU_ASSERT(outcomes > 0);
	CU_ASSERT(ok >= 2);
	/* the last request (GetRegister 60) ended in garbage and no retry */
	CU_ASSERT(failed >= 1);
	const kmp_reading *rd = reading_of(&last60, 60);
	CU_ASSERT_FATAL(rd != NULL);
	CU_ASSERT_EQUAL(rd->state, KMP_READING_FAILED);
	CU_ASSERT_EQUAL(rd->error, KMP_ERR_GARBAGE);
	/* counted as the client counts */
	CU_ASSERT_EQUAL(t.stats.tx, 14);
	CU_ASSERT_EQUAL(t.stats.echoes, 12);
	CU_ASSERT_EQUAL(t.stats.echo_only, 3);
	CU_ASSERT_EQUAL(t.stats.crc_errors, 3);
	CU_ASSERT_EQUAL(t.stats.stuffing_errors, 1);
	CU_ASSERT_EQUAL(t.stats.reconnects, 1);
	kmp_replay_free(&r);
	free(s);
	free(text);
}

/* Feed a small log through load + tracker; returns the outcomes' count
 * and the last one in *last. */
static unsigned track(const char *log, kmp_outcome *last, kmp_replay *r)
{
	kmp_replay_scratch *s = malloc(sizeof *s);
	kmp_tracker t;
	kmp_outcome o;
	unsigned n = 0;
	CU_ASSERT_FATAL(s != NULL);
	CU_ASSERT_EQUAL_FATAL(kmp_replay_load(r, log, strlen(log)), KMP_OK);
	kmp_tracker_init(&t);
	for (size_t i = 0; i < r->n; i++) {
		kmp_event ev;
		kmp_replay_event(r, i, 0, &ev, s);
		if (kmp_tracker_feed(&t, &ev, &o)) {
			*last = o;
			n++;
		}
	}
	if (kmp_tracker_end(&t, &o)) {
		*last = o;
		n++;
	}
	free(s);
	return n;
}

#define TX60 "\tTX\t80 3F 10 01 00 3C B2 5F 0D\tCRC OK\tGetRegister 60\n"
#define RX60                                                                                       \
	"\tRX\t40 3F 10 00 3C 08 04 41 00 00 30 39 3B 53 0D\tCRC OK\tGetRegister 60=1234.5 GJ\n"

static void test_tracker_values_and_retries(void)
{
	kmp_outcome o;
	kmp_replay r;
	/* a clean exchange gives the value, exactly */
	CU_ASSERT_EQUAL(
	        track("2026-11-21T10:00:00.000Z" TX60 "2026-11-21T10:00:00.100Z" RX60, &o, &r), 1);
	CU_ASSERT_EQUAL(o.kind, KMP_OUTCOME_REGISTERS);
	CU_ASSERT_EQUAL(o.readings[0].state, KMP_READING_OK);
	CU_ASSERT_EQUAL(o.readings[0].unit, 8);
	value_is(&o.readings[0].value, "1234.5");
	CU_ASSERT_EQUAL(o.readings[0].record_len, 9);
	kmp_replay_free(&r);
	/* a timeout, then its retry answered: the retry's value, no failure */
	CU_ASSERT_EQUAL(track("2026-11-21T10:00:00.000Z" TX60
	                      "2026-11-21T10:00:01.600Z\tTIMEOUT\t-\tTIMEOUT\tx\n"
	                      "2026-11-21T10:00:03.200Z" TX60 "2026-11-21T10:00:03.300Z" RX60,
	                      &o, &r),
	                1);
	CU_ASSERT_EQUAL(o.readings[0].state, KMP_READING_OK);
	kmp_replay_free(&r);
	/* a reply nobody waited for gives nothing */
	CU_ASSERT_EQUAL(track("2026-11-21T10:00:00.000Z" RX60, &o, &r), 0);
	CU_ASSERT(r.items[0].discarded);
	kmp_replay_free(&r);
}

/* A reply the live client refused for its timing (EARLY) stays refused:
 * the log's reason is kept and no value comes from it. */
static void test_early_reply_stays_refused(void)
{
	uint8_t raw[] = {0x40, 0x3F, 0x10, 0x00, 0x3C, 0x08, 0x04, 0x41,
	                 0x00, 0x00, 0x30, 0x39, 0x3B, 0x53, 0x0D};
	kmp_frame f;
	kmp_frame_decode(raw, sizeof raw, &f);
	kmp_event ev = {.kind = KMP_EV_RX,
	                .raw = raw,
	                .raw_len = sizeof raw,
	                .frame = &f,
	                .status = KMP_ERR_EARLY};
	ev.wall.tv_sec = 1800000000;
	char line[1024], log[2048];
	kmp_event_line(&ev, line, sizeof line);
	snprintf(log, sizeof log, "2027-01-15T08:00:00.000Z" TX60 "%s\n", line);
	kmp_outcome o;
	kmp_replay r;
	CU_ASSERT_EQUAL(track(log, &o, &r), 1);
	CU_ASSERT_EQUAL(r.items[1].status, KMP_ERR_EARLY);
	CU_ASSERT_EQUAL(o.readings[0].state, KMP_READING_FAILED);
	CU_ASSERT_EQUAL(o.readings[0].error, KMP_ERR_EARLY);
	kmp_replay_free(&r);
}

static void test_log_lines_that_are_not(void)
{
	const char *log = "2026-11-21T10:00:00.000Z" TX60 "a note\n\n2026-11-21T10:00:00.100Z" RX60;
	kmp_replay r;
	CU_ASSERT_EQUAL_FATAL(kmp_replay_load(&r, log, strlen(log)), KMP_OK);
	CU_ASSERT(r.is_log);
	CU_ASSERT_EQUAL(r.n, 2);
	CU_ASSERT_EQUAL(r.n_errors, 1);
	CU_ASSERT_EQUAL(r.error_line, 2);
	CU_ASSERT_EQUAL(r.n_skipped, 1);
	kmp_replay_free(&r);
	/* nothing at all */
	CU_ASSERT_EQUAL_FATAL(kmp_replay_load(&r, "hello\n", 6), KMP_OK);
	CU_ASSERT_EQUAL(r.n, 0);
	CU_ASSERT_EQUAL(r.n_errors, 1);
	kmp_replay_free(&r);
}

/* A paste of another form: frames split as the receiver splits them, a
 * request by its side, the reply decoded against it. */
static void test_paste_forms(void)
{
	const char *paste = "[12:00:01][D][uart_debug:114]: >>> 80:3F:10:01:00:3C:B2:5F:0D\n"
	                    "[12:00:01][D][uart_debug:114]: <<< "
	                    "40:3F:10:00:3C:08:04:41:00:00:30:39:3B:53:0D\n";
	kmp_outcome o;
	kmp_replay r;
	CU_ASSERT_EQUAL(track(paste, &o, &r), 1);
	CU_ASSERT(!r.is_log);
	CU_ASSERT_EQUAL_FATAL(r.n, 2);
	CU_ASSERT_EQUAL(r.items[0].kind, KMP_EV_TX);
	CU_ASSERT_EQUAL(r.items[1].kind, KMP_EV_RX);
	CU_ASSERT_EQUAL(r.items[1].t_us, KMP_REPLAY_PASTE_STEP_US);
	value_is(&o.readings[0].value, "1234.5");
	kmp_replay_free(&r);
	/* xxd: a reply over two lines is one frame */
	size_t len;
	char *text = slurp(TEST_DATA_DIR "pastes/xxd.txt", &len);
	CU_ASSERT_EQUAL_FATAL(kmp_replay_load(&r, text, len), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(r.n, 2);
	CU_ASSERT_EQUAL(r.items[0].kind, KMP_EV_TX);
	CU_ASSERT_EQUAL(r.items[1].kind, KMP_EV_RX);
	CU_ASSERT_EQUAL(r.items[1].raw_len, 15);
	CU_ASSERT_EQUAL(r.items[1].status, KMP_OK);
	CU_ASSERT(!r.items[1].discarded);
	kmp_replay_free(&r);
	free(text);
}

/* --- the trace view's side ------------------------------------------------ */

static void test_trace_search_ascii_and_timeout_name(void)
{
	tui_trace_ring ring;
	CU_ASSERT_EQUAL_FATAL(tui_ring_init(&ring, 16), 0);
	uint8_t tx[64];
	uint16_t ids[] = {60, 68};
	int n = kmp_build_get_register(KMP_ADDR_HEAT, ids, 2, tx, sizeof tx);
	CU_ASSERT_FATAL(n > 0);
	kmp_frame f;
	kmp_msg m;
	kmp_frame_decode(tx, (size_t)n, &f);
	kmp_msg_decode(&f, -1, &m);
	kmp_event ev = {.kind = KMP_EV_TX, .raw = tx, .raw_len = (size_t)n, .frame = &f, .msg = &m};
	CU_ASSERT_EQUAL(tui_ring_push(&ring, &ev, 1), 0);
	const char *text = "Device open failure\r\n";
	kmp_event g = {
	        .kind = KMP_EV_GARBAGE, .raw = (const uint8_t *)text, .raw_len = strlen(text)};
	CU_ASSERT_EQUAL(tui_ring_push(&ring, &g, 1), 0);
	kmp_event to = {.kind = KMP_EV_TIMEOUT, .status = KMP_ERR_GARBAGE};
	CU_ASSERT_EQUAL(tui_ring_push(&ring, &to, 1), 0);

	const tui_trace_entry *e0 = tui_ring_get(&ring, 0), *e1 = tui_ring_get(&ring, 1),
	                      *e2 = tui_ring_get(&ring, 2);
	/* the TIMEOUT row names the request; its --log line is unchanged */
	CU_ASSERT_STRING_EQUAL(e0->decode, "GetRegister 60,68");
	CU_ASSERT(strncmp(e2->decode, "GetRegister 60,68: ", 19) == 0);
	CU_ASSERT(strstr(e2->line, "GetRegister") == NULL);

	char a[64];
	CU_ASSERT_STRING_EQUAL(tui_trace_ascii(e1, 64, a, sizeof a), "Device open failure..");
	CU_ASSERT_STRING_EQUAL(tui_trace_ascii(e1, 6, a, sizeof a), "Device");
	/* hex bytes, in any spelling, match bytes in a row */
	CU_ASSERT(tui_trace_matches(e0, "80 3F 10"));
	CU_ASSERT(tui_trace_matches(e0, "3f10"));
	CU_ASSERT(tui_trace_matches(e0, "00:3C"));
	CU_ASSERT(!tui_trace_matches(e0, "3F 3F"));
	CU_ASSERT(!tui_trace_matches(e1, "80 3F"));
	/* text: the ASCII of the bytes, the decode, the direction, any case */
	CU_ASSERT(tui_trace_matches(e1, "open FAILURE"));
	CU_ASSERT(tui_trace_matches(e2, "timeout"));
	CU_ASSERT(tui_trace_matches(e0, "getregister 60"));
	CU_ASSERT(!tui_trace_matches(e0, "failure"));
	CU_ASSERT(!tui_trace_matches(e0, ""));
	tui_ring_free(&ring);
}

TEST_SUITE(suite_replay)
{
	CU_pSuite s = CU_add_suite("replay", NULL, NULL);
	TEST_ADD(s, test_iso_time_parse);
	TEST_ADD(s, test_line_fields);
	TEST_ADD(s, test_line_errors_say_where);
	TEST_ADD(s, test_session_round_trip);
	TEST_ADD(s, test_tracker_over_session);
	TEST_ADD(s, test_tracker_values_and_retries);
	TEST_ADD(s, test_early_reply_stays_refused);
	TEST_ADD(s, test_log_lines_that_are_not);
	TEST_ADD(s, test_paste_forms);
	TEST_ADD(s, test_trace_search_ascii_and_timeout_name);
}
