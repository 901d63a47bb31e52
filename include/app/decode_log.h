/* decode_log.h - what `kmpterm decode` prints for the event-status and
 * logger commands (9B, A0..A3, B8), field by field: kept apart from
 * cmd_decode.c, which calls these for frames that carry such a message. */
#ifndef APP_DECODE_LOG_H
#define APP_DECODE_LOG_H

#include "kmp/frame.h"
#include "kmp/msg.h"

/* Non-zero when the message is one these functions print. */
int decode_log_handles(const kmp_frame *f, const kmp_msg *m);
/* Text: a "decoded" line, then one "record" line per logger record. */
void decode_log_text(const kmp_frame *f, const kmp_msg *m);
/* JSON: the fields to add to the frame's object (each starts with ','). */
void decode_log_json(const kmp_frame *f, const kmp_msg *m);

#endif
