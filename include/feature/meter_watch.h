/* meter_watch.h - is the meter answering?  A state apart from the link's:
 * the link can be up for minutes while the meter behind the head sleeps,
 * or sees only the head's own light.  Built from the client's events (the
 * owner's observer feeds them in), pure: no clock of its own, no I/O.
 *
 *   unknown        nothing asked yet (or the link just opened)
 *   answering      the last exchange got a valid reply
 *   not answering  no valid reply since T, and never one since the link
 *                  opened: wrong settings, no meter, a sleeping one
 *   asleep?        it answered until T, then stopped: its optical port
 *                  went to sleep (a MULTICAL 403 sleeps ~4 min after a
 *                  button press) or the head moved
 *   echo only      only the head's echo comes back: the head works, the
 *                  meter does not see it
 * A reply that nobody waited for (late, stray) changes nothing; neither do
 * failures of the link itself (the link state says those). */
#ifndef FEATURE_METER_WATCH_H
#define FEATURE_METER_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "client/client.h"

typedef enum kmp_meter_state {
	KMP_METER_UNKNOWN,
	KMP_METER_ANSWERING,
	KMP_METER_NOT_ANSWERING,
	KMP_METER_ASLEEP,
	KMP_METER_ECHO_ONLY,
} kmp_meter_state;

typedef struct kmp_meter_watch {
	kmp_meter_state state;
	uint64_t since_us;       /* when the state began */
	struct timespec since;   /* ... wall clock, for "since 12:03:10" */
	int ever_answered;       /* since the link opened */
	uint64_t last_answer_us; /* the last valid reply */
	struct timespec last_answer;
	unsigned failures;     /* exchanges in a row without a valid reply */
	int came_back;         /* the latest reply ended a spell without answers */
	unsigned long changes; /* bumped whenever state changes (a front end redraws) */
} kmp_meter_watch;

void kmp_meter_watch_init(kmp_meter_watch *w);
/* Feed every client event. */
void kmp_meter_watch_event(kmp_meter_watch *w, const kmp_event *ev);

/* "answering", "not answering since 12:03:10", "asleep? (was answering
 * until 12:03:10)", "echo only since 12:03:10", "" for unknown (local
 * time). */
const char *kmp_meter_state_text(const kmp_meter_watch *w, char *buf, size_t cap);
/* Short form for a header: "answering", "not answering", "asleep?", "echo
 * only", "". */
const char *kmp_meter_state_name(kmp_meter_state s);
/* The next step in a few words, or NULL when none is needed:
 * "press 5 to identify", "press 3 to align", "press the meter's button to
 * wake it". */
const char *kmp_meter_next_step(const kmp_meter_watch *w);

#endif
