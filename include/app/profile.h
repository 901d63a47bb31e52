/* profile.h - named settings of the register table: which registers and
 * how often (view 1 of the terminal, `kmpterm read`), kept per name and,
 * optionally, per device.
 *
 * A profile is a section of lines "key = value", in either of two files:
 *
 *   [profile heating]
 *   registers = 60,68,74,80,86,87
 *   interval = 30
 *   device = /dev/serial/by-id/usb-FTDI_..._A10K1234-if00-port0
 *
 *   - ~/.config/kmpterm/profiles: written by `kmpterm profile save` (and
 *     only by it, atomically: kmpterm never rewrites the config file);
 *   - ~/.config/kmpterm/config: sections a person writes by hand.
 * A name in both is taken from the profiles file (the later, explicit
 * save).  Keys: registers, interval, and device, which makes the profile
 * the one used whenever that device is (without -p).  `-p NAME` picks one
 * by name; options on the command line still win over it. */
#ifndef APP_PROFILE_H
#define APP_PROFILE_H

#include <stddef.h>

#include "app/options.h"

/* $XDG_CONFIG_HOME/kmpterm/profiles, else ~/.config/kmpterm/profiles.
 * Returns 0, or -1 when neither variable is set. */
int app_profiles_path(char *buf, size_t cap);

/* Apply the profile `name` (NULL: the one whose device is o->device, if
 * any) from the profiles file and the config file to o: its registers and
 * interval, as if the config file said them.  Returns 1 when a profile was
 * applied, 0 when none was asked for and none names the device, -2 when
 * `name` is in neither file, -3 when its lines do not parse (said on
 * stderr). */
int app_profile_load(app_options *o, const char *name);

/* Walk the settings of a config or profiles file's text (len bytes, cut
 * in place: NULs end the parts).  Each call gives the next line that is
 * not blank or a comment: the section it is in ("" outside any, "profile
 * NAME" inside [profile NAME]), its key and value; a section's header is
 * given with key "".  Returns 1, or 0 at the end. */
typedef struct app_cfg_walk {
	char *text;
	size_t len, pos;
	unsigned lineno;
	const char *section;
	char section_buf[160];
} app_cfg_walk;

void app_cfg_walk_init(app_cfg_walk *w, char *text, size_t len);
int app_cfg_walk_next(app_cfg_walk *w, char **key, char **value);

int cmd_profile(const app_options *o);

#endif
