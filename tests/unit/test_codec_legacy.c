/* The legacy MULTICAL 66C answers (kmp/legacy.h), GetType codes and the
 * family names and probe (kmp/meter_type.h). */
#include <string.h>

#include "kmp/error.h"
#include "kmp/legacy.h"
#include "kmp/meter_type.h"
#include "testing.h"

static const char answer1[] =
        "0123456 0876543 0170000 0006539 0004017 0002522 0000125 0000428 0000296 0000000\r";
static const char answer2[] =
        "00012345678 0009876 0000000 0000000 0000000 0034567 0000000 0032119 1200000 0261129\r";

static int parse(char req, const char *s, kmp_legacy_data *d)
{
	return kmp_legacy_parse(req, (const uint8_t *)s, strlen(s), d);
}

static void test_parse_both_answers(void)
{
	kmp_legacy_data d1, d2;
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	CU_ASSERT_EQUAL(d1.n, 10);
	CU_ASSERT_STRING_EQUAL(d1.f[0].label, "E1-E2");
	CU_ASSERT_STRING_EQUAL(d1.f[0].digits, "0123456");
	CU_ASSERT_STRING_EQUAL(d1.f[9].key, "info");
	CU_ASSERT_FALSE(d1.f[0].scaled);
	CU_ASSERT_EQUAL_FATAL(parse('2', answer2, &d2), KMP_OK);
	CU_ASSERT_STRING_EQUAL(d2.f[0].digits, "00012345678");
	kmp_legacy_config cfg;
	CU_ASSERT_EQUAL(kmp_legacy_config_get(&d2, &cfg), KMP_OK);
	CU_ASSERT_EQUAL(cfg.a, 3);
	CU_ASSERT_EQUAL(cfg.b, 2);
	CU_ASSERT_EQUAL(cfg.ccc, 119);
	CU_ASSERT_EQUAL(kmp_legacy_config_get(&d1, &cfg), KMP_ERR_ARG);
	/* a leading LF (a CR LF line end of the previous answer) and bytes after the CR */
	char s[200];
	snprintf(s, sizeof s, "\n%sjunk", answer1);
	CU_ASSERT_EQUAL(parse('1', s, &d1), KMP_OK);
}

static void test_parse_refuses(void)
{
	kmp_legacy_data d;
	CU_ASSERT_EQUAL(parse('3', answer1, &d), KMP_ERR_ARG);
	/* no CR: cut off */
	CU_ASSERT_EQUAL(parse('1', "0123456 0876543", &d), KMP_ERR_FRAMING);
	/* a letter, a point: not the meter's digits */
	CU_ASSERT_EQUAL(parse('1', "0123.56 0876543\r", &d), KMP_ERR_FRAMING);
	/* nine fields */
	CU_ASSERT_EQUAL(
	        parse('1',
	              "0123456 0876543 0170000 0006539 0004017 0002522 0000125 0000428 0000296\r",
	              &d),
	        KMP_ERR_LENGTH);
	/* a field of 6 digits */
	CU_ASSERT_EQUAL(parse('1',
	                      "123456 0876543 0170000 0006539 0004017 0002522 0000125 0000428 "
	                      "0000296 0000000\r",
	                      &d),
	                KMP_ERR_LENGTH);
	/* /#2's first field is 11 digits, not 7 */
	CU_ASSERT_EQUAL(parse('2', answer1, &d), KMP_ERR_LENGTH);
	/* two spaces: an empty field */
	CU_ASSERT_EQUAL(
	        parse('1',
	              "0123456  0876543 0170000 0006539 0004017 0002522 0000125 0000428 0000296\r",
	              &d),
	        KMP_ERR_LENGTH);
	CU_ASSERT_EQUAL(parse('1', "\r", &d), KMP_ERR_FRAMING);
	CU_ASSERT_EQUAL(parse('1', " \r", &d), KMP_ERR_LENGTH);
}

/* 5511-634, 2.2.1: CCC 119 in GJ is energy and volume with 2 decimals,
 * flow in l/h without, power in kW with 1. */
static void test_scale_ccc119(void)
{
	kmp_legacy_data d1;
	kmp_legacy_config cfg = {3, 2, 119};
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	CU_ASSERT_EQUAL(kmp_legacy_scale(&d1, &cfg), 5);
	CU_ASSERT_STRING_EQUAL(d1.f[0].value, "1234.56");
	CU_ASSERT_STRING_EQUAL(d1.f[0].unit, "GJ");
	CU_ASSERT_STRING_EQUAL(d1.f[1].value, "8765.43");
	CU_ASSERT_STRING_EQUAL(d1.f[1].unit, "m3");
	CU_ASSERT_STRING_EQUAL(d1.f[6].value, "12.5");
	CU_ASSERT_STRING_EQUAL(d1.f[6].unit, "kW");
	CU_ASSERT_STRING_EQUAL(d1.f[7].value, "428");
	CU_ASSERT_STRING_EQUAL(d1.f[7].unit, "l/h");
	CU_ASSERT_STRING_EQUAL(d1.f[8].value, "29.6");
	/* temperatures and hours: no source fixes their decimals */
	CU_ASSERT_FALSE(d1.f[2].scaled);
	CU_ASSERT_FALSE(d1.f[3].scaled);
	CU_ASSERT_FALSE(d1.f[9].scaled);
	/* in kWh the same meter shows no decimals, in MWh three */
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	cfg.b = 3;
	kmp_legacy_scale(&d1, &cfg);
	CU_ASSERT_STRING_EQUAL(d1.f[0].value, "123456");
	CU_ASSERT_STRING_EQUAL(d1.f[0].unit, "kWh");
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	cfg.b = 4;
	kmp_legacy_scale(&d1, &cfg);
	CU_ASSERT_STRING_EQUAL(d1.f[0].value, "123.456");
}

static void test_scale_other_rows(void)
{
	kmp_legacy_data d1;
	/* CCC 171: GJ and m3 "x10", flow m3/h with 1, power MW with 2 */
	kmp_legacy_config cfg = {3, 2, 171};
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	kmp_legacy_scale(&d1, &cfg);
	CU_ASSERT_STRING_EQUAL(d1.f[0].value, "1234560");
	CU_ASSERT_STRING_EQUAL(d1.f[7].value, "42.8");
	CU_ASSERT_STRING_EQUAL(d1.f[7].unit, "m3/h");
	CU_ASSERT_STRING_EQUAL(d1.f[6].value, "1.25");
	CU_ASSERT_STRING_EQUAL(d1.f[6].unit, "MW");
	/* CCC 151 has no kWh column: energy in kWh stays raw */
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	cfg = (kmp_legacy_config){3, 3, 151};
	kmp_legacy_scale(&d1, &cfg);
	CU_ASSERT_FALSE(d1.f[0].scaled);
	CU_ASSERT_TRUE(d1.f[1].scaled);
	/* a flow meter code the table does not list: nothing scaled */
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	cfg = (kmp_legacy_config){3, 2, 999};
	CU_ASSERT_EQUAL(kmp_legacy_scale(&d1, &cfg), 0);
	/* an unknown energy unit: energy raw, the rest scaled */
	CU_ASSERT_EQUAL_FATAL(parse('1', answer1, &d1), KMP_OK);
	cfg = (kmp_legacy_config){3, 7, 119};
	CU_ASSERT_EQUAL(kmp_legacy_scale(&d1, &cfg), 4);
	CU_ASSERT_FALSE(d1.f[0].scaled);
	/* small values keep a digit before the point: 0000005 with 2 decimals */
	CU_ASSERT_EQUAL_FATAL(parse('1',
	                            "0000005 0000000 0170000 0006539 0004017 0002522 0000000 "
	                            "0000000 0000000 0000000\r",
	                            &d1),
	                      KMP_OK);
	cfg = (kmp_legacy_config){3, 2, 119};
	kmp_legacy_scale(&d1, &cfg);
	CU_ASSERT_STRING_EQUAL(d1.f[0].value, "0.05");
	CU_ASSERT_STRING_EQUAL(d1.f[1].value, "0.00");
	CU_ASSERT_STRING_EQUAL(d1.f[6].value, "0.0");
	CU_ASSERT_STRING_EQUAL(kmp_legacy_energy_unit(5), "Gcal");
	CU_ASSERT_PTR_NULL(kmp_legacy_energy_unit(1));
}

static void test_meter_types(void)
{
	const kmp_meter_type_info *i = kmp_meter_type_lookup(0x0004);
	CU_ASSERT_PTR_NOT_NULL_FATAL(i);
	CU_ASSERT_STRING_EQUAL(i->model, "MULTICAL 601, Pt100");
	CU_ASSERT_EQUAL(i->family, KMP_FAMILY_HEAT_60X);
	CU_ASSERT_PTR_NOT_NULL(kmp_meter_type_lookup(0x0001));
	CU_ASSERT_PTR_NOT_NULL(strstr(kmp_meter_type_lookup(0x1505)->model, "67-05"));
	CU_ASSERT_EQUAL(kmp_meter_type_lookup(0x0912)->address, 0x7F);
	CU_ASSERT_EQUAL(kmp_meter_type_lookup(0x1601)->address, 0xBF);
	/* what no public source names is not guessed */
	CU_ASSERT_PTR_NULL(kmp_meter_type_lookup(0x0034));
	CU_ASSERT_PTR_NULL(kmp_meter_type_lookup(0x0002));
	CU_ASSERT_PTR_NULL(kmp_meter_type_lookup(0x1502));
}

static void test_family_names(void)
{
	kmp_family f = KMP_FAMILY_UNKNOWN;
	CU_ASSERT_EQUAL(kmp_family_parse("multical403", &f), 0);
	CU_ASSERT_EQUAL(f, KMP_FAMILY_HEAT_X03);
	CU_ASSERT_EQUAL(kmp_family_parse("MULTICAL 603", &f), 0);
	CU_ASSERT_EQUAL(f, KMP_FAMILY_HEAT_X03);
	CU_ASSERT_EQUAL(kmp_family_parse("flowIQ", &f), 0);
	CU_ASSERT_EQUAL(f, KMP_FAMILY_WATER);
	CU_ASSERT_EQUAL(kmp_family_parse("382", &f), 0);
	CU_ASSERT_EQUAL(f, KMP_FAMILY_ELECTRICITY);
	CU_ASSERT_EQUAL(kmp_family_parse("multical-601", &f), 0);
	CU_ASSERT_EQUAL(f, KMP_FAMILY_HEAT_60X);
	f = KMP_FAMILY_WATER;
	CU_ASSERT_EQUAL(kmp_family_parse("multical404", &f), -1);
	CU_ASSERT_EQUAL(f, KMP_FAMILY_WATER); /* untouched */
	CU_ASSERT_EQUAL(kmp_family_parse("", &f), -1);
	CU_ASSERT_EQUAL(kmp_family_parse("a-very-long-name-that-no-family-has-at-all", &f), -1);
	/* every key parses back to its family */
	for (int k = KMP_FAMILY_UNKNOWN + 1; k < KMP_FAMILY_COUNT; k++) {
		kmp_family g;
		CU_ASSERT_EQUAL(kmp_family_parse(kmp_family_key((kmp_family)k), &g), 0);
		CU_ASSERT_EQUAL(g, (kmp_family)k);
	}
}

static void test_family_probe(void)
{
	size_t n;
	const uint16_t *ids = kmp_family_probe_ids(&n);
	CU_ASSERT(n >= 4 && n <= 8); /* one GetRegister */
	/* each signature ID is named by its family's table */
	for (size_t i = 0; i < n; i++) {
		uint16_t one = ids[i];
		kmp_family f = kmp_family_from_ids(&one, 1);
		CU_ASSERT(f != KMP_FAMILY_UNKNOWN);
		CU_ASSERT_PTR_NOT_NULL(kmp_register_family_lookup(f, one));
	}
	uint16_t x03[] = {369, 404};
	CU_ASSERT_EQUAL(kmp_family_from_ids(x03, 2), KMP_FAMILY_HEAT_X03);
	uint16_t both[] = {369, 582};
	CU_ASSERT_EQUAL(kmp_family_from_ids(both, 2), KMP_FAMILY_UNKNOWN);
	uint16_t none[] = {60};
	CU_ASSERT_EQUAL(kmp_family_from_ids(none, 1), KMP_FAMILY_UNKNOWN);
	CU_ASSERT_EQUAL(kmp_family_from_ids(none, 0), KMP_FAMILY_UNKNOWN);
	CU_ASSERT_TRUE(kmp_family_type_register(640));
	CU_ASSERT_FALSE(kmp_family_type_register(60));
}

TEST_SUITE(codec_legacy_suite)
{
	CU_pSuite s = CU_add_suite("codec legacy answers and meter types", NULL, NULL);
	TEST_ADD(s, test_parse_both_answers);
	TEST_ADD(s, test_parse_refuses);
	TEST_ADD(s, test_scale_ccc119);
	TEST_ADD(s, test_scale_other_rows);
	TEST_ADD(s, test_meter_types);
	TEST_ADD(s, test_family_names);
	TEST_ADD(s, test_family_probe);
}
