/* registers.c - names of known KMP register IDs, sorted by ID: the generic
 * table, used while the meter's family is not known (family.h has the
 * tables per family).  From tests/data/registers.tsv (public
 * implementations and the vendor's protocol description), except 1047:
 * registers.tsv has conpot's "Time zone", but the register answers with
 * unit 53 (an 8-byte clock) and AiMiR's KMP stack names it "RTC".  1001..1005
 * exist on heat and electricity meters alike (AiMiR: serial number, clock,
 * date, hour counter, software revision); 1010 is a customer number on a
 * MULTICAL but the total meter number on a 382 (family.h tells them apart).
 * Names only: every reply carries its own unit. */
#include <stdlib.h>

#include "kmp/tables.h"

static const kmp_register_info registers[] = {
        {1, "Energy in (A+)", "electricity 382"},
        {2, "Energy out (A-)", "electricity 382"},
        {13, "Energy in, high resolution", "electricity 382"},
        {14, "Energy out, high resolution", "electricity 382"},
        {39, "Max power", "electricity 382"},
        {51, "Meter number", "electricity 382"},
        {60, "Heat energy E1", "heat"},
        {61, "Flow energy E4", "heat"},
        {62, "Return-flow energy E5", "heat"},
        {63, "Cooling energy E3", "heat"},
        {64, "Tariff register TA2", "heat"},
        {65, "Tariff register TA3", "heat"},
        {66, "Tariff limit TL2", "heat"},
        {67, "Tariff limit TL3", "heat"},
        {68, "Volume V1", "heat"},
        {69, "Volume V2", "heat"},
        {72, "Mass M1", "heat"},
        {73, "Mass M2", "heat"},
        {74, "Flow V1 (actual)", "heat"},
        {75, "Flow V2 (actual)", "heat"},
        {80, "Power E1 (actual)", "heat"},
        {84, "Input register VA", "heat"},
        {85, "Input register VB", "heat"},
        {86, "Temperature T1 (flow)", "heat"},
        {87, "Temperature T2 (return)", "heat"},
        {88, "Temperature T3", "heat"},
        {89, "Temperature difference T1-T2", "heat"},
        {91, "Pressure P1", "heat"},
        {92, "Pressure P2", "heat"},
        {94, "Control energy E2", "heat"},
        {95, "Tap-water energy E6", "heat"},
        {96, "Heat energy E7", "heat"},
        {97, "E8 (m3 x T1)", "heat"},
        {98, "Target date", "heat"},
        {99, "Info code", "heat"},
        {104, "Meter number input VB", "heat"},
        {110, "E9 (m3 x T2)", "heat"},
        {112, "Customer number (high 8 digits)", "heat"},
        {113, "Info-event counter", "heat"},
        {114, "Meter number input VA", "heat"},
        {122, "Temperature T4", "heat"},
        {123, "Max flow date, year", "heat"},
        {124, "Max flow, year", "heat"},
        {125, "Min flow date, year", "heat"},
        {126, "Min flow, year", "heat"},
        {127, "Max power date, year", "heat"},
        {128, "Max power, year", "heat"},
        {129, "Min power date, year", "heat"},
        {130, "Min power, year", "heat"},
        {138, "Max flow date, month", "heat"},
        {139, "Max flow, month", "heat"},
        {140, "Min flow date, month", "heat"},
        {141, "Min flow, month", "heat"},
        {142, "Max power date, month", "heat"},
        {143, "Max power, month", "heat"},
        {144, "Min power date, month", "heat"},
        {145, "Min power, month", "heat"},
        {146, "Average T1, year", "heat"},
        {147, "Average T2, year", "heat"},
        {149, "Average T1, month", "heat"},
        {150, "Average T2, month", "heat"},
        {152, "Program number", "heat"},
        {153, "Config number DDDEE", "heat"},
        {154, "Software checksum", "heat"},
        {155, "Energy, high resolution (test)", "heat"},
        {157, "Top module ID", "heat"},
        {158, "Base module ID", "heat"},
        {168, "Config number FFGGMN", "heat"},
        {175, "Error hour counter", "heat"},
        {229, "Average T1, last integration", "heat"},
        {230, "Average T2, last integration", "heat"},
        {234, "Litres per pulse, input A", "heat"},
        {235, "Litres per pulse, input B", "heat"},
        {239, "Volume V1, high resolution", "heat"},
        {243, "Volume V1 reverse", "water (MULTICAL 21)"},
        {266, "Heat energy E1, high resolution", "heat"},
        {267, "Cooling energy E3, high resolution", "heat"},
        {292, "Water temperature", "water (MULTICAL 21)"},
        {299, "Ambient temperature", "water (MULTICAL 21)"},
        {404, "Meter type", "heat (MULTICAL 603)"},
        {582, "Battery days left", "water (flowIQ)"},
        {1001, "Serial number", "heat, electricity"},
        {1002, "Clock (hh:mm:ss)", "heat, electricity"},
        {1003, "Date (yy:mm:dd)", "heat, electricity"},
        {1004, "Operating hours", "heat, electricity"},
        {1005, "Software edition", "heat, electricity"},
        {1010, "Customer number (low 8 digits)", "heat"},
        {1023, "Power in (actual)", "electricity 382"},
        {1024, "Power out (actual)", "electricity 382"},
        {1047, "Real-time clock (RTC)", "electricity 382"},
        {1054, "Voltage L1", "electricity 382"},
        {1055, "Voltage L2", "electricity 382"},
        {1056, "Voltage L3", "electricity 382"},
        {1076, "Current L1", "electricity 382"},
        {1077, "Current L2", "electricity 382"},
        {1078, "Current L3", "electricity 382"},
        {1079, "Internal temperature", "electricity 382"},
        {1080, "Power L1 (in)", "electricity 382"},
        {1081, "Power L2 (in)", "electricity 382"},
        {1082, "Power L3 (in)", "electricity 382"},
        {1126, "Meter type (text)", "electricity 382"},
        {1268, "M-Bus address", "electricity 382"},
        {1271, "KMP address", "electricity 382"},
        {1344, "Power L1 (out)", "electricity 382"},
        {1345, "Power L2 (out)", "electricity 382"},
        {1346, "Power L3 (out)", "electricity 382"},
};

#define N_REGISTERS (sizeof registers / sizeof registers[0])

static int by_id(const void *key, const void *elem)
{
	unsigned k = *(const unsigned *)key, id = ((const kmp_register_info *)elem)->id;
	return k < id ? -1 : k > id;
}

const kmp_register_info *kmp_register_lookup(unsigned id)
{
	return bsearch(&id, registers, N_REGISTERS, sizeof registers[0], by_id);
}

const kmp_register_info *kmp_register_table(size_t *count)
{
	*count = N_REGISTERS;
	return registers;
}
