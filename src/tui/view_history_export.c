/* view_history_export.c - the history view's pure pieces: the logger and
 * register choice as people type it, how records are dated, and the CSV
 * export (see history_view.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feature/history_csv.h"
#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/logger_msg.h"
#include "kmp/parse.h"
#include "kmp/tables.h"
#include "tui/fmt.h"
#include "tui/history_view.h"

/* Module log numbers `l` cycles through: the MULTICAL 601's module keeps
 * a few logs (kmpsim: 1 day, 2 hour, 3 month, 4 year). */
#define MODULE_LOGS 4

tui_hist_view *tui_hist_state(const tui_model *m)
{
	return tui_view_data(m, &tui_view_history);
}

const char *tui_hist_logger_name(const tui_hist_view *hv, char *buf, size_t cap)
{
	const char *n = hv->module ? NULL : kmp_logger_type_name(hv->logger);
	if (n)
		snprintf(buf, cap, "%s", n);
	else
		snprintf(buf, cap, "log %u", hv->logger);
	return buf;
}

void tui_hist_next_logger(tui_hist_view *hv)
{
	if (hv->module)
		hv->logger = (uint8_t)(hv->logger >= MODULE_LOGS ? 1 : hv->logger + 1);
	else
		hv->logger = (uint8_t)(hv->logger >= KMP_LOGGER_HOUR || hv->logger < KMP_LOGGER_YEAR
		                               ? KMP_LOGGER_YEAR
		                               : hv->logger + 1);
}

int tui_hist_parse_regs(const char *text, int module, uint16_t *ids, size_t *n, char *err,
                        size_t cap)
{
	const char *s = text;
	while (*s == ' ')
		s++;
	if (!*s) {
		if (module) {
			snprintf(err, cap,
			         "a logger module has no command that lists its registers: "
			         "give them (e.g. 60,68)");
			return -1;
		}
		*n = 0;
		return 0;
	}
	uint16_t got[KMP_HIST_MAX_REGS];
	size_t k = 0;
	if (kmp_parse_id_list(s, got, &k, KMP_HIST_MAX_REGS, err, cap) != KMP_OK)
		return -1;
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < i; j++)
			if (got[i] == got[j]) {
				snprintf(err, cap, "register %u twice", got[i]);
				return -1;
			}
	memcpy(ids, got, k * sizeof got[0]);
	*n = k;
	return 0;
}

int tui_hist_under_way(const tui_hist_view *hv)
{
	return hv->shown && !hv->stopped && hv->p.state != KMP_HIST_DONE &&
	       hv->p.state != KMP_HIST_FAILED;
}

int tui_hist_unsaved(const tui_hist_view *hv)
{
	return hv->shown && hv->n_recs && hv->exported_n != hv->n_recs + 1;
}

/* --- dates ----------------------------------------------------------------- */

void tui_hist_find_dating(const kmp_hist *h, tui_hist_dating *d)
{
	d->dt = d->date = d->time = -1;
	if (!h || !h->n_recs)
		return;
	/* the units of the newest complete record say what each register is */
	uint32_t id;
	if (!kmp_hist_completed(h, &id, 1))
		return;
	for (size_t i = 0; i < h->n_regs; i++) {
		kmp_hist_val v;
		if (kmp_hist_value(h, id, i, &v) != KMP_OK)
			continue;
		if ((v.unit == KMP_UNIT_DST_DATETIME || v.unit == KMP_UNIT_RTC ||
		     v.unit == KMP_UNIT_KAMDATETIME) &&
		    d->dt < 0)
			d->dt = (int)i;
		else if ((v.unit == KMP_UNIT_YYMMDD || v.unit == KMP_UNIT_YYYYMMDD) && d->date < 0)
			d->date = (int)i;
		else if (v.unit == KMP_UNIT_HHMMSS && d->time < 0)
			d->time = (int)i;
	}
}

size_t tui_hist_value_regs(const kmp_hist *h, size_t *idx, size_t cap)
{
	tui_hist_dating d;
	size_t n = 0;
	if (!h)
		return 0;
	tui_hist_find_dating(h, &d);
	int dated = d.dt >= 0 || d.date >= 0;
	for (size_t i = 0; i < h->n_regs; i++) {
		if (dated && ((int)i == d.dt || (int)i == d.date || (int)i == d.time))
			continue;
		if (n < cap)
			idx[n] = i;
		n++;
	}
	return n;
}

static int decode_at(const kmp_hist *h, uint32_t id, int idx, kmp_datetime *dt)
{
	kmp_hist_val v;
	if (idx < 0 || kmp_hist_value(h, id, (size_t)idx, &v) != KMP_OK)
		return -1;
	return kmp_datetime_decode(&v.v, v.unit, dt) == KMP_OK ? 0 : -1;
}

int tui_hist_record_time(const kmp_hist *h, const tui_hist_dating *d, uint32_t log_id, int64_t *t,
                         char *text, size_t cap)
{
	kmp_datetime a, b;
	int have_time = 0;
	if (decode_at(h, log_id, d->dt, &a) == 0 && a.year && a.hour >= 0) {
		snprintf(text, cap, "%s", a.text);
		have_time = 1;
	} else if (decode_at(h, log_id, d->date, &a) == 0 && a.year) {
		if (decode_at(h, log_id, d->time, &b) == 0 && b.hour >= 0) {
			a.hour = b.hour;
			a.minute = b.minute;
			a.second = b.second;
			snprintf(text, cap, "%s %s", a.iso, b.iso);
		} else {
			a.hour = a.minute = a.second = 0;
			snprintf(text, cap, "%s", a.iso);
		}
		have_time = 1;
	}
	if (!have_time) {
		if (cap)
			text[0] = '\0';
		return -1;
	}
	*t = (int64_t)kmp_days_since_1970(a.year, a.month, a.day) * 86400 + a.hour * 3600 +
	     a.minute * 60 + a.second;
	return 0;
}

/* --- the CSV export -------------------------------------------------------- */

/* Open a new file kmpterm-history-DATE-TIME[-K].csv in dir through the
 * feature's own opener (exclusive, locked, a journal beside it). */
static int open_new(const tui_hist_view *hv, const struct timespec *wall, kmp_hist_out *o,
                    char *path, size_t cap, char *err, size_t errcap)
{
	char name[96];
	const char *dir = hv->export_dir ? hv->export_dir : ".";
	tui_stamped_file_name("history", "csv", wall, name, sizeof name);
	for (int k = 1; k < 100; k++) {
		kmp_hist_resumed r;
		if (k == 1)
			snprintf(path, cap, "%s/%s", dir, name);
		else
			snprintf(path, cap, "%s/%.*s-%d.csv", dir, (int)strlen(name) - 4, name, k);
		/* a journal left without its CSV would make the name unusable for
		 * --resume: skip it too */
		char j[sizeof o->journal];
		kmp_hist_journal_path(path, j, sizeof j);
		if (access(j, F_OK) == 0)
			continue;
		errno = 0;
		if (kmp_hist_out_open(o, path, 0, &r, err, errcap) == KMP_OK)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	snprintf(err, errcap, "%s: 99 files of this second exist already", path);
	return -1;
}

int tui_hist_export(const tui_hist_view *hv, const struct timespec *wall, char *path, size_t cap,
                    char *err, size_t errcap)
{
	static kmp_hist_out o; /* 8 KB of paths: not on the stack */
	static kmp_hist_outcome oc;
	char why[4400];
	path[0] = '\0';
	if (!hv->shown || !hv->core || !hv->n_recs) {
		snprintf(err, errcap, "no records to export yet: s reads the logger");
		return -1;
	}
	if (open_new(hv, wall, &o, path, cap, why, sizeof why) != 0) {
		snprintf(err, errcap, "cannot create %.200s", why);
		return -1;
	}
	const kmp_hist *h = hv->core;
	kmp_hist_meta meta = {.kind = h->cfg.kind,
	                      .logger = h->cfg.logger,
	                      .address = (uint8_t)(hv->address ? hv->address : KMP_ADDR_HEAT)};
	kmp_hist_out_set_meta(&o, &meta);
	/* the rows as the reading made them, newest first, in batches the
	 * outcome holds: each batch on disk (fsync) before the journal lists
	 * it, as `history --out` does */
	int rc = KMP_OK;
	for (size_t i = 0; i < hv->n_recs && rc == KMP_OK;) {
		memset(&oc, 0, sizeof oc);
		while (i < hv->n_recs && oc.n_complete < KMP_HIST_OUTCOME_MAX)
			oc.complete[oc.n_complete++] = hv->recs[i++];
		rc = kmp_hist_out_append(&o, h, &oc);
	}
	int saved = errno;
	kmp_hist_out_close(&o);
	if (rc != KMP_OK) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(saved));
		/* half a file would pass for a short reading */
		char j[sizeof o.journal];
		kmp_hist_journal_path(path, j, sizeof j);
		unlink(path);
		unlink(j);
		return -1;
	}
	return 0;
}
