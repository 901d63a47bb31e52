/* tsv.c - see tsv.h. */
#include <stdio.h>
#include <string.h>

#include "testing.h"
#include "tsv.h"

int tsv_read(const char *name, const char *header, tsv_row *rows, int max)
{
	char path[256], buf[4 * TSV_CELL];
	snprintf(path, sizeof path, TEST_DATA_DIR "%s", name);
	FILE *f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	int n = 0, line = 0;
	while (fgets(buf, sizeof buf, f) && n < max) {
		line++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '#' || (line == 1 && header && !strncmp(buf, header, strlen(header))))
			continue;
		tsv_row *r = &rows[n];
		memset(r, 0, sizeof *r);
		r->line = line;
		char *p = buf;
		for (r->ncol = 0; r->ncol < TSV_COLS;) {
			char *tab = strchr(p, '\t');
			size_t len = tab ? (size_t)(tab - p) : strlen(p);
			if (len >= TSV_CELL)
				len = TSV_CELL - 1;
			memcpy(r->col[r->ncol], p, len);
			r->ncol++;
			if (!tab)
				break;
			p = tab + 1;
		}
		n++;
	}
	fclose(f);
	return n;
}
