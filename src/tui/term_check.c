/* term_check.c - can this process run a full-screen terminal?  Asked
 * before the simulator starts or the screen changes, so a script or a
 * dumb terminal gets one clear line instead of curses' own exit. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "tui/tui.h"

int tui_check_terminal(char *err, size_t cap)
{
	const char *term = getenv("TERM");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, cap,
		         "the interactive terminal needs a terminal on stdin and stdout "
		         "(for scripts: kmpterm read REG...)");
		return -1;
	}
	if (!term || !*term) {
		snprintf(err, cap, "TERM is not set: cannot drive the terminal");
		return -1;
	}
	int e = 0;
	/* errret given: setupterm reports instead of exiting */
	if (setupterm(NULL, STDOUT_FILENO, &e) != OK) {
		snprintf(err, cap,
		         "unknown terminal type TERM=%s (no terminfo entry; try "
		         "TERM=xterm-256color kmpterm ...)",
		         term);
		return -1;
	}
	const char *cup = tigetstr("cup");
	int ok = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		snprintf(err, cap,
		         "TERM=%s cannot move the cursor: the interactive terminal needs "
		         "a full-screen terminal (for scripts: kmpterm read REG...)",
		         term);
		return -1;
	}
	return 0;
}
