/* test_paste.c - kmp/paste.h's corners: columns of errors, a hexdump '*',
 * socat records with and without their "--", escapes, lists, 0x bytes,
 * --log lines without bytes, and lines that are skipped, not errors. */
#include <stdio.h>
#include <string.h>

#include "kmp/paste.h"
#include "testing.h"

typedef struct got {
	char hex[4096];  /* "SIDE:HEX;" per chunk */
	char errs[1024]; /* "LINE:COL msg;" per error */
} got;

static void on_chunk(void *ctx, const kmp_paste_chunk *c)
{
	got *g = ctx;
	size_t o = strlen(g->hex);
	o += (size_t)snprintf(g->hex + o, sizeof g->hex - o,
	                      "%s:", kmp_side_name(c->side) ? kmp_side_name(c->side) : "-");
	for (size_t i = 0; i < c->n && o + 3 < sizeof g->hex; i++)
		o += (size_t)snprintf(g->hex + o, sizeof g->hex - o, "%02X", c->bytes[i]);
	snprintf(g->hex + o, sizeof g->hex - o, ";");
}

static void on_error(void *ctx, unsigned line, unsigned col, const char *msg)
{
	got *g = ctx;
	size_t o = strlen(g->errs);
	snprintf(g->errs + o, sizeof g->errs - o, "%u:%u %s;", line, col, msg);
}

static kmp_paste_stats run(const char *text, got *g)
{
	memset(g, 0, sizeof *g);
	kmp_paste_cb cb = {on_chunk, on_error, g};
	kmp_paste_stats st;
	CU_ASSERT_EQUAL(kmp_paste_parse(text, strlen(text), 1, &cb, &st), 0);
	return st;
}

static void test_hex_and_errors(void)
{
	got g;
	run("803F0235E90D\n0x80, 0x3F\n80-3f : 02\n", &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "-:803F0235E90D;-:803F;-:803F02;");
	CU_ASSERT_STRING_EQUAL(g.errs, "");
	kmp_paste_stats st = run("80 3F\n8 0 3F\n80zz\n803\n", &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "-:803F;");
	CU_ASSERT_STRING_EQUAL(g.errs,
	                       "2:1 a lone hex digit before ' ';3:3 not hex: unexpected 'z';"
	                       "4:3 not hex: an odd number of hex digits;");
	CU_ASSERT_EQUAL(st.errors, 3);
	CU_ASSERT_EQUAL(st.lines, 4);
}

static void test_hexdump_star(void)
{
	got g;
	run("00000000  ff ff ff ff ff ff ff ff  ff ff ff ff ff ff ff ff  |................|\n"
	    "*\n"
	    "00000030  06                                                |.|\n"
	    "00000031\n",
	    &g);
	/* the first line, then the two lines the '*' stands for, then 06 */
	char want[200] = "-:";
	for (int i = 0; i < 16; i++)
		strcat(want, "FF");
	strcat(want, ";-:");
	for (int i = 0; i < 32; i++)
		strcat(want, "FF");
	strcat(want, ";-:06;");
	CU_ASSERT_STRING_EQUAL(g.hex, want);
	CU_ASSERT_STRING_EQUAL(g.errs, "");
}

static void test_socat(void)
{
	got g;
	/* -x alone: no "--" between records; -v adds the text column */
	run("> 2026/11/29 13:43:28.000638209  length=6 from=0 to=5\n"
	    " 80 3f 02 35 e9 0d\n"
	    "< 2026/11/29 13:43:28.200000000  length=3 from=0 to=2\n"
	    " 40 3f 02  @?.\n"
	    "--\n",
	    &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "TX:803F0235E90D;RX:403F02;");
	CU_ASSERT_STRING_EQUAL(g.errs, "");
}

static void test_strings_and_lists(void)
{
	got g;
	run("b'@?\\x02\\x04\\x009\\x00\\xdb\\xf0\\r'\n"
	    "\"\\x80?\\x025\\xE9\\r\"\n"
	    "\\x80\\x3f \\x02\n"
	    "[0x80, 0x3f]\n"
	    "[128, 63, 2]\n"
	    "log: got b'\\x06' from the meter\n",
	    &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "-:403F0204003900DBF00D;-:803F0235E90D;-:803F02;-:803F;"
	                              "-:803F02;-:06;");
	CU_ASSERT_STRING_EQUAL(g.errs, "");
	run("b'\\q'\n[256]\n[0x80, 0x3f\n\"open\n", &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "");
	CU_ASSERT_STRING_EQUAL(g.errs,
	                       "1:3 unknown escape \\q;2:2 not a byte (0..255 or 0x00..0xFF) "
	                       "at '2';3:12 the list is not closed with ']';4:6 the "
	                       "string is not closed;");
}

static void test_logs(void)
{
	got g;
	kmp_paste_stats st =
	        run("2026-11-21T10:00:00.000Z\tLINK\t-\tUP\ttty\n"
	            "2026-11-21T10:00:00.012Z\tTX\t80 3F 02 35 E9 0D\tCRC OK\tGetSerialNo\n"
	            "2026-11-21T10:00:01.612Z\tTIMEOUT\t-\tTIMEOUT\tGetSerialNo\n"
	            "[12:00:01][D][sensor:094]: 'x': Sending state 1.0\n"
	            "[12:00:02.123][D][uart_debug:114]: <<< 40:3F\n"
	            "INFO:pykmp.client:Sending GetSerialRequest...\n"
	            "DEBUG:pykmp.client:Received bytes on serial: '403F02'\n"
	            "TX: 80 3F\n"
	            "rx 40\n",
	            &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "TX:803F0235E90D;RX:403F;RX:403F02;TX:803F;RX:40;");
	CU_ASSERT_STRING_EQUAL(g.errs, "");
	CU_ASSERT_EQUAL(st.skipped, 4);
	run("\033[0;36m[12:00:02][D][uart_debug:114]: >>> 80:3F\033[0m\n", &g);
	CU_ASSERT_STRING_EQUAL(g.hex, "TX:803F;"); /* colour codes dropped */
	run("0000000 3f80 0235\n", &g);
	CU_ASSERT_PTR_NOT_NULL(strstr(g.errs, "1:9 hexdump without -C"));
}

TEST_SUITE(suite_paste)
{
	CU_pSuite s = CU_add_suite("paste", NULL, NULL);
	TEST_ADD(s, test_hex_and_errors);
	TEST_ADD(s, test_hexdump_star);
	TEST_ADD(s, test_socat);
	TEST_ADD(s, test_strings_and_lists);
	TEST_ADD(s, test_logs);
}
