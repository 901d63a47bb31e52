/* owner.h - who owns the link: one feature at a time drives the exchanges.
 *
 * The register poller, the scanner and the prober each want the meter to
 * themselves: a poll round between two scan batches slows the scan and
 * mixes its traffic into the trace, and the prober's short timeout would
 * fail everyone else's requests.  So each feature claims the link while it
 * needs it and releases it after; the highest claim owns it and the others
 * wait (a running scan pauses while the Align view probes and goes on
 * after).  The header shows the owner's label.
 *
 * Adding an owner (identify, history...): a value in tui_owner at its
 * priority and a row in the table of owner.c.  Nothing else checks for
 * particular features. */
#ifndef TUI_OWNER_H
#define TUI_OWNER_H

/* By priority: a higher value wins the link. */
typedef enum tui_owner {
	TUI_OWNER_NONE,    /* the link is free (the meter identity is asked then) */
	TUI_OWNER_POLLER,  /* view 1's register poller, during a round */
	TUI_OWNER_SCANNER, /* view 4's scan: from its start until done or stopped */
	TUI_OWNER_HISTORY, /* view 6's logger reading: from its start until done or stopped */
	TUI_OWNER_PROBER,  /* view 3's probes, while the view is shown */
	/* view 5's identify, while it runs: it changes the line settings, so
	 * nobody else may send in between */
	TUI_OWNER_IDENTIFY,
	TUI_OWNER_COUNT,
} tui_owner;

/* The claims held, one bit per owner. */
typedef struct tui_owners {
	unsigned claims;
	unsigned unsaved; /* one bit per owner: results on screen that no file holds */
} tui_owners;

void tui_owner_claim(tui_owners *o, tui_owner who);
void tui_owner_release(tui_owners *o, tui_owner who);
/* Does `who` hold a claim (whether or not it owns the link now)? */
int tui_owner_claims(const tui_owners *o, tui_owner who);
/* The highest claim: the owner of the link now (NONE when nobody claims). */
tui_owner tui_owner_now(const tui_owners *o);
/* What the header calls the owner: "polling", "scan", "alignment". */
const char *tui_owner_label(tui_owner who);
/* Whether `who` shows results that no file holds (a finished scan whose
 * file could not be written, a history reading not exported): q asks
 * before they are lost, whether or not `who` still claims the link. */
void tui_owner_set_unsaved(tui_owners *o, tui_owner who, int unsaved);
/* The question q asks while a claimant would lose work by quitting, or
 * results are unsaved, or NULL: "A scan is running. Quit anyway? (y/n)",
 * "The scan's results are not saved (e in view 4 saves them). Quit
 * anyway? (y/n)".  Work under way is asked about first. */
const char *tui_owner_quit_question(const tui_owners *o);

#endif
