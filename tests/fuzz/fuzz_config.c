/* libFuzzer target: the config file parser (it reads a file, so each input
 * is written to a scratch file first). */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static app_options o;
	static int devnull = -1, saved = -1;
	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/kmpterm-fuzz-config.%d", (int)getpid());
		devnull = open("/dev/null", O_WRONLY);
		saved = dup(2);
	}
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	/* the parser's warnings go to stderr: mute them for the call only, so
	 * libFuzzer's own report still reaches the terminal */
	fflush(stderr);
	dup2(devnull, 2);
	int bad = app_load_config(path, &o);
	fflush(stderr);
	dup2(saved, 2);
	if (bad < 0 || o.n_regs > APP_MAX_REGS)
		__builtin_trap();
	return 0;
}
