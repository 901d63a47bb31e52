/* sim_regs_rows.h - how the register tables of the simulated meters
 * (sim_regs_heat.c, sim_regs_water.c, sim_regs_elec.c) write a row
 * (kmpsim_regdef); not part of the simulator's API. */
#ifndef SIM_REGS_ROWS_H
#define SIM_REGS_ROWS_H

#include "sim/sim_regs.h"

#define N(t) (sizeof t / sizeof t[0])

/* a constant */
#define C(id, unit, len, exp, v)                                                                   \
	{                                                                                          \
		id, unit, len, exp, KMPSIM_L_CONST, v, 0, 0, 0                                     \
	}
/* a live value */
#define L(id, unit, len, exp, kind, a, b, c)                                                       \
	{                                                                                          \
		id, unit, len, exp, KMPSIM_L_##kind, a, b, c, 0                                    \
	}
/* a value given as text: ASCII, or a decimal too long for 64 bits */
#define T(id, unit, len, kind, text)                                                               \
	{                                                                                          \
		id, unit, len, 0, KMPSIM_L_##kind, 0, 0, 0, text                                   \
	}

#endif
