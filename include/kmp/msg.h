/* msg.h - KMP messages: the data field of a frame, by command (CID).
 *
 *   01 GetType      request: none     reply: meter type (2) + sw revision (2)
 *   02 GetSerialNo  request: none     reply: serial uint32 BE
 *   09 SetClock     (write: recognised by name, never sent by this tool)
 *   10 GetRegister  request: N (1..8), N x ID (uint16 BE)
 *                   reply: zero or more records ID(2) UNIT LEN SIGN_EXP MANTISSA
 *   11 PutRegister  (write: recognised by name, never sent by this tool)
 *   9B GetEventStatus  request: none  reply: ES0..ES3 (event_msg.h)
 *   9C ClearEventStatus (write: recognised by name, never sent)
 *   A0..A3, B8      the loggers (logger_msg.h)
 *
 * Pure, no I/O.  Replies are looked up by ID, never by position.  Requests
 * are built only for the read commands: kmp_build_request refuses the
 * writes 09, 11 and 9C and anything unknown. */
#ifndef KMP_MSG_H
#define KMP_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/frame.h"
#include "kmp/logger_msg.h"
#include "kmp/value.h"

enum {
	KMP_CID_GET_TYPE = 0x01,
	KMP_CID_GET_SERIAL = 0x02,
	KMP_CID_SET_CLOCK = 0x09,
	KMP_CID_GET_REGISTER = 0x10,
	KMP_CID_PUT_REGISTER = 0x11,
	KMP_CID_GET_EVENT_STATUS = 0x9B,
	KMP_CID_CLEAR_EVENT_STATUS = 0x9C,
	KMP_CID_GET_LOG_TIME_PRESENT = 0xA0,
	KMP_CID_GET_LOG_LAST_PRESENT = 0xA1,
	KMP_CID_GET_LOG_ID_PRESENT = 0xA2,
	KMP_CID_GET_LOG_TIME_PAST = 0xA3,
	KMP_CID_LOGGER = 0xB8,
};

/* At most 8 registers per GetRegister request (protocol notes, "Commands"). */
#define KMP_MAX_IDS 8
/* A decoded request may announce more (PyKMP decodes 9 with a warning). */
#define KMP_MAX_IDS_DECODE 255
/* Records one reply can hold: each is at least 6 bytes. */
#define KMP_MAX_RECORDS (KMP_DATA_MAX / 6)

/* "GetRegister", "SetClock", ... or NULL for an unknown CID. */
const char *kmp_cid_name(uint8_t cid);
/* Non-zero for commands that change the meter (SetClock, PutRegister, ClearEventStatus). */
int kmp_cid_is_write(uint8_t cid);
/* Non-zero for the read commands this codec builds (01 02 10 9B A0..A3 B8). */
int kmp_cid_is_read(uint8_t cid);

typedef struct kmp_record {
	uint16_t id;
	uint8_t unit;
	kmp_value value;
	size_t offset; /* where the record starts in the reply data */
	size_t size;   /* bytes of the record (6 + LEN - 1 ... i.e. 5 + LEN) */
} kmp_record;

typedef struct kmp_type {
	uint16_t meter_type;
	uint8_t sw_letter; /* 1..26 = A..Z; 0 together with number 0 = unknown */
	uint8_t sw_number;
	int known;         /* 0 when the meter answered 00 00 */
	int sw_outside_az; /* the letter byte is not 1..26: the revision is shown raw */
} kmp_type;

/* A frame's content decoded by command. */
typedef struct kmp_msg {
	kmp_dir dir;
	uint8_t addr;
	uint8_t cid;
	int status; /* KMP_OK or KMP_ERR_{LENGTH,RANGE,CID,DATA}; frame errors are copied */
	const char *warning; /* decoded, but outside what the protocol allows (or NULL) */
	char detail[96];     /* human detail for status/warning ("serial data 5, expected 4") */
	/* GetRegister request */
	size_t n_ids;
	uint16_t ids[KMP_MAX_IDS_DECODE];
	/* GetRegister reply */
	size_t n_records;
	kmp_record records[KMP_MAX_RECORDS];
	/* GetSerialNo reply */
	uint32_t serial;
	/* GetType reply */
	kmp_type type;
	/* GetEventStatus reply: ES0..ES3 */
	uint8_t event_status[4];
	/* A0..A3 and B8, requests and replies (the register IDs of requests and
	 * of a B8 configuration are ids/n_ids) */
	kmp_log_msg log;
} kmp_msg;

/* Decode the content of a frame that passed kmp_frame_decode.  expected_cid
 * is the command of the request a reply answers (-1: take the frame's own
 * CID); a different CID in a reply gives KMP_ERR_CID.  A frame whose status
 * is an error is not decoded: its status is copied.  Returns m->status. */
int kmp_msg_decode(const kmp_frame *f, int expected_cid, kmp_msg *m);

/* Last record with this ID (a meter repeating an ID: the last one wins), or NULL. */
const kmp_record *kmp_msg_find(const kmp_msg *m, uint16_t id);

/* Any read request (kmp_cid_is_read) with its data, as a whole frame ready
 * for the wire; every builder goes through it.  A write (09, 11, 9C) or an
 * unknown CID gives KMP_ERR_ARG: this codec cannot build them. */
int kmp_build_request(uint8_t addr, uint8_t cid, const uint8_t *data, size_t n, uint8_t *out,
                      size_t cap);

/* Request builders: whole frames ready for the wire.  Return bytes written
 * or a negative kmp_err (KMP_ERR_ARG for 0 or more than 8 IDs). */
int kmp_build_get_type(uint8_t addr, uint8_t *out, size_t cap);
int kmp_build_get_serial(uint8_t addr, uint8_t *out, size_t cap);
int kmp_build_get_register(uint8_t addr, const uint16_t *ids, size_t n, uint8_t *out, size_t cap);

/* Reply builders (the simulator and the tests use them). */
int kmp_build_type_reply(uint8_t addr, uint16_t meter_type, uint8_t sw_letter, uint8_t sw_number,
                         uint8_t *out, size_t cap);
int kmp_build_serial_reply(uint8_t addr, uint32_t serial, uint8_t *out, size_t cap);
/* Append one record ID|UNIT|LEN|SIGN_EXP|MANTISSA to data (at *len). */
int kmp_record_append(uint8_t *data, size_t cap, size_t *len, uint16_t id, uint8_t unit,
                      const kmp_value *v);

/* "F1" for letter 6 number 1; "unknown" for 00 00; "0x1B01" (the raw
 * bytes) for a letter outside A..Z. */
const char *kmp_type_sw_text(const kmp_type *t, char *buf, size_t cap);

#endif
