/* decode_log.c - `kmpterm decode` for 9B, A0..A3 and B8 (see decode_log.h). */
#include <stdio.h>

#include "app/decode_log.h"
#include "app/json.h"
#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/event_msg.h"
#include "kmp/tables.h"

int decode_log_handles(const kmp_frame *f, const kmp_msg *m)
{
	return m->log.present || (f->dir == KMP_DIR_REPLY && f->cid == KMP_CID_GET_EVENT_STATUS);
}

void decode_log_text(const kmp_frame *f, const kmp_msg *m)
{
	char buf[8192];
	const char *name = kmp_cid_name(f->cid);
	if (!m->log.present || f->dir == KMP_DIR_REQUEST || m->log.n_records == 0) {
		printf("  decoded  %s\n", kmp_describe(f, m, 0, buf, sizeof buf));
		return;
	}
	printf("  decoded  %s", name);
	if (f->addr != KMP_ADDR_HEAT)
		printf(" @0x%02X", f->addr);
	printf("%s\n", kmp_describe_log_head(f, m, buf, sizeof buf));
	for (size_t r = 0; r < m->log.n_records; r++)
		printf("  record   %s\n", kmp_describe_log_record(&m->log, r, 0, buf, sizeof buf));
}

static void json_flags(const kmp_flag *fl, int n)
{
	printf(",\"flags\":[");
	for (int i = 0; i < n; i++) {
		printf("%s", i ? "," : "");
		json_str(stdout, fl[i].name);
	}
	printf("]");
}

static void json_ids(const char *key, const uint16_t *ids, size_t n)
{
	printf(",\"%s\":[", key);
	for (size_t i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", ids[i]);
	printf("]");
}

static void json_records(const kmp_log_msg *l)
{
	kmp_value v;
	kmp_value_shown s;
	printf(",\"records\":[");
	for (size_t r = 0; r < l->n_records; r++) {
		printf("%s{\"id\":%lu,\"values\":[", r ? "," : "",
		       (unsigned long)kmp_log_record_id(l, r));
		for (size_t k = 0; k < l->n_regs; k++) {
			kmp_log_value(l, r, k, &v);
			kmp_value_show(&v, l->regs[k].unit, &s);
			printf("%s{\"id\":%u,\"unit\":%u,\"value\":", k ? "," : "", l->regs[k].id,
			       l->regs[k].unit);
			json_str(stdout, s.raw);
			printf(",\"text\":");
			json_str(stdout, s.text);
			if (s.is_datetime)
				printf(",\"valid\":%s", s.valid ? "true" : "false");
			printf("}");
		}
		printf("]}");
	}
	printf("]");
}

void decode_log_json(const kmp_frame *f, const kmp_msg *m)
{
	kmp_flag fl[KMP_FLAGS_MAX];
	const kmp_log_msg *l = &m->log;
	if (!l->present) { /* a GetEventStatus reply */
		const uint8_t *es = m->event_status;
		printf(",\"event_status\":[%u,%u,%u,%u]", es[0], es[1], es[2], es[3]);
		json_flags(fl, kmp_event_flags(KMP_FAMILY_UNKNOWN, es, fl, KMP_FLAGS_MAX));
		return;
	}
	printf(",\"log\":{");
	if (f->cid == KMP_CID_LOGGER) {
		printf("\"subcommand\":%u,\"logger\":", l->sub);
		json_str(stdout, kmp_logger_type_name(l->logger));
	} else {
		printf("\"log_id\":%u", l->logger);
	}
	if (f->dir == KMP_DIR_REQUEST) {
		json_ids("registers", m->ids, m->n_ids);
		printf("}");
		return;
	}
	if (f->cid == KMP_CID_LOGGER && l->sub == KMP_B8_GET_CONFIG) {
		printf(",\"depth\":%u", l->depth);
		json_ids("registers", m->ids, m->n_ids);
		printf("}");
		return;
	}
	printf(",\"info\":%u", l->info);
	json_flags(fl, kmp_log_info_flags(f->cid, l, fl, KMP_FLAGS_MAX));
	printf(",\"newest_id\":%lu", (unsigned long)l->newest_id);
	if (f->cid != KMP_CID_LOGGER)
		printf(",\"last_read_id\":%u", l->last_read_id);
	json_records(l);
	printf("}");
}
