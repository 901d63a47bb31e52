/* regs.c - rows of the live register table (see regs.h). */
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/tables.h"
#include "tui/regs.h"

static void row_reset(tui_reg_row *row, uint16_t id)
{
	memset(row, 0, sizeof *row);
	row->id = id;
	row->state = TUI_REG_NEVER;
}

tui_reg_row *tui_regs_find(tui_regs *r, uint16_t id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].id == id)
			return &r->rows[i];
	return NULL;
}

size_t tui_regs_index(const tui_regs *r, uint16_t id)
{
	size_t i = 0;
	while (i < r->n && r->rows[i].id != id)
		i++;
	return i;
}

void tui_regs_set(tui_regs *r, const uint16_t *ids, size_t n)
{
	r->n = 0;
	memset(&r->list, 0, sizeof r->list);
	r->details = 0;
	tui_regs_add(r, ids, n);
	r->list.sel = 0;
}

const char *tui_regs_sort_name(int sort)
{
	switch (sort) {
	case TUI_SORT_NAME:
		return "name";
	case TUI_SORT_STATUS:
		return "status";
	default:
		return "ID";
	}
}

/* Problems first: what needs a look is at the top. */
static int status_rank(const tui_reg_row *row)
{
	switch (row->state) {
	case TUI_REG_ERROR:
		return 0;
	case TUI_REG_MISSING:
		return 1;
	case TUI_REG_NEVER:
		return 2;
	default:
		return 3;
	}
}

static int cmp_rows(const tui_reg_row *a, const tui_reg_row *b, int sort)
{
	if (sort == TUI_SORT_NAME) {
		const kmp_register_info *ia = kmp_register_lookup(a->id);
		const kmp_register_info *ib = kmp_register_lookup(b->id);
		if (ia && ib) {
			int c = strcmp(ia->name, ib->name);
			if (c)
				return c;
		} else if (ia || ib) {
			return ia ? -1 : 1; /* unknown IDs after the named ones */
		}
	} else if (sort == TUI_SORT_STATUS) {
		int c = status_rank(a) - status_rank(b);
		if (c)
			return c;
	}
	return (int)a->id - (int)b->id; /* the tie-break makes the order total */
}

/* Insertion sort: the table is small, mostly sorted already, and a row
 * is over a kilobyte, so rows move only as far as they must. */
static void sort_rows(tui_regs *r)
{
	tui_reg_row tmp;
	for (size_t i = 1; i < r->n; i++) {
		if (cmp_rows(&r->rows[i - 1], &r->rows[i], r->sort) <= 0)
			continue;
		size_t j = i;
		tmp = r->rows[i];
		while (j > 0 && cmp_rows(&r->rows[j - 1], &tmp, r->sort) > 0) {
			r->rows[j] = r->rows[j - 1];
			j--;
		}
		r->rows[j] = tmp;
	}
}

/* Sort, keeping the selection on the register it was on. */
static void resort(tui_regs *r)
{
	int had = r->list.sel < r->n;
	uint16_t id = had ? r->rows[r->list.sel].id : 0;
	sort_rows(r);
	if (had)
		r->list.sel = tui_regs_index(r, id);
}

void tui_regs_sort(tui_regs *r, int sort)
{
	r->sort = sort >= 0 && sort < TUI_SORT_COUNT ? sort : TUI_SORT_ID;
	resort(r);
}

int tui_regs_add(tui_regs *r, const uint16_t *ids, size_t n)
{
	size_t fresh = 0;
	/* count first: a list that does not fit is refused whole, so the
	 * user is never left guessing which part went in */
	for (size_t i = 0; i < n; i++) {
		int seen = tui_regs_find(r, ids[i]) != NULL;
		for (size_t j = 0; j < i && !seen; j++)
			seen = ids[j] == ids[i];
		fresh += !seen;
	}
	if (r->n + fresh > TUI_MAX_REGS)
		return -1;
	int had = r->list.sel < r->n;
	uint16_t id = had ? r->rows[r->list.sel].id : 0;
	int added = 0;
	for (size_t i = 0; i < n; i++) {
		if (tui_regs_find(r, ids[i]))
			continue;
		row_reset(&r->rows[r->n++], ids[i]);
		added++;
	}
	sort_rows(r);
	if (had)
		r->list.sel = tui_regs_index(r, id);
	return added;
}

void tui_regs_delete_selected(tui_regs *r)
{
	size_t sel = r->list.sel;
	if (sel >= r->n)
		return;
	memmove(&r->rows[sel], &r->rows[sel + 1], (r->n - sel - 1) * sizeof r->rows[0]);
	r->n--;
	if (sel >= r->n && r->n)
		r->list.sel = r->n - 1;
	if (!r->n)
		r->details = 0;
}

double tui_plot_value(const kmp_value *v)
{
	char t[KMP_VALUE_TEXT_MAX];
	if (kmp_value_format(v, t, sizeof t) < 0)
		return 0;
	return strtod(t, NULL);
}

static void hist_push(tui_reg_row *row, const kmp_value *exact, uint64_t t_us)
{
	size_t i = (row->hist_head + row->hist_n) % TUI_HIST;
	row->hist[i] = tui_plot_value(exact);
	row->hist_us[i] = t_us;
	int keep = exact->len <= sizeof row->hist_exact[i].mantissa;
	row->hist_exact[i].len = keep ? exact->len : 0;
	row->hist_exact[i].sign_exp = exact->sign_exp;
	if (keep)
		memcpy(row->hist_exact[i].mantissa, exact->mantissa, exact->len);
	if (row->hist_n < TUI_HIST)
		row->hist_n++;
	else
		row->hist_head = (row->hist_head + 1) % TUI_HIST;
}

double tui_reg_hist(const tui_reg_row *row, size_t i)
{
	return row->hist[(row->hist_head + i) % TUI_HIST];
}

uint64_t tui_reg_hist_us(const tui_reg_row *row, size_t i)
{
	return row->hist_us[(row->hist_head + i) % TUI_HIST];
}

int tui_reg_hist_value(const tui_reg_row *row, size_t i, kmp_value *v)
{
	size_t k = (row->hist_head + i) % TUI_HIST;
	if (!row->hist_exact[k].len)
		return -1;
	memset(v, 0, sizeof *v);
	v->len = row->hist_exact[k].len;
	v->sign_exp = row->hist_exact[k].sign_exp;
	memcpy(v->mantissa, row->hist_exact[k].mantissa, v->len);
	return 0;
}

static void take_value(tui_reg_row *row, const kmp_reading *rd, uint64_t now_us)
{
	/* a different unit makes old min/max meaningless (the meter's energy
	 * unit was reconfigured): start over, counting it as a change */
	int fresh = !row->have_value || row->unit != rd->unit;
	int changed = !fresh && kmp_value_cmp(&row->value, &rd->value) != 0;
	if (row->have_value && row->unit != rd->unit)
		changed = 1;
	row->unit = rd->unit;
	row->value = rd->value;
	if (fresh) {
		row->min = rd->value;
		row->max = rd->value;
		row->hist_n = row->hist_head = 0;
	} else {
		if (kmp_value_cmp(&rd->value, &row->min) < 0)
			row->min = rd->value;
		if (kmp_value_cmp(&rd->value, &row->max) > 0)
			row->max = rd->value;
	}
	if (changed) {
		row->changes++;
		row->changed_us = now_us;
	}
	row->record_len =
	        rd->record_len <= sizeof row->record ? rd->record_len : sizeof row->record;
	memcpy(row->record, rd->record, row->record_len);
	row->have_value = 1;
	row->t_us = now_us;
	row->reads++;
	hist_push(row, &rd->value, now_us);
}

int tui_regs_apply(tui_regs *r, const kmp_reading *rd, uint64_t now_us)
{
	tui_reg_row *row = tui_regs_find(r, rd->id);
	if (!row)
		return 0;
	switch (rd->state) {
	case KMP_READING_OK:
		take_value(row, rd, now_us);
		row->state = TUI_REG_OK;
		row->error = KMP_OK;
		break;
	case KMP_READING_MISSING:
		row->state = TUI_REG_MISSING;
		row->error = KMP_OK;
		break;
	case KMP_READING_FAILED:
		/* keep the last good value: a failed exchange proves nothing */
		row->state = TUI_REG_ERROR;
		row->error = rd->error;
		break;
	case KMP_READING_PENDING:
		return 0;
	}
	if (r->sort == TUI_SORT_STATUS)
		resort(r);
	return 1;
}
