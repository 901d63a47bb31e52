/* sim_info.h - kmpsim --info: set the simulated meter's info-code flags by
 * name ("leak,sensor-error", "t2_below_range,low_battery").
 *
 * A name is a flag name of the codec's infocodes table for the profile's
 * family (infocodes.h: "leak_heating", "t1_above_range", ...), or one of
 * the aliases "leak" and "sensor-error", which each profile maps to its
 * family's flag for them (sim_profile.h).  Each flag is set in every info
 * register of the profile that names it (a MULTICAL 403 shows a leak in
 * register 99's display digits and in register 369's bits alike), so a
 * reader decoding either register with the codec gets the same flag back.
 * The bits and digits are never chosen here: they are found by asking the
 * codec which value of the register decodes to exactly that one flag. */
#ifndef SIM_SIM_INFO_H
#define SIM_SIM_INFO_H

#include <stddef.h>

#include "kmp/error.h"
#include "sim/sim_meter.h"
#include "sim/sim_profile.h"

/* Set the flags listed (comma-separated; "none" sets nothing) in m's info
 * registers.  Returns KMP_OK, or KMP_ERR_BAD_INPUT with one line in err
 * (an unknown name, a profile without info registers, two flags that need
 * the same display digit). */
int kmpsim_info_apply(const kmpsim_profile *p, const char *list, kmpsim_meter *m, char *err,
                      size_t cap);

#endif
