/* owner.c - who owns the link (see owner.h). */
#include <stddef.h>

#include "tui/owner.h"

static const struct {
	const char *label;
	/* quitting loses work the owner cannot resume by itself */
	const char *quit_question;
	/* asked when it shows results no file holds (tui_owner_set_unsaved) */
	const char *unsaved_question;
} owners[TUI_OWNER_COUNT] = {
        [TUI_OWNER_NONE] = {"free", NULL},
        [TUI_OWNER_POLLER] = {"polling", NULL},
        [TUI_OWNER_SCANNER] = {"scan", "A scan is running. Quit anyway? (y/n)",
                               "The scan's results are not saved (e in view 4 saves them). "
                               "Quit anyway? (y/n)"},
        [TUI_OWNER_HISTORY] = {"history", "A history reading is running. Quit anyway? (y/n)",
                               "History records not exported (e in view 6 saves them). "
                               "Quit anyway? (y/n)"},
        [TUI_OWNER_PROBER] = {"alignment", NULL},
        [TUI_OWNER_IDENTIFY] = {"identify", NULL},
};

void tui_owner_claim(tui_owners *o, tui_owner who)
{
	if (who > TUI_OWNER_NONE && who < TUI_OWNER_COUNT)
		o->claims |= 1u << who;
}

void tui_owner_release(tui_owners *o, tui_owner who)
{
	if (who > TUI_OWNER_NONE && who < TUI_OWNER_COUNT)
		o->claims &= ~(1u << who);
}

int tui_owner_claims(const tui_owners *o, tui_owner who)
{
	return who > TUI_OWNER_NONE && who < TUI_OWNER_COUNT && (o->claims >> who & 1u);
}

tui_owner tui_owner_now(const tui_owners *o)
{
	for (int w = TUI_OWNER_COUNT - 1; w > TUI_OWNER_NONE; w--)
		if (o->claims >> w & 1u)
			return (tui_owner)w;
	return TUI_OWNER_NONE;
}

const char *tui_owner_label(tui_owner who)
{
	return who >= TUI_OWNER_NONE && who < TUI_OWNER_COUNT ? owners[who].label : "?";
}

const char *tui_owner_quit_question(const tui_owners *o)
{
	for (int w = TUI_OWNER_COUNT - 1; w > TUI_OWNER_NONE; w--)
		if ((o->claims >> w & 1u) && owners[w].quit_question)
			return owners[w].quit_question;
	for (int w = TUI_OWNER_COUNT - 1; w > TUI_OWNER_NONE; w--)
		if ((o->unsaved >> w & 1u) && owners[w].unsaved_question)
			return owners[w].unsaved_question;
	return NULL;
}

void tui_owner_set_unsaved(tui_owners *o, tui_owner who, int unsaved)
{
	if (who <= TUI_OWNER_NONE || who >= TUI_OWNER_COUNT)
		return;
	if (unsaved)
		o->unsaved |= 1u << who;
	else
		o->unsaved &= ~(1u << who);
}
