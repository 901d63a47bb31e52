/* model.c - setting up the model, the status line and the prompt (see
 * model.h).  The views' key handlers live with their views. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kmp/meter_type.h"
#include "tui/model.h"

/* A status message stays this long. */
#define STATUS_US (6u * 1000000u)

int tui_model_init(tui_model *m, const uint16_t *ids, size_t n, unsigned interval_ms,
                   uint64_t now_us)
{
	memset(m, 0, sizeof *m);
	m->now_us = now_us;
	m->start_us = now_us;
	m->rows = 24;
	m->cols = 80;
	m->utf8 = 1;
	m->dirty = TUI_DIRTY_ALL;
	m->poll.interval_ms = interval_ms;
	tui_regs_set(&m->regs, ids, n);
	m->trace.follow = 1;
	m->record.dir = ".";
	if (tui_ring_init(&m->trace.ring, TUI_TRACE_CAP) != 0)
		return -1;
	return 0;
}

void tui_model_free(tui_model *m)
{
	tui_ring_free(&m->trace.ring);
}

void tui_status(tui_model *m, int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->status, sizeof m->status, fmt, ap);
	va_end(ap);
	m->status_level = level;
	/* errors stay a little longer: they are the ones people need to read */
	m->status_until_us = m->now_us + STATUS_US * (level == TUI_STATUS_ERROR ? 2 : 1);
	m->dirty |= TUI_DIRTY_STATUS;
}

int tui_status_expire(tui_model *m)
{
	if (!m->status[0] || m->now_us < m->status_until_us)
		return 0;
	m->status[0] = '\0';
	m->dirty |= TUI_DIRTY_STATUS;
	return 1;
}

int tui_body_rows(const tui_model *m)
{
	int h = m->rows - TUI_HEADER_ROWS - TUI_FOOTER_ROWS;
	return h > 0 ? h : 0;
}

int tui_fits(const tui_model *m)
{
	return m->cols >= TUI_MIN_COLS && m->rows >= TUI_MIN_ROWS;
}

void tui_prompt_open(tui_model *m, const char *label, int (*submit)(tui_model *m, const char *text))
{
	tui_prompt *p = &m->prompt;
	memset(p, 0, sizeof *p);
	p->active = 1;
	snprintf(p->label, sizeof p->label, "%s", label);
	p->submit = submit;
	m->status[0] = '\0'; /* the footer explains the prompt instead */
	m->dirty |= TUI_DIRTY_STATUS;
}

int tui_meter_family(const tui_model *m)
{
	const kmp_meter_type_info *t;
	if (m->family != KMP_FAMILY_UNKNOWN)
		return m->family;
	if (m->link.have_type && (t = kmp_meter_type_lookup(m->link.type.meter_type)))
		return (int)t->family;
	return KMP_FAMILY_UNKNOWN;
}
