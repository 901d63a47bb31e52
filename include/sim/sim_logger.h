/* sim_logger.h - the simulated meter's own history: its data loggers and
 * its event status.
 *
 * A MULTICAL 403-like meter keeps a year, a month, a day and an hour
 * logger, read with B8 (protocol notes, "Data loggers"); a MULTICAL 601
 * with a logger top module answers A0..A3 at address 7F instead.  Both
 * read the same records here.
 *
 * The records are computed, not stored, from a few rules, so that anyone
 * can check a reading to the last digit (kmpsim --dump-logger prints them):
 *  - the meter was installed KMPSIM_HIST_DAYS days before the anchor (the
 *    time the simulator starts, or --logger-time); every logger boundary
 *    since then (midnight, an hour, the first of a month, January 1st)
 *    made one record, numbered 1, 2, ... from the installation on; a
 *    logger holds the newest `depth` of them (the depths of a MULTICAL
 *    603: 20 years, 36 months, 460 days, 1392 hours);
 *  - heat energy E1 grows by a daily amount that follows the season
 *    (about 1.3 GJ a day in winter, 0.15 GJ in summer, with a day-to-day
 *    jitter), spread over the hours of a day by a fixed daily profile;
 *    volume V1 and the temperature-volume sums E8/E9 follow from it; at
 *    the end of the anchor's day E1 and V1 reach the live registers'
 *    starting values (sim_meter.c), so no record exceeds them;
 *  - dates and times of the records are the meter's local calendar,
 *    without summer time: 1003 (yymmdd, unit 48), 1002 (hhmmss, unit 47)
 *    and 348 (unit 79, 7 bytes: summer-time offset 0, YY MM DD hh mm ss),
 *    as the real day-logger reply in tests/data/frames-logger.tsv has them.
 * The loggers are fixed when the simulator starts: no record is added
 * while it runs.  Pure: no clock, no I/O except kmpsim_history_dump.
 *
 * For a meter profile: kmpsim_history_init(&h, &anchor) (sim_history_open.h
 * picks the anchor from the options), then meter.history = &h; a heat
 * profile without loggers leaves meter.history NULL; a MULTICAL 601 sets
 * h.module = 1 (A0..A3 answered at 7F; B8 then unknown); event_status[] may be set
 * to the profile's own ES0..ES3. */
#ifndef SIM_SIM_LOGGER_H
#define SIM_SIM_LOGGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kmp/msg.h"
#include "kmp/value.h"

/* Days from the installation to the anchor (the live operating-hours
 * register starts at four years, 35040 h). */
#define KMPSIM_HIST_DAYS 1460
/* The longest B8 reply data the simulated meter sends: a request for more
 * records gets fewer, flagged "truncated entries".  Real meters' limit is
 * not documented (jktjkt/PyKMP learns it from such replies); this one
 * makes readers handle it. */
#define KMPSIM_LOG_REPLY_MAX 256
/* The most registers one simulated logger holds. */
#define KMPSIM_LOG_REGS 16

/* A calendar time of the meter's clock (local, no summer time). */
typedef struct kmpsim_when {
	int year, month, day, hour, minute, second;
} kmpsim_when;

/* Parse "YYYY-MM-DD", "YYYY-MM-DDThh:mm" or "YYYY-MM-DDThh:mm:ss" (a space
 * may stand for the T), a checked date in 2005..2099 (the installation
 * four years earlier must still have a two-digit year).  Returns KMP_OK or
 * KMP_ERR_BAD_INPUT. */
int kmpsim_when_parse(const char *s, kmpsim_when *w);

/* Seconds since 2000-01-01 00:00:00, or -1 for no valid time. */
int64_t kmpsim_when_secs(const kmpsim_when *w);

/* One B8 logger. */
typedef struct kmpsim_logger {
	uint8_t type;    /* KMP_LOGGER_YEAR .. KMP_LOGGER_HOUR */
	uint16_t depth;  /* records it can hold */
	uint32_t newest; /* log ID of the newest record */
	uint32_t oldest; /* log ID of the oldest record it still holds */
	size_t n_regs;   /* the registers it logs, in configuration order */
	uint16_t regs[KMPSIM_LOG_REGS];
} kmpsim_logger;

typedef struct kmpsim_history {
	kmpsim_when anchor;
	int32_t anchor_day;                   /* days since 2000-01-01 */
	int32_t install_day;                  /* anchor_day - KMPSIM_HIST_DAYS */
	int64_t e0_mj;                        /* E1 at the installation, MJ */
	int64_t v0_centi;                     /* V1 at the installation, 0.01 m3 */
	int64_t cum_mj[KMPSIM_HIST_DAYS + 2]; /* energy from the installation to day k's start */
	kmpsim_logger loggers[4];             /* year, month, day, hour */
	uint8_t event_status[4];              /* GetEventStatus ES0..ES3 */
	int module;                           /* answers A0..A3 at KMP_ADDR_LOGGER_TOP */
} kmpsim_history;

/* Build the loggers as they are at the anchor.  Returns KMP_OK or
 * KMP_ERR_RANGE for an anchor outside 2005..2099 or no valid date. */
int kmpsim_history_init(kmpsim_history *h, const kmpsim_when *anchor);

/* The logger of a B8 logger type, or NULL when the meter has none of
 * that kind (minute loggers, the configuration and software logs). */
const kmpsim_logger *kmpsim_history_logger(const kmpsim_history *h, uint8_t type);
/* By name: "year", "month", "day", "hour" (NULL for others). */
const kmpsim_logger *kmpsim_history_logger_named(const kmpsim_history *h, const char *name);

/* Whether lg holds record log_id, and logs register reg. */
int kmpsim_logger_holds(const kmpsim_logger *lg, uint32_t log_id);
int kmpsim_logger_logs(const kmpsim_logger *lg, uint16_t reg);

/* The value of register reg in record log_id.  KMP_OK, or KMP_ERR_RANGE
 * when the logger does not hold that record or register. */
int kmpsim_history_value(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t log_id,
                         uint16_t reg, uint8_t *unit, kmp_value *v);
/* The time of record log_id. */
int kmpsim_history_time(const kmpsim_history *h, const kmpsim_logger *lg, uint32_t log_id,
                        kmpsim_when *w);

/* The logger-module log numbers (LID of A0..A3) of the simulated 601 top
 * module: no public source lists a real module's, so these are the
 * simulator's own: 1 day, 2 hour, 3 month, 4 year.  NULL for others. */
const kmpsim_logger *kmpsim_history_module_log(const kmpsim_history *h, uint8_t lid);

/* Whether the meter answers a good request: -1 yes, or the kmp_err that
 * makes it unusable data for the meter (KMP_ERR_CID: a command it does
 * not know here; KMP_ERR_RANGE: 0 or more than 8 registers).  module: the
 * request went to the logger top module (7F), which answers A0..A3 and 9B
 * only; the meter itself answers B8 and 9B.  h NULL (a meter without
 * loggers, e.g. with --map): KMP_ERR_CID. */
int kmpsim_history_check(const kmpsim_history *h, int module, const kmp_msg *req);

/* The reply to a decoded request (B8, A0..A3, 9B) as a whole frame from
 * addr.  Bytes written, or a negative kmp_err: KMP_ERR_CID for a command
 * this module does not answer, KMP_ERR_RANGE for a request it cannot
 * use (more than 8 registers, an unknown subcommand). */
int kmpsim_history_reply(const kmpsim_history *h, uint8_t addr, const kmp_msg *req, uint8_t *out,
                         size_t cap);

/* Every record of a logger as JSON, newest first, in the shape of
 * kmpterm history --json: {"logger":"day","registers":[...],
 * "records":[{"log_id":N,"time":"2026-11-28 00:00:00","values":{"1003":
 * {"value":"261128","unit":48},...}},...]}.  Returns KMP_OK or KMP_ERR_IO. */
int kmpsim_history_dump(const kmpsim_history *h, const kmpsim_logger *lg, FILE *out);

#endif
