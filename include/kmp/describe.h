/* describe.h - one-line human descriptions of frames and messages, for the
 * trace view, --log and `kmpterm decode`.  Formats into buffers; no I/O. */
#ifndef KMP_DESCRIBE_H
#define KMP_DESCRIBE_H

#include <stddef.h>

#include "kmp/frame.h"
#include "kmp/msg.h"

/* "GetRegister 60,68", "60=123.45 GJ 68=1875.56 m³", "GetSerialNo 19088743",
 * "GetType 0x0004 sw F1", "SetClock (write)"...  msg may be NULL (frame not
 * decodable): then only the command is named.  ascii: plain ASCII unit
 * names for terminals without UTF-8.  Returns buf. */
const char *kmp_describe(const kmp_frame *f, const kmp_msg *m, int ascii, char *buf, size_t cap);

/* The check as the trace shows it: "CRC OK", "CRC BAD got E957 want E956",
 * "STUFFING", "FRAMING", "LENGTH".  Returns buf. */
const char *kmp_describe_check(const kmp_frame *f, char *buf, size_t cap);

/* A value as people read it with its unit: "123.45 GJ", "20:02:43" (the
 * date and time units carry their own form, checked first: an impossible
 * one is "999999 (not a valid hh:mm:ss)", an unset date "0 (yy:mm:dd not
 * set)"), "42" (unit 0 / 51: a plain number), "7 (unit 0xC8)" for codes
 * outside the table.  ascii: "C" instead of "°C".  Returns buf. */
const char *kmp_value_with_unit(const kmp_value *v, uint8_t unit, int ascii, char *buf, size_t cap);

/* The fields of a logger command (A0..A3, B8), request or reply, as the
 * rest of kmp_describe's line: " log 1 regs 60,68 records 3 max 128 from
 * 2007-05-24 10:30:00", " GetLogIDPastAbs day: 3 records, log IDs
 * 188..186, ...: #188 1002=00:00:04 ...".  Returns buf. */
const char *kmp_describe_log(const kmp_frame *f, const kmp_msg *m, int ascii, char *buf,
                             size_t cap);

/* The same without the records (for a front end that lists them one per
 * line with kmp_describe_log_record).  Returns buf. */
const char *kmp_describe_log_head(const kmp_frame *f, const kmp_msg *m, char *buf, size_t cap);

/* One record of a logger reply: "#188 1002=00:00:04 1003=2024-12-31
 * 348=2024-12-31 00:00:04".  Returns buf. */
const char *kmp_describe_log_record(const kmp_log_msg *l, size_t rec, int ascii, char *buf,
                                    size_t cap);

/* Bytes as spaced upper-case hex ("80 3F 10"), cut with "..." to fit. */
const char *kmp_hex(const uint8_t *p, size_t n, char *buf, size_t cap);

#endif
