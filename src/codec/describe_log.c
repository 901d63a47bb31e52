/* describe_log.c - one-line descriptions of the logger commands A0..A3 and
 * B8, field by field (see describe.h). */
#include <stdio.h>
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/msg.h"
#include "describe_int.h"

static void add_ids(char *buf, size_t cap, size_t *o, const uint16_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		describe_add(buf, cap, o, "%s%u", i ? "," : "", ids[i]);
}

const char *kmp_describe_log_record(const kmp_log_msg *l, size_t rec, int ascii, char *buf,
                                    size_t cap)
{
	char t[2 * KMP_VALUE_TEXT_MAX];
	size_t o = 0;
	kmp_value v;
	if (cap)
		buf[0] = '\0';
	describe_add(buf, cap, &o, "#%lu", (unsigned long)kmp_log_record_id(l, rec));
	for (size_t r = 0; r < l->n_regs; r++) {
		if (kmp_log_value(l, rec, r, &v) != KMP_OK)
			break;
		describe_add(buf, cap, &o, " %u=%s", l->regs[r].id,
		             kmp_value_with_unit(&v, l->regs[r].unit, ascii, t, sizeof t));
	}
	return buf;
}

static void add_info(uint8_t cid, const kmp_log_msg *l, char *buf, size_t cap, size_t *o)
{
	kmp_flag fl[KMP_FLAGS_MAX];
	char t[512];
	int n = kmp_log_info_flags(cid, l, fl, KMP_FLAGS_MAX);
	describe_add(buf, cap, o, ", info %0*X", cid == KMP_CID_LOGGER ? 4 : 2, l->info);
	if (n > 0)
		describe_add(buf, cap, o, " (%s)", kmp_flags_join(fl, (size_t)n, 0, t, sizeof t));
}

static void add_records(const kmp_log_msg *l, int ascii, char *buf, size_t cap, size_t *o)
{
	char t[1024];
	for (size_t r = 0; r < l->n_records; r++)
		describe_add(buf, cap, o, "%s%s", r ? "; " : ": ",
		             kmp_describe_log_record(l, r, ascii, t, sizeof t));
}

static void module_request(const kmp_frame *f, const kmp_msg *m, char *buf, size_t cap, size_t *o)
{
	const kmp_log_msg *l = &m->log;
	kmp_datetime dt;
	describe_add(buf, cap, o, " log %u regs ", l->logger);
	add_ids(buf, cap, o, m->ids, m->n_ids);
	describe_add(buf, cap, o, " records %u max %u", l->records_asked, l->max_len);
	if (l->has_time) {
		if (kmp_datetime_from_log_time(l->time, &dt) == KMP_OK)
			describe_add(buf, cap, o, " from %s", dt.iso);
		else
			describe_add(
			        buf, cap, o,
			        " from time %02X%02X%02X%02X%02X%02X%02X%02X (not a valid time)",
			        l->time[0], l->time[1], l->time[2], l->time[3], l->time[4],
			        l->time[5], l->time[6], l->time[7]);
	}
	if (l->has_rec_id)
		describe_add(buf, cap, o,
		             f->cid == KMP_CID_GET_LOG_TIME_PAST ? " offset %u" : " from record %u",
		             l->rec_id);
}

static void module_reply(const kmp_frame *f, const kmp_msg *m, int ascii, int records, char *buf,
                         size_t cap, size_t *o)
{
	const kmp_log_msg *l = &m->log;
	if (m->warning) {
		add_info(f->cid, l, buf, cap, o);
		return;
	}
	describe_add(buf, cap, o, " log %u, %zu record%s, last read %u, newest %lu", l->logger,
	             l->n_records, l->n_records == 1 ? "" : "s", l->last_read_id,
	             (unsigned long)l->newest_id);
	add_info(f->cid, l, buf, cap, o);
	if (records)
		add_records(l, ascii, buf, cap, o);
}

static void b8_request(const kmp_msg *m, char *buf, size_t cap, size_t *o)
{
	const kmp_log_msg *l = &m->log;
	switch (l->sub) {
	case KMP_B8_GET_LOG_ID_PAST_ABS:
		describe_add(buf, cap, o, " from log %lu, %u entr%s, regs ",
		             (unsigned long)l->log_id, l->entries, l->entries == 1 ? "y" : "ies");
		add_ids(buf, cap, o, m->ids, m->n_ids);
		break;
	case KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS:
		describe_add(buf, cap, o, " offset %u%s, %u entr%s, regs ", l->offset,
		             l->offset == 0xFFFF ? " (the oldest)"
		             : l->offset == 0    ? " (the newest)"
		                                 : "",
		             l->entries, l->entries == 1 ? "y" : "ies");
		add_ids(buf, cap, o, m->ids, m->n_ids);
		break;
	default:
		break;
	}
}

static void b8_reply(const kmp_msg *m, int ascii, int records, char *buf, size_t cap, size_t *o)
{
	const kmp_log_msg *l = &m->log;
	if (l->sub == KMP_B8_GET_CONFIG) {
		describe_add(
		        buf, cap, o,
		        ": depth %u, date1 %02X:%04X, date2 %02X:%04X, max %02X:%02X, interval "
		        "%02X:%02X, %zu registers ",
		        l->depth, l->date1_format, l->date1, l->date2_format, l->date2,
		        l->max_records_format, l->max_records, l->interval_format, l->interval,
		        m->n_ids);
		add_ids(buf, cap, o, m->ids, m->n_ids);
		return;
	}
	if (m->warning)
		return;
	describe_add(buf, cap, o, ": %zu record%s", l->n_records, l->n_records == 1 ? "" : "s");
	if (l->n_records)
		describe_add(buf, cap, o, ", log IDs %lu..%lu",
		             (unsigned long)kmp_log_record_id(l, 0),
		             (unsigned long)kmp_log_record_id(l, l->n_records - 1));
	describe_add(buf, cap, o, ", newest in meter %lu", (unsigned long)l->newest_id);
	add_info(KMP_CID_LOGGER, l, buf, cap, o);
	if (records)
		add_records(l, ascii, buf, cap, o);
}

static const char *describe(const kmp_frame *f, const kmp_msg *m, int ascii, int records, char *buf,
                            size_t cap)
{
	size_t o = 0;
	if (cap)
		buf[0] = '\0';
	if (f->cid == KMP_CID_LOGGER) {
		const char *sub = kmp_b8_sub_name(m->log.sub);
		const char *type = kmp_logger_type_name(m->log.logger);
		describe_add(buf, cap, &o, " %s %s", sub ? sub : "?", type ? type : "?");
		if (f->dir == KMP_DIR_REQUEST)
			b8_request(m, buf, cap, &o);
		else
			b8_reply(m, ascii, records, buf, cap, &o);
	} else if (f->dir == KMP_DIR_REQUEST) {
		module_request(f, m, buf, cap, &o);
	} else {
		module_reply(f, m, ascii, records, buf, cap, &o);
	}
	return buf;
}

const char *kmp_describe_log(const kmp_frame *f, const kmp_msg *m, int ascii, char *buf, size_t cap)
{
	return describe(f, m, ascii, 1, buf, cap);
}

const char *kmp_describe_log_head(const kmp_frame *f, const kmp_msg *m, char *buf, size_t cap)
{
	return describe(f, m, 0, 0, buf, cap);
}
