/* csv.h - the one CSV writer (and line splitter) of every file kmpterm
 * writes: `scan --out`, `read --csv`, `history --out`.  RFC 4180: fields
 * separated by commas, a field holding a comma, a quote, CR or LF quoted
 * with "" for a quote, lines ended by CRLF, a header row first and data
 * rows only after it, so python's csv.DictReader, pandas.read_csv and
 * LibreOffice read the files with no options.
 *
 * Building a line:
 *     char buf[512];
 *     kmp_csv_line l;
 *     kmp_csv_begin(&l, buf, sizeof buf);
 *     kmp_csv_put(&l, "Max flow date, year");   // quoted as needed
 *     kmp_csv_putf(&l, "%u", id);               // printf, then quoted as needed
 *     int len = kmp_csv_end(&l);                 // adds CRLF; -1 when it did not fit
 *
 * Pure: no I/O (the files themselves: journal.h). */
#ifndef FEATURE_CSV_H
#define FEATURE_CSV_H

#include <stddef.h>

/* RFC 4180's line end. */
#define KMP_CSV_EOL "\r\n"

typedef struct kmp_csv_line {
	char *buf;
	size_t cap, len;
	unsigned fields;
	int overflow; /* something did not fit: kmp_csv_end returns -1 */
} kmp_csv_line;

void kmp_csv_begin(kmp_csv_line *l, char *buf, size_t cap);
/* One field (NULL: empty).  CR and LF inside become spaces, so a row is
 * always one line (a reader that splits on line ends, and `grep`, keep
 * working); everything else is kept byte for byte, UTF-8 included. */
void kmp_csv_put(kmp_csv_line *l, const char *field);
void kmp_csv_putf(kmp_csv_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the line with CRLF.  Returns its length, or -1 when it did not fit
 * (buf then holds "" ). */
int kmp_csv_end(kmp_csv_line *l);

/* A header line from n names.  Returns the length or -1. */
int kmp_csv_header(const char *const *names, size_t n, char *buf, size_t cap);

/* One field quoted as needed into out (no separator, no line end).
 * Returns its length or -1 when it does not fit cap (NUL included). */
int kmp_csv_field(const char *s, char *out, size_t cap);

/* --- reading a line back ----------------------------------------------- */

#define KMP_CSV_MAX_FIELDS 64

typedef struct kmp_csv_fields {
	size_t n;
	/* each field unquoted, NUL-terminated, pointing into text */
	const char *f[KMP_CSV_MAX_FIELDS];
	size_t len[KMP_CSV_MAX_FIELDS];
} kmp_csv_fields;

/* Split one line of n bytes (without its line end; a trailing CR is
 * dropped) into fields, unquoting them into scratch (at least n + 1 +
 * KMP_CSV_MAX_FIELDS bytes).  Returns 0, or -1 when the line is no
 * RFC 4180 line (an unclosed quote, a quote inside an unquoted field,
 * text after a closing quote, more than KMP_CSV_MAX_FIELDS fields). */
int kmp_csv_split(const char *s, size_t n, char *scratch, kmp_csv_fields *out);

/* The index of the column called name in a header, or -1. */
int kmp_csv_column(const kmp_csv_fields *header, const char *name);

#endif
