/* fuzz_paste.c - libFuzzer target for the paste reader of `kmpterm decode`
 * (kmp/paste.h): any text parses without a crash, a leak or a read out of
 * bounds; every chunk has bytes and a line within the input; every error
 * names a line and a column within it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/paste.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
	unsigned lines;
	size_t bytes;
} seen;

static void chunk(void *ctx, const kmp_paste_chunk *c)
{
	seen *s = ctx;
	if (!c->n || !c->bytes || c->line < 1 || c->line > s->lines || !c->form || !c->time)
		abort();
	volatile uint8_t sum = 0;
	for (size_t i = 0; i < c->n; i++)
		sum ^= c->bytes[i];
	(void)sum;
	s->bytes += c->n;
}

static void error(void *ctx, unsigned line, unsigned col, const char *msg)
{
	seen *s = ctx;
	if (line < 1 || line > s->lines || col < 1 || !msg || !*msg)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	seen s = {1, 0};
	for (size_t i = 0; i < size; i++)
		s.lines += data[i] == '\n';
	kmp_paste_cb cb = {chunk, error, &s};
	kmp_paste_stats st;
	if (kmp_paste_parse((const char *)data, size, 1, &cb, &st) != 0)
		return 0;
	if (st.lines > s.lines || st.chunks + st.errors > st.lines)
		abort();
	return 0;
}
