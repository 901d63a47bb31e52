/* commands.h - the subcommands of kmpterm.  Each returns an exit status
 * (options.h) and prints its own messages. */
#ifndef APP_COMMANDS_H
#define APP_COMMANDS_H

#include "app/options.h"

int cmd_decode(const app_options *o);
int cmd_read(const app_options *o);
int cmd_type(const app_options *o);
int cmd_serial(const app_options *o);
int cmd_ports(const app_options *o);
int cmd_probe(const app_options *o);
int cmd_scan(const app_options *o);
int cmd_terminal(const app_options *o);

#endif
