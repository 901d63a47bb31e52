/* port_picker.c - choose a port or the simulated meter before the terminal
 * starts (see port_picker.h). */
#include <errno.h>
#include <stdio.h>

#include "tui/colors.h"
#include "tui/port_picker.h"
#include "tui/widgets.h"

#define CTRL_C 3
#define ESC 27
/* Rows above the list: title, blank, two lines of why, blank. */
#define LIST_Y 5

void tui_picker_init(tui_picker *p, const kmp_port_info *ports, size_t n, int utf8)
{
	p->ports = ports;
	p->n_ports = n;
	p->utf8 = utf8;
	p->choice = TUI_PICK_NONE;
	p->sel = n; /* the simulator */
	for (size_t i = 0; i < n; i++)
		if (ports[i].is_usb) {
			p->sel = i;
			break;
		}
}

size_t tui_picker_entries(const tui_picker *p)
{
	return p->n_ports + 1;
}

int tui_picker_key(tui_picker *p, int ch)
{
	size_t last = tui_picker_entries(p) - 1, old = p->sel;
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (p->sel > 0)
			p->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (p->sel < last)
			p->sel++;
		break;
	case KEY_HOME:
	case KEY_PPAGE:
	case 'g':
		p->sel = 0;
		break;
	case KEY_END:
	case KEY_NPAGE:
	case 'G':
		p->sel = last;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		p->choice = p->sel == p->n_ports ? TUI_PICK_SIM : TUI_PICK_PORT;
		return 1;
	case 'q':
	case ESC:
	case CTRL_C: /* raw mode: Ctrl-C arrives as a key, not as SIGINT */
		p->choice = TUI_PICK_CANCEL;
		return 1;
	default:
		return 0;
	}
	return p->sel != old;
}

/* Screen rows of entry i: a port with a /dev/serial/by-id name shows it
 * on a second row (the stable name to put in KMP_DEVICE). */
static int entry_rows(const tui_picker *p, size_t i)
{
	return i < p->n_ports && p->ports[i].by_id[0] ? 2 : 1;
}

/* The same facts, in the same order, as `kmpterm ports`. */
static void port_text(const kmp_port_info *pi, char *buf, size_t cap)
{
	size_t o = (size_t)snprintf(buf, cap, "%s", pi->path);
	if (o < cap && pi->is_usb && pi->usb_vid >= 0)
		o += (size_t)snprintf(buf + o, cap - o, "  USB %04x:%04x", pi->usb_vid,
		                      pi->usb_pid);
	if (o < cap && pi->manufacturer[0])
		o += (size_t)snprintf(buf + o, cap - o, "  %s", pi->manufacturer);
	if (o < cap && pi->product[0])
		o += (size_t)snprintf(buf + o, cap - o, "  %s", pi->product);
	if (o < cap && pi->serial[0])
		o += (size_t)snprintf(buf + o, cap - o, "  serial %s", pi->serial);
	if (o < cap && !pi->is_usb && pi->description[0])
		snprintf(buf + o, cap - o, "  (%s)", pi->description);
}

/* Why the question is asked: the rule of -d, KMP_DEVICE, the only USB port. */
static const char *why_text(const tui_picker *p)
{
	size_t usb = 0;
	for (size_t i = 0; i < p->n_ports; i++)
		usb += p->ports[i].is_usb != 0;
	if (!p->n_ports)
		return "No device given and no serial port found (is the optical head plugged "
		       "in?).";
	if (!usb)
		return "No device given (-d, KMP_DEVICE) and no USB serial port found.";
	return "No device given (-d, KMP_DEVICE) and several USB serial ports found.";
}

static void draw_entry(const tui_picker *p, WINDOW *w, int y, int rows, size_t i)
{
	char buf[1200];
	int cols = getmaxx(w), sel = i == p->sel;
	attr_t a = sel ? A_REVERSE : A_NORMAL;
	/* the mark says which row is chosen without relying on reverse video */
	tui_put(w, y, 1, 2, sel ? (p->utf8 ? "▶" : ">") : " ", a, 1, 0);
	if (i == p->n_ports)
		snprintf(buf, sizeof buf, "Simulated meter (no hardware)");
	else
		port_text(&p->ports[i], buf, sizeof buf);
	tui_put(w, y, 3, cols - 4, buf, a, 1, 0);
	if (rows > 1 && y + 1 < getmaxy(w))
		tui_put(w, y + 1, 5, cols - 6, p->ports[i].by_id, A_NORMAL, 0, 0);
}

void tui_picker_draw(const tui_picker *p, WINDOW *w)
{
	int h = getmaxy(w), cols = getmaxx(w);
	/* a short screen keeps the title, the list and the keys */
	int roomy = h >= LIST_Y + 5;
	int top_y = roomy ? LIST_Y : 1, bottom = roomy ? h - 3 : h - 2; /* last list row */
	tui_fill_row(w, 0, 0, A_REVERSE);
	tui_put(w, 0, 1, cols - 2, "kmpterm: which port is the optical head on?",
	        A_REVERSE | A_BOLD, 0, 0);
	if (roomy) {
		tui_put(w, 2, 1, cols - 2, why_text(p), A_NORMAL, 0, 0);
		tui_put(w, 3, 1, cols - 2,
		        "Choose its port, or the simulated meter to try kmpterm without one.",
		        A_NORMAL, 0, 0);
		tui_put(w, h - 2, 1, cols - 2,
		        "-d DEV or KMP_DEVICE=DEV skips this question; `kmpterm ports` lists "
		        "ports.",
		        A_DIM, 0, 0);
	}
	/* scroll just enough that the selected entry shows whole */
	size_t top = 0;
	int need = 0;
	for (size_t i = 0; i <= p->sel; i++)
		need += entry_rows(p, i);
	while (top < p->sel && need > bottom - top_y + 1)
		need -= entry_rows(p, top++);
	int y = top_y;
	for (size_t i = top; i < tui_picker_entries(p) && y <= bottom; i++) {
		int rows = entry_rows(p, i);
		draw_entry(p, w, y, y + rows - 1 <= bottom ? rows : 1, i);
		y += rows;
	}
	tui_fill_row(w, h - 1, 0, A_REVERSE);
	tui_put(w, h - 1, 1, cols - 2, "Up/Down choose   Enter open   q quit", A_REVERSE, 0, 0);
}

int tui_pick_port(FILE *in, FILE *out, const char *term, const kmp_port_info *ports, size_t n,
                  size_t *port)
{
	SCREEN *scr = newterm(term, out, in);
	if (!scr)
		return -1;
	set_term(scr);
	/* raw: Ctrl-C is a key here (cancel) instead of a signal that would
	 * leave the terminal in curses mode; the session's handlers come later */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	tui_picker p;
	tui_picker_init(&p, ports, n, tui_locale_utf8());
	/* nothing else to watch yet (no link), so a blocking getch is the
	 * whole loop; SIGWINCH arrives as KEY_RESIZE */
	for (int redraw = 1; p.choice == TUI_PICK_NONE;) {
		if (redraw) {
			werase(stdscr);
			tui_picker_draw(&p, stdscr);
			wrefresh(stdscr);
		}
		errno = 0;
		int ch = getch();
		if (ch == ERR) {
			if (errno == EINTR)
				continue;
			p.choice = TUI_PICK_CANCEL; /* the terminal went away */
			break;
		}
		redraw = tui_picker_key(&p, ch) || ch == KEY_RESIZE;
	}
	endwin();
	delscreen(scr);
	if (p.choice == TUI_PICK_PORT)
		*port = p.sel;
	return p.choice;
}
