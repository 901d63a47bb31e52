/* sim_regs.h - the register tables of the simulated meters (one or more
 * per profile; sim_profile.c puts them together).
 *
 * Every ID comes from a public source for the family (the codec's family
 * tables, family.h, written from tests/data/registers-by-family.tsv); the
 * unit codes, lengths and exponents follow captures where there are any
 * (reference/frames-field-captures.tsv, conpot's 382 template) and are
 * plausible choices otherwise; values are made up.  Each file says which is
 * which. */
#ifndef SIM_SIM_REGS_H
#define SIM_SIM_REGS_H

#include <stddef.h>

#include "sim/sim_meter.h"

/* Shorthands for the tables: unit codes (reference/units.tsv). */
enum {
	KMPSIM_U_NONE = 0,
	KMPSIM_U_KWH = 2,
	KMPSIM_U_MWH = 3,
	KMPSIM_U_GJ = 8,
	KMPSIM_U_KVARH = 14,
	KMPSIM_U_KW = 22,
	KMPSIM_U_KVAR = 26,
	KMPSIM_U_V = 33,
	KMPSIM_U_A = 34,
	KMPSIM_U_C = 37,
	KMPSIM_U_K = 38,
	KMPSIM_U_M3 = 40,
	KMPSIM_U_LPH = 41,
	KMPSIM_U_M3PH = 42,
	KMPSIM_U_M3C = 43,
	KMPSIM_U_TON = 44,
	KMPSIM_U_HOURS = 46,
	KMPSIM_U_HHMMSS = 47,
	KMPSIM_U_YYMMDD = 48,
	KMPSIM_U_NUMBER = 51,
	KMPSIM_U_BAR = 52,
	KMPSIM_U_RTC = 53,
	KMPSIM_U_ASCII = 54,
	KMPSIM_U_SECONDS = 60,
	KMPSIM_U_DAYS = 62,
	KMPSIM_U_DST_TIME = 79,
};

#define KMPSIM_TABLE(name) extern const kmpsim_regset name

/* sim_regs_heat.c */
KMPSIM_TABLE(kmpsim_regs_default); /* the MULTICAL 403-like meter kmpsim always was */
KMPSIM_TABLE(kmpsim_regs_x03_gj);  /* MULTICAL 403: energy in GJ */
KMPSIM_TABLE(kmpsim_regs_x03_mwh); /* MULTICAL 603: energy in MWh */
KMPSIM_TABLE(kmpsim_regs_x03);     /* 303/403/603 common */
KMPSIM_TABLE(kmpsim_regs_x03_603); /* what a 603 has beyond a 403 (V2, t3, P1, P2 ...) */
KMPSIM_TABLE(kmpsim_regs_601);     /* MULTICAL 601 (5512-447 5.2) */
KMPSIM_TABLE(kmpsim_regs_66c);     /* MULTICAL 66C: the values behind /#1 and /#2 */
/* sim_regs_water.c */
KMPSIM_TABLE(kmpsim_regs_water); /* MULTICAL 21 / flowIQ */
/* sim_regs_elec.c */
KMPSIM_TABLE(kmpsim_regs_elec); /* 382 */

#endif
