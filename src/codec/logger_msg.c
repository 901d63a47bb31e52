/* logger_msg.c - the logger-module commands A0..A3 (vendor description
 * 5512-447, 6.3) and what every logger reply shares: record IDs, values
 * rebuilt from the first record's formats, the INFO flags (see
 * logger_msg.h).  B8 is in logger_b8.c. */
#include <stdio.h>
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/error.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* 5512-447 6.3, "INFO": bits 1, 5, 6 and 7 "not used". */
static const kmp_bit_name module_info[] = {
        {0, "log_empty", "the log is empty"},
        {2, "out_of_range", "the record ID or time asked for is outside the log"},
        {3, "max_length_reached", "MaxL reached: records left out of the reply"},
        {4, "end_of_log", "the end of the log reached: records left out of the reply"},
};

/* B8 info (2 bytes): jktjkt/PyKMP constants.LoggerInfo, with bits 2 and 10
 * from AiMiR's KMP stack (KmpUtils.cpp, GetLogInfo for OMNIPOWER), which
 * agrees on the others.  "Tail" and "head": the B8 replies in
 * tests/data/frames-logger.tsv show tail = the oldest record and head = the
 * newest (a year log holding IDs 1..2 read from 2 has both). */
static const kmp_bit_name b8_info[] = {
        {0, "no_entries", "no log entries"},
        {1, "out_of_range", "the log ID asked for is outside the log"},
        {2, "interval_changed", "the logging interval was changed"},
        {3, "unsupported_register", "a register asked for is not logged"},
        {4, "truncated_entries", "fewer records than asked (the reply would be too long)"},
        {5, "format_changed", "the logger's formats changed"},
        {6, "tail_included", "the oldest record is included"},
        {7, "head_included", "the newest record is included"},
        {8, "memory_error", "memory error"},
        {9, "invalid_request", "invalid request"},
        {10, "internal_error", "internal error"},
        {13, "truncated_registers", "registers left out of the reply"},
};

int kmp_log_info_flags(uint8_t cid, const kmp_log_msg *l, kmp_flag *out, size_t max)
{
	if (cid == KMP_CID_LOGGER)
		return kmp_flags_from_bits(b8_info, sizeof b8_info / sizeof b8_info[0], l->info, 16,
		                           out, max);
	return kmp_flags_from_bits(module_info, sizeof module_info / sizeof module_info[0], l->info,
	                           8, out, max);
}

uint32_t kmp_log_record_id(const kmp_log_msg *l, size_t rec)
{
	if (rec >= l->n_records)
		return 0;
	if (l->sub) /* B8: one log ID per record, from the first one down */
		return l->first_id - (uint32_t)rec;
	if (rec == 0)
		return l->first_id;
	return be16(l->data + l->rest + (rec - 1) * l->stride);
}

int kmp_log_value(const kmp_log_msg *l, size_t rec, size_t reg, kmp_value *v)
{
	memset(v, 0, sizeof *v);
	if (rec >= l->n_records || reg >= l->n_regs)
		return KMP_ERR_ARG;
	const kmp_log_format *f = &l->regs[reg];
	size_t off = rec == 0 ? f->first : l->rest + (rec - 1) * l->stride + f->col;
	v->len = f->len;
	v->sign_exp = f->sign_exp;
	memcpy(v->mantissa, l->data + off, f->len);
	return KMP_OK;
}

static int fail(char *detail, size_t cap, int status, const char *fmt, size_t a, size_t b)
{
	snprintf(detail, cap, fmt, a, b);
	return status;
}

/* The register list shared by the A0..A3 requests: LID NRgs RegIDs NRcs MaxL. */
static int module_request(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids,
                          const char **warning, char *detail, size_t cap)
{
	const uint8_t *p = f->data;
	size_t n = f->data_len, tail;
	switch (f->cid) {
	case KMP_CID_GET_LOG_TIME_PRESENT:
		tail = 8;
		break;
	case KMP_CID_GET_LOG_ID_PRESENT:
		tail = 2;
		break;
	case KMP_CID_GET_LOG_TIME_PAST:
		tail = 10;
		break;
	default:
		tail = 0;
		break;
	}
	if (n < 2)
		return fail(detail, cap, KMP_ERR_LENGTH, "log request data %zu, expected >=%zu", n,
		            2);
	size_t regs = p[1], want = 2 + 2 * regs + 2 + tail;
	if (n != want)
		return fail(detail, cap, KMP_ERR_LENGTH, "log request data %zu, expected %zu", n,
		            want);
	l->logger = p[0];
	for (size_t i = 0; i < regs; i++)
		ids[i] = (uint16_t)be16(p + 2 + 2 * i);
	*n_ids = regs;
	p += 2 + 2 * regs;
	l->records_asked = p[0];
	l->max_len = p[1];
	p += 2;
	if (f->cid == KMP_CID_GET_LOG_TIME_PRESENT || f->cid == KMP_CID_GET_LOG_TIME_PAST) {
		l->has_time = 1;
		memcpy(l->time, p, 8);
		p += 8;
	}
	if (f->cid == KMP_CID_GET_LOG_ID_PRESENT || f->cid == KMP_CID_GET_LOG_TIME_PAST) {
		l->has_rec_id = 1;
		l->rec_id = (uint16_t)be16(p);
	}
	if (regs < 1 || regs > KMP_MAX_IDS) {
		*warning = "register count outside 1..8";
		snprintf(detail, cap, "%zu register ids, the description allows 1..8", regs);
	}
	return KMP_OK;
}

/* The records of an A0..A3 reply between its header (LID NRtR) and its
 * trailer (LRORecID NewRecID INFO). */
static int module_records(const uint8_t *p, size_t n, size_t base, size_t regs, kmp_log_msg *l)
{
	size_t off = 0, stride = 2;
	if (regs == 0 || n == 0)
		return n == 0 ? KMP_OK : KMP_ERR_LENGTH;
	if (regs > KMP_LOG_MAX_REGS || n < 2)
		return KMP_ERR_LENGTH;
	l->first_id = be16(p);
	off = 2;
	for (size_t i = 0; i < regs; i++) {
		if (n - off < 5 || p[off + 3] == 0 || p[off + 3] > KMP_MANTISSA_MAX ||
		    n - off - 5 < p[off + 3])
			return KMP_ERR_LENGTH;
		kmp_log_format *f = &l->regs[i];
		f->id = (uint16_t)be16(p + off);
		f->unit = p[off + 2];
		f->len = p[off + 3];
		f->sign_exp = p[off + 4];
		f->first = (uint16_t)(base + off + 5);
		f->col = (uint16_t)stride;
		stride += f->len;
		off += 5 + f->len;
	}
	if ((n - off) % stride)
		return KMP_ERR_LENGTH;
	l->n_regs = regs;
	l->rest = base + off;
	l->stride = stride;
	l->n_records = 1 + (n - off) / stride;
	return KMP_OK;
}

static int module_reply(const kmp_frame *f, kmp_log_msg *l, const char **warning, char *detail,
                        size_t cap)
{
	const uint8_t *p = f->data;
	size_t n = f->data_len;
	memcpy(l->data, p, n);
	l->data_len = n;
	if (n >= 1)
		l->info = p[n - 1]; /* 6.3: the INFO byte always ends the reply */
	if (n >= 7) {
		l->logger = p[0];
		l->last_read_id = (uint16_t)be16(p + n - 5);
		l->newest_id = be16(p + n - 3);
		if (module_records(p + 2, n - 7, 2, p[1], l) == KMP_OK)
			return KMP_OK;
		l->n_regs = l->n_records = 0;
	}
	/* 6.3: "if any bit in the INFO byte is set, the response package length
	 * and application content can vary": keep the INFO, show no record */
	if (n >= 1 && l->info) {
		*warning = "log error: the reply's layout varies, only INFO is decoded";
		snprintf(detail, cap, "INFO 0x%02X and %zu data bytes that are no record list",
		         l->info, n);
		return KMP_OK;
	}
	return fail(detail, cap, KMP_ERR_LENGTH,
	            "log reply data %zu bytes (INFO %zu) form no record list", n, l->info);
}

int kmp_log_decode_module(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids,
                          const char **warning, char *detail, size_t cap)
{
	memset(l, 0, sizeof *l);
	l->present = 1;
	if (f->dir == KMP_DIR_REQUEST)
		return module_request(f, l, ids, n_ids, warning, detail, cap);
	return module_reply(f, l, warning, detail, cap);
}

int kmp_log_time(int year, int month, int day, int hour, int minute, int second, uint8_t out[8])
{
	kmp_datetime dt;
	uint8_t t[8] = {0};
	if (year < 2000 || year > 2099 || month < 0 || day < 0 || hour < 0 || minute < 0 ||
	    second < 0 || month > 255 || day > 255 || hour > 255 || minute > 255 || second > 255)
		return KMP_ERR_RANGE;
	t[0] = (uint8_t)(year - 2000);
	t[1] = (uint8_t)month;
	t[2] = (uint8_t)day;
	t[3] = (uint8_t)hour;
	t[4] = (uint8_t)minute;
	t[5] = (uint8_t)second;
	if (kmp_datetime_from_log_time(t, &dt) != KMP_OK)
		return KMP_ERR_RANGE;
	memcpy(out, t, 8);
	return KMP_OK;
}

int kmp_log_module_data(uint8_t cid, const kmp_log_query *q, uint8_t *d, size_t cap)
{
	size_t n = 0;
	if (cid < KMP_CID_GET_LOG_TIME_PRESENT || cid > KMP_CID_GET_LOG_TIME_PAST || !q ||
	    q->n_ids < 1 || q->n_ids > KMP_MAX_IDS || !q->ids)
		return KMP_ERR_ARG;
	if (cap < KMP_LOG_REQUEST_MAX)
		return KMP_ERR_NOSPACE;
	d[n++] = q->log_id;
	d[n++] = (uint8_t)q->n_ids;
	for (size_t i = 0; i < q->n_ids; i++) {
		d[n++] = (uint8_t)(q->ids[i] >> 8);
		d[n++] = (uint8_t)q->ids[i];
	}
	d[n++] = q->records;
	d[n++] = q->max_len;
	if (cid == KMP_CID_GET_LOG_TIME_PRESENT || cid == KMP_CID_GET_LOG_TIME_PAST) {
		kmp_datetime dt;
		if (kmp_datetime_from_log_time(q->time, &dt) != KMP_OK)
			return KMP_ERR_ARG;
		memcpy(d + n, q->time, 8);
		n += 8;
	}
	if (cid == KMP_CID_GET_LOG_ID_PRESENT || cid == KMP_CID_GET_LOG_TIME_PAST) {
		d[n++] = (uint8_t)(q->rec_id >> 8);
		d[n++] = (uint8_t)q->rec_id;
	}
	return (int)n;
}

int kmp_build_log_module(uint8_t addr, uint8_t cid, const kmp_log_query *q, uint8_t *out,
                         size_t cap)
{
	uint8_t d[KMP_LOG_REQUEST_MAX];
	int n = kmp_log_module_data(cid, q, d, sizeof d);
	if (n < 0)
		return n;
	return kmp_build_request(addr, cid, d, (size_t)n, out, cap);
}
