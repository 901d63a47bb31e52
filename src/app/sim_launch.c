/* sim_launch.c - `kmpterm --sim`: the simulated meter in a child process on
 * a new pty.  Its alignment quality is steered through a quality file in a
 * private scratch directory (the alignment view moves a simulated head). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/sim_launch.h"
#include "sim/sim.h"

#define SIM_MAX_ARGS 64

int app_sim_start(app_session *s, const char *args, char *err, size_t cap)
{
	char buf[1024], quality[300];
	char *argv[SIM_MAX_ARGS + 2];
	int argc = 0;
	argv[argc++] = "kmpsim";
	snprintf(buf, sizeof buf, "%s", args ? args : "");
	char *save = NULL;
	for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (argc > SIM_MAX_ARGS) {
			snprintf(err, cap, "too many --sim-args");
			return EXIT_USAGE;
		}
		argv[argc++] = t;
	}
	argv[argc] = NULL;

	kmpsim_config c;
	kmpsim_action action;
	kmpsim_config_default(&c);
	int rc = kmpsim_parse_args(argc, argv, &c, &action, err, cap);
	if (rc != KMP_OK)
		return EXIT_USAGE;
	if (action != KMPSIM_RUN) {
		snprintf(err, cap, "--sim-args: help and version are kmpsim's own options");
		return EXIT_USAGE;
	}
	snprintf(s->sim_dir, sizeof s->sim_dir, "%s/kmpterm-sim.XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(s->sim_dir)) {
		snprintf(err, cap, "cannot create a scratch directory in %s", s->sim_dir);
		s->sim_dir[0] = '\0';
		return EXIT_FAIL;
	}
	if (!c.quality_file) {
		snprintf(quality, sizeof quality, "%s/quality", s->sim_dir);
		if (kmpsim_quality_write(quality, c.quality) != 0) {
			snprintf(err, cap, "cannot write %s", quality);
			app_sim_stop(s);
			return EXIT_FAIL;
		}
		c.quality_file = quality;
	}
	/* the arrows of the alignment view steer whichever file it rereads */
	snprintf(s->sim_quality, sizeof s->sim_quality, "%s", c.quality_file);
	rc = kmpsim_spawn_pty(&c, &s->sim_pid, s->device, sizeof s->device, err, cap);
	if (rc != KMP_OK) {
		s->sim_pid = 0;
		app_sim_stop(s);
		/* a bad map is the user's input, as kmpsim itself says (exit 2) */
		return rc == KMP_ERR_BAD_INPUT ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}

void app_sim_stop(app_session *s)
{
	if (s->sim_pid > 0)
		kmpsim_spawn_stop(s->sim_pid, NULL);
	s->sim_pid = 0;
	s->sim_quality[0] = '\0';
	if (s->sim_dir[0]) {
		char path[300];
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
	return kmpsim_quality_write(s->sim_quality, quality);
}
