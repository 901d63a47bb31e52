/* sim.h - kmpsim, simulated Kamstrup meters behind an optical head.
 *
 * Without --profile it is the MULTICAL 403-like heat meter it always was;
 * --profile picks another meter (sim_profile.h): MULTICAL 403, 603, 601
 * with a logger module, MULTICAL 21 water meter, 382 electricity meter,
 * MULTICAL 66C speaking the legacy ASCII protocol.
 *
 * Used by build/kmpsim (src/sim/main.c) and by kmpterm --sim, which runs
 * the simulator in a forked child serving a pty.  Nothing here prints to
 * stdout or calls exit(): the front end prints (the slave path, the port).
 *
 *   kmpsim_config c;
 *   kmpsim_config_default(&c);             or kmpsim_parse_args(argc, argv, &c, &act, ...)
 *   kmpsim *s;
 *   kmpsim_open(&s, &c, err, sizeof err);  map, log, pty or TCP listener
 *   puts(kmpsim_where(s));                 the slave path or the TCP port
 *   kmpsim_run(s, err, sizeof err);        until SIGINT or SIGTERM
 *   kmpsim_close(s);                       removes the --link symlink
 *
 * Run-time control, for tests and for kmpterm --sim:
 *   SIGUSR1        the button: wakes a sleeping optical port (--sleep-after;
 *                  any request the meter receives keeps it awake too)
 *   SIGUSR2        alignment quality steps 100 -> 50 -> 0 -> 100 ...
 *   --quality-file a file holding a number 0..100, reread whenever its
 *                  mtime, size or inode changed (checked before each
 *                  piece of input is handled, so the next request sees
 *                  it); write it with kmpsim_quality_write(), which
 *                  replaces it atomically.  The last change wins, whether
 *                  it came from the file or from SIGUSR2. */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "kmp/error.h"
#include "sim/sim_line.h"

typedef enum kmpsim_transport {
	KMPSIM_TRANSPORT_PTY, /* a new pty; the slave path is printed */
	KMPSIM_TRANSPORT_TCP, /* 127.0.0.1:port, one client at a time */
} kmpsim_transport;

/* Every option of build/kmpsim; the strings are borrowed (argv or the
 * caller's), not copied.  Fields marked "profile's" hold a sentinel until
 * the option is given: the profile's own value applies. */
typedef struct kmpsim_config {
	kmpsim_transport transport; /* --pty (default) or --tcp PORT */
	const char *link;           /* --link PATH: symlink to the pty slave, removed at exit */
	int tcp_port;               /* --tcp PORT; 0 picks a free port */
	const char *profile;        /* --profile NAME; NULL: the default meter */
	const char *info;           /* --info FLAGS: info-code flags to set (sim_info.h) */
	uint8_t address;            /* --address A (0x3F) */
	uint32_t serial;            /* --serial N (67123456, or the profile's) */
	int serial_given;           /* --serial was given */
	const char *map;            /* --map FILE: replaces the built-in registers */
	unsigned baud;              /* --baud N: the meter's speed; 0: the profile's (1200) */
	int pace;                   /* 1, or 0 with --no-pace: replies in one write */
	int latency_ms;             /* --latency MS, from the request's last byte;
	                             * -1: the profile's (50) */
	int busy_ms;                /* --busy-ms N (1600): deaf time after bad data */
	int echo;                   /* --echo: the head echoes every request byte */
	int drop_pct;               /* --drop PCT: no reply */
	int corrupt_pct;            /* --corrupt PCT: one bit flipped in the reply */
	int noise_pct;              /* --noise PCT: 1..4 garbage bytes around the reply */
	int stray_zero;             /* --stray-zero: sometimes a lone 00 after a reply */
	int sleep_after_s;          /* --sleep-after S: port sleeps S s after start, a wake or the
	                             * last request it received; 0 never; -1 the profile's */
	int asleep;                 /* --asleep: asleep from the start until SIGUSR1 */
	kmpsim_line line;           /* --line SETTINGS: the TCP bridge's serial settings */
	int line_given;
	int inverted;             /* --inverted: an inverted head, every bit flipped */
	const char *text;         /* --text TEXT: a bridge that only says TEXT */
	int push;                 /* --push: a non-KMP meter pushing IEC 62056-21 text */
	int dead;                 /* --dead: nothing on the line, not even echo */
	int quality;              /* --quality Q (100): alignment of the head, 0..100 */
	const char *quality_file; /* --quality-file FILE */
	const char *log;          /* --log FILE: JSON lines */
	uint64_t seed;            /* --seed N */
	int seed_given;           /* 0: kmpsim_open seeds from the clock (logged) */
	const char *logger_time;  /* --logger-time T: the loggers' records lead up to T
	                           * (sim_logger.h); NULL: the local time at start */
	const char *dump_logger;  /* --dump-logger NAME: print that logger, then exit */
} kmpsim_config;

void kmpsim_config_default(kmpsim_config *c);

/* What the command line asks for besides the options themselves. */
typedef enum kmpsim_action {
	KMPSIM_RUN,     /* serve the meter */
	KMPSIM_HELP,    /* -h/--help: print kmpsim_usage(), exit 0 */
	KMPSIM_VERSION, /* -V/--version: print "kmpsim VERSION", exit 0 */
	KMPSIM_DUMP,    /* --dump-logger NAME: kmpsim_dump_logger(), exit 0 */
} kmpsim_action;

/* Every function below that can fail returns KMP_OK or a kmp_err
 * (kmp/error.h) with one line in err:
 *   KMP_ERR_BAD_INPUT  the user's input: an option value, a map file that
 *                      is wrong or cannot be read ("FILE:LINE: message"):
 *                      kmpsim exits 2
 *   KMP_ERR_IO, KMP_ERR_NOMEM  the system failed (pty, socket, log file,
 *                      fork): kmpsim exits 1 */

/* Parse the command line (argv[0] is skipped) into c, which should hold
 * the defaults first; *action says whether to run or to print help or the
 * version.  Returns KMP_OK or KMP_ERR_BAD_INPUT. */
int kmpsim_parse_args(int argc, char **argv, kmpsim_config *c, kmpsim_action *action, char *err,
                      size_t cap);
/* Check options that exclude each other (kmpsim_parse_args calls it; a
 * caller filling the struct itself may too).  KMP_OK or
 * KMP_ERR_BAD_INPUT. */
int kmpsim_config_check(const kmpsim_config *c, char *err, size_t cap);
/* The --help text. */
const char *kmpsim_usage(void);

typedef struct kmpsim kmpsim;

/* Load the map, open the log, create the pty or the listening socket, and
 * install the signal handlers (SIGINT/SIGTERM stop kmpsim_run, SIGUSR1,
 * SIGUSR2 as above; SIGPIPE ignored).  One simulator per process: the
 * handlers are process-wide; kmpsim_close restores the previous ones. */
int kmpsim_open(kmpsim **out, const kmpsim_config *c, char *err, size_t cap);
/* What to print for the user: the pty slave path ("/dev/pts/7"), or the
 * TCP port as decimal ("40123"). */
const char *kmpsim_where(const kmpsim *s);
/* The port actually listened on (useful after --tcp 0), or 0 for a pty. */
int kmpsim_tcp_port(const kmpsim *s);
/* The seed in use (the clock's when none was given). */
uint64_t kmpsim_seed(const kmpsim *s);
/* Serve until SIGINT or SIGTERM (KMP_OK) or an OS failure (KMP_ERR_IO). */
int kmpsim_run(kmpsim *s, char *err, size_t cap);
void kmpsim_close(kmpsim *s);

/* --dump-logger: every record of the logger c->dump_logger names, as the
 * simulator would serve it with these options (--logger-time, --map: a
 * map meter has no loggers), printed to out as JSON (sim_logger.h,
 * kmpsim_history_dump).  Returns KMP_OK, KMP_ERR_BAD_INPUT or KMP_ERR_IO. */
int kmpsim_dump_logger(const kmpsim_config *c, FILE *out, char *err, size_t cap);

/* For kmpterm --sim: open the simulator on a new pty (transport is forced
 * to pty, --link honoured), fork a child that serves it, and return the
 * child's pid and the slave path.  In the child stdin and stdout go to
 * /dev/null and it leaves the terminal's process group, so keys typed in
 * kmpterm never reach it; it also dies with the parent (PR_SET_PDEATHSIG
 * on Linux).  A map error comes back as KMP_ERR_BAD_INPUT with the same
 * "FILE:LINE: message" kmpsim prints. */
int kmpsim_spawn_pty(const kmpsim_config *c, pid_t *pid, char *slave, size_t cap, char *err,
                     size_t errcap);
/* Press the simulated meter's button: SIGUSR1 to the child, which wakes a
 * sleeping optical port (--sleep-after).  KMP_OK, or KMP_ERR_CLOSED when
 * the child is gone (errno set). */
int kmpsim_spawn_wake(pid_t pid);
/* SIGTERM the child and reap it.  KMP_OK with its exit status in *status
 * (may be NULL; 0 is a clean stop, -1 killed by a signal), or
 * KMP_ERR_CLOSED when there was no such child (errno set). */
int kmpsim_spawn_stop(pid_t pid, int *status);

/* The simulated head position: (x, y) steps from the sweet spot in front of
 * the meter's optical window, d2 = x*x + y*y.  Quality is 100 for d2 <= 1,
 * then 100 - 100 * d2 / W^2 (W = KMPSIM_HEAD_WINDOW): (2,0) 89, (3,0) 75,
 * (4,0) 56, (5,0) 31 (rounded down); 0 at W steps and beyond: off the window, only the
 * head's echo comes back.  kmpterm --sim moves the head with the arrow
 * keys and writes the result to the --quality-file of its child. */
#define KMPSIM_HEAD_WINDOW 6
int kmpsim_quality_from_position(int x, int y);

/* Write quality (clamped to 0..100) to path atomically (temporary file and
 * rename), so a simulator rereading it never sees half a number.  Returns
 * KMP_OK or KMP_ERR_IO (errno set). */
int kmpsim_quality_write(const char *path, int quality);
/* Parse the contents of a quality file: a number 0..100 with optional
 * surrounding white space, into *quality.  Returns KMP_OK, or
 * KMP_ERR_BAD_INPUT when the text is not that (*quality untouched). */
int kmpsim_quality_parse(const char *text, size_t n, int *quality);

#endif
