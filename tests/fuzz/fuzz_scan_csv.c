/* fuzz_scan_csv.c - libFuzzer target for the --resume reader of scan CSV
 * files: any bytes parse without a crash or a leak, and what the parser
 * keeps survives the canonical rewrite unchanged (rendered, then parsed
 * again: the same done IDs, the same rows, nothing bad, orphaned or
 * duplicated). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feature/scanner.h"
#include "kmp/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kmp_scan_csv a, b;
	if (kmp_scan_csv_parse((const char *)data, size, &a) != KMP_OK)
		return 0;
	char *text;
	size_t len;
	uint16_t from = a.from >= 0 ? (uint16_t)a.from : 0;
	uint16_t to = a.to >= 0 ? (uint16_t)a.to : 65535;
	if (kmp_scan_csv_render(from, to, 8, a.done, a.regs, a.n_regs, &text, &len) != KMP_OK) {
		kmp_scan_csv_free(&a);
		return 0;
	}
	if (kmp_scan_csv_parse(text, len, &b) == KMP_OK) {
		if (!b.header || b.truncated || b.bad || b.orphans || b.duplicates ||
		    b.n_done != a.n_done || memcmp(a.done, b.done, sizeof a.done) ||
		    b.n_regs != a.n_regs || b.from != from || b.to != to)
			abort();
		for (size_t i = 0; i < a.n_regs; i++)
			if (a.regs[i].id != b.regs[i].id || a.regs[i].unit != b.regs[i].unit ||
			    kmp_value_cmp(&a.regs[i].value, &b.regs[i].value) != 0)
				abort();
		kmp_scan_csv_free(&b);
	}
	free(text);
	kmp_scan_csv_free(&a);
	return 0;
}
