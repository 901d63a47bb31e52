/* sim_launch.c - `kmpterm --sim`: the simulated meter in a child process on
 * a new pty (see sim_launch.h).  Its alignment quality is steered through
 * a quality file in a private scratch directory (the alignment view moves
 * a simulated head); the pty is reached through a symlink there too, so a
 * restarted simulator, on a new pty, keeps the device path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/sim_launch.h"
#include "kmp/error.h"
#include "sim/sim.h"

#define SIM_MAX_ARGS 64

/* --sim-args as kmpsim's command line, parsed into c.  The strings of c
 * point into buf, which must outlive c. */
static int parse_sim_args(const char *args, kmpsim_config *c, char *buf, size_t bufcap, char *err,
                          size_t cap)
{
	char *argv[SIM_MAX_ARGS + 2];
	int argc = 0;
	argv[argc++] = "kmpsim";
	snprintf(buf, bufcap, "%s", args ? args : "");
	char *save = NULL;
	for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (argc > SIM_MAX_ARGS) {
			snprintf(err, cap, "too many --sim-args");
			return EXIT_USAGE;
		}
		argv[argc++] = t;
	}
	argv[argc] = NULL;
	kmpsim_action action;
	kmpsim_config_default(c);
	if (kmpsim_parse_args(argc, argv, c, &action, err, cap) != KMP_OK)
		return EXIT_USAGE;
	if (action != KMPSIM_RUN) {
		snprintf(err, cap, "--sim-args: help and version are kmpsim's own options");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Fork the simulator for c, reached through the symlink s->device. */
static int spawn(app_session *s, kmpsim_config *c, char *err, size_t cap)
{
	char slave[512];
	c->link = s->device;
	c->quality_file = s->sim_quality;
	int rc = kmpsim_spawn_pty(c, &s->sim_pid, slave, sizeof slave, err, cap);
	if (rc != KMP_OK) {
		s->sim_pid = 0;
		/* a bad map is the user's input, as kmpsim itself says (exit 2) */
		return rc == KMP_ERR_BAD_INPUT ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}

int app_sim_start(app_session *s, const char *args, char *err, size_t cap)
{
	char buf[1024];
	kmpsim_config c;
	int rc = parse_sim_args(args, &c, buf, sizeof buf, err, cap);
	if (rc != EXIT_OK)
		return rc;
	snprintf(s->sim_dir, sizeof s->sim_dir, "%s/kmpterm-sim.XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(s->sim_dir)) {
		snprintf(err, cap, "cannot create a scratch directory in %s", s->sim_dir);
		s->sim_dir[0] = '\0';
		return EXIT_FAIL;
	}
	if (!c.quality_file) {
		snprintf(s->sim_quality, sizeof s->sim_quality, "%s/quality", s->sim_dir);
		if (kmpsim_quality_write(s->sim_quality, c.quality) != 0) {
			snprintf(err, cap, "cannot write %s", s->sim_quality);
			app_sim_stop(s);
			return EXIT_FAIL;
		}
	} else {
		/* the arrows of the alignment view steer whichever file it rereads */
		snprintf(s->sim_quality, sizeof s->sim_quality, "%s", c.quality_file);
	}
	/* --sim-args "--link X" names the path itself */
	if (c.link)
		snprintf(s->device, sizeof s->device, "%s", c.link);
	else
		snprintf(s->device, sizeof s->device, "%s/meter", s->sim_dir);
	rc = spawn(s, &c, err, cap);
	if (rc != EXIT_OK)
		app_sim_stop(s);
	return rc;
}

void app_sim_stop(app_session *s)
{
	if (s->sim_pid > 0)
		kmpsim_spawn_stop(s->sim_pid, NULL);
	s->sim_pid = 0;
	s->sim_quality[0] = '\0';
	if (s->sim_dir[0]) {
		char path[300];
		/* a simulator killed with -9 left its symlink behind */
		snprintf(path, sizeof path, "%s/meter", s->sim_dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/quality", s->sim_dir);
		unlink(path);
		rmdir(s->sim_dir);
		s->sim_dir[0] = '\0';
	}
}

int app_sim_set_quality(app_session *s, int quality)
{
	if (!s->sim_quality[0])
		return -1;
	return kmpsim_quality_write(s->sim_quality, quality) == KMP_OK ? 0 : -1;
}

int app_sim_head_quality(int x, int y)
{
	return kmpsim_quality_from_position(x, y);
}

int app_sim_press_button(app_session *s)
{
	return s->sim_pid > 0 && kmpsim_spawn_wake(s->sim_pid) == KMP_OK ? 0 : -1;
}

int app_sim_ended(app_session *s, char *why, size_t cap)
{
	int st;
	if (s->sim_pid <= 0)
		return 0;
	pid_t r = waitpid(s->sim_pid, &st, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	s->sim_pid = 0; /* reaped (or not ours any more): never signal it again */
	if (r < 0)
		snprintf(why, cap, "is gone");
	else if (WIFSIGNALED(st))
		snprintf(why, cap, "was killed by signal %d", WTERMSIG(st));
	else
		snprintf(why, cap, "exited with status %d", WEXITSTATUS(st));
	return 1;
}

int app_sim_restart(app_session *s, char *err, size_t cap)
{
	char buf[1024];
	kmpsim_config c;
	if (!s->sim_dir[0] || !s->opt) {
		snprintf(err, cap, "no simulated meter was started");
		return -1;
	}
	if (s->sim_pid > 0)
		kmpsim_spawn_stop(s->sim_pid, NULL);
	s->sim_pid = 0;
	/* the same --sim-args as at the start: they were good then */
	if (parse_sim_args(s->opt->sim_args, &c, buf, sizeof buf, err, cap) != EXIT_OK)
		return -1;
	return spawn(s, &c, err, cap) == EXIT_OK ? 0 : -1;
}
