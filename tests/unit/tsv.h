/* tsv.h - reading the reference tables in tests/data/ (tab-separated, '#'
 * comment lines, an optional header line starting with a given word). */
#ifndef TESTS_TSV_H
#define TESTS_TSV_H

#define TSV_COLS 12
#define TSV_CELL 768

typedef struct tsv_row {
	int line; /* line number in the file, 1-based */
	int ncol;
	char col[TSV_COLS][TSV_CELL];
} tsv_row;

/* Read tests/data/<name>: at most max rows, skipping '#' lines and a first
 * line that starts with header (may be NULL).  Fails the test (fatally)
 * when the file cannot be opened.  Returns the number of rows. */
int tsv_read(const char *name, const char *header, tsv_row *rows, int max);

#endif
