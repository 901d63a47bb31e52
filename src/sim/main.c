/* main.c - build/kmpsim: the simulated meter as a program.
 * Everything but printing and exit codes lives in the library (sim.h). */
#include <stdio.h>

#include "sim/sim.h"

int main(int argc, char **argv)
{
	kmpsim_config c;
	char err[512];

	kmpsim_config_default(&c);
	switch (kmpsim_parse_args(argc, argv, &c, err, sizeof err)) {
	case KMPSIM_ARGS_OK:
		break;
	case KMPSIM_ARGS_HELP:
		fputs(kmpsim_usage(), stdout);
		return 0;
	case KMPSIM_ARGS_VERSION:
		printf("kmpsim %s\n", KMPTERM_VERSION);
		return 0;
	default:
		fprintf(stderr, "kmpsim: %s\nTry 'kmpsim --help' for more information.\n", err);
		return 2;
	}

	kmpsim *s;
	int rc = kmpsim_open(&s, &c, err, sizeof err);
	if (rc == KMPSIM_ERR_CONFIG) {
		/* map errors read like a compiler's: FILE:LINE: message */
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (rc != KMPSIM_OK) {
		fprintf(stderr, "kmpsim: %s\n", err);
		return 1;
	}
	/* the one line a script waits for: where to connect */
	printf("%s\n", kmpsim_where(s));
	fflush(stdout);

	rc = kmpsim_run(s, err, sizeof err);
	kmpsim_close(s);
	if (rc != KMPSIM_OK) {
		fprintf(stderr, "kmpsim: %s\n", err);
		return 1;
	}
	return 0;
}
