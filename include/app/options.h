/* options.h - the command line (and, later, the config file) of kmpterm.
 * Global options may stand before or after the subcommand. */
#ifndef APP_OPTIONS_H
#define APP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/msg.h"

/* Exit statuses, documented in the man page. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define APP_MAX_REGS 256

typedef struct app_options {
	/* link and client */
	const char *device;   /* -d; NULL: KMP_DEVICE, then the only USB port */
	int sim;              /* --sim: run the built-in simulated meter */
	const char *sim_args; /* --sim-args "...": options for the simulated meter */
	int baud;
	char parity;
	int stopbits;
	uint8_t address;
	unsigned timeout_ms;
	int timeout_given; /* --timeout on the command line or in the config */
	unsigned retries;
	const char *log_path;
	/* output */
	int json;
	int no_color;
	/* read / terminal */
	unsigned repeat;
	double interval; /* seconds; < 0: not given */
	size_t n_regs;
	uint16_t regs[APP_MAX_REGS];
	int regs_given;
	/* probe */
	unsigned count;
	/* scan */
	long scan_from, scan_to;
	unsigned batch;
	unsigned delay_ms;
	const char *out_path;
	int resume;
	/* command and its arguments */
	const char *command; /* NULL: the interactive terminal */
	int nargs;
	char **args;
} app_options;

/* Parse argv.  Returns -1 to go on, or an exit status (0 after --help or
 * --version, 2 after a usage error, with the message already on stderr). */
int app_parse_options(int argc, char **argv, app_options *o);

/* Where the config file is: $XDG_CONFIG_HOME/kmpterm/config, else
 * ~/.config/kmpterm/config.  Returns 0, or -1 when neither is set. */
int app_config_path(char *buf, size_t cap);

/* Read a config file ("key = value" per line, keys named like the long
 * options, '#' comments) into o.  A malformed line is reported on stderr
 * with its line number and ignored; the file is never written.  Returns the
 * number of bad lines, 0 when the file does not exist, -1 when it cannot be
 * read (errno set). */
int app_load_config(const char *path, app_options *o);

/* Parse "60,68,0x3EA" or one ID ("70000" fails).  Appends to ids (n in/out).
 * Returns 0 or -1 with a message in err. */
int app_parse_register_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err,
                            size_t errcap);

/* One-line usage error: "kmpterm: MSG" then "Try 'kmpterm --help'." */
int app_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
