/* main.c - kmpterm: parse the command line and run the command. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/options.h"
#include "app/output.h"
#include "app/profile.h"

struct command {
	const char *name;
	int (*run)(const app_options *o);
};

static const struct command commands[] = {
        {"read", cmd_read},     {"type", cmd_type},         {"serial", cmd_serial},
        {"probe", cmd_probe},   {"scan", cmd_scan},         {"profile", cmd_profile},
        {"decode", cmd_decode}, {"ports", cmd_ports},       {"history", cmd_history},
        {"events", cmd_events}, {"identify", cmd_identify}, {"loopback", cmd_loopback},
};

static int run(const app_options *o)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(o->command, commands[i].name) == 0)
			return commands[i].run(o);
	return app_usage_error("unknown command '%s'", o->command);
}

int main(int argc, char **argv)
{
	app_options o;
	setlocale(LC_ALL, "");
	int rc = app_parse_options(argc, argv, &o);
	/* the terminal's output is curses' business (a closed terminal is
	 * how a session may end) */
	if (rc < 0 && !o.command)
		return cmd_terminal(&o);
	if (rc < 0)
		rc = run(&o);
	/* output that never reached its file or pipe is a failure too: the
	 * help, the version, every batch command */
	return app_out_finish(rc);
}
