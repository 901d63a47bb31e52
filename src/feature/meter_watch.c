/* meter_watch.c - is the meter answering? (see meter_watch.h) */
#include <stdio.h>
#include <string.h>

#include "feature/meter_watch.h"
#include "kmp/error.h"

void kmp_meter_watch_init(kmp_meter_watch *w)
{
	memset(w, 0, sizeof *w);
}

static void become(kmp_meter_watch *w, kmp_meter_state s, const kmp_event *ev)
{
	if (w->state == s)
		return;
	w->state = s;
	w->since_us = ev->t_us;
	w->since = ev->wall;
	w->changes++;
}

/* An exchange ended without a valid reply: status says how. */
static void no_answer(kmp_meter_watch *w, const kmp_event *ev)
{
	w->failures++;
	w->came_back = 0;
	if (ev->status == KMP_ERR_ECHO_ONLY)
		become(w, KMP_METER_ECHO_ONLY, ev);
	else if (w->ever_answered)
		become(w, KMP_METER_ASLEEP, ev);
	else
		become(w, KMP_METER_NOT_ANSWERING, ev);
}

void kmp_meter_watch_event(kmp_meter_watch *w, const kmp_event *ev)
{
	switch (ev->kind) {
	case KMP_EV_RX:
		if (ev->status == KMP_OK && ev->msg) {
			w->came_back =
			        w->state != KMP_METER_ANSWERING && w->state != KMP_METER_UNKNOWN;
			w->ever_answered = 1;
			w->failures = 0;
			w->last_answer_us = ev->t_us;
			w->last_answer = ev->wall;
			become(w, KMP_METER_ANSWERING, ev);
		}
		break;
	case KMP_EV_TIMEOUT:
		/* the exchange is over without a reply (a damaged reply ends as
		 * RX with a bad status and is retried: it proves the meter is
		 * there, so it does not count against it) */
		no_answer(w, ev);
		break;
	case KMP_EV_LINK_UP:
		/* another meter may be behind the head now */
		w->ever_answered = 0;
		w->failures = 0;
		w->came_back = 0;
		become(w, KMP_METER_UNKNOWN, ev);
		break;
	default:
		break;
	}
}

const char *kmp_meter_state_name(kmp_meter_state s)
{
	switch (s) {
	case KMP_METER_UNKNOWN:
		return "";
	case KMP_METER_ANSWERING:
		return "answering";
	case KMP_METER_NOT_ANSWERING:
		return "not answering";
	case KMP_METER_ASLEEP:
		return "asleep?";
	case KMP_METER_ECHO_ONLY:
		return "echo only";
	}
	return "";
}

static const char *clock_text(const struct timespec *t, char *buf, size_t cap)
{
	struct tm tm;
	time_t s = t->tv_sec;
	if (!localtime_r(&s, &tm) || !strftime(buf, cap, "%H:%M:%S", &tm))
		snprintf(buf, cap, "?");
	return buf;
}

const char *kmp_meter_state_text(const kmp_meter_watch *w, char *buf, size_t cap)
{
	char t[16];
	switch (w->state) {
	case KMP_METER_UNKNOWN:
		snprintf(buf, cap, "%s", "");
		break;
	case KMP_METER_ANSWERING:
		snprintf(buf, cap, "answering");
		break;
	case KMP_METER_NOT_ANSWERING:
		snprintf(buf, cap, "not answering since %s", clock_text(&w->since, t, sizeof t));
		break;
	case KMP_METER_ASLEEP:
		snprintf(buf, cap, "asleep? (was answering until %s)",
		         clock_text(&w->last_answer, t, sizeof t));
		break;
	case KMP_METER_ECHO_ONLY:
		snprintf(buf, cap, "echo only since %s", clock_text(&w->since, t, sizeof t));
		break;
	}
	return buf;
}

const char *kmp_meter_next_step(const kmp_meter_watch *w)
{
	switch (w->state) {
	case KMP_METER_NOT_ANSWERING:
		return "press 5 to identify";
	case KMP_METER_ASLEEP:
		return "press the meter's button to wake it";
	case KMP_METER_ECHO_ONLY:
		return "press 3 to align";
	case KMP_METER_UNKNOWN:
	case KMP_METER_ANSWERING:
		break;
	}
	return NULL;
}
