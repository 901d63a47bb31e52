/* legacy_read.h - read a MULTICAL 66C / 401 / III, which speaks the legacy
 * ASCII protocol (kmp/legacy.h) instead of KMP.
 *
 * One request is a raw exchange on the client: the line goes to 300 7E2,
 * "/#1" or "/#2" goes out, and once it has left the client switches to
 * 1200 7E2 for the answer, ended by CR (5511-634, section 4, "Note 2" and
 * its example program).  The reader asks "/#1" (the readings) and "/#2"
 * (the programme whose CCC code fixes the decimals of "/#1"), repeating a
 * request that got no answer after at least 5 s, as the vendor recommends.
 * Read-only: "/#1" and "/#2" are the only payloads.  Pure over the client:
 * time passed in, nothing blocks or prints. */
#ifndef FEATURE_LEGACY_READ_H
#define FEATURE_LEGACY_READ_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "kmp/legacy.h"

/* The vendor: repeat a request "at an interval of min. 5 sec." until data
 * arrives (5511-634, section 4). */
#define KMP_LEGACY_REPEAT_US 5000000u

/* Send "/#<code>" ('1' or '2') as a raw exchange with the legacy line
 * settings; cb gets the raw result.  KMP_OK or the client's refusal. */
kmp_err kmp_legacy_submit(kmp_client *c, char code, kmp_raw_done_cb cb, void *ctx);
/* The answer in a raw result: after the head's echo, as 7-bit characters
 * (the line runs at 7E2).  Returns its length in out. */
size_t kmp_legacy_answer(const kmp_raw_result *r, uint8_t *out, size_t cap);

typedef struct kmp_legacy_reader {
	kmp_client *client;
	unsigned attempts; /* per request */
	int step;          /* 0 "/#1", 1 "/#2", 2 done */
	unsigned tries;    /* of the current request */
	int in_flight;
	uint64_t next_at; /* a repeat waits until then */
	uint64_t now;
	int done;
	int have1, have2;
	kmp_legacy_data d1, d2;
	int scaled;     /* d1's fields scaled from d2's programme */
	kmp_err status; /* KMP_OK, or how the last attempt of a request ended */
} kmp_legacy_reader;

void kmp_legacy_read_start(kmp_legacy_reader *r, kmp_client *c, unsigned retries);
void kmp_legacy_read_pump(kmp_legacy_reader *r, uint64_t now_us);
uint64_t kmp_legacy_read_wake_us(const kmp_legacy_reader *r);
int kmp_legacy_read_done(const kmp_legacy_reader *r);
void kmp_legacy_read_stop(kmp_legacy_reader *r);

#endif
