/* The port picker: its keys on the plain model, its screen drawn into an
 * off-screen curses screen (newterm on /dev/null, read back row by row),
 * and the whole run fed keys through a pipe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "testing.h"
#include "tui/port_picker.h"
#include "tui_screen.h"

/* A built-in UART, an FTDI head with its by-id link, a second USB adapter. */
static void three_ports(kmp_port_info p[3])
{
	memset(p, 0, 3 * sizeof *p);
	snprintf(p[0].path, sizeof p[0].path, "/dev/ttyS0");
	snprintf(p[0].description, sizeof p[0].description, "ttyS0");
	p[0].usb_vid = p[0].usb_pid = -1;
	snprintf(p[1].path, sizeof p[1].path, "/dev/ttyUSB0");
	p[1].is_usb = 1;
	p[1].usb_vid = 0x0403;
	p[1].usb_pid = 0x6015;
	snprintf(p[1].manufacturer, sizeof p[1].manufacturer, "FTDI");
	snprintf(p[1].product, sizeof p[1].product, "FT230X Basic UART");
	snprintf(p[1].serial, sizeof p[1].serial, "D30A1234");
	snprintf(p[1].by_id, sizeof p[1].by_id,
	         "/dev/serial/by-id/usb-FTDI_FT230X_Basic_UART_D30A1234-if00-port0");
	snprintf(p[2].path, sizeof p[2].path, "/dev/ttyACM0");
	p[2].is_usb = 1;
	p[2].usb_vid = 0x1a86;
	p[2].usb_pid = 0x7523;
}

static void test_picker_keys(void)
{
	kmp_port_info ports[3];
	three_ports(ports);
	tui_picker p;
	tui_picker_init(&p, ports, 3, 0);
	CU_ASSERT_EQUAL(tui_picker_entries(&p), 4);
	CU_ASSERT_EQUAL(p.sel, 1); /* the first USB port, not the built-in ttyS0 */
	CU_ASSERT_EQUAL(p.choice, TUI_PICK_NONE);
	CU_ASSERT(tui_picker_key(&p, KEY_UP) == 1);
	CU_ASSERT_EQUAL(p.sel, 0);
	CU_ASSERT(tui_picker_key(&p, 'k') == 0); /* at the top: nothing changed */
	CU_ASSERT(tui_picker_key(&p, 'j') == 1);
	CU_ASSERT(tui_picker_key(&p, KEY_END) == 1);
	CU_ASSERT_EQUAL(p.sel, 3);
	CU_ASSERT(tui_picker_key(&p, KEY_DOWN) == 0);
	CU_ASSERT(tui_picker_key(&p, 'x') == 0);
	CU_ASSERT_EQUAL(p.choice, TUI_PICK_NONE);
	CU_ASSERT(tui_picker_key(&p, '\r') == 1);
	CU_ASSERT_EQUAL(p.choice, TUI_PICK_SIM);

	tui_picker_init(&p, ports, 3, 0);
	tui_picker_key(&p, KEY_ENTER);
	CU_ASSERT_EQUAL(p.choice, TUI_PICK_PORT);
	CU_ASSERT_EQUAL(p.sel, 1);

	const int cancel[] = {'q', 27, 3};
	for (size_t i = 0; i < sizeof cancel / sizeof cancel[0]; i++) {
		tui_picker_init(&p, ports, 3, 0);
		tui_picker_key(&p, cancel[i]);
		CU_ASSERT_EQUAL(p.choice, TUI_PICK_CANCEL);
	}

	/* no USB port: the simulator is preselected; no port at all: it is
	 * the only entry */
	tui_picker_init(&p, ports, 1, 0);
	CU_ASSERT_EQUAL(p.sel, 1);
	tui_picker_init(&p, NULL, 0, 0);
	CU_ASSERT_EQUAL(tui_picker_entries(&p), 1);
	CU_ASSERT_EQUAL(p.sel, 0);
	CU_ASSERT(tui_picker_key(&p, KEY_HOME) == 0);
	tui_picker_key(&p, '\n');
	CU_ASSERT_EQUAL(p.choice, TUI_PICK_SIM);
}

static void test_picker_screen(void)
{
	kmp_port_info ports[3];
	three_ports(ports);
	tui_picker p;
	tui_picker_init(&p, ports, 3, 0);
	WINDOW *w = newwin(24, 80, 0, 0);
	tui_picker_draw(&p, w);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 0), " kmpterm: which port is the optical head on?");
	CU_ASSERT(screen_find(w, "several USB serial ports found") == 2);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 5), "   /dev/ttyS0  (ttyS0)");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 6),
	                       " > /dev/ttyUSB0  USB 0403:6015  FTDI  FT230X Basic UART  "
	                       "serial D30A1234");
	CU_ASSERT_STRING_EQUAL(
	        screen_row(w, 7),
	        "     /dev/serial/by-id/usb-FTDI_FT230X_Basic_UART_D30A1234-if00-port0");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 8), "   /dev/ttyACM0  USB 1a86:7523");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 9), "   Simulated meter (no hardware)");
	CU_ASSERT(screen_find(w, "-d DEV or KMP_DEVICE=DEV skips this question") == 22);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 23), " Up/Down choose   Enter open   q quit");
	/* the selection is reverse video across the row, besides the mark */
	CU_ASSERT((mvwinch(w, 6, 40) & A_REVERSE) != 0);
	CU_ASSERT((mvwinch(w, 8, 10) & A_REVERSE) == 0);

	tui_picker_key(&p, 'G');
	werase(w);
	tui_picker_draw(&p, w);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 9), " > Simulated meter (no hardware)");
	CU_ASSERT_STRING_EQUAL(screen_row(w, 6),
	                       "   /dev/ttyUSB0  USB 0403:6015  FTDI  FT230X Basic UART  "
	                       "serial D30A1234");
	if (CU_get_number_of_failures())
		screen_dump(w);
	delwin(w);

	tui_picker_init(&p, ports, 1, 0);
	w = newwin(24, 80, 0, 0);
	tui_picker_draw(&p, w);
	CU_ASSERT(
	        screen_find(w, "No device given (-d, KMP_DEVICE) and no USB serial port found.") ==
	        2);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 6), " > Simulated meter (no hardware)");
	tui_picker_init(&p, NULL, 0, 0);
	werase(w);
	tui_picker_draw(&p, w);
	CU_ASSERT(screen_find(w, "no serial port found (is the optical head plugged in?)") == 2);
	CU_ASSERT_STRING_EQUAL(screen_row(w, 5), " > Simulated meter (no hardware)");
	delwin(w);
}

/* Many ports on a short screen: the selection stays in view, the title
 * and the keys stay put. */
static void test_picker_scrolls(void)
{
	enum { N = 30 };
	kmp_port_info *ports = calloc(N, sizeof *ports);
	CU_ASSERT_FATAL(ports != NULL);
	for (int i = 0; i < N; i++) {
		snprintf(ports[i].path, sizeof ports[i].path, "/dev/ttyS%d", i);
		ports[i].usb_vid = ports[i].usb_pid = -1;
	}
	tui_picker p;
	tui_picker_init(&p, ports, N, 0);
	CU_ASSERT_EQUAL(p.sel, N);
	WINDOW *w = newwin(12, 60, 0, 0);
	tui_picker_draw(&p, w);
	CU_ASSERT(screen_find(w, "> Simulated meter (no hardware)") >= 0);
	CU_ASSERT(screen_find(w, "/dev/ttyS29") >= 0);
	CU_ASSERT(screen_find(w, "/dev/ttyS0") < 0);
	CU_ASSERT(screen_find(w, "which port") == 0);
	CU_ASSERT(screen_find(w, "Enter open") == 11);
	tui_picker_key(&p, KEY_HOME);
	werase(w);
	tui_picker_draw(&p, w);
	CU_ASSERT(screen_find(w, "> /dev/ttyS0") >= 0);
	CU_ASSERT(screen_find(w, "Simulated meter") < 0);
	/* smaller than the roomy layout: title, list, keys */
	WINDOW *tiny = newwin(6, 60, 0, 0);
	tui_picker_draw(&p, tiny);
	CU_ASSERT(screen_find(tiny, "> /dev/ttyS0") == 1);
	CU_ASSERT(screen_find(tiny, "Enter open") == 5);
	delwin(tiny);
	delwin(w);
	free(ports);
}

/* The real loop on its own screen, keys from a pipe.  Returns what
 * tui_pick_port returned; *port gets the chosen index. */
static int run_with_keys(const char *keys, const kmp_port_info *ports, size_t n, size_t *port)
{
	int fd[2];
	CU_ASSERT_FATAL(pipe(fd) == 0);
	CU_ASSERT_FATAL(write(fd[1], keys, strlen(keys)) == (ssize_t)strlen(keys));
	close(fd[1]); /* after the keys: end of file, as when the terminal goes away */
	FILE *kin = fdopen(fd[0], "r");
	FILE *kout = fopen("/dev/null", "w");
	CU_ASSERT_FATAL(kin && kout);
	int r = tui_pick_port(kin, kout, "xterm", ports, n, port);
	fclose(kin);
	fclose(kout);
	screen_select(); /* the suite's screen again */
	return r;
}

static void test_pick_port_runs(void)
{
	kmp_port_info ports[3];
	three_ports(ports);
	size_t port = 99;
	CU_ASSERT_EQUAL(run_with_keys("\r", ports, 3, &port), TUI_PICK_PORT);
	CU_ASSERT_EQUAL(port, 1);
	CU_ASSERT_EQUAL(run_with_keys("kk\r", ports, 3, &port), TUI_PICK_PORT);
	CU_ASSERT_EQUAL(port, 0);
	/* the arrow as an xterm sends it in keypad mode */
	CU_ASSERT_EQUAL(run_with_keys("\033OB\033OB\r", ports, 3, &port), TUI_PICK_SIM);
	CU_ASSERT_EQUAL(run_with_keys("G\r", ports, 3, &port), TUI_PICK_SIM);
	CU_ASSERT_EQUAL(run_with_keys("jq", ports, 3, &port), TUI_PICK_CANCEL);
	CU_ASSERT_EQUAL(run_with_keys("\003", ports, 3, &port), TUI_PICK_CANCEL);
	CU_ASSERT_EQUAL(run_with_keys("", ports, 3, &port), TUI_PICK_CANCEL);
	CU_ASSERT_EQUAL(run_with_keys("\r", NULL, 0, &port), TUI_PICK_SIM);
}

TEST_SUITE(tui_picker_suite)
{
	CU_pSuite s = CU_add_suite("tui_picker", screen_up, screen_down);
	TEST_ADD(s, test_picker_keys);
	TEST_ADD(s, test_picker_screen);
	TEST_ADD(s, test_picker_scrolls);
	TEST_ADD(s, test_pick_port_runs);
}
