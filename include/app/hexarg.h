/* hexarg.h - hex the way people paste it: "803F100103EA4CB70D",
 * "80 3F 10 ...", "80:3F:10:..." (ESPHome's uart debug), "0x80,0x3F",
 * across one or several arguments. */
#ifndef APP_HEXARG_H
#define APP_HEXARG_H

#include <stddef.h>
#include <stdint.h>

/* Append the bytes of s to out (*n in/out).  Separators: space, tab,
 * newline, ':', ',', '-', and "0x" prefixes.  Returns 0, or -1 with a
 * one-line reason in err (not hex, odd number of digits, too long). */
int hexarg_parse(const char *s, uint8_t *out, size_t *n, size_t cap, char *err, size_t errcap);

#endif
