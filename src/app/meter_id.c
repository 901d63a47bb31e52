/* meter_id.c - GetType and GetSerialNo before a recording (see
 * meter_id.h). */
#include <string.h>

#include "app/meter_id.h"
#include "kmp/error.h"

typedef struct id_run {
	kmp_client *client;
	app_meter_id *id;
	unsigned retries;
	int step; /* 0 GetType, 1 GetSerialNo, 2 finished */
	unsigned attempts;
	int in_flight;
} id_run;

static void next_step(id_run *r)
{
	r->step++;
	r->attempts = 0;
}

static void on_result(void *ctx, const kmp_result *res)
{
	id_run *r = ctx;
	r->in_flight = 0;
	if (r->step >= 2)
		return; /* the answer after an interrupt */
	if (res->status == KMP_OK && r->step == 0) {
		r->id->type = res->msg->type;
		r->id->have_type = 1;
		next_step(r);
	} else if (res->status == KMP_OK) {
		r->id->serial = res->msg->serial;
		r->id->have_serial = 1;
		next_step(r);
	} else if (res->status == KMP_ERR_CLOSED || ++r->attempts > r->retries) {
		next_step(r); /* unknown; the recording goes on without it */
	}
}

static void pump(void *ctx, uint64_t now)
{
	id_run *r = ctx;
	(void)now;
	if (r->step >= 2 || r->in_flight)
		return;
	kmp_request req = {.cid = r->step == 0 ? KMP_CID_GET_TYPE : KMP_CID_GET_SERIAL};
	int rc = kmp_client_submit(r->client, &req, on_result, r);
	if (rc == KMP_OK)
		r->in_flight = 1;
	else if (rc != KMP_ERR_BUSY_CLIENT)
		r->step = 2;
}

static int finished(void *ctx)
{
	return ((id_run *)ctx)->step >= 2;
}

int app_meter_id_read(app_session *s, unsigned retries, app_meter_id *id)
{
	/* static: after an interrupt, an exchange on the wire still calls
	 * back into it while the command winds down */
	static id_run r;
	memset(id, 0, sizeof *id);
	r = (id_run){.client = s->client, .id = id, .retries = retries};
	app_loop_hooks h = {finished, pump, NULL, &r, 0};
	int why = app_loop(s, &h);
	if (r.in_flight)
		kmp_client_cancel(s->client);
	r.step = 2;
	return why;
}
