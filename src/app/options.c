/* options.c - command-line parsing for kmpterm. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "kmp/frame.h"

static const char usage_text[] =
	"Usage: kmpterm [OPTIONS] [COMMAND [ARGS]]\n"
	"Diagnostics terminal for Kamstrup meters speaking KMP through an optical head.\n"
	"\n"
	"Without a command, opens the interactive terminal (views: 1 registers, 2 trace,\n"
	"3 align, 4 scan; ? for keys).\n"
	"\n"
	"Commands:\n"
	"  read REG...        read registers (decimal or 0x hex IDs), 8 per request\n"
	"  type               meter type and software revision (GetType)\n"
	"  serial             serial number (GetSerialNo)\n"
	"  probe              probe the optical link and summarise the answer rate\n"
	"  scan               find the register IDs the meter answers\n"
	"  decode HEX...      decode frames pasted as hex (no device needed)\n"
	"  ports              list serial ports\n"
	"\n"
	"Link options (before or after the command):\n"
	"  -d, --device DEV   serial port, /dev/serial/by-id/..., pty, tcp://HOST:PORT or\n"
	"                     socket://HOST:PORT (default: $KMP_DEVICE, else the only USB\n"
	"                     serial port)\n"
	"      --sim          use the built-in simulated meter instead of a device\n"
	"      --sim-args S   options for the simulated meter, e.g. \"--echo --corrupt 10\"\n"
	"  -b, --baud N       line speed (default 1200; 382 electricity meters use 9600)\n"
	"      --parity P     none, even or odd (default none)\n"
	"      --stopbits N   1 or 2 (default 2)\n"
	"  -a, --address A    destination address (default 0x3F heat meter; 0x7F, 0xBF\n"
	"                     logger modules)\n"
	"      --timeout MS   wait this long for the first reply byte (default 1600)\n"
	"      --retries N    extra attempts after a failed exchange (default 2)\n"
	"      --log FILE     append every frame and event to FILE (docs/trace-format.md)\n"
	"\n"
	"Output options:\n"
	"      --json         machine-readable output (read, type, serial, probe, scan, decode)\n"
	"  -C, --no-color     no colours in the terminal (also: NO_COLOR set)\n"
	"\n"
	"read:   --repeat N   rounds to read (default 1)\n"
	"        --interval S seconds between rounds (0: back to back)\n"
	"terminal:\n"
	"  -r, --registers L  registers for the live table (default\n"
	"                     60,68,74,80,86,87,89,266,1002,1003)\n"
	"      --interval S   poll interval in seconds (default 10). Every exchange keeps the\n"
	"                     meter's optical port awake and runs down its battery: poll\n"
	"                     no faster than you need.\n"
	"probe:  --count N    probes to send (default 20)\n"
	"scan:   --from A --to B --batch N --delay MS --out FILE --resume\n"
	"\n"
	"  -h, --help         this help;  -V, --version  the version\n"
	"\n"
	"Exit status: 0 success, 1 no valid answer or link failure, 2 usage error.\n"
	"kmpterm never sends a write command (SetClock, PutRegister) to a meter.\n";

int app_usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("kmpterm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'kmpterm --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Whole-string unsigned number, decimal or 0x hex. */
static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	unsigned long v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	/* strtoul base 0 reads "010" as octal: nobody means that here */
	if (s[0] == '0' && s[1] && s[1] != 'x' && s[1] != 'X')
		v = strtoul(s, &end, 10);
	*out = v;
	return 0;
}

int app_parse_register_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err,
			    size_t errcap)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", s);
	if (!*buf) {
		snprintf(err, errcap, "empty register list");
		return -1;
	}
	char *save = NULL;
	for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		unsigned long v;
		if (parse_ulong(tok, 65535, &v) != 0) {
			snprintf(err, errcap,
				 "invalid register '%s' (an ID 0..65535, decimal or 0x hex)", tok);
			return -1;
		}
		if (*n >= cap) {
			snprintf(err, errcap, "too many registers (at most %zu)", cap);
			return -1;
		}
		ids[(*n)++] = (uint16_t)v;
	}
	return 0;
}

enum {
	OPT_SIM = 256, OPT_SIM_ARGS, OPT_PARITY, OPT_STOPBITS, OPT_TIMEOUT, OPT_RETRIES, OPT_LOG,
	OPT_JSON, OPT_REPEAT, OPT_INTERVAL, OPT_COUNT, OPT_FROM, OPT_TO, OPT_BATCH, OPT_DELAY,
	OPT_OUT, OPT_RESUME, OPT_SCAN_RANGE,
};

static const struct option long_opts[] = {
	{"device", required_argument, 0, 'd'},
	{"sim", no_argument, 0, OPT_SIM},
	{"sim-args", required_argument, 0, OPT_SIM_ARGS},
	{"baud", required_argument, 0, 'b'},
	{"parity", required_argument, 0, OPT_PARITY},
	{"stopbits", required_argument, 0, OPT_STOPBITS},
	{"address", required_argument, 0, 'a'},
	{"timeout", required_argument, 0, OPT_TIMEOUT},
	{"retries", required_argument, 0, OPT_RETRIES},
	{"log", required_argument, 0, OPT_LOG},
	{"json", no_argument, 0, OPT_JSON},
	{"no-color", no_argument, 0, 'C'},
	{"repeat", required_argument, 0, OPT_REPEAT},
	{"interval", required_argument, 0, OPT_INTERVAL},
	{"registers", required_argument, 0, 'r'},
	{"count", required_argument, 0, OPT_COUNT},
	{"from", required_argument, 0, OPT_FROM},
	{"to", required_argument, 0, OPT_TO},
	{"batch", required_argument, 0, OPT_BATCH},
	{"delay", required_argument, 0, OPT_DELAY},
	{"out", required_argument, 0, OPT_OUT},
	{"resume", no_argument, 0, OPT_RESUME},
	{"scan-range", required_argument, 0, OPT_SCAN_RANGE},
	{"help", no_argument, 0, 'h'},
	{"version", no_argument, 0, 'V'},
	{0, 0, 0, 0},
};

static int number_opt(const char *name, const char *arg, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	if (parse_ulong(arg, max, out) != 0 || *out < min)
		return app_usage_error("invalid %s '%s' (%lu..%lu)", name, arg, min, max);
	return -1;
}

static int parse_range(const char *arg, long *from, long *to)
{
	unsigned long a, b;
	char buf[64];
	snprintf(buf, sizeof buf, "%s", arg);
	char *dash = strchr(buf, '-');
	if (!dash)
		return -1;
	*dash = '\0';
	if (parse_ulong(buf, 65535, &a) || parse_ulong(dash + 1, 65535, &b) || a > b)
		return -1;
	*from = (long)a;
	*to = (long)b;
	return 0;
}

int app_parse_options(int argc, char **argv, app_options *o)
{
	unsigned long v;
	int rc;
	char err[256];
	memset(o, 0, sizeof *o);
	o->baud = 1200;
	o->parity = 'N';
	o->stopbits = 2;
	o->address = KMP_ADDR_HEAT;
	o->timeout_ms = 1600;
	o->retries = 2;
	o->repeat = 1;
	o->interval = -1;
	o->count = 20;
	o->scan_from = -1;
	o->scan_to = -1;
	o->batch = 8;

	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":d:b:a:r:ChV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->device = optarg;
			break;
		case OPT_SIM:
			o->sim = 1;
			break;
		case OPT_SIM_ARGS:
			o->sim_args = optarg;
			break;
		case 'b':
			if ((rc = number_opt("baud rate", optarg, 50, 4000000, &v)) >= 0)
				return rc;
			o->baud = (int)v;
			break;
		case OPT_PARITY:
			if (!strcmp(optarg, "none") || !strcmp(optarg, "N") || !strcmp(optarg, "n"))
				o->parity = 'N';
			else if (!strcmp(optarg, "even") || !strcmp(optarg, "E") || !strcmp(optarg, "e"))
				o->parity = 'E';
			else if (!strcmp(optarg, "odd") || !strcmp(optarg, "O") || !strcmp(optarg, "o"))
				o->parity = 'O';
			else
				return app_usage_error("invalid parity '%s' (none, even or odd)", optarg);
			break;
		case OPT_STOPBITS:
			if ((rc = number_opt("stop bits", optarg, 1, 2, &v)) >= 0)
				return rc;
			o->stopbits = (int)v;
			break;
		case 'a':
			if ((rc = number_opt("address", optarg, 0, 255, &v)) >= 0)
				return rc;
			o->address = (uint8_t)v;
			break;
		case OPT_TIMEOUT:
			if ((rc = number_opt("timeout", optarg, 10, 60000, &v)) >= 0)
				return rc;
			o->timeout_ms = (unsigned)v;
			break;
		case OPT_RETRIES:
			if ((rc = number_opt("retries", optarg, 0, 100, &v)) >= 0)
				return rc;
			o->retries = (unsigned)v;
			break;
		case OPT_LOG:
			o->log_path = optarg;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case 'C':
			o->no_color = 1;
			break;
		case OPT_REPEAT:
			if ((rc = number_opt("repeat count", optarg, 1, 100000000, &v)) >= 0)
				return rc;
			o->repeat = (unsigned)v;
			break;
		case OPT_INTERVAL: {
			char *end;
			errno = 0;
			double d = strtod(optarg, &end);
			if (errno || *end || end == optarg || d < 0 || d > 86400)
				return app_usage_error("invalid interval '%s' (seconds, 0..86400)",
						       optarg);
			o->interval = d;
			break;
		}
		case 'r':
			o->n_regs = 0;
			if (app_parse_register_list(optarg, o->regs, &o->n_regs, APP_MAX_REGS, err,
						    sizeof err))
				return app_usage_error("%s", err);
			o->regs_given = 1;
			break;
		case OPT_COUNT:
			if ((rc = number_opt("count", optarg, 1, 10000000, &v)) >= 0)
				return rc;
			o->count = (unsigned)v;
			break;
		case OPT_FROM:
			if ((rc = number_opt("--from register", optarg, 0, 65535, &v)) >= 0)
				return rc;
			o->scan_from = (long)v;
			break;
		case OPT_TO:
			if ((rc = number_opt("--to register", optarg, 0, 65535, &v)) >= 0)
				return rc;
			o->scan_to = (long)v;
			break;
		case OPT_SCAN_RANGE:
			if (parse_range(optarg, &o->scan_from, &o->scan_to))
				return app_usage_error("invalid scan range '%s' (A-B, 0..65535, A <= B)",
						       optarg);
			break;
		case OPT_BATCH:
			if ((rc = number_opt("batch", optarg, 1, KMP_MAX_IDS, &v)) >= 0)
				return rc;
			o->batch = (unsigned)v;
			break;
		case OPT_DELAY:
			if ((rc = number_opt("delay", optarg, 0, 600000, &v)) >= 0)
				return rc;
			o->delay_ms = (unsigned)v;
			break;
		case OPT_OUT:
			o->out_path = optarg;
			break;
		case OPT_RESUME:
			o->resume = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("kmpterm %s\n", KMPTERM_VERSION);
			return EXIT_OK;
		case ':':
			return app_usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return app_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		o->command = argv[optind];
		o->args = argv + optind + 1;
		o->nargs = argc - optind - 1;
	}
	if (o->scan_from >= 0 && o->scan_to >= 0 && o->scan_from > o->scan_to)
		return app_usage_error("empty scan range: --from %ld is above --to %ld",
				       o->scan_from, o->scan_to);
	return -1;
}
