/* sim_regs_elec.c - the simulated 382 electricity meter.
 *
 * IDs: the codec's electricity table (AiMiR's KMP stack, mushorg/conpot,
 * bsdphk/PyKamstrup, bipsendk/kamstrup-382Lx7).  Units, lengths and
 * exponents follow conpot's 382 template (taken from a real meter): energy
 * in kWh with one decimal (4 bytes), high resolution with four, voltages
 * in V (2 bytes), currents in A with 2 decimals (4 bytes), phase powers in
 * kW with 3 decimals (2 bytes), the clock 1047 as an 8-byte unit-53 RTC,
 * 1010 in 10 bytes, 1058 and 1126 as ASCII (10 and 13 bytes), and 16-byte
 * values of unit 0 at 1202..1209 (1205 is kept: no source names it, it is
 * here for its length).  Every value is made up; the 20-digit meter number
 * and the 16-byte value do not fit 64 bits, on purpose: a reader must take
 * mantissas of any length. */
#include "sim_regs_rows.h"

static const kmpsim_regdef kmpsim_regs_elec_rows[] = {
        L(1, KMPSIM_U_KWH, 4, -1, COUNTER, 1234567, 12, 0),        /* A+: 1.2 kW mean */
        C(2, KMPSIM_U_KWH, 4, -1, 23456),                          /* A- */
        L(3, KMPSIM_U_KVARH, 4, -1, COUNTER, 345678, 3, 0),        /* R12 */
        C(4, KMPSIM_U_KVARH, 4, -1, 12345),                        /* R34 */
        L(13, KMPSIM_U_KWH, 4, -4, COUNTER, 1234567000, 12000, 0), /* A+ high resolution */
        C(14, KMPSIM_U_KWH, 4, -4, 234560000),
        C(39, KMPSIM_U_KW, 4, -3, 7321),       /* max power P14 */
        C(51, KMPSIM_U_NUMBER, 4, 0, 5601234), /* meter number 1 */
        L(1001, KMPSIM_U_NUMBER, 4, 0, SERIAL, 0, 0, 0),
        L(1002, KMPSIM_U_HHMMSS, 4, 0, CLOCK, 0, 0, 0),
        L(1003, KMPSIM_U_YYMMDD, 4, 0, DATE, 0, 0, 0),
        L(1004, KMPSIM_U_HOURS, 4, 0, HOURS, 43800, 0, 0),             /* five years */
        C(1005, KMPSIM_U_NUMBER, 4, 0, 20105),                         /* software revision */
        T(1010, KMPSIM_U_NUMBER, 10, DECIMAL, "57065670001234567890"), /* total meter number */
        L(1023, KMPSIM_U_KW, 4, -3, WANDER, 1203, 400, 0),             /* power in, P14 */
        C(1024, KMPSIM_U_KW, 4, -3, 0),                                /* power out, P23 */
        L(1047, KMPSIM_U_RTC, 8, 0, RTC, 0, 0, 0),                     /* real-time clock */
        L(1054, KMPSIM_U_V, 2, 0, WANDER, 231, 2, 0),
        L(1055, KMPSIM_U_V, 2, 0, WANDER, 229, 2, 0),
        L(1056, KMPSIM_U_V, 2, 0, WANDER, 232, 2, 0),
        T(1058, KMPSIM_U_ASCII, 10, ASCII, "6853820241"), /* type number */
        L(1076, KMPSIM_U_A, 4, -2, WANDER, 521, 150, 0),  /* current L1 */
        L(1077, KMPSIM_U_A, 4, -2, WANDER, 312, 100, 0),
        L(1078, KMPSIM_U_A, 4, -2, WANDER, 430, 120, 0),
        L(1080, KMPSIM_U_KW, 2, -3, WANDER, 1203, 350, 0), /* power L1 */
        L(1081, KMPSIM_U_KW, 2, -3, WANDER, 702, 200, 0),
        L(1082, KMPSIM_U_KW, 2, -3, WANDER, 990, 300, 0),
        T(1126, KMPSIM_U_ASCII, 13, ASCII, "685-382-KA-20"), /* complete type number */
        T(1205, KMPSIM_U_NONE, 16, DECIMAL, "1329227995784915872903807060280344576"),
        C(1268, KMPSIM_U_NUMBER, 2, 0, 0),  /* M-Bus address */
        C(1271, KMPSIM_U_NUMBER, 2, 0, 63), /* KMP address: 3F */
        C(1344, KMPSIM_U_KW, 2, -3, 0),     /* power out L1..L3 */
        C(1345, KMPSIM_U_KW, 2, -3, 0),
        C(1346, KMPSIM_U_KW, 2, -3, 0),
        C(6026, KMPSIM_U_NUMBER, 4, 0, 10203), /* firmware revisions */
        C(6031, KMPSIM_U_NUMBER, 4, 0, 20105),
};
const kmpsim_regset kmpsim_regs_elec = {kmpsim_regs_elec_rows, N(kmpsim_regs_elec_rows)};
