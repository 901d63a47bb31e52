/* fuzz_scan_csv.c - libFuzzer target for the --resume reader of scan CSV
 * files and their journals: any bytes parse without a crash or a leak, and
 * what the parser keeps survives the canonical rewrite unchanged
 * (rendered, then parsed again: the same done IDs, the same rows, nothing
 * bad, orphaned, duplicated or missing).  The input is the CSV, then a
 * NUL byte, then the journal (no NUL: no journal). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feature/scanner.h"
#include "kmp/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kmp_scan_csv a, b;
	const char *text = (const char *)data;
	const char *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - text) : size;
	const char *journal = nul ? nul + 1 : NULL;
	size_t jn = nul ? size - n - 1 : 0;
	if (kmp_scan_csv_parse(text, n, journal, jn, &a) != KMP_OK)
		return 0;
	char *csv, *jtext;
	size_t len, jlen;
	kmp_scan_meta m = a.meta;
	if (!a.have_range) {
		m.from = 0;
		m.to = 65535;
	}
	if (kmp_scan_csv_render(&m, a.done, a.regs, a.n_regs, &csv, &len) != KMP_OK) {
		kmp_scan_csv_free(&a);
		return 0;
	}
	if (kmp_scan_journal_render(&m, a.done, a.regs, a.n_regs, &jtext, &jlen) != KMP_OK) {
		free(csv);
		kmp_scan_csv_free(&a);
		return 0;
	}
	if (kmp_scan_csv_parse(csv, len, jtext, jlen, &b) == KMP_OK) {
		if (!b.header || !b.have_journal || b.truncated || b.bad || b.orphans ||
		    b.duplicates || b.missing || b.n_done != a.n_done ||
		    memcmp(a.done, b.done, sizeof a.done) || b.n_regs != a.n_regs ||
		    b.meta.from != m.from || b.meta.to != m.to)
			abort();
		for (size_t i = 0; i < a.n_regs; i++)
			if (a.regs[i].id != b.regs[i].id || a.regs[i].unit != b.regs[i].unit ||
			    kmp_value_cmp(&a.regs[i].value, &b.regs[i].value) != 0)
				abort();
		kmp_scan_csv_free(&b);
	}
	free(csv);
	free(jtext);
	kmp_scan_csv_free(&a);
	return 0;
}
