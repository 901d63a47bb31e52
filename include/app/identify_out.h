/* identify_out.h - identify's verdict as text or as one JSON object
 * (docs/identify.md describes both). */
#ifndef APP_IDENTIFY_OUT_H
#define APP_IDENTIFY_OUT_H

#include <stdio.h>

#include "feature/identify.h"
#include "kmp/legacy.h"

void identify_print_json(FILE *f, const kmp_identify *id, const char *device);
void identify_print_text(FILE *f, const kmp_identify *id, const char *device);

/* The legacy fields as a JSON array (also `read --json` on a legacy
 * meter): request "/#1" or "/#2". */
void legacy_fields_json(FILE *f, const kmp_legacy_data *d, int *first);
/* ... and as lines "  E1-E2  heat energy  123.45 GJ" */
void legacy_fields_text(FILE *f, const kmp_legacy_data *d);

#endif
