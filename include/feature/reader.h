/* reader.h - read a set of registers in as few exchanges as possible.
 *
 * IDs are grouped 8 to a GetRegister request (the protocol maximum).  A
 * failed exchange (timeout, bad CRC, garbled reply) proves nothing: the
 * same group is asked again, up to `retries` more times, and only a valid
 * reply may mark an ID missing.  Used by `kmpterm read` and the register
 * view's poller.  Drive it with kmp_reader_pump() from the poll loop.
 * Times come from the client's step (kmp_result.done_us): nothing here
 * reads a clock. */
#ifndef FEATURE_READER_H
#define FEATURE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "kmp/value.h"

#define KMP_READER_MAX 256

typedef enum kmp_reading_state {
	KMP_READING_PENDING, /* not asked yet, or its exchange failed and will be retried */
	KMP_READING_OK,      /* value from a valid reply */
	KMP_READING_MISSING, /* a valid reply left it out: the meter does not have it */
	KMP_READING_FAILED,  /* every attempt failed; error says how the last one ended */
} kmp_reading_state;

typedef struct kmp_reading {
	uint16_t id;
	kmp_reading_state state;
	kmp_err error; /* last exchange error for FAILED */
	uint8_t unit;
	kmp_value value;
	uint8_t record[5 + KMP_MANTISSA_MAX]; /* the record's bytes as the meter sent them */
	size_t record_len;
	uint64_t t_us; /* when the value arrived (the client's step time) */
} kmp_reading;

typedef struct kmp_reader {
	kmp_client *client;
	size_t n;
	kmp_reading readings[KMP_READER_MAX];
	unsigned retries;
	size_t next; /* first reading of the group being asked */
	size_t group_len;
	unsigned attempt; /* attempts made for the current group */
	int running;
	unsigned exchanges, failures;
} kmp_reader;

/* Prepare a round over ids (duplicates are read once).  r must be zeroed
 * before its first use; an exchange of an earlier round still under way
 * is detached.  Returns KMP_OK or KMP_ERR_ARG (more than KMP_READER_MAX
 * distinct IDs). */
kmp_err kmp_reader_start(kmp_reader *r, kmp_client *c, const uint16_t *ids, size_t n,
                         unsigned retries);
/* Submit the next exchange when the client is free.  Call every loop turn. */
void kmp_reader_pump(kmp_reader *r);
/* Non-zero once every ID is OK, MISSING or FAILED. */
int kmp_reader_done(const kmp_reader *r);
/* Abandon the round: its exchange is detached from the client (a queued
 * one never goes out, one on the wire finishes unseen), so r may be reused
 * or freed at once. */
void kmp_reader_stop(kmp_reader *r);

#endif
