/* event_msg.c - the flags of GetEventStatus (see event_msg.h). */
#include <stdio.h>
#include <string.h>

#include "kmp/event_msg.h"
#include "kmp/msg.h"

/* 5512-447 6.3.5: ES0, ES1 and ES3 "not used"; ES2 says which logs hold
 * records not read yet. */
static const kmp_bit_name es2_module[] = {
        {0, "interval_log_unread", "the interval log has unread records"},
        {1, "rtc_log_unread", "the RTC log has unread records"},
};

/* 382/162/351 and OMNIPOWER: AiMiR's KMP stack, KmpUtils.cpp,
 * GetEventStatus0..3 (ES3 reserved). */
static const kmp_bit_name es0_electricity[] = {
        {0, "meter_reset", "meter reset"},
        {1, "eeprom_error", "error at EEPROM access, restore or backup"},
        {2, "magnetic_field", "critical magnetic field detected"},
        {3, "ram_error", "RAM test error"},
        {4, "rom_checksum_error", "ROM checksum error"},
        {5, "alarm_input", "alarm input"},
        {6, "front_cover_open", "front cover open"},
        {7, "auxiliary_power", "auxiliary power supply"},
};
static const kmp_bit_name es1_electricity[] = {
        {0, "rf_data_ready", "RF data ready"},
        {1, "forced_call", "forced call"},
};
static const kmp_bit_name es2_electricity[] = {
        {0, "debiting_event_logged", "debiting event logged"},
        {1, "rtc_event_logged", "RTC event logged"},
        {2, "status_event_logged", "meter status event logged"},
        {3, "voltage_quality_event_logged", "voltage quality event logged"},
        {4, "disconnect_event_logged", "disconnect event logged"},
};

#define N(t) (sizeof t / sizeof t[0])

int kmp_build_get_event_status(uint8_t addr, uint8_t *out, size_t cap)
{
	return kmp_build_request(addr, KMP_CID_GET_EVENT_STATUS, NULL, 0, out, cap);
}

int kmp_event_flags(kmp_family fam, const uint8_t es[4], kmp_flag *out, size_t max)
{
	const kmp_bit_name *t[4] = {NULL, NULL, es2_module, NULL};
	size_t n[4] = {0, 0, N(es2_module), 0};
	size_t k = 0;
	if (fam == KMP_FAMILY_ELECTRICITY) {
		t[0] = es0_electricity, n[0] = N(es0_electricity);
		t[1] = es1_electricity, n[1] = N(es1_electricity);
		t[2] = es2_electricity, n[2] = N(es2_electricity);
	}
	for (int b = 0; b < 4 && k < max; b++) {
		size_t got = (size_t)kmp_flags_from_bits(t[b], n[b], es[b], 8, out + k, max - k);
		for (size_t i = k; i < k + got; i++) {
			/* which byte: "es2_..." and "ES2: ..." */
			char name[KMP_FLAG_NAME_MAX], text[KMP_FLAG_TEXT_MAX];
			snprintf(name, sizeof name, "es%d_%s", b, out[i].name);
			snprintf(text, sizeof text, "ES%d: %s", b, out[i].text);
			memcpy(out[i].name, name, sizeof name);
			memcpy(out[i].text, text, sizeof text);
		}
		k += got;
	}
	return (int)k;
}
