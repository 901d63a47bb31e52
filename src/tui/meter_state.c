/* meter_state.c - the meter's state in the terminal (see meter_state.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "feature/meter_watch.h"
#include "tui/meter_state.h"

static const char *clock_text(const struct timespec *t, char *buf, size_t cap)
{
	struct tm tm;
	time_t s = t->tv_sec;
	if (!localtime_r(&s, &tm) || !strftime(buf, cap, "%H:%M:%S", &tm))
		snprintf(buf, cap, "?");
	return buf;
}

int tui_meter_event(tui_model *m, const kmp_event *ev)
{
	kmp_meter_watch *w = &m->link.meter;
	/* identify's tries at other settings are meant to fail */
	if (tui_owner_now(&m->owners) == TUI_OWNER_IDENTIFY && ev->kind != KMP_EV_LINK_UP)
		return 0;
	unsigned long before = w->changes;
	kmp_meter_state was = w->state;
	struct timespec was_since = w->since;
	kmp_meter_watch_event(w, ev);
	if (w->changes == before)
		return 0;
	m->dirty |= TUI_DIRTY_HEADER | TUI_DIRTY_STATUS;
	if (tui_meter_warns(m) && m->status[0] && m->status_level == TUI_STATUS_INFO)
		m->status[0] = '\0'; /* the next step matters more than a notice */
	if (!w->came_back)
		return 0;
	/* say it once: the header goes back to "answering" at once */
	char t[16];
	tui_status(m, TUI_STATUS_INFO, "the meter answers again (%s since %s)",
	           kmp_meter_state_name(was), clock_text(&was_since, t, sizeof t));
	return 1;
}

const char *tui_meter_header_text(const tui_model *m, char *buf, size_t cap)
{
	const kmp_meter_watch *w = &m->link.meter;
	char t[16];
	switch (w->state) {
	case KMP_METER_NOT_ANSWERING:
		snprintf(buf, cap, "NOT ANSWERING since %s", clock_text(&w->since, t, sizeof t));
		break;
	case KMP_METER_ECHO_ONLY:
		snprintf(buf, cap, "ECHO ONLY since %s", clock_text(&w->since, t, sizeof t));
		break;
	case KMP_METER_ASLEEP:
	case KMP_METER_ANSWERING:
	case KMP_METER_UNKNOWN:
		kmp_meter_state_text(w, buf, cap);
		break;
	}
	return buf;
}

int tui_meter_warns(const tui_model *m)
{
	kmp_meter_state s = m->link.meter.state;
	return m->link.connected && s != KMP_METER_UNKNOWN && s != KMP_METER_ANSWERING;
}

const char *tui_meter_hint(const tui_model *m, char *buf, size_t cap)
{
	const kmp_meter_watch *w = &m->link.meter;
	char t[16];
	/* while identify runs, view 5 says what it finds */
	if (!tui_meter_warns(m) || tui_owner_now(&m->owners) == TUI_OWNER_IDENTIFY)
		return NULL;
	/* one row of 80 columns, the next step early: the footer keeps the
	 * keys.  The poller keeps asking at its interval, so no key is needed
	 * once the meter answers. */
	switch (w->state) {
	case KMP_METER_NOT_ANSWERING:
		snprintf(buf, cap, "no answer since %s: press 5 to identify; %s",
		         clock_text(&w->since, t, sizeof t),
		         m->poll.paused ? "polling is paused (space)" : "polling goes on");
		break;
	case KMP_METER_ASLEEP:
		snprintf(buf, cap,
		         "was answering until %s: asleep? press the meter's front button%s",
		         clock_text(&w->last_answer, t, sizeof t), m->link.simulated ? " (B)" : "");
		break;
	case KMP_METER_ECHO_ONLY:
		snprintf(buf, cap, "only the echo comes back since %s: press 3 to align or wake it",
		         clock_text(&w->since, t, sizeof t));
		break;
	case KMP_METER_UNKNOWN:
	case KMP_METER_ANSWERING:
		return NULL;
	}
	return buf;
}
