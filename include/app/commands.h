/* commands.h - the subcommands of kmpterm.  Each returns an exit status
 * (options.h) and prints its own messages. */
#ifndef APP_COMMANDS_H
#define APP_COMMANDS_H

#include <stdio.h>

#include "app/options.h"
#include "link/ports.h"

int cmd_decode(const app_options *o);
int cmd_read(const app_options *o);
int cmd_type(const app_options *o);
int cmd_serial(const app_options *o);
int cmd_ports(const app_options *o);
int cmd_probe(const app_options *o);
int cmd_scan(const app_options *o);
int cmd_history(const app_options *o);
int cmd_events(const app_options *o);
int cmd_terminal(const app_options *o);
/* the terminal on a recorded session (--replay FILE): cmd_replay.c */
int cmd_replay(const app_options *o);
int cmd_identify(const app_options *o);
/* read on a legacy meter (--protocol legacy): cmd_read_legacy.c */
int cmd_read_legacy(const app_options *o);
int cmd_loopback(const app_options *o);

/* ports' output for n ports (text or JSON) on f; every string the device
 * supplied goes through app_printable. */
void app_ports_print(FILE *f, const kmp_port_info *p, int n, int json);
/* s with every byte but printable ASCII (and the backslash) as \xNN, cut
 * to fit cap.  Returns buf. */
const char *app_printable(const char *s, char *buf, size_t cap);

#endif
