/* cmd_scan.c - placeholder until its issue lands: says so and fails. */
#include <stdio.h>

#include "app/commands.h"

int cmd_scan(const app_options *o)
{
	(void)o;
	fprintf(stderr, "kmpterm: 'scan' is not available in this build yet\n");
	return EXIT_FAIL;
}
