/* history_print.h - the output of `kmpterm history` (history_print.c). */
#ifndef APP_HISTORY_PRINT_H
#define APP_HISTORY_PRINT_H

#include <stddef.h>

#include "feature/history.h"

/* The complete records of h, newest first, on standard output: one JSON
 * object {"logger","registers","records","requests","failures",
 * "elapsed_s"}, or a table with the register names under it. */
void app_history_json(const kmp_hist *h, const char *name, const kmp_hist_progress *p);
void app_history_text(const kmp_hist *h, const char *name, const kmp_hist_progress *p);

#endif
