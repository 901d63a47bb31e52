/* libFuzzer target: kmpsim's --map parser. */
#include <stddef.h>
#include <stdint.h>

#include "sim/sim_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kmpsim_map map;
	char err[256];
	if (kmpsim_map_parse((const char *)data, size, &map, err, sizeof err) == KMP_OK &&
	    map.n > KMPSIM_MAP_MAX)
		__builtin_trap();
	return 0;
}
