/* units.c - names of KMP unit codes.
 * 0..64 from the public table (tests/data/units.tsv, PyKMP's UNITS_NAMES)
 * with the corrections of the protocol notes: 21 is W (not kW, which is 22),
 * 25 is var (not kvar, which is 26), 38 is K (a temperature difference in
 * kelvin, not "degrees K").  65..90 from the sources compared in
 * tests/data/units-by-source.tsv; the vendor's description (5512-447 5.1)
 * stops at 52, so no vendor name exists for them.  Codes no source names
 * (75..78, 80..84, 91..) stay NULL: the caller shows the raw code.
 * Other differences between the columns of units-by-source.tsv, kept as the
 * common spelling: 8 is "Gj" in the vendor's table (a typo for GJ), 37 "C"
 * (written °C), 47..50 "clock"/"date1"/"date3" (shown by their layout), 51
 * "number" (the same as 0: a plain number). */
#include <stdio.h>

#include "kmp/tables.h"

struct unit_name {
	const char *utf8;
	const char *ascii;
};

static const struct unit_name units[] = {
        [0] = {"no unit (number)", "no unit (number)"},
        [1] = {"Wh", "Wh"},
        [2] = {"kWh", "kWh"},
        [3] = {"MWh", "MWh"},
        [4] = {"GWh", "GWh"},
        [5] = {"J", "J"},
        [6] = {"kJ", "kJ"},
        [7] = {"MJ", "MJ"},
        [8] = {"GJ", "GJ"},
        [9] = {"Cal", "Cal"},
        [10] = {"kCal", "kCal"},
        [11] = {"Mcal", "Mcal"},
        [12] = {"Gcal", "Gcal"},
        [13] = {"varh", "varh"},
        [14] = {"kvarh", "kvarh"},
        [15] = {"Mvarh", "Mvarh"},
        [16] = {"Gvarh", "Gvarh"},
        [17] = {"VAh", "VAh"},
        [18] = {"kVAh", "kVAh"},
        [19] = {"MVAh", "MVAh"},
        [20] = {"GVAh", "GVAh"},
        [21] = {"W", "W"},
        [22] = {"kW", "kW"},
        [23] = {"MW", "MW"},
        [24] = {"GW", "GW"},
        [25] = {"var", "var"},
        [26] = {"kvar", "kvar"},
        [27] = {"Mvar", "Mvar"},
        [28] = {"Gvar", "Gvar"},
        [29] = {"VA", "VA"},
        [30] = {"kVA", "kVA"},
        [31] = {"MVA", "MVA"},
        [32] = {"GVA", "GVA"},
        [33] = {"V", "V"},
        [34] = {"A", "A"},
        [35] = {"kV", "kV"},
        [36] = {"kA", "kA"},
        [37] = {"°C", "C"},
        [38] = {"K", "K"},
        [39] = {"l", "l"},
        [40] = {"m³", "m3"},
        [41] = {"l/h", "l/h"},
        [42] = {"m³/h", "m3/h"},
        [43] = {"m³×C", "m3*C"},
        [44] = {"ton", "ton"},
        [45] = {"ton/h", "ton/h"},
        [46] = {"h", "h"},
        [47] = {"hh:mm:ss", "hh:mm:ss"},
        [48] = {"yy:mm:dd", "yy:mm:dd"},
        [49] = {"yyyy:mm:dd", "yyyy:mm:dd"},
        [50] = {"mm:dd", "mm:dd"},
        [51] = {"no unit (number)", "no unit (number)"},
        [52] = {"bar", "bar"},
        [53] = {"RTC", "RTC"},
        [54] = {"ASCII", "ASCII"},
        [55] = {"m³ ×10", "m3 x10"},
        [56] = {"ton ×10", "ton x10"},
        [57] = {"GJ ×10", "GJ x10"},
        [58] = {"minutes", "minutes"},
        [59] = {"Bitfield", "Bitfield"},
        [60] = {"s", "s"},
        [61] = {"ms", "ms"},
        [62] = {"days", "days"},
        [63] = {"RTC-Q", "RTC-Q"},
        [64] = {"Datetime", "Datetime"},
        /* 65..74: mushorg/conpot's unit table (the only source naming
         * 65, 66, 69..71, 73, 74); 67, 68 and 72 also in AiMiR's
         * KmpUtils.cpp.  conpot spells them as identifiers ("imp_L",
         * "USgal_min"); written here as units.  jktjkt/PyKMP's
         * wip/register-names branch agrees on 65 imp/l and 66 l/imp. */
        [65] = {"imp/l", "imp/l"},
        [66] = {"l/imp", "l/imp"},
        [67] = {"Hz", "Hz"},
        [68] = {"°", "deg"}, /* "Degree" (conpot, AiMiR): an angle */
        [69] = {"%", "%"},   /* "Percent" */
        [70] = {"US gal", "US gal"},
        [71] = {"US gal/min", "US gal/min"},
        [72] = {"KamDateTime", "KamDateTime"}, /* date-time: see datetime.h */
        [73] = {"IPv4 address", "IPv4 address"},
        [74] = {"IPv6 address", "IPv6 address"},
        /* 79 and 85..90: jktjkt/PyKMP (the logger fork), the only source */
        [79] = {"DST YY-MM-DD hh:mm:ss", "DST YY-MM-DD hh:mm:ss"},
        [85] = {"%RH", "%RH"},
        [86] = {"%O₂", "%O2"},
        [87] = {"m/s", "m/s"},
        [88] = {"kJ/kg", "kJ/kg"},
        [89] = {"pH", "pH"},
        [90] = {"g/kg", "g/kg"},
};

#define N_UNITS (sizeof units / sizeof units[0])

/* Gaps in the table (codes no source names) have NULL names. */
const char *kmp_unit_name(unsigned code)
{
	return code < N_UNITS ? units[code].utf8 : NULL;
}

const char *kmp_unit_name_ascii(unsigned code)
{
	return code < N_UNITS ? units[code].ascii : NULL;
}

const char *kmp_unit_label(unsigned code, char *buf, size_t cap)
{
	const char *n = kmp_unit_name(code);
	if (n)
		snprintf(buf, cap, "%s", n);
	else
		snprintf(buf, cap, "unit 0x%02X", code);
	return buf;
}
