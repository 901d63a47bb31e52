/* The off-screen curses screen of the TUI unit tests (see tui_screen.h). */
#include <stdio.h>
#include <string.h>

#include "tui_screen.h"

static SCREEN *scr;
static FILE *out, *in;

int screen_open(int rows, int cols)
{
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (!out || !in)
		return -1;
	scr = newterm("xterm", out, in); /* not $TERM: the same screen everywhere */
	if (!scr)
		return -1;
	set_term(scr);
	resize_term(rows, cols);
	return 0;
}

int screen_up(void)
{
	return screen_open(24, 80);
}

int screen_down(void)
{
	if (scr) {
		set_term(scr); /* a test may have left another screen current */
		endwin();
		delscreen(scr);
	}
	scr = NULL;
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	out = in = NULL;
	return 0;
}

void screen_select(void)
{
	set_term(scr);
}

const char *screen_row(WINDOW *w, int y)
{
	static char buf[512];
	int n = mvwinnstr(w, y, 0, buf, getmaxx(w));
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	return buf;
}

int screen_find(WINDOW *w, const char *needle)
{
	for (int y = 0; y < getmaxy(w); y++)
		if (strstr(screen_row(w, y), needle))
			return y;
	return -1;
}

int screen_find_prefix(WINDOW *w, const char *prefix)
{
	for (int y = 0; y < getmaxy(w); y++)
		if (!strncmp(screen_row(w, y), prefix, strlen(prefix)))
			return y;
	return -1;
}

int screen_has(WINDOW *w, const char *needle)
{
	return screen_find(w, needle) >= 0;
}

int screen_shows(WINDOW *w, const char *needle)
{
	int ok = screen_has(w, needle);
	if (!ok) {
		fprintf(stderr, "\nnot on screen: '%s'\n", needle);
		screen_dump(w);
	}
	return ok;
}

void screen_dump(WINDOW *w)
{
	for (int y = 0; y < getmaxy(w); y++)
		fprintf(stderr, "|%s\n", screen_row(w, y));
}
