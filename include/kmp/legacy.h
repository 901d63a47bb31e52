/* legacy.h - the answers of MULTICAL 66C, 401 and III meters, which speak an
 * ASCII protocol instead of KMP (protocol notes, "Legacy protocol").
 *
 * From the vendor's technical description of the MULTICAL 66-CDE, 5511-634
 * rev. C1, section 4: a request "/#1" (standard data 1) or "/#2" (standard
 * data 2) goes out at 300 baud 7E2, the answer comes at 1200 baud 7E2:
 * fields of ASCII digits separated by a space, the line ended by CR, with
 * neither units nor decimal points (4.1, and "Note 1": the CCC table of
 * section 2.2.1 gives both).
 *   /#1: E1-E2, Vol 1, Op. hrs, T1, T2, T1-T2, Power 1, Flow 1,
 *        P.pwr act., Info                        (7 digits each)
 *   /#2: Cust.no. (11 digits), TA2, TL2, TA3, TL3, In-A, In-B, ABCCC,
 *        DDEFFGG, Date                           (7 digits each)
 * ABCCC is the meter's programme: A the flow meter's position (3 flow, 4
 * return pipe), B the energy unit (2 GJ, 3 kWh, 4 MWh, 5 Gcal; 2.2) and
 * CCC the flow meter code, whose row in the CCC table fixes the decimals
 * of energy, volume, flow and power.  Nothing in the description fixes
 * the decimals of temperatures, hours, tariff and input registers or the
 * date's layout: those stay raw digits.  Pure, no I/O; exact decimals, no
 * floating point. */
#ifndef KMP_LEGACY_H
#define KMP_LEGACY_H

#include <stddef.h>
#include <stdint.h>

#define KMP_LEGACY_FIELDS 10
#define KMP_LEGACY_DIGITS_MAX 11

typedef enum kmp_legacy_kind {
	KMP_LEGACY_ENERGY, /* decimals and unit from B and the CCC row */
	KMP_LEGACY_VOLUME, /* m3, decimals from the CCC row */
	KMP_LEGACY_FLOW,   /* l/h or m3/h, from the CCC row */
	KMP_LEGACY_POWER,  /* kW or MW, from the CCC row */
	KMP_LEGACY_RAW,    /* a measurement whose decimals no source fixes */
	KMP_LEGACY_CODE,   /* a number that is no measurement (info, programme, customer) */
} kmp_legacy_kind;

typedef struct kmp_legacy_field {
	const char *label; /* the description's own: "E1-E2", "Vol 1", "ABCCC" */
	const char *name;  /* in words: "heat energy", "volume V1" */
	const char *key;   /* for JSON and CSV: "energy", "volume_v1" */
	kmp_legacy_kind kind;
	char digits[KMP_LEGACY_DIGITS_MAX + 1]; /* as the meter sent them */
	int scaled;                             /* value and unit hold the scaled reading */
	char value[KMP_LEGACY_DIGITS_MAX + 4];  /* "1234.56": exact, from digits */
	const char *unit;                       /* "GJ", "m3", "l/h", "kW"; NULL unless scaled */
} kmp_legacy_field;

typedef struct kmp_legacy_data {
	char request; /* '1' or '2' */
	size_t n;
	kmp_legacy_field f[KMP_LEGACY_FIELDS];
} kmp_legacy_data;

/* Parse one answer to "/#<request>" (request '1' or '2'): exactly the
 * fields above, one space apart, then CR (bytes after the CR are ignored;
 * a leading NUL, CR or LF is skipped).  Returns KMP_OK, KMP_ERR_ARG (a
 * request this parser does not know), KMP_ERR_FRAMING (not a line of
 * digits ended by CR) or KMP_ERR_LENGTH (a field of the wrong width, or
 * too few or too many fields). */
int kmp_legacy_parse(char request, const uint8_t *p, size_t n, kmp_legacy_data *out);

typedef struct kmp_legacy_config {
	int a;        /* flow meter position: 3 flow pipe, 4 return pipe */
	int b;        /* energy unit: 2 GJ, 3 kWh, 4 MWh, 5 Gcal */
	unsigned ccc; /* flow meter code */
} kmp_legacy_config;

/* The programme from a parsed /#2 answer (its ABCCC field).  Returns
 * KMP_OK or KMP_ERR_ARG (not a /#2 answer). */
int kmp_legacy_config_get(const kmp_legacy_data *d2, kmp_legacy_config *cfg);

/* Scale the fields of d that the programme fixes (energy, volume, flow,
 * power) when the CCC table has the row and the unit; the others keep
 * scaled = 0.  Returns how many fields were scaled. */
int kmp_legacy_scale(kmp_legacy_data *d, const kmp_legacy_config *cfg);

/* The energy unit B names ("GJ", "kWh", "MWh", "Gcal"), NULL for others. */
const char *kmp_legacy_energy_unit(int b);

#endif
