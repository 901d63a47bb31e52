/* regs.h - the rows of the live register table (view 1) and what they
 * remember: the last value exactly as the meter sent it, min and max seen
 * (compared exactly with kmp_value_cmp), how often it changed, and a ring
 * of recent values for the plot.  Pure data, no curses, no client. */
#ifndef TUI_REGS_H
#define TUI_REGS_H

#include <stddef.h>
#include <stdint.h>

#include "feature/reader.h"
#include "kmp/value.h"
#include "tui/list.h"

/* The register view polls at most as many IDs as one reader round holds. */
#define TUI_MAX_REGS KMP_READER_MAX
/* Values kept per register for the plot. */
#define TUI_HIST 120
/* A changed value stays highlighted this long. */
#define TUI_CHANGED_US (5u * 1000000u)

typedef enum tui_reg_state {
	TUI_REG_NEVER,   /* not read yet */
	TUI_REG_OK,      /* the last read gave a value */
	TUI_REG_MISSING, /* a valid reply left it out: the meter does not have it */
	TUI_REG_ERROR,   /* the last read got no valid answer (the old value is kept) */
} tui_reg_state;

typedef struct tui_reg_row {
	uint16_t id;
	tui_reg_state state;
	int error;      /* kmp_err of the last failed read */
	int have_value; /* value, min, max, record hold something */
	uint8_t unit;
	kmp_value value, min, max;
	uint8_t record[5 + KMP_MANTISSA_MAX]; /* the record's bytes as received */
	size_t record_len;
	uint64_t t_us;       /* when the value arrived */
	uint64_t changed_us; /* when it last changed (0: never) */
	unsigned reads, changes;
	/* recent values as doubles: only the plot's shape uses them, never
	 * a displayed number */
	double hist[TUI_HIST];
	uint64_t hist_us[TUI_HIST]; /* when each arrived (monotonic, as t_us) */
	/* each exactly, for the chart's min and max labels: a mantissa of up
	 * to 8 bytes (len 0: longer, not kept) */
	struct {
		uint8_t len, sign_exp;
		uint8_t mantissa[8];
	} hist_exact[TUI_HIST];
	size_t hist_n, hist_head;
} tui_reg_row;

/* The order of the table ('s' in view 1 steps through them). */
typedef enum tui_reg_sort {
	TUI_SORT_ID,     /* by register ID */
	TUI_SORT_NAME,   /* by name; IDs outside the table last */
	TUI_SORT_STATUS, /* read failures first, then missing, never read, ok */
	TUI_SORT_COUNT,
} tui_reg_sort;

typedef struct tui_regs {
	size_t n;
	tui_reg_row rows[TUI_MAX_REGS]; /* always in `sort` order */
	tui_list list;                  /* list.sel: the selected row */
	int sort;                       /* tui_reg_sort */
	int details; /* Enter: the selected register's details instead of the table */
} tui_regs;

/* Replace the rows with ids (duplicates dropped), sorted. */
void tui_regs_set(tui_regs *r, const uint16_t *ids, size_t n);
/* Add ids not present yet, each at its place in the order.  Returns how
 * many were added, or -1 when the table would grow past TUI_MAX_REGS
 * (nothing added then).  The selection stays on its register. */
int tui_regs_add(tui_regs *r, const uint16_t *ids, size_t n);
/* Delete the selected row. */
void tui_regs_delete_selected(tui_regs *r);
/* Put the rows in this order; the selection stays on its register. */
void tui_regs_sort(tui_regs *r, int sort);
/* "ID", "name", "status". */
const char *tui_regs_sort_name(int sort);
/* Index of the row of id, or r->n. */
size_t tui_regs_index(const tui_regs *r, uint16_t id);
tui_reg_row *tui_regs_find(tui_regs *r, uint16_t id);
/* Record the outcome of one reading (by ID; an ID no longer in the table
 * is ignored).  Returns 1 when the row changed.  Sorted by status, the
 * row may move (the selection stays on its register). */
int tui_regs_apply(tui_regs *r, const kmp_reading *rd, uint64_t now_us);
/* A value as a double: for the plot's shape only, never for display. */
double tui_plot_value(const kmp_value *v);
/* Value i of the history, 0 = oldest, and when it arrived. */
double tui_reg_hist(const tui_reg_row *row, size_t i);
uint64_t tui_reg_hist_us(const tui_reg_row *row, size_t i);
/* Value i exactly into *v: 0, or -1 when it was too long to keep. */
int tui_reg_hist_value(const tui_reg_row *row, size_t i, kmp_value *v);

#endif
