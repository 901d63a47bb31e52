/* history_csv.h - a logger reading as a CSV file, and the journal that
 * makes it resumable (docs/history.md, "The CSV file").
 *
 * The CSV is plain RFC 4180 (CRLF line ends, a header row, data rows
 * only), so csv.DictReader, pandas.read_csv and spreadsheets read it with
 * no options:
 *   log_id,1003,1003_text,60,60_text
 *   1460,261128,2026-11-28,1233.501,1233.501 GJ
 * one row per record read whole (every register), the exact value and the
 * text people read (dates as dates, the unit after the number).
 *
 * The journal, FILE.journal beside it, says which records the CSV holds
 * and what was read (logger, registers, address).  After every batch the
 * rows go out in one write() followed by fsync(), then the journal is
 * replaced atomically (a temporary file with an unpredictable name, fsync,
 * rename, fsync of the directory).  --resume keeps exactly the rows the
 * journal lists, once each (a kill -9 between the two writes leaves rows
 * the journal does not list: they are dropped and read again), so every
 * record ends up in the file once.
 *
 * Nothing here prints or exits. */
#ifndef FEATURE_HISTORY_CSV_H
#define FEATURE_HISTORY_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "feature/history.h"

/* What a reading is: it must be the same to resume it. */
typedef struct kmp_hist_meta {
	kmp_hist_kind kind;
	uint8_t logger;  /* B8 logger type, or the module's log number */
	uint8_t address; /* the meter's (B8) or the module's KMP address */
	size_t n_regs;   /* 0: not known yet (every register of the logger) */
	uint16_t regs[KMP_HIST_MAX_REGS];
} kmp_hist_meta;

typedef struct kmp_hist_out {
	int fd; /* the CSV, appended; -1 closed */
	char path[4096];
	char journal[4096 + 16];
	kmp_hist_meta meta;
	int header_written;
	int replaced;   /* --resume rewrote the CSV */
	uint32_t *done; /* log IDs in the CSV, unsorted */
	size_t n_done, cap_done;
} kmp_hist_out;

/* What --resume found. */
typedef struct kmp_hist_resumed {
	int resumed;        /* 1: an earlier reading was found and is continued */
	size_t records;     /* rows kept */
	size_t dropped;     /* rows the journal does not list, or repeated, or unreadable */
	kmp_hist_meta meta; /* from the journal */
} kmp_hist_resumed;

/* The journal's path for a CSV path: "PATH.journal". */
void kmp_hist_journal_path(const char *csv, char *out, size_t cap);

/* Open path for a reading.  resume == 0: a new file, created exclusively
 * (an existing one is refused: it may be an interrupted reading).  resume:
 * read back the CSV and its journal into *r (a missing or empty CSV is a
 * new reading), keep the rows the journal lists, and replace the CSV
 * atomically when anything had to go.  Returns KMP_OK, or an error with
 * one line in err ("PATH: reason"): KMP_ERR_IO, KMP_ERR_BAD_INPUT (a file
 * that is not such a reading; nothing is changed). */
int kmp_hist_out_open(kmp_hist_out *o, const char *path, int resume, kmp_hist_resumed *r, char *err,
                      size_t cap);
/* What is read, before the first append (the registers may still be
 * unknown: they come with the first append). */
void kmp_hist_out_set_meta(kmp_hist_out *o, const kmp_hist_meta *m);
/* After a result: the header once the registers are known, the rows of
 * the records it completed, then the journal.  Returns KMP_OK or
 * KMP_ERR_IO (errno set). */
int kmp_hist_out_append(kmp_hist_out *o, const kmp_hist *h, const kmp_hist_outcome *oc);
const char *kmp_hist_out_path(const kmp_hist_out *o);
void kmp_hist_out_close(kmp_hist_out *o);

/* One record as a CSV row ("1460,261128,2026-11-28,...\r\n").  Returns
 * the length, or -1 when it does not fit or the record is not complete. */
int kmp_hist_csv_row(const kmp_hist *h, uint32_t log_id, char *buf, size_t cap);
/* The header for these registers.  Returns the length or -1. */
int kmp_hist_csv_header(const uint16_t *regs, size_t n, char *buf, size_t cap);

/* The journal's text for meta and the done IDs; and reading it back.
 * kmp_hist_journal_parse returns KMP_OK or KMP_ERR_BAD_INPUT with the
 * reason in err; *ids is malloc'd (free it). */
int kmp_hist_journal_render(const kmp_hist_meta *m, const uint32_t *ids, size_t n, char **text,
                            size_t *len);
int kmp_hist_journal_parse(const char *text, size_t len, kmp_hist_meta *m, uint32_t **ids,
                           size_t *n, char *err, size_t cap);

#endif
