/* sbuf.c - the growing text buffer of the scan and history files
 * (sbuf.h). */
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "sbuf.h"

void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

int sb_done(sbuf *b, char **out, size_t *len)
{
	if (b->oom) {
		free(b->p);
		return KMP_ERR_NOMEM;
	}
	*out = b->p;
	*len = b->len;
	return KMP_OK;
}
