/* libFuzzer target: the hex that people paste into `kmpterm decode`. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/hexarg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[4096], err[256];
	uint8_t out[2048];
	size_t n = 0;
	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	if (hexarg_parse(text, out, &n, sizeof out, err, sizeof err) == 0 && n > size / 2)
		__builtin_trap(); /* two digits per byte at least */
	return 0;
}
