/* cmd_probe.c - placeholder until its issue lands: says so and fails. */
#include <stdio.h>

#include "app/commands.h"

int cmd_probe(const app_options *o)
{
	(void)o;
	fprintf(stderr, "kmpterm: 'probe' is not available in this build yet\n");
	return EXIT_FAIL;
}
