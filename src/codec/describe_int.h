/* describe_int.h - what describe.c (frames, registers) and describe_log.c
 * (the logger commands) share; not part of the library's API. */
#ifndef CODEC_DESCRIBE_INT_H
#define CODEC_DESCRIBE_INT_H

#include <stddef.h>

/* Append printf-style at buf + *o, never past cap: a text that does not
 * fit is cut, *o stops at cap - 1 (the NUL). */
void describe_add(char *buf, size_t cap, size_t *o, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

#endif
