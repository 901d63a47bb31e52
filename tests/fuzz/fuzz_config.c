/* libFuzzer target: the config file parser (it reads a file, so each input
 * is written to a scratch file first). */
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
	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/kmpterm-fuzz-config.%d", (int)getpid());
		freopen("/dev/null", "w", stderr); /* the warnings are the point */
	}
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	int bad = app_load_config(path, &o);
	if (bad < 0 || o.n_regs > APP_MAX_REGS)
		__builtin_trap();
	return 0;
}
