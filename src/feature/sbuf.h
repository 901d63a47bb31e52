/* sbuf.h - a growing text buffer, what the scan and history files build
 * whole before they write or replace them (scan_csv.c, history_csv.c);
 * not part of the library's API. */
#ifndef FEATURE_SBUF_H
#define FEATURE_SBUF_H

#include <stddef.h>

/* Zero-initialised is empty.  p is NUL-terminated once anything was put;
 * after a failed allocation oom is set, later puts do nothing and p still
 * holds what fit before (the caller frees p either way). */
typedef struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
} sbuf;

/* Append n bytes of s. */
void sb_put(sbuf *b, const char *s, size_t n);

/* Hand the text over (*out, *len: the caller frees it): KMP_OK, or
 * KMP_ERR_NOMEM when a put failed (the buffer is freed then). */
int sb_done(sbuf *b, char **out, size_t *len);

#endif
