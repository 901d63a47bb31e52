/* json.h - the little JSON writing the commands need. */
#ifndef APP_JSON_H
#define APP_JSON_H

#include <stdio.h>

/* Write s as a JSON string literal (quotes included); NULL writes null. */
void json_str(FILE *f, const char *s);

#endif
