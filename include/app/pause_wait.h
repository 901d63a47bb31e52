/* pause_wait.h - what `scan` and `history` do around their engines'
 * pauses: a lost link is waited for (the client reopens it every second)
 * for at most APP_LINK_WAIT_S; a meter that went quiet gets APP_REWAIT_S
 * (time to press its button or put the head back), at most APP_REWAITS
 * times, before the command gives up with exit 1. */
#ifndef APP_PAUSE_WAIT_H
#define APP_PAUSE_WAIT_H

#include <stdint.h>

#include "app/session.h"

#define APP_REWAIT_S 10
#define APP_REWAITS 3
#define APP_LINK_WAIT_S 30

typedef struct app_pause_wait {
	uint64_t link_since; /* when a link pause began, 0: none */
	uint64_t wait_until; /* end of a rewait */
} app_pause_wait;

/* After the engine's pump at now: whether it is paused for the link. */
void app_pause_note_link(app_pause_wait *pw, int link_paused, uint64_t now);

/* 1 when the link has been lost for longer than APP_LINK_WAIT_S at now. */
int app_pause_link_gone(const app_pause_wait *pw, uint64_t now);

/* The loop's next deadline: w (0: none) or just after the link wait ends,
 * the earlier. */
uint64_t app_pause_wake(const app_pause_wait *pw, uint64_t w);

/* A run paused for the link ended: say why on stderr (reopening cannot
 * help, or it stayed lost APP_LINK_WAIT_S).  Returns EXIT_FAIL. */
int app_pause_say_link_lost(const app_session *s);

/* Wait APP_REWAIT_S in the session's loop.  Returns app_loop's result:
 * APP_LOOP_DONE, or how it was interrupted. */
int app_pause_rewait(app_pause_wait *pw, app_session *s);

#endif
