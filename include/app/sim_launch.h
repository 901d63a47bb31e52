/* sim_launch.h - `kmpterm --sim`: run the simulated meter in a child
 * process on a new pty, so every command and the terminal work without
 * hardware.  The device the client opens is a symlink to that pty in a
 * private scratch directory, so a new simulator (after the last one was
 * killed) is found again at the same path. */
#ifndef APP_SIM_LAUNCH_H
#define APP_SIM_LAUNCH_H

#include <stddef.h>

#include "app/session.h"

/* Start it; on success s->device holds the path the client opens.  args:
 * extra kmpsim options ("--echo --corrupt 10"), may be NULL.  Returns
 * EXIT_OK, or EXIT_USAGE (bad --sim-args, a map file with errors) /
 * EXIT_FAIL (could not start) with a message in err. */
int app_sim_start(app_session *s, const char *args, char *err, size_t cap);
/* Stop it (no-op when none runs) and remove the scratch directory. */
void app_sim_stop(app_session *s);
/* Set the simulated head's alignment quality 0..100 (view 3 under --sim).
 * 0 or -1. */
int app_sim_set_quality(app_session *s, int quality);
/* The quality the simulated head has at (x, y) steps from the sweet spot. */
int app_sim_head_quality(int x, int y);
/* Press the simulated meter's button (SIGUSR1: wakes its optical port
 * after --sleep-after).  0 or -1. */
int app_sim_press_button(app_session *s);
/* Has it ended?  0 while it runs (or none was started); 1 with how it
 * ended in why ("was killed by signal 9", "exited with status 1"). */
int app_sim_ended(app_session *s, char *why, size_t cap);
/* Start a new one after the last ended, on the same device path, with
 * the same --sim-args and the head where it was.  0, or -1 with err. */
int app_sim_restart(app_session *s, char *err, size_t cap);

#endif
