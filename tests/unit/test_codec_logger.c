/* The logger and event-status commands: every frame of
 * tests/data/frames-logger.tsv decodes as its meaning column states
 * (transcribed in frames-logger-expected.tsv), requests rebuild byte for
 * byte, and the encoder refuses every write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/event_msg.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/rx.h"
#include "testing.h"
#include "tsv.h"

#define MAX_ROWS 64

/* "a_b" -> "a b": expectation values cannot hold spaces. */
static void unspace(const char *in, char *out, size_t cap)
{
	snprintf(out, cap, "%s", in);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
}

typedef struct events {
	char text[256];
} events;

static void collect(void *ctx, const kmp_rx_event *ev)
{
	events *e = ctx;
	static const char *names[] = {"frame", "echo", "ack", "zero", "garbage", "partial"};
	char one[32];
	if (ev->frame)
		snprintf(one, sizeof one, "%s:%s", names[ev->kind],
		         ev->frame->status == KMP_OK ? "ok" : kmp_err_name(ev->frame->status));
	else
		snprintf(one, sizeof one, "%s", names[ev->kind]);
	if (e->text[0])
		strncat(e->text, ",", sizeof e->text - strlen(e->text) - 1);
	strncat(e->text, one, sizeof e->text - strlen(e->text) - 1);
}

static void check_stream(const unsigned char *raw, int len, const char *want, int line)
{
	events e = {{0}};
	kmp_rx rx;
	kmp_rx_init(&rx, collect, &e);
	kmp_rx_feed(&rx, raw, (size_t)len);
	kmp_rx_flush(&rx);
	if (strcmp(e.text, want) != 0)
		fprintf(stderr, "\n  line %d: events %s, expected %s\n", line, e.text, want);
	CU_ASSERT_STRING_EQUAL(e.text, want);
}

static int find_reg(const kmp_log_msg *l, unsigned id)
{
	for (size_t i = 0; i < l->n_regs; i++)
		if (l->regs[i].id == id)
			return (int)i;
	return -1;
}

static int has_flag(const kmp_flag *f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].name, name))
			return 1;
	return 0;
}

/* Rebuild a decoded read request from its fields with the builders. */
static int rebuild(const kmp_frame *f, const kmp_msg *m, uint8_t *out, size_t cap)
{
	const kmp_log_msg *l = &m->log;
	switch (f->cid) {
	case KMP_CID_GET_EVENT_STATUS:
		return kmp_build_get_event_status(f->addr, out, cap);
	case KMP_CID_LOGGER:
		if (l->sub == KMP_B8_GET_CONFIG)
			return kmp_build_logger_config(f->addr, l->logger, out, cap);
		if (l->sub == KMP_B8_GET_LOG_ID_PAST_ABS)
			return kmp_build_logger_by_id(f->addr, l->logger, l->log_id, l->entries,
			                              m->ids, m->n_ids, out, cap);
		return kmp_build_logger_last(f->addr, l->logger, l->offset, l->entries, m->ids,
		                             m->n_ids, out, cap);
	default: {
		kmp_log_query q = {.log_id = l->logger,
		                   .ids = m->ids,
		                   .n_ids = m->n_ids,
		                   .records = l->records_asked,
		                   .max_len = l->max_len,
		                   .rec_id = l->rec_id};
		memcpy(q.time, l->time, 8);
		return kmp_build_log_module(f->addr, f->cid, &q, out, cap);
	}
	}
}

/* One expectation token against the decoded frame. */
static void check_token(const char *tok, const kmp_frame *f, const kmp_msg *m, int line)
{
	const kmp_log_msg *l = &m->log;
	char v[512], d[4096];
	unsigned a, b;
	kmp_flag fl[KMP_FLAGS_MAX];
	kmp_datetime dt;
	int ok = 1;
	if (sscanf(tok, "addr=0x%x", &a) == 1) {
		ok = f->addr == a;
	} else if (sscanf(tok, "cid=%u", &a) == 1) {
		ok = f->cid == a;
	} else if (!strcmp(tok, "write")) {
		uint8_t out[64];
		ok = kmp_cid_is_write(f->cid) &&
		     kmp_build_request(f->addr, f->cid, f->data, f->data_len, out, sizeof out) ==
		             KMP_ERR_ARG;
	} else if (!strncmp(tok, "ids=", 4)) {
		size_t k = 0;
		for (const char *p = tok + 4; *p; k++) {
			char *end;
			unsigned long id = strtoul(p, &end, 10);
			ok &= k < m->n_ids && m->ids[k] == id;
			p = *end ? end + 1 : end;
		}
		ok &= k == m->n_ids;
	} else if (sscanf(tok, "log=%u", &a) == 1) {
		ok = l->logger == a;
	} else if (sscanf(tok, "records=%u", &a) == 1) {
		ok = l->records_asked == a;
	} else if (sscanf(tok, "max=%u", &a) == 1) {
		ok = l->max_len == a;
	} else if (!strncmp(tok, "time=", 5)) {
		unspace(tok + 5, v, sizeof v);
		ok = l->has_time && kmp_datetime_from_log_time(l->time, &dt) == KMP_OK &&
		     !strcmp(dt.iso, v);
	} else if (sscanf(tok, "recid=%u", &a) == 1) {
		ok = l->has_rec_id && l->rec_id == a;
	} else if (sscanf(tok, "sub=%u", &a) == 1) {
		ok = l->sub == a;
	} else if (!strncmp(tok, "logger=", 7)) {
		const char *name = kmp_logger_type_name(l->logger);
		ok = name && !strcmp(name, tok + 7);
	} else if (sscanf(tok, "entries=%u", &a) == 1) {
		ok = l->entries == a;
	} else if (sscanf(tok, "logid=%u", &a) == 1) {
		ok = l->log_id == a;
	} else if (sscanf(tok, "offset=%u", &a) == 1) {
		ok = l->offset == a;
	} else if (sscanf(tok, "depth=%u", &a) == 1) {
		ok = l->depth == a;
	} else if (sscanf(tok, "nids=%u", &a) == 1) {
		ok = m->n_ids == a;
	} else if (sscanf(tok, "nrecs=%u", &a) == 1) {
		ok = l->n_records == a;
	} else if (sscanf(tok, "first=%u", &a) == 1) {
		ok = l->first_id == a;
	} else if (sscanf(tok, "newest=%u", &a) == 1) {
		ok = l->newest_id == a;
	} else if (sscanf(tok, "lastread=%u", &a) == 1) {
		ok = l->last_read_id == a;
	} else if (sscanf(tok, "info=%u", &a) == 1) {
		ok = l->info == a;
	} else if (!strncmp(tok, "flag=", 5)) {
		int n = l->present ? kmp_log_info_flags(f->cid, l, fl, KMP_FLAGS_MAX)
		                   : kmp_event_flags(KMP_FAMILY_UNKNOWN, m->event_status, fl,
		                                     KMP_FLAGS_MAX);
		ok = has_flag(fl, n, tok + 5);
	} else if (!strncmp(tok, "es=", 3)) {
		snprintf(v, sizeof v, "%02X%02X%02X%02X", m->event_status[0], m->event_status[1],
		         m->event_status[2], m->event_status[3]);
		ok = !strcmp(v, tok + 3);
	} else if (sscanf(tok, "rec=%u/%u", &a, &b) == 2) {
		ok = a < l->n_records && kmp_log_record_id(l, a) == b;
	} else if (sscanf(tok, "val=%u/%u/", &a, &b) == 2) {
		/* val=RECORD/REGISTER/VALUE[/TEXT] */
		char want_v[128] = "", want_t[128] = "";
		const char *p = strchr(strchr(tok + 4, '/') + 1, '/') + 1;
		sscanf(p, "%127[^/]/%127s", want_v, want_t);
		kmp_value val;
		kmp_value_shown s;
		int r = find_reg(l, b);
		ok = r >= 0 && kmp_log_value(l, a, (size_t)r, &val) == KMP_OK &&
		     kmp_value_show(&val, l->regs[r].unit, &s) == KMP_OK && !strcmp(s.raw, want_v);
		if (ok && want_t[0]) {
			unspace(want_t, v, sizeof v);
			ok = !strcmp(s.text, v) && (!s.is_datetime || s.valid);
		}
	} else if (!strncmp(tok, "desc~=", 6)) {
		unspace(tok + 6, v, sizeof v);
		kmp_describe(f, m, 0, d, sizeof d);
		ok = strstr(d, v) != NULL;
		if (!ok)
			fprintf(stderr, "\n  line %d: description \"%s\"\n", line, d);
	} else {
		fprintf(stderr, "\n  line %d: unknown token %s\n", line, tok);
		ok = 0;
	}
	if (!ok)
		fprintf(stderr, "\n  line %d: %s does not hold\n", line, tok);
	CU_ASSERT(ok);
}

static void test_logger_frames(void)
{
	static tsv_row frames[MAX_ROWS], exps[MAX_ROWS];
	static kmp_frame f;
	static kmp_msg m;
	unsigned char raw[1024];
	uint8_t built[1024];
	int nf = tsv_read("frames-logger.tsv", NULL, frames, MAX_ROWS);
	int ne = tsv_read("frames-logger-expected.tsv", NULL, exps, MAX_ROWS);
	CU_ASSERT_EQUAL(nf, 20);
	CU_ASSERT_EQUAL(nf, ne); /* every frame has an expectation */
	for (int i = 0; i < ne; i++) {
		int line = atoi(exps[i].col[0]);
		const tsv_row *row = NULL;
		for (int j = 0; j < nf; j++)
			if (frames[j].line == line)
				row = &frames[j];
		CU_ASSERT_PTR_NOT_NULL_FATAL(row);
		int len = test_hex(row->col[2], raw, sizeof raw);
		CU_ASSERT_FATAL(len > 0);
		char spec[2048], status[16];
		snprintf(spec, sizeof spec, "%s", exps[i].col[1]);
		sscanf(spec, "%15s", status);
		if (!strcmp(status, "stream")) {
			check_stream(raw, len, strstr(spec, "events=") + 7, line);
			continue;
		}
		kmp_dir dir = !strcmp(row->col[3], "request") ? KMP_DIR_REQUEST : KMP_DIR_REPLY;
		int rc = kmp_frame_decode_as(raw, (size_t)len, dir, &f);
		if (rc == KMP_OK)
			rc = kmp_msg_decode(&f, -1, &m);
		int ok = !strcmp(status, "ok") ? rc == KMP_OK
		         : !strcmp(status, "error")
		                 ? rc != KMP_OK
		                 : rc != KMP_OK && !strcmp(kmp_err_name(rc), status);
		if (!ok)
			fprintf(stderr, "\n  logger line %d: got %s (%s), expected %s\n", line,
			        rc ? kmp_err_name(rc) : "ok", m.detail, status);
		CU_ASSERT(ok);
		if (rc != KMP_OK)
			continue;
		for (char *tok = strtok(spec, " "); tok; tok = strtok(NULL, " "))
			if (strcmp(tok, status) != 0)
				check_token(tok, &f, &m, line);
		if (dir == KMP_DIR_REQUEST && kmp_cid_is_read(f.cid)) {
			int n = rebuild(&f, &m, built, sizeof built);
			CU_ASSERT_EQUAL(n, len);
			CU_ASSERT(n == len && memcmp(built, raw, (size_t)len) == 0);
		}
	}
}

/* The B8 day reply as `decode` shows it: the unit-79 value as a date. */
static void test_day_reply_text(void)
{
	static kmp_frame f;
	static kmp_msg m;
	unsigned char raw[256];
	char rec[512];
	int len = test_hex("40 3F B8 1B F9 04 00 03 03 00 00 00 BC 00 00 02 85 00 1B BF 03 EA 2F "
	                   "04 00 00 00 00 04 03 EB 30 04 00 00 03 AE 4F 01 5C 4F 07 00 00 18 "
	                   "0C 1F 00 00 04 00 00 00 04 00 03 AE 4E 00 18 0C 1E 00 00 04 00 00 "
	                   "00 04 00 03 AE 4D 00 18 0C 1D 00 00 04 F2 2D 0D",
	                   raw, sizeof raw);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(raw, (size_t)len, &f), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&f, KMP_CID_LOGGER, &m), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmp_describe_log_record(&m.log, 0, 0, rec, sizeof rec),
	                       "#188 1002=00:00:04 1003=2024-12-31 348=2024-12-31 00:00:04");
	CU_ASSERT_STRING_EQUAL(kmp_describe_log_record(&m.log, 2, 0, rec, sizeof rec),
	                       "#186 1002=00:00:04 1003=2024-12-29 348=2024-12-29 00:00:04");
	kmp_value v;
	CU_ASSERT_EQUAL(kmp_log_value(&m.log, 3, 0, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_log_value(&m.log, 0, 3, &v), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 3), 0);
}

/* Malformed logger frames give an error and no record, never a value. */
static void test_malformed(void)
{
	static kmp_frame f;
	static kmp_msg m;
	uint8_t out[512];
	/* what PyKMP's malformed test meant (255 registers announced, 1 given),
	 * framed correctly */
	const uint8_t req[] = {0x07, 0x07, 0xFF, 0xFF, 0x00, 0x01, 0xFF, 0x03, 0xEA};
	int n = kmp_frame_encode(KMP_START_REQUEST, 0x3F, KMP_CID_LOGGER, req, sizeof req, out,
	                         sizeof out);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(out, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_LENGTH);
	/* the day reply one byte short, and one byte long */
	const uint8_t hdr[] = {0x06, 0x04, 0x00, 0x02, 0x01, 0, 0, 0, 5, 0, 0, 0, 9, 0x00, 0x00,
	                       0x03, 0xEA, 0x2F, 0x04, 0x00, 0, 0, 0, 4, 0, 0, 0, 4, 0x00};
	n = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_LOGGER, hdr, sizeof hdr - 2, out,
	                     sizeof out);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(out, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_LENGTH);
	CU_ASSERT_EQUAL(m.log.n_records, 0);
	n = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_LOGGER, hdr, sizeof hdr, out,
	                     sizeof out);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(out, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_LENGTH);
	n = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_LOGGER, hdr, sizeof hdr - 1, out,
	                     sizeof out);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(out, (size_t)n, &f), KMP_OK);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 2);
	CU_ASSERT_EQUAL(kmp_log_record_id(&m.log, 1), 4);
	/* a mantissa length of 0 in the first record */
	const uint8_t zero[] = {0x06, 0x04, 0x00, 0x01, 0x01, 0,    0,    0,    5,    0,
	                        0,    0,    9,    0x00, 0x00, 0x03, 0xEA, 0x2F, 0x00, 0x00};
	n = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_LOGGER, zero, sizeof zero, out,
	                     sizeof out);
	kmp_frame_decode(out, (size_t)n, &f);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_LENGTH);
	/* an A0 reply whose records do not add up, INFO 0: an error; the same
	 * with an INFO bit set: the INFO alone, flagged */
	uint8_t a0[] = {0x01, 0x01, 0x10, 0xF3, 0x00, 0x3C, 0x08, 0x04, 0x00,
	                1,    2,    3,    0x10, 0xF3, 0x11, 0x02, 0x00};
	n = kmp_frame_encode(KMP_START_REPLY, 0x7F, KMP_CID_GET_LOG_TIME_PRESENT, a0, sizeof a0,
	                     out, sizeof out);
	kmp_frame_decode(out, (size_t)n, &f);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_LENGTH);
	a0[sizeof a0 - 1] = 0x04;
	n = kmp_frame_encode(KMP_START_REPLY, 0x7F, KMP_CID_GET_LOG_TIME_PRESENT, a0, sizeof a0,
	                     out, sizeof out);
	kmp_frame_decode(out, (size_t)n, &f);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	CU_ASSERT_PTR_NOT_NULL(m.warning);
	CU_ASSERT_EQUAL(m.log.n_records, 0);
	CU_ASSERT_EQUAL(m.log.info, 0x04);
	/* an empty log: header and trailer only */
	const uint8_t empty[] = {0x01, 0x02, 0x10, 0xF3, 0x11, 0x02, 0x01};
	n = kmp_frame_encode(KMP_START_REPLY, 0x7F, KMP_CID_GET_LOG_LAST_PRESENT, empty,
	                     sizeof empty, out, sizeof out);
	kmp_frame_decode(out, (size_t)n, &f);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	CU_ASSERT_EQUAL(m.log.n_records, 0);
	CU_ASSERT_EQUAL(m.log.newest_id, 0x1102);
	/* event status of the wrong length, and a 9B request with data */
	n = kmp_frame_encode(KMP_START_REPLY, 0x7F, KMP_CID_GET_EVENT_STATUS, empty, 3, out,
	                     sizeof out);
	kmp_frame_decode(out, (size_t)n, &f);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_LENGTH);
	n = kmp_frame_encode(KMP_START_REQUEST, 0x7F, KMP_CID_GET_EVENT_STATUS, empty, 1, out,
	                     sizeof out);
	kmp_frame_decode(out, (size_t)n, &f);
	CU_ASSERT_EQUAL(kmp_msg_decode(&f, -1, &m), KMP_ERR_DATA);
}

/* Read-only by construction: no builder makes 09, 11 or 9C. */
static void test_refuses_writes(void)
{
	uint8_t out[64];
	const uint8_t d[8] = {0};
	CU_ASSERT_EQUAL(kmp_build_request(0x3F, KMP_CID_SET_CLOCK, d, 8, out, sizeof out),
	                KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_request(0x3F, KMP_CID_PUT_REGISTER, d, 8, out, sizeof out),
	                KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_request(0x7F, KMP_CID_CLEAR_EVENT_STATUS, d, 8, out, sizeof out),
	                KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_request(0x3F, 0xFF, NULL, 0, out, sizeof out), KMP_ERR_ARG);
	for (unsigned cid = 0; cid < 256; cid++) {
		int n = kmp_build_request(0x3F, (uint8_t)cid, NULL, 0, out, sizeof out);
		CU_ASSERT_EQUAL(n > 0, kmp_cid_is_read((uint8_t)cid));
		CU_ASSERT(!(n > 0 && kmp_cid_is_write((uint8_t)cid)));
	}
	/* the loggers' own builders check their arguments */
	uint16_t ids[9] = {60, 68, 1, 2, 3, 4, 5, 6, 7};
	CU_ASSERT_EQUAL(kmp_build_logger_config(0x3F, 0xFF, out, sizeof out), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_logger_by_id(0x3F, 4, 1, 0, ids, 1, out, sizeof out),
	                KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_logger_last(0x3F, 4, 0, 1, ids, 9, out, sizeof out), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_build_logger_last(0x3F, 4, 0, 1, ids, 0, out, sizeof out), KMP_ERR_ARG);
	kmp_log_query q = {.log_id = 1, .ids = ids, .n_ids = 2, .records = 3, .max_len = 0x80};
	CU_ASSERT_EQUAL(
	        kmp_build_log_module(0x7F, KMP_CID_GET_LOG_TIME_PRESENT, &q, out, sizeof out),
	        KMP_ERR_ARG); /* time 00-00-00: no date */
	CU_ASSERT(kmp_build_log_module(0x7F, KMP_CID_GET_LOG_LAST_PRESENT, &q, out, sizeof out) >
	          0);
	CU_ASSERT_EQUAL(kmp_build_log_module(0x7F, KMP_CID_LOGGER, &q, out, sizeof out),
	                KMP_ERR_ARG);
	q.n_ids = 9;
	CU_ASSERT_EQUAL(
	        kmp_build_log_module(0x7F, KMP_CID_GET_LOG_LAST_PRESENT, &q, out, sizeof out),
	        KMP_ERR_ARG);
}

TEST_SUITE(codec_logger_suite)
{
	CU_pSuite s = CU_add_suite("codec logger and event messages", NULL, NULL);
	TEST_ADD(s, test_logger_frames);
	TEST_ADD(s, test_day_reply_text);
	TEST_ADD(s, test_malformed);
	TEST_ADD(s, test_refuses_writes);
}
