/* journal.h - the files kmpterm keeps while it records (the scan's CSV,
 * history's CSV, `read --out`): whole-file replacement that a kill at any
 * moment cannot tear, appends that are on disk before the next request,
 * and the journal beside a CSV that says how far the recording got.
 *
 * A journal is a small text file, FILE.journal beside FILE: lines of
 * "key value", the first one naming what it belongs to ("kmpterm-scan 1").
 * It is created (and compacted) by kmp_journal_create: the whole text goes
 * to a temporary file with an unpredictable name (mkstemp: O_EXCL, so no
 * link planted in a shared directory is followed), fsync, rename over the
 * old journal, fsync of the directory: the old journal or the new one,
 * never half of one.  After that every batch appends one line in one
 * write() followed by fsync(); a line cut off by a kill has no newline and
 * is ignored when the journal is read back (kmp_journal_lines).
 *
 * The order that makes a kill -9 harmless: the data (CSV rows) is written
 * and synced first, the journal line that counts it second.  A row the
 * journal does not count is dropped on resume and asked again; a journal
 * line never counts a row that is not on disk.
 *
 * Nothing here prints or exits; errors come back as KMP_ERR_IO with errno
 * set and, where there is an err buffer, one line "PATH: reason". */
#ifndef FEATURE_JOURNAL_H
#define FEATURE_JOURNAL_H

#include <stddef.h>
#include <sys/types.h>

/* The journal of a data file: "PATH.journal".  Returns 0, -1 when it does
 * not fit. */
int kmp_journal_path(const char *data_path, char *buf, size_t cap);

/* --- whole files ---------------------------------------------------------- */

/* write() all of p, retrying after EINTR and short writes.  0 or -1. */
int kmp_write_all(int fd, const char *p, size_t n);
/* fsync that accepts what cannot be synced (a pipe, /dev/null).  0 or -1. */
int kmp_sync_fd(int fd);
/* fsync the directory holding path (a rename in it is then on disk). */
void kmp_sync_dir(const char *path);

/* Replace path by text, atomically (temporary file PATH.tmp.XXXXXX,
 * fsync, rename, fsync of the directory), with the given mode.  When
 * fd_out is not NULL the new file stays open for appending (O_APPEND),
 * locked (flock LOCK_EX) before the rename, so whoever opens it next sees
 * it busy.  Returns KMP_OK or KMP_ERR_IO with one line in err. */
int kmp_replace_file(const char *path, mode_t mode, const char *text, size_t len, int *fd_out,
                     char *err, size_t cap);

/* A replacement killed between creating its temporary file and the rename
 * (kill -9, a power cut) leaves PATH.tmp.XXXXXX behind.  Remove those of
 * path (regular files owned by this user; anything else is left alone).
 * Call it while holding the lock on path, so no live writer owns one. */
void kmp_remove_stale_temps(const char *path);

/* Read a regular file whole into a malloc'd, NUL-terminated buffer (a FIFO
 * or device is refused without blocking; more than max bytes is EFBIG).
 * Returns KMP_OK, KMP_ERR_NODEV when it does not exist, KMP_ERR_IO (errno
 * set). */
int kmp_read_file(const char *path, size_t max, char **buf, size_t *len);

/* Take the exclusive lock of a file kmpterm writes (flock, not waiting).
 * Returns 0, or -1 when another process holds it (a file system without
 * locks counts as locked by us). */
int kmp_lock_file(int fd);

/* --- the journal ---------------------------------------------------------- */

typedef struct kmp_journal {
	int fd; /* -1: closed */
	char path[4096];
} kmp_journal;

/* Create or compact the journal at path with text (complete lines),
 * atomically, and keep it open for kmp_journal_append.  Returns KMP_OK or
 * KMP_ERR_IO with one line in err. */
int kmp_journal_create(kmp_journal *j, const char *path, const char *text, size_t len, char *err,
                       size_t cap);
/* Append one line (it must end in '\n') in one write, then fsync.
 * Returns KMP_OK or KMP_ERR_IO (errno set). */
int kmp_journal_append(kmp_journal *j, const char *line, size_t len);
void kmp_journal_close(kmp_journal *j);

/* Walk the complete lines of a journal read back: *pos starts at 0; each
 * call gives the next line without its newline (a CR before it dropped)
 * and returns 1, or 0 at the end.  A last line without a newline (cut off
 * by a kill) is never given. */
int kmp_journal_lines(const char *text, size_t len, size_t *pos, const char **line,
                      size_t *line_len);
/* Split "key value..." : *key_len is the key's length, *value the rest
 * after the spaces (may be empty). */
void kmp_journal_kv(const char *line, size_t n, size_t *key_len, const char **value,
                    size_t *value_len);

#endif
