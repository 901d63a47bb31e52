/* history_int.h - what history.c (the records, the requests) and
 * history_reply.c (the replies) share; not part of the library's API. */
#ifndef FEATURE_HISTORY_INT_H
#define FEATURE_HISTORY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "feature/history.h"

enum {
	PH_CONFIG = KMP_HIST_ASK_CONFIG,
	PH_PROBE = KMP_HIST_ASK_PROBE,
	PH_RECORDS = KMP_HIST_ASK_RECORDS,
};

/* The result of looking at a valid reply. */
enum { R_DONE, R_AGAIN, R_BAD };

/* The reading cannot go on. */
void hist_fail(kmp_hist *h, kmp_hist_error e);
/* A bit per register group, and the registers of group g. */
unsigned hist_all_groups(const kmp_hist *h);
size_t hist_group_size(const kmp_hist *h, unsigned g);
/* The registers read, in groups of at most 8: 0, or -1 for a duplicate. */
int hist_set_regs(kmp_hist *h, const uint16_t *ids, size_t n);
/* The records asked for, hi down to lo: 0, or -1 (memory). */
int hist_set_range(kmp_hist *h, uint32_t hi, uint32_t lo);
/* The oldest log ID wanted (--last) of hi..lo_bound. */
uint32_t hist_lowest_wanted(const kmp_hist *h, uint32_t hi, uint32_t lo_bound);
/* Record id, or NULL outside the range. */
kmp_hist_rec *hist_rec(const kmp_hist *h, uint32_t id);
/* Records id and below have left the logger. */
void hist_mark_gone(kmp_hist *h, uint32_t id, kmp_hist_outcome *out);
/* A module's oldest record is above lo: the range ends there. */
void hist_raise_lo(kmp_hist *h, uint32_t lo);
/* Keep record rec_index of a reply as record id of group g (map: the
 * reply's column of each register of the group); completes the record
 * when every group is in.  0, or -1 when memory ran out (the reading
 * failed). */
int hist_store(kmp_hist *h, unsigned g, const kmp_log_msg *l, size_t rec_index, uint32_t id,
               const size_t *map, kmp_hist_outcome *out);

/* The number that is exactly s[0..n), 0..max (kmp_parse_uint_n): 0, or -1. */
int hist_dec(const char *s, size_t n, unsigned long max, unsigned long *out);
/* qsort/bsearch order of uint32_t. */
int hist_cmp_u32(const void *a, const void *b);

#endif
