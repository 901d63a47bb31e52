/* meter_type.c - GetType codes, family names and the family probe (see
 * meter_type.h). */
#include <ctype.h>
#include <string.h>

#include "kmp/meter_type.h"
#include "kmp/msg.h"

/* 5512-447 rev. M1, 6.2.1 ("GetType"): the only codes a public source
 * names.  The 67-05 top module answers at the meter's own address 3F with
 * a code of its own (2.2), a logger top module at 7F, a base module at BF
 * (section 5). */
static const struct {
	uint16_t code;
	kmp_meter_type_info info;
} named[] = {
        {0x0001, {"MULTICAL 601, Pt500", KMP_FAMILY_HEAT_60X, 0x3F, "5512-447 6.2.1"}},
        {0x0004, {"MULTICAL 601, Pt100", KMP_FAMILY_HEAT_60X, 0x3F, "5512-447 6.2.1"}},
        {0x0005, {"MULTICAL 601, Pt500 4-wire", KMP_FAMILY_HEAT_60X, 0x3F, "5512-447 6.2.1"}},
        {0x1501,
         {"MULTICAL 601, Pt500, through a 67-05 top module", KMP_FAMILY_HEAT_60X, 0x3F,
          "5512-447 6.2.1"}},
        {0x1504,
         {"MULTICAL 601, Pt100, through a 67-05 top module", KMP_FAMILY_HEAT_60X, 0x3F,
          "5512-447 6.2.1"}},
        {0x1505,
         {"MULTICAL 601, Pt500 4-wire, through a 67-05 top module", KMP_FAMILY_HEAT_60X, 0x3F,
          "5512-447 6.2.1"}},
};

static const kmp_meter_type_info top_module = {"a top module (logger; address 7F)",
                                               KMP_FAMILY_UNKNOWN, 0x7F, "5512-447 6.2.1"};
static const kmp_meter_type_info base_module = {"a base module (address BF)", KMP_FAMILY_UNKNOWN,
                                                0xBF, "5512-447 6.2.1"};

const kmp_meter_type_info *kmp_meter_type_lookup(uint16_t code)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].code == code)
			return &named[i].info;
	if ((code >> 8) == 0x09)
		return &top_module;
	if ((code >> 8) == 0x16)
		return &base_module;
	return NULL;
}

/* Keys first (kmp_family_key), then what people also write.  The models
 * per family are those of family.h (registers-by-family.tsv). */
static const struct {
	const char *word;
	kmp_family fam;
} words[] = {
        {"multical302", KMP_FAMILY_HEAT_302},
        {"multical601", KMP_FAMILY_HEAT_60X},
        {"multical801", KMP_FAMILY_HEAT_801},
        {"multical403", KMP_FAMILY_HEAT_X03},
        {"multical21", KMP_FAMILY_WATER},
        {"kamstrup382", KMP_FAMILY_ELECTRICITY},
        {"302", KMP_FAMILY_HEAT_302},
        {"601", KMP_FAMILY_HEAT_60X},
        {"602", KMP_FAMILY_HEAT_60X},
        {"multical602", KMP_FAMILY_HEAT_60X},
        {"801", KMP_FAMILY_HEAT_801},
        {"303", KMP_FAMILY_HEAT_X03},
        {"403", KMP_FAMILY_HEAT_X03},
        {"603", KMP_FAMILY_HEAT_X03},
        {"803", KMP_FAMILY_HEAT_X03},
        {"multical303", KMP_FAMILY_HEAT_X03},
        {"multical603", KMP_FAMILY_HEAT_X03},
        {"multical803", KMP_FAMILY_HEAT_X03},
        {"21", KMP_FAMILY_WATER},
        {"flowiq", KMP_FAMILY_WATER},
        {"water", KMP_FAMILY_WATER},
        {"382", KMP_FAMILY_ELECTRICITY},
        {"162", KMP_FAMILY_ELECTRICITY},
        {"351", KMP_FAMILY_ELECTRICITY},
        {"k382", KMP_FAMILY_ELECTRICITY},
        {"omnipower", KMP_FAMILY_ELECTRICITY},
        {"electricity", KMP_FAMILY_ELECTRICITY},
        {"unknown", KMP_FAMILY_UNKNOWN},
};

const char *kmp_family_key(kmp_family fam)
{
	for (size_t i = 0; i < 6; i++)
		if (words[i].fam == fam)
			return words[i].word;
	return "unknown";
}

const char *kmp_family_keys(void)
{
	return "multical302, multical601, multical801, multical403 (303/403/603/803), "
	       "multical21 (flowIQ), kamstrup382 (382/162/351/OMNIPOWER), unknown";
}

int kmp_family_parse(const char *s, kmp_family *out)
{
	char w[32];
	size_t n = 0;
	if (!s)
		return -1;
	for (; *s; s++) {
		if (*s == ' ' || *s == '-' || *s == '_')
			continue;
		if (n + 1 >= sizeof w)
			return -1;
		w[n++] = (char)tolower((unsigned char)*s);
	}
	w[n] = '\0';
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i].word) == 0) {
			*out = words[i].fam;
			return 0;
		}
	return -1;
}

/* One GetRegister (8 IDs at most, protocol notes "Commands").  Each family
 * ID below is named by that family's sources and by no other family's
 * table (family.h): 369 info bits (303/403/603), 155 and 157 (601/602 and
 * 801: high-resolution energy, top module ID), 582 battery days (MULTICAL
 * 21/flowIQ), 1 energy in (382).  404, 640 and 1126 say what the meter is
 * in its own words. */
static const uint16_t probe_ids[] = {369, 155, 157, 582, 1, 404, 640, 1126};

static const struct {
	uint16_t id;
	kmp_family fam;
} signature[] = {
        {369, KMP_FAMILY_HEAT_X03},  {404, KMP_FAMILY_HEAT_X03},     {155, KMP_FAMILY_HEAT_60X},
        {157, KMP_FAMILY_HEAT_60X},  {582, KMP_FAMILY_WATER},        {640, KMP_FAMILY_WATER},
        {1, KMP_FAMILY_ELECTRICITY}, {1126, KMP_FAMILY_ELECTRICITY},
};

const uint16_t *kmp_family_probe_ids(size_t *n)
{
	*n = sizeof probe_ids / sizeof probe_ids[0];
	return probe_ids;
}

int kmp_family_type_register(uint16_t id)
{
	return id == 404 || id == 640 || id == 1126;
}

kmp_family kmp_family_from_ids(const uint16_t *ids, size_t n)
{
	kmp_family found = KMP_FAMILY_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof signature / sizeof signature[0]; k++) {
			if (signature[k].id != ids[i])
				continue;
			if (found != KMP_FAMILY_UNKNOWN && found != signature[k].fam)
				return KMP_FAMILY_UNKNOWN; /* two families: no answer */
			found = signature[k].fam;
		}
	return found;
}
