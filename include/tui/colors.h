/* colors.h - attributes by meaning, and the glyphs that carry the same
 * meaning without colour.  Colour is only ever a second channel: every
 * state also shows as text or a glyph, so NO_COLOR, -C and monochrome
 * terminals lose nothing (htop's monochrome scheme). */
#ifndef TUI_COLORS_H
#define TUI_COLORS_H

#include <curses.h>

#include "tui/model.h"

typedef enum tui_role {
	TUI_ROLE_NORMAL,
	TUI_ROLE_TITLE, /* header rows */
	TUI_ROLE_TAB,
	TUI_ROLE_TAB_ACTIVE,
	TUI_ROLE_HEAD, /* column headings */
	TUI_ROLE_OK,
	TUI_ROLE_WARN,
	TUI_ROLE_ERR,
	TUI_ROLE_DIM,
	TUI_ROLE_TX,
	TUI_ROLE_RX,
	TUI_ROLE_ECHO,
	TUI_ROLE_CHANGED, /* a value that changed a moment ago */
	TUI_ROLE_SELECTED,
	TUI_ROLE_COUNT,
} tui_role;

typedef enum tui_glyph {
	TUI_G_UP,      /* link connected */
	TUI_G_DOWN,    /* link lost */
	TUI_G_WAIT,    /* waiting for the device */
	TUI_G_CHANGED, /* value changed */
	TUI_G_SEP,     /* column separator in the header */
	TUI_G_FOLLOW,  /* trace follows the newest frame */
	TUI_G_ARROW,   /* selected row */
	TUI_G_COUNT,
} tui_glyph;

/* Colours wanted: not -C, NO_COLOR unset (any value counts, even empty). */
int tui_color_wanted(int no_color_option);
/* Start colours on the current screen (after newterm); returns 1 when
 * they are usable. */
int tui_colors_start(void);
attr_t tui_attr(const tui_model *m, tui_role role);
const char *tui_glyph_str(const tui_model *m, tui_glyph g);
/* The locale's codeset is UTF-8 (nl_langinfo(CODESET)). */
int tui_locale_utf8(void);

#endif
