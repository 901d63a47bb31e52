/* progress.c - the progress line of the long batch commands (progress.h). */
#include <stdio.h>
#include <unistd.h>

#include "app/progress.h"

void app_progress_init(app_progress *pl)
{
	pl->tty = isatty(STDERR_FILENO);
	pl->drawn = 0;
	pl->next_draw = 0;
}

int app_progress_due(app_progress *pl, uint64_t now)
{
	if (!pl->tty || now < pl->next_draw)
		return 0;
	pl->drawn = 1;
	pl->next_draw = now + APP_DRAW_US;
	return 1;
}

uint64_t app_progress_wake(const app_progress *pl, uint64_t w)
{
	if (pl->tty && (!w || pl->next_draw < w))
		w = pl->next_draw;
	return w;
}

void app_progress_undraw(app_progress *pl)
{
	if (pl->drawn)
		fputs("\r\033[K", stderr);
	pl->drawn = 0;
}

void app_duration_text(double s, char *buf, size_t cap)
{
	if (s < 0) {
		snprintf(buf, cap, "--:--");
		return;
	}
	unsigned long t = (unsigned long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, cap, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, cap, "%lu:%02lu", t / 60, t % 60);
}
