/* The simulator's line model: settings parsed and printed, and what a UART
 * receiver makes of characters sent at the same or other settings (exact
 * bytes worked out by hand from the bit timings), through a normal or an
 * inverted head. */
#include <string.h>

#include "sim/sim_line.h"
#include "sim/sim_uart.h"
#include "testing.h"

static kmpsim_line L(const char *text)
{
	kmpsim_line l = {0, 0, 0, 0};
	CU_ASSERT_EQUAL(kmpsim_line_parse(text, &l), KMP_OK);
	return l;
}

static void test_line_parse(void)
{
	kmpsim_line l;
	char buf[KMPSIM_LINE_TEXT_MAX];
	CU_ASSERT_EQUAL(kmpsim_line_parse("1200 8N2", &l), KMP_OK);
	CU_ASSERT(l.baud == 1200 && l.databits == 8 && l.parity == 'N' && l.stopbits == 2);
	CU_ASSERT_STRING_EQUAL(kmpsim_line_format(&l, buf, sizeof buf), "1200 8N2");
	CU_ASSERT_EQUAL(kmpsim_line_frame_bits(&l), 11);
	CU_ASSERT_EQUAL(kmpsim_line_parse("300,7e2", &l), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmpsim_line_format(&l, buf, sizeof buf), "300 7E2");
	CU_ASSERT_EQUAL(kmpsim_line_frame_bits(&l), 11);
	/* ser2net's order, as in "1200n82" */
	CU_ASSERT_EQUAL(kmpsim_line_parse("9600n81", &l), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmpsim_line_format(&l, buf, sizeof buf), "9600 8N1");
	CU_ASSERT_EQUAL(kmpsim_line_frame_bits(&l), 10);
	CU_ASSERT_EQUAL(kmpsim_line_parse("2400:8O1", &l), KMP_OK);
	CU_ASSERT_EQUAL(l.parity, 'O');

	static const char *bad[] = {"",          "1200",      "8N2",      "1200 9N2",
	                            "1200 8X2",  "1200 8N3",  "49 8N2",   "4000001 8N1",
	                            "1200 8N2x", "-1200 8N2", "1200 4N1", "1200  8N2 "};
	l = L("1200 8N2");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(kmpsim_line_parse(bad[i], &l), KMP_ERR_BAD_INPUT);
		CU_ASSERT_EQUAL(l.baud, 1200); /* untouched */
	}
	kmpsim_line a = L("1200 8N2"), b = L("1200 8N1"), c = L("2400 8N2"), d = L("1200 7E2");
	CU_ASSERT(kmpsim_line_compatible(&a, &b) && kmpsim_line_compatible(&b, &a));
	CU_ASSERT(!kmpsim_line_equal(&a, &b));
	CU_ASSERT(!kmpsim_line_compatible(&a, &c));
	CU_ASSERT(!kmpsim_line_compatible(&a, &d));
}

/* n bytes through the model; the received values into got, returns count. */
static size_t xfer(const char *tx, const char *rx, int inverted, const uint8_t *in, size_t n,
                   kmpsim_uart_char *out, size_t cap)
{
	kmpsim_line t = L(tx), r = L(rx);
	return kmpsim_uart_transfer(&t, &r, inverted, in, n, out, cap);
}

static void test_same_settings_identity(void)
{
	uint8_t in[256];
	kmpsim_uart_char out[300];
	for (int i = 0; i < 256; i++)
		in[i] = (uint8_t)(i * 37 + 11);
	static const char *same[][2] = {{"1200 8N2", "1200 8N2"},
	                                {"9600 8N1", "9600 8N1"},
	                                /* a receiver checks only the first stop bit */
	                                {"1200 8N1", "1200 8N2"},
	                                {"1200 8N2", "1200 8N1"},
	                                {"2400 8E1", "2400 8E2"}};
	for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
		size_t n = xfer(same[k][0], same[k][1], 0, in, sizeof in, out, 300);
		CU_ASSERT_EQUAL_FATAL(n, sizeof in);
		for (size_t i = 0; i < n; i++) {
			CU_ASSERT_EQUAL(out[i].value, in[i]);
			CU_ASSERT_EQUAL(out[i].errors, 0);
		}
	}
	/* 7 data bits: 7-bit characters come through whole */
	const char *ascii = "/#1 0123456 ABC\r";
	size_t n = xfer("300 7E2", "300 7E2", 0, (const uint8_t *)ascii, strlen(ascii), out, 300);
	CU_ASSERT_EQUAL_FATAL(n, strlen(ascii));
	for (size_t i = 0; i < n; i++)
		CU_ASSERT(out[i].value == (uint8_t)ascii[i] && !out[i].errors);
}

static void test_timing(void)
{
	uint8_t in[3] = {0x80, 0x3F, 0x0D};
	kmpsim_uart_char out[4];
	CU_ASSERT_EQUAL_FATAL(xfer("1200 8N2", "1200 8N2", 0, in, 3, out, 4), 3);
	/* the receiver has character k at the middle of its stop bit:
	 * (11 k + 9.5) bit times of 1/1200 s */
	CU_ASSERT_EQUAL(out[0].t_us, 7916);
	CU_ASSERT_EQUAL(out[1].t_us, 17083);
	CU_ASSERT_EQUAL(out[2].t_us, 26250);
	kmpsim_line l = L("1200 8N2");
	CU_ASSERT_EQUAL(kmpsim_uart_burst_us(&l, 3), 27500);
}

/* Worked out from the bit timings (sim_uart.h). */
static void test_wrong_speed_by_hand(void)
{
	kmpsim_uart_char out[8];
	/* 0xFF at 1200 8N1 read at 2400: the start bit lasts two receiver
	 * bits, so data bit 0 samples 0 and bits 1..7 the ones: 0xFE */
	uint8_t ff = 0xFF;
	CU_ASSERT_EQUAL_FATAL(xfer("1200 8N1", "2400 8N1", 0, &ff, 1, out, 8), 1);
	CU_ASSERT_EQUAL(out[0].value, 0xFE);
	CU_ASSERT_EQUAL(out[0].errors, 0);
	/* 0x00 at 1200 read at 2400: nine bit times of 0 cover the receiver's
	 * whole character, stop bit included: a break */
	uint8_t zero = 0x00;
	CU_ASSERT_EQUAL_FATAL(xfer("1200 8N1", "2400 8N1", 0, &zero, 1, out, 8), 1);
	CU_ASSERT_EQUAL(out[0].value, 0x00);
	CU_ASSERT_EQUAL(out[0].errors, KMPSIM_UART_FRAMING | KMPSIM_UART_BREAK);
	/* 7E2 read as 8N2 at the same speed: the parity bit becomes data bit
	 * 7 ('/' and '#' and '1' have an odd number of ones: even parity sets
	 * it; '0' has two) */
	const uint8_t req[] = {'/', '#', '1', '0'};
	CU_ASSERT_EQUAL_FATAL(xfer("300 7E2", "300 8N2", 0, req, 4, out, 8), 4);
	CU_ASSERT_EQUAL(out[0].value, 0xAF);
	CU_ASSERT_EQUAL(out[1].value, 0xA3);
	CU_ASSERT_EQUAL(out[2].value, 0xB1);
	CU_ASSERT_EQUAL(out[3].value, 0x30);
	/* and 8N1 read as 7E1: the eighth data bit is taken for parity */
	const uint8_t b8[] = {0x31, 0xB1};
	CU_ASSERT_EQUAL_FATAL(xfer("1200 8N1", "1200 7E1", 0, b8, 2, out, 8), 2);
	CU_ASSERT_EQUAL(out[0].value, 0x31);
	CU_ASSERT_EQUAL(out[0].errors, KMPSIM_UART_PARITY); /* 3 ones + parity 0: odd */
	CU_ASSERT_EQUAL(out[1].value, 0x31);
	CU_ASSERT_EQUAL(out[1].errors, 0);
}

/* A KMP request never survives another speed or an inverted head, and the
 * result is the same every time. */
static void test_garbage_is_deterministic(void)
{
	const uint8_t req[] = {0x80, 0x3F, 0x10, 0x01, 0x00, 0x3C, 0xB2, 0x5F, 0x0D};
	static const char *pairs[][2] = {{"2400 8N2", "1200 8N2"},
	                                 {"1200 8N2", "2400 8N2"},
	                                 {"9600 8N1", "1200 8N2"},
	                                 {"1200 8N2", "9600 8N1"},
	                                 {"300 7E2", "1200 8N2"}};
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		kmpsim_uart_char a[128], b[128];
		size_t na = xfer(pairs[k][0], pairs[k][1], 0, req, sizeof req, a, 128);
		size_t nb = xfer(pairs[k][0], pairs[k][1], 0, req, sizeof req, b, 128);
		CU_ASSERT_EQUAL_FATAL(na, nb);
		for (size_t i = 0; i < na; i++)
			CU_ASSERT(a[i].value == b[i].value && a[i].errors == b[i].errors &&
			          a[i].t_us == b[i].t_us);
		int same = na == sizeof req;
		for (size_t i = 0; same && i < na; i++)
			same = a[i].value == req[i] && !a[i].errors;
		CU_ASSERT_FALSE(same);
	}
	/* a slower receiver sees fewer characters, a faster one more */
	kmpsim_uart_char out[256];
	CU_ASSERT(xfer("2400 8N2", "1200 8N2", 0, req, sizeof req, out, 256) < sizeof req);
	CU_ASSERT(xfer("1200 8N2", "9600 8N2", 0, req, sizeof req, out, 256) > sizeof req);

	/* inverted: the idle line is a break the receiver waits out, then
	 * every level is wrong */
	size_t n = xfer("1200 8N2", "1200 8N2", 1, req, sizeof req, out, 256);
	int intact = n == sizeof req;
	for (size_t i = 0; intact && i < n; i++)
		intact = out[i].value == req[i] && !out[i].errors;
	CU_ASSERT_FALSE(intact);
	CU_ASSERT(n > 0);
	/* an inverted 0xFF: start bit 1 (no start), data 0s, stop 0: the
	 * receiver starts at the data bits and reads a break */
	uint8_t ff = 0xFF;
	n = xfer("1200 8N2", "1200 8N2", 1, &ff, 1, out, 8);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(out[0].value, 0);
	CU_ASSERT(out[0].errors & KMPSIM_UART_BREAK);
}

static void test_bounds(void)
{
	uint8_t in[64];
	memset(in, 0x55, sizeof in);
	kmpsim_uart_char out[4];
	/* cap respected */
	CU_ASSERT_EQUAL(xfer("1200 8N2", "1200 8N2", 0, in, sizeof in, out, 4), 4);
	CU_ASSERT_EQUAL(xfer("1200 8N2", "1200 8N2", 0, in, 0, out, 4), 0);
	kmpsim_line z = {0, 8, 'N', 2}, l = L("1200 8N2");
	CU_ASSERT_EQUAL(kmpsim_uart_transfer(&z, &l, 0, in, 4, out, 4), 0);
	/* the fastest and slowest speeds in one go: no overflow */
	static kmpsim_uart_char big[8192];
	size_t n = xfer("50 8N2", "4000000 8N1", 0, in, 4, big, 8192);
	CU_ASSERT(n > 4);
	n = xfer("4000000 8N1", "50 8N2", 0, in, 64, big, 8192);
	CU_ASSERT(n <= 1);
}

TEST_SUITE(sim_uart_suite)
{
	CU_pSuite s = CU_add_suite("sim uart", NULL, NULL);
	TEST_ADD(s, test_line_parse);
	TEST_ADD(s, test_same_settings_identity);
	TEST_ADD(s, test_timing);
	TEST_ADD(s, test_wrong_speed_by_hand);
	TEST_ADD(s, test_garbage_is_deterministic);
	TEST_ADD(s, test_bounds);
}
