/* parse.h - the one parser for the numbers people type or files hold:
 * register IDs, ID lists, ranges, unsigned integers and seconds.
 *
 * One grammar everywhere (command line, config file, the scan view's
 * prompt, kmpsim's options and maps, the scan CSV):
 *   - an unsigned integer is decimal digits, or 0x / 0X and hex digits;
 *     nothing else: no sign, no blanks, no octal ("010" is ten, as people
 *     reading a register table expect), no suffix;
 *   - the range is checked on the number itself (no wrap-around: 2^64 + 5
 *     is not 5);
 *   - seconds are digits with an optional point and more digits ("0.5",
 *     "10"): no exponent, no sign, no nan or inf.
 * Pure functions: no I/O, no allocation, no locale. */
#ifndef KMP_PARSE_H
#define KMP_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Register IDs are 16 bits on the wire (protocol notes, "GetRegister"). */
#define KMP_ID_MAX 65535u

/* The unsigned integer that is exactly s[0..len).  Returns KMP_OK,
 * KMP_ERR_ARG (not such a number) or KMP_ERR_RANGE (a number above max);
 * *out is written only on success. */
int kmp_parse_uint_n(const char *s, size_t len, uint64_t max, uint64_t *out);
/* The same for a whole NUL-terminated string (NULL is KMP_ERR_ARG). */
int kmp_parse_uint(const char *s, uint64_t max, uint64_t *out);

/* One register ID, 0..65535. */
int kmp_parse_id(const char *s, uint16_t *id);

/* A range of register IDs in s[0..len): "A-B", "A..B" or one ID "A" (a
 * range of one); blanks around the parts are allowed ("0x3E8 - 0x7D0").
 * A must not be above B.  Returns KMP_OK, KMP_ERR_ARG or KMP_ERR_RANGE
 * with a one-line reason in err (may be NULL); *from and *to are written
 * only on success. */
int kmp_parse_range_n(const char *s, size_t len, uint16_t *from, uint16_t *to, char *err,
                      size_t cap);
int kmp_parse_range(const char *s, uint16_t *from, uint16_t *to, char *err, size_t cap);

/* A list of register IDs separated by commas and/or blanks ("60,68
 * 0x3EA"), appended to ids (*n in/out, at most cap).  An empty item
 * ("60,,68", "60,") and an empty list are errors.  Returns KMP_OK,
 * KMP_ERR_ARG, KMP_ERR_RANGE or KMP_ERR_NOSPACE (more than cap) with a
 * one-line reason in err (may be NULL).  On error *n may have grown. */
int kmp_parse_id_list(const char *s, uint16_t *ids, size_t *n, size_t cap, char *err,
                      size_t errcap);

/* Seconds, "digits[.digits]", into whole microseconds (rounded to the
 * nearest), at most max_us.  Returns KMP_OK, KMP_ERR_ARG or KMP_ERR_RANGE;
 * *us is written only on success. */
int kmp_parse_seconds(const char *s, uint64_t max_us, uint64_t *us);

#endif
