/* port_picker.h - the first screen when no device was named: a list of the
 * serial ports (what `kmpterm ports` shows) and the simulated meter.
 *
 * Without -d, KMP_DEVICE or a single USB serial port, a batch command can
 * only fail, but a person at the terminal can be asked.  Same split as
 * the views: a plain model changed by keys and a read-only draw, so both
 * are tested without a tty; tui_pick_port runs them on a curses screen. */
#ifndef TUI_PORT_PICKER_H
#define TUI_PORT_PICKER_H

#include <stddef.h>
#include <stdio.h>

#include <curses.h>

#include "link/ports.h"

/* What the user chose. */
enum tui_pick {
	TUI_PICK_NONE,   /* still choosing */
	TUI_PICK_PORT,   /* ports[sel] */
	TUI_PICK_SIM,    /* the built-in simulated meter, as --sim */
	TUI_PICK_CANCEL, /* q, Esc or Ctrl-C: leave without opening anything */
};

typedef struct tui_picker {
	const kmp_port_info *ports; /* borrowed */
	size_t n_ports;
	size_t sel; /* 0..n_ports-1 a port, n_ports the simulator */
	int utf8;   /* the selection mark may be a Unicode glyph */
	int choice; /* enum tui_pick */
} tui_picker;

/* The selection starts on the first USB port (most likely the head), else
 * on the simulator: a built-in ttyS0 is seldom an optical head. */
void tui_picker_init(tui_picker *p, const kmp_port_info *ports, size_t n, int utf8);
/* Entries in the list: the ports and the simulator. */
size_t tui_picker_entries(const tui_picker *p);
/* Handle a key; returns 1 when the picker changed (redraw), 0 when the key
 * meant nothing.  Sets p->choice on Enter or cancel. */
int tui_picker_key(tui_picker *p, int ch);
/* Paint the whole picker into w (any size; cut to fit). */
void tui_picker_draw(const tui_picker *p, WINDOW *w);

/* Run the picker full-screen on a terminal of its own (newterm on in and
 * out, ended before returning so the terminal can start its own).  term:
 * NULL for $TERM.  Returns an enum tui_pick (never NONE; *port set for
 * TUI_PICK_PORT), or -1 when curses could not start. */
int tui_pick_port(FILE *in, FILE *out, const char *term, const kmp_port_info *ports, size_t n,
                  size_t *port);

#endif
