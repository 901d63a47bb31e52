/* sim_map.h - register map files for kmpsim --map.
 *
 * One register per line: "id unit length value", e.g. "60 8 4 123.45";
 * '#' starts a comment, blank lines are skipped; id and unit may be written
 * in decimal or 0x hex.  The format is documented in docs/kmpsim-map.md.
 * The parser is a pure function over a buffer (it has a fuzz target). */
#ifndef SIM_SIM_MAP_H
#define SIM_SIM_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/error.h"
#include "kmp/value.h"

/* Registers one map may hold: far more than any meter has (a MULTICAL 403
 * answers a few dozen IDs). */
#define KMPSIM_MAP_MAX 512
/* Longest mantissa a map may give.  The protocol notes allow up to 16 bytes
 * (382 electricity meters); with 8 records per reply that keeps every reply
 * well inside KMP_DATA_MAX even when every byte needs stuffing. */
#define KMPSIM_MAP_LEN_MAX 16
/* Longest line accepted, comment included. */
#define KMPSIM_MAP_LINE_MAX 256

typedef struct kmpsim_reg {
	uint16_t id;
	uint8_t unit;
	kmp_value value;
	unsigned line; /* where the map defined it, for duplicate messages */
} kmpsim_reg;

typedef struct kmpsim_map {
	size_t n;
	kmpsim_reg regs[KMPSIM_MAP_MAX];
} kmpsim_map;

/* Parse n bytes of map text into *out (cleared first).  Returns KMP_OK, or
 * KMP_ERR_BAD_INPUT with "LINE: message" in err (kmpsim_map_load puts the
 * file name in front, giving the usual "FILE:LINE: message"). */
int kmpsim_map_parse(const char *text, size_t n, kmpsim_map *out, char *err, size_t cap);

/* Read and parse a file.  Returns KMP_OK, KMP_ERR_BAD_INPUT with
 * "FILE:LINE: message", or KMP_ERR_IO / KMP_ERR_NOMEM with "FILE: reason"
 * when it cannot be read. */
int kmpsim_map_load(const char *path, kmpsim_map *out, char *err, size_t cap);

/* The register with this ID, or NULL. */
const kmpsim_reg *kmpsim_map_find(const kmpsim_map *m, uint16_t id);

#endif
