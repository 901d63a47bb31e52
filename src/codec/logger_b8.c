/* logger_b8.c - the logger command B8 of MULTICAL 303/403/603 (see
 * logger_msg.h).  The vendor's description 5512-447 predates it; the layout
 * is the one jktjkt/PyKMP decodes (messages.py: LoggerCommand,
 * LoggerConfigResponse, _decode_log_readout), checked against its real
 * captures in tests/data/frames-logger.tsv. */
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const char *kmp_logger_type_name(uint8_t type)
{
	static const char *const names[] = {"configuration",
	                                    "info",
	                                    "year",
	                                    "month",
	                                    "day",
	                                    "hour",
	                                    "minute-1",
	                                    "minute-2",
	                                    "software download",
	                                    "software download audit"};
	return type < sizeof names / sizeof names[0] ? names[type] : NULL;
}

const char *kmp_b8_sub_name(uint8_t sub)
{
	switch (sub) {
	case KMP_B8_GET_CONFIG:
		return "GetConfiguration";
	case KMP_B8_GET_LOG_ID_PAST_ABS:
		return "GetLogIDPastAbs";
	case KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS:
		return "GetLogLastEntryPastAbs";
	case KMP_B8_GET_LOG_ID:
		return "GetLogID";
	case KMP_B8_GET_LOG_NEXT_FORMAT:
		return "GetLogNextFormat";
	}
	return NULL;
}

static int fail(char *detail, size_t cap, int status, const char *fmt, size_t a, size_t b)
{
	snprintf(detail, cap, fmt, a, b);
	return status;
}

/* A register-ID list: N then N x ID, ending the data exactly at p + n. */
static int id_list(const uint8_t *p, size_t n, uint16_t *ids, size_t *n_ids, char *detail,
                   size_t cap)
{
	if (n < 1)
		return fail(detail, cap, KMP_ERR_LENGTH,
		            "logger register list: %zu bytes, expected >=%zu", n, 1);
	size_t regs = p[0];
	if (n != 1 + 2 * regs)
		return fail(detail, cap, KMP_ERR_LENGTH,
		            "%zu register ids announced, %zu bytes of ids", regs, n - 1);
	for (size_t i = 0; i < regs; i++)
		ids[i] = (uint16_t)be16(p + 1 + 2 * i);
	*n_ids = regs;
	return KMP_OK;
}

static int request(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids, char *detail,
                   size_t cap)
{
	const uint8_t *p = f->data;
	size_t n = f->data_len;
	switch (l->sub) {
	case KMP_B8_GET_CONFIG:
		return n == 2 ? KMP_OK
		              : fail(detail, cap, KMP_ERR_LENGTH,
		                     "B8 %zu request data %zu, expected 2", l->sub, n);
	case KMP_B8_GET_LOG_ID_PAST_ABS:
		if (n < 8)
			return fail(detail, cap, KMP_ERR_LENGTH,
			            "B8 06 request data %zu, expected >=%zu", n, 9);
		l->log_id = be32(p + 2);
		l->entries = (uint16_t)be16(p + 6);
		return id_list(p + 8, n - 8, ids, n_ids, detail, cap);
	case KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS:
		if (n < 6)
			return fail(detail, cap, KMP_ERR_LENGTH,
			            "B8 07 request data %zu, expected >=%zu", n, 7);
		l->offset = (uint16_t)be16(p + 2);
		l->entries = (uint16_t)be16(p + 4);
		return id_list(p + 6, n - 6, ids, n_ids, detail, cap);
	default:
		return KMP_OK; /* 08, 09: named, layout unknown: shown raw */
	}
}

static int config_reply(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids,
                        char *detail, size_t cap)
{
	const uint8_t *p = f->data;
	if (f->data_len < 14)
		return fail(detail, cap, KMP_ERR_LENGTH, "B8 05 reply data %zu, expected >=%zu",
		            f->data_len, 15);
	l->date1_format = p[2];
	l->date1 = (uint16_t)be16(p + 3);
	l->date2_format = p[5];
	l->date2 = (uint16_t)be16(p + 6);
	l->max_records_format = p[8];
	l->max_records = p[9];
	l->interval_format = p[10];
	l->interval = p[11];
	l->depth = (uint16_t)be16(p + 12);
	return id_list(p + 14, f->data_len - 14, ids, n_ids, detail, cap);
}

/* 06/07: the header, then the first record in full and the rest as
 * mantissas with the first record's formats. */
static int records_reply(const kmp_frame *f, kmp_log_msg *l, char *detail, size_t cap)
{
	const uint8_t *p = f->data;
	size_t n = f->data_len, off = 15, stride = 0;
	if (n < 15)
		return fail(detail, cap, KMP_ERR_LENGTH, "B8 log reply data %zu, expected >=%zu", n,
		            15);
	l->entries = (uint16_t)be16(p + 2);
	size_t regs = p[4];
	l->first_id = be32(p + 5);
	l->newest_id = be32(p + 9);
	l->info = (uint16_t)be16(p + 13);
	if (l->entries == 0 || regs == 0) {
		if (n != 15)
			return fail(detail, cap, KMP_ERR_LENGTH,
			            "B8 log reply: %zu bytes after a header announcing %zu records",
			            n - 15, l->entries);
		return KMP_OK;
	}
	if (regs > KMP_LOG_MAX_REGS)
		return fail(detail, cap, KMP_ERR_LENGTH, "B8 log reply: %zu registers in %zu bytes",
		            regs, n);
	for (size_t i = 0; i < regs; i++) {
		if (n - off < 5 || p[off + 3] == 0 || p[off + 3] > KMP_MANTISSA_MAX ||
		    n - off - 5 < p[off + 3])
			return fail(
			        detail, cap, KMP_ERR_LENGTH,
			        "B8 log reply: register %zu of the first record cut at byte %zu",
			        i + 1, n);
		kmp_log_format *r = &l->regs[i];
		r->id = (uint16_t)be16(p + off);
		r->unit = p[off + 2];
		r->len = p[off + 3];
		r->sign_exp = p[off + 4];
		r->first = (uint16_t)(off + 5);
		r->col = (uint16_t)stride;
		stride += r->len;
		off += 5 + r->len;
	}
	size_t want = off + (l->entries - 1u) * stride;
	if (n != want)
		return fail(detail, cap, KMP_ERR_LENGTH, "B8 log reply data %zu, %zu announced", n,
		            want);
	l->n_regs = regs;
	l->rest = off;
	l->stride = stride;
	l->n_records = l->entries;
	return KMP_OK;
}

int kmp_log_decode_b8(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids,
                      const char **warning, char *detail, size_t cap)
{
	memset(l, 0, sizeof *l);
	l->present = 1;
	if (f->data_len < 2)
		return fail(detail, cap, KMP_ERR_LENGTH, "B8 data %zu, expected >=%zu", f->data_len,
		            2);
	l->sub = f->data[0];
	l->logger = f->data[1];
	memcpy(l->data, f->data, f->data_len);
	l->data_len = f->data_len;
	if (!kmp_b8_sub_name(l->sub)) {
		snprintf(detail, cap, "B8 subcommand 0x%02X unknown", l->sub);
		return KMP_ERR_RANGE;
	}
	if (!kmp_logger_type_name(l->logger))
		return fail(detail, cap, KMP_ERR_RANGE, "logger type %zu unknown (0..%zu)",
		            l->logger, 9);
	if (f->dir == KMP_DIR_REQUEST)
		return request(f, l, ids, n_ids, detail, cap);
	switch (l->sub) {
	case KMP_B8_GET_CONFIG:
		return config_reply(f, l, ids, n_ids, detail, cap);
	case KMP_B8_GET_LOG_ID_PAST_ABS:
	case KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS:
		return records_reply(f, l, detail, cap);
	default:
		*warning = "B8 subcommand whose reply layout no public source gives";
		snprintf(detail, cap, "B8 %s reply shown raw", kmp_b8_sub_name(l->sub));
		return KMP_OK;
	}
}

/* Sub, type, then the rest; 1..8 register IDs. */
static int b8_data(const uint8_t *head, size_t nh, const uint16_t *ids, size_t n, uint8_t *d,
                   size_t cap)
{
	size_t k = nh;
	if (!kmp_logger_type_name(head[1]) || (ids && (n < 1 || n > KMP_MAX_IDS)))
		return KMP_ERR_ARG;
	if (cap < KMP_LOG_REQUEST_MAX)
		return KMP_ERR_NOSPACE;
	memcpy(d, head, nh);
	if (ids) {
		d[k++] = (uint8_t)n;
		for (size_t i = 0; i < n; i++) {
			d[k++] = (uint8_t)(ids[i] >> 8);
			d[k++] = (uint8_t)ids[i];
		}
	}
	return (int)k;
}

int kmp_logger_config_data(uint8_t logger, uint8_t *d, size_t cap)
{
	const uint8_t h[2] = {KMP_B8_GET_CONFIG, logger};
	return b8_data(h, 2, NULL, 0, d, cap);
}

int kmp_logger_by_id_data(uint8_t logger, uint32_t log_id, uint16_t entries, const uint16_t *ids,
                          size_t n, uint8_t *d, size_t cap)
{
	const uint8_t h[8] = {KMP_B8_GET_LOG_ID_PAST_ABS, logger,
	                      (uint8_t)(log_id >> 24),    (uint8_t)(log_id >> 16),
	                      (uint8_t)(log_id >> 8),     (uint8_t)log_id,
	                      (uint8_t)(entries >> 8),    (uint8_t)entries};
	if (entries == 0 || !ids)
		return KMP_ERR_ARG;
	return b8_data(h, 8, ids, n, d, cap);
}

int kmp_logger_last_data(uint8_t logger, uint16_t offset, uint16_t entries, const uint16_t *ids,
                         size_t n, uint8_t *d, size_t cap)
{
	const uint8_t h[6] = {KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS,
	                      logger,
	                      (uint8_t)(offset >> 8),
	                      (uint8_t)offset,
	                      (uint8_t)(entries >> 8),
	                      (uint8_t)entries};
	if (entries == 0 || !ids)
		return KMP_ERR_ARG;
	return b8_data(h, 6, ids, n, d, cap);
}

/* The data, then the frame: every builder ends in kmp_build_request. */
static int frame(uint8_t addr, int n, const uint8_t *d, uint8_t *out, size_t cap)
{
	if (n < 0)
		return n;
	return kmp_build_request(addr, KMP_CID_LOGGER, d, (size_t)n, out, cap);
}

int kmp_build_logger_config(uint8_t addr, uint8_t logger, uint8_t *out, size_t cap)
{
	uint8_t d[KMP_LOG_REQUEST_MAX];
	return frame(addr, kmp_logger_config_data(logger, d, sizeof d), d, out, cap);
}

int kmp_build_logger_by_id(uint8_t addr, uint8_t logger, uint32_t log_id, uint16_t entries,
                           const uint16_t *ids, size_t n, uint8_t *out, size_t cap)
{
	uint8_t d[KMP_LOG_REQUEST_MAX];
	return frame(addr, kmp_logger_by_id_data(logger, log_id, entries, ids, n, d, sizeof d), d,
	             out, cap);
}

int kmp_build_logger_last(uint8_t addr, uint8_t logger, uint16_t offset, uint16_t entries,
                          const uint16_t *ids, size_t n, uint8_t *out, size_t cap)
{
	uint8_t d[KMP_LOG_REQUEST_MAX];
	return frame(addr, kmp_logger_last_data(logger, offset, entries, ids, n, d, sizeof d), d,
	             out, cap);
}
