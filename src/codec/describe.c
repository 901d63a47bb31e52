/* describe.c - one-line descriptions of frames (see describe.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/event_msg.h"
#include "kmp/tables.h"
#include "kmp/value.h"
#include "describe_int.h"

const char *kmp_hex(const uint8_t *p, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	if (cap == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (o + 3 + 4 > cap) {
			snprintf(buf + o, cap - o, "...");
			break;
		}
		o += (size_t)snprintf(buf + o, cap - o, i ? " %02X" : "%02X", p[i]);
	}
	return buf;
}

const char *kmp_describe_check(const kmp_frame *f, char *buf, size_t cap)
{
	switch (f->status) {
	case KMP_OK:
		snprintf(buf, cap, f->dir == KMP_DIR_ACK ? "ACK" : "CRC OK");
		break;
	case KMP_ERR_CRC:
		snprintf(buf, cap, "CRC BAD got %04X want %04X", f->crc_given, f->crc_calc);
		break;
	case KMP_ERR_STUFFING:
		snprintf(buf, cap, "STUFFING");
		break;
	case KMP_ERR_LENGTH:
		snprintf(buf, cap, "LENGTH");
		break;
	default:
		snprintf(buf, cap, "FRAMING");
		break;
	}
	return buf;
}

void describe_add(char *buf, size_t cap, size_t *o, const char *fmt, ...)
{
	if (*o >= cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *o, cap - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + (size_t)n < cap ? *o + (size_t)n : cap - 1;
}

/* A date or time unit: the checked text, or the number flagged. */
static const char *datetime_with_unit(const kmp_value *v, uint8_t unit, const char *u, char *buf,
                                      size_t cap)
{
	char t[KMP_VALUE_TEXT_MAX];
	kmp_datetime dt;
	int rc = kmp_datetime_decode(v, unit, &dt);
	if (rc == KMP_OK) {
		snprintf(buf, cap, "%s", dt.text);
		return buf;
	}
	kmp_value_format(v, t, sizeof t);
	if (rc == KMP_ERR_ARG) /* 64: a date-time whose layout no source gives */
		snprintf(buf, cap, "%s (%s)", t, u);
	else if (strcmp(t, "0") == 0)
		snprintf(buf, cap, "0 (%s not set)", u);
	else
		snprintf(buf, cap, "%s (not a valid %s)", t, u);
	return buf;
}

const char *kmp_value_with_unit(const kmp_value *v, uint8_t unit, int ascii, char *buf, size_t cap)
{
	char t[KMP_VALUE_TEXT_MAX];
	const char *u = ascii ? kmp_unit_name_ascii(unit) : kmp_unit_name(unit);
	if (kmp_unit_is_datetime(unit))
		return datetime_with_unit(v, unit, u, buf, cap);
	kmp_value_text(v, unit, t, sizeof t);
	if (unit == 0 || unit == 51 || unit == KMP_UNIT_ASCII)
		snprintf(buf, cap, "%s", t);
	else if (u)
		snprintf(buf, cap, "%s %s", t, u);
	else
		snprintf(buf, cap, "%s (unit 0x%02X)", t, unit);
	return buf;
}

const char *kmp_describe(const kmp_frame *f, const kmp_msg *m, int ascii, char *buf, size_t cap)
{
	size_t o = 0;
	char t[KMP_VALUE_TEXT_MAX];
	char big[2048]; /* a logger reply: every record */
	buf[0] = '\0';
	if (f->dir == KMP_DIR_ACK) {
		describe_add(buf, cap, &o, "ACK");
		return buf;
	}
	const char *name = kmp_cid_name(f->cid);
	if (name)
		describe_add(buf, cap, &o, "%s", name);
	else
		describe_add(buf, cap, &o, "CID 0x%02X", f->cid);
	if (kmp_cid_is_write(f->cid))
		describe_add(buf, cap, &o, " (write)");
	if (f->addr != KMP_ADDR_HEAT)
		describe_add(buf, cap, &o, " @0x%02X", f->addr);
	if (!m)
		return buf;
	if (m->status != KMP_OK) {
		describe_add(buf, cap, &o, ": %s%s%s", kmp_strerror(m->status),
		             m->detail[0] ? ": " : "", m->detail);
		return buf;
	}
	if (f->dir == KMP_DIR_REQUEST) {
		if (f->cid == KMP_CID_GET_REGISTER)
			for (size_t i = 0; i < m->n_ids; i++)
				describe_add(buf, cap, &o, "%s%u", i ? "," : " ", m->ids[i]);
		if (m->log.present)
			describe_add(buf, cap, &o, "%s",
			             kmp_describe_log(f, m, ascii, big, sizeof big));
		if (m->warning)
			describe_add(buf, cap, &o, " (warning: %s)", m->warning);
		return buf;
	}
	switch (f->cid) {
	case KMP_CID_GET_TYPE: {
		char sw[16];
		describe_add(buf, cap, &o, " type 0x%04X sw %s", m->type.meter_type,
		             kmp_type_sw_text(&m->type, sw, sizeof sw));
		break;
	}
	case KMP_CID_GET_EVENT_STATUS: {
		kmp_flag fl[KMP_FLAGS_MAX];
		const uint8_t *es = m->event_status;
		int n = kmp_event_flags(KMP_FAMILY_UNKNOWN, es, fl, KMP_FLAGS_MAX);
		describe_add(buf, cap, &o, " ES %02X %02X %02X %02X", es[0], es[1], es[2], es[3]);
		if (n > 0)
			describe_add(buf, cap, &o, " (%s)",
			             kmp_flags_join(fl, (size_t)n, 1, big, sizeof big));
		break;
	}
	case KMP_CID_GET_LOG_TIME_PRESENT:
	case KMP_CID_GET_LOG_LAST_PRESENT:
	case KMP_CID_GET_LOG_ID_PRESENT:
	case KMP_CID_GET_LOG_TIME_PAST:
	case KMP_CID_LOGGER:
		describe_add(buf, cap, &o, "%s", kmp_describe_log(f, m, ascii, big, sizeof big));
		break;
	case KMP_CID_GET_SERIAL:
		describe_add(buf, cap, &o, " serial %u", (unsigned)m->serial);
		break;
	case KMP_CID_GET_REGISTER:
		if (m->n_records == 0)
			describe_add(buf, cap, &o, ": no registers");
		for (size_t i = 0; i < m->n_records; i++) {
			const kmp_record *r = &m->records[i];
			describe_add(buf, cap, &o, " %u=%s", r->id,
			             kmp_value_with_unit(&r->value, r->unit, ascii, t, sizeof t));
		}
		break;
	default:
		if (f->data_len)
			describe_add(buf, cap, &o, " %zu data bytes", f->data_len);
		break;
	}
	if (m->warning)
		describe_add(buf, cap, &o, " (warning: %s)", m->warning);
	return buf;
}
