/* read_rec.h - readings over time (`kmpterm read --csv`, `--format
 * influx`, `--out FILE`): one row (or line-protocol point) per register
 * per round, to standard output or appended to a file.
 *
 * CSV (RFC 4180, feature/csv.h):
 *     time,id,name,value,unit,unit_name,text
 *     2026-11-29T12:00:01.123Z,60,Heat energy E1,1234.567,8,GJ,1234.567
 * InfluxDB line protocol:
 *     kmp,id=60,name=Heat\ energy\ E1,unit=GJ value=1234.567 1764417601123000000
 * A register that got no valid answer in a round has no row in it: no
 * line ever holds a value that was not read.
 *
 * A file is appended to safely: opened without following another user's
 * link (kmp_open_write), created if missing, locked against a second
 * recorder, a last line cut off by a kill or a full disk removed first, a
 * CSV whose header is not ours refused; each round goes out in one write
 * followed by fsync. */
#ifndef APP_READ_REC_H
#define APP_READ_REC_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "feature/reader.h"
#include "feature/reading_csv.h"

typedef enum read_fmt { READ_TEXT, READ_JSON, READ_CSV, READ_INFLUX } read_fmt;

#define READ_CSV_HEADER KMP_READING_CSV_HEADER /* feature/reading_csv.h */
/* The measurement of the line-protocol points. */
#define READ_INFLUX_MEASUREMENT "kmp"

typedef struct read_rec {
	read_fmt fmt;
	int fd;          /* the --out file, -1: standard output */
	int header_done; /* CSV: the header is out (or was in the file) */
	size_t cut;      /* bytes of a torn last line removed when opening */
	char path[4096];
} read_rec;

/* Open for fmt (CSV or INFLUX or JSON); path NULL: standard output.
 * Returns 0, or -1 with one line in err ("PATH: reason"). */
int read_rec_open(read_rec *r, read_fmt fmt, const char *path, char *err, size_t cap);
/* One round: a row per register read OK.  wall/mono_us: the clocks now,
 * to date each reading by when it arrived.  Returns the rows written, or
 * -1 when the output failed (errno set). */
int read_rec_round(read_rec *r, const kmp_reader *rd, const struct timespec *wall,
                   uint64_t mono_us);
void read_rec_close(read_rec *r);

/* A line-protocol point for one reading into buf (newline included).
 * Returns its length, or -1 when it does not fit.  For the tests. */
int read_rec_influx(const kmp_reading *rd, uint64_t ns, char *buf, size_t cap);
/* A CSV row for one reading (CRLF included), or -1. */
int read_rec_csv(const kmp_reading *rd, const char *iso, char *buf, size_t cap);

#endif
