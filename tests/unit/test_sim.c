/* kmpsim pieces around the core: the map parser (good file, every error
 * with its line number, duplicates, values that do not fit), the command
 * line, the head position and quality file, the JSON log line, the PRNG. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/value.h"
#include "sim/sim.h"
#include "sim/sim_core.h"
#include "sim/sim_faults.h"
#include "sim/sim_log.h"
#include "sim/sim_map.h"
#include "testing.h"

static kmpsim_map map; /* large: keep it off the stack */

static int parse(const char *text, char *err, size_t cap)
{
	return kmpsim_map_parse(text, strlen(text), &map, err, cap);
}

static const char *value_text(uint16_t id)
{
	static char buf[KMP_VALUE_TEXT_MAX];
	const kmpsim_reg *r = kmpsim_map_find(&map, id);
	if (!r)
		return "(missing)";
	kmp_value_format(&r->value, buf, sizeof buf);
	return buf;
}

static void test_map_good_file(void)
{
	char err[256];
	CU_ASSERT_EQUAL_FATAL(kmpsim_map_load(TEST_DATA_DIR "sim-good.map", &map, err, sizeof err),
	                      KMP_OK);
	CU_ASSERT_EQUAL(map.n, 14);
	CU_ASSERT_STRING_EQUAL(value_text(60), "123.45");
	CU_ASSERT_STRING_EQUAL(value_text(68), "1875.56"); /* written as 0x44 */
	CU_ASSERT_STRING_EQUAL(value_text(80), "0.0");
	CU_ASSERT_STRING_EQUAL(value_text(300), "-12.5");
	CU_ASSERT_STRING_EQUAL(value_text(155), "255000");
	CU_ASSERT_STRING_EQUAL(value_text(1001), "4294967295");
	CU_ASSERT_EQUAL(kmpsim_map_find(&map, 300)->unit, 0x3F);
	CU_ASSERT_EQUAL(kmpsim_map_find(&map, 155)->value.len, 1);
	CU_ASSERT_EQUAL(kmp_value_exponent(&kmpsim_map_find(&map, 155)->value), 3);
	CU_ASSERT_EQUAL(kmpsim_map_find(&map, 74)->value.len, 2);
	CU_ASSERT_EQUAL(kmpsim_map_find(&map, 1002)->line, 11);
	CU_ASSERT_PTR_NULL(kmpsim_map_find(&map, 61));

	/* CRLF line ends and no newline at the end */
	CU_ASSERT_EQUAL_FATAL(kmpsim_map_load(TEST_DATA_DIR "sim-crlf.map", &map, err, sizeof err),
	                      KMP_OK);
	CU_ASSERT_EQUAL(map.n, 3);
	CU_ASSERT_STRING_EQUAL(value_text(74), "7");

	/* empty input and comments only: a meter without registers */
	CU_ASSERT_EQUAL(parse("", err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(map.n, 0);
	CU_ASSERT_EQUAL(parse("# nothing\n\n   \t\n", err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(map.n, 0);
}

static void test_map_errors(void)
{
	static const struct {
		const char *text;
		unsigned line;
		const char *msg;
	} cases[] = {
	        {"60 8 4\n", 1, "3 fields"},
	        {"# c\n\n60 8 4 1 5\n", 3, "more than 4 fields"},
	        {"60 8 4 1 # fine\nabc 8 4 1\n", 2, "register id 'abc' is not a number"},
	        {"-1 8 4 1\n", 1, "not a number"},
	        {"65536 8 4 1\n", 1, "outside 0..65535"},
	        {"0x10000 8 4 1\n", 1, "outside 0..65535"},
	        {"99999999999999999999999 8 4 1\n", 1, "outside 0..65535"},
	        {"60 256 4 1\n", 1, "unit 256 is outside 0..255"},
	        {"60 0x 4 1\n", 1, "unit '0x' is not a number"},
	        {"60 8 0 1\n", 1, "length 0 is outside 1..16"},
	        {"60 8 17 1\n", 1, "length 17 is outside 1..16"},
	        {"60 8 four 1\n", 1, "length 'four' is not a number"},
	        {"60 8 1 256\n", 1, "value 256 does not fit 1 byte"},
	        {"\n60 8 2 65536\n", 2, "value 65536 does not fit 2 bytes"},
	        {"60 8 2 655.36\n", 1, "does not fit 2 bytes"},
	        {"60 8 4 12a\n", 1, "value '12a' is not a decimal number"},
	        {"60 8 4 1.2.3\n", 1, "not a decimal number"},
	        {"60 8 4 -\n", 1, "not a decimal number"},
	        /* issue 10, item 21: 1e-66 needs exponent -66; no length helps */
	        {"60 8 1 0.000000000000000000000000000000000000000000000000000000000000000001\n", 1,
	         "has 66 decimal places: the exponent goes down to -63"},
	        {"60 8 16 -0.0000000000000000000000000000000000000000000000000000000000000012\n", 1,
	         "has 64 decimal places"},
	        /* 1e102: 16 bytes hold 1e38 at most, which leaves exponent 64 */
	        {"60 8 4 "
	         "100000000000000000000000000000000000000000000000000000000000000000000000000000000"
	         "0000000000000000000000\n",
	         1,
	         "value "
	         "100000000000000000000000000000000000000000000000000000000000000000000000000000000"
	         "0000000000000000000000 does not fit 16 bytes with an exponent up to 63"},
	        {"60 8 4 1\n68 40 4 2\n0x3c 8 4 3\n", 3, "register 60 already defined on line 1"},
	};
	char err[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(parse(cases[i].text, err, sizeof err), KMP_ERR_BAD_INPUT);
		char want[16];
		snprintf(want, sizeof want, "%u: ", cases[i].line);
		if (strncmp(err, want, strlen(want)) || !strstr(err, cases[i].msg)) {
			fprintf(stderr, "\ncase %zu: got \"%s\", want line %u \"%s\"\n", i, err,
			        cases[i].line, cases[i].msg);
			CU_FAIL("map error");
		}
	}

	/* NUL bytes and endless lines, as a fuzzer would send */
	static const char nul[] = "60 8 4 1\n6\0 8 4 1\n";
	CU_ASSERT_EQUAL(kmpsim_map_parse(nul, sizeof nul - 1, &map, err, sizeof err),
	                KMP_ERR_BAD_INPUT);
	CU_ASSERT_STRING_EQUAL(err, "2: NUL byte: not a text file");
	char *longline = malloc(1000);
	memset(longline, '1', 999);
	longline[999] = '\0';
	CU_ASSERT_EQUAL(kmpsim_map_parse(longline, 999, &map, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "1: line longer than"));
	free(longline);

	/* a tiny error buffer is cut, never overrun */
	char small[6];
	CU_ASSERT_EQUAL(parse("60 8 4 x\n", small, sizeof small), KMP_ERR_BAD_INPUT);
	CU_ASSERT_STRING_EQUAL(small, "1: va");
}

static void test_map_too_many(void)
{
	size_t cap = (KMPSIM_MAP_MAX + 1) * 16;
	char *text = malloc(cap), err[128];
	size_t len = 0;
	for (int i = 0; i <= KMPSIM_MAP_MAX; i++)
		len += (size_t)snprintf(text + len, cap - len, "%d 0 1 1\n", i);
	CU_ASSERT_EQUAL(kmpsim_map_parse(text, len, &map, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_STRING_EQUAL(err, "513: more than 512 registers");
	free(text);
}

static void test_map_load_errors(void)
{
	char err[256];
	CU_ASSERT_EQUAL(kmpsim_map_load(TEST_DATA_DIR "sim-bad.map", &map, err, sizeof err),
	                KMP_ERR_BAD_INPUT);
	CU_ASSERT_STRING_EQUAL(err,
	                       TEST_DATA_DIR "sim-bad.map:4: value 655.36 does not fit 2 bytes");
	CU_ASSERT_EQUAL(kmpsim_map_load(TEST_DATA_DIR "no-such.map", &map, err, sizeof err),
	                KMP_ERR_IO);
	CU_ASSERT_STRING_EQUAL(err, TEST_DATA_DIR "no-such.map: No such file or directory");
}

/* ---- command line ---- */

static kmpsim_action action;

static int args(kmpsim_config *c, char *err, const char *a1, const char *a2, const char *a3,
                const char *a4)
{
	char *argv[] = {"kmpsim", (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL};
	int argc = 1;
	while (argv[argc])
		argc++;
	kmpsim_config_default(c);
	action = (kmpsim_action)-1;
	return kmpsim_parse_args(argc, argv, c, &action, err, 200);
}

static void test_config(void)
{
	kmpsim_config c;
	char err[200];
	CU_ASSERT_EQUAL(args(&c, err, NULL, NULL, NULL, NULL), KMP_OK);
	CU_ASSERT_EQUAL(action, KMPSIM_RUN);
	CU_ASSERT_EQUAL(c.transport, KMPSIM_TRANSPORT_PTY);
	CU_ASSERT_EQUAL(c.address, 0x3F);
	CU_ASSERT_EQUAL(c.serial, 67123456u);
	/* speed, latency and sleep are the profile's until given (the default
	 * meter's: 1200, 50 ms, never) */
	CU_ASSERT_EQUAL(c.baud, 0);
	CU_ASSERT_EQUAL(c.pace, 1);
	CU_ASSERT_EQUAL(c.latency_ms, -1);
	CU_ASSERT_EQUAL(c.sleep_after_s, -1);
	CU_ASSERT_PTR_NULL(c.profile);
	CU_ASSERT_EQUAL(c.busy_ms, 1600);
	CU_ASSERT_EQUAL(c.quality, 100);
	CU_ASSERT_EQUAL(c.seed_given, 0);

	CU_ASSERT_EQUAL(args(&c, err, "--tcp", "0", "--address=0x7F", "--no-pace"), KMP_OK);
	CU_ASSERT_EQUAL(c.transport, KMPSIM_TRANSPORT_TCP);
	CU_ASSERT_EQUAL(c.tcp_port, 0);
	CU_ASSERT_EQUAL(c.address, 0x7F);
	CU_ASSERT_EQUAL(c.pace, 0);
	CU_ASSERT_EQUAL(args(&c, err, "--seed", "18446744073709551615", "--echo", "--stray-zero"),
	                KMP_OK);
	CU_ASSERT_EQUAL(c.seed, UINT64_MAX);
	CU_ASSERT(c.seed_given && c.echo && c.stray_zero);
	CU_ASSERT_EQUAL(args(&c, err, "--serial", "4294967295", "--map=x.map", NULL), KMP_OK);
	CU_ASSERT_EQUAL(c.serial, 4294967295u);
	CU_ASSERT_STRING_EQUAL(c.map, "x.map");

	CU_ASSERT_EQUAL(args(&c, err, "-h", NULL, NULL, NULL), KMP_OK);
	CU_ASSERT_EQUAL(action, KMPSIM_HELP);
	CU_ASSERT_EQUAL(args(&c, err, "--quality", "5", "--version", NULL), KMP_OK);
	CU_ASSERT_EQUAL(action, KMPSIM_VERSION);
	/* help wins over a bad option after it, as kmpsim always did */
	CU_ASSERT_EQUAL(args(&c, err, "--help", "--bogus", NULL, NULL), KMP_OK);
	CU_ASSERT_EQUAL(action, KMPSIM_HELP);
	CU_ASSERT_PTR_NOT_NULL(strstr(kmpsim_usage(), "--quality-file"));

	static const struct {
		const char *a1, *a2, *a3, *msg;
	} bad[] = {
	        {"--bogus", NULL, NULL, "unknown option '--bogus'"},
	        {"--drop", "101", NULL, "--drop: '101' is not a number in 0..100"},
	        {"--drop", "-1", NULL, "not a number"},
	        {"--quality", NULL, NULL, "--quality needs a value"},
	        {"--echo=1", NULL, NULL, "--echo takes no value"},
	        {"--pty", "--tcp", "5000", "--pty and --tcp exclude each other"},
	        {"--tcp", "5000", "--link=/tmp/x", "--link needs --pty"},
	        {"--tcp", "65536", NULL, "0..65535"},
	        {"--address", "256", NULL, "0..255"},
	        {"--serial", "4294967296", NULL, "not a number"},
	        {"--log=", NULL, NULL, "--log: empty value"},
	        {"stray", NULL, NULL, "unexpected argument 'stray'"},
	        {"--seed", "12x", NULL, "--seed: '12x' is not a number"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(args(&c, err, bad[i].a1, bad[i].a2, bad[i].a3, NULL),
		                KMP_ERR_BAD_INPUT);
		if (!strstr(err, bad[i].msg)) {
			fprintf(stderr, "\ncase %zu: got \"%s\"\n", i, err);
			CU_FAIL("usage message");
		}
	}
}

/* ---- head position, quality file ---- */

static void test_quality_position(void)
{
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(0, 0), 100);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(1, 0), 100);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(0, -1), 100);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(2, 0), 89);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(-3, 0), 75);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(0, 4), 56);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(5, 0), 31);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(4, 4), 12);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(5, 4), 0);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(6, 0), 0);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(-100000, 0), 0);
	CU_ASSERT_EQUAL(kmpsim_quality_from_position(0x7FFFFFFF, 0x7FFFFFFF), 0);
	/* monotonic along an axis */
	for (int x = 0; x < 10; x++)
		CU_ASSERT(kmpsim_quality_from_position(x + 1, 0) <=
		          kmpsim_quality_from_position(x, 0));
}

static void test_quality_file(void)
{
	int q = -1;
	CU_ASSERT_EQUAL(kmpsim_quality_parse("75\n", 3, &q), KMP_OK);
	CU_ASSERT_EQUAL(q, 75);
	CU_ASSERT_EQUAL(kmpsim_quality_parse(" 0 ", 3, &q), KMP_OK);
	CU_ASSERT_EQUAL(q, 0);
	CU_ASSERT_EQUAL(kmpsim_quality_parse("100", 3, &q), KMP_OK);
	CU_ASSERT_EQUAL(q, 100);
	static const char *bad[] = {"101", "", "5 5", "0075", "-1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		q = 42;
		CU_ASSERT_EQUAL(kmpsim_quality_parse(bad[i], strlen(bad[i]), &q),
		                KMP_ERR_BAD_INPUT);
		CU_ASSERT_EQUAL(q, 42); /* untouched */
	}

	char path[] = "/tmp/kmpsim-test-quality-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT_EQUAL(kmpsim_quality_write(path, 150), KMP_OK);
	char buf[16] = {0};
	FILE *fp = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	CU_ASSERT_STRING_EQUAL(buf, "100\n");
	CU_ASSERT_EQUAL(kmpsim_quality_parse(buf, n, &q), KMP_OK);
	CU_ASSERT_EQUAL(q, 100);
	unlink(path);
	/* a directory that does not exist: an OS error, errno kept */
	CU_ASSERT_EQUAL(kmpsim_quality_write("/nonexistent/dir/quality", 50), KMP_ERR_IO);
}

/* ---- log ---- */

static void test_log_line(void)
{
	uint8_t raw[64];
	uint16_t ids[] = {60, 68};
	int n = kmp_build_get_register(KMP_ADDR_HEAT, ids, 2, raw, sizeof raw);
	static kmp_frame f;
	static kmp_msg m;
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(raw, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	kmpsim_event ev = {.result = KMPSIM_ANSWERED,
	                   .raw = raw,
	                   .raw_len = (size_t)n,
	                   .frame = &f,
	                   .msg = &m,
	                   .quality = 100,
	                   .reply_len = 23};
	struct timespec wall = {.tv_sec = 1795255200, .tv_nsec = 123456789};
	char line[KMPSIM_LOG_LINE_MAX], hex[128] = {0};
	for (int i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", raw[i]);
	char want[512];
	snprintf(want, sizeof want,
	         "{\"t\":\"2026-11-21T10:00:00.123Z\",\"event\":\"request\",\"raw\":\"%s\","
	         "\"addr\":63,\"cid\":16,\"command\":\"GetRegister\",\"ids\":[60,68],"
	         "\"crc\":\"ok\",\"result\":\"answered\",\"quality\":100,\"reply_bytes\":23}\n",
	         hex);
	size_t len = kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_STRING_EQUAL(line, want);
	CU_ASSERT_EQUAL(len, strlen(want));

	/* a write: flagged, refused */
	uint8_t data[] = {0x00, 0x01, 0x14, 0x4A, 0x00, 0x02, 0x77, 0x15};
	n = kmp_frame_encode(KMP_START_REQUEST, KMP_ADDR_HEAT, KMP_CID_SET_CLOCK, data, sizeof data,
	                     raw, sizeof raw);
	kmp_frame_decode(raw, (size_t)n, &f);
	kmp_msg_decode(&f, -1, &m);
	ev = (kmpsim_event){.result = KMPSIM_REFUSED,
	                    .raw = raw,
	                    .raw_len = (size_t)n,
	                    .frame = &f,
	                    .msg = &m,
	                    .quality = 100};
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line,
	                              "\"command\":\"SetClock\",\"crc\":\"ok\",\"write\":true,"
	                              "\"result\":\"refused\""));

	/* bad CRC and bad stuffing */
	uint8_t bad[] = {0x80, 0x3F, 0x02, 0x35, 0xE8, 0x0D};
	kmp_frame_decode(bad, sizeof bad, &f);
	ev = (kmpsim_event){.result = KMPSIM_UNUSABLE,
	                    .raw = bad,
	                    .raw_len = sizeof bad,
	                    .frame = &f,
	                    .error = KMP_ERR_CRC,
	                    .quality = 100};
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"cid\":2,\"command\":\"GetSerialNo\",\"crc\":\"bad\","
	                                    "\"error\":\"crc\",\"result\":\"unusable\""));
	uint8_t stuff[] = {0x80, 0x3F, 0x1B, 0x02, 0x0D};
	kmp_frame_decode(stuff, sizeof stuff, &f);
	ev.raw = stuff;
	ev.raw_len = sizeof stuff;
	ev.error = KMP_ERR_STUFFING;
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"raw\":\"803f1b020d\",\"error\":\"stuffing\""));
	CU_ASSERT_PTR_NULL(strstr(line, "\"crc\""));

	/* garbage: no frame at all */
	ev = (kmpsim_event){.result = KMPSIM_BUSY,
	                    .raw = bad + 2,
	                    .raw_len = 2,
	                    .error = KMP_ERR_GARBAGE,
	                    .quality = 50};
	kmpsim_log_format(&ev, &wall, line, sizeof line);
	CU_ASSERT_STRING_EQUAL(line, "{\"t\":\"2026-11-21T10:00:00.123Z\",\"event\":\"input\","
	                             "\"raw\":\"0235\",\"error\":\"garbage\",\"result\":\"busy\","
	                             "\"quality\":50}\n");

	/* a small buffer still gets one terminated line */
	char tiny[20];
	len = kmpsim_log_format(&ev, &wall, tiny, sizeof tiny);
	CU_ASSERT_EQUAL(len, strlen(tiny));
	CU_ASSERT_EQUAL(tiny[len - 1], '\n');
}

/* ---- PRNG ---- */

static void test_rng(void)
{
	kmpsim_rng a, b;
	kmpsim_rng_seed(&a, 123);
	kmpsim_rng_seed(&b, 123);
	for (int i = 0; i < 1000; i++)
		CU_ASSERT_EQUAL(kmpsim_rng_next(&a), kmpsim_rng_next(&b));
	/* splitmix64 reference output for seed 0 */
	kmpsim_rng_seed(&a, 0);
	CU_ASSERT_EQUAL(kmpsim_rng_next(&a), 0xE220A8397B1DCDAFULL);
	int hits = 0, below_ok = 1;
	for (int i = 0; i < 10000; i++) {
		hits += kmpsim_rng_pct(&a, 30);
		below_ok &= kmpsim_rng_below(&a, 7) < 7;
	}
	CU_ASSERT(hits > 2700 && hits < 3300);
	CU_ASSERT(below_ok);
	for (int i = 0; i < 1000; i++) {
		CU_ASSERT_EQUAL(kmpsim_rng_pct(&a, 0), 0);
		CU_ASSERT_EQUAL(kmpsim_rng_pct(&a, 100), 1);
		CU_ASSERT_EQUAL(kmpsim_channel_draw(&a, 0), KMPSIM_CH_LOST);
		CU_ASSERT_EQUAL(kmpsim_channel_draw(&a, 100), KMPSIM_CH_OK);
	}
}

static void test_fault_helpers(void)
{
	kmpsim_rng r;
	kmpsim_rng_seed(&r, 99);
	for (int i = 0; i < 2000; i++) {
		uint8_t frame[32];
		int n = kmp_build_serial_reply(KMP_ADDR_HEAT, (uint32_t)kmpsim_rng_next(&r), frame,
		                               sizeof frame);
		size_t len = (size_t)n;
		uint8_t orig[32];
		memcpy(orig, frame, len);
		size_t at = kmpsim_fault_corrupt(&r, frame, &len);
		if (len == (size_t)n) {
			/* exactly one bit differs, never the start or the stop byte */
			CU_ASSERT(at >= 1 && at <= len - 2);
			uint8_t x = frame[at] ^ orig[at];
			CU_ASSERT(x && !(x & (x - 1)));
			frame[at] = orig[at];
			CU_ASSERT_EQUAL(memcmp(frame, orig, len), 0);
		} else {
			CU_ASSERT_EQUAL(len, (size_t)n - 1);
		}
		size_t t = kmpsim_fault_truncate(&r, (size_t)n);
		CU_ASSERT(t >= 1 && t < (size_t)n);
		uint8_t junk[4];
		size_t nj = kmpsim_fault_noise(&r, junk);
		CU_ASSERT(nj >= 1 && nj <= 4);
	}
}

/* ---- kmpterm --sim: the forked child on a pty ---- */

static size_t read_for(int fd, uint8_t *buf, size_t cap, size_t want, int ms)
{
	size_t n = 0;
	while (n < want) {
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		if (poll(&pf, 1, ms) <= 0)
			break;
		ssize_t r = read(fd, buf + n, cap - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	return n;
}

/* The simulator's pty slave, opened raw as a client would: the fd or -1. */
static int open_raw(const char *slave)
{
	int fd = open(slave, O_RDWR | O_NOCTTY);
	if (fd >= 0) {
		struct termios t;
		tcgetattr(fd, &t);
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

static void test_spawn_pty(void)
{
	kmpsim_config c;
	kmpsim_config_default(&c);
	c.pace = 0;
	c.latency_ms = 0;
	c.echo = 1;
	pid_t pid;
	char slave[128], err[256];
	CU_ASSERT_EQUAL_FATAL(kmpsim_spawn_pty(&c, &pid, slave, sizeof slave, err, sizeof err),
	                      KMP_OK);
	CU_ASSERT(!strncmp(slave, "/dev/", 5));

	/* the slave can be opened, closed and opened again */
	for (int round = 0; round < 2; round++) {
		int fd = open_raw(slave);
		CU_ASSERT_FATAL(fd >= 0);
		static const uint8_t req[] = {0x80, 0x3F, 0x02, 0x35, 0xE9, 0x0D};
		CU_ASSERT_EQUAL(write(fd, req, sizeof req), (ssize_t)sizeof req);
		uint8_t buf[64];
		size_t n = read_for(fd, buf, sizeof buf, 16, 3000);
		/* echo, then 40 3F 02 04 00 39 00 DB F0 0D (67123456) */
		CU_ASSERT_EQUAL(n, 16);
		CU_ASSERT_EQUAL(memcmp(buf, req, 6), 0);
		static const uint8_t reply[] = {0x40, 0x3F, 0x02, 0x04, 0x00,
		                                0x39, 0x00, 0xDB, 0xF0, 0x0D};
		CU_ASSERT_EQUAL(memcmp(buf + 6, reply, sizeof reply), 0);
		close(fd);
	}
	int status = -2;
	CU_ASSERT_EQUAL(kmpsim_spawn_stop(pid, &status), KMP_OK);
	CU_ASSERT_EQUAL(status, 0);
	/* it is gone now: stopping or waking it again says so */
	CU_ASSERT_EQUAL(kmpsim_spawn_stop(pid, NULL), KMP_ERR_CLOSED);
	CU_ASSERT_EQUAL(kmpsim_spawn_wake(pid), KMP_ERR_CLOSED);

	/* a bad map comes back as the kmpsim binary would print it */
	c.map = TEST_DATA_DIR "sim-bad.map";
	CU_ASSERT_EQUAL(kmpsim_spawn_pty(&c, &pid, slave, sizeof slave, err, sizeof err),
	                KMP_ERR_BAD_INPUT);
	CU_ASSERT_STRING_EQUAL(err,
	                       TEST_DATA_DIR "sim-bad.map:4: value 655.36 does not fit 2 bytes");
	/* a log file that cannot be written: the system's failure, not the user's map */
	c.map = NULL;
	c.log = "/nonexistent/dir/kmpsim.log";
	CU_ASSERT_EQUAL(kmpsim_spawn_pty(&c, &pid, slave, sizeof slave, err, sizeof err),
	                KMP_ERR_IO);
	CU_ASSERT_STRING_EQUAL(err, "/nonexistent/dir/kmpsim.log: No such file or directory");
}

/* The button for kmpterm --sim: kmpsim_spawn_wake signals the child, which
 * logs the wake before it handles any request sent after it (the signal is
 * handled before the child's next look at the line). */
static void test_spawn_wake(void)
{
	char dir[] = "/tmp/kmpsim-wake-XXXXXX", log[128];
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(log, sizeof log, "%s/sim.jsonl", dir);
	kmpsim_config c;
	kmpsim_config_default(&c);
	c.pace = 0;
	c.latency_ms = 0;
	c.sleep_after_s = 3600;
	c.log = log;
	pid_t pid;
	char slave[128], err[256];
	CU_ASSERT_EQUAL_FATAL(kmpsim_spawn_pty(&c, &pid, slave, sizeof slave, err, sizeof err),
	                      KMP_OK);
	CU_ASSERT_EQUAL(kmpsim_spawn_wake(pid), KMP_OK);
	int fd = open_raw(slave);
	CU_ASSERT_FATAL(fd >= 0);
	static const uint8_t req[] = {0x80, 0x3F, 0x02, 0x35, 0xE9, 0x0D};
	CU_ASSERT_EQUAL(write(fd, req, sizeof req), (ssize_t)sizeof req);
	uint8_t buf[64];
	CU_ASSERT_EQUAL(read_for(fd, buf, sizeof buf, 10, 3000), 10);
	close(fd);
	CU_ASSERT_EQUAL(kmpsim_spawn_stop(pid, NULL), KMP_OK);

	char text[4096] = {0};
	FILE *fp = fopen(log, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	const char *wake = strstr(text, "\"event\":\"wake\",\"from\":\"SIGUSR1\"");
	const char *request = strstr(text, "\"event\":\"request\"");
	CU_ASSERT_PTR_NOT_NULL(wake);
	CU_ASSERT_PTR_NOT_NULL(request);
	CU_ASSERT(wake && request && wake < request);
	unlink(log);
	rmdir(dir);
}

TEST_SUITE(sim_suite)
{
	CU_pSuite s = CU_add_suite("sim", NULL, NULL);
	TEST_ADD(s, test_map_good_file);
	TEST_ADD(s, test_map_errors);
	TEST_ADD(s, test_map_too_many);
	TEST_ADD(s, test_map_load_errors);
	TEST_ADD(s, test_config);
	TEST_ADD(s, test_quality_position);
	TEST_ADD(s, test_quality_file);
	TEST_ADD(s, test_log_line);
	TEST_ADD(s, test_rng);
	TEST_ADD(s, test_fault_helpers);
	TEST_ADD(s, test_spawn_pty);
	TEST_ADD(s, test_spawn_wake);
}
