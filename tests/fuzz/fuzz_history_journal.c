/* fuzz_history_journal.c - libFuzzer target for the journal beside a
 * history CSV (kmp_hist_journal_parse): whatever a file holds, the parser
 * returns KMP_OK or KMP_ERR_BAD_INPUT with a message, and a journal it
 * accepts renders and parses back to the same logger, address, registers
 * and records. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feature/history_csv.h"
#include "kmp/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			__builtin_trap();                                                          \
	} while (0)

static int cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The IDs once each, sorted. */
static size_t unique(uint32_t *ids, size_t n)
{
	size_t k = 0;
	if (n)
		qsort(ids, n, sizeof *ids, cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kmp_hist_meta m, back;
	uint32_t *ids, *again;
	size_t n, n2;
	char err[200] = "";
	int rc = kmp_hist_journal_parse((const char *)data, size, &m, &ids, &n, err, sizeof err);
	CHECK(rc == KMP_OK || rc == KMP_ERR_BAD_INPUT);
	if (rc != KMP_OK) {
		CHECK(err[0] != 0);
		return 0;
	}
	CHECK(m.n_regs >= 1 && m.n_regs <= KMP_HIST_MAX_REGS);
	char *text;
	size_t len;
	CHECK(kmp_hist_journal_render(&m, ids, n, &text, &len) == KMP_OK);
	CHECK(kmp_hist_journal_parse(text, len, &back, &again, &n2, err, sizeof err) == KMP_OK);
	CHECK(back.kind == m.kind && back.logger == m.logger && back.address == m.address);
	CHECK(back.n_regs == m.n_regs && !memcmp(back.regs, m.regs, m.n_regs * sizeof m.regs[0]));
	n = unique(ids, n);
	n2 = unique(again, n2);
	CHECK(n == n2 && (n == 0 || !memcmp(ids, again, n * sizeof *ids)));
	free(text);
	free(ids);
	free(again);
	return 0;
}
