/* view_history_chart.c - the chart of one register of the records over
 * time (see history_view.h), drawn by the chart widget (chart.h): each
 * record at the time it carries, the exact smallest and largest values
 * beside the bars.  The doubles only size the bars. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/tables.h"
#include "tui/chart.h"
#include "tui/colors.h"
#include "tui/history_view.h"
#include "tui/widgets.h"

void tui_hist_chart_draw(const tui_model *m, const tui_hist_view *hv, WINDOW *w, int y, int x,
                         int h, int width)
{
	const kmp_hist *core = hv->core;
	size_t idx[KMP_HIST_MAX_REGS];
	size_t n_vals = tui_hist_value_regs(core, idx, KMP_HIST_MAX_REGS);
	attr_t dim = tui_attr(m, TUI_ROLE_DIM);
	if (h < 1)
		return;
	if (!core || !hv->n_recs || !n_vals) {
		tui_printf(w, y, x + 1, dim, "Chart: no records yet");
		return;
	}
	size_t reg = idx[hv->col < n_vals ? hv->col : n_vals - 1];
	tui_chart_point *pts = malloc(hv->n_recs * sizeof *pts);
	if (!pts) {
		tui_printf(w, y, x + 1, dim, "Chart: out of memory");
		return;
	}
	tui_hist_dating d;
	tui_hist_find_dating(core, &d);
	kmp_hist_val lo = {0}, hi = {0};
	size_t n = 0, undated = 0;
	uint8_t unit = 0;
	char text[KMP_VALUE_TEXT_MAX];
	/* oldest first: the records are kept newest first */
	for (size_t i = hv->n_recs; i-- > 0;) {
		kmp_hist_val v;
		int64_t t;
		char when[64];
		if (kmp_hist_value(core, hv->recs[i], reg, &v) != KMP_OK ||
		    kmp_value_format(&v.v, text, sizeof text) < 0)
			continue;
		unit = v.unit;
		if (tui_hist_record_time(core, &d, hv->recs[i], &t, when, sizeof when) != 0) {
			undated++; /* no place on a time axis */
			continue;
		}
		pts[n].t = t;
		pts[n].y = strtod(text, NULL);
		if (!n || kmp_value_cmp(&v.v, &lo.v) < 0)
			lo = v;
		if (!n || kmp_value_cmp(&v.v, &hi.v) > 0)
			hi = v;
		n++;
	}
	char name[160], lo_t[KMP_VALUE_TEXT_MAX], hi_t[KMP_VALUE_TEXT_MAX], title[256];
	const kmp_register_info *ri = kmp_register_lookup(core->regs[reg]);
	snprintf(name, sizeof name, "%u%s%s", core->regs[reg], ri ? " " : "", ri ? ri->name : "");
	const char *un = m->utf8 ? kmp_unit_name(unit) : kmp_unit_name_ascii(unit);
	if (un && !*un)
		un = NULL;
	const char *why = "";
	if (undated && !n)
		why = ": the records carry no date (r: add a date register, e.g. 1003)";
	else if (undated)
		why = " (records without a date left out)";
	snprintf(title, sizeof title, "Chart of %s%s%s%s, %zu records%s", name, un ? " (" : "",
	         un ? un : "", un ? ")" : "", n, why);
	tui_put(w, y, x + 1, width - 2, title, A_BOLD, 1, 0);
	if (n) {
		kmp_value_format(&lo.v, lo_t, sizeof lo_t);
		kmp_value_format(&hi.v, hi_t, sizeof hi_t);
	}
	tui_chart_labels lab = {.min = n ? lo_t : "", .max = n ? hi_t : "", .unit = un};
	/* dates under the bars when the records span days, clock times for
	 * the hours of one day */
	int axis_dates = n < 2 || pts[n - 1].t - pts[0].t > 2 * 86400;
	if (h > 1)
		tui_chart_draw(w, y + 1, x + 1, h - 1, width - 2, pts, n, &lab, axis_dates,
		               tui_attr(m, TUI_ROLE_OK));
	free(pts);
}
