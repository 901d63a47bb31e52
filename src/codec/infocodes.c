/* infocodes.c - named flags of the info registers, per meter family (see
 * infocodes.h).  Every table cites its source; bits or digits a source does
 * not name are reported as such, never guessed. */
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/infocodes.h"

#define REG_INFO 99
#define REG_INFO_BITS 369
#define REG_BATTERY_DAYS 582

/* MULTICAL 602 technical description 5512-931 (N1, 11.2016), 6.11.2
 * "Types of info codes": the info code is the sum of these values (e.g. 12
 * = both T1 and T2 out of range).  The 601 of the same generation answers
 * register 99 with the same kind of sum; the 602's table is the one public
 * text.  Bit 1 (value 2) is not in the table. */
static const kmp_bit_name info_60x[] = {
        {0, "supply_interrupted", "Supply voltage has been cut off"},
        {2, "t2_out_of_range", "Temperature sensor T2 outside measuring range"},
        {3, "t1_out_of_range", "Temperature sensor T1 outside measuring range"},
        {4, "v1_datacomm_error", "Flow sensor V1, data communication error"},
        {5, "t3_out_of_range", "Temperature sensor T3 outside measuring range"},
        {6, "leak_cold_water", "Leak in the cold-water system"},
        {7, "v2_wrong_pulse_figure", "Flow sensor V2, wrong pulse figure"},
        {8, "leak_heating", "Leak in the heating system"},
        {9, "burst_heating", "Burst in the heating system"},
        {10, "v2_datacomm_error", "Flow sensor V2, data communication error"},
        {11, "v1_wrong_pulse_figure", "Flow sensor V1, wrong pulse figure"},
        {12, "v1_air", "Flow sensor V1, signal too low (air)"},
        {13, "v2_air", "Flow sensor V2, signal too low (air)"},
        {14, "v1_wrong_direction", "Flow sensor V1, wrong flow direction"},
        {15, "v2_wrong_direction", "Flow sensor V2, wrong flow direction"},
};

/* MULTICAL 303/403/603/803, the info code in bit format (register 369,
 * "Info bits" in jktjkt/PyKMP).  Bits 0..15: MULTICAL 403 technical
 * description 5512-1689 (M1, 07.2023), 7.7.1, column "Bit format" (bit 10
 * is not in it; bit 0 only reaches the info log, never the current code).
 * wmbusmeters' kamheat driver, which decodes the same 32-bit word from these
 * meters' wireless telegrams, calls bit 2 SENSOR_ERROR: the vendor's table
 * says external alarm.  Bits 16..31 (inputs the 403 lacks: t3, V2, In-A2,
 * In-B2): wmbusmeters' kamheat driver, citing the 303 and 603 technical
 * descriptions; its bit 26 is reserved. */
static const kmp_bit_name info_bits_x03[] = {
        {0, "no_supply", "No voltage supply"},
        {1, "low_battery", "Low battery level"},
        {2, "external_alarm", "External alarm (e.g. via KMP)"},
        {3, "t1_above_range", "t1 above measuring range or disconnected"},
        {4, "t2_above_range", "t2 above measuring range or disconnected"},
        {5, "t1_below_range", "t1 below measuring range or short-circuited"},
        {6, "t2_below_range", "t2 below measuring range or short-circuited"},
        {7, "invalid_temperature_difference", "Invalid temperature difference (t1-t2)"},
        {8, "v1_air", "V1 air"},
        {9, "v1_wrong_direction", "V1 wrong flow direction"},
        {11, "v1_increased_flow", "V1 above qs for more than an hour"},
        {12, "in_a1_leakage", "Pulse input A(1): leakage in the system"},
        {13, "in_b1_leakage", "Pulse input B(1): leakage in the system"},
        {14, "in_a_external_alarm", "Pulse input A: external alarm"},
        {15, "in_b_external_alarm", "Pulse input B: external alarm"},
        {16, "v1_communication_error", "V1 communication error"},
        {17, "v1_wrong_pulse_figure", "V1 wrong pulse figure"},
        {18, "in_a2_leakage", "Pulse input A2: leakage in the system"},
        {19, "in_b2_leakage", "Pulse input B2: leakage in the system"},
        {20, "t3_above_range", "t3 above measuring range or disconnected"},
        {21, "t3_below_range", "t3 below measuring range or short-circuited"},
        {22, "v2_communication_error", "V2 communication error"},
        {23, "v2_wrong_pulse_figure", "V2 wrong pulse figure"},
        {24, "v2_air", "V2 air"},
        {25, "v2_wrong_direction", "V2 wrong flow direction"},
        {27, "v2_increased_flow", "V2 above qs for more than an hour"},
        {28, "burst_water_loss", "V1/V2 burst, water loss (flow1 > flow2)"},
        {29, "burst_water_penetration", "V1/V2 burst, water penetration (flow1 < flow2)"},
        {30, "leakage_water_loss", "V1/V2 leakage, water loss (M1 > M2)"},
        {31, "leakage_water_penetration", "V1/V2 leakage, water penetration (M1 < M2)"},
};

/* MULTICAL 303/403/603/803, register 99 read as the display shows the info
 * code: 8 decimal digits, each given to one input (left to right: info, t1,
 * t2, t3, V1, V2, In-A, In-B).  MULTICAL 603 data sheet 5810-1516 (F1,
 * 07.2019) "Information code types in display" and the 403 technical
 * description 5512-1689, 7.7.1 (the 403 has no t3 and V2: those digits stay
 * 0).  Assumption, stated in docs/units-and-dates.md: jktjkt/PyKMP names 369
 * "Info bits" beside 99 "InfoCode", so 99 is read in the display's form.
 * The data sheet lists burst (7) and leakage (8) for "V1/V2" with a loss
 * and a penetration line without saying which digit carries which, so they
 * are named without the direction. */
typedef struct digit_code {
	uint8_t digit; /* 1 = leftmost */
	uint8_t code;
	const char *name;
	const char *text;
} digit_code;

static const digit_code info_digits_x03[] = {
        {1, 1, "no_supply", "No voltage supply"},
        {1, 2, "low_battery", "Low battery level"},
        {1, 9, "external_alarm", "External alarm (e.g. via KMP)"},
        {2, 1, "t1_above_range", "t1 above measuring range or switched off"},
        {2, 2, "t1_below_range", "t1 below measuring range or short-circuited"},
        {2, 9, "invalid_temperature_difference", "Invalid temperature difference (t1-t2)"},
        {3, 1, "t2_above_range", "t2 above measuring range or switched off"},
        {3, 2, "t2_below_range", "t2 below measuring range or short-circuited"},
        {3, 9, "invalid_temperature_difference", "Invalid temperature difference (t1-t2)"},
        {4, 1, "t3_above_range", "t3 above measuring range or switched off"},
        {4, 2, "t3_below_range", "t3 below measuring range or short-circuited"},
        {5, 1, "v1_communication_error", "V1 communication error"},
        {5, 2, "v1_wrong_pulse_figure", "V1 wrong pulse figure"},
        {5, 3, "v1_air", "V1 air"},
        {5, 4, "v1_wrong_direction", "V1 wrong flow direction"},
        {5, 6, "v1_increased_flow", "V1 increased flow (above qs for more than 1 hour)"},
        {5, 7, "burst", "V1/V2 burst (water loss or penetration)"},
        {5, 8, "leakage", "V1/V2 leakage (water loss or penetration)"},
        {6, 1, "v2_communication_error", "V2 communication error"},
        {6, 2, "v2_wrong_pulse_figure", "V2 wrong pulse figure"},
        {6, 3, "v2_air", "V2 air"},
        {6, 4, "v2_wrong_direction", "V2 wrong flow direction"},
        {6, 6, "v2_increased_flow", "V2 increased flow (above qs for more than 1 hour)"},
        {6, 7, "burst", "V1/V2 burst (water loss or penetration)"},
        {6, 8, "leakage", "V1/V2 leakage (water loss or penetration)"},
        {7, 7, "in_a2_leakage", "Pulse input A2: leakage in the system"},
        {7, 8, "in_a1_leakage", "Pulse input A(1): leakage in the system"},
        {7, 9, "in_a_external_alarm", "Pulse input A: external alarm"},
        {8, 7, "in_b2_leakage", "Pulse input B2: leakage in the system"},
        {8, 8, "in_b1_leakage", "Pulse input B(1): leakage in the system"},
        {8, 9, "in_b_external_alarm", "Pulse input B: external alarm"},
};

/* MULTICAL 21 and flowIQ 2101: technical description 5512-897 (J1,
 * 06.2016), 11.4 "Info register": 2 bytes, bits 0..3 the info codes, bits
 * 4..15 the info codes' hour counters (reported as one field: the
 * description's copy we could read does not split them). */
static const kmp_bit_name info_water[] = {
        {0, "dry", "DRY: no water in the meter"},
        {1, "reverse", "REVERSE: reverse flow"},
        {2, "leak", "LEAK: leak"},
        {3, "burst", "BURST: burst"},
};

#define N(t) (sizeof t / sizeof t[0])

static void set_flag(kmp_flag *f, const char *name, const char *text, int known)
{
	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->text, sizeof f->text, "%s", text);
	f->known = known;
}

int kmp_flags_from_bits(const kmp_bit_name *t, size_t n, uint32_t bits, unsigned width,
                        kmp_flag *out, size_t max)
{
	size_t k = 0;
	for (unsigned b = 0; b < width && b < 32 && k < max; b++) {
		if (!(bits >> b & 1u))
			continue;
		const kmp_bit_name *hit = NULL;
		for (size_t i = 0; i < n; i++)
			if (t[i].bit == b)
				hit = &t[i];
		if (hit) {
			set_flag(&out[k++], hit->name, hit->text, 1);
		} else {
			char name[16], text[48];
			snprintf(name, sizeof name, "bit_%u", b);
			snprintf(text, sizeof text, "bit %u (no public source names it)", b);
			set_flag(&out[k++], name, text, 0);
		}
	}
	return (int)k;
}

/* The value as a whole number 0..max (no fraction, no sign). */
static int whole(const kmp_value *v, uint32_t max, uint32_t *out)
{
	uint64_t n = 0;
	if ((v->sign_exp & 0x7F) != 0)
		return 0;
	for (size_t i = 0; i < v->len; i++) {
		n = n << 8 | v->mantissa[i];
		if (n > max)
			return 0;
	}
	if ((v->sign_exp & 0x80) && n)
		return 0;
	*out = (uint32_t)n;
	return 1;
}

static int digits_x03(uint32_t code, kmp_flag *out, size_t max)
{
	static const uint32_t place[8] = {10000000, 1000000, 100000, 10000, 1000, 100, 10, 1};
	size_t k = 0;
	for (unsigned d = 1; d <= 8 && k < max; d++) {
		unsigned c = code / place[d - 1] % 10;
		if (c == 0)
			continue;
		const digit_code *hit = NULL;
		for (size_t i = 0; i < N(info_digits_x03); i++)
			if (info_digits_x03[i].digit == d && info_digits_x03[i].code == c)
				hit = &info_digits_x03[i];
		if (!hit) {
			char name[24], text[64];
			snprintf(name, sizeof name, "digit_%u_%u", d, c);
			snprintf(text, sizeof text,
			         "display digit %u = %u (not in the vendor's table)", d, c);
			set_flag(&out[k++], name, text, 0);
			continue;
		}
		int dup = 0; /* t1 and t2 both show 9 for one invalid difference */
		for (size_t j = 0; j < k; j++)
			dup |= strcmp(out[j].name, hit->name) == 0;
		if (!dup)
			set_flag(&out[k++], hit->name, hit->text, 1);
	}
	return (int)k;
}

static int water_info(uint32_t v, kmp_flag *out, size_t max)
{
	int k = kmp_flags_from_bits(info_water, N(info_water), v & 0x0F, 4, out, max);
	if ((v >> 4) && (size_t)k < max) {
		char text[64];
		snprintf(text, sizeof text, "info-code hour counters (bits 4-15): 0x%03X",
		         (unsigned)(v >> 4));
		set_flag(&out[k++], "hour_counters", text, 1);
	}
	return k;
}

static int battery_days(uint32_t days, kmp_flag *out, size_t max)
{
	char text[64];
	if (max == 0)
		return 0;
	/* tenths of a year, rounded down: exact integer arithmetic */
	unsigned long tenths = (unsigned long)days * 10 / 365;
	snprintf(text, sizeof text, "%lu days of battery left (about %lu.%lu years)",
	         (unsigned long)days, tenths / 10, tenths % 10);
	set_flag(&out[0], "battery_days", text, 1);
	return 1;
}

int kmp_info_register(kmp_family fam, uint16_t reg)
{
	switch (fam) {
	case KMP_FAMILY_HEAT_60X:
		return reg == REG_INFO;
	case KMP_FAMILY_HEAT_X03:
		return reg == REG_INFO || reg == REG_INFO_BITS;
	case KMP_FAMILY_WATER:
		return reg == REG_INFO || reg == REG_BATTERY_DAYS;
	default:
		return 0;
	}
}

int kmp_info_flags(kmp_family fam, uint16_t reg, const kmp_value *v, kmp_flag *out, size_t max)
{
	uint32_t n;
	if (!kmp_info_register(fam, reg))
		return KMP_ERR_ARG;
	if (fam == KMP_FAMILY_HEAT_60X) {
		if (!whole(v, 0xFFFFFFFFu, &n))
			return KMP_ERR_RANGE;
		return kmp_flags_from_bits(info_60x, N(info_60x), n, 32, out, max);
	}
	if (fam == KMP_FAMILY_HEAT_X03 && reg == REG_INFO_BITS) {
		if (!whole(v, 0xFFFFFFFFu, &n))
			return KMP_ERR_RANGE;
		return kmp_flags_from_bits(info_bits_x03, N(info_bits_x03), n, 32, out, max);
	}
	if (fam == KMP_FAMILY_HEAT_X03) {
		if (!whole(v, 99999999u, &n))
			return KMP_ERR_RANGE;
		return digits_x03(n, out, max);
	}
	if (reg == REG_BATTERY_DAYS) {
		if (!whole(v, 0xFFFFFFFFu, &n))
			return KMP_ERR_RANGE;
		return battery_days(n, out, max);
	}
	if (!whole(v, 0xFFFFu, &n))
		return KMP_ERR_RANGE;
	return water_info(n, out, max);
}

const char *kmp_flags_join(const kmp_flag *f, size_t n, int texts, char *buf, size_t cap)
{
	size_t o = 0;
	if (cap == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		int w = snprintf(buf + o, cap - o, "%s%s", i ? (texts ? "; " : ",") : "",
		                 texts ? f[i].text : f[i].name);
		if (w < 0)
			break;
		o += (size_t)w < cap - o ? (size_t)w : cap - o - 1;
	}
	return buf;
}
