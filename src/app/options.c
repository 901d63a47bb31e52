/* options.c - command-line parsing for kmpterm. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/parse.h"

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

int app_parse_register_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err,
                            size_t errcap)
{
	return kmp_parse_id_list(s, ids, n, cap, err, errcap) == KMP_OK ? 0 : -1;
}

enum {
	OPT_SIM = 256,
	OPT_SIM_ARGS,
	OPT_PARITY,
	OPT_STOPBITS,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_LOG,
	OPT_JSON,
	OPT_REPEAT,
	OPT_INTERVAL,
	OPT_COUNT,
	OPT_FROM,
	OPT_TO,
	OPT_BATCH,
	OPT_DELAY,
	OPT_OUT,
	OPT_RESUME,
	OPT_SCAN_RANGE,
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

/* Validation failures of one option: the message goes to err, the caller
 * decides how to report it (usage error on the command line, a warning
 * with the line number in the config file). */
static int number_opt(const char *name, const char *arg, unsigned long min, unsigned long max,
                      unsigned long *out, char *err, size_t cap)
{
	uint64_t v;
	if (kmp_parse_uint(arg, max, &v) != KMP_OK || v < min) {
		snprintf(err, cap, "invalid %s '%s' (%lu..%lu)", name, arg, min, max);
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

static int parse_bool(const char *arg, int *out)
{
	if (!arg || !strcmp(arg, "yes") || !strcmp(arg, "true") || !strcmp(arg, "1") ||
	    !strcmp(arg, "on")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(arg, "no") || !strcmp(arg, "false") || !strcmp(arg, "0") ||
	    !strcmp(arg, "off")) {
		*out = 0;
		return 0;
	}
	return -1;
}

/* Apply one option (getopt code c, its argument arg; NULL for flags on the
 * command line).  Returns 0, or -1 with a message in err. */
static int apply_option(app_options *o, int c, const char *arg, char *err, size_t cap)
{
	unsigned long v;
	switch (c) {
	case 'd':
		o->device = arg;
		return 0;
	case OPT_SIM:
		if (parse_bool(arg, &o->sim))
			goto bad_bool;
		return 0;
	case OPT_SIM_ARGS:
		o->sim_args = arg;
		return 0;
	case 'b':
		if (number_opt("baud rate", arg, 50, 4000000, &v, err, cap))
			return -1;
		o->baud = (int)v;
		return 0;
	case OPT_PARITY:
		if (!strcmp(arg, "none") || !strcmp(arg, "N") || !strcmp(arg, "n"))
			o->parity = 'N';
		else if (!strcmp(arg, "even") || !strcmp(arg, "E") || !strcmp(arg, "e"))
			o->parity = 'E';
		else if (!strcmp(arg, "odd") || !strcmp(arg, "O") || !strcmp(arg, "o"))
			o->parity = 'O';
		else {
			snprintf(err, cap, "invalid parity '%s' (none, even or odd)", arg);
			return -1;
		}
		return 0;
	case OPT_STOPBITS:
		if (number_opt("stop bits", arg, 1, 2, &v, err, cap))
			return -1;
		o->stopbits = (int)v;
		return 0;
	case 'a':
		if (number_opt("address", arg, 0, 255, &v, err, cap))
			return -1;
		o->address = (uint8_t)v;
		return 0;
	case OPT_TIMEOUT:
		if (number_opt("timeout", arg, 10, 60000, &v, err, cap))
			return -1;
		o->timeout_ms = (unsigned)v;
		o->timeout_given = 1;
		return 0;
	case OPT_RETRIES:
		if (number_opt("retries", arg, 0, 100, &v, err, cap))
			return -1;
		o->retries = (unsigned)v;
		return 0;
	case OPT_LOG:
		o->log_path = arg;
		return 0;
	case OPT_JSON:
		if (parse_bool(arg, &o->json))
			goto bad_bool;
		return 0;
	case 'C':
		if (parse_bool(arg, &o->no_color))
			goto bad_bool;
		return 0;
	case OPT_REPEAT:
		if (number_opt("repeat count", arg, 1, 100000000, &v, err, cap))
			return -1;
		o->repeat = (unsigned)v;
		return 0;
	case OPT_INTERVAL: {
		/* exact digits, never strtod: "nan", "inf" and "1e9" are no
		 * interval, and a NaN would reach an integer conversion */
		uint64_t us;
		if (kmp_parse_seconds(arg, 86400ull * 1000000, &us) != KMP_OK) {
			snprintf(err, cap, "invalid interval '%s' (seconds, 0..86400)", arg);
			return -1;
		}
		o->interval = (double)us / 1e6;
		return 0;
	}
	case 'r':
		o->n_regs = 0;
		if (app_parse_register_list(arg, o->regs, &o->n_regs, APP_MAX_REGS, err, cap))
			return -1;
		o->regs_given = 1;
		return 0;
	case OPT_COUNT:
		if (number_opt("count", arg, 1, 10000000, &v, err, cap))
			return -1;
		o->count = (unsigned)v;
		return 0;
	case OPT_FROM:
		if (number_opt("--from register", arg, 0, 65535, &v, err, cap))
			return -1;
		o->scan_from = (long)v;
		return 0;
	case OPT_TO:
		if (number_opt("--to register", arg, 0, 65535, &v, err, cap))
			return -1;
		o->scan_to = (long)v;
		return 0;
	case OPT_SCAN_RANGE: {
		uint16_t a, b;
		char why[160];
		if (kmp_parse_range(arg, &a, &b, why, sizeof why) != KMP_OK) {
			snprintf(err, cap, "invalid scan range '%.40s': %s", arg, why);
			return -1;
		}
		o->scan_from = a;
		o->scan_to = b;
		return 0;
	}
	case OPT_BATCH:
		if (number_opt("batch", arg, 1, KMP_MAX_IDS, &v, err, cap))
			return -1;
		o->batch = (unsigned)v;
		return 0;
	case OPT_DELAY:
		if (number_opt("delay", arg, 0, 600000, &v, err, cap))
			return -1;
		o->delay_ms = (unsigned)v;
		return 0;
	case OPT_OUT:
		o->out_path = arg;
		return 0;
	case OPT_RESUME:
		if (parse_bool(arg, &o->resume))
			goto bad_bool;
		return 0;
	}
	snprintf(err, cap, "unknown option");
	return -1;
bad_bool:
	snprintf(err, cap, "invalid value '%s' (yes or no)", arg);
	return -1;
}

/* Keys the config file accepts: the long option names of the settings a
 * person keeps (link, output and terminal), not one-off actions. */
static int config_key_allowed(int c)
{
	return c != 'h' && c != 'V' && c != OPT_JSON && c != OPT_RESUME && c != OPT_OUT &&
	       c != OPT_FROM && c != OPT_TO && c != OPT_REPEAT;
}

static void config_warn(const char *path, int line, const char *msg)
{
	fprintf(stderr, "kmpterm: %s:%d: %s (line ignored)\n", path, line, msg);
}

int app_config_path(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, cap, "%s/kmpterm/config", xdg);
	else if (home && *home)
		snprintf(buf, cap, "%s/.config/kmpterm/config", home);
	else
		return -1;
	return 0;
}

/* Config values must outlive parsing (options borrow strings). */
static char config_store[16384];
static size_t config_used;

static const char *keep(const char *s)
{
	size_t n = strlen(s) + 1;
	if (config_used + n > sizeof config_store)
		return NULL;
	char *p = config_store + config_used;
	memcpy(p, s, n);
	config_used += n;
	return p;
}

int app_load_config(const char *path, app_options *o)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	char line[1024], err[256];
	int lineno = 0, bad = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			config_warn(path, lineno, "line too long");
			bad++;
			int ch;
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *key = line + strspn(line, " \t\r\n");
		if (!*key)
			continue;
		size_t klen = strcspn(key, " \t=\r\n");
		char *val = key + klen;
		val += strspn(val, " \t");
		if (*val == '=')
			val++;
		val += strspn(val, " \t");
		char *end = val + strlen(val);
		while (end > val && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		key[klen] = '\0';
		const struct option *opt = NULL;
		for (const struct option *p = long_opts; p->name; p++)
			if (!strcmp(p->name, key))
				opt = p;
		if (!opt || !config_key_allowed(opt->val)) {
			snprintf(err, sizeof err, "unknown key '%s'", key);
			config_warn(path, lineno, err);
			bad++;
			continue;
		}
		if (opt->has_arg == required_argument && !*val) {
			snprintf(err, sizeof err, "'%s' needs a value", key);
			config_warn(path, lineno, err);
			bad++;
			continue;
		}
		const char *kept = keep(val);
		if (!kept || apply_option(o, opt->val, *val ? kept : NULL, err, sizeof err)) {
			config_warn(path, lineno, kept ? err : "config file too large");
			bad++;
		}
	}
	fclose(f);
	return bad;
}

static void set_defaults(app_options *o)
{
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
}

int app_parse_options(int argc, char **argv, app_options *o)
{
	char err[256], path[512];
	set_defaults(o);
	/* the config file first, so the command line overrides it; --help and
	 * usage errors do not depend on it, so it is read before them */
	if (app_config_path(path, sizeof path) == 0 && app_load_config(path, o) < 0)
		fprintf(stderr, "kmpterm: cannot read %s: %s\n", path, strerror(errno));

	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":d:b:a:r:ChV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("kmpterm %s\n", KMPTERM_VERSION);
			return EXIT_OK;
		case ':':
			return app_usage_error("option '%s' needs a value", argv[optind - 1]);
		case '?':
			return app_usage_error("unknown option '%s'", argv[optind - 1]);
		default:
			if (apply_option(o, c, optarg, err, sizeof err))
				return app_usage_error("%s", err);
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
