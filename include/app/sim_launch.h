/* sim_launch.h - `kmpterm --sim`: run the simulated meter in a child
 * process on a new pty, so every command and the terminal work without
 * hardware. */
#ifndef APP_SIM_LAUNCH_H
#define APP_SIM_LAUNCH_H

#include <stddef.h>

#include "app/session.h"

/* Start it; on success s->device holds the pty path.  args: extra kmpsim
 * options ("--echo --corrupt 10"), may be NULL.  Returns EXIT_OK, or
 * EXIT_USAGE (bad --sim-args, a map file with errors) / EXIT_FAIL (could
 * not start) with a message in err. */
int app_sim_start(app_session *s, const char *args, char *err, size_t cap);
/* Stop it (no-op when none runs). */
void app_sim_stop(app_session *s);
/* Set the simulated head's alignment quality 0..100 (view 3 under --sim). */
int app_sim_set_quality(app_session *s, int quality);

#endif
