/* pause_wait.c - the waits around a paused scan or history reading
 * (pause_wait.h). */
#include <stdio.h>

#include "app/pause_wait.h"

#define US 1000000ull

void app_pause_note_link(app_pause_wait *pw, int link_paused, uint64_t now)
{
	if (link_paused && !pw->link_since)
		pw->link_since = now;
	else if (!link_paused)
		pw->link_since = 0;
}

int app_pause_link_gone(const app_pause_wait *pw, uint64_t now)
{
	return pw->link_since && now - pw->link_since > APP_LINK_WAIT_S * US;
}

uint64_t app_pause_wake(const app_pause_wait *pw, uint64_t w)
{
	if (pw->link_since) {
		uint64_t give_up = pw->link_since + APP_LINK_WAIT_S * US + 1000;
		if (!w || give_up < w)
			w = give_up;
	}
	return w;
}

int app_pause_say_link_lost(const app_session *s)
{
	if (kmp_client_link_state(s->client) == KMP_LINK_FAILED)
		fprintf(stderr, "kmpterm: link lost, and reopening it cannot help: %s\n",
		        kmp_client_link_error(s->client));
	else
		fprintf(stderr, "kmpterm: %s: link lost for %d s: %s\n", s->device, APP_LINK_WAIT_S,
		        kmp_client_link_error(s->client));
	return EXIT_FAIL;
}

static int wait_done(void *ctx)
{
	return kmp_now_us() >= ((app_pause_wait *)ctx)->wait_until;
}

static uint64_t wait_wake(void *ctx)
{
	return ((app_pause_wait *)ctx)->wait_until;
}

int app_pause_rewait(app_pause_wait *pw, app_session *s)
{
	pw->wait_until = kmp_now_us() + APP_REWAIT_S * US;
	app_loop_hooks w = {wait_done, NULL, wait_wake, pw, 0};
	return app_loop(s, &w);
}
