/* options.h - the command line and the config file of kmpterm.
 * Global options may stand before or after the subcommand; an option the
 * command does not use is a usage error (when typed; the config file holds
 * settings for every command and is not checked that way). */
#ifndef APP_OPTIONS_H
#define APP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kmp/family.h"
#include "kmp/msg.h"

/* Exit statuses, documented in the man page. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define APP_MAX_REGS 256
/* A config file is a few lines of settings: larger is a mistake (a log
 * named as the config, a link to /dev/zero) and is refused, not read. */
#define APP_CONFIG_MAX 16384

/* The options, as getopt codes (short ones are their letter). */
enum {
	APP_OPT_SIM = 256,
	APP_OPT_SIM_ARGS,
	APP_OPT_PARITY,
	APP_OPT_STOPBITS,
	APP_OPT_TIMEOUT,
	APP_OPT_RETRIES,
	APP_OPT_LOG,
	APP_OPT_JSON,
	APP_OPT_REPEAT,
	APP_OPT_INTERVAL,
	APP_OPT_COUNT,
	APP_OPT_FROM,
	APP_OPT_TO,
	APP_OPT_BATCH,
	APP_OPT_DELAY,
	APP_OPT_OUT,
	APP_OPT_RESUME,
	APP_OPT_SCAN_RANGE,
	APP_OPT_LOGGER,
	APP_OPT_LAST,
	APP_OPT_CSV,
	APP_OPT_FORMAT,
	APP_OPT_PROFILE,
	APP_OPT_DATABITS,
	APP_OPT_FAMILY,
	APP_OPT_PROTOCOL,
	APP_OPT_KNOWN,
	APP_OPT_PATTERN_COUNT,
	APP_OPT_REPLAY,
};

/* What the meter speaks (--protocol): KMP, or the MULTICAL 66C/401/III's
 * ASCII protocol (kmp/legacy.h). */
enum { APP_PROTO_KMP = 0, APP_PROTO_LEGACY = 1 };

typedef struct app_options {
	/* link and client */
	const char *device;   /* -d; NULL: KMP_DEVICE, then the only USB port */
	int sim;              /* --sim: run the built-in simulated meter */
	const char *sim_args; /* --sim-args "...": options for the simulated meter */
	int baud;
	char parity;
	int stopbits;
	int databits;
	uint8_t address;
	unsigned timeout_ms;
	int timeout_given; /* --timeout on the command line or in the config */
	unsigned retries;
	const char *log_path;
	/* the meter */
	kmp_family family; /* --family / family =: names registers and info codes */
	int protocol;      /* APP_PROTO_KMP or APP_PROTO_LEGACY */
	/* output */
	int json;
	int format; /* read: read_fmt (app/read_rec.h); READ_TEXT unless --json/--csv/--format */
	int no_color;
	/* read / terminal */
	unsigned repeat; /* 0: until interrupted (read) */
	double interval; /* seconds; < 0: not given */
	size_t n_regs;
	uint16_t regs[APP_MAX_REGS];
	int regs_given;
	const char *profile; /* -p NAME: the profile to load (app/profile.h) */
	/* probe */
	unsigned count;
	/* scan */
	long scan_from, scan_to;
	unsigned batch;
	unsigned delay_ms;
	const char *out_path;
	int resume;
	/* history */
	const char *logger; /* --logger: a name or a module's log number; NULL: day / 1 */
	unsigned last;      /* --last N; 0: every record */
	int known;          /* --known: the IDs public sources name for the family first */
	/* loopback */
	unsigned rounds;
	/* --replay FILE: the terminal on a recorded session (no device) */
	const char *replay_path;
	/* command and its arguments */
	const char *command; /* NULL: the interactive terminal */
	int nargs;
	char **args;
	/* where each setting came from: a bit per option (app_given) */
	uint64_t given_cmdline, given_config;
	/* the config file, kept: the options above may point into it */
	char config_path[512];
	char config_text[APP_CONFIG_MAX + 1];
} app_options;

/* Parse argv (after reading the config file, which the command line
 * overrides).  Returns -1 to go on, or an exit status: 0 after --help,
 * --version or `help`, 2 after a usage error, 1 when the help could not be
 * written; the message is already out.  Never exits. */
int app_parse_options(int argc, char **argv, app_options *o);

/* 1 when option opt (an APP_OPT_* code or a short letter) was typed on the
 * command line. */
int app_given(const app_options *o, int opt);

/* Where the config file is: $XDG_CONFIG_HOME/kmpterm/config, else
 * ~/.config/kmpterm/config.  Returns 0, or -1 when neither is set. */
int app_config_path(char *buf, size_t cap);

/* Read a config file ("key = value" per line, keys named like the long
 * options, '#' comments) into o.  Only a regular file of at most
 * APP_CONFIG_MAX bytes is read (opened non-blocking: a FIFO cannot hang
 * it); a malformed line is reported on stderr with its line number and
 * ignored; the file is never written.  Returns the number of bad lines, 0
 * when the file does not exist, -1 when it cannot be read or is not a
 * regular file (reported). */
int app_load_config(const char *path, app_options *o);

/* The same over text already in memory (len bytes, NULs included): the
 * parser alone, for the fuzz target.  name labels the messages.  text must
 * hold len + 1 bytes; it is cut into the values the options keep. */
int app_parse_config(const char *name, char *text, size_t len, app_options *o);

/* Apply one config line's key and value (the option's long name; value
 * "" for a flag without one).  Returns 0, or -1 with a message in err
 * (unknown key, not allowed in the file, bad value).  For config.c. */
int app_apply_config_key(app_options *o, const char *key, const char *val, char *err, size_t cap);

/* Parse "60,68,0x3EA" or one ID ("70000" fails).  Appends to ids (n in/out).
 * Returns 0 or -1 with a message in err (kmp_parse_id_list). */
int app_parse_register_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err,
                            size_t errcap);

/* One-line usage error: "kmpterm: MSG" then "Try 'kmpterm --help'." */
int app_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same for a command: "Try 'kmpterm CMD --help'." (for the terminal,
 * cmd NULL: "Try 'kmpterm help terminal'.") */
int app_cmd_usage_error(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* The help of one command (NULL: the general help) on f.  Returns 0, or
 * -1 when there is no such command. */
int app_help(FILE *f, const char *command);
/* 1 when name is a command kmpterm runs ("help" included; "terminal" is
 * only a help topic). */
int app_is_command(const char *name);

#endif
