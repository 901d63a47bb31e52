/* scan_save.c - view 4 saves its scan as it goes (issue 14): a full scan
 * takes about 45 minutes at 1200 baud, and results that live only on the
 * screen are lost by one `q` or a closed terminal.
 *
 * When a scan starts, a new file kmpterm-scan-DATE-TIME.csv is created
 * exclusively in the view's directory (the working directory), with the
 * journal beside it, in the format of `kmpterm scan --out` (the shared
 * scan_out.c: the batch's rows written and synced, then the journal line
 * that counts them), so `kmpterm scan --out FILE --resume` continues a
 * scan that was stopped or cut off.  A file that cannot be created, or a
 * write that fails, leaves the results unsaved: the scan goes on (a
 * failed write pauses it, as `scan --out` does), the status line says
 * why, and `q` asks before they are lost (owner.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/iso_time.h"
#include "tui/scan_view.h"

/* Create the file (a name taken, even by an empty file, gets "-2".."-99":
 * a file we did not create is never written). */
static int create(tui_scan_view *sv, const struct timespec *wall, char *err, size_t cap)
{
	char name[96], path[sizeof sv->save_path];
	const char *dir = sv->export_dir ? sv->export_dir : ".";
	tui_scan_file_name(wall, name, sizeof name);
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(path, sizeof path, "%s/%s", dir, name);
		else
			snprintf(path, sizeof path, "%s/%.*s-%d.csv", dir, (int)strlen(name) - 4,
			         name, k);
		struct stat st;
		if (lstat(path, &st) == 0)
			continue; /* taken: the next name */
		if (kmp_scan_out_open(&sv->out, path, 0, NULL, err, cap) != KMP_OK)
			return -1;
		if (sv->out.fresh) {
			snprintf(sv->save_path, sizeof sv->save_path, "%s", path);
			return 0;
		}
		/* made by someone else between lstat and open: not ours to fill */
		kmp_scan_out_close(&sv->out);
	}
	snprintf(err, cap, "%s/%s: 99 names taken", dir, name);
	return -1;
}

static int save_start(tui_scan_view *sv, const tui_model *m, const struct timespec *wall, char *err,
                      size_t cap)
{
	tui_scan_save_close(sv);
	sv->save_path[0] = '\0';
	sv->save_ok = 0;
	sv->out.fd = -1;
	sv->out.journal.fd = -1;
	kmp_scan_meta *meta = &sv->meta;
	memset(meta, 0, sizeof *meta);
	meta->from = sv->sc.core.cfg.from;
	meta->to = sv->sc.core.cfg.to;
	meta->batch = sv->batch_used;
	kmp_iso_time(wall, meta->started, sizeof meta->started);
	/* the identity the header shows, when the meter has told it */
	meta->have_serial = m->link.have_serial;
	meta->serial = m->link.serial;
	meta->have_type = m->link.have_type && m->link.type.known;
	meta->meter_type = m->link.type.meter_type;
	if (meta->have_type)
		kmp_type_sw_text(&m->link.type, meta->sw, sizeof meta->sw);
	sv->have_meta = 1;
	if (create(sv, wall, err, cap) != 0)
		return -1;
	if (kmp_scan_out_begin(&sv->out, meta, NULL, err, cap) != KMP_OK) {
		kmp_scan_out_close(&sv->out);
		return -1;
	}
	sv->saving = 1;
	sv->save_ok = 1;
	kmp_scanner_set_output(&sv->sc, &sv->out);
	snprintf(sv->export_path, sizeof sv->export_path, "%s", sv->save_path);
	return 0;
}

/* The settled IDs and found rows of the scan shown, as a file read back
 * (what kmp_scan_out_begin writes as the file's start). */
static kmp_scan_csv *settled_view(const tui_scan_view *sv)
{
	kmp_scan_csv *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	memcpy(c->done, sv->sc.core.done, sizeof c->done);
	c->regs = sv->sc.core.found; /* borrowed: never kmp_scan_csv_free'd */
	c->n_regs = sv->sc.core.n_found;
	return c;
}

static int save_continue(tui_scan_view *sv, const tui_model *m, const struct timespec *wall,
                         char *err, size_t cap)
{
	tui_scan_save_close(sv);
	sv->save_ok = 0;
	sv->out.fd = -1;
	sv->out.journal.fd = -1;
	if (!sv->have_meta || !sv->save_path[0]) {
		/* the earlier pass has no file: a new one, then what it settled */
		if (save_start(sv, m, wall, err, cap) != 0)
			return -1;
		tui_scan_save_close(sv);
		sv->save_ok = 0;
	}
	/* the range of this pass, the identity and start of the first */
	sv->meta.from = sv->sc.core.cfg.from;
	sv->meta.to = sv->sc.core.cfg.to;
	sv->meta.batch = sv->batch_used;
	kmp_scan_csv *loaded = calloc(1, sizeof *loaded), *settled = settled_view(sv);
	if (!loaded || !settled) {
		free(loaded);
		free(settled);
		snprintf(err, cap, "out of memory");
		return -1;
	}
	/* as `scan --out FILE --resume`: locked, then rewritten whole from
	 * what is settled (the view's memory is what the screen shows; the
	 * file's rows are the same ones) */
	int rc = kmp_scan_out_open(&sv->out, sv->save_path, 1, loaded, err, cap);
	kmp_scan_csv_free(loaded);
	free(loaded);
	if (rc == KMP_OK && kmp_scan_out_begin(&sv->out, &sv->meta, settled, err, cap) != KMP_OK) {
		kmp_scan_out_close(&sv->out);
		rc = KMP_ERR_IO;
	}
	free(settled);
	if (rc != KMP_OK) {
		sv->export_path[0] = '\0';
		return -1;
	}
	sv->saving = 1;
	sv->save_ok = 1;
	kmp_scanner_set_output(&sv->sc, &sv->out);
	snprintf(sv->export_path, sizeof sv->export_path, "%s", sv->save_path);
	return 0;
}

/* Keep the reason for the scan's last message: a short scan ends before
 * the status line that said it could be read. */
static int keep_why(tui_scan_view *sv, int rc, const char *err)
{
	snprintf(sv->save_why, sizeof sv->save_why, "%s", rc == 0 ? "" : err);
	return rc;
}

int tui_scan_save_start(tui_scan_view *sv, const tui_model *m, const struct timespec *wall,
                        char *err, size_t cap)
{
	return keep_why(sv, save_start(sv, m, wall, err, cap), err);
}

int tui_scan_save_continue(tui_scan_view *sv, const tui_model *m, const struct timespec *wall,
                           char *err, size_t cap)
{
	return keep_why(sv, save_continue(sv, m, wall, err, cap), err);
}

int tui_scan_save_check(tui_scan_view *sv)
{
	if (!sv->saving || !sv->save_ok || !sv->sc.error[0])
		return 0;
	/* the scanner paused on a failed write: what it found from now on is
	 * not all in the file */
	sv->save_ok = 0;
	keep_why(sv, -1, sv->sc.error);
	if (!strcmp(sv->export_path, sv->save_path))
		sv->export_path[0] = '\0';
	return 1;
}

void tui_scan_save_close(tui_scan_view *sv)
{
	if (!sv->saving)
		return;
	if (sv->have_sc)
		kmp_scanner_set_output(&sv->sc, NULL);
	kmp_scan_out_close(&sv->out);
	sv->saving = 0;
}

int tui_scan_unsaved(const tui_scan_view *sv)
{
	if (!sv->shown || !sv->core || !sv->core->n_found)
		return 0;
	if (sv->save_ok)
		return 0; /* the file holds every result */
	return sv->exported_gen != sv->core->found_gen + 1;
}

void tui_scan_note_unsaved(tui_model *m, const tui_scan_view *sv)
{
	tui_owner_set_unsaved(&m->owners, TUI_OWNER_SCANNER, tui_scan_unsaved(sv));
}
