/* sim_regs_water.c - the simulated MULTICAL 21 / flowIQ water meter.
 *
 * IDs: the codec's water table (reference/registers.tsv, bsdphk/PyKamstrup
 * pull request 6, jktjkt/PyKMP's register names from a KWM2231 logger) and,
 * outside it, the registers every Kamstrup meter answers that users read
 * from these meters: 68 (V1: the flowIQ 2200 request in reference/frames-
 * field-captures.tsv) and 1001..1004.  582 holds 2 bytes in days (unit 62),
 * as the flowIQ 2200 capture does.  Volumes count litres (3 decimals in
 * m3), a household's 24 l/h on average; every value is made up. */
#include "sim_regs_rows.h"

static const kmpsim_regdef kmpsim_regs_water_rows[] = {
        L(68, KMPSIM_U_M3, 4, -3, COUNTER, 123456, 24, 0), /* V1, litres */
        L(99, KMPSIM_U_NUMBER, 2, 0, INFO, 99, 0, 0),      /* info: DRY REVERSE LEAK BURST */
        C(243, KMPSIM_U_M3, 4, -3, 12),                    /* V1 reverse */
        L(292, KMPSIM_U_C, 2, 0, WANDER, 11, 2, 0),        /* water temperature */
        C(296, KMPSIM_U_C, 2, 0, 9),
        C(297, KMPSIM_U_C, 2, 0, 14),
        C(298, KMPSIM_U_C, 2, 0, 11),
        L(299, KMPSIM_U_C, 2, 0, WANDER, 19, 2, 0), /* ambient (meter) temperature */
        C(300, KMPSIM_U_C, 2, 0, 14),
        C(301, KMPSIM_U_C, 2, 0, 24),
        C(302, KMPSIM_U_C, 2, 0, 19),
        C(303, KMPSIM_U_C, 2, 0, 17),
        C(304, KMPSIM_U_C, 2, 0, 22),
        C(305, KMPSIM_U_C, 2, 0, 19),
        C(338, KMPSIM_U_NUMBER, 2, 0, 0),             /* data quality */
        C(409, KMPSIM_U_NUMBER, 2, 0, 0),             /* info hour counters */
        C(440, KMPSIM_U_LPH, 2, 0, 312),              /* max flow, hour */
        L(445, KMPSIM_U_YYMMDD, 4, 0, DATE, 0, 0, 0), /* max flow date, day */
        L(446, KMPSIM_U_YYMMDD, 4, 0, DATE, 0, 0, 0),
        L(458, KMPSIM_U_NUMBER, 2, 0, INFO, 99, 0, 0),        /* info code (logger) */
        C(582, KMPSIM_U_DAYS, 2, 0, 4823),                    /* battery days left */
        C(583, KMPSIM_U_NUMBER, 2, 0, 23),                    /* acoustic noise */
        L(622, KMPSIM_U_M3, 4, -4, COUNTER, 1234560, 240, 0), /* V1 with one digit more */
        {640, KMPSIM_U_ASCII, 11, 0, KMPSIM_L_ASCII, 0, 0, 0, "MULTICAL 21"}, /* meter type */
        L(1001, KMPSIM_U_NUMBER, 4, 0, SERIAL, 0, 0, 0),
        L(1002, KMPSIM_U_HHMMSS, 4, 0, CLOCK, 0, 0, 0),
        L(1003, KMPSIM_U_YYMMDD, 4, 0, DATE, 0, 0, 0),
        L(1004, KMPSIM_U_HOURS, 4, 0, HOURS, 26280, 0, 0), /* three years */
};
const kmpsim_regset kmpsim_regs_water = {kmpsim_regs_water_rows, N(kmpsim_regs_water_rows)};
