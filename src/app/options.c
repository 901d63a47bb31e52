/* options.c - the command line of kmpterm: which options exist, which
 * command uses which, their values, and the order of the sources (the
 * defaults, then the config file, then the command line). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "app/profile.h"
#include "app/read_rec.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/meter_type.h"
#include "kmp/parse.h"

static void vusage(const char *try, const char *fmt, va_list ap)
{
	fputs("kmpterm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry '%s'.\n", try);
}

int app_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vusage("kmpterm --help", fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int app_cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	char try[64];
	va_list ap;
	if (cmd)
		snprintf(try, sizeof try, "kmpterm %s --help", cmd);
	else
		snprintf(try, sizeof try, "kmpterm help terminal");
	va_start(ap, fmt);
	vusage(try, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int app_parse_register_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err,
                            size_t errcap)
{
	return kmp_parse_id_list(s, ids, n, cap, err, errcap) == KMP_OK ? 0 : -1;
}

/* Commands, as bits: which of them use an option. */
enum {
	C_READ = 1 << 0,
	C_TYPE = 1 << 1,
	C_SERIAL = 1 << 2,
	C_PROBE = 1 << 3,
	C_SCAN = 1 << 4,
	C_DECODE = 1 << 5,
	C_PORTS = 1 << 6,
	C_TERMINAL = 1 << 7,
	C_HELP = 1 << 8,
	C_HISTORY = 1 << 9,
	C_EVENTS = 1 << 10,
	C_PROFILE = 1 << 11,
	C_IDENTIFY = 1 << 12,
	C_LOOPBACK = 1 << 13,
	C_METER = C_READ | C_TYPE | C_SERIAL | C_PROBE | C_SCAN | C_TERMINAL | C_HISTORY |
	          C_EVENTS | C_IDENTIFY | C_LOOPBACK,
	C_ALL = C_METER | C_DECODE | C_PORTS | C_HELP | C_PROFILE,
};

static const struct {
	const char *name;
	unsigned bit;
} command_bits[] = {
        {"read", C_READ},         {"type", C_TYPE},         {"serial", C_SERIAL},
        {"probe", C_PROBE},       {"scan", C_SCAN},         {"decode", C_DECODE},
        {"ports", C_PORTS},       {"terminal", C_TERMINAL}, {"help", C_HELP},
        {"history", C_HISTORY},   {"events", C_EVENTS},     {"profile", C_PROFILE},
        {"identify", C_IDENTIFY}, {"loopback", C_LOOPBACK},
};

static unsigned command_bit(const char *command)
{
	for (size_t i = 0; i < sizeof command_bits / sizeof command_bits[0]; i++)
		if (!strcmp(command_bits[i].name, command ? command : "terminal"))
			return command_bits[i].bit;
	return 0;
}

/* Every option: getopt's entry, the commands that use it, whether the
 * config file may set it (settings a person keeps, not one-off actions),
 * and its short letter for messages. */
typedef struct option_info {
	struct option opt;
	unsigned commands;
	int in_config;
	char letter;
} option_info;

static const option_info options[] = {
        {{"device", required_argument, 0, 'd'}, C_METER | C_PROFILE, 1, 'd'},
        {{"sim", no_argument, 0, APP_OPT_SIM}, C_METER, 1, 0},
        {{"sim-args", required_argument, 0, APP_OPT_SIM_ARGS}, C_METER, 1, 0},
        {{"baud", required_argument, 0, 'b'}, C_METER, 1, 'b'},
        {{"parity", required_argument, 0, APP_OPT_PARITY}, C_METER, 1, 0},
        {{"stopbits", required_argument, 0, APP_OPT_STOPBITS}, C_METER, 1, 0},
        {{"databits", required_argument, 0, APP_OPT_DATABITS}, C_METER, 1, 0},
        {{"family", required_argument, 0, APP_OPT_FAMILY},
         C_READ | C_SCAN | C_TERMINAL | C_IDENTIFY | C_EVENTS,
         1,
         0},
        {{"protocol", required_argument, 0, APP_OPT_PROTOCOL}, C_READ | C_TERMINAL, 1, 0},
        {{"known", no_argument, 0, APP_OPT_KNOWN}, C_SCAN, 0, 0},
        {{"rounds", required_argument, 0, APP_OPT_PATTERN_COUNT}, C_LOOPBACK, 0, 0},
        {{"address", required_argument, 0, 'a'}, C_METER, 1, 'a'},
        {{"timeout", required_argument, 0, APP_OPT_TIMEOUT}, C_METER, 1, 0},
        {{"retries", required_argument, 0, APP_OPT_RETRIES}, C_METER, 1, 0},
        {{"log", required_argument, 0, APP_OPT_LOG}, C_METER, 1, 0},
        {{"json", no_argument, 0, APP_OPT_JSON},
         C_READ | C_TYPE | C_SERIAL | C_PROBE | C_SCAN | C_DECODE | C_PORTS | C_HISTORY | C_EVENTS |
                 C_IDENTIFY | C_LOOPBACK,
         0,
         0},
        {{"no-color", no_argument, 0, 'C'}, C_TERMINAL, 1, 'C'},
        {{"repeat", required_argument, 0, APP_OPT_REPEAT}, C_READ, 0, 0},
        {{"csv", no_argument, 0, APP_OPT_CSV}, C_READ, 0, 0},
        {{"format", required_argument, 0, APP_OPT_FORMAT}, C_READ, 0, 0},
        {{"interval", required_argument, 0, APP_OPT_INTERVAL},
         C_READ | C_TERMINAL | C_PROFILE,
         1,
         0},
        {{"registers", required_argument, 0, 'r'},
         C_READ | C_TERMINAL | C_HISTORY | C_PROFILE,
         1,
         'r'},
        {{"profile", required_argument, 0, 'p'}, C_READ | C_TERMINAL, 0, 'p'},
        {{"count", required_argument, 0, APP_OPT_COUNT}, C_PROBE, 1, 0},
        {{"from", required_argument, 0, APP_OPT_FROM}, C_SCAN | C_TERMINAL, 0, 0},
        {{"to", required_argument, 0, APP_OPT_TO}, C_SCAN | C_TERMINAL, 0, 0},
        {{"batch", required_argument, 0, APP_OPT_BATCH}, C_SCAN | C_TERMINAL, 1, 0},
        {{"delay", required_argument, 0, APP_OPT_DELAY}, C_SCAN | C_TERMINAL, 1, 0},
        {{"out", required_argument, 0, APP_OPT_OUT}, C_SCAN | C_HISTORY | C_READ, 0, 0},
        {{"resume", no_argument, 0, APP_OPT_RESUME}, C_SCAN | C_HISTORY, 0, 0},
        {{"logger", required_argument, 0, APP_OPT_LOGGER}, C_HISTORY, 0, 0},
        {{"last", required_argument, 0, APP_OPT_LAST}, C_HISTORY, 0, 0},
        {{"scan-range", required_argument, 0, APP_OPT_SCAN_RANGE}, C_SCAN | C_TERMINAL, 1, 0},
        {{"replay", required_argument, 0, APP_OPT_REPLAY}, C_TERMINAL, 0, 0},
        {{"help", no_argument, 0, 'h'}, C_ALL, 0, 'h'},
        {{"version", no_argument, 0, 'V'}, C_ALL, 0, 'V'},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

static int option_index(int code)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].opt.val == code)
			return (int)i;
	return -1;
}

int app_given(const app_options *o, int opt)
{
	int i = option_index(opt);
	return i >= 0 && (o->given_cmdline >> i & 1);
}

/* "--out", or "-b/--baud" for the options with a letter. */
static const char *option_label(int i, char *buf, size_t cap)
{
	if (options[i].letter)
		snprintf(buf, cap, "-%c/--%s", options[i].letter, options[i].opt.name);
	else
		snprintf(buf, cap, "--%s", options[i].opt.name);
	return buf;
}

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
	case APP_OPT_SIM:
		if (parse_bool(arg, &o->sim))
			goto bad_bool;
		return 0;
	case APP_OPT_SIM_ARGS:
		o->sim_args = arg;
		return 0;
	case 'b':
		if (number_opt("baud rate", arg, 50, 4000000, &v, err, cap))
			return -1;
		o->baud = (int)v;
		return 0;
	case APP_OPT_PARITY:
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
	case APP_OPT_STOPBITS:
		if (number_opt("stop bits", arg, 1, 2, &v, err, cap))
			return -1;
		o->stopbits = (int)v;
		return 0;
	case APP_OPT_DATABITS:
		if (number_opt("data bits", arg, 5, 8, &v, err, cap))
			return -1;
		o->databits = (int)v;
		return 0;
	case APP_OPT_FAMILY:
		if (kmp_family_parse(arg, &o->family)) {
			snprintf(err, cap, "unknown family '%.40s' (%s)", arg, kmp_family_keys());
			return -1;
		}
		return 0;
	case APP_OPT_PROTOCOL:
		if (!strcmp(arg, "kmp"))
			o->protocol = APP_PROTO_KMP;
		else if (!strcmp(arg, "legacy"))
			o->protocol = APP_PROTO_LEGACY;
		else {
			snprintf(err, cap, "invalid protocol '%.40s' (kmp or legacy)", arg);
			return -1;
		}
		return 0;
	case APP_OPT_KNOWN:
		if (parse_bool(arg, &o->known))
			goto bad_bool;
		return 0;
	case APP_OPT_PATTERN_COUNT:
		if (number_opt("rounds", arg, 1, 1000, &v, err, cap))
			return -1;
		o->rounds = (unsigned)v;
		return 0;
	case 'a':
		if (number_opt("address", arg, 0, 255, &v, err, cap))
			return -1;
		o->address = (uint8_t)v;
		return 0;
	case APP_OPT_TIMEOUT:
		if (number_opt("timeout", arg, 10, 60000, &v, err, cap))
			return -1;
		o->timeout_ms = (unsigned)v;
		o->timeout_given = 1;
		return 0;
	case APP_OPT_RETRIES:
		if (number_opt("retries", arg, 0, 100, &v, err, cap))
			return -1;
		o->retries = (unsigned)v;
		return 0;
	case APP_OPT_LOG:
		o->log_path = arg;
		return 0;
	case APP_OPT_REPLAY:
		if (!*arg) {
			snprintf(err, cap, "--replay needs a file name");
			return -1;
		}
		o->replay_path = arg;
		return 0;
	case APP_OPT_JSON:
		if (parse_bool(arg, &o->json))
			goto bad_bool;
		o->format = o->json ? READ_JSON : READ_TEXT;
		return 0;
	case APP_OPT_CSV:
		o->format = READ_CSV;
		o->json = 0;
		return 0;
	case APP_OPT_FORMAT:
		if (!strcmp(arg, "text"))
			o->format = READ_TEXT;
		else if (!strcmp(arg, "json"))
			o->format = READ_JSON;
		else if (!strcmp(arg, "csv"))
			o->format = READ_CSV;
		else if (!strcmp(arg, "influx"))
			o->format = READ_INFLUX;
		else {
			snprintf(err, cap, "invalid format '%s' (text, json, csv or influx)", arg);
			return -1;
		}
		o->json = o->format == READ_JSON;
		return 0;
	case 'C':
		if (parse_bool(arg, &o->no_color))
			goto bad_bool;
		return 0;
	case APP_OPT_REPEAT:
		/* 0: until interrupted (a recording) */
		if (number_opt("repeat count", arg, 0, 100000000, &v, err, cap))
			return -1;
		o->repeat = (unsigned)v;
		return 0;
	case APP_OPT_INTERVAL: {
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
	case 'p':
		o->profile = arg;
		return 0;
	case 'r': {
		/* parsed aside: a bad list leaves the last good one in place */
		uint16_t ids[APP_MAX_REGS];
		size_t n = 0;
		if (app_parse_register_list(arg, ids, &n, APP_MAX_REGS, err, cap))
			return -1;
		memcpy(o->regs, ids, n * sizeof ids[0]);
		o->n_regs = n;
		o->regs_given = 1;
		return 0;
	}
	case APP_OPT_COUNT:
		if (number_opt("count", arg, 1, 10000000, &v, err, cap))
			return -1;
		o->count = (unsigned)v;
		return 0;
	case APP_OPT_FROM:
		if (number_opt("--from register", arg, 0, 65535, &v, err, cap))
			return -1;
		o->scan_from = (long)v;
		return 0;
	case APP_OPT_TO:
		if (number_opt("--to register", arg, 0, 65535, &v, err, cap))
			return -1;
		o->scan_to = (long)v;
		return 0;
	case APP_OPT_SCAN_RANGE: {
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
	case APP_OPT_BATCH:
		if (number_opt("batch", arg, 1, KMP_MAX_IDS, &v, err, cap))
			return -1;
		o->batch = (unsigned)v;
		return 0;
	case APP_OPT_DELAY:
		if (number_opt("delay", arg, 0, 600000, &v, err, cap))
			return -1;
		o->delay_ms = (unsigned)v;
		return 0;
	case APP_OPT_OUT:
		o->out_path = arg;
		return 0;
	case APP_OPT_RESUME:
		if (parse_bool(arg, &o->resume))
			goto bad_bool;
		return 0;
	case APP_OPT_LOGGER:
		o->logger = arg; /* a name, or a module's log number: history checks it */
		return 0;
	case APP_OPT_LAST:
		if (number_opt("--last record count", arg, 1, 1000000, &v, err, cap))
			return -1;
		o->last = (unsigned)v;
		return 0;
	}
	snprintf(err, cap, "unknown option");
	return -1;
bad_bool:
	snprintf(err, cap, "invalid value '%s' (yes or no)", arg);
	return -1;
}

/* The config file's keys and what they set (config.c reads the file). */
int app_apply_config_key(app_options *o, const char *key, const char *val, char *err, size_t cap)
{
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct option *opt = &options[i].opt;
		if (strcmp(opt->name, key) != 0)
			continue;
		if (!options[i].in_config)
			break;
		if (opt->has_arg == required_argument && !*val) {
			snprintf(err, cap, "'%s' needs a value", key);
			return -1;
		}
		if (apply_option(o, opt->val, *val ? val : NULL, err, cap))
			return -1;
		o->given_config |= 1ull << i;
		return 0;
	}
	snprintf(err, cap, "unknown key '%s'", key);
	return -1;
}

static void set_defaults(app_options *o)
{
	memset(o, 0, sizeof *o);
	o->baud = 1200;
	o->parity = 'N';
	o->stopbits = 2;
	o->databits = 8;
	o->rounds = 3;
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

/* What the command line asks beyond the options: help, the version. */
enum { ACT_NONE, ACT_HELP, ACT_VERSION };

/* One pass of getopt over argv, applying to o.  Returns -1 to go on, or
 * the exit status of a usage error (reported).  *act: --help/--version. */
static int parse_argv(int argc, char **argv, app_options *o, int *act)
{
	struct option long_opts[N_OPTIONS + 1];
	char err[256];
	for (size_t i = 0; i < N_OPTIONS; i++)
		long_opts[i] = options[i].opt;
	memset(&long_opts[N_OPTIONS], 0, sizeof long_opts[N_OPTIONS]);

	*act = ACT_NONE;
	opterr = 0;
	optind = 0; /* 0, not 1: glibc starts over completely (a second pass) */
	int c;
	while ((c = getopt_long(argc, argv, ":d:b:a:r:p:ChV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			*act = ACT_HELP;
			break;
		case 'V':
			if (*act == ACT_NONE)
				*act = ACT_VERSION;
			break;
		case ':':
			/* optopt is the letter of a short option, or the code of a
			 * long one (whose text is the last argument taken) */
			if (optopt > 0 && optopt < 128)
				return app_usage_error("option '-%c' needs a value", optopt);
			return app_usage_error("option '%s' needs a value", argv[optind - 1]);
		case '?':
			/* "-zC": optind still points at the cluster, so name the
			 * letter getopt stopped at, not argv[optind - 1] */
			if (optopt > 0 && optopt < 128)
				return app_usage_error("unknown option '-%c'", optopt);
			return app_usage_error("unknown option '%s'", argv[optind - 1]);
		default:
			if (apply_option(o, c, optarg, err, sizeof err))
				return app_usage_error("%s", err);
			int i = option_index(c);
			if (i >= 0)
				o->given_cmdline |= 1ull << i;
		}
	}
	if (optind < argc) {
		o->command = argv[optind];
		o->args = argv + optind + 1;
		o->nargs = argc - optind - 1;
	}
	return -1;
}

/* The help asked for: `--help` (of the command, when there is one) or
 * `help [COMMAND]`.  A help that cannot be written is a failure. */
static int print_help(const app_options *o)
{
	const char *topic = o->command;
	if (topic && !strcmp(topic, "help")) {
		if (o->nargs > 1)
			return app_cmd_usage_error("help", "help takes one command name");
		topic = o->nargs ? o->args[0] : NULL;
	}
	if (app_help(stdout, topic) != 0)
		return app_usage_error(
		        "no command '%s' to help with (read, type, serial, probe, "
		        "scan, history, events, identify, loopback, decode, profile, "
		        "ports, terminal)",
		        topic);
	return EXIT_OK;
}

/* Typed options the command does not use: one line naming who uses it. */
static int check_applies(const app_options *o)
{
	unsigned bit = command_bit(o->command);
	char label[40], users[160];
	for (size_t i = 0; i < N_OPTIONS; i++) {
		if (!(o->given_cmdline >> i & 1) || (options[i].commands & bit))
			continue;
		size_t u = 0;
		users[0] = '\0';
		for (size_t k = 0; k < sizeof command_bits / sizeof command_bits[0]; k++)
			if ((options[i].commands & command_bits[k].bit) &&
			    command_bits[k].bit != C_HELP)
				u += (size_t)snprintf(users + u, sizeof users - u, "%s%s",
				                      u ? ", " : "", command_bits[k].name);
		if (o->command)
			return app_cmd_usage_error(
			        o->command, "%s does not apply to %s (it is for: %s)",
			        option_label((int)i, label, sizeof label), o->command, users);
		return app_cmd_usage_error(NULL,
		                           "%s does not apply to the terminal (it is for: %s)",
		                           option_label((int)i, label, sizeof label), users);
	}
	return -1;
}

/* --replay shows a recorded session: options that talk to a meter, poll
 * it or scan it have nothing to act on (the config file's settings are
 * for live sessions and are left alone). */
static int check_replay(const app_options *o)
{
	int keep[] = {option_index(APP_OPT_REPLAY), option_index('C'),
	              option_index(APP_OPT_FAMILY)};
	char label[40];
	for (size_t i = 0; i < N_OPTIONS; i++) {
		int ok = !(o->given_cmdline >> i & 1);
		for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
			ok |= keep[k] == (int)i;
		if (!ok)
			return app_cmd_usage_error(
			        NULL,
			        "%s makes no sense with --replay (it shows a "
			        "recorded session: nothing is sent, no device is "
			        "opened)",
			        option_label((int)i, label, sizeof label));
	}
	return -1;
}

/* -d and --sim both name the meter: the command line beats the config
 * file; within one source, two answers are a mistake. */
static int settle_meter(app_options *o)
{
	int d = option_index('d'), sim = option_index(APP_OPT_SIM);
	int cmd_d = o->given_cmdline >> d & 1, cmd_sim = (o->given_cmdline >> sim & 1) && o->sim;
	if (cmd_d && cmd_sim)
		return app_usage_error("-d and --sim both name the meter: give one of them");
	if (cmd_d)
		o->sim = 0; /* a config file's 'sim = yes' gives way */
	else if (cmd_sim)
		o->device = NULL; /* a config file's device gives way */
	else if (o->sim && o->device)
		return app_usage_error(
		        "%s: 'device' and 'sim = yes' both name the meter: keep one, "
		        "or choose with -d or --sim",
		        o->config_path);
	if (app_given(o, APP_OPT_SIM_ARGS) && !o->sim)
		return app_usage_error("--sim-args needs --sim (they are options of the simulated "
		                       "meter)");
	return -1;
}

int app_parse_options(int argc, char **argv, app_options *o)
{
	char path[512];
	int act, rc;
	/* first the command line alone, in a scratch copy: --help, --version
	 * and usage errors must not depend on the config file (which may be
	 * broken, or be what the user wants help with) */
	set_defaults(o);
	if ((rc = parse_argv(argc, argv, o, &act)) >= 0)
		return rc;
	if (act == ACT_HELP || (o->command && !strcmp(o->command, "help")))
		return print_help(o);
	if (act == ACT_VERSION) {
		printf("kmpterm %s\n", KMPTERM_VERSION);
		return EXIT_OK;
	}
	if (o->command && !app_is_command(o->command))
		return app_usage_error("unknown command '%s'", o->command);

	/* then the defaults, the config file, the profile (-p NAME, or the
	 * one of the device) and the command line again */
	const char *profile = o->profile, *device = o->device, *command = o->command;
	set_defaults(o);
	if (app_config_path(path, sizeof path) == 0)
		app_load_config(path, o);
	if (command_bit(command) & (C_READ | C_TERMINAL)) {
		const char *config_device = o->device;
		if (device)
			o->device = device; /* the command line's names the meter */
		int prc = app_profile_load(o, profile);
		o->device = config_device;
		if (prc == -2)
			return app_usage_error("no profile '%s' (kmpterm profile list shows them)",
			                       profile);
		if (prc == -3)
			return app_usage_error("profile '%s' does not load (see above)",
			                       profile ? profile : "of the device");
	}
	if ((rc = parse_argv(argc, argv, o, &act)) >= 0)
		return rc;
	if ((rc = check_applies(o)) >= 0)
		return rc;
	if (app_given(o, APP_OPT_REPLAY))
		return check_replay(o);
	if ((rc = settle_meter(o)) >= 0)
		return rc;
	if (o->scan_from >= 0 && o->scan_to >= 0 && o->scan_from > o->scan_to)
		return app_usage_error("empty scan range: --from %ld is above --to %ld",
		                       o->scan_from, o->scan_to);
	return -1;
}
