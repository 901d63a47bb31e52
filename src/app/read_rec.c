/* read_rec.c - readings over time as CSV or InfluxDB line protocol (see
 * read_rec.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/read_rec.h"
#include "feature/csv.h"
#include "feature/journal.h"
#include "feature/reading_csv.h"
#include "feature/safe_open.h"
#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/iso_time.h"
#include "kmp/tables.h"

/* --- one reading ------------------------------------------------------------ */

int read_rec_csv(const kmp_reading *rd, const char *iso, char *buf, size_t cap)
{
	return kmp_reading_csv_row(rd, iso, buf, cap); /* shared with the terminal */
}

/* Append s to buf at *o with the line protocol's escapes: in tag keys
 * and values a comma, an equals sign and a space take a backslash (tags:
 * quote 0); in a string field a double quote and a backslash do
 * (quote 1).  A control character (no line may break) becomes a space; a
 * backslash in a tag becomes '/' (a tag ending in one would escape the
 * separator after it).  Returns 0 or -1 when it does not fit. */
static int put_escaped(char *buf, size_t cap, size_t *o, const char *s, int quote)
{
	for (; *s; s++) {
		char c = (unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s;
		if (!quote && c == '\\')
			c = '/';
		int esc = quote ? c == '"' || c == '\\' : c == ',' || c == '=' || c == ' ';
		if (*o + (size_t)esc + 2 > cap)
			return -1;
		if (esc)
			buf[(*o)++] = '\\';
		buf[(*o)++] = c;
	}
	buf[*o] = 0;
	return 0;
}

static int put(char *buf, size_t cap, size_t *o, const char *s)
{
	size_t n = strlen(s);
	if (*o + n + 1 > cap)
		return -1;
	memcpy(buf + *o, s, n + 1);
	*o += n;
	return 0;
}

int read_rec_influx(const kmp_reading *rd, uint64_t ns, char *buf, size_t cap)
{
	kmp_value_shown v;
	if (kmp_value_show(&rd->value, rd->unit, &v) != KMP_OK)
		return -1;
	const kmp_register_info *info = kmp_register_lookup(rd->id);
	const char *unit = kmp_unit_name(rd->unit);
	char num[32];
	size_t o = 0;
	snprintf(num, sizeof num, ",id=%u", rd->id);
	if (put(buf, cap, &o, READ_INFLUX_MEASUREMENT) || put(buf, cap, &o, num))
		return -1;
	/* tags sorted by key, as the line protocol prefers; an empty tag
	 * value is not allowed, so an unknown name or unit has no tag */
	if (info && info->name[0] &&
	    (put(buf, cap, &o, ",name=") || put_escaped(buf, cap, &o, info->name, 0)))
		return -1;
	if (unit && unit[0] && (put(buf, cap, &o, ",unit=") || put_escaped(buf, cap, &o, unit, 0)))
		return -1;
	/* the value as a float field written from the exact decimal text
	 * (the file holds every digit the meter sent); an ASCII register is
	 * text only, a date or time is both: the number and the checked date */
	int has_value = rd->unit != KMP_UNIT_ASCII;
	int has_text = rd->unit == KMP_UNIT_ASCII || (v.is_datetime && v.valid);
	if (has_value && (put(buf, cap, &o, " value=") || put(buf, cap, &o, v.raw)))
		return -1;
	if (has_text && (put(buf, cap, &o, has_value ? ",text=\"" : " text=\"") ||
	                 put_escaped(buf, cap, &o, v.text, 1) || put(buf, cap, &o, "\"")))
		return -1;
	snprintf(num, sizeof num, " %llu\n", (unsigned long long)ns);
	if (put(buf, cap, &o, num))
		return -1;
	return (int)o;
}

/* --- the output ------------------------------------------------------------- */

/* A last line without its newline (a kill or a full disk cut it): cut
 * the file back to the last newline so the next line starts clean. */
static int cut_torn_tail(read_rec *r, off_t size)
{
	char buf[4096];
	off_t end = size;
	while (end > 0) {
		off_t start = end > (off_t)sizeof buf ? end - (off_t)sizeof buf : 0;
		ssize_t n = pread(r->fd, buf, (size_t)(end - start), start);
		if (n <= 0)
			return -1;
		for (ssize_t i = n - 1; i >= 0; i--)
			if (buf[i] == '\n') {
				off_t keep = start + i + 1;
				if (keep == size)
					return 0;
				r->cut = (size_t)(size - keep);
				return ftruncate(r->fd, keep);
			}
		end = start;
	}
	r->cut = (size_t)size;
	return ftruncate(r->fd, 0);
}

int read_rec_open(read_rec *r, read_fmt fmt, const char *path, char *err, size_t cap)
{
	memset(r, 0, sizeof *r);
	r->fmt = fmt;
	r->fd = -1;
	if (!path)
		return 0;
	snprintf(r->path, sizeof r->path, "%s", path);
	r->fd = kmp_open_write(path, O_RDWR | O_APPEND | O_CREAT, 0644, err, cap);
	if (r->fd < 0)
		return -1;
	struct stat st;
	const char *why = NULL;
	if (fstat(r->fd, &st) != 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file: the recording is appended to a file";
	else if (kmp_lock_file(r->fd) != 0)
		why = "another kmpterm is recording into it";
	else if (st.st_size > 0 && cut_torn_tail(r, st.st_size) != 0)
		why = strerror(errno);
	if (!why && fmt == READ_CSV && st.st_size > (off_t)r->cut) {
		/* appending rows under another header would make a file no
		 * reader can use */
		char head[256];
		ssize_t n = pread(r->fd, head, sizeof head - 1, 0);
		size_t want = strlen(READ_CSV_HEADER);
		size_t skip = n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
		if (n < 0 || (size_t)n < skip + want ||
		    memcmp(head + skip, READ_CSV_HEADER, want) ||
		    (head[skip + want] != '\r' && head[skip + want] != '\n'))
			why = "not a CSV of kmpterm read (its first line is not '" READ_CSV_HEADER
			      "'); give another file";
		else
			r->header_done = 1;
	}
	if (why) {
		snprintf(err, cap, "%.3000s: %s", path, why);
		close(r->fd);
		r->fd = -1;
		return -1;
	}
	return 0;
}

/* Readings per round at most, and room for each one's row. */
#define ROW_MAX 1024

int read_rec_round(read_rec *r, const kmp_reader *rd, const struct timespec *wall, uint64_t mono_us)
{
	size_t cap = (rd->n + 1) * ROW_MAX, len = 0;
	char *buf = malloc(cap);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	int rows = 0;
	if (r->fmt == READ_CSV && !r->header_done) {
		memcpy(buf, READ_CSV_HEADER KMP_CSV_EOL, sizeof READ_CSV_HEADER KMP_CSV_EOL);
		len = strlen(READ_CSV_HEADER KMP_CSV_EOL);
	}
	for (size_t i = 0; i < rd->n; i++) {
		const kmp_reading *x = &rd->readings[i];
		if (x->state != KMP_READING_OK)
			continue;
		/* when the value arrived, on the wall clock */
		struct timespec ts = kmp_reading_wall_time(x, wall, mono_us);
		uint64_t ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		int n;
		if (r->fmt == READ_CSV) {
			char iso[KMP_ISO_TIME_MAX];
			n = read_rec_csv(x, kmp_iso_time(&ts, iso, sizeof iso), buf + len,
			                 cap - len);
		} else {
			n = read_rec_influx(x, ns, buf + len, cap - len);
		}
		if (n > 0) {
			len += (size_t)n;
			rows++;
		}
	}
	int rc = 0;
	if (len && r->fd >= 0)
		rc = kmp_write_all(r->fd, buf, len) || kmp_sync_fd(r->fd) ? -1 : 0;
	else if (len)
		rc = fwrite(buf, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
	if (rc == 0 && len)
		r->header_done = 1;
	free(buf);
	return rc ? -1 : rows;
}

void read_rec_close(read_rec *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
