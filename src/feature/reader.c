/* reader.c - grouped, retried register reads (see reader.h). */
#include <string.h>

#include "feature/reader.h"
#include "kmp/error.h"

kmp_err kmp_reader_start(kmp_reader *r, kmp_client *c, const uint16_t *ids, size_t n,
                         unsigned retries)
{
	/* an earlier round's answer must not land in this one */
	if (r->client && kmp_client_pending(r->client, r))
		kmp_client_detach(r->client);
	memset(r, 0, sizeof *r);
	r->client = c;
	r->retries = retries;
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < r->n; j++)
			dup |= r->readings[j].id == ids[i];
		if (dup)
			continue;
		if (r->n == KMP_READER_MAX)
			return KMP_ERR_ARG;
		r->readings[r->n].id = ids[i];
		r->readings[r->n].state = KMP_READING_PENDING;
		r->n++;
	}
	r->running = 1;
	return KMP_OK;
}

int kmp_reader_done(const kmp_reader *r)
{
	return !r->running || r->next >= r->n;
}

static void group_failed(kmp_reader *r, kmp_err status)
{
	r->failures++;
	r->attempt++;
	if (r->attempt <= r->retries)
		return; /* the same group again, after the client's 1.6 s pause */
	for (size_t i = r->next; i < r->next + r->group_len; i++) {
		r->readings[i].state = KMP_READING_FAILED;
		r->readings[i].error = status;
	}
	r->next += r->group_len;
	r->attempt = 0;
}

static void on_done(void *ctx, const kmp_result *res)
{
	kmp_reader *r = ctx;
	r->exchanges++;
	if (res->status != KMP_OK) {
		if (res->status == KMP_ERR_CLOSED) {
			/* no point retrying into a dead link: fail the rest now */
			for (size_t i = r->next; i < r->n; i++) {
				r->readings[i].state = KMP_READING_FAILED;
				r->readings[i].error = res->status;
			}
			r->next = r->n;
			return;
		}
		group_failed(r, res->status);
		return;
	}
	for (size_t i = r->next; i < r->next + r->group_len; i++) {
		kmp_reading *rd = &r->readings[i];
		const kmp_record *rec = kmp_msg_find(res->msg, rd->id);
		if (!rec) {
			rd->state = KMP_READING_MISSING;
			continue;
		}
		rd->state = KMP_READING_OK;
		rd->unit = rec->unit;
		rd->value = rec->value;
		rd->t_us = res->done_us;
		/* the record's bytes, destuffed, as they stood in the reply */
		rd->record_len = rec->size <= sizeof rd->record ? rec->size : sizeof rd->record;
		memcpy(rd->record, res->frame->data + rec->offset, rd->record_len);
	}
	r->next += r->group_len;
	r->attempt = 0;
}

void kmp_reader_pump(kmp_reader *r)
{
	/* busy covers our own exchange and another owner's (or a detached
	 * one still on the wire) */
	if (!r->running || r->next >= r->n || kmp_client_busy(r->client))
		return;
	kmp_request req = {.cid = KMP_CID_GET_REGISTER};
	r->group_len = r->n - r->next < KMP_MAX_IDS ? r->n - r->next : KMP_MAX_IDS;
	for (size_t i = 0; i < r->group_len; i++)
		req.ids[i] = r->readings[r->next + i].id;
	req.n_ids = r->group_len;
	kmp_err rc = kmp_client_submit(r->client, &req, on_done, r);
	if (rc == KMP_ERR_CLOSED) {
		for (size_t i = r->next; i < r->n; i++) {
			r->readings[i].state = KMP_READING_FAILED;
			r->readings[i].error = rc;
		}
		r->next = r->n;
	}
}

void kmp_reader_stop(kmp_reader *r)
{
	if (r->client && kmp_client_pending(r->client, r))
		kmp_client_detach(r->client);
	r->running = 0;
}
