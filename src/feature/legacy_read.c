/* legacy_read.c - the MULTICAL 66C / 401 / III reader (see legacy_read.h). */
#include <string.h>

#include "feature/legacy_read.h"
#include "kmp/error.h"

/* 5511-634, section 4, "Note 2": requests at 300 baud, answers at 1200,
 * both 7E2 (its example sets "300,E,7,2", then "1200,E,7,2"). */
static const kmp_link_config request_line = {
        .baud = 300, .databits = 7, .parity = 'E', .stopbits = 2};
static const kmp_link_config answer_line = {
        .baud = 1200, .databits = 7, .parity = 'E', .stopbits = 2};
/* The answer comes "normally 1-2 sec." after the request; its ~90
 * characters take 0.8 s at 1200 7E2. */
#define FIRST_MS 2500
#define IDLE_MS 300
#define MAX_MS 5000

kmp_err kmp_legacy_submit(kmp_client *c, char code, kmp_raw_done_cb cb, void *ctx)
{
	char req[4] = {'/', '#', code, '\0'};
	if (code != '1' && code != '2')
		return KMP_ERR_ARG; /* the only payloads a reader sends */
	kmp_raw_request rq = {
	        .tx = (const uint8_t *)req,
	        .tx_len = 3,
	        .rx_line = &answer_line,
	        .first_ms = FIRST_MS,
	        .idle_ms = IDLE_MS,
	        .max_ms = MAX_MS,
	        .until_cr = 1,
	};
	kmp_err rc = kmp_client_set_line(c, &request_line, NULL, 0);
	if (rc != KMP_OK)
		return rc;
	return kmp_client_submit_raw(c, &rq, cb, ctx);
}

size_t kmp_legacy_answer(const kmp_raw_result *r, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = r->echo_len; i < r->rx_len && n < cap; i++)
		out[n++] = (uint8_t)(r->rx[i] & 0x7F);
	return n;
}

void kmp_legacy_read_start(kmp_legacy_reader *r, kmp_client *c, unsigned retries)
{
	memset(r, 0, sizeof *r);
	r->client = c;
	r->attempts = retries + 1;
	r->status = KMP_OK;
}

static void finish(kmp_legacy_reader *r)
{
	r->done = 1;
	r->step = 2;
	if (r->have1 && r->have2) {
		kmp_legacy_config cfg;
		if (kmp_legacy_config_get(&r->d2, &cfg) == KMP_OK)
			r->scaled = kmp_legacy_scale(&r->d1, &cfg) > 0;
	}
}

static void on_answer(void *ctx, const kmp_raw_result *res)
{
	kmp_legacy_reader *r = ctx;
	uint8_t ans[KMP_RAW_MAX];
	r->in_flight = 0;
	if (r->done)
		return;
	size_t n = kmp_legacy_answer(res, ans, sizeof ans);
	kmp_legacy_data *d = r->step == 0 ? &r->d1 : &r->d2;
	int rc = res->status == KMP_OK ? kmp_legacy_parse(r->step == 0 ? '1' : '2', ans, n, d)
	                               : (int)res->status;
	if (rc == KMP_OK) {
		if (r->step == 0)
			r->have1 = 1;
		else
			r->have2 = 1;
		r->step++;
		r->tries = 0;
		if (r->step == 2)
			finish(r);
		return;
	}
	r->status = (kmp_err)rc;
	if (res->status == KMP_ERR_CLOSED || r->tries >= r->attempts) {
		finish(r);
		return;
	}
	/* no data: repeat at least 5 s after the last request (the vendor) */
	r->next_at = res->start_us + KMP_LEGACY_REPEAT_US;
}

void kmp_legacy_read_pump(kmp_legacy_reader *r, uint64_t now_us)
{
	r->now = now_us;
	if (r->done || r->in_flight || now_us < r->next_at || kmp_client_busy(r->client))
		return;
	if (!kmp_client_connected(r->client))
		return;
	if (kmp_legacy_submit(r->client, r->step == 0 ? '1' : '2', on_answer, r) == KMP_OK) {
		r->in_flight = 1;
		r->tries++;
	}
}

uint64_t kmp_legacy_read_wake_us(const kmp_legacy_reader *r)
{
	return !r->done && !r->in_flight && r->next_at > r->now ? r->next_at : 0;
}

int kmp_legacy_read_done(const kmp_legacy_reader *r)
{
	return r->done;
}

void kmp_legacy_read_stop(kmp_legacy_reader *r)
{
	if (r->in_flight)
		kmp_client_raw_cancel(r->client);
	r->in_flight = 0;
	r->done = 1;
}
