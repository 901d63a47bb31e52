/* sim_spawn.c - kmpterm --sim: the simulator in a forked child on a pty.
 *
 * The child does all the opening itself (so the signal handlers are
 * installed in the child only, never in kmpterm) and reports one line
 * back through a pipe: "OK <slave path>" or "E<n> <message>" (n: the
 * kmp_err, negated).  The
 * parent waits for that line, so when kmpsim_spawn_pty returns the pty
 * exists and a map error comes back as the same "FILE:LINE: message" the
 * kmpsim binary prints. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "sim/sim.h"

/* The child ends with _exit(): exit() would run the terminal's atexit
 * handlers and flush its stdio buffers a second time.  Under `make
 * coverage` (KMP_GCOV_DUMP) the gcov counters, which only exit() writes,
 * are written first, so what the child ran is counted. */
#ifdef KMP_GCOV_DUMP
void __gcov_dump(void);
#define child_exit(status) (__gcov_dump(), _exit(status))
#else
#define child_exit(status) _exit(status)
#endif

/* Close what the child inherited (kmpterm's tty, an open serial port...),
 * keeping stdio and the report pipe. */
static void close_inherited(int keep)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return;
	int fds[256], n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256) {
		int fd = atoi(e->d_name);
		if (fd > 2 && fd != keep && fd != dirfd(d))
			fds[n++] = fd;
	}
	closedir(d);
	for (int i = 0; i < n; i++)
		close(fds[i]);
}

static void report(int fd, const char *line)
{
	size_t len = strlen(line), off = 0;
	while (off < len) {
		ssize_t w = write(fd, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

static void child(const kmpsim_config *c, int fd, pid_t parent)
{
	char err[512], line[600];
	/* leave the terminal's process group: ^C in kmpterm is kmpterm's */
	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	if (getppid() != parent)
		child_exit(0); /* the parent died before prctl took effect */
	close_inherited(fd);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		if (null > 2)
			close(null);
	}

	kmpsim_config cc = *c;
	cc.transport = KMPSIM_TRANSPORT_PTY;
	kmpsim *s;
	int rc = kmpsim_open(&s, &cc, err, sizeof err);
	if (rc != KMP_OK) {
		snprintf(line, sizeof line, "E%d %s\n", -rc, err);
		report(fd, line);
		child_exit(rc == KMP_ERR_BAD_INPUT ? 2 : 1);
	}
	snprintf(line, sizeof line, "OK %s\n", kmpsim_where(s));
	report(fd, line);
	close(fd);
	rc = kmpsim_run(s, err, sizeof err);
	kmpsim_close(s);
	child_exit(rc == KMP_OK ? 0 : 1);
}

int kmpsim_spawn_pty(const kmpsim_config *c, pid_t *pid, char *slave, size_t cap, char *err,
                     size_t errcap)
{
	int p[2];
	if (pipe(p) < 0) {
		snprintf(err, errcap, "pipe: %s", strerror(errno));
		return KMP_ERR_IO;
	}
	pid_t parent = getpid();
	pid_t k = fork();
	if (k < 0) {
		snprintf(err, errcap, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return KMP_ERR_IO;
	}
	if (k == 0) {
		close(p[0]);
		child(c, p[1], parent);
	}
	close(p[1]);

	char line[600];
	size_t len = 0;
	for (;;) {
		ssize_t r = read(p[0], line + len, sizeof line - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (memchr(line, '\n', len) || len == sizeof line - 1)
			break;
	}
	close(p[0]);
	line[len] = '\0';
	char *nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';

	if (!strncmp(line, "OK ", 3) && strlen(line + 3) < cap) {
		strcpy(slave, line + 3);
		*pid = k;
		return KMP_OK;
	}
	waitpid(k, NULL, 0);
	char *end = line;
	long code = line[0] == 'E' ? strtol(line + 1, &end, 10) : 0;
	if (code > 0 && code < 1000 && *end == ' ') {
		snprintf(err, errcap, "%s", end + 1);
		return (int)-code;
	}
	snprintf(err, errcap, "simulator did not start");
	return KMP_ERR_IO;
}

int kmpsim_spawn_wake(pid_t pid)
{
	return kill(pid, SIGUSR1) == 0 ? KMP_OK : KMP_ERR_CLOSED;
}

int kmpsim_spawn_stop(pid_t pid, int *status)
{
	int st;
	if (kill(pid, SIGTERM) < 0)
		return KMP_ERR_CLOSED;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return KMP_ERR_CLOSED;
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return KMP_OK;
}
