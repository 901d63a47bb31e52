/* sim_profile.c - the meters kmpsim can play (see sim_profile.h).
 *
 * Line settings and sleep times: protocol notes, "Physical layer" and
 * "Meter families and their line settings" (MULTICAL heat meters and the
 * water meters at 1200 8N2, the 382 at 9600 8N1; a 403 answers for about
 * 4 minutes after a button press, other meters sleep after about 30
 * minutes without traffic; the 382 is mains powered and is taken to stay
 * awake).  The MULTICAL 66C: its technical description 5511-634, section 4
 * (request at 300 baud, answer at 1200, 7 data bits, even parity, 2 stop
 * bits; the answer "normally 1-2 s" after the request). */
#include <string.h>

#include "kmp/frame.h"
#include "sim/sim_profile.h"
#include "sim/sim_regs.h"

#define LINE_1200_8N2                                                                              \
	{                                                                                          \
		1200, 8, 'N', 2                                                                    \
	}
#define REGS(t) &t

static const kmpsim_profile profiles[] = {
        {
                .name = "default",
                .model = "MULTICAL 403-like heat meter (line model off)",
                .family = KMP_FAMILY_UNKNOWN,
                .protocol = KMPSIM_PROTO_KMP,
                .line_model = 0,
                .rx = LINE_1200_8N2,
                .tx = LINE_1200_8N2,
                .latency_ms = 50,
                .sleep_after_s = 0,
                .address = KMP_ADDR_HEAT,
                .meter_type = KMPSIM_METER_TYPE,
                .sw_letter = KMPSIM_SW_LETTER,
                .sw_number = KMPSIM_SW_NUMBER,
                .serial = KMPSIM_DEFAULT_SERIAL,
        },
        {
                .name = "multical403",
                .model = "MULTICAL 403 heat meter",
                .family = KMP_FAMILY_HEAT_X03,
                .protocol = KMPSIM_PROTO_KMP,
                .line_model = 1,
                .rx = LINE_1200_8N2,
                .tx = LINE_1200_8N2,
                .latency_ms = 50,
                .sleep_after_s = 240, /* ~4 min after a button press */
                .address = KMP_ADDR_HEAT,
                .meter_type = 0x0034, /* made up */
                .sw_letter = 11,      /* K1 */
                .sw_number = 1,
                .serial = 67123456,
                .regs = {REGS(kmpsim_regs_x03_gj), REGS(kmpsim_regs_x03)},
                .n_regs = 2,
                .info = {{99, KMPSIM_INFO_DIGITS, KMP_FAMILY_HEAT_X03},
                         {369, KMPSIM_INFO_BITS, KMP_FAMILY_HEAT_X03}},
                .n_info = 2,
                /* pulse input A reports a leak (a water meter's leak
                 * signal), t1 disconnected: both registers name them */
                .leak_flag = "in_a1_leakage",
                .sensor_flag = "t1_above_range",
        },
        {
                .name = "multical603",
                .model = "MULTICAL 603 heat meter",
                .family = KMP_FAMILY_HEAT_X03,
                .protocol = KMPSIM_PROTO_KMP,
                .line_model = 1,
                .rx = LINE_1200_8N2,
                .tx = LINE_1200_8N2,
                .latency_ms = 50,
                .sleep_after_s = 1800,
                .address = KMP_ADDR_HEAT,
                .meter_type = 0x0036, /* made up */
                .sw_letter = 12,      /* L2 */
                .sw_number = 2,
                .serial = 72345678,
                .regs = {REGS(kmpsim_regs_x03_mwh), REGS(kmpsim_regs_x03),
                         REGS(kmpsim_regs_x03_603)},
                .n_regs = 3,
                .info = {{99, KMPSIM_INFO_DIGITS, KMP_FAMILY_HEAT_X03},
                         {369, KMPSIM_INFO_BITS, KMP_FAMILY_HEAT_X03}},
                .n_info = 2,
                .leak_flag = "in_a1_leakage",
                .sensor_flag = "t1_above_range",
        },
        {
                .name = "multical601",
                .model = "MULTICAL 601 heat meter with a logger top module",
                .family = KMP_FAMILY_HEAT_60X,
                .protocol = KMPSIM_PROTO_KMP,
                .line_model = 1,
                .rx = LINE_1200_8N2,
                .tx = LINE_1200_8N2,
                .latency_ms = 50,
                .sleep_after_s = 1800,
                .address = KMP_ADDR_HEAT,
                /* 5512-447 6.2.1's own example: 0004 (601 pt100), F1 */
                .meter_type = 0x0004,
                .sw_letter = 6,
                .sw_number = 1,
                .type_sourced = 1,
                .serial = 6123456,
                .module_address = KMP_ADDR_LOGGER_TOP,
                .module_type = 0x0901, /* 09xx: a top module (5512-447); 01 made up */
                .module_sw_letter = 1,
                .module_sw_number = 2,
                .module_serial = 6123457,
                .regs = {REGS(kmpsim_regs_601)},
                .n_regs = 1,
                .info = {{99, KMPSIM_INFO_BITS, KMP_FAMILY_HEAT_60X}},
                .n_info = 1,
                .leak_flag = "leak_heating",
                .sensor_flag = "t1_out_of_range",
        },
        {
                .name = "multical21",
                .model = "MULTICAL 21 / flowIQ water meter",
                .family = KMP_FAMILY_WATER,
                .protocol = KMPSIM_PROTO_KMP,
                .line_model = 1,
                /* the sources say 1200 baud; 8N2 like every KMP head */
                .rx = LINE_1200_8N2,
                .tx = LINE_1200_8N2,
                .latency_ms = 50,
                .sleep_after_s = 1800,
                .address = KMP_ADDR_HEAT,
                .meter_type = 0x0C13, /* made up */
                .sw_letter = 4,       /* D1 */
                .sw_number = 1,
                .serial = 68012345,
                .regs = {REGS(kmpsim_regs_water)},
                .n_regs = 1,
                .info = {{99, KMPSIM_INFO_BITS, KMP_FAMILY_WATER}},
                .n_info = 1,
                .leak_flag = "leak",
                .sensor_flag = NULL, /* DRY, REVERSE, LEAK, BURST: no sensor error */
        },
        {
                .name = "k382",
                .model = "Kamstrup 382 electricity meter",
                .family = KMP_FAMILY_ELECTRICITY,
                .protocol = KMPSIM_PROTO_KMP,
                .line_model = 1,
                .rx = {9600, 8, 'N', 1},
                .tx = {9600, 8, 'N', 1},
                .latency_ms = 30,
                .sleep_after_s = 0, /* mains powered */
                .address = KMP_ADDR_HEAT,
                .meter_type = 0x0A2B, /* made up */
                .sw_letter = 5,       /* E3 */
                .sw_number = 3,
                .serial = 5601234,
                .regs = {REGS(kmpsim_regs_elec)},
                .n_regs = 1,
        },
        {
                .name = "multical66c",
                .model = "MULTICAL 66C heat meter (legacy ASCII protocol)",
                .family = KMP_FAMILY_UNKNOWN,
                .protocol = KMPSIM_PROTO_LEGACY,
                .line_model = 1,
                .rx = {300, 7, 'E', 2},
                .tx = {1200, 7, 'E', 2},
                .latency_ms = 1000, /* "normally 1-2 sec." */
                .sleep_after_s = 1800,
                .regs = {REGS(kmpsim_regs_66c)},
                .n_regs = 1,
                /* the 66C's info codes (5511-634, 1.8: 001, 004, 008, 032,
                 * 064, 256, 512) are the MULTICAL 602's bits 0, 2, 3, 5, 6,
                 * 8, 9 (infocodes.c), names included */
                .info = {{99, KMPSIM_INFO_BITS, KMP_FAMILY_HEAT_60X}},
                .n_info = 1,
                .leak_flag = "leak_heating",
                .sensor_flag = "t1_out_of_range",
        },
};

#define N_PROFILES (sizeof profiles / sizeof profiles[0])

const kmpsim_profile *kmpsim_profile_find(const char *name)
{
	for (size_t i = 0; i < N_PROFILES; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

const kmpsim_profile *kmpsim_profile_default(void)
{
	return &profiles[0];
}

size_t kmpsim_profile_count(void)
{
	return N_PROFILES;
}

const kmpsim_profile *kmpsim_profile_at(size_t i)
{
	return i < N_PROFILES ? &profiles[i] : NULL;
}

const char *kmpsim_profile_names(void)
{
	return "default, multical403, multical603, multical601, multical21, k382, multical66c";
}

void kmpsim_profile_meter(const kmpsim_profile *p, uint32_t serial, const kmpsim_map *map,
                          kmpsim_meter *m)
{
	kmpsim_meter_init(m, serial, map);
	if (p->n_regs) {
		m->n_sets = 0; /* the profile's tables instead of the default one */
		for (size_t i = 0; i < p->n_regs; i++)
			kmpsim_meter_add_regs(m, p->regs[i]->regs, p->regs[i]->n);
	}
	m->meter_type = p->meter_type;
	m->sw_letter = p->sw_letter;
	m->sw_number = p->sw_number;
	m->module_address = p->module_address;
	m->module_type = p->module_type;
	m->module_sw_letter = p->module_sw_letter;
	m->module_sw_number = p->module_sw_number;
	m->module_serial = p->module_serial;
	for (size_t i = 0; i < p->n_info; i++)
		kmpsim_meter_set_info(m, p->info[i].id, 0);
}
