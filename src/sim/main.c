/* main.c - build/kmpsim: the simulated meter as a program.
 * Everything but printing and exit codes lives in the library (sim.h). */
#include <stdio.h>
#include <unistd.h>

#include "sim/sim.h"

/* The documented exit status of a failure (docs/kmpsim.1): the user's
 * input 2, anything else 1. */
static int exit_status(int err)
{
	return err == KMP_ERR_BAD_INPUT ? 2 : 1;
}

int main(int argc, char **argv)
{
	kmpsim_config c;
	kmpsim_action action;
	char err[512];

	kmpsim_config_default(&c);
	if (kmpsim_parse_args(argc, argv, &c, &action, err, sizeof err) != KMP_OK) {
		fprintf(stderr, "kmpsim: %s\nTry 'kmpsim --help' for more information.\n", err);
		return 2;
	}
	if (action == KMPSIM_HELP) {
		fputs(kmpsim_usage(), stdout);
		return 0;
	}
	if (action == KMPSIM_VERSION) {
		printf("kmpsim %s\n", KMPTERM_VERSION);
		return 0;
	}
	if (action == KMPSIM_DUMP) {
		int rc = kmpsim_dump_logger(&c, stdout, err, sizeof err);
		if (rc != KMP_OK)
			fprintf(stderr, "kmpsim: %s\n", err);
		return rc == KMP_OK ? 0 : exit_status(rc);
	}

	kmpsim *s;
	int rc = kmpsim_open(&s, &c, err, sizeof err);
	if (rc == KMP_ERR_BAD_INPUT) {
		/* map errors read like a compiler's: FILE:LINE: message */
		fprintf(stderr, "%s\n", err);
		return exit_status(rc);
	}
	if (rc != KMP_OK) {
		fprintf(stderr, "kmpsim: %s\n", err);
		return exit_status(rc);
	}
	/* the one line a script waits for: where to connect */
	printf("%s\n", kmpsim_where(s));
	fflush(stdout);
	/* a person running it by hand learns how to press the button */
	if (isatty(STDERR_FILENO))
		fprintf(stderr,
		        "kmpsim: pid %ld; 'kill -USR1 %ld' wakes the meter, Ctrl-C stops it\n",
		        (long)getpid(), (long)getpid());

	rc = kmpsim_run(s, err, sizeof err);
	kmpsim_close(s);
	if (rc != KMP_OK) {
		fprintf(stderr, "kmpsim: %s\n", err);
		return exit_status(rc);
	}
	return 0;
}
