/* event_msg.h - GetEventStatus (9B): four status bytes ES0..ES3, each bit a
 * flag (vendor description 5512-447, 6.3.5).  Its write twin
 * ClearEventStatus (9C) is never built.  Pure, no I/O. */
#ifndef KMP_EVENT_MSG_H
#define KMP_EVENT_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/family.h"
#include "kmp/infocodes.h"

/* The request: 9B with no data. */
int kmp_build_get_event_status(uint8_t addr, uint8_t *out, size_t cap);

/* The set bits of ES0..ES3 as flags ("es2_interval_log_unread", "es0_bit_3"),
 * named for the meter family: electricity meters by AiMiR's KMP stack, all
 * others by 5512-447 (the MULTICAL 601/801 logger modules).  Returns the
 * number written. */
int kmp_event_flags(kmp_family fam, const uint8_t es[4], kmp_flag *out, size_t max);

#endif
