/* legacy.c - MULTICAL 66C / 401 / III answers (see legacy.h). */
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/legacy.h"

typedef struct field_def {
	const char *label, *name, *key;
	kmp_legacy_kind kind;
	int width;
} field_def;

/* 5511-634 rev. C1, 4.1 "STANDARD DATA 1" and "STANDARD DATA 2". */
static const field_def data1[KMP_LEGACY_FIELDS] = {
        {"E1-E2", "heat energy", "energy", KMP_LEGACY_ENERGY, 7},
        {"Vol 1", "volume V1", "volume_v1", KMP_LEGACY_VOLUME, 7},
        {"Op. hrs", "operating hours", "hours", KMP_LEGACY_RAW, 7},
        {"T1", "flow temperature T1", "t1", KMP_LEGACY_RAW, 7},
        {"T2", "return temperature T2", "t2", KMP_LEGACY_RAW, 7},
        {"T1-T2", "temperature difference", "t1_t2", KMP_LEGACY_RAW, 7},
        {"Power 1", "power", "power", KMP_LEGACY_POWER, 7},
        {"Flow 1", "flow V1", "flow_v1", KMP_LEGACY_FLOW, 7},
        {"P.pwr act.", "peak power (actual)", "peak_power", KMP_LEGACY_POWER, 7},
        {"Info", "info code", "info", KMP_LEGACY_CODE, 7},
};
static const field_def data2[KMP_LEGACY_FIELDS] = {
        {"Cust.no.", "customer number", "customer", KMP_LEGACY_CODE, 11},
        {"TA2", "tariff register TA2", "ta2", KMP_LEGACY_RAW, 7},
        {"TL2", "tariff limit TL2", "tl2", KMP_LEGACY_RAW, 7},
        {"TA3", "tariff register TA3", "ta3", KMP_LEGACY_RAW, 7},
        {"TL3", "tariff limit TL3", "tl3", KMP_LEGACY_RAW, 7},
        {"In-A", "pulse input A", "in_a", KMP_LEGACY_RAW, 7},
        {"In-B", "pulse input B", "in_b", KMP_LEGACY_RAW, 7},
        {"ABCCC", "programme A-B-CCC", "abccc", KMP_LEGACY_CODE, 7},
        {"DDEFFGG", "configuration DD-E-FF-GG", "ddeffgg", KMP_LEGACY_CODE, 7},
        {"Date", "date", "date", KMP_LEGACY_RAW, 7},
};

int kmp_legacy_parse(char request, const uint8_t *p, size_t n, kmp_legacy_data *out)
{
	const field_def *def = request == '1' ? data1 : request == '2' ? data2 : NULL;
	if (!def)
		return KMP_ERR_ARG;
	memset(out, 0, sizeof *out);
	out->request = request;
	size_t i = 0;
	while (i < n && (p[i] == 0 || p[i] == '\r' || p[i] == '\n'))
		i++;
	const uint8_t *cr = i < n ? memchr(p + i, '\r', n - i) : NULL;
	if (!cr)
		return KMP_ERR_FRAMING;
	size_t end = (size_t)(cr - p);
	for (size_t k = i; k < end; k++)
		if (!(p[k] >= '0' && p[k] <= '9') && p[k] != ' ')
			return KMP_ERR_FRAMING;
	while (i < end) {
		size_t w = 0;
		while (i + w < end && p[i + w] != ' ')
			w++;
		if (out->n == KMP_LEGACY_FIELDS || w != (size_t)def[out->n].width)
			return KMP_ERR_LENGTH;
		kmp_legacy_field *f = &out->f[out->n];
		f->label = def[out->n].label;
		f->name = def[out->n].name;
		f->key = def[out->n].key;
		f->kind = def[out->n].kind;
		memcpy(f->digits, p + i, w);
		f->digits[w] = '\0';
		out->n++;
		i += w;
		if (i < end) {
			i++; /* the one space */
			if (i == end)
				return KMP_ERR_LENGTH; /* a space before the CR: a field is missing
				                        */
		}
	}
	return out->n == KMP_LEGACY_FIELDS ? KMP_OK : KMP_ERR_LENGTH;
}

int kmp_legacy_config_get(const kmp_legacy_data *d2, kmp_legacy_config *cfg)
{
	if (d2->request != '2' || d2->n != KMP_LEGACY_FIELDS)
		return KMP_ERR_ARG;
	unsigned long v = 0;
	for (const char *s = d2->f[7].digits; *s; s++)
		v = v * 10 + (unsigned long)(*s - '0');
	cfg->a = (int)(v / 10000 % 10);
	cfg->b = (int)(v / 1000 % 10);
	cfg->ccc = (unsigned)(v % 1000);
	return KMP_OK;
}

const char *kmp_legacy_energy_unit(int b)
{
	switch (b) {
	case 2:
		return "GJ";
	case 3:
		return "kWh";
	case 4:
		return "MWh";
	case 5:
		return "Gcal";
	default:
		return NULL;
	}
}

/* 5511-634 rev. C1, 2.2.1 "CCC-Table for MULTICAL Type 66-CDE": the
 * number of decimals displayed per flow meter code and unit.  N: the row
 * has no such column (that unit is not used with this flow meter); X10:
 * the table says "x10" (the reading counts tens, no decimals).  Rows from
 * 2.2.1.1/2.2.1.2 (ULTRAFLOW), 2.2.1.4 (Reed contact), 2.2.1.5 (passive
 * electronic) and 2.2.1.6 (vane wheel); the test codes of 2.2.1.3, whose
 * columns the printed table leaves ambiguous, are not used. */
enum { N = -9, X10 = -1 };
typedef struct ccc_row {
	unsigned short ccc;
	signed char kwh, mwh, gj, m3, lph, m3ph, kw, mw;
} ccc_row;

#define STD(c)                                                                                     \
	{                                                                                          \
		c, 0, 3, 2, 2, 0, N, 1, N                                                          \
	} /* 0 3 2 2 0 . 1 . */
#define MID(c)                                                                                     \
	{                                                                                          \
		c, N, 2, 1, 1, 0, N, 1, N                                                          \
	} /* . 2 1 1 0 . 1 . */
#define BIG(c)                                                                                     \
	{                                                                                          \
		c, N, 1, 0, 0, N, 2, N, 3                                                          \
	} /* . 1 0 0 . 2 . 3 */
#define HUGE(c)                                                                                    \
	{                                                                                          \
		c, N, 0, X10, X10, N, 1, N, 2                                                      \
	} /* . 0 x10 x10 . 1 . 2 */

static const ccc_row ccc_table[] = {
        /* 2.2.1.4 Reed contact (no l/h or kW columns) */
        {0, N, 3, 2, 2, N, 2, N, 3},
        {1, N, 3, 2, 2, N, 2, N, 3},
        {2, N, 3, 2, 2, N, 1, N, 2},
        {3, N, 2, 1, 1, N, 1, N, 2},
        {4, N, 2, 1, 1, N, 1, N, 2},
        {5, N, 1, 0, 0, N, 1, N, 2},
        {6, N, 2, 1, 1, N, 0, N, 1},
        {7, N, 1, 0, 0, N, 0, N, 1},
        {8, N, 1, 0, 0, N, 0, N, 1},
        {9, 0, 3, 2, 2, N, 2, N, 3},
        /* 2.2.1.6 vane wheel, 2.2.1.1 and 2.2.1.2 ULTRAFLOW, 2.2.1.5 passive */
        STD(102),
        STD(103),
        MID(104),
        MID(105),
        MID(106),
        STD(108),
        STD(109),
        STD(110),
        STD(111),
        STD(112),
        MID(113),
        MID(114),
        STD(115),
        STD(116),
        STD(117),
        STD(118),
        STD(119),
        MID(120),
        STD(121),
        STD(122),
        STD(123),
        STD(124),
        STD(125),
        STD(126),
        MID(127),
        MID(128),
        MID(129),
        MID(130),
        MID(131),
        STD(132),
        STD(133),
        STD(134),
        MID(135),
        STD(136),
        MID(137),
        STD(139),
        MID(140),
        MID(141),
        {142, N, 2, 1, 1, N, 2, N, 3},
        {143, N, 2, 1, 1, N, 2, N, 3},
        BIG(144),
        BIG(145),
        BIG(146),
        BIG(147),
        BIG(148),
        MID(151),
        MID(152),
        MID(153),
        STD(156),
        MID(157),
        {158, N, 1, 0, 0, N, 2, 0, N},
        STD(163),
        STD(164),
        STD(165),
        HUGE(166),
        HUGE(167),
        MID(168),
        {169, N, 1, 0, 0, N, 2, 0, N},
        BIG(170),
        HUGE(171),
        HUGE(172),
        {173, N, 1, 0, 0, N, 1, N, 2},
        BIG(175),
        BIG(176),
        BIG(177),
        MID(178),
        MID(179),
        BIG(180),
        BIG(181),
        HUGE(182),
        STD(197),
        STD(198),
};

static const ccc_row *ccc_lookup(unsigned ccc)
{
	for (size_t i = 0; i < sizeof ccc_table / sizeof ccc_table[0]; i++)
		if (ccc_table[i].ccc == ccc)
			return &ccc_table[i];
	return NULL;
}

/* digits with `decimals` of them after the point (X10: one zero more),
 * leading zeros dropped: exact text, no arithmetic on the value. */
static void place_point(const char *digits, int decimals, char *out, size_t cap)
{
	char padded[2 * KMP_LEGACY_DIGITS_MAX + 4];
	size_t dec = decimals > 0 ? (size_t)decimals : 0, n = strlen(digits);
	/* at least one digit before the point: "5" with 2 decimals is 0.05 */
	size_t pad = n > dec ? 0 : dec - n + 1;
	memset(padded, '0', pad);
	snprintf(padded + pad, sizeof padded - pad, "%s%s", digits, decimals == X10 ? "0" : "");
	n = strlen(padded);
	size_t int_len = n - dec, lead = 0;
	while (lead + 1 < int_len && padded[lead] == '0')
		lead++;
	if (dec)
		snprintf(out, cap, "%.*s.%s", (int)(int_len - lead), padded + lead,
		         padded + int_len);
	else
		snprintf(out, cap, "%s", padded + lead);
}

static int scale_one(kmp_legacy_field *f, int decimals, const char *unit)
{
	if (decimals == N || !unit)
		return 0;
	place_point(f->digits, decimals, f->value, sizeof f->value);
	f->unit = unit;
	f->scaled = 1;
	return 1;
}

int kmp_legacy_scale(kmp_legacy_data *d, const kmp_legacy_config *cfg)
{
	const ccc_row *r = ccc_lookup(cfg->ccc);
	int done = 0;
	if (!r)
		return 0;
	int energy = cfg->b == 2                  ? r->gj
	             : cfg->b == 3                ? r->kwh
	             : cfg->b == 4 || cfg->b == 5 ? r->mwh
	                                          : N;
	for (size_t i = 0; i < d->n; i++) {
		kmp_legacy_field *f = &d->f[i];
		switch (f->kind) {
		case KMP_LEGACY_ENERGY:
			done += scale_one(f, energy, kmp_legacy_energy_unit(cfg->b));
			break;
		case KMP_LEGACY_VOLUME:
			done += scale_one(f, r->m3, "m3");
			break;
		case KMP_LEGACY_FLOW:
			done += r->lph != N ? scale_one(f, r->lph, "l/h")
			                    : scale_one(f, r->m3ph, "m3/h");
			break;
		case KMP_LEGACY_POWER:
			done += r->kw != N ? scale_one(f, r->kw, "kW") : scale_one(f, r->mw, "MW");
			break;
		case KMP_LEGACY_RAW:
		case KMP_LEGACY_CODE:
			break;
		}
	}
	return done;
}
