/* colors.c - attributes by meaning and glyphs (see colors.h). */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/colors.h"

/* Colour pair number = role; pair 0 is the terminal's default. */
struct role_style {
	short fg, bg;
	attr_t color_attr; /* added to the pair when colours are on */
	attr_t mono;       /* the whole style without colours */
};

static const struct role_style styles[TUI_ROLE_COUNT] = {
        [TUI_ROLE_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
        [TUI_ROLE_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
        [TUI_ROLE_TAB] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
        [TUI_ROLE_TAB_ACTIVE] = {COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD},
        [TUI_ROLE_HEAD] = {COLOR_CYAN, -1, A_BOLD, A_UNDERLINE},
        [TUI_ROLE_OK] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
        [TUI_ROLE_WARN] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
        [TUI_ROLE_ERR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
        [TUI_ROLE_DIM] = {-1, -1, A_DIM, A_DIM},
        [TUI_ROLE_TX] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
        [TUI_ROLE_RX] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
        [TUI_ROLE_ECHO] = {COLOR_MAGENTA, -1, A_NORMAL, A_DIM},
        [TUI_ROLE_CHANGED] = {COLOR_YELLOW, -1, A_BOLD | A_REVERSE, A_BOLD | A_REVERSE},
        [TUI_ROLE_SELECTED] = {-1, -1, A_REVERSE, A_REVERSE},
};

int tui_color_wanted(int no_color_option)
{
	/* https://no-color.org: set and not empty turns colour off */
	const char *nc = getenv("NO_COLOR");
	return !no_color_option && !(nc && *nc);
}

int tui_colors_start(void)
{
	if (!has_colors() || start_color() == ERR)
		return 0;
	/* -1: the terminal's own fore/background, so a light theme stays light */
	int defaults = use_default_colors() == OK;
	for (int r = 1; r < TUI_ROLE_COUNT; r++) {
		short fg = styles[r].fg, bg = styles[r].bg;
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		if (r < COLOR_PAIRS)
			init_pair((short)r, fg, bg);
	}
	return 1;
}

attr_t tui_attr(const tui_model *m, tui_role role)
{
	if (role < 0 || role >= TUI_ROLE_COUNT)
		return A_NORMAL;
	if (!m->color || role == TUI_ROLE_NORMAL)
		return styles[role].mono;
	attr_t a = styles[role].color_attr;
	if (styles[role].fg >= 0 || styles[role].bg >= 0)
		a |= COLOR_PAIR(role);
	return a;
}

const char *tui_glyph_str(const tui_model *m, tui_glyph g)
{
	static const char *const utf8[TUI_G_COUNT] = {
	        [TUI_G_UP] = "●",  [TUI_G_DOWN] = "✖",   [TUI_G_WAIT] = "…",  [TUI_G_CHANGED] = "*",
	        [TUI_G_SEP] = "│", [TUI_G_FOLLOW] = "▼", [TUI_G_ARROW] = "▶",
	};
	static const char *const ascii[TUI_G_COUNT] = {
	        [TUI_G_UP] = "+",  [TUI_G_DOWN] = "x",   [TUI_G_WAIT] = "~",  [TUI_G_CHANGED] = "*",
	        [TUI_G_SEP] = "|", [TUI_G_FOLLOW] = "v", [TUI_G_ARROW] = ">",
	};
	if (g < 0 || g >= TUI_G_COUNT)
		return "?";
	return m->utf8 ? utf8[g] : ascii[g];
}

int tui_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}
