/* The simulator's meter profiles: each holds the registers a public source
 * names for its family (and the 403 every one), with values that fit, unit
 * codes that exist, and dates a reader can check; GetType and the logger
 * module answer; --info sets exactly the bits the codec's info tables name
 * leak and sensor error for that family. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kmp/datetime.h"
#include "kmp/family.h"
#include "kmp/infocodes.h"
#include "kmp/msg.h"
#include "kmp/value.h"
#include "sim/sim_info.h"
#include "sim/sim_legacy.h"
#include "sim/sim_profile.h"
#include "sim_fixture.h"
#include "testing.h"
#include "tsv.h"

static const char *const names[] = {"default",    "multical403", "multical603", "multical601",
                                    "multical21", "k382",        "multical66c"};
#define N_NAMES (sizeof names / sizeof names[0])

static void test_profiles_found(void)
{
	CU_ASSERT_EQUAL(kmpsim_profile_count(), N_NAMES);
	for (size_t i = 0; i < N_NAMES; i++) {
		const kmpsim_profile *p = kmpsim_profile_find(names[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		CU_ASSERT_STRING_EQUAL(p->name, names[i]);
		CU_ASSERT_PTR_EQUAL(kmpsim_profile_at(i), p);
		CU_ASSERT_PTR_NOT_NULL(strstr(kmpsim_profile_names(), names[i]));
	}
	CU_ASSERT_PTR_NULL(kmpsim_profile_find("multical404"));
	CU_ASSERT_PTR_NULL(kmpsim_profile_find(""));
	CU_ASSERT_PTR_EQUAL(kmpsim_profile_default(), kmpsim_profile_find("default"));
	/* the line settings of the protocol notes */
	const kmpsim_profile *p = kmpsim_profile_find("k382");
	CU_ASSERT(p->rx.baud == 9600 && p->rx.stopbits == 1 && p->tx.databits == 8);
	p = kmpsim_profile_find("multical403");
	CU_ASSERT(p->rx.baud == 1200 && p->rx.stopbits == 2 && p->rx.parity == 'N');
	CU_ASSERT_EQUAL(p->sleep_after_s, 240);
	p = kmpsim_profile_find("multical66c");
	CU_ASSERT(p->rx.baud == 300 && p->rx.databits == 7 && p->rx.parity == 'E' &&
	          p->rx.stopbits == 2);
	CU_ASSERT(p->tx.baud == 1200 && p->tx.databits == 7 && p->tx.parity == 'E');
	CU_ASSERT_EQUAL(p->protocol, KMPSIM_PROTO_LEGACY);
	/* the default meter answers at any settings, as it always did */
	CU_ASSERT_EQUAL(kmpsim_profile_default()->line_model, 0);
	CU_ASSERT_EQUAL(kmpsim_profile_default()->sleep_after_s, 0);
}

static int unit_known(uint8_t u)
{
	return u <= 64 || u == 79;
}

/* IDs a profile holds that its family's table in the codec does not name,
 * each for a reason given in sim_regs_*.c. */
static int allowed_unnamed(const char *profile, uint16_t id)
{
	if (!strcmp(profile, "multical21"))
		return id == 68 || (id >= 1001 && id <= 1004); /* common to every meter */
	if (!strcmp(profile, "k382"))
		return id == 1205; /* conpot's 16-byte value */
	return 0;
}

static void test_registers_sound(void)
{
	struct tm lt = {.tm_year = 126,
	                .tm_mon = 10,
	                .tm_mday = 21,
	                .tm_hour = 23,
	                .tm_min = 59,
	                .tm_sec = 58,
	                .tm_wday = 6,
	                .tm_isdst = 0};
	for (size_t k = 0; k < N_NAMES; k++) {
		const kmpsim_profile *p = kmpsim_profile_find(names[k]);
		kmpsim_meter m;
		kmpsim_profile_meter(p, p->serial, NULL, &m);
		size_t n = kmpsim_meter_count(&m);
		CU_ASSERT(n >= 20);
		for (size_t i = 0; i < n; i++) {
			uint16_t id = kmpsim_meter_id(&m, i);
			for (size_t j = 0; j < i; j++)
				CU_ASSERT_NOT_EQUAL(kmpsim_meter_id(&m, j), id);
			const kmpsim_regdef *d = kmpsim_meter_regdef(&m, id);
			CU_ASSERT_PTR_NOT_NULL_FATAL(d);
			CU_ASSERT(unit_known(d->unit));
			for (int64_t t = 0; t < 72LL * 3600 * 1000; t += 3600LL * 1000 - 7) {
				uint8_t unit;
				kmp_value v;
				if (kmpsim_meter_read(&m, id, t, &lt, &unit, &v) != KMP_OK) {
					printf("\n%s register %u does not read\n", p->name, id);
					CU_FAIL("register does not read");
					break;
				}
				CU_ASSERT_EQUAL(v.len, d->len);
				CU_ASSERT_EQUAL(unit, d->unit);
				/* every date and time a reader can check, is valid */
				kmp_datetime dt;
				if (kmp_unit_is_datetime(unit) && unit != 64)
					CU_ASSERT_EQUAL(kmp_datetime_decode(&v, unit, &dt), KMP_OK);
			}
			if (p->family != KMP_FAMILY_UNKNOWN &&
			    !kmp_register_family_lookup(p->family, id) &&
			    !allowed_unnamed(p->name, id)) {
				printf("\n%s register %u: no public name for the family\n", p->name,
				       id);
				CU_FAIL("a register no public source names for the family");
			}
		}
	}
}

/* Every register a public source names for the 403, 603/303 and 601
 * (tests/data/registers-by-family.tsv) is in the profile, but register 1
 * of the 601 (an example in the vendor's description, not a 601 value). */
static void test_named_registers_present(void)
{
	static tsv_row rows[800];
	int n = tsv_read("registers-by-family.tsv", NULL, rows, 800);
	CU_ASSERT_FATAL(n > 600);
	static const struct {
		const char *family, *profile;
	} want[] = {{"heat MULTICAL 403", "multical403"},
	            {"heat MULTICAL 603/303", "multical603"},
	            {"heat MULTICAL 601", "multical601"}};
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		const kmpsim_profile *p = kmpsim_profile_find(want[w].profile);
		kmpsim_meter m;
		kmpsim_profile_meter(p, 1, NULL, &m);
		int checked = 0;
		for (int i = 0; i < n; i++) {
			if (rows[i].ncol < 2 || strcmp(rows[i].col[1], want[w].family))
				continue;
			unsigned id = (unsigned)strtoul(rows[i].col[0], NULL, 10);
			if (!strcmp(p->name, "multical601") && id == 1)
				continue;
			checked++;
			if (!kmpsim_meter_regdef(&m, (uint16_t)id)) {
				printf("\n%s lacks %u (%s)\n", p->name, id, rows[i].col[2]);
				CU_FAIL("a named register is missing");
			}
		}
		CU_ASSERT(checked > 60);
	}
}

static void request(simf *f, int64_t t, uint8_t addr, uint8_t cid, const uint16_t *ids, size_t n)
{
	uint8_t req[KMP_FRAME_MAX];
	int len = cid == KMP_CID_GET_REGISTER
	                  ? kmp_build_get_register(addr, ids, n, req, sizeof req)
	                  : kmp_build_request(addr, cid, NULL, 0, req, sizeof req);
	CU_ASSERT_FATAL(len > 0);
	simf_feed(f, t, req, (size_t)len);
}

static void test_601_type_and_module(void)
{
	simf *f = simf_new("multical601", NULL);
	request(f, SIMF_T0, 0x3F, KMP_CID_GET_TYPE, NULL, 0);
	simf_run(f, SIMF_T0 + SIMF_SEC);
	/* exactly the vendor's example reply (5512-447 6.2.1, in
	 * reference/frames-field-captures.tsv): type 0004, revision F1 */
	uint8_t want[16];
	int nw = test_hex("40 3F 01 00 04 1B F9 01 26 99 0D", want, sizeof want);
	CU_ASSERT_EQUAL_FATAL(f->out_len, (size_t)nw);
	CU_ASSERT_EQUAL(memcmp(f->out, want, (size_t)nw), 0);

	/* the logger top module at 7F: its own type (09xx) and serial, no registers */
	simf_clear(f);
	request(f, SIMF_T0 + 2 * SIMF_SEC, 0x7F, KMP_CID_GET_TYPE, NULL, 0);
	request(f, SIMF_T0 + 3 * SIMF_SEC, 0x7F, KMP_CID_GET_SERIAL, NULL, 0);
	uint16_t ids[] = {60, 68};
	request(f, SIMF_T0 + 4 * SIMF_SEC, 0x7F, KMP_CID_GET_REGISTER, ids, 2);
	request(f, SIMF_T0 + 5 * SIMF_SEC, 0xBF, KMP_CID_GET_TYPE, NULL, 0);
	simf_run(f, SIMF_T0 + 7 * SIMF_SEC);
	kmp_frame fr[4];
	CU_ASSERT_EQUAL_FATAL(simf_replies(f, fr, 4), 3);
	static kmp_msg m;
	CU_ASSERT_EQUAL(fr[0].addr, 0x7F);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr[0], KMP_CID_GET_TYPE, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.type.meter_type >> 8, 0x09);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr[1], KMP_CID_GET_SERIAL, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.serial, f->profile->module_serial);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr[2], KMP_CID_GET_REGISTER, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.n_records, 0);
	CU_ASSERT_EQUAL(f->ev[f->n_ev - 1].result, KMPSIM_OTHER_ADDRESS);
	simf_free(f);

	/* a 403 has no module: 7F is another address */
	f = simf_new("multical403", NULL);
	request(f, SIMF_T0, 0x7F, KMP_CID_GET_TYPE, NULL, 0);
	simf_run(f, SIMF_T0 + SIMF_SEC);
	CU_ASSERT_EQUAL(f->out_len, 0);
	CU_ASSERT_EQUAL(f->ev[0].result, KMPSIM_OTHER_ADDRESS);
	simf_free(f);
}

/* The flags the codec reads from register id of meter m. */
static void flags_of(const kmpsim_profile *p, const kmpsim_meter *m, uint16_t id, kmp_family fam,
                     char *names_out, size_t cap)
{
	struct tm lt = {.tm_year = 126, .tm_mon = 0, .tm_mday = 1};
	uint8_t unit;
	kmp_value v;
	kmp_flag fl[KMP_FLAGS_MAX];
	names_out[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(kmpsim_meter_read(m, id, 1000, &lt, &unit, &v), KMP_OK);
	int n = kmp_info_flags(fam, id, &v, fl, KMP_FLAGS_MAX);
	CU_ASSERT_FATAL(n >= 0);
	kmp_flags_join(fl, (size_t)n, 0, names_out, cap);
	(void)p;
}

static void test_info_leak_and_sensor(void)
{
	static const struct {
		const char *profile;
		uint16_t reg;
		kmp_family fam;
		const char *want;
	} cases[] = {
	        {"multical403", 99, KMP_FAMILY_HEAT_X03, "t1_above_range,in_a1_leakage"},
	        {"multical403", 369, KMP_FAMILY_HEAT_X03, "t1_above_range,in_a1_leakage"},
	        {"multical603", 99, KMP_FAMILY_HEAT_X03, "t1_above_range,in_a1_leakage"},
	        {"multical603", 369, KMP_FAMILY_HEAT_X03, "t1_above_range,in_a1_leakage"},
	        {"multical601", 99, KMP_FAMILY_HEAT_60X, "t1_out_of_range,leak_heating"},
	};
	char err[200], got[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const kmpsim_profile *p = kmpsim_profile_find(cases[i].profile);
		kmpsim_meter m;
		kmpsim_profile_meter(p, 1, NULL, &m);
		flags_of(p, &m, cases[i].reg, cases[i].fam, got, sizeof got);
		CU_ASSERT_STRING_EQUAL(got, ""); /* nothing set until asked */
		CU_ASSERT_EQUAL_FATAL(
		        kmpsim_info_apply(p, "leak,sensor-error", &m, err, sizeof err), KMP_OK);
		flags_of(p, &m, cases[i].reg, cases[i].fam, got, sizeof got);
		CU_ASSERT_STRING_EQUAL(got, cases[i].want);
	}
	/* the exact values: 403 display digits 01000080, bits 3 and 12 */
	const kmpsim_profile *p = kmpsim_profile_find("multical403");
	kmpsim_meter m;
	kmpsim_profile_meter(p, 1, NULL, &m);
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak, sensor-error", &m, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(kmpsim_meter_info(&m, 99), 1000080u);
	CU_ASSERT_EQUAL(kmpsim_meter_info(&m, 369), (1u << 3) | (1u << 12));
	/* any flag the family's tables name, by its name */
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "low_battery,v1_air", &m, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(kmpsim_meter_info(&m, 369), (1u << 1) | (1u << 8));
	CU_ASSERT_EQUAL(kmpsim_meter_info(&m, 99), 20003000u);
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "none", &m, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(kmpsim_meter_info(&m, 369), 0);

	/* the water meter: LEAK is bit 2; it names no sensor error */
	p = kmpsim_profile_find("multical21");
	kmpsim_profile_meter(p, 1, NULL, &m);
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak", &m, err, sizeof err), KMP_OK);
	CU_ASSERT_EQUAL(kmpsim_meter_info(&m, 99), 4u);
	flags_of(p, &m, 99, KMP_FAMILY_WATER, got, sizeof got);
	CU_ASSERT_STRING_EQUAL(got, "leak");
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak,sensor-error", &m, err, sizeof err),
	                KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no sensor error"));

	/* refused: unknown names, two codes for one digit, meters without info */
	p = kmpsim_profile_find("multical403");
	kmpsim_profile_meter(p, 1, NULL, &m);
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak,flood", &m, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "'flood'"));
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "t1_above_range,t1_below_range", &m, err, sizeof err),
	                KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "display digit 2"));
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak,,", &m, err, sizeof err), KMP_ERR_BAD_INPUT);
	p = kmpsim_profile_find("k382");
	kmpsim_profile_meter(p, 1, NULL, &m);
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak", &m, err, sizeof err), KMP_ERR_BAD_INPUT);
	p = kmpsim_profile_default();
	kmpsim_profile_meter(p, 1, NULL, &m);
	CU_ASSERT_EQUAL(kmpsim_info_apply(p, "leak", &m, err, sizeof err), KMP_ERR_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--profile"));
}

/* The 382's long values: more than 64 bits, ASCII and the unit-53 clock. */
static void test_382_long_values(void)
{
	simf *f = simf_new("k382", NULL);
	/* a fixed wall clock: 2026-11-21 10:20:30 UTC */
	int64_t wall = 1795256430LL * SIMF_SEC;
	kmpsim_core_set_wall_offset(&f->core, wall - SIMF_T0);
	uint16_t ids[] = {1, 1010, 1047, 1126, 1205, 1058};
	request(f, SIMF_T0, 0x3F, KMP_CID_GET_REGISTER, ids, 6);
	simf_run(f, SIMF_T0 + SIMF_SEC);
	kmp_frame fr[2];
	CU_ASSERT_EQUAL_FATAL(simf_replies(f, fr, 2), 1);
	static kmp_msg m;
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr[0], KMP_CID_GET_REGISTER, &m), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(m.n_records, 6);
	char text[128];
	const kmp_record *r = kmp_msg_find(&m, 1010);
	CU_ASSERT_EQUAL(r->value.len, 10);
	kmp_value_format(&r->value, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "57065670001234567890");
	r = kmp_msg_find(&m, 1205);
	CU_ASSERT_EQUAL(r->value.len, 16);
	kmp_value_format(&r->value, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "1329227995784915872903807060280344576");
	r = kmp_msg_find(&m, 1126);
	CU_ASSERT_EQUAL(r->unit, 54);
	CU_ASSERT(kmp_value_text(&r->value, r->unit, text, sizeof text) > 0);
	CU_ASSERT_STRING_EQUAL(text, "685-382-KA-20");
	r = kmp_msg_find(&m, 1047);
	CU_ASSERT_EQUAL(r->unit, 53);
	CU_ASSERT_EQUAL(r->value.len, 8);
	kmp_datetime dt;
	CU_ASSERT_EQUAL_FATAL(kmp_datetime_decode(&r->value, 53, &dt), KMP_OK);
	time_t s = 1795256430;
	struct tm lt;
	localtime_r(&s, &lt);
	char want[32];
	snprintf(want, sizeof want, "%04d-%02d-%02d %02d:%02d:%02d", lt.tm_year + 1900,
	         lt.tm_mon + 1, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec);
	CU_ASSERT_STRING_EQUAL(dt.iso, want);
	r = kmp_msg_find(&m, 1);
	CU_ASSERT_EQUAL(r->unit, 2);
	CU_ASSERT_EQUAL(kmp_value_exponent(&r->value), -1);
	simf_free(f);
}

/* The 603's unit-79 date-time (the B8 loggers' format) reads as the clock. */
static void test_603_dst_time(void)
{
	simf *f = simf_new("multical603", NULL);
	int64_t wall = 1795256430LL * SIMF_SEC;
	kmpsim_core_set_wall_offset(&f->core, wall - SIMF_T0);
	uint16_t ids[] = {348, 1002};
	request(f, SIMF_T0, 0x3F, KMP_CID_GET_REGISTER, ids, 2);
	simf_run(f, SIMF_T0 + SIMF_SEC);
	kmp_frame fr[2];
	CU_ASSERT_EQUAL_FATAL(simf_replies(f, fr, 2), 1);
	static kmp_msg m;
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&fr[0], KMP_CID_GET_REGISTER, &m), KMP_OK);
	const kmp_record *r = kmp_msg_find(&m, 348);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	kmp_datetime dt;
	CU_ASSERT_EQUAL_FATAL(kmp_datetime_decode(&r->value, 79, &dt), KMP_OK);
	char clock[16];
	const kmp_record *c = kmp_msg_find(&m, 1002);
	kmp_value_text(&c->value, c->unit, clock, sizeof clock);
	CU_ASSERT_PTR_NOT_NULL(strstr(dt.iso, clock));
	simf_free(f);
}

TEST_SUITE(sim_profile_suite)
{
	CU_pSuite s = CU_add_suite("sim profiles", NULL, NULL);
	TEST_ADD(s, test_profiles_found);
	TEST_ADD(s, test_registers_sound);
	TEST_ADD(s, test_named_registers_present);
	TEST_ADD(s, test_601_type_and_module);
	TEST_ADD(s, test_info_leak_and_sensor);
	TEST_ADD(s, test_382_long_values);
	TEST_ADD(s, test_603_dst_time);
}
