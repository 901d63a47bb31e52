/* Property tests of the codec: encode -> decode round trips of random
 * registers and values, the streaming receiver fed the same bytes in every
 * chunking, stuffing edge cases, exact value text and comparison. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/crc.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/rx.h"
#include "kmp/tables.h"
#include "kmp/value.h"
#include "testing.h"

/* Small deterministic PRNG so failures reproduce (xorshift32). */
static uint32_t rng_state = 0x12345678u;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void test_crc_check_value(void)
{
	CU_ASSERT_EQUAL(kmp_crc16((const uint8_t *)"123456789", 9), 0x31C3);
	/* over DST..CRC the CRC is 0 */
	uint8_t f[] = {0x3F, 0x02, 0x01, 0x23, 0x45, 0x67, 0xE9, 0x56};
	CU_ASSERT_EQUAL(kmp_crc16(f, sizeof f), 0);
}

static void test_stuffing_each_special_byte(void)
{
	const uint8_t special[] = {0x06, 0x0D, 0x1B, 0x40, 0x80};
	const uint8_t escaped[] = {0xF9, 0xF2, 0xE4, 0xBF, 0x7F};
	for (size_t i = 0; i < sizeof special; i++) {
		uint8_t out[4], back[4];
		CU_ASSERT_EQUAL(kmp_stuff(&special[i], 1, out, sizeof out), 2);
		CU_ASSERT_EQUAL(out[0], 0x1B);
		CU_ASSERT_EQUAL(out[1], escaped[i]);
		CU_ASSERT_EQUAL(kmp_destuff(out, 2, back, sizeof back, NULL), 1);
		CU_ASSERT_EQUAL(back[0], special[i]);
	}
	/* 1B E4 F9 is an escaped 1B followed by a plain F9, never 06 */
	uint8_t in[] = {0x1B, 0xE4, 0xF9}, out[4];
	CU_ASSERT_EQUAL(kmp_destuff(in, 3, out, sizeof out, NULL), 2);
	CU_ASSERT_EQUAL(out[0], 0x1B);
	CU_ASSERT_EQUAL(out[1], 0xF9);
	/* 1B at the end, 1B 00, a raw 0D inside: stuffing errors at the right place */
	size_t bad = 99;
	uint8_t end[] = {0x3F, 0x1B};
	CU_ASSERT_EQUAL(kmp_destuff(end, 2, out, sizeof out, &bad), KMP_ERR_STUFFING);
	CU_ASSERT_EQUAL(bad, 1);
	uint8_t b00[] = {0x1B, 0x00};
	CU_ASSERT_EQUAL(kmp_destuff(b00, 2, out, sizeof out, &bad), KMP_ERR_STUFFING);
	CU_ASSERT_EQUAL(bad, 0);
	uint8_t raw40[] = {0x01, 0x40};
	CU_ASSERT_EQUAL(kmp_destuff(raw40, 2, out, sizeof out, &bad), KMP_ERR_STUFFING);
	CU_ASSERT_EQUAL(bad, 1);
	/* output too small */
	CU_ASSERT_EQUAL(kmp_stuff(special, 5, out, sizeof out), KMP_ERR_NOSPACE);
}

static void random_value(kmp_value *v)
{
	memset(v, 0, sizeof *v);
	v->len = (uint8_t)(1 + rnd() % 16);
	v->sign_exp = (uint8_t)(rnd() & 0xFF);
	for (int i = 0; i < v->len; i++)
		v->mantissa[i] = (uint8_t)rnd();
}

static void test_register_round_trip(void)
{
	static kmp_frame f;
	static kmp_msg m;
	for (int iter = 0; iter < 2000; iter++) {
		uint8_t data[KMP_DATA_MAX], wire[KMP_FRAME_MAX];
		size_t len = 0, n = 1 + rnd() % 8;
		kmp_value vals[8];
		uint16_t ids[8];
		uint8_t units[8];
		for (size_t i = 0; i < n; i++) {
			ids[i] = (uint16_t)(rnd() % 65536);
			for (size_t j = 0; j < i; j++)
				if (ids[j] == ids[i])
					ids[i] =
					        (uint16_t)(ids[i] + 1 + j); /* keep them distinct */
			units[i] = (uint8_t)rnd();
			random_value(&vals[i]);
			CU_ASSERT_EQUAL_FATAL(kmp_record_append(data, sizeof data, &len, ids[i],
			                                        units[i], &vals[i]),
			                      KMP_OK);
		}
		uint8_t addr = (uint8_t)rnd();
		int w = kmp_frame_encode(KMP_START_REPLY, addr, KMP_CID_GET_REGISTER, data, len,
		                         wire, sizeof wire);
		CU_ASSERT_FATAL(w > 0);
		/* a stuffed frame holds no raw special byte between start and stop */
		for (int i = 1; i < w - 1; i++)
			CU_ASSERT(wire[i] != 0x0D && wire[i] != 0x40 && wire[i] != 0x80 &&
			          wire[i] != 0x06);
		CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(wire, (size_t)w, &f), KMP_OK);
		CU_ASSERT_EQUAL(f.addr, addr);
		CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&f, KMP_CID_GET_REGISTER, &m), KMP_OK);
		CU_ASSERT_EQUAL(m.n_records, n);
		for (size_t i = 0; i < n; i++) {
			const kmp_record *r = kmp_msg_find(&m, ids[i]);
			CU_ASSERT_PTR_NOT_NULL_FATAL(r);
			CU_ASSERT_EQUAL(r->unit, units[i]);
			CU_ASSERT_EQUAL(r->value.len, vals[i].len);
			CU_ASSERT_EQUAL(r->value.sign_exp, vals[i].sign_exp);
			CU_ASSERT(memcmp(r->value.mantissa, vals[i].mantissa, vals[i].len) == 0);
			CU_ASSERT_EQUAL(kmp_value_cmp(&r->value, &vals[i]), 0);
		}
		/* one flipped bit anywhere between start and stop never yields OK */
		int pos = 1 + (int)(rnd() % (unsigned)(w - 2));
		wire[pos] ^= (uint8_t)(1u << (rnd() % 8));
		kmp_frame_decode(wire, (size_t)w, &f);
		CU_ASSERT_NOT_EQUAL(f.status, KMP_OK);
	}
}

static void test_value_text_round_trip(void)
{
	/* format -> from_text -> format is the identity on the text */
	for (int iter = 0; iter < 3000; iter++) {
		kmp_value v, back;
		char a[KMP_VALUE_TEXT_MAX], b[KMP_VALUE_TEXT_MAX];
		random_value(&v);
		CU_ASSERT_FATAL(kmp_value_format(&v, a, sizeof a) > 0);
		int rc = kmp_value_from_text(a, v.len, &back);
		if (rc == KMP_ERR_RANGE)
			continue; /* exponents past 63 after renormalising */
		CU_ASSERT_EQUAL_FATAL(rc, KMP_OK);
		CU_ASSERT_FATAL(kmp_value_format(&back, b, sizeof b) > 0);
		CU_ASSERT_STRING_EQUAL(a, b);
		CU_ASSERT_EQUAL(kmp_value_cmp(&v, &back), 0);
	}
}

static void check_text(const char *in, uint8_t len, const char *want)
{
	kmp_value v;
	char out[KMP_VALUE_TEXT_MAX];
	CU_ASSERT_EQUAL_FATAL(kmp_value_from_text(in, len, &v), KMP_OK);
	kmp_value_format(&v, out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_value_text(void)
{
	check_text("0.0", 2, "0.0");
	check_text("-123.45", 4, "-123.45");
	check_text("255000", 1, "255000"); /* 255e3 in one byte */
	check_text("0.057", 1, "0.057");
	check_text("-0", 1, "0");
	kmp_value v;
	CU_ASSERT_EQUAL(kmp_value_from_text("256", 1, &v), KMP_ERR_RANGE);
	CU_ASSERT_EQUAL(kmp_value_from_text("1.2.3", 2, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_value_from_text("", 2, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_value_from_text("+5", 2, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_value_from_text(".5", 2, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_value_from_text("5.", 2, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_value_from_text("-", 2, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_value_from_text("12", 0, &v), KMP_ERR_RANGE);
	char small[4];
	kmp_value_from_text("12345", 4, &v);
	CU_ASSERT_EQUAL(kmp_value_format(&v, small, sizeof small), KMP_ERR_NOSPACE);
}

static void check_special(const char *in, uint8_t unit, const char *want)
{
	kmp_value v;
	char out[KMP_VALUE_TEXT_MAX];
	CU_ASSERT_EQUAL_FATAL(kmp_value_from_text(in, 4, &v), KMP_OK);
	kmp_value_text(&v, unit, out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_special_units(void)
{
	check_special("200243", KMP_UNIT_HHMMSS, "20:02:43");
	check_special("70243", KMP_UNIT_HHMMSS, "07:02:43");
	check_special("220901", KMP_UNIT_YYMMDD, "2022-09-01");
	check_special("20220901", KMP_UNIT_YYYYMMDD, "2022-09-01");
	check_special("901", KMP_UNIT_MMDD, "09-01");
	/* not a whole number of the right size: the exact decimal instead */
	check_special("20.0243", KMP_UNIT_HHMMSS, "20.0243");
	check_special("1234567", KMP_UNIT_HHMMSS, "1234567");
	check_special("-5", KMP_UNIT_MMDD, "-5");
	/* a date the meter never set is a number, not 2000-00-00 */
	check_special("0", KMP_UNIT_YYMMDD, "0");
	check_special("0", KMP_UNIT_YYYYMMDD, "0");
	check_special("221301", KMP_UNIT_YYMMDD, "221301");
	kmp_value v = {.len = 6, .sign_exp = 0, .mantissa = {0, 'K', 'M', 'P', 0x07, '\\'}};
	char out[64];
	kmp_value_text(&v, KMP_UNIT_ASCII, out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "KMP\\x07\\x5C");
	/* the longest text: 64 bytes that all need escaping fit the buffer
	 * every caller uses (found by review: it used to write nothing and
	 * leave stale stack text to be shown as the value) */
	kmp_value big = {.len = KMP_MANTISSA_MAX, .sign_exp = 0};
	memset(big.mantissa, 0x01, sizeof big.mantissa);
	char text[KMP_VALUE_TEXT_MAX];
	CU_ASSERT_EQUAL(kmp_value_text(&big, KMP_UNIT_ASCII, text, sizeof text),
	                4 * KMP_MANTISSA_MAX);
	CU_ASSERT_EQUAL(strncmp(text, "\\x01\\x01", 8), 0);
	/* too small a buffer: an error and an empty string, never old bytes */
	char small[16];
	memset(small, 'Z', sizeof small);
	CU_ASSERT_EQUAL(kmp_value_text(&big, KMP_UNIT_ASCII, small, sizeof small), KMP_ERR_NOSPACE);
	CU_ASSERT_STRING_EQUAL(small, "");
	memset(small, 'Z', sizeof small);
	CU_ASSERT_EQUAL(kmp_value_format(&big, small, sizeof small), KMP_ERR_NOSPACE);
	CU_ASSERT_STRING_EQUAL(small, "");
}

static void test_value_cmp(void)
{
	kmp_value a, b;
	kmp_value_from_text("1.50", 2, &a);
	kmp_value_from_text("1.5", 1, &b);
	CU_ASSERT_EQUAL(kmp_value_cmp(&a, &b), 0);
	kmp_value_from_text("-2", 1, &b);
	CU_ASSERT_EQUAL(kmp_value_cmp(&a, &b), 1);
	CU_ASSERT_EQUAL(kmp_value_cmp(&b, &a), -1);
	kmp_value_from_text("-3", 1, &a);
	CU_ASSERT_EQUAL(kmp_value_cmp(&a, &b), -1);
	kmp_value_from_text("0.0", 1, &a);
	kmp_value_from_text("0", 1, &b);
	CU_ASSERT_EQUAL(kmp_value_cmp(&a, &b), 0);
	kmp_value_from_text("100", 1, &a);
	kmp_value_from_text("99.99", 2, &b);
	CU_ASSERT_EQUAL(kmp_value_cmp(&a, &b), 1);
}

static void test_tables(void)
{
	char buf[32];
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(21), "W");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(22), "kW");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(25), "var");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(38), "K");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(8), "GJ");
	CU_ASSERT_STRING_EQUAL(kmp_unit_name_ascii(37), "C");
	/* 65..90: named where a source names them (test_codec_units.c checks
	 * every row of units-by-source.tsv); the gaps stay unnamed */
	CU_ASSERT_STRING_EQUAL(kmp_unit_name(65), "imp/l");
	CU_ASSERT_PTR_NULL(kmp_unit_name(75));
	CU_ASSERT_PTR_NULL(kmp_unit_name(91));
	CU_ASSERT_PTR_NULL(kmp_unit_name(255));
	CU_ASSERT_STRING_EQUAL(kmp_unit_label(200, buf, sizeof buf), "unit 0xC8");
	CU_ASSERT_STRING_EQUAL(kmp_register_lookup(60)->name, "Heat energy E1");
	CU_ASSERT_STRING_EQUAL(kmp_register_lookup(1346)->name, "Power L3 (out)");
	CU_ASSERT_PTR_NULL(kmp_register_lookup(0));
	CU_ASSERT_PTR_NULL(kmp_register_lookup(65535));
	size_t n;
	const kmp_register_info *t = kmp_register_table(&n);
	CU_ASSERT(n > 100);
	for (size_t i = 1; i < n; i++)
		CU_ASSERT(t[i - 1].id < t[i].id);
	CU_ASSERT_STRING_EQUAL(kmp_cid_name(0x09), "SetClock");
	CU_ASSERT_STRING_EQUAL(kmp_cid_name(0x11), "PutRegister");
	CU_ASSERT(kmp_cid_is_write(0x09) && kmp_cid_is_write(0x11) && !kmp_cid_is_write(0x10));
}

/* Found by fuzz_rx: a long frame without escapes destuffs to more data
 * than kmp_frame can hold; it must be a length error, not an overflow. */
static void test_long_frame_is_length_error(void)
{
	static uint8_t raw[KMP_FRAME_MAX];
	static kmp_frame f;
	raw[0] = 0x40;
	memset(raw + 1, 0x11, sizeof raw - 2);
	raw[sizeof raw - 1] = 0x0D;
	CU_ASSERT_EQUAL(kmp_frame_decode(raw, sizeof raw, &f), KMP_ERR_LENGTH);
	CU_ASSERT(f.data_len <= KMP_DATA_MAX);
	/* the largest data that fits still decodes (here with a bad CRC) */
	size_t n = 1 + 2 + KMP_DATA_MAX + 2 + 1;
	raw[n - 1] = 0x0D;
	CU_ASSERT_EQUAL(kmp_frame_decode(raw, n, &f), KMP_ERR_CRC);
	CU_ASSERT_EQUAL(f.data_len, KMP_DATA_MAX);
}

static void test_request_builders(void)
{
	uint8_t out[64];
	uint16_t ids[9] = {60, 68, 74, 80, 86, 87, 89, 266, 1};
	CU_ASSERT_EQUAL(kmp_build_get_register(0x3F, ids, 0, out, sizeof out), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_get_register(0x3F, ids, 9, out, sizeof out), KMP_ERR_ARG);
	int n = kmp_build_get_register(0x3F, ids, 8, out, sizeof out);
	uint8_t want[64];
	int wn = test_hex("803F1008003C0044004A0050005600570059010A9E820D", want, sizeof want);
	CU_ASSERT_EQUAL_FATAL(n, wn);
	CU_ASSERT(memcmp(out, want, (size_t)n) == 0);
	n = kmp_build_get_serial(0x3F, out, sizeof out);
	wn = test_hex("803F0235E90D", want, sizeof want);
	CU_ASSERT(n == wn && memcmp(out, want, (size_t)n) == 0);
	n = kmp_build_get_type(0x3F, out, sizeof out);
	wn = test_hex("803F01058A0D", want, sizeof want);
	CU_ASSERT(n == wn && memcmp(out, want, (size_t)n) == 0);
	CU_ASSERT_EQUAL(kmp_build_get_type(0x3F, out, 3), KMP_ERR_NOSPACE);
}

/* --- streaming receiver ------------------------------------------------ */

typedef struct evlog {
	char text[16384];
} evlog;

static void log_event(void *ctx, const kmp_rx_event *ev)
{
	static const char *names[] = {"F", "E", "A", "Z", "G", "P"};
	evlog *l = ctx;
	size_t o = strlen(l->text);
	if (o + 64 > sizeof l->text)
		return; /* the tests compare prefixes of long logs */
	o += (size_t)snprintf(l->text + o, sizeof l->text - o, "%s%s[", o ? " " : "",
	                      names[ev->kind]);
	for (size_t i = 0; i < ev->raw_len && o + 8 < sizeof l->text; i++)
		o += (size_t)snprintf(l->text + o, sizeof l->text - o, "%02X", ev->raw[i]);
	snprintf(l->text + o, sizeof l->text - o, "]%s",
	         ev->frame ? (ev->frame->status == KMP_OK ? "ok" : kmp_err_name(ev->frame->status))
	                   : "");
}

static void run_chunked(const uint8_t *p, size_t n, const size_t *cuts, size_t ncuts, evlog *l)
{
	kmp_rx rx;
	memset(l, 0, sizeof *l);
	kmp_rx_init(&rx, log_event, l);
	size_t prev = 0;
	for (size_t i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : n;
		kmp_rx_feed(&rx, p + prev, end - prev);
		prev = end;
	}
	kmp_rx_flush(&rx);
}

static void test_rx_every_chunking(void)
{
	/* echo of the request, a lone zero, noise, the reply with a stuffed
	 * byte, an ACK, a CRC-bad reply, a cut-off frame */
	uint8_t s[256];
	int n = test_hex("803F1001003CB25F0D"
	                 "00"
	                 "1234"
	                 "403F10003C0204001BE4F90000A9B00D"
	                 "06"
	                 "403F0201234567E9570D"
	                 "403F10",
	                 s, sizeof s);
	CU_ASSERT_FATAL(n > 0);
	evlog whole, part;
	run_chunked(s, (size_t)n, NULL, 0, &whole);
	CU_ASSERT_STRING_EQUAL(whole.text, "E[803F1001003CB25F0D]ok Z[00] G[1234] "
	                                   "F[403F10003C0204001BE4F90000A9B00D]ok A[06] "
	                                   "F[403F0201234567E9570D]crc P[403F10]");
	/* every single split point and every pair of split points */
	for (size_t i = 1; i < (size_t)n; i++) {
		size_t c1[1] = {i};
		run_chunked(s, (size_t)n, c1, 1, &part);
		CU_ASSERT_STRING_EQUAL(part.text, whole.text);
		for (size_t j = i + 1; j < (size_t)n; j++) {
			size_t c2[2] = {i, j};
			run_chunked(s, (size_t)n, c2, 2, &part);
			CU_ASSERT_STRING_EQUAL(part.text, whole.text);
		}
	}
	/* byte by byte */
	size_t cuts[256];
	for (int i = 0; i < n - 1; i++)
		cuts[i] = (size_t)i + 1;
	run_chunked(s, (size_t)n, cuts, (size_t)n - 1, &part);
	CU_ASSERT_STRING_EQUAL(part.text, whole.text);
}

static void test_rx_edge_cases(void)
{
	evlog l;
	uint8_t s[2 * KMP_FRAME_MAX + 8];
	/* a frame that never ends is cut at KMP_FRAME_MAX, the rest is garbage */
	s[0] = 0x40;
	memset(s + 1, 0x11, sizeof s - 1);
	kmp_rx rx;
	memset(&l, 0, sizeof l);
	kmp_rx_init(&rx, log_event, &l);
	kmp_rx_feed(&rx, s, sizeof s);
	kmp_rx_flush(&rx);
	CU_ASSERT(strncmp(l.text, "P[4011", 6) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.text, " G["));
	/* a zero inside a garbage run is garbage, a start byte cuts a frame */
	int n = test_hex("AA00BB"
	                 "403F02"
	                 "403F0201234567E9560D",
	                 s, sizeof s);
	run_chunked(s, (size_t)n, NULL, 0, &l);
	CU_ASSERT_STRING_EQUAL(l.text, "G[AA00BB] P[403F02] F[403F0201234567E9560D]ok");
	/* reset drops pending state silently */
	memset(&l, 0, sizeof l);
	kmp_rx_init(&rx, log_event, &l);
	kmp_rx_feed(&rx, s, 5);
	CU_ASSERT(kmp_rx_busy(&rx));
	kmp_rx_reset(&rx);
	kmp_rx_flush(&rx);
	CU_ASSERT_STRING_EQUAL(l.text, "G[AA00BB]");
}

TEST_SUITE(codec_props_suite)
{
	CU_pSuite s = CU_add_suite("codec properties", NULL, NULL);
	TEST_ADD(s, test_crc_check_value);
	TEST_ADD(s, test_stuffing_each_special_byte);
	TEST_ADD(s, test_register_round_trip);
	TEST_ADD(s, test_value_text_round_trip);
	TEST_ADD(s, test_value_text);
	TEST_ADD(s, test_special_units);
	TEST_ADD(s, test_value_cmp);
	TEST_ADD(s, test_tables);
	TEST_ADD(s, test_long_frame_is_length_error);
	TEST_ADD(s, test_request_builders);
	TEST_ADD(s, test_rx_every_chunking);
	TEST_ADD(s, test_rx_edge_cases);
}
