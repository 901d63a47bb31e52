/* The TUI tests' model and trace frames (see tui_fixture.h). */
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui/tui.h"
#include "tui_fixture.h"

#define SEC 1000000u

tui_model *fixture_new_model(void)
{
	tui_model *m = calloc(1, sizeof *m);
	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_FATAL(
	        tui_model_init(m, tui_default_regs, tui_n_default_regs, 10000, 1000 * SEC) == 0);
	m->utf8 = 0; /* the runner keeps the C locale: ASCII glyphs and units */
	m->color = 0;
	return m;
}

void fixture_free_model(tui_model *m)
{
	tui_model_free(m);
	free(m);
}

kmp_reading fixture_reading(uint16_t id, uint8_t unit, const char *text, uint8_t len)
{
	kmp_reading rd;
	memset(&rd, 0, sizeof rd);
	rd.id = id;
	rd.state = KMP_READING_OK;
	rd.unit = unit;
	CU_ASSERT_FATAL(kmp_value_from_text(text, len, &rd.value) == KMP_OK);
	CU_ASSERT_FATAL(kmp_record_append(rd.record, sizeof rd.record, &rd.record_len, id, unit,
	                                  &rd.value) == KMP_OK);
	return rd;
}

void fixture_push_frame(tui_model *m, kmp_event_kind kind, const char *hex, uint64_t t)
{
	static kmp_frame f;
	static kmp_msg msg;
	uint8_t raw[256];
	int n = test_hex(hex, raw, sizeof raw);
	CU_ASSERT_FATAL(n > 0);
	kmp_frame_decode(raw, (size_t)n, &f);
	kmp_event ev = {.kind = kind, .t_us = t, .raw = raw, .raw_len = (size_t)n, .frame = &f};
	ev.status = f.status;
	ev.own_echo = kind == KMP_EV_ECHO;
	if (f.status == KMP_OK && kmp_msg_decode(&f, -1, &msg) == KMP_OK)
		ev.msg = &msg;
	CU_ASSERT_FATAL(tui_ring_push(&m->trace.ring, &ev, !m->utf8) == 0);
}
