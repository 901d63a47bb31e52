/* sim_logger_reply.c - what the simulated loggers answer (see
 * sim_logger.h): B8 for the meter, A0..A3 for a logger top module, 9B.
 *
 * Replies follow the layouts the codec decodes (logger_msg.h) and the
 * behaviour the protocol notes describe ("Data loggers"): B8 records run
 * from the asked log ID towards the past, an offset past the oldest record
 * stops at the oldest, a reply that would be too long carries fewer
 * entries and says so; A0..A3 records run towards the present and stop
 * at MaxL bytes. */
#include <string.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/logger_msg.h"
#include "kmp/msg.h"
#include "kmp/value.h"
#include "sim/sim_logger.h"
#include "sim/sim_meter.h"

int kmpsim_history_check(const kmpsim_history *h, int module, const kmp_msg *req)
{
	if (!h)
		return KMP_ERR_CID;
	switch (req->cid) {
	case KMP_CID_GET_EVENT_STATUS:
		return -1;
	case KMP_CID_LOGGER:
		if (module || h->module)
			return KMP_ERR_CID; /* B8 is the 303/403/603's; a 601 has the module */
		if (req->log.sub == KMP_B8_GET_CONFIG)
			return -1;
		if (req->log.sub != KMP_B8_GET_LOG_ID_PAST_ABS &&
		    req->log.sub != KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS)
			return KMP_ERR_CID; /* 08, 09: named, layout unknown */
		return req->n_ids >= 1 && req->n_ids <= KMP_MAX_IDS ? -1 : KMP_ERR_RANGE;
	case KMP_CID_GET_LOG_TIME_PRESENT:
	case KMP_CID_GET_LOG_LAST_PRESENT:
	case KMP_CID_GET_LOG_ID_PRESENT:
	case KMP_CID_GET_LOG_TIME_PAST:
		if (!module || !h->module)
			return KMP_ERR_CID;
		return req->n_ids >= 1 && req->n_ids <= KMP_MAX_IDS ? -1 : KMP_ERR_RANGE;
	}
	return KMP_ERR_CID;
}

static size_t put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
	return 4;
}

/* One register's format and value, or its format with a zero value when
 * the logger has no record (the real meter's answer for a minute logger it
 * does not keep). */
typedef struct column {
	uint16_t id;
	uint8_t unit;
	kmp_value v;
} column;

/* The requested registers the logger holds, in request order. */
static size_t columns(const kmpsim_logger *lg, const kmp_msg *req, column *c, int *unsupported)
{
	size_t n = 0;
	*unsupported = 0;
	for (size_t i = 0; i < req->n_ids; i++) {
		if (kmpsim_logger_logs(lg, req->ids[i]))
			c[n++].id = req->ids[i];
		else
			*unsupported = 1;
	}
	return n;
}

static int fill(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t log_id, column *c,
                size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (kmpsim_history_value(h, lg, log_id, c[i].id, &c[i].unit, &c[i].v) != KMP_OK)
			return KMP_ERR_RANGE;
	return KMP_OK;
}

static size_t put_full(uint8_t *p, const column *c, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		k += put16(p + k, c[i].id);
		p[k++] = c[i].unit;
		p[k++] = c[i].v.len;
		p[k++] = c[i].v.sign_exp;
		memcpy(p + k, c[i].v.mantissa, c[i].v.len);
		k += c[i].v.len;
	}
	return k;
}

static size_t put_values(uint8_t *p, const column *c, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(p + k, c[i].v.mantissa, c[i].v.len);
		k += c[i].v.len;
	}
	return k;
}

static size_t b8_head(uint8_t *d, const kmp_msg *req, uint16_t entries, size_t regs, uint32_t first,
                      uint32_t newest, uint16_t info)
{
	size_t k = 0;
	d[k++] = req->log.sub;
	d[k++] = req->log.logger;
	k += put16(d + k, entries);
	d[k++] = (uint8_t)regs;
	k += put32(d + k, first);
	k += put32(d + k, newest);
	k += put16(d + k, info);
	return k;
}

static int b8_config(const kmpsim_history *h, const kmp_msg *req, uint8_t *d)
{
	const kmpsim_logger *lg = kmpsim_history_logger(h, req->log.logger);
	size_t k = 0;
	d[k++] = req->log.sub;
	d[k++] = req->log.logger;
	/* date and interval fields as the real year-logger reply has them
	 * (tests/data/frames-logger.tsv); readers use depth and registers */
	static const uint8_t fields[10] = {1, 0x01, 0x01, 1, 0, 0, 1, 0, 1, 0};
	memcpy(d + k, fields, sizeof fields);
	k += sizeof fields;
	k += put16(d + k, lg ? lg->depth : 0);
	d[k++] = (uint8_t)(lg ? lg->n_regs : 0);
	for (size_t i = 0; lg && i < lg->n_regs; i++)
		k += put16(d + k, lg->regs[i]);
	return (int)k;
}

/* A logger the meter does not keep: one entry of zeros, flagged "no
 * entries", like the real MULTICAL reply to a minute-logger request. */
static int b8_none(const kmp_msg *req, uint8_t *d)
{
	column c[KMP_MAX_IDS];
	for (size_t i = 0; i < req->n_ids; i++) {
		c[i].id = req->ids[i];
		c[i].unit = req->ids[i] == 1002 ? KMP_UNIT_HHMMSS : 0;
		kmpsim_value_int(&c[i].v, 4, 0, 0, 0);
	}
	size_t k = b8_head(d, req, 1, req->n_ids, 0, 0, KMP_B8_INFO_NO_ENTRIES);
	return (int)(k + put_full(d + k, c, req->n_ids));
}

static int b8_records(const kmpsim_history *h, const kmp_msg *req, uint8_t *d)
{
	const kmpsim_logger *lg = kmpsim_history_logger(h, req->log.logger);
	if (!lg || lg->newest < lg->oldest)
		return b8_none(req, d);
	uint32_t start;
	if (req->log.sub == KMP_B8_GET_LOG_ID_PAST_ABS) {
		start = req->log.log_id;
		if (!kmpsim_logger_holds(lg, start))
			return (int)b8_head(d, req, 0, 0, start, lg->newest,
			                    KMP_B8_INFO_OUT_OF_RANGE);
	} else {
		/* an offset past the oldest record stops at the oldest */
		uint32_t back = req->log.offset;
		start = back > lg->newest - lg->oldest ? lg->oldest : lg->newest - back;
	}
	column c[KMP_MAX_IDS];
	int unsupported;
	size_t n = columns(lg, req, c, &unsupported);
	uint16_t info = unsupported ? KMP_B8_INFO_UNSUPPORTED : 0;
	if (n == 0)
		return (int)b8_head(d, req, 0, 0, start, lg->newest, info);
	if (fill(h, lg, start, c, n) != KMP_OK)
		return KMP_ERR_RANGE;
	size_t first = 0, stride = 0;
	for (size_t i = 0; i < n; i++) {
		first += 5u + c[i].v.len;
		stride += c[i].v.len;
	}
	uint32_t want = req->log.entries, avail = start - lg->oldest + 1;
	uint32_t k = want < avail ? want : avail;
	/* the meter's reply buffer: fewer records, flagged */
	uint32_t fit = 1 + (uint32_t)((KMPSIM_LOG_REPLY_MAX - 15 - first) / stride);
	if (k > fit) {
		k = fit;
		info |= KMP_B8_INFO_TRUNCATED;
	}
	if (k == 0)
		return (int)b8_head(d, req, 0, 0, start, lg->newest, info | KMP_B8_INFO_NO_ENTRIES);
	if (start - k + 1 == lg->oldest)
		info |= KMP_B8_INFO_TAIL;
	if (start == lg->newest)
		info |= KMP_B8_INFO_HEAD;
	size_t len = b8_head(d, req, (uint16_t)k, n, start, lg->newest, info);
	len += put_full(d + len, c, n);
	for (uint32_t r = 1; r < k; r++) {
		if (fill(h, lg, start - r, c, n) != KMP_OK)
			return KMP_ERR_RANGE;
		len += put_values(d + len, c, n);
	}
	return (int)len;
}

/* Seconds since 2000-01-01 of a record, or of an A0/A3 time (-1 when
 * the request's bytes are no date). */
static int64_t record_secs(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t id)
{
	kmpsim_when w;
	kmpsim_history_time(h, lg, id, &w);
	return kmpsim_when_secs(&w);
}

static int64_t query_secs(const uint8_t t[8])
{
	kmpsim_when w = {2000 + t[0], t[1], t[2], t[3], t[4], t[5]};
	return t[0] > 99 ? -1 : kmpsim_when_secs(&w);
}

/* The records an A0..A3 request asks for, oldest first: *start..*end.
 * Returns 0 when none (the ID or time lies outside the log: INFO bit 2),
 * with *info getting bit 4 when the end of the log cut the window. */
static int window(const kmpsim_history *h, const kmpsim_logger *lg, const kmp_msg *req,
                  uint32_t *start, uint32_t *end, uint8_t *info)
{
	const kmp_log_msg *q = &req->log;
	uint32_t nrcs = q->records_asked ? q->records_asked : 1;
	int64_t t = 0;
	if (req->cid == KMP_CID_GET_LOG_TIME_PRESENT || req->cid == KMP_CID_GET_LOG_TIME_PAST) {
		if ((t = query_secs(q->time)) < 0)
			return 0;
	}
	switch (req->cid) {
	case KMP_CID_GET_LOG_LAST_PRESENT:
		*end = lg->newest;
		*start = lg->newest - lg->oldest + 1 > nrcs ? lg->newest - nrcs + 1 : lg->oldest;
		return 1;
	case KMP_CID_GET_LOG_ID_PRESENT:
		*start = q->rec_id;
		if (!kmpsim_logger_holds(lg, *start))
			return 0;
		break;
	case KMP_CID_GET_LOG_TIME_PRESENT: /* the first record at or after the time */
		for (*start = lg->oldest; record_secs(h, lg, *start) < t; (*start)++)
			if (*start == lg->newest)
				return 0;
		break;
	default: /* A3: back from the last record at or before the time, minus the offset */
		for (*end = lg->newest; record_secs(h, lg, *end) > t; (*end)--)
			if (*end == lg->oldest)
				return 0;
		if (*end - lg->oldest < q->rec_id)
			return 0;
		*end -= q->rec_id;
		*start = *end - lg->oldest + 1 > nrcs ? *end - nrcs + 1 : lg->oldest;
		if (*end - *start + 1 < nrcs)
			*info |= KMP_LOG_INFO_END;
		return 1;
	}
	*end = *start + nrcs - 1;
	if (*end > lg->newest) {
		*end = lg->newest;
		*info |= KMP_LOG_INFO_END;
	}
	return 1;
}

static int module_reply(const kmpsim_history *h, const kmp_msg *req, uint8_t *d)
{
	const kmp_log_msg *q = &req->log;
	const kmpsim_logger *lg = kmpsim_history_module_log(h, q->logger);
	size_t k = 2;
	uint8_t info = 0;
	uint32_t start = 0, end = 0, last = 0;
	column c[KMP_MAX_IDS];
	int unsupported;
	size_t n = lg ? columns(lg, req, c, &unsupported) : 0;
	d[0] = q->logger;
	d[1] = 0;
	if (!lg || n == 0)
		info = KMP_LOG_INFO_EMPTY;
	else if (!window(h, lg, req, &start, &end, &info))
		info |= KMP_LOG_INFO_RANGE;
	else if (fill(h, lg, start, c, n) != KMP_OK)
		return KMP_ERR_RANGE;
	else {
		/* MaxL: the longest reply data the reader accepts (0: 255) */
		size_t maxl = q->max_len ? q->max_len : 255, first = 2, stride = 2;
		for (size_t i = 0; i < n; i++) {
			first += 5u + c[i].v.len;
			stride += c[i].v.len;
		}
		size_t room = maxl > 7 ? maxl - 7 : 0; /* LID NRgs ... LRO New INFO */
		uint32_t fit = room < first ? 0 : 1 + (uint32_t)((room - first) / stride);
		if (end - start + 1 > fit) {
			end = start + fit - 1;
			info |= KMP_LOG_INFO_MAXL;
		}
		d[1] = fit ? (uint8_t)n : 0;
		for (uint32_t id = start; fit && id <= end; id++) {
			if (fill(h, lg, id, c, n) != KMP_OK)
				return KMP_ERR_RANGE;
			k += put16(d + k, id);
			k += id == start ? put_full(d + k, c, n) : put_values(d + k, c, n);
			last = id;
		}
	}
	k += put16(d + k, last);
	k += put16(d + k, lg ? lg->newest : 0);
	d[k++] = info;
	return (int)k;
}

int kmpsim_history_reply(const kmpsim_history *h, uint8_t addr, const kmp_msg *req, uint8_t *out,
                         size_t cap)
{
	uint8_t d[KMP_DATA_MAX];
	int n;
	if (!h)
		return KMP_ERR_CID;
	switch (req->cid) {
	case KMP_CID_GET_EVENT_STATUS:
		memcpy(d, h->event_status, 4);
		n = 4;
		break;
	case KMP_CID_LOGGER:
		n = req->log.sub == KMP_B8_GET_CONFIG ? b8_config(h, req, d)
		                                      : b8_records(h, req, d);
		break;
	case KMP_CID_GET_LOG_TIME_PRESENT:
	case KMP_CID_GET_LOG_LAST_PRESENT:
	case KMP_CID_GET_LOG_ID_PRESENT:
	case KMP_CID_GET_LOG_TIME_PAST:
		n = module_reply(h, req, d);
		break;
	default:
		return KMP_ERR_CID;
	}
	if (n < 0)
		return n;
	return kmp_frame_encode(KMP_START_REPLY, addr, req->cid, d, (size_t)n, out, cap);
}
