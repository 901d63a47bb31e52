/* sim_serve.c - kmpsim's one poll() loop: moves bytes between the line and
 * the core, sleeps until the core's next deadline, handles signals.
 *
 * All protocol behaviour lives in sim_core.c; this file only owns
 * descriptors and clocks.  Signals reach the loop through a self-pipe, so
 * poll() never misses one and nothing unsafe runs in a handler. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sim/sim.h"
#include "sim/sim_core.h"
#include "sim/sim_info.h"
#include "sim/sim_history_open.h"
#include "sim/sim_log.h"
#include "sim/sim_map.h"
#include "sim/sim_meter.h"
#include "sim/sim_profile.h"
#include "sim/sim_transport.h"

static const int handled_signals[] = {SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE};
#define N_SIGNALS (sizeof handled_signals / sizeof handled_signals[0])

struct kmpsim {
	kmpsim_config cfg;
	const kmpsim_profile *profile;
	kmpsim_map *map; /* NULL: built-in registers */
	kmpsim_meter meter;
	kmpsim_core_params params;
	kmpsim_history history; /* the built-in meter's loggers (not with a map) */
	kmpsim_core *core;
	kmpsim_line client; /* the client's settings as last logged */
	int client_known;
	kmpsim_log log;
	uint64_t seed;

	int master, slave_keep; /* pty */
	char slave[128];
	int link_made;
	int listen_fd, client_fd, port; /* tcp */
	char where[160];

	struct stat qf_seen; /* quality file as last read */
	int qf_known;

	int signals_installed;
	struct sigaction old_act[N_SIGNALS];
};

/* The self-pipe: process-wide because signal handlers are. */
static int sig_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	ssize_t r = write(sig_pipe[1], &b, 1); /* full pipe: the loop is behind anyway */
	(void)r;
	errno = saved;
}

static int64_t clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

static void log_event(void *ctx, const kmpsim_event *ev)
{
	kmpsim *s = ctx;
	kmpsim_log_event(&s->log, ev);
}

/* ---- quality file ---- */

static void quality_file_check(kmpsim *s)
{
	struct stat st;
	if (!s->cfg.quality_file || stat(s->cfg.quality_file, &st) < 0)
		return; /* not written yet: keep what we have */
	if (s->qf_known && st.st_mtim.tv_sec == s->qf_seen.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == s->qf_seen.st_mtim.tv_nsec && st.st_size == s->qf_seen.st_size &&
	    st.st_ino == s->qf_seen.st_ino)
		return;
	char buf[64];
	int fd = open(s->cfg.quality_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	s->qf_seen = st;
	s->qf_known = 1;
	int q = 0;
	if (n <= 0 || kmpsim_quality_parse(buf, (size_t)n, &q) != KMP_OK) {
		kmpsim_log_note(&s->log, "quality", "\"error\":\"not a number 0..100\"");
		return;
	}
	if (q != kmpsim_core_quality(s->core)) {
		kmpsim_core_set_quality(s->core, q);
		kmpsim_log_note(&s->log, "quality", "\"quality\":%d,\"from\":\"file\"", q);
	}
}

/* ---- signals ---- */

static int install_signals(kmpsim *s, char *err, size_t cap)
{
	if (sig_pipe[0] < 0) {
		if (pipe(sig_pipe) < 0) {
			snprintf(err, cap, "pipe: %s", strerror(errno));
			return KMP_ERR_IO;
		}
		for (int i = 0; i < 2; i++) {
			fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	for (size_t i = 0; i < N_SIGNALS; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = handled_signals[i] == SIGPIPE ? SIG_IGN : on_signal;
		sigaction(handled_signals[i], &sa, &s->old_act[i]);
	}
	/* a parent may have blocked some of them (fork keeps the mask): then
	 * SIGTERM from kmpsim_spawn_stop would never arrive */
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigaddset(&set, handled_signals[i]);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	s->signals_installed = 1;
	return KMP_OK;
}

static void restore_signals(kmpsim *s)
{
	if (!s->signals_installed)
		return;
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigaction(handled_signals[i], &s->old_act[i], NULL);
	s->signals_installed = 0;
}

/* Returns 1 when the loop should stop. */
static int drain_signals(kmpsim *s)
{
	unsigned char sig[32];
	ssize_t n;
	int stop = 0;
	while ((n = read(sig_pipe[0], sig, sizeof sig)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			int64_t now = mono_us();
			if (sig[i] == SIGINT || sig[i] == SIGTERM) {
				stop = 1;
			} else if (sig[i] == SIGUSR1) {
				kmpsim_core_wake(s->core, now);
				kmpsim_log_note(&s->log, "wake", "\"from\":\"SIGUSR1\"");
			} else if (sig[i] == SIGUSR2) {
				/* 100 -> 50 -> 0 -> 100: good, flaky, echo only */
				int q = kmpsim_core_quality(s->core);
				q = q > 50 ? 50 : q > 0 ? 0 : 100;
				kmpsim_core_set_quality(s->core, q);
				kmpsim_log_note(&s->log, "quality",
				                "\"quality\":%d,\"from\":\"SIGUSR2\"", q);
			}
		}
	}
	return stop;
}

/* ---- open / close ---- */

/* The profile's settings, with what the command line changed. */
static void core_params(const kmpsim_config *c, const kmpsim_profile *pr, kmpsim_core_params *p)
{
	kmpsim_core_params_default(p);
	p->address = c->address;
	p->protocol = pr->protocol;
	p->pace = c->pace;
	p->meter_rx = pr->rx;
	p->meter_tx = pr->tx;
	if (c->baud) /* the meter set to another speed (KMP profiles only) */
		p->meter_rx.baud = p->meter_tx.baud = c->baud;
	p->baud = p->meter_tx.baud;
	p->bits_per_byte = kmpsim_line_frame_bits(&p->meter_tx);
	p->rx_baud = p->meter_rx.baud;
	p->rx_bits_per_byte = kmpsim_line_frame_bits(&p->meter_rx);
	/* the default meter keeps its old rule: 11 bits per byte at any --baud */
	p->line_model = pr->line_model || c->line_given;
	p->inverted = c->inverted;
	p->device = c->dead   ? KMPSIM_DEVICE_DEAD
	            : c->text ? KMPSIM_DEVICE_TEXT
	            : c->push ? KMPSIM_DEVICE_PUSH
	                      : KMPSIM_DEVICE_METER;
	p->text = c->text;
	p->start_asleep = c->asleep;
	p->latency_us = (int64_t)(c->latency_ms >= 0 ? c->latency_ms : pr->latency_ms) * 1000;
	p->busy_us = (int64_t)c->busy_ms * 1000;
	p->echo = c->echo;
	p->drop_pct = c->drop_pct;
	p->corrupt_pct = c->corrupt_pct;
	p->noise_pct = c->noise_pct;
	p->stray_zero = c->stray_zero;
	p->sleep_after_us =
	        (int64_t)(c->sleep_after_s >= 0 ? c->sleep_after_s : pr->sleep_after_s) * 1000000;
}

static int make_link(kmpsim *s, char *err, size_t cap)
{
	struct stat st;
	/* replace a stale symlink from a killed run, never a real file */
	if (lstat(s->cfg.link, &st) == 0) {
		if (!S_ISLNK(st.st_mode)) {
			snprintf(err, cap, "%s: exists and is not a symlink", s->cfg.link);
			return KMP_ERR_IO;
		}
		unlink(s->cfg.link);
	}
	if (symlink(s->slave, s->cfg.link) < 0) {
		snprintf(err, cap, "%s: %s", s->cfg.link, strerror(errno));
		return KMP_ERR_IO;
	}
	s->link_made = 1;
	return KMP_OK;
}

static int open_line(kmpsim *s, char *err, size_t cap)
{
	int rc;
	if (s->cfg.transport == KMPSIM_TRANSPORT_TCP) {
		rc = kmpsim_tcp_listen(s->cfg.tcp_port, &s->listen_fd, &s->port, err, cap);
		if (rc != KMP_OK)
			return rc;
		snprintf(s->where, sizeof s->where, "%d", s->port);
		return KMP_OK;
	}
	rc = kmpsim_pty_open(&s->master, &s->slave_keep, s->slave, sizeof s->slave, err, cap);
	if (rc != KMP_OK)
		return rc;
	snprintf(s->where, sizeof s->where, "%s", s->slave);
	return s->cfg.link ? make_link(s, err, cap) : KMP_OK;
}

static uint64_t clock_seed(void)
{
	return (uint64_t)clock_us(CLOCK_REALTIME) ^ ((uint64_t)getpid() << 40);
}

int kmpsim_open(kmpsim **out, const kmpsim_config *c, char *err, size_t cap)
{
	*out = NULL;
	kmpsim *s = calloc(1, sizeof *s);
	if (!s || !(s->core = malloc(sizeof *s->core))) {
		free(s);
		snprintf(err, cap, "out of memory");
		return KMP_ERR_NOMEM;
	}
	s->cfg = *c;
	s->master = s->slave_keep = s->listen_fd = s->client_fd = -1;
	int rc = kmpsim_config_check(c, err, cap);
	if (rc != KMP_OK)
		goto fail;
	s->profile = c->profile ? kmpsim_profile_find(c->profile) : kmpsim_profile_default();
	if (!s->profile) {
		snprintf(err, cap, "--profile: no profile '%s' (%s)", c->profile,
		         kmpsim_profile_names());
		rc = KMP_ERR_BAD_INPUT;
		goto fail;
	}
	if (c->map) {
		s->map = malloc(sizeof *s->map);
		if (!s->map) {
			snprintf(err, cap, "out of memory");
			rc = KMP_ERR_NOMEM;
			goto fail;
		}
		/* a map that cannot be read is the user's input too: --map names
		 * a file that is missing, unreadable or no map */
		if (kmpsim_map_load(c->map, s->map, err, cap) != KMP_OK) {
			rc = KMP_ERR_BAD_INPUT;
			goto fail;
		}
	}
	kmpsim_profile_meter(s->profile, c->serial_given ? c->serial : s->profile->serial, s->map,
	                     &s->meter);
	if (c->info && (rc = kmpsim_info_apply(s->profile, c->info, &s->meter, err, cap)) != KMP_OK)
		goto fail;
	if (!s->map && kmpsim_profile_loggers(s->profile)) {
		if ((rc = kmpsim_history_open(c, &s->history, err, cap)) != KMP_OK)
			goto fail;
		/* a 601's history is in its logger module (A0..A3), not B8 */
		s->history.module = s->meter.module_address != 0;
		s->meter.history = &s->history;
	}
	if ((rc = kmpsim_log_open(&s->log, c->log, err, cap)) != KMP_OK ||
	    (rc = open_line(s, err, cap)) != KMP_OK ||
	    (rc = install_signals(s, err, cap)) != KMP_OK)
		goto fail;

	s->seed = c->seed_given ? c->seed : clock_seed();
	kmpsim_core_params p;
	core_params(c, s->profile, &p);
	s->params = p;
	kmpsim_core_init(s->core, &p, &s->meter, s->seed, mono_us());
	kmpsim_core_set_observer(s->core, log_event, s);
	kmpsim_core_set_quality(s->core, c->quality);
	quality_file_check(s);

	char rx[KMPSIM_LINE_TEXT_MAX], tx[KMPSIM_LINE_TEXT_MAX];
	kmpsim_log_note(
	        &s->log, "start",
	        "\"where\":\"%s\",\"transport\":\"%s\",\"profile\":\"%s\","
	        "\"protocol\":\"%s\",\"meter_rx\":\"%s\",\"meter_tx\":\"%s\","
	        "\"line_model\":%s,\"device\":\"%s\",\"address\":%u,\"serial\":%lu,"
	        "\"seed\":%llu,\"registers\":\"%s\",\"pace\":%s,\"baud\":%u,"
	        "\"latency_ms\":%d,\"busy_ms\":%d,\"sleep_after_s\":%d,\"quality\":%d",
	        s->where, c->transport == KMPSIM_TRANSPORT_TCP ? "tcp" : "pty", s->profile->name,
	        s->profile->protocol == KMPSIM_PROTO_LEGACY ? "legacy" : "kmp",
	        kmpsim_line_format(&p.meter_rx, rx, sizeof rx),
	        kmpsim_line_format(&p.meter_tx, tx, sizeof tx), p.line_model ? "true" : "false",
	        c->dead   ? "dead"
	        : c->text ? "text"
	        : c->push ? "push"
	                  : "meter",
	        c->address, (unsigned long)s->meter.serial, (unsigned long long)s->seed,
	        c->map ? "map" : "built-in", c->pace ? "true" : "false", p.baud,
	        (int)(p.latency_us / 1000), c->busy_ms, (int)(p.sleep_after_us / 1000000),
	        kmpsim_core_quality(s->core));
	*out = s;
	return KMP_OK;
fail:
	kmpsim_close(s);
	return rc;
}

const char *kmpsim_where(const kmpsim *s)
{
	return s->where;
}
int kmpsim_tcp_port(const kmpsim *s)
{
	return s->port;
}
uint64_t kmpsim_seed(const kmpsim *s)
{
	return s->seed;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void kmpsim_close(kmpsim *s)
{
	if (!s)
		return;
	restore_signals(s);
	if (s->link_made) {
		/* only if it still points at our pty: another run may own it now */
		char target[sizeof s->slave];
		ssize_t n = readlink(s->cfg.link, target, sizeof target - 1);
		if (n >= 0) {
			target[n] = '\0';
			if (!strcmp(target, s->slave))
				unlink(s->cfg.link);
		}
	}
	close_fd(&s->client_fd);
	close_fd(&s->listen_fd);
	close_fd(&s->master);
	close_fd(&s->slave_keep);
	kmpsim_log_close(&s->log);
	free(s->map);
	free(s->core);
	free(s);
}

/* ---- the loop ---- */

static int line_fd(const kmpsim *s)
{
	return s->cfg.transport == KMPSIM_TRANSPORT_TCP ? s->client_fd : s->master;
}

/* Tell the core the client's settings now (and log when they change): a
 * pty's termios, the --line of a TCP bridge, or nothing (taken to match). */
static void client_line(kmpsim *s)
{
	kmpsim_line l;
	const kmpsim_line *now = NULL;
	if (s->cfg.transport == KMPSIM_TRANSPORT_TCP) {
		if (s->cfg.line_given)
			now = &s->cfg.line;
	} else if (s->params.line_model &&
	           kmpsim_pty_line(s->master, &s->params.meter_tx, &l) == KMP_OK) {
		now = &l;
	}
	kmpsim_core_set_client_line(s->core, now);
	if (!now || (s->client_known && kmpsim_line_equal(now, &s->client)))
		return;
	s->client = *now;
	s->client_known = 1;
	char a[KMPSIM_LINE_TEXT_MAX], rx[KMPSIM_LINE_TEXT_MAX], tx[KMPSIM_LINE_TEXT_MAX];
	/* whether the meter can read the client's requests, and the client the
	 * meter's answers, at these settings */
	int to_meter = kmpsim_line_compatible(now, &s->params.meter_rx) && !s->params.inverted;
	int to_client = kmpsim_line_compatible(&s->params.meter_tx, now) && !s->params.inverted;
	kmpsim_log_note(&s->log, "line",
	                "\"client\":\"%s\",\"meter_rx\":\"%s\",\"meter_tx\":\"%s\","
	                "\"requests_readable\":%s,\"answers_readable\":%s",
	                kmpsim_line_format(now, a, sizeof a),
	                kmpsim_line_format(&s->params.meter_rx, rx, sizeof rx),
	                kmpsim_line_format(&s->params.meter_tx, tx, sizeof tx),
	                to_meter ? "true" : "false", to_client ? "true" : "false");
}

static void drop_client(kmpsim *s, const char *why)
{
	close_fd(&s->client_fd);
	kmpsim_core_line_reset(s->core, mono_us());
	kmpsim_log_note(&s->log, "client", "\"state\":\"closed\",\"why\":\"%s\"", why);
}

static void send_due(kmpsim *s, int64_t now)
{
	uint8_t buf[4096];
	size_t n;
	do {
		n = kmpsim_core_output(s->core, now, buf, sizeof buf);
		int fd = line_fd(s);
		if (!n || fd < 0)
			continue; /* nobody connected: the light goes nowhere */
		ssize_t w = s->cfg.transport == KMPSIM_TRANSPORT_TCP
		                    ? send(fd, buf, n, MSG_NOSIGNAL)
		                    : write(fd, buf, n);
		/* a full buffer means nobody reads: drop, as light nobody sees */
		if (w < 0 && s->cfg.transport == KMPSIM_TRANSPORT_TCP && errno != EAGAIN &&
		    errno != EWOULDBLOCK && errno != EINTR)
			drop_client(s, strerror(errno));
	} while (n == sizeof buf);
}

/* Returns KMP_ERR_IO on a failure that ends the simulator. */
static int receive(kmpsim *s, char *err, size_t cap)
{
	uint8_t buf[4096];
	ssize_t n = read(line_fd(s), buf, sizeof buf);
	if (n > 0) {
		quality_file_check(s);
		client_line(s);
		kmpsim_core_input(s->core, mono_us(), buf, (size_t)n);
		return KMP_OK;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return KMP_OK;
	if (s->cfg.transport == KMPSIM_TRANSPORT_TCP) {
		drop_client(s, n == 0 ? "eof" : strerror(errno));
		return KMP_OK;
	}
	/* we hold the slave open, so the master has no reason to fail */
	snprintf(err, cap, "%s: %s", s->slave, n == 0 ? "end of file" : strerror(errno));
	return KMP_ERR_IO;
}

static void accept_client(kmpsim *s)
{
	int fd;
	if (kmpsim_tcp_accept(s->listen_fd, &fd) != KMP_OK)
		return;
	s->client_fd = fd;
	kmpsim_core_line_reset(s->core, mono_us());
	kmpsim_log_note(&s->log, "client", "\"state\":\"connected\"");
	if (s->cfg.text) {
		/* a bridge that cannot open its device says so and hangs up, as
		 * ser2net does; a short text fits any socket buffer */
		char line[600];
		int n = snprintf(line, sizeof line, "%s\r\n", s->cfg.text);
		if (n > 0) {
			ssize_t w = send(fd, line,
			                 (size_t)n < sizeof line ? (size_t)n : sizeof line - 1,
			                 MSG_NOSIGNAL);
			(void)w;
		}
		drop_client(s, "text sent");
	}
}

static int poll_timeout(int64_t deadline, int64_t now)
{
	if (deadline == KMPSIM_NEVER)
		return -1;
	if (deadline <= now)
		return 0;
	/* round up: waking early would spin until the deadline */
	int64_t ms = (deadline - now + 999) / 1000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

int kmpsim_run(kmpsim *s, char *err, size_t cap)
{
	for (;;) {
		int64_t now = mono_us();
		kmpsim_core_set_wall_offset(s->core, clock_us(CLOCK_REALTIME) - now);
		client_line(s);
		send_due(s, now);

		struct pollfd pf[3];
		nfds_t n = 0;
		pf[n++] = (struct pollfd){.fd = sig_pipe[0], .events = POLLIN};
		int lfd = line_fd(s);
		nfds_t i_line = n, i_listen = 0;
		if (lfd >= 0)
			pf[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
		else
			i_line = 0;
		if (s->cfg.transport == KMPSIM_TRANSPORT_TCP && s->client_fd < 0) {
			i_listen = n;
			pf[n++] = (struct pollfd){.fd = s->listen_fd, .events = POLLIN};
		}
		int rc = poll(pf, n, poll_timeout(kmpsim_core_deadline(s->core), now));
		if (rc < 0 && errno != EINTR) {
			snprintf(err, cap, "poll: %s", strerror(errno));
			return KMP_ERR_IO;
		}
		if (rc <= 0)
			continue;
		/* drain even when poll() did not flag the pipe: a signal that arrives
		 * while poll() is already returning for the line runs its handler
		 * after the revents were filled, and must still come before the
		 * request it preceded (SIGUSR1 then a request: wake first) */
		if (drain_signals(s)) {
			kmpsim_log_note(&s->log, "stop", NULL);
			return KMP_OK;
		}
		if (i_line && pf[i_line].revents && receive(s, err, cap) != KMP_OK)
			return KMP_ERR_IO;
		if (i_listen && pf[i_listen].revents)
			accept_client(s);
	}
}
