/* The command line's pieces that need no meter: what `ports` prints for
 * hostile USB strings, the config file parser (NUL bytes, line numbers),
 * the option rules, and NO_COLOR's empty value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/options.h"
#include "testing.h"
#include "tui/colors.h"

/* Run fn with stderr captured into buf (cap bytes, NUL-terminated). */
static void capture_stderr(void (*fn)(void *), void *ctx, char *buf, size_t cap)
{
	FILE *tmp = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(tmp);
	fflush(stderr);
	int saved = dup(2);
	dup2(fileno(tmp), 2);
	fn(ctx);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(buf, 1, cap - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

static void test_printable(void)
{
	char buf[64];
	CU_ASSERT_STRING_EQUAL(app_printable("FTDI", buf, sizeof buf), "FTDI");
	CU_ASSERT_STRING_EQUAL(app_printable("\x1b[2J", buf, sizeof buf), "\\x1B[2J");
	CU_ASSERT_STRING_EQUAL(app_printable("a\\b", buf, sizeof buf), "a\\x5Cb");
	CU_ASSERT_STRING_EQUAL(app_printable("M\xc3\xbcller", buf, sizeof buf), "M\\xC3\\xBCller");
	CU_ASSERT_STRING_EQUAL(app_printable("\x7f\x9b", buf, sizeof buf), "\\x7F\\x9B");
	/* cut to fit, never half an escape */
	char small[6];
	CU_ASSERT_STRING_EQUAL(app_printable("ab\x1b\x1b", small, sizeof small), "ab");
	CU_ASSERT_STRING_EQUAL(app_printable("", small, sizeof small), "");
}

/* A device that names itself with escape sequences: nothing of them may
 * reach the terminal raw, in text or JSON. */
static void test_ports_escape(void)
{
	kmp_port_info p;
	memset(&p, 0, sizeof p);
	snprintf(p.path, sizeof p.path, "/dev/ttyUSB0");
	p.is_usb = 1;
	p.usb_vid = 0x0403;
	p.usb_pid = 0x6015;
	snprintf(p.manufacturer, sizeof p.manufacturer, "\x1b]0;owned\x07");
	snprintf(p.product, sizeof p.product, "\x1b[2J\x1b[31mhead");
	snprintf(p.serial, sizeof p.serial, "A\nB\r\x9b");
	snprintf(p.by_id, sizeof p.by_id, "/dev/serial/by-id/usb-x");
	for (int json = 0; json < 2; json++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		app_ports_print(f, &p, 1, json);
		fclose(f);
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)out[i];
			CU_ASSERT(c == '\n' || (c >= 0x20 && c < 0x7f));
		}
		CU_ASSERT_PTR_NOT_NULL(
		        strstr(out, json ? "\\\\x1B]0;owned\\\\x07" : "\\x1B]0;owned\\x07"));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, json ? "\\\\x1B[2J" : "\\x1B[2J\\x1B[31mhead"));
		CU_ASSERT_PTR_NOT_NULL(
		        strstr(out, json ? "A\\\\x0AB" : "serial A\\x0AB\\x0D\\x9B"));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "USB 0403:6015") ||
		                       strstr(out, "\"vid\":\"0403\""));
		free(out);
	}
}

typedef struct config_case {
	const char *text;
	size_t len;
	app_options *o;
	int bad;
} config_case;

static void run_config(void *ctx)
{
	config_case *c = ctx;
	memcpy(c->o->config_text, c->text, c->len);
	c->bad = app_parse_config("cfg", c->o->config_text, c->len, c->o);
}

static app_options *fresh_options(void)
{
	static const char *argv[] = {"kmpterm", "decode", "00", NULL};
	app_options *o = calloc(1, sizeof *o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	/* the defaults, through the real entry point (no config file) */
	setenv("XDG_CONFIG_HOME", "/nonexistent-kmpterm-test", 1);
	CU_ASSERT_EQUAL(app_parse_options(3, (char **)argv, o), -1);
	return o;
}

/* A NUL byte is reported on its own line; the next line still counts. */
static void test_config_nul_byte(void)
{
	static const char text[] = "retries = 5\n# odd\0bytes\nsim = yes\ninterval = 2.5";
	app_options *o = fresh_options();
	char err[1024];
	config_case c = {text, sizeof text - 1, o, 0};
	capture_stderr(run_config, &c, err, sizeof err);
	CU_ASSERT_EQUAL(c.bad, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:2: a NUL byte"));
	CU_ASSERT_EQUAL(o->retries, 5);
	CU_ASSERT_EQUAL(o->sim, 1); /* the line after the NUL byte */
	CU_ASSERT(o->interval == 2.5);
	free(o);
}

static void test_config_bad_lines_numbered(void)
{
	static const char text[] = "interval = nan\r\n\n"
	                           "interval = inf\n"
	                           "frobnicate = 1\n"
	                           "json = yes\n"
	                           "registers = 60,,68\n"
	                           "device\n"
	                           "timeout 800\n";
	app_options *o = fresh_options();
	char err[2048];
	config_case c = {text, sizeof text - 1, o, 0};
	capture_stderr(run_config, &c, err, sizeof err);
	CU_ASSERT_EQUAL(c.bad, 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:1: invalid interval 'nan'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:3: invalid interval 'inf'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:4: unknown key 'frobnicate'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:5: unknown key 'json'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:6: empty register ID"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:7: 'device' needs a value"));
	CU_ASSERT_EQUAL(o->timeout_ms, 800);
	CU_ASSERT(o->interval == -1);
	free(o);
}

/* Found by fuzz_options: a bad 'registers' line after a good one emptied
 * the list but left it marked as given (read would ask for nothing). */
static void test_config_bad_registers_keep_good(void)
{
	static const char text[] = "registers = 60,68\nregisters = /t\n";
	app_options *o = fresh_options();
	char err[512];
	config_case c = {text, sizeof text - 1, o, 0};
	capture_stderr(run_config, &c, err, sizeof err);
	CU_ASSERT_EQUAL(c.bad, 1);
	CU_ASSERT(o->regs_given);
	CU_ASSERT_EQUAL(o->n_regs, 2);
	CU_ASSERT_EQUAL(o->regs[1], 68);
	free(o);
}

static void test_config_long_line(void)
{
	size_t n = 3000;
	char *text = malloc(n + 32);
	memset(text, 'x', n);
	memcpy(text + n, "\nretries = 7\n", 13);
	app_options *o = fresh_options();
	char err[512];
	config_case c = {text, n + 13, o, 0};
	capture_stderr(run_config, &c, err, sizeof err);
	CU_ASSERT_EQUAL(c.bad, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cfg:1: line too long"));
	CU_ASSERT_EQUAL(o->retries, 7);
	free(text);
	free(o);
}

typedef struct argv_case {
	int argc;
	char **argv;
	app_options *o;
	int rc;
} argv_case;

static void run_argv(void *ctx)
{
	argv_case *a = ctx;
	a->rc = app_parse_options(a->argc, a->argv, a->o);
}

/* rc and the first stderr line of one command line. */
static int parse(const char *line, app_options *o, char *err, size_t cap)
{
	char buf[512], *argv[32];
	int argc = 0;
	snprintf(buf, sizeof buf, "kmpterm %s", line);
	for (char *t = strtok(buf, " "); t && argc < 31; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	argv_case a = {argc, argv, o, 0};
	/* the help goes to stdout: keep it off the test's output */
	fflush(stdout);
	int saved = dup(1);
	FILE *null = fopen("/dev/null", "w");
	dup2(fileno(null), 1);
	capture_stderr(run_argv, &a, err, cap);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	fclose(null);
	return a.rc;
}

static void test_option_rules(void)
{
	static const struct {
		const char *line;
		int rc;
		const char *why;
	} t[] = {
	        {"read 60", -1, ""},
	        {"-r 60,68 read", -1, ""},
	        {"read --resume 60", 2,
	         "--resume does not apply to read (it is for: scan, history)"},
	        {"read --csv --out x.csv --repeat 0 60", -1, ""},
	        {"read --format influx -p heat 60", 2, "no profile 'heat' (kmpterm profile list"},
	        {"scan --csv", 2, "--csv does not apply to scan (it is for: read)"},
	        {"read --format yaml 60", 2, "invalid format 'yaml' (text, json, csv or influx)"},
	        {"scan -p heat", 2,
	         "-p/--profile does not apply to scan (it is for: read, terminal)"},
	        {"read --logger day 60", 2, "--logger does not apply to read (it is for: history)"},
	        {"events --last 3", 2, "--last does not apply to events (it is for: history)"},
	        {"history --count 5", 2, "--count does not apply to history"},
	        {"history --logger month -r 60 --last 12 --out m.csv --resume --json", -1, ""},
	        {"history --last 0", 2, "invalid --last record count '0'"},
	        {"events --json", -1, ""},
	        {"read --count 5 60", 2, "--count does not apply to read (it is for: probe)"},
	        {"-C serial", 2, "-C/--no-color does not apply to serial"},
	        {"decode -d /dev/x 00", 2, "-d/--device does not apply to decode"},
	        {"ports --retries 3", 2, "--retries does not apply to ports"},
	        {"--repeat 3", 2, "--repeat does not apply to the terminal (it is for: read)"},
	        {"--sim -d /dev/ttyUSB0 read 60", 2, "-d and --sim both name the meter"},
	        {"--sim-args --echo read 60", 2, "--sim-args needs --sim"},
	        {"--interval nan read 60", 2, "invalid interval 'nan'"},
	        {"--interval inf read 60", 2, "invalid interval 'inf'"},
	        {"--interval 1e3 read 60", 2, "invalid interval '1e3'"},
	        {"--interval 86401 read 60", 2, "invalid interval '86401'"},
	        {"--interval 0.25 read 60", -1, ""},
	        {"-zC read 60", 2, "unknown option '-z'"},
	        {"--bogus read 60", 2, "unknown option '--bogus'"},
	        {"read 60 -d", 2, "option '-d' needs a value"},
	        {"read 60 --log", 2, "option '--log' needs a value"},
	        {"frobnicate", 2, "unknown command 'frobnicate'"},
	        {"terminal", 2, "unknown command 'terminal'"},
	        {"scan --scan-range 10..20", -1, ""},
	        {"scan --scan-range 20-10", 2, "empty range: 20 is above 10"},
	        {"scan --from 9 --to 2", 2, "empty scan range"},
	        {"help", 0, ""},
	        {"help read", 0, ""},
	        {"help terminal", 0, ""},
	        {"read --help", 0, ""},
	        {"help nothing", 2, "no command 'nothing'"},
	        {"--help --bogus", 2, "unknown option"},
	        {"--version", 0, ""},
	};
	app_options *o = calloc(1, sizeof *o);
	char err[1024];
	setenv("XDG_CONFIG_HOME", "/nonexistent-kmpterm-test", 1);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int rc = parse(t[i].line, o, err, sizeof err);
		int ok = rc == t[i].rc && strstr(err, t[i].why) != NULL;
		if (!ok)
			fprintf(stderr, "\n'%s': rc %d, stderr '%s'\n", t[i].line, rc, err);
		CU_ASSERT(ok);
	}
	CU_ASSERT_EQUAL(parse("--interval 0.25 read 60", o, err, sizeof err), -1);
	CU_ASSERT(o->interval == 0.25);
	CU_ASSERT_EQUAL(parse("scan --scan-range 0x10..0x20", o, err, sizeof err), -1);
	CU_ASSERT_EQUAL(o->scan_from, 16);
	CU_ASSERT_EQUAL(o->scan_to, 32);
	CU_ASSERT_EQUAL(parse("-b 9600 read 60", o, err, sizeof err), -1);
	CU_ASSERT(app_given(o, 'b'));
	CU_ASSERT(!app_given(o, APP_OPT_PARITY));
	free(o);
}

/* The command line beats the config file on which meter to use. */
static void test_config_meter_choice(void)
{
	char dir[] = "/tmp/kmpterm-cli.XXXXXX", path[128], err[1024];
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/kmpterm", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/kmpterm/config", dir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	app_options *o = calloc(1, sizeof *o);

	FILE *f = fopen(path, "w");
	fputs("sim = yes\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(parse("-d /dev/ttyUSB3 read 60", o, err, sizeof err), -1);
	CU_ASSERT_EQUAL(o->sim, 0);
	CU_ASSERT_STRING_EQUAL(o->device, "/dev/ttyUSB3");

	f = fopen(path, "w");
	fputs("device = /dev/ttyUSB3\nregisters = 60 68\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(parse("--sim read", o, err, sizeof err), -1);
	CU_ASSERT_EQUAL(o->sim, 1);
	CU_ASSERT_PTR_NULL(o->device);
	CU_ASSERT_EQUAL(o->n_regs, 2);
	CU_ASSERT(!app_given(o, 'r')); /* from the file, not typed */

	f = fopen(path, "w");
	fputs("device = /dev/ttyUSB3\nsim = yes\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(parse("read 60", o, err, sizeof err), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "'device' and 'sim = yes' both name the meter"));

	/* a config setting a command does not use is no error: it is for others */
	f = fopen(path, "w");
	fputs("count = 50\nno-color = yes\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(parse("read 60", o, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, "");

	unlink(path);
	snprintf(path, sizeof path, "%s/kmpterm", dir);
	rmdir(path);
	rmdir(dir);
	setenv("XDG_CONFIG_HOME", "/nonexistent-kmpterm-test", 1);
	free(o);
}

/* no-color.org: NO_COLOR set to an empty string does not turn colour off. */
static void test_no_color_empty(void)
{
	char *old = getenv("NO_COLOR") ? strdup(getenv("NO_COLOR")) : NULL;
	unsetenv("NO_COLOR");
	CU_ASSERT_EQUAL(tui_color_wanted(0), 1);
	CU_ASSERT_EQUAL(tui_color_wanted(1), 0);
	setenv("NO_COLOR", "", 1);
	CU_ASSERT_EQUAL(tui_color_wanted(0), 1);
	setenv("NO_COLOR", "1", 1);
	CU_ASSERT_EQUAL(tui_color_wanted(0), 0);
	if (old)
		setenv("NO_COLOR", old, 1);
	else
		unsetenv("NO_COLOR");
	free(old);
}

TEST_SUITE(suite_app_cli)
{
	CU_pSuite s = CU_add_suite("app_cli", NULL, NULL);
	TEST_ADD(s, test_printable);
	TEST_ADD(s, test_ports_escape);
	TEST_ADD(s, test_config_nul_byte);
	TEST_ADD(s, test_config_bad_lines_numbered);
	TEST_ADD(s, test_config_long_line);
	TEST_ADD(s, test_config_bad_registers_keep_good);
	TEST_ADD(s, test_option_rules);
	TEST_ADD(s, test_config_meter_choice);
	TEST_ADD(s, test_no_color_empty);
}
