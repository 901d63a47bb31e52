/* json.h - the little JSON writing the commands need. */
#ifndef APP_JSON_H
#define APP_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Write s as a JSON string literal (quotes included); NULL writes null. */
void json_str(FILE *f, const char *s);
/* Write n bytes from a line (a bridge's message, a meter's ASCII answer)
 * as a JSON string: printable ASCII as it is, every other byte as the
 * code point of the same number (\r, \n, \t, \u0002, \u00ff), so that
 * nothing is lost and the result is valid UTF-8 JSON. */
void json_bytes(FILE *f, const unsigned char *p, size_t n);

#endif
