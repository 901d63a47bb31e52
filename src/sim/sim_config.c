/* sim_config.c - kmpsim options: defaults, command line, --help text.
 *
 * A small table-driven parser instead of getopt_long: getopt keeps global
 * state and prints its own messages, and this code is also linked into
 * kmpterm, which must not print.  Accepts "--name value" and "--name=value". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/parse.h"
#include "sim/sim.h"
#include "sim/sim_logger.h"
#include "sim/sim_meter.h"
#include "sim/sim_profile.h"

void kmpsim_config_default(kmpsim_config *c)
{
	memset(c, 0, sizeof *c);
	c->transport = KMPSIM_TRANSPORT_PTY;
	c->address = KMP_ADDR_HEAT;
	c->serial = KMPSIM_DEFAULT_SERIAL;
	c->baud = 0; /* the profile's */
	c->pace = 1;
	c->latency_ms = -1;    /* the profile's */
	c->busy_ms = 1600;     /* protocol notes, "Timing" */
	c->sleep_after_s = -1; /* the profile's */
	c->quality = 100;
}

const char *kmpsim_usage(void)
{
	return "Usage: kmpsim [--pty [--link PATH] | --tcp PORT] [OPTION]...\n"
	       "Simulated Kamstrup meter behind an optical head (KMP, or the MULTICAL 66C's\n"
	       "legacy protocol), for testing without hardware.\n"
	       "\n"
	       "Transport (one line on stdout says where to connect):\n"
	       "  --pty               serve a new pseudo-terminal, print its path (default)\n"
	       "  --link PATH         also make symlink PATH to it (removed at exit)\n"
	       "  --tcp PORT          serve 127.0.0.1:PORT, one client at a time;\n"
	       "                      0 picks a free port; prints the port\n"
	       "\n"
	       "Meter:\n"
	       "  --profile NAME      the meter to play (default: a MULTICAL 403-like meter\n"
	       "                      that answers at any line settings):\n"
	       "                      multical403, multical603, multical601 (+ module at 7F),\n"
	       "                      multical21 (water), k382 (electricity, 9600 8N1),\n"
	       "                      multical66c (legacy /#1 /#2, 300/1200 7E2)\n"
	       "  --info FLAGS        info-code flags to set: leak, sensor-error, or the\n"
	       "                      family's flag names, comma-separated\n"
	       "  --address A         KMP address to answer (default 0x3F)\n"
	       "  --serial N          serial number (default: the profile's, 67123456)\n"
	       "  --map FILE          register map replacing the built-in registers\n"
	       "                      (format: docs/kmpsim-map.md)\n"
	       "\n"
	       "Timing:\n"
	       "  --baud N            the meter's line speed (default: the profile's, 1200)\n"
	       "  --no-pace           send each reply in one write\n"
	       "  --latency MS        reply delay after the request (default: the profile's, 50)\n"
	       "  --busy-ms N         deaf time after bad data (default 1600)\n"
	       "\n"
	       "Line (with --profile, a client at settings the meter cannot read gets no\n"
	       "answer, and what the meter sends arrives garbled; see kmpsim(1)):\n"
	       "  --line SETTINGS     over TCP: the bridge's serial settings, e.g. \"1200 8N2\"\n"
	       "  --inverted          an inverted head: both directions garbled\n"
	       "  --text TEXT         a bridge that says TEXT (and closes a TCP client)\n"
	       "  --push              a non-KMP meter pushing IEC 62056-21 text every second\n"
	       "  --dead              nothing at all on the line, not even echo\n"
	       "\n"
	       "Faults (PCT: percent of replies; --seed makes them repeatable):\n"
	       "  --echo              the head echoes every request byte\n"
	       "  --drop PCT          no reply\n"
	       "  --corrupt PCT       one bit flipped in the reply\n"
	       "  --noise PCT         1..4 garbage bytes before or after the reply\n"
	       "  --stray-zero        sometimes a lone 00 byte after a reply\n"
	       "  --sleep-after S     the optical port sleeps S seconds after start, a\n"
	       "                      wake-up (SIGUSR1 = the button) or the last request;\n"
	       "                      0 never (default: the profile's; 240 on a 403)\n"
	       "  --asleep            asleep from the start until SIGUSR1\n"
	       "  --quality Q         head alignment 0..100 (default 100; 0 = nothing\n"
	       "                      reaches the meter); SIGUSR2 steps 100, 50, 0\n"
	       "  --quality-file FILE reread Q from FILE whenever it changes\n"
	       "  --seed N            seed of the fault generator (default: the clock)\n"
	       "\n"
	       "Loggers (year, month, day and hour; read with B8):\n"
	       "  --logger-time T     the records lead up to T (2026-11-28 or\n"
	       "                      2026-11-28T13:30; default: the local time at start)\n"
	       "  --dump-logger NAME  print the year, month, day or hour logger's\n"
	       "                      records as JSON and exit\n"
	       "\n"
	       "  --log FILE          one JSON line per request received\n"
	       "  -h, --help          show this help and exit\n"
	       "  -V, --version       show the version and exit\n"
	       "\n"
	       "Signals: kill -USR1 PID presses the meter's button (wakes a sleeping port),\n"
	       "-USR2 steps the quality, -INT or -TERM stops it.\n"
	       "\n"
	       "Exit status: 0 after SIGINT/SIGTERM, 1 on a runtime failure,\n"
	       "2 on a usage error or a bad map file.\n";
}

typedef enum arg_kind {
	A_FLAG,   /* no value */
	A_INT,    /* integer within lo..hi */
	A_U64,    /* unsigned 64-bit (--seed) */
	A_STRING, /* borrowed from argv */
} arg_kind;

typedef struct option_def {
	const char *name;
	arg_kind kind;
	long long lo, hi;
	int id;
} option_def;

enum {
	O_HELP,
	O_VERSION,
	O_PTY,
	O_LINK,
	O_TCP,
	O_ADDRESS,
	O_SERIAL,
	O_MAP,
	O_BAUD,
	O_NO_PACE,
	O_LATENCY,
	O_BUSY,
	O_ECHO,
	O_DROP,
	O_CORRUPT,
	O_NOISE,
	O_STRAY_ZERO,
	O_SLEEP,
	O_QUALITY,
	O_QUALITY_FILE,
	O_LOG,
	O_SEED,
	O_PROFILE,
	O_INFO,
	O_ASLEEP,
	O_LINE,
	O_INVERTED,
	O_TEXT,
	O_PUSH,
	O_DEAD,
	O_LOGGER_TIME,
	O_DUMP_LOGGER,
};

static const option_def options[] = {
        {"help", A_FLAG, 0, 0, O_HELP},
        {"version", A_FLAG, 0, 0, O_VERSION},
        {"pty", A_FLAG, 0, 0, O_PTY},
        {"link", A_STRING, 0, 0, O_LINK},
        {"tcp", A_INT, 0, 65535, O_TCP},
        {"address", A_INT, 0, 255, O_ADDRESS},
        {"serial", A_INT, 0, 4294967295LL, O_SERIAL},
        {"map", A_STRING, 0, 0, O_MAP},
        {"baud", A_INT, 50, 4000000, O_BAUD},
        {"no-pace", A_FLAG, 0, 0, O_NO_PACE},
        {"latency", A_INT, 0, 60000, O_LATENCY},
        {"busy-ms", A_INT, 0, 600000, O_BUSY},
        {"echo", A_FLAG, 0, 0, O_ECHO},
        {"drop", A_INT, 0, 100, O_DROP},
        {"corrupt", A_INT, 0, 100, O_CORRUPT},
        {"noise", A_INT, 0, 100, O_NOISE},
        {"stray-zero", A_FLAG, 0, 0, O_STRAY_ZERO},
        {"sleep-after", A_INT, 0, 86400 * 365, O_SLEEP},
        {"quality", A_INT, 0, 100, O_QUALITY},
        {"quality-file", A_STRING, 0, 0, O_QUALITY_FILE},
        {"log", A_STRING, 0, 0, O_LOG},
        {"seed", A_U64, 0, 0, O_SEED},
        {"profile", A_STRING, 0, 0, O_PROFILE},
        {"info", A_STRING, 0, 0, O_INFO},
        {"asleep", A_FLAG, 0, 0, O_ASLEEP},
        {"line", A_STRING, 0, 0, O_LINE},
        {"inverted", A_FLAG, 0, 0, O_INVERTED},
        {"text", A_STRING, 0, 0, O_TEXT},
        {"push", A_FLAG, 0, 0, O_PUSH},
        {"dead", A_FLAG, 0, 0, O_DEAD},
        {"logger-time", A_STRING, 0, 0, O_LOGGER_TIME},
        {"dump-logger", A_STRING, 0, 0, O_DUMP_LOGGER},
};

/* Decimal, or 0x hex; the whole string, no sign (kmp/parse.h). */
static int parse_u64(const char *s, unsigned long long *out)
{
	uint64_t v;
	if (kmp_parse_uint(s, UINT64_MAX, &v) != KMP_OK)
		return -1;
	*out = v;
	return 0;
}

static const option_def *find_option(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
		if (strlen(options[i].name) == len && !strncmp(options[i].name, name, len))
			return &options[i];
	return NULL;
}

static void apply_int(kmpsim_config *c, int id, long long v)
{
	switch (id) {
	case O_TCP:
		c->transport = KMPSIM_TRANSPORT_TCP;
		c->tcp_port = (int)v;
		break;
	case O_ADDRESS:
		c->address = (uint8_t)v;
		break;
	case O_SERIAL:
		c->serial = (uint32_t)v;
		c->serial_given = 1;
		break;
	case O_BAUD:
		c->baud = (unsigned)v;
		break;
	case O_LATENCY:
		c->latency_ms = (int)v;
		break;
	case O_BUSY:
		c->busy_ms = (int)v;
		break;
	case O_DROP:
		c->drop_pct = (int)v;
		break;
	case O_CORRUPT:
		c->corrupt_pct = (int)v;
		break;
	case O_NOISE:
		c->noise_pct = (int)v;
		break;
	case O_SLEEP:
		c->sleep_after_s = (int)v;
		break;
	case O_QUALITY:
		c->quality = (int)v;
		break;
	}
}

static int logger_time(kmpsim_config *c, const char *val, char *err, size_t cap)
{
	kmpsim_when w;
	if (kmpsim_when_parse(val, &w) != KMP_OK) {
		snprintf(err, cap,
		         "--logger-time: '%s' is not a date 2005-01-01..2099-12-31 "
		         "(YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss])",
		         val);
		return KMP_ERR_BAD_INPUT;
	}
	c->logger_time = val;
	return KMP_OK;
}

static int dump_logger(kmpsim_config *c, const char *val, kmpsim_action *action, char *err,
                       size_t cap)
{
	if (strcmp(val, "year") && strcmp(val, "month") && strcmp(val, "day") &&
	    strcmp(val, "hour")) {
		snprintf(err, cap, "--dump-logger: '%s' is no logger (year, month, day or hour)",
		         val);
		return KMP_ERR_BAD_INPUT;
	}
	c->dump_logger = val;
	*action = KMPSIM_DUMP;
	return KMP_OK;
}

static int apply(kmpsim_config *c, const option_def *o, const char *val, kmpsim_action *action,
                 char *err, size_t cap, int *seen_pty)
{
	unsigned long long u;
	switch (o->kind) {
	case A_FLAG:
		switch (o->id) {
		case O_HELP:
			*action = KMPSIM_HELP;
			break;
		case O_VERSION:
			*action = KMPSIM_VERSION;
			break;
		case O_PTY:
			*seen_pty = 1;
			break;
		case O_NO_PACE:
			c->pace = 0;
			break;
		case O_ECHO:
			c->echo = 1;
			break;
		case O_STRAY_ZERO:
			c->stray_zero = 1;
			break;
		case O_ASLEEP:
			c->asleep = 1;
			break;
		case O_INVERTED:
			c->inverted = 1;
			break;
		case O_PUSH:
			c->push = 1;
			break;
		case O_DEAD:
			c->dead = 1;
			break;
		}
		return KMP_OK;
	case A_STRING:
		if (!*val) {
			snprintf(err, cap, "--%s: empty value", o->name);
			return KMP_ERR_BAD_INPUT;
		}
		if (o->id == O_LINK)
			c->link = val;
		else if (o->id == O_MAP)
			c->map = val;
		else if (o->id == O_QUALITY_FILE)
			c->quality_file = val;
		else if (o->id == O_LOG)
			c->log = val;
		else if (o->id == O_INFO)
			c->info = val;
		else if (o->id == O_TEXT)
			c->text = val;
		else if (o->id == O_PROFILE) {
			if (!kmpsim_profile_find(val)) {
				snprintf(err, cap, "--profile: no profile '%s' (%s)", val,
				         kmpsim_profile_names());
				return KMP_ERR_BAD_INPUT;
			}
			c->profile = val;
		} else if (o->id == O_LINE) {
			if (kmpsim_line_parse(val, &c->line) != KMP_OK) {
				snprintf(err, cap,
				         "--line: '%s' is not line settings like \"1200 8N2\"",
				         val);
				return KMP_ERR_BAD_INPUT;
			}
			c->line_given = 1;
		} else if (o->id == O_LOGGER_TIME)
			return logger_time(c, val, err, cap);
		else if (o->id == O_DUMP_LOGGER)
			return dump_logger(c, val, action, err, cap);
		return KMP_OK;
	case A_U64:
		if (parse_u64(val, &u) < 0) {
			snprintf(err, cap, "--%s: '%s' is not a number", o->name, val);
			return KMP_ERR_BAD_INPUT;
		}
		c->seed = u;
		c->seed_given = 1;
		return KMP_OK;
	case A_INT:
		if (parse_u64(val, &u) < 0 || u < (unsigned long long)o->lo ||
		    u > (unsigned long long)o->hi) {
			snprintf(err, cap, "--%s: '%s' is not a number in %lld..%lld", o->name, val,
			         o->lo, o->hi);
			return KMP_ERR_BAD_INPUT;
		}
		apply_int(c, o->id, (long long)u);
		return KMP_OK;
	}
	return KMP_OK;
}

int kmpsim_parse_args(int argc, char **argv, kmpsim_config *c, kmpsim_action *action, char *err,
                      size_t cap)
{
	int seen_pty = 0, rc;
	*action = KMPSIM_RUN;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		/* help and version win over anything after them, as before */
		if (!strcmp(a, "-h")) {
			*action = KMPSIM_HELP;
			return KMP_OK;
		}
		if (!strcmp(a, "-V")) {
			*action = KMPSIM_VERSION;
			return KMP_OK;
		}
		if (strncmp(a, "--", 2) || !a[2]) {
			snprintf(err, cap, "unexpected argument '%s'", a);
			return KMP_ERR_BAD_INPUT;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const option_def *o = find_option(name, len);
		if (!o) {
			snprintf(err, cap, "unknown option '--%.*s'", (int)len, name);
			return KMP_ERR_BAD_INPUT;
		}
		const char *val = NULL;
		if (o->kind != A_FLAG) {
			if (eq) {
				val = eq + 1;
			} else if (i + 1 < argc) {
				val = argv[++i];
			} else {
				snprintf(err, cap, "--%s needs a value", o->name);
				return KMP_ERR_BAD_INPUT;
			}
		} else if (eq) {
			snprintf(err, cap, "--%s takes no value", o->name);
			return KMP_ERR_BAD_INPUT;
		}
		rc = apply(c, o, val, action, err, cap, &seen_pty);
		/* help and version win; --dump-logger reads the options after it */
		if (rc != KMP_OK || *action == KMPSIM_HELP || *action == KMPSIM_VERSION)
			return rc;
	}
	if (seen_pty && c->transport == KMPSIM_TRANSPORT_TCP) {
		snprintf(err, cap, "--pty and --tcp exclude each other");
		return KMP_ERR_BAD_INPUT;
	}
	if (c->link && c->transport == KMPSIM_TRANSPORT_TCP) {
		snprintf(err, cap, "--link needs --pty, not --tcp");
		return KMP_ERR_BAD_INPUT;
	}
	return kmpsim_config_check(c, err, cap);
}

int kmpsim_config_check(const kmpsim_config *c, char *err, size_t cap)
{
	if (c->line_given && c->transport != KMPSIM_TRANSPORT_TCP) {
		snprintf(err, cap,
		         "--line is for --tcp: on a pty kmpsim reads the client's "
		         "settings itself");
		return KMP_ERR_BAD_INPUT;
	}
	if ((c->text != NULL) + c->push + c->dead > 1) {
		snprintf(err, cap, "--text, --push and --dead exclude each other");
		return KMP_ERR_BAD_INPUT;
	}
	const kmpsim_profile *p = c->profile ? kmpsim_profile_find(c->profile) : NULL;
	if (p && p->protocol == KMPSIM_PROTO_LEGACY && c->baud) {
		snprintf(err, cap, "--baud: a MULTICAL 66C's speeds are fixed (300 in, 1200 out)");
		return KMP_ERR_BAD_INPUT;
	}
	return KMP_OK;
}
