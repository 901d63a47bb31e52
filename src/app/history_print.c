/* history_print.c - what `kmpterm history` prints on standard output: the
 * records as a table or as one JSON object (docs/history.md). */
#include <stdio.h>
#include <string.h>

#include "app/history_print.h"
#include "app/json.h"
#include "app/progress.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/tables.h"

void app_history_json(const kmp_hist *h, const char *name, const kmp_hist_progress *p)
{
	char v[KMP_VALUE_TEXT_MAX], t[2 * KMP_VALUE_TEXT_MAX];
	printf("{\"logger\":");
	json_str(stdout, name);
	printf(",\"registers\":[");
	for (size_t i = 0; i < h->n_regs; i++)
		printf("%s%u", i ? "," : "", h->regs[i]);
	printf("],\"records\":[");
	int first = 1;
	for (size_t k = 0; k < h->n_recs; k++) {
		uint32_t id = h->hi - (uint32_t)k;
		if (kmp_hist_record_state(h, id) != KMP_HIST_COMPLETE)
			continue;
		printf("%s{\"log_id\":%lu,\"values\":{", first ? "" : ",", (unsigned long)id);
		first = 0;
		for (size_t i = 0; i < h->n_regs; i++) {
			kmp_hist_val hv;
			kmp_hist_value(h, id, i, &hv);
			kmp_value_format(&hv.v, v, sizeof v);
			kmp_value_with_unit(&hv.v, hv.unit, 0, t, sizeof t);
			printf("%s\"%u\":{\"value\":", i ? "," : "", h->regs[i]);
			json_str(stdout, v);
			printf(",\"unit\":%u,\"text\":", hv.unit);
			json_str(stdout, t);
			printf("}");
		}
		printf("}}");
	}
	printf("],\"requests\":%lu,\"failures\":%lu,\"elapsed_s\":%.1f}\n", p->requests,
	       p->failures, p->elapsed_s);
}

/* Columns a UTF-8 text takes (one per character: m³ is two). */
static size_t columns(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* s padded to width columns, except in the last column. */
static void cell(const char *s, size_t width, int last)
{
	printf("  %s", s);
	for (size_t n = columns(s); !last && n < width; n++)
		putchar(' ');
}

void app_history_text(const kmp_hist *h, const char *name, const kmp_hist_progress *p)
{
	char t[2 * KMP_VALUE_TEXT_MAX];
	size_t width[KMP_HIST_MAX_REGS];
	/* column widths: the ID or the longest text */
	for (size_t i = 0; i < h->n_regs; i++) {
		width[i] = (size_t)snprintf(t, sizeof t, "%u", h->regs[i]);
		for (size_t k = 0; k < h->n_recs; k++) {
			kmp_hist_val hv;
			if (kmp_hist_value(h, h->hi - (uint32_t)k, i, &hv) != KMP_OK)
				continue;
			kmp_value_with_unit(&hv.v, hv.unit, 0, t, sizeof t);
			if (columns(t) > width[i])
				width[i] = columns(t);
		}
	}
	printf("%7s", "LOG_ID");
	for (size_t i = 0; i < h->n_regs; i++) {
		snprintf(t, sizeof t, "%u", h->regs[i]);
		cell(t, width[i], i + 1 == h->n_regs);
	}
	printf("\n");
	size_t shown = 0;
	for (size_t k = 0; k < h->n_recs; k++) {
		uint32_t id = h->hi - (uint32_t)k;
		if (kmp_hist_record_state(h, id) != KMP_HIST_COMPLETE)
			continue;
		printf("%7lu", (unsigned long)id);
		for (size_t i = 0; i < h->n_regs; i++) {
			kmp_hist_val hv;
			kmp_hist_value(h, id, i, &hv);
			kmp_value_with_unit(&hv.v, hv.unit, 0, t, sizeof t);
			cell(t, width[i], i + 1 == h->n_regs);
		}
		printf("\n");
		shown++;
	}
	for (size_t i = 0; i < h->n_regs; i++) {
		const kmp_register_info *info = kmp_register_lookup(h->regs[i]);
		printf("%s%u %s", i ? "; " : "registers: ", h->regs[i],
		       info ? info->name : "(not in the register table)");
	}
	char el[32];
	app_duration_text(p->elapsed_s, el, sizeof el);
	printf("\n%s logger: %zu record%s read%s; %lu requests, %lu failed, %s\n", name, shown,
	       shown == 1 ? "" : "s", p->known ? " (more in the file)" : "", p->requests,
	       p->failures, el);
}
