/* parse.h - register IDs as a person types them into the terminal's
 * prompts: decimal or 0x hex, no sign, no octal ("010" is ten), 0..65535.
 *
 * A stand-in until the codec's one parser (kmp/parse.h) is there: the
 * terminal must not reach into app/options.h for it. */
#ifndef TUI_PARSE_H
#define TUI_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* One ID at *s (blanks before and after skipped); *s moves past it.
 * Returns 0, or -1 with a one-line reason in err. */
int tui_parse_id(const char **s, uint16_t *id, char *err, size_t cap);
/* "60,68 0x3EA": IDs separated by commas and/or blanks, appended to ids
 * (*n in/out, at most cap).  An empty item ("60,,68") is an error.
 * Returns 0, or -1 with a one-line reason in err. */
int tui_parse_id_list(const char *text, uint16_t *ids, size_t *n, size_t cap, char *err,
                      size_t errcap);

#endif
