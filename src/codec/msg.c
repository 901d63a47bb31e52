/* msg.c - decode and build the data of KMP messages (see msg.h). */
#include <stdio.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/msg.h"

const char *kmp_cid_name(uint8_t cid)
{
	switch (cid) {
	case KMP_CID_GET_TYPE:
		return "GetType";
	case KMP_CID_GET_SERIAL:
		return "GetSerialNo";
	case KMP_CID_SET_CLOCK:
		return "SetClock";
	case KMP_CID_GET_REGISTER:
		return "GetRegister";
	case KMP_CID_PUT_REGISTER:
		return "PutRegister";
	case KMP_CID_GET_EVENT_STATUS:
		return "GetEventStatus";
	case KMP_CID_CLEAR_EVENT_STATUS:
		return "ClearEventStatus";
	case KMP_CID_GET_LOG_TIME_PRESENT:
		return "GetLogTimePresent";
	case KMP_CID_GET_LOG_LAST_PRESENT:
		return "GetLogLastPresent";
	case KMP_CID_GET_LOG_ID_PRESENT:
		return "GetLogIdPresent";
	case KMP_CID_GET_LOG_TIME_PAST:
		return "GetLogTimePast";
	case KMP_CID_LOGGER:
		return "Logger";
	}
	return NULL;
}

int kmp_cid_is_write(uint8_t cid)
{
	return cid == KMP_CID_SET_CLOCK || cid == KMP_CID_PUT_REGISTER ||
	       cid == KMP_CID_CLEAR_EVENT_STATUS;
}

int kmp_cid_is_read(uint8_t cid)
{
	switch (cid) {
	case KMP_CID_GET_TYPE:
	case KMP_CID_GET_SERIAL:
	case KMP_CID_GET_REGISTER:
	case KMP_CID_GET_EVENT_STATUS:
	case KMP_CID_GET_LOG_TIME_PRESENT:
	case KMP_CID_GET_LOG_LAST_PRESENT:
	case KMP_CID_GET_LOG_ID_PRESENT:
	case KMP_CID_GET_LOG_TIME_PAST:
	case KMP_CID_LOGGER:
		return 1;
	}
	return 0;
}

static int fail(kmp_msg *m, int status, const char *fmt, size_t a, size_t b)
{
	m->status = status;
	snprintf(m->detail, sizeof m->detail, fmt, a, b);
	return status;
}

static int decode_register_request(const kmp_frame *f, kmp_msg *m)
{
	if (f->data_len == 0)
		return fail(m, KMP_ERR_LENGTH, "GetRegister request data %zu, expected >=%zu", 0,
		            1);
	size_t n = f->data[0];
	if (f->data_len != 1 + 2 * n)
		return fail(m, KMP_ERR_LENGTH, "%zu register ids announced, %zu bytes of ids", n,
		            f->data_len - 1);
	for (size_t i = 0; i < n; i++)
		m->ids[i] = (uint16_t)(f->data[1 + 2 * i] << 8 | f->data[2 + 2 * i]);
	m->n_ids = n;
	if (n < 1 || n > KMP_MAX_IDS) {
		m->warning = "register count outside 1..8";
		snprintf(m->detail, sizeof m->detail, "%zu register ids, the protocol allows 1..8",
		         n);
	}
	return KMP_OK;
}

static int decode_register_reply(const kmp_frame *f, kmp_msg *m)
{
	size_t off = 0;
	while (off < f->data_len) {
		size_t left = f->data_len - off;
		const uint8_t *p = f->data + off;
		if (left < 6)
			return fail(m, KMP_ERR_LENGTH,
			            "%zu bytes left for a register record, expected >=%zu", left,
			            6);
		kmp_record *r = &m->records[m->n_records];
		size_t used = 0;
		r->id = (uint16_t)(p[0] << 8 | p[1]);
		r->unit = p[2];
		int rc = kmp_value_parse(p + 3, left - 3, &r->value, &used);
		if (rc == KMP_ERR_LENGTH)
			return fail(m, rc, "register value data left %zu, expected >=%zu", left,
			            (size_t)p[3] + 5);
		if (rc != KMP_OK)
			return fail(m, rc, "register %zu: mantissa length %zu not supported", r->id,
			            p[3]);
		r->offset = off;
		r->size = used + 3;
		off += r->size;
		m->n_records++;
	}
	return KMP_OK;
}

static int decode_type_reply(const kmp_frame *f, kmp_msg *m)
{
	/* Replies of another length are refused whole: no public source lays
	 * one out, so any split of their bytes would be a guess (issue 13). */
	if (f->data_len != 4)
		return fail(m, KMP_ERR_LENGTH, "GetType reply data %zu, expected %zu", f->data_len,
		            4);
	m->type.meter_type = (uint16_t)(f->data[0] << 8 | f->data[1]);
	m->type.sw_letter = f->data[2];
	m->type.sw_number = f->data[3];
	if (f->data[2] == 0 && f->data[3] == 0)
		return KMP_OK; /* 00 00: the meter does not say */
	m->type.known = 1;
	if (f->data[2] < 1 || f->data[2] > 26) {
		/* a real meter sends 1B 01: the type is still good, the revision
		 * is shown as its bytes (AiMiR's stack reads 27 as "AA"; PyKMP
		 * refuses the reply), and the message says so */
		m->type.sw_outside_az = 1;
		m->warning = "sw revision letter outside A..Z";
		snprintf(m->detail, sizeof m->detail,
		         "sw revision bytes %02X %02X: letter %u is not 1..26 (A..Z)", f->data[2],
		         f->data[3], f->data[2]);
	}
	return KMP_OK;
}

static int decode_logger(const kmp_frame *f, kmp_msg *m)
{
	int rc = f->cid == KMP_CID_LOGGER
	                 ? kmp_log_decode_b8(f, &m->log, m->ids, &m->n_ids, &m->warning, m->detail,
	                                     sizeof m->detail)
	                 : kmp_log_decode_module(f, &m->log, m->ids, &m->n_ids, &m->warning,
	                                         m->detail, sizeof m->detail);
	return m->status = rc;
}

static int no_data(const kmp_frame *f, kmp_msg *m)
{
	if (!f->data_len)
		return KMP_OK;
	m->status = KMP_ERR_DATA;
	snprintf(m->detail, sizeof m->detail, "%s request takes no data (%zu bytes given)",
	         kmp_cid_name(f->cid), f->data_len);
	return m->status;
}

int kmp_msg_decode(const kmp_frame *f, int expected_cid, kmp_msg *m)
{
	memset(m, 0, sizeof *m);
	m->dir = f->dir;
	m->addr = f->addr;
	m->cid = f->cid;
	if (f->status != KMP_OK)
		return m->status = f->status;
	if (f->dir == KMP_DIR_ACK)
		return m->status = KMP_OK;
	if (f->dir == KMP_DIR_REPLY && expected_cid >= 0 && expected_cid != f->cid)
		return fail(m, KMP_ERR_CID, "expected CID %zu, got %zu", (size_t)expected_cid,
		            f->cid);

	if (f->dir == KMP_DIR_REQUEST) {
		switch (f->cid) {
		case KMP_CID_GET_TYPE:
		case KMP_CID_GET_SERIAL:
		case KMP_CID_GET_EVENT_STATUS:
			return no_data(f, m);
		case KMP_CID_GET_REGISTER:
			return decode_register_request(f, m);
		case KMP_CID_GET_LOG_TIME_PRESENT:
		case KMP_CID_GET_LOG_LAST_PRESENT:
		case KMP_CID_GET_LOG_ID_PRESENT:
		case KMP_CID_GET_LOG_TIME_PAST:
		case KMP_CID_LOGGER:
			return decode_logger(f, m);
		default:
			return KMP_OK; /* shown raw, named by kmp_cid_name */
		}
	}
	switch (f->cid) {
	case KMP_CID_GET_TYPE:
		return decode_type_reply(f, m);
	case KMP_CID_GET_SERIAL:
		if (f->data_len != 4)
			return fail(m, KMP_ERR_LENGTH, "serial data %zu, expected %zu", f->data_len,
			            4);
		m->serial = (uint32_t)f->data[0] << 24 | (uint32_t)f->data[1] << 16 |
		            (uint32_t)f->data[2] << 8 | f->data[3];
		return KMP_OK;
	case KMP_CID_GET_REGISTER:
		return decode_register_reply(f, m);
	case KMP_CID_GET_EVENT_STATUS:
		if (f->data_len != 4)
			return fail(m, KMP_ERR_LENGTH, "event status data %zu, expected %zu",
			            f->data_len, 4);
		memcpy(m->event_status, f->data, 4);
		return KMP_OK;
	case KMP_CID_GET_LOG_TIME_PRESENT:
	case KMP_CID_GET_LOG_LAST_PRESENT:
	case KMP_CID_GET_LOG_ID_PRESENT:
	case KMP_CID_GET_LOG_TIME_PAST:
	case KMP_CID_LOGGER:
		return decode_logger(f, m);
	default:
		return KMP_OK;
	}
}

const kmp_record *kmp_msg_find(const kmp_msg *m, uint16_t id)
{
	for (size_t i = m->n_records; i-- > 0;)
		if (m->records[i].id == id)
			return &m->records[i];
	return NULL;
}

int kmp_build_request(uint8_t addr, uint8_t cid, const uint8_t *data, size_t n, uint8_t *out,
                      size_t cap)
{
	/* read-only by construction: a write is never put on the wire */
	if (!kmp_cid_is_read(cid) || kmp_cid_is_write(cid))
		return KMP_ERR_ARG;
	return kmp_frame_encode(KMP_START_REQUEST, addr, cid, data, n, out, cap);
}

int kmp_build_get_type(uint8_t addr, uint8_t *out, size_t cap)
{
	return kmp_build_request(addr, KMP_CID_GET_TYPE, NULL, 0, out, cap);
}

int kmp_build_get_serial(uint8_t addr, uint8_t *out, size_t cap)
{
	return kmp_build_request(addr, KMP_CID_GET_SERIAL, NULL, 0, out, cap);
}

int kmp_build_get_register(uint8_t addr, const uint16_t *ids, size_t n, uint8_t *out, size_t cap)
{
	uint8_t data[1 + 2 * KMP_MAX_IDS];
	if (n < 1 || n > KMP_MAX_IDS)
		return KMP_ERR_ARG;
	data[0] = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		data[1 + 2 * i] = (uint8_t)(ids[i] >> 8);
		data[2 + 2 * i] = (uint8_t)ids[i];
	}
	return kmp_build_request(addr, KMP_CID_GET_REGISTER, data, 1 + 2 * n, out, cap);
}

int kmp_build_type_reply(uint8_t addr, uint16_t meter_type, uint8_t sw_letter, uint8_t sw_number,
                         uint8_t *out, size_t cap)
{
	uint8_t d[4] = {(uint8_t)(meter_type >> 8), (uint8_t)meter_type, sw_letter, sw_number};
	return kmp_frame_encode(KMP_START_REPLY, addr, KMP_CID_GET_TYPE, d, 4, out, cap);
}

int kmp_build_serial_reply(uint8_t addr, uint32_t serial, uint8_t *out, size_t cap)
{
	uint8_t d[4] = {(uint8_t)(serial >> 24), (uint8_t)(serial >> 16), (uint8_t)(serial >> 8),
	                (uint8_t)serial};
	return kmp_frame_encode(KMP_START_REPLY, addr, KMP_CID_GET_SERIAL, d, 4, out, cap);
}

int kmp_record_append(uint8_t *data, size_t cap, size_t *len, uint16_t id, uint8_t unit,
                      const kmp_value *v)
{
	if (v->len == 0 || v->len > KMP_MANTISSA_MAX)
		return KMP_ERR_ARG;
	size_t need = 5 + (size_t)v->len;
	if (*len + need > cap)
		return KMP_ERR_NOSPACE;
	uint8_t *p = data + *len;
	p[0] = (uint8_t)(id >> 8);
	p[1] = (uint8_t)id;
	p[2] = unit;
	p[3] = v->len;
	p[4] = v->sign_exp;
	memcpy(p + 5, v->mantissa, v->len);
	*len += need;
	return KMP_OK;
}

const char *kmp_type_sw_text(const kmp_type *t, char *buf, size_t cap)
{
	if (t->sw_letter == 0 && t->sw_number == 0)
		snprintf(buf, cap, "unknown");
	else if (t->sw_letter >= 1 && t->sw_letter <= 26)
		snprintf(buf, cap, "%c%u", 'A' + t->sw_letter - 1, t->sw_number);
	else
		snprintf(buf, cap, "0x%02X%02X", t->sw_letter, t->sw_number);
	return buf;
}
