/* sim_history_open.h - the loggers kmpsim_open gives its meter. */
#ifndef SIM_SIM_HISTORY_OPEN_H
#define SIM_SIM_HISTORY_OPEN_H

#include <stddef.h>

#include "sim/sim.h"
#include "sim/sim_logger.h"
#include "sim/sim_profile.h"

/* Whether a profile's meter keeps loggers: the default meter and the
 * MULTICAL 303/403/603 (B8), a meter with a logger module (the 601:
 * A0..A3 at its module's address).  Water, electricity and the 66C: no. */
int kmpsim_profile_loggers(const kmpsim_profile *p);

/* Build h anchored at c->logger_time, else at the local time now.
 * Returns KMP_OK, or KMP_ERR_BAD_INPUT / KMP_ERR_IO with one line in err. */
int kmpsim_history_open(const kmpsim_config *c, kmpsim_history *h, char *err, size_t cap);

#endif
