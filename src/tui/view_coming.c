/* view_coming.c - stand-ins for views 3 (Align) and 4 (Scan) until their
 * issues land.
 *
 * The definitions are weak: a file that defines `tui_view_align` or
 * `tui_view_scan` for real (src/tui/view_align.c, view_scan.c) wins at
 * link time, and neither this file nor the table in views.c needs an
 * edit (the Makefile links object files, not an archive, so the strong
 * definition is always seen).  Each stand-in says what the view will do. */
#include "tui/view.h"
#include "tui/widgets.h"

static void draw_coming(WINDOW *w, const char *name, const char *what)
{
	werase(w);
	int h = getmaxy(w), wd = getmaxx(w);
	tui_printf(w, h / 2 - 1, 2, A_BOLD, "%s view: coming", name);
	tui_put(w, h / 2 + 1, 2, wd - 4, what, A_NORMAL, 0, 0);
}

static void align_draw(const tui_model *m, WINDOW *w)
{
	(void)m;
	draw_coming(w, "Align",
	            "Position the optical head: live answer rate and latency while you move it.");
}

static void scan_draw(const tui_model *m, WINDOW *w)
{
	(void)m;
	draw_coming(w, "Scan", "Find the register IDs this meter answers.");
}

static const char *coming_footer(const tui_model *m)
{
	(void)m;
	return "1-4/Tab views";
}

static const char *const coming_help[] = {"(this view has no keys yet)", NULL};

__attribute__((weak)) const tui_view_ops tui_view_align = {
        .name = "Align",
        .help = coming_help,
        .draw = align_draw,
        .footer = coming_footer,
};

__attribute__((weak)) const tui_view_ops tui_view_scan = {
        .name = "Scan",
        .help = coming_help,
        .draw = scan_draw,
        .footer = coming_footer,
};
