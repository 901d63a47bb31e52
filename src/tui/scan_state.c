/* scan_state.c - the scan view's pure pieces: the range a person types,
 * the estimate, the CSV export and the event line (see scan_view.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feature/journal.h"
#include "kmp/error.h"
#include "kmp/parse.h"
#include "tui/fmt.h"
#include "tui/scan_view.h"

tui_scan_view *tui_scan_state(const tui_model *m)
{
	return tui_view_data(m, &tui_view_scan);
}

/* --- the range ----------------------------------------------------------- */

/* The grammar (A-B, A..B or one ID; decimal or 0x hex) is the codec's,
 * shared with --scan-range. */
int tui_scan_parse_range(const char *text, uint16_t *from, uint16_t *to, char *err, size_t cap)
{
	return kmp_parse_range(text, from, to, err, cap) == KMP_OK ? 0 : -1;
}

double tui_scan_estimate_ids_s(unsigned long ids, unsigned batch, unsigned baud)
{
	if (!batch || !baud)
		return -1;
	unsigned long requests = (ids + batch - 1) / batch;
	/* a request is 7 bytes plus 2 per ID, an empty reply 6, then one
	 * byte of quiet; 11 bits a byte (8N2) */
	double byte_s = 11.0 / baud;
	return (double)requests * ((7.0 + 2.0 * batch + 6.0 + 1.0) * byte_s + TUI_SCAN_LATENCY_S);
}

double tui_scan_estimate_s(uint16_t from, uint16_t to, unsigned batch, unsigned baud)
{
	return tui_scan_estimate_ids_s((unsigned long)to - from + 1, batch, baud);
}

/* Index of the first known ID >= id. */
static size_t known_pos(const tui_scan_view *sv, uint32_t id)
{
	size_t lo = 0, hi = sv->n_known;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sv->known[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t tui_scan_known_in(const tui_scan_view *sv, uint16_t from, uint16_t to)
{
	if (!sv->known || from > to)
		return 0;
	return known_pos(sv, (uint32_t)to + 1) - known_pos(sv, from);
}

const char *tui_scan_fmt_duration(double s, char *buf, size_t cap)
{
	if (s < 0) {
		snprintf(buf, cap, "--:--");
		return buf;
	}
	unsigned long t = (unsigned long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, cap, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, cap, "%lu:%02lu", t / 60, t % 60);
	return buf;
}

/* --- the CSV export ------------------------------------------------------ */

void tui_scan_file_name(const struct timespec *wall, char *buf, size_t cap)
{
	tui_stamped_file_name("scan", "csv", wall, buf, cap);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Create path, refusing one that exists (two presses within a second must
 * not overwrite the first file).  Returns the fd or -1 (errno set). */
static int create_new(const tui_scan_view *sv, const struct timespec *wall, char *path, size_t cap)
{
	char name[96];
	const char *dir = sv->export_dir ? sv->export_dir : ".";
	tui_scan_file_name(wall, name, sizeof name);
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(path, cap, "%s/%s", dir, name);
		else
			snprintf(path, cap, "%s/%.*s-%d.csv", dir, (int)strlen(name) - 4, name, k);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int tui_scan_export(const tui_scan_view *sv, const struct timespec *wall, char *path, size_t cap,
                    char *err, size_t errcap)
{
	const kmp_scan *s = sv->core;
	char *buf = NULL;
	size_t len = 0;
	path[0] = '\0';
	if (!sv->shown || !s) {
		snprintf(err, errcap, "nothing to export yet: s starts a scan");
		return -1;
	}
	/* the canonical form, as --resume rewrites a file: header and rows by
	 * ID; the IDs settled go to its journal, so an unfinished scan can be
	 * continued with --resume */
	kmp_scan_meta meta = {
	        .from = s->cfg.from, .to = s->cfg.to, .batch = sv->batch_used ? sv->batch_used : 8};
	if (sv->have_meta)
		meta = sv->meta; /* the meter's identity and the time, as the saved file */
	if (kmp_scan_csv_render(&meta, s->done, s->found, s->n_found, &buf, &len) != KMP_OK) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	int fd = create_new(sv, wall, path, cap);
	if (fd < 0) {
		snprintf(err, errcap, "cannot create %s: %s", path, strerror(errno));
		free(buf);
		return -1;
	}
	int rc = write_all(fd, buf, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	int saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	free(buf);
	char jpath[300];
	if (rc == 0 &&
	    (kmp_journal_path(path, jpath, sizeof jpath) ||
	     kmp_scan_journal_render(&meta, s->done, s->found, s->n_found, &buf, &len) != KMP_OK)) {
		rc = -1;
		saved = ENOMEM;
	} else if (rc == 0) {
		rc = kmp_replace_file(jpath, 0644, buf, len, NULL, NULL, 0) == KMP_OK ? 0 : -1;
		saved = errno;
		free(buf);
	}
	if (rc != 0) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(saved));
		unlink(path); /* half a file would pass for a short scan */
		return -1;
	}
	return 0;
}

/* --- the event line ------------------------------------------------------ */

/* "IDs 896..903" or "ID 900" for n IDs (the first and the last). */
static void ids_text(const uint16_t *ids, size_t n, char *buf, size_t cap)
{
	uint16_t lo = ids[0], hi = ids[0];
	for (size_t i = 1; i < n; i++) {
		lo = ids[i] < lo ? ids[i] : lo;
		hi = ids[i] > hi ? ids[i] : hi;
	}
	if (lo == hi)
		snprintf(buf, cap, "ID %u", lo);
	else
		snprintf(buf, cap, "IDs %u..%u", lo, hi);
}

void tui_scan_event_text(const kmp_scan_outcome *oc, int status, char *buf, size_t cap)
{
	char ids[40];
	size_t o = 0;
	buf[0] = '\0';
	if (oc->n_resolved) {
		ids_text(oc->resolved, oc->n_resolved, ids, sizeof ids);
		o += (size_t)snprintf(buf, cap, "last reply: %s settled", ids);
		for (size_t i = 0; i < oc->n_new && o < cap; i++)
			o += (size_t)snprintf(buf + o, cap - o, "%s%u", i ? " " : ", found ",
			                      oc->new_ids[i]);
		return;
	}
	/* a failed exchange proves nothing: say what happens next */
	o += (size_t)snprintf(buf, cap, "last exchange failed (%s)", kmp_strerror(status));
	if (o < cap && oc->n_set_aside) {
		ids_text(oc->set_aside, oc->n_set_aside, ids, sizeof ids);
		o += (size_t)snprintf(buf + o, cap - o, ": %s set aside for another pass", ids);
	} else if (o < cap && oc->split) {
		o += (size_t)snprintf(buf + o, cap - o, ": asking half the IDs at a time");
	} else if (o < cap && !oc->paused) {
		o += (size_t)snprintf(buf + o, cap - o, ": asking again");
	}
}
