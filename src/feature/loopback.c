/* loopback.c - the adapter self-test (see loopback.h). */
#include <stdio.h>
#include <string.h>

#include "feature/loopback.h"
#include "kmp/error.h"

/* A USB serial adapter hands bytes over in blocks, on a timer (16 ms on
 * FTDI's default latency timer), and the kernel and scheduler add a few
 * more: allowed on top of the wire time. */
#define LATENCY_US 100000u
/* Wait this long beyond the wire time for the first byte back. */
#define FIRST_MARGIN_MS 300u
/* The line quiet this long after bytes came: the pattern is over. */
#define IDLE_MS 100u

static const char *const names[KMP_LOOP_PATTERNS] = {
        "55/AA (alternating bits)",
        "00/FF runs",
        "ramp",
        "ASCII text",
};

const char *kmp_loop_pattern_name(unsigned i)
{
	return i < KMP_LOOP_PATTERNS ? names[i] : "?";
}

size_t kmp_loop_pattern(unsigned i, int databits, uint8_t *out)
{
	static const char text[] = "kmpterm loopback 0123456789 OK\r\n";
	size_t n = KMP_LOOP_PATTERN_MAX;
	for (size_t k = 0; k < n; k++) {
		switch (i) {
		case 0:
			out[k] = k % 2 ? 0xAA : 0x55;
			break;
		case 1:
			out[k] = (k / 4) % 2 ? 0xFF : 0x00;
			break;
		case 2:
			/* 0x81.. steps over 80, the KMP request start */
			out[k] = (uint8_t)(k < 16 ? 0x01 + 7 * k : 0x81 + 7 * (k - 16));
			break;
		default:
			out[k] = (uint8_t)text[k % (sizeof text - 1)];
			break;
		}
		if (databits < 8)
			out[k] &= (uint8_t)((1u << databits) - 1);
	}
	return n;
}

void kmp_loopback_start(kmp_loopback *lb, kmp_client *c, unsigned rounds, int check_timing)
{
	memset(lb, 0, sizeof *lb);
	lb->client = c;
	lb->rounds = rounds ? rounds : 1;
	if (lb->rounds * KMP_LOOP_PATTERNS > KMP_LOOP_RESULTS_MAX)
		lb->rounds = KMP_LOOP_RESULTS_MAX / KMP_LOOP_PATTERNS;
	lb->check_timing = check_timing;
}

static void judge(kmp_loopback *lb, kmp_loop_result *res, const uint8_t *sent,
                  const kmp_raw_result *r)
{
	res->got = r->rx_total;
	res->first_bad = 0;
	while (res->first_bad < r->rx_len && res->first_bad < res->sent &&
	       r->rx[res->first_bad] == sent[res->first_bad])
		res->first_bad++;
	if (r->status == KMP_ERR_CLOSED)
		res->outcome = KMP_LOOP_LINK;
	else if (!r->rx_total)
		res->outcome = KMP_LOOP_NOTHING;
	else if (res->first_bad == res->sent && r->rx_total == res->sent)
		res->outcome = KMP_LOOP_INTACT;
	else if (res->first_bad == r->rx_total)
		res->outcome = KMP_LOOP_SHORT;
	else
		res->outcome = KMP_LOOP_CHANGED;
	res->took_us = r->last_us > r->start_us ? r->last_us - r->start_us : 0;
	res->timing = KMP_LOOP_TIMING_UNCHECKED;
	if (!lb->check_timing || res->outcome != KMP_LOOP_INTACT)
		return;
	/* the last byte cannot be back before the whole pattern was on the
	 * wire (less one byte: it is read as its stop bit ends) */
	uint64_t min = res->wire_us - r->byte_us;
	if (res->took_us + r->byte_us / 2 < min)
		res->timing = KMP_LOOP_TIMING_FAST;
	else if (res->took_us > res->wire_us + LATENCY_US)
		res->timing = KMP_LOOP_TIMING_SLOW;
	else
		res->timing = KMP_LOOP_TIMING_OK;
}

static void raw_done(void *ctx, const kmp_raw_result *r)
{
	kmp_loopback *lb = ctx;
	lb->in_flight = 0;
	if (lb->done || lb->n == KMP_LOOP_RESULTS_MAX)
		return;
	kmp_loop_result *res = &lb->results[lb->n++];
	uint8_t sent[KMP_LOOP_PATTERN_MAX];
	kmp_link_config line;
	kmp_client_line(lb->client, &line);
	res->pattern = (unsigned)(lb->n - 1) % KMP_LOOP_PATTERNS;
	res->sent = kmp_loop_pattern(res->pattern, line.databits, sent);
	res->wire_us = (uint64_t)res->sent * r->byte_us;
	judge(lb, res, sent, r);
	if (res->outcome == KMP_LOOP_LINK || lb->n == (size_t)lb->rounds * KMP_LOOP_PATTERNS)
		lb->done = 1;
}

void kmp_loopback_pump(kmp_loopback *lb, uint64_t now_us)
{
	(void)now_us;
	if (lb->done || lb->in_flight || kmp_client_busy(lb->client))
		return;
	if (!kmp_client_connected(lb->client))
		return;
	uint8_t p[KMP_LOOP_PATTERN_MAX];
	kmp_link_config line;
	kmp_client_line(lb->client, &line);
	unsigned i = lb->next % KMP_LOOP_PATTERNS;
	size_t n = kmp_loop_pattern(i, line.databits, p);
	unsigned wire_ms = (unsigned)((uint64_t)n * kmp_link_config_byte_us(&line) / 1000u);
	kmp_raw_request rq = {
	        .tx = p,
	        .tx_len = n,
	        .first_ms = wire_ms + FIRST_MARGIN_MS,
	        .idle_ms = IDLE_MS,
	        .max_ms = 2 * wire_ms + 2 * FIRST_MARGIN_MS,
	        .no_meter = 1,
	};
	if (kmp_client_submit_raw(lb->client, &rq, raw_done, lb) == KMP_OK) {
		lb->in_flight = 1;
		lb->next++;
	}
}

int kmp_loopback_done(const kmp_loopback *lb)
{
	return lb->done;
}

void kmp_loopback_stop(kmp_loopback *lb)
{
	if (lb->in_flight)
		kmp_client_raw_cancel(lb->client);
	lb->in_flight = 0;
	lb->done = 1;
}

int kmp_loopback_passed(const kmp_loopback *lb)
{
	if (!lb->n)
		return 0;
	for (size_t i = 0; i < lb->n; i++) {
		const kmp_loop_result *r = &lb->results[i];
		if (r->outcome != KMP_LOOP_INTACT || r->timing == KMP_LOOP_TIMING_FAST ||
		    r->timing == KMP_LOOP_TIMING_SLOW)
			return 0;
	}
	return 1;
}

const char *kmp_loop_outcome_name(kmp_loop_outcome o)
{
	switch (o) {
	case KMP_LOOP_INTACT:
		return "intact";
	case KMP_LOOP_NOTHING:
		return "nothing";
	case KMP_LOOP_SHORT:
		return "short";
	case KMP_LOOP_CHANGED:
		return "changed";
	case KMP_LOOP_LINK:
		return "link-error";
	}
	return "?";
}

const char *kmp_loop_timing_name(kmp_loop_timing t)
{
	switch (t) {
	case KMP_LOOP_TIMING_UNCHECKED:
		return "unchecked";
	case KMP_LOOP_TIMING_OK:
		return "ok";
	case KMP_LOOP_TIMING_FAST:
		return "fast";
	case KMP_LOOP_TIMING_SLOW:
		return "slow";
	}
	return "?";
}

const char *kmp_loopback_verdict(const kmp_loopback *lb, char *buf, size_t cap)
{
	unsigned count[KMP_LOOP_LINK + 1] = {0}, fast = 0, slow = 0;
	for (size_t i = 0; i < lb->n; i++) {
		count[lb->results[i].outcome]++;
		fast += lb->results[i].timing == KMP_LOOP_TIMING_FAST;
		slow += lb->results[i].timing == KMP_LOOP_TIMING_SLOW;
	}
	if (count[KMP_LOOP_LINK])
		snprintf(buf, cap, "the link failed during the test");
	else if (lb->n && count[KMP_LOOP_NOTHING] == lb->n)
		snprintf(
		        buf, cap,
		        "nothing came back: TX and RX are not bridged (fit the jumper, or face the "
		        "IR head to a white surface), or the adapter does not send at all");
	else if (count[KMP_LOOP_CHANGED] || count[KMP_LOOP_SHORT] || count[KMP_LOOP_NOTHING])
		snprintf(
		        buf, cap,
		        "bytes came back missing or changed: a loose contact, a head that does not "
		        "see its own light well, or an adapter that mangles these settings");
	else if (fast)
		snprintf(buf, cap,
		         "the bytes came back faster than the line's speed allows: the adapter "
		         "ignores the speed, or something echoes before the line");
	else if (slow)
		snprintf(buf, cap,
		         "the bytes came back late: an adapter with a long latency timer, or a "
		         "slower line than set; KMP allows 27 ms between request bytes");
	else if (!lb->check_timing)
		snprintf(buf, cap,
		         "every pattern came back intact (a pty has no line speed: timing not "
		         "checked)");
	else
		snprintf(buf, cap, "every pattern came back intact and on time: the adapter works");
	return buf;
}
