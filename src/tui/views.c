/* views.c - the table of views and their private state (see view.h). */
#include "tui/view.h"
#include "tui/widgets.h"

const tui_view_ops *const tui_views[] = {
        &tui_view_registers,
        &tui_view_trace,
        &tui_view_align,
        &tui_view_scan,
        &tui_view_identify,
        /* view 6: the meter's data logger */
        &tui_view_history,
};
const size_t tui_n_views = sizeof tui_views / sizeof tui_views[0];

_Static_assert(sizeof tui_views / sizeof tui_views[0] <= TUI_VIEW_MAX,
               "raise TUI_VIEW_MAX in model.h");

void *tui_view_data(const tui_model *m, const tui_view_ops *ops)
{
	for (size_t i = 0; i < tui_n_views; i++)
		if (tui_views[i] == ops)
			return m->view_data[i];
	return NULL;
}

int tui_views_init(tui_model *m)
{
	for (size_t i = 0; i < tui_n_views; i++) {
		m->view_data[i] = NULL;
		if (tui_views[i]->init && tui_views[i]->init(m, &m->view_data[i]) != 0) {
			while (i-- > 0)
				if (tui_views[i]->fini)
					tui_views[i]->fini(m, m->view_data[i]);
			return -1;
		}
	}
	return 0;
}

void tui_views_fini(tui_model *m)
{
	for (size_t i = 0; i < tui_n_views; i++) {
		if (tui_views[i]->fini)
			tui_views[i]->fini(m, m->view_data[i]);
		m->view_data[i] = NULL;
	}
}

const tui_view_ops *tui_current_view(const tui_model *m)
{
	return tui_views[m->view < tui_n_views ? m->view : 0];
}

int tui_view_muted(const tui_model *m, const tui_view_ops *v)
{
	return m->replay.active && v->live_only;
}

void tui_view_muted_draw(const tui_model *m, WINDOW *w)
{
	const tui_view_ops *v = tui_current_view(m);
	werase(w);
	tui_printf(w, 1, 1, A_NORMAL,
	           "%s talks to a meter: a replay sends nothing, so it has nothing to show.",
	           v->name);
	tui_printf(w, 2, 1, A_NORMAL, "%s",
	           "Views 1 and 2 show the recording; > changes its speed, E jumps to its end.");
}
