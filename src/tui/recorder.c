/* recorder.c - view 1's record key (see recorder.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feature/csv.h"
#include "feature/journal.h"
#include "feature/reading_csv.h"
#include "feature/safe_open.h"
#include "tui/fmt.h"
#include "tui/recorder.h"

/* Room for one row: the longest name, value and text with quoting. */
#define ROW_MAX 1024

void tui_recorder_init(tui_recorder *r)
{
	r->fd = -1;
	r->size = 0;
}

/* A new file in dir: the stamped name, or "-2".."-99" after it when
 * taken (two starts within a second).  Returns the fd or -1 with err. */
static int create(const char *dir, const struct timespec *wall, char *path, size_t cap, char *err,
                  size_t errcap)
{
	char name[96];
	tui_stamped_file_name("readings", "csv", wall, name, sizeof name);
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(path, cap, "%s/%s", dir, name);
		else
			snprintf(path, cap, "%s/%.*s-%d.csv", dir, (int)strlen(name) - 4, name, k);
		int fd = kmp_open_write(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0644, err,
		                        errcap);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	snprintf(err, errcap, "%s/%s: 99 names taken", dir, name);
	return -1;
}

static void start(tui_recorder *r, tui_model *m, const struct timespec *wall)
{
	tui_record_state *rs = &m->record;
	char path[sizeof rs->path], err[400];
	int fd = create(rs->dir ? rs->dir : ".", wall, path, sizeof path, err, sizeof err);
	if (fd < 0) {
		tui_status(m, TUI_STATUS_ERROR, "cannot record: %s", err);
		return;
	}
	static const char head[] = KMP_READING_CSV_HEADER KMP_CSV_EOL;
	if (kmp_write_all(fd, head, sizeof head - 1) || kmp_sync_fd(fd)) {
		tui_status(m, TUI_STATUS_ERROR, "cannot record: %s: %s", path, strerror(errno));
		close(fd);
		unlink(path); /* ours, just made, and holding nothing */
		return;
	}
	r->fd = fd;
	r->size = (off_t)(sizeof head - 1);
	rs->on = 1;
	rs->rows = rs->rounds = 0;
	rs->error[0] = '\0';
	snprintf(rs->path, sizeof rs->path, "%s", path);
	tui_status(m, TUI_STATUS_INFO, "recording every round to %s (c again stops)", path);
}

void tui_recorder_close(tui_recorder *r, tui_model *m)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	m->record.on = 0;
}

void tui_recorder_take(tui_recorder *r, tui_model *m, const struct timespec *wall)
{
	tui_record_state *rs = &m->record;
	if (!rs->toggle_req)
		return;
	rs->toggle_req = 0;
	m->dirty |= TUI_DIRTY_STATUS | TUI_DIRTY_HEADER;
	if (r->fd < 0) {
		start(r, m, wall);
		return;
	}
	tui_recorder_close(r, m);
	tui_status(m, TUI_STATUS_INFO, "recording stopped: %lu row%s in %s", rs->rows,
	           rs->rows == 1 ? "" : "s", rs->path);
}

void tui_recorder_round(tui_recorder *r, tui_model *m, const kmp_reader *rd,
                        const struct timespec *wall, uint64_t mono_us)
{
	tui_record_state *rs = &m->record;
	if (r->fd < 0 || !rd->n)
		return;
	size_t cap = rd->n * ROW_MAX, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		return;
	int rows = kmp_reading_csv_rows(rd, wall, mono_us, buf, cap, &len);
	/* a round without a valid answer writes nothing (and is no error) */
	if (rows > 0) {
		if (kmp_write_all(r->fd, buf, len) || kmp_sync_fd(r->fd)) {
			int e = errno;
			/* no torn row: the next round starts on a line of its own */
			if (ftruncate(r->fd, r->size) != 0) {
				/* nothing more to do: the next write says it again */
			}
			snprintf(rs->error, sizeof rs->error, "%.200s", strerror(e));
			tui_status(m, TUI_STATUS_ERROR,
			           "recording: a round was not written to %s: %s (still recording)",
			           rs->path, strerror(e));
		} else {
			r->size += (off_t)len;
			rs->rows += (unsigned long)rows;
			rs->rounds++;
			rs->error[0] = '\0';
		}
		m->dirty |= TUI_DIRTY_STATUS;
	}
	free(buf);
}
