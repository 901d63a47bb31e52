/* logger_msg.h - the meter's own history: the read-only logger commands.
 *
 * A0..A3 (vendor description 5512-447, 6.3; MULTICAL 601/801 logger modules
 * at addresses 7F/BF):
 *   request  LID NRgs RegID1..n NRcs MaxL [Time(8) | RecID(2) | Time(8) RecIDOff(2)]
 *   reply    LID NRtR RecID1 (RegID Unit NoB SiEx Value)xN  {RecID Value..}x(M-1)
 *            LRORecID NewRecID INFO
 * B8 (MULTICAL 303/403/603, from jktjkt/PyKMP and its real captures):
 *   request  Sub Type ...; 05 nothing, 06 LogID(4) Entries(2) N RegIDs,
 *            07 Offset(2) Entries(2) N RegIDs
 *   reply 05 Sub Type D1fmt D1(2) D2fmt D2(2) MaxFmt Max IntFmt Int Depth(2) N RegIDs
 *   reply 06/07  Sub Type Entries(2) N FirstLogID(4) LastLogID(4) Info(2)
 *            then the first record as N full register records and each
 *            further record as N mantissas with the first record's formats;
 *            log IDs run from FirstLogID down, one per record.
 * Values are looked up through kmp_log_value: a record's value is rebuilt
 * from the reply's bytes with the format of its register.  Pure, no I/O. */
#ifndef KMP_LOGGER_MSG_H
#define KMP_LOGGER_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/frame.h"
#include "kmp/infocodes.h"
#include "kmp/value.h"

/* B8 subcommands (jktjkt/PyKMP constants.LoggerSubCommandId). */
enum {
	KMP_B8_GET_CONFIG = 0x05,
	KMP_B8_GET_LOG_ID_PAST_ABS = 0x06,
	KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS = 0x07,
	KMP_B8_GET_LOG_ID = 0x08,          /* named by the fork, layout unknown */
	KMP_B8_GET_LOG_NEXT_FORMAT = 0x09, /* named by the fork, layout unknown */
};

/* B8 logger types (jktjkt/PyKMP constants.LoggerType). */
enum {
	KMP_LOGGER_CONFIG = 0,
	KMP_LOGGER_INFO = 1,
	KMP_LOGGER_YEAR = 2,
	KMP_LOGGER_MONTH = 3,
	KMP_LOGGER_DAY = 4,
	KMP_LOGGER_HOUR = 5,
	KMP_LOGGER_MINUTE1 = 6,
	KMP_LOGGER_MINUTE2 = 7,
	KMP_LOGGER_SW_DOWNLOAD_OK = 8,
	KMP_LOGGER_SW_DOWNLOAD_AUDIT = 9,
};

/* Registers one logger reply can carry: each takes at least 6 bytes in
 * the first record. */
#define KMP_LOG_MAX_REGS (KMP_DATA_MAX / 6)

/* One register of a logger reply: its ID and format (from the first
 * record), and where its value sits. */
typedef struct kmp_log_format {
	uint16_t id;
	uint8_t unit;
	uint8_t len; /* NoB: mantissa bytes */
	uint8_t sign_exp;
	uint16_t first; /* offset of the value in the first record (in data) */
	uint16_t col;   /* offset of the value within a further record */
} kmp_log_format;

typedef struct kmp_log_msg {
	int present;    /* 1: a logger command was decoded into this */
	uint8_t sub;    /* B8: subcommand */
	uint8_t logger; /* B8: logger type; A0..A3: log ID (LID) */
	/* requests (their register IDs are kmp_msg.ids) */
	uint8_t records_asked; /* A0..A3: NRcs */
	uint8_t max_len;       /* A0..A3: MaxL, the longest reply accepted */
	int has_time;          /* A0, A3 */
	uint8_t time[8];       /* YY MM DD hh mm ss WK Info (5512-447 4.3) */
	int has_rec_id;        /* A2: the record asked for; A3: the record offset */
	uint16_t rec_id;
	uint32_t log_id;  /* B8 06: the log ID to read back from */
	uint16_t offset;  /* B8 07: records back from the newest (0 = the newest) */
	uint16_t entries; /* B8 06/07: records asked (request) or returned (reply) */
	/* B8 05 reply: the logger's configuration (its register IDs: kmp_msg.ids) */
	uint8_t date1_format, date2_format, max_records_format, interval_format;
	uint16_t date1, date2;
	uint8_t max_records, interval;
	uint16_t depth; /* records the logger holds */
	/* replies with records */
	size_t n_regs;
	kmp_log_format regs[KMP_LOG_MAX_REGS];
	size_t n_records;
	uint32_t first_id;     /* B8: log ID of the first record; A0..A3: its record ID */
	uint32_t newest_id;    /* B8: last log ID in the meter; A0..A3: NewRec ID */
	uint16_t last_read_id; /* A0..A3: LRORecID */
	uint16_t info;         /* A0..A3: the INFO byte; B8: the 2-byte info */
	size_t rest;           /* offset of the second record in data */
	size_t stride;         /* bytes of each further record */
	size_t data_len;
	uint8_t data[KMP_DATA_MAX]; /* the reply's data, where the values are */
} kmp_log_msg;

/* "year", "day", ... or NULL for a logger type no source names. */
const char *kmp_logger_type_name(uint8_t type);
/* "GetConfiguration", "GetLogIDPastAbs", ... or NULL. */
const char *kmp_b8_sub_name(uint8_t sub);

/* Record rec's ID: B8 log IDs count down from first_id, A0..A3 replies
 * carry each record's ID.  0 for a record the message does not hold. */
uint32_t kmp_log_record_id(const kmp_log_msg *l, size_t rec);

/* Record rec's value of register reg (index into l->regs).  KMP_OK or
 * KMP_ERR_ARG for indices outside the message. */
int kmp_log_value(const kmp_log_msg *l, size_t rec, size_t reg, kmp_value *v);

/* Bits of kmp_log_msg.info that readers and the simulator act on (all of
 * them are named by kmp_log_info_flags). */
enum {
	/* B8's 2-byte info */
	KMP_B8_INFO_NO_ENTRIES = 1u << 0,
	KMP_B8_INFO_OUT_OF_RANGE = 1u << 1,
	KMP_B8_INFO_UNSUPPORTED = 1u << 3, /* a register asked for is not logged */
	KMP_B8_INFO_TRUNCATED = 1u << 4,   /* fewer records than asked */
	KMP_B8_INFO_TAIL = 1u << 6,        /* the oldest record is included */
	KMP_B8_INFO_HEAD = 1u << 7,        /* the newest record is included */
	/* A0..A3's INFO byte (5512-447 6.3) */
	KMP_LOG_INFO_EMPTY = 1u << 0,
	KMP_LOG_INFO_RANGE = 1u << 2, /* the record ID or time asked for is outside the log */
	KMP_LOG_INFO_MAXL = 1u << 3,  /* MaxL reached: records left out */
	KMP_LOG_INFO_END = 1u << 4,   /* the end of the log reached: records left out */
};

/* The reply's INFO as flags: A0..A3 (cid) by 5512-447 6.3, B8 by the bits
 * jktjkt/PyKMP and AiMiR's KMP stack name.  Returns the number written. */
int kmp_log_info_flags(uint8_t cid, const kmp_log_msg *l, kmp_flag *out, size_t max);

/* Decoders called by kmp_msg_decode (msg.c): fill l (and ids/n_ids for the
 * register lists).  Return KMP_OK or KMP_ERR_{LENGTH,RANGE} with detail set;
 * *warning is set for a reply that is decoded only in part. */
int kmp_log_decode_module(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids,
                          const char **warning, char *detail, size_t cap);
int kmp_log_decode_b8(const kmp_frame *f, kmp_log_msg *l, uint16_t *ids, size_t *n_ids,
                      const char **warning, char *detail, size_t cap);

/* Requests (whole frames; bytes written or a negative kmp_err). */

/* A0..A3 to a logger module: cid is KMP_CID_GET_LOG_{TIME_PRESENT,
 * LAST_PRESENT, ID_PRESENT, TIME_PAST}; time (8 bytes, 5512-447 4.3) for A0
 * and A3, rec_id for A2 (the record) and A3 (the offset). */
typedef struct kmp_log_query {
	uint8_t log_id;
	const uint16_t *ids;
	size_t n_ids; /* 1..8 (5512-447 6.3: NRgs) */
	uint8_t records;
	uint8_t max_len;
	uint8_t time[8];
	uint16_t rec_id;
} kmp_log_query;
int kmp_build_log_module(uint8_t addr, uint8_t cid, const kmp_log_query *q, uint8_t *out,
                         size_t cap);

/* The 8-byte logger timestamp for a checked date and time (years
 * 2000..2099).  KMP_OK or KMP_ERR_RANGE. */
int kmp_log_time(int year, int month, int day, int hour, int minute, int second, uint8_t out[8]);

/* B8 05, 06 and 07 (1..8 register IDs, entries >= 1). */
int kmp_build_logger_config(uint8_t addr, uint8_t logger, uint8_t *out, size_t cap);
int kmp_build_logger_by_id(uint8_t addr, uint8_t logger, uint32_t log_id, uint16_t entries,
                           const uint16_t *ids, size_t n, uint8_t *out, size_t cap);
int kmp_build_logger_last(uint8_t addr, uint8_t logger, uint16_t offset, uint16_t entries,
                          const uint16_t *ids, size_t n, uint8_t *out, size_t cap);

/* The same requests' data alone (what follows the CID), for a request
 * that travels through the client (client.h, kmp_request.data) and is
 * framed there by kmp_build_request, which refuses every write.  d holds
 * at least KMP_LOG_REQUEST_MAX bytes.  Bytes written or a negative
 * kmp_err (KMP_ERR_ARG, KMP_ERR_NOSPACE). */
#define KMP_LOG_REQUEST_MAX 32 /* A3 with 8 registers: 2 + 16 + 2 + 8 + 2 */
int kmp_log_module_data(uint8_t cid, const kmp_log_query *q, uint8_t *d, size_t cap);
int kmp_logger_config_data(uint8_t logger, uint8_t *d, size_t cap);
int kmp_logger_by_id_data(uint8_t logger, uint32_t log_id, uint16_t entries, const uint16_t *ids,
                          size_t n, uint8_t *d, size_t cap);
int kmp_logger_last_data(uint8_t logger, uint16_t offset, uint16_t entries, const uint16_t *ids,
                         size_t n, uint8_t *d, size_t cap);

#endif
