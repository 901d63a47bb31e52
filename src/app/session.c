/* session.c - device choice, client, log file and the poll loop. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/output.h"
#include "app/session.h"
#include "app/sim_launch.h"
#include "client/trace_fmt.h"
#include "kmp/error.h"
#include "link/ports.h"

volatile sig_atomic_t app_interrupted;

/* The self-pipe: a signal that lands after a loop checked app_interrupted
 * and before it entered poll() would otherwise wait out the poll's whole
 * timeout (a scan pausing for its retries: many seconds).  The handler
 * also writes a byte here and every loop polls the read end; the byte is
 * never read, as the flag is never cleared. */
static int sig_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	(void)sig;
	int saved = errno;
	app_interrupted = 1;
	if (sig_pipe[1] >= 0) {
		ssize_t n = write(sig_pipe[1], "", 1); /* full: a byte is there already */
		(void)n;
	}
	errno = saved;
}

static void signal_pipe_open(void)
{
	if (sig_pipe[0] >= 0 || pipe(sig_pipe) != 0)
		return; /* without it a signal is seen at the next wake-up */
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
}

int app_signal_fd(void)
{
	return sig_pipe[0];
}

/* A --log write failed (a full disk): the trace has a hole from here on,
 * so stop writing it and say so once. */
static void log_failed(app_session *s, int err)
{
	s->log_error = err ? err : EIO;
	fclose(s->log);
	s->log = NULL;
	if (s->batch)
		fprintf(stderr,
		        "kmpterm: cannot write log %s: %s; frames from here on are not logged\n",
		        s->opt->log_path, strerror(s->log_error));
}

static void session_observer(void *ctx, const kmp_event *ev)
{
	app_session *s = ctx;
	if (s->log) {
		char line[8192];
		errno = 0;
		/* flushed per line: the trace is for the crash one wants to see */
		if (fprintf(s->log, "%s\n", kmp_event_line(ev, line, sizeof line)) < 0 ||
		    fflush(s->log) != 0)
			log_failed(s, errno);
	}
	if (s->extra)
		s->extra(s->extra_ctx, ev);
}

/* How many of the n ports are USB; *pick: the last of them. */
static int count_usb(const kmp_port_info *ports, int n, int *pick)
{
	int usb = 0;
	for (int i = 0; i < n; i++)
		if (ports[i].is_usb) {
			usb++;
			*pick = i;
		}
	return usb;
}

/* -d, then $KMP_DEVICE, then the only USB serial port. */
static int choose_device(app_session *s, const app_options *o)
{
	const char *env = getenv("KMP_DEVICE");
	if (o->device) {
		snprintf(s->device, sizeof s->device, "%s", o->device);
		return EXIT_OK;
	}
	if (env && *env) {
		snprintf(s->device, sizeof s->device, "%s", env);
		return EXIT_OK;
	}
	kmp_port_info *ports = NULL;
	int n = kmp_ports_list(&ports);
	int pick = -1;
	int usb = count_usb(ports, n, &pick);
	if (usb == 1) {
		snprintf(s->device, sizeof s->device, "%s", ports[pick].path);
		free(ports);
		return EXIT_OK;
	}
	if (n <= 0) {
		fprintf(stderr, "kmpterm: no device given and no serial port found; use -d DEV, "
		                "KMP_DEVICE=DEV, or --sim for the simulated meter\n");
	} else {
		fprintf(stderr,
		        "kmpterm: no device given and %s; use -d DEV or KMP_DEVICE=DEV. "
		        "Found:",
		        usb ? "several USB serial ports" : "no USB serial port");
		for (int i = 0; i < n; i++)
			fprintf(stderr, " %s", ports[i].path);
		fputc('\n', stderr);
	}
	free(ports);
	return EXIT_FAIL;
}

int app_session_pick_needed(const app_options *o)
{
	const char *env = getenv("KMP_DEVICE");
	if (o->sim || o->device || (env && *env))
		return 0;
	kmp_port_info *ports = NULL;
	int n = kmp_ports_list(&ports);
	int pick = -1;
	int usb = count_usb(ports, n, &pick);
	free(ports);
	return usb != 1;
}

/* A batch command needs the link before it starts: run the loop until the
 * connect (a TCP bridge being looked up and connected) is over. */
static int wait_link(app_session *s, char *err, size_t cap)
{
	while (kmp_client_link_state(s->client) == KMP_LINK_CONNECTING && !app_interrupted) {
		struct pollfd pfd;
		int nfds = kmp_client_pollfd(s->client, &pfd);
		int r = poll(nfds ? &pfd : NULL, (nfds_t)nfds,
		             kmp_client_timeout_ms(s->client, kmp_now_us()));
		if (r < 0 && errno != EINTR)
			break;
		kmp_client_step(s->client, r > 0 ? pfd.revents : 0, kmp_now_us());
	}
	if (kmp_client_connected(s->client))
		return KMP_OK;
	snprintf(err, cap, "%s",
	         app_interrupted ? "interrupted while connecting"
	                         : kmp_client_link_error(s->client));
	return app_interrupted ? KMP_ERR_CLOSED : kmp_client_link_status(s->client);
}

/* "127.0.0.1:2002" or "raspi:2002": a TCP bridge written without its
 * scheme (a path with a slash, or a file that exists, is a path). */
static int host_port_without_scheme(const char *d)
{
	const char *colon = strrchr(d, ':');
	if (strchr(d, '/') || !colon || colon == d || !colon[1] || access(d, F_OK) == 0)
		return 0;
	for (const char *p = colon + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

static int is_bridge(const char *d)
{
	return !strncmp(d, "tcp://", 6) || !strncmp(d, "socket://", 9);
}

/* What the device makes of the options: line settings typed for a TCP
 * bridge do nothing (the bridge drives the serial line), a host:port
 * needs its scheme.  Returns -1 to go on, or EXIT_USAGE (reported). */
static int check_device(const app_session *s, const app_options *o)
{
	static const int line_opts[] = {'b', APP_OPT_PARITY, APP_OPT_STOPBITS, APP_OPT_DATABITS};
	static const char *const names[] = {"-b/--baud", "--parity", "--stopbits", "--databits"};
	if (host_port_without_scheme(s->device))
		return app_usage_error("'%s' is no device path; for a TCP bridge (ser2net) write "
		                       "tcp://%s",
		                       s->device, s->device);
	if (!is_bridge(s->device))
		return -1;
	for (size_t i = 0; i < sizeof line_opts / sizeof line_opts[0]; i++)
		if (app_given(o, line_opts[i]))
			return app_usage_error(
			        "%s does not apply to %s: the bridge owns the serial "
			        "line and its settings (for ser2net: the "
			        "connector's speed, e.g. 1200n82)",
			        names[i], s->device);
	return -1;
}

int app_session_open(app_session *s, const app_options *o, int require_link)
{
	char err[512];
	memset(s, 0, sizeof *s);
	s->opt = o;
	s->batch = require_link;

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	signal_pipe_open();
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* a closed terminal: clean up the same way */
	signal(SIGPIPE, SIG_IGN);     /* a dropped TCP bridge is an error code, not a death */

	if (o->sim) {
		int rc = app_sim_start(s, o->sim_args, err, sizeof err);
		if (rc != EXIT_OK) {
			fprintf(stderr, "kmpterm: simulated meter: %s\n", err);
			return rc;
		}
		if (require_link)
			fprintf(stderr, "kmpterm: the meter is simulated (kmpsim): its values are "
			                "made up\n");
	} else {
		int rc = choose_device(s, o);
		if (rc != EXIT_OK)
			return rc;
		if ((rc = check_device(s, o)) >= 0)
			return rc;
	}
	if (o->log_path) {
		s->log = app_open_append(o->log_path, err, sizeof err);
		if (!s->log) {
			fprintf(stderr, "kmpterm: log: %s\n", err);
			app_session_close(s);
			return EXIT_FAIL;
		}
	}
	kmp_client_config cfg;
	kmp_client_config_default(&cfg);
	cfg.link.device = s->device;
	cfg.link.baud = o->baud;
	cfg.link.parity = o->parity;
	cfg.link.stopbits = o->stopbits;
	cfg.link.databits = o->databits;
	cfg.address = o->address;
	cfg.timeout_ms = o->timeout_ms;
	s->client = kmp_client_new(&cfg, session_observer, s);
	if (!s->client) {
		fprintf(stderr, "kmpterm: out of memory\n");
		app_session_close(s);
		return EXIT_FAIL;
	}
	int rc = kmp_client_connect(s->client, kmp_now_us(), err, sizeof err);
	if (rc == KMP_ERR_IN_PROGRESS && require_link)
		rc = wait_link(s, err, sizeof err);
	if (rc != KMP_OK && rc != KMP_ERR_IN_PROGRESS && require_link) {
		fprintf(stderr, "kmpterm: %s\n", err);
		app_session_close(s);
		/* a malformed tcp:// address or impossible line settings are the
		 * command line's fault, not the meter's */
		return rc == KMP_ERR_CONFIG || rc == KMP_ERR_ADDRESS || rc == KMP_ERR_BAUD
		               ? EXIT_USAGE
		               : EXIT_FAIL;
	}
	return EXIT_OK;
}

void app_session_close(app_session *s)
{
	if (s->client)
		kmp_client_free(s->client);
	s->client = NULL;
	if (s->log)
		fclose(s->log);
	s->log = NULL;
	app_sim_stop(s);
}

int app_session_status(const app_session *s, int status)
{
	return s->log_error ? EXIT_FAIL : status;
}

int app_loop(app_session *s, const app_loop_hooks *h)
{
	struct pollfd out;
	int watch = h->watch_stdout && app_out_watch(&out);
	while (!h->done(h->ctx)) {
		if (app_interrupted)
			return APP_LOOP_INTERRUPTED;
		uint64_t now = kmp_now_us();
		if (h->pump)
			h->pump(h->ctx, now);
		if (h->done(h->ctx))
			break;
		struct pollfd pfd[3];
		int nfds = kmp_client_pollfd(s->client, &pfd[0]);
		int link_polled = nfds > 0, out_at = -1;
		if (watch) {
			out_at = nfds;
			pfd[nfds++] = out;
		}
		if (sig_pipe[0] >= 0)
			pfd[nfds++] = (struct pollfd){.fd = sig_pipe[0], .events = POLLIN};
		int timeout = kmp_client_timeout_ms(s->client, now);
		uint64_t wake = h->wake_us ? h->wake_us(h->ctx) : 0;
		if (wake) {
			int w = wake <= now ? 0 : (int)((wake - now + 999) / 1000);
			if (timeout < 0 || w < timeout)
				timeout = w;
		}
		int r = poll(nfds ? pfd : NULL, (nfds_t)nfds, timeout);
		if (r < 0 && errno != EINTR)
			return APP_LOOP_INTERRUPTED;
		if (out_at >= 0 && r > 0 && (pfd[out_at].revents & (POLLERR | POLLHUP)))
			return APP_LOOP_OUTPUT_GONE;
		kmp_client_step(s->client, r > 0 && link_polled ? pfd[0].revents : 0, kmp_now_us());
	}
	return APP_LOOP_DONE;
}
