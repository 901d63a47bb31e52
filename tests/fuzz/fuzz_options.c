/* libFuzzer target: the command line and the config file together.
 *
 * The input is cut at NUL bytes: the first piece is the config file's
 * text, the rest are the arguments after argv[0].  app_parse_options must
 * return (never exit, never crash) with an exit status or -1, and when it
 * says "go on", the options must be what the commands rely on: numbers in
 * their ranges, a finite interval, a known command, no scan range upside
 * down, a register list within its array. */
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/options.h"
#include "kmp/msg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 24

static char config_dir[64], config_path[128];
static int devnull = -1, saved_out = -1, saved_err = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[128];
	snprintf(config_dir, sizeof config_dir, "/tmp/kmpterm-fuzz-options.XXXXXX");
	if (!mkdtemp(config_dir))
		abort();
	snprintf(dir, sizeof dir, "%s/kmpterm", config_dir);
	mkdir(dir, 0700);
	snprintf(config_path, sizeof config_path, "%s/config", dir);
	setenv("XDG_CONFIG_HOME", config_dir, 1);
	unsetenv("KMP_DEVICE");
	devnull = open("/dev/null", O_WRONLY);
	saved_out = dup(1);
	saved_err = dup(2);
	return 0;
}

static void check(const app_options *o)
{
	if (o->n_regs > APP_MAX_REGS || (o->regs_given && o->n_regs == 0))
		__builtin_trap();
	if (o->interval != -1 &&
	    !(isfinite(o->interval) && o->interval >= 0 && o->interval <= 86400))
		__builtin_trap();
	if (o->scan_from > 65535 || o->scan_to > 65535 || o->scan_from < -1 || o->scan_to < -1)
		__builtin_trap();
	if (o->scan_from >= 0 && o->scan_to >= 0 && o->scan_from > o->scan_to)
		__builtin_trap();
	if (o->baud < 50 || o->baud > 4000000 || o->stopbits < 1 || o->stopbits > 2)
		__builtin_trap();
	if (o->parity != 'N' && o->parity != 'E' && o->parity != 'O')
		__builtin_trap();
	if (o->timeout_ms < 10 || o->timeout_ms > 60000 || o->retries > 100)
		__builtin_trap();
	if (o->repeat < 1 || o->count < 1 || o->batch < 1 || o->batch > KMP_MAX_IDS)
		__builtin_trap();
	if (o->command && !app_is_command(o->command))
		__builtin_trap();
	if (o->sim && o->device)
		__builtin_trap();
	if (o->nargs < 0 || (o->nargs && !o->args))
		__builtin_trap();
	for (int i = 0; i < o->nargs; i++)
		if (!o->args[i])
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static app_options o; /* large (the config text): not on the stack */
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';

	/* piece 0: the config file */
	size_t first = strnlen(copy, size);
	FILE *f = fopen(config_path, "w");
	if (!f) {
		free(copy);
		return 0;
	}
	fwrite(copy, 1, first, f);
	fclose(f);

	/* the rest: the arguments */
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	argv[argc++] = "kmpterm";
	for (size_t pos = first + 1; pos <= size && argc <= MAX_ARGS; pos += strlen(copy + pos) + 1)
		argv[argc++] = copy + pos;
	argv[argc] = NULL;

	/* usage errors, config warnings and the help go to stdout and stderr:
	 * mute them for the call only, so libFuzzer's report still shows */
	fflush(stdout);
	fflush(stderr);
	dup2(devnull, 1);
	dup2(devnull, 2);
	int rc = app_parse_options(argc, argv, &o);
	fflush(stdout);
	fflush(stderr);
	clearerr(stdout);
	dup2(saved_out, 1);
	dup2(saved_err, 2);

	if (rc != -1 && rc != EXIT_OK && rc != EXIT_FAIL && rc != EXIT_USAGE)
		__builtin_trap();
	if (rc == -1)
		check(&o);
	free(copy);
	return 0;
}
