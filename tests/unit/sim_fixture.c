/* sim_fixture.c - see sim_fixture.h. */
#include <stdlib.h>
#include <string.h>

#include "kmp/rx.h"
#include "sim/sim_line.h"
#include "sim_fixture.h"
#include "testing.h"

static void observe(void *ctx, const kmpsim_event *ev)
{
	simf *f = ctx;
	if (f->n_ev >= SIMF_EVENTS)
		return;
	simf_event *e = &f->ev[f->n_ev++];
	memset(e, 0, sizeof *e);
	e->result = ev->result;
	e->error = ev->error;
	e->garbled = ev->line_garbled;
	e->reply_len = ev->reply_len;
	if (ev->frame) {
		e->has_frame = 1;
		e->cid = ev->frame->cid;
	}
	if (ev->legacy)
		strncpy(e->legacy, ev->legacy, sizeof e->legacy - 1);
}

void simf_params(const kmpsim_profile *pr, kmpsim_core_params *p)
{
	kmpsim_core_params_default(p);
	p->protocol = pr->protocol;
	p->meter_rx = pr->rx;
	p->meter_tx = pr->tx;
	p->baud = pr->tx.baud;
	p->bits_per_byte = kmpsim_line_frame_bits(&pr->tx);
	p->rx_baud = pr->rx.baud;
	p->rx_bits_per_byte = kmpsim_line_frame_bits(&pr->rx);
	p->line_model = pr->line_model;
	p->latency_us = (int64_t)pr->latency_ms * 1000;
	p->sleep_after_us = (int64_t)pr->sleep_after_s * 1000000;
}

simf *simf_new(const char *profile, const kmpsim_core_params *p)
{
	simf *f = calloc(1, sizeof *f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	f->profile = profile ? kmpsim_profile_find(profile) : kmpsim_profile_default();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->profile);
	kmpsim_profile_meter(f->profile, f->profile->serial, NULL, &f->meter);
	if (p)
		f->p = *p;
	else
		simf_params(f->profile, &f->p);
	kmpsim_core_init(&f->core, &f->p, &f->meter, 42, SIMF_T0);
	kmpsim_core_set_observer(&f->core, observe, f);
	return f;
}

void simf_free(simf *f)
{
	free(f);
}

void simf_feed(simf *f, int64_t t, const void *p, size_t n)
{
	kmpsim_core_input(&f->core, t, p, n);
}

void simf_feed_hex(simf *f, int64_t t, const char *hex)
{
	uint8_t b[512];
	int n = test_hex(hex, b, sizeof b);
	CU_ASSERT_FATAL(n >= 0);
	simf_feed(f, t, b, (size_t)n);
}

void simf_run(simf *f, int64_t t)
{
	for (;;) {
		int64_t d = kmpsim_core_deadline(&f->core);
		int64_t now = d < t ? d : t;
		size_t n = kmpsim_core_output(&f->core, now, f->out + f->out_len,
		                              SIMF_OUT - f->out_len);
		for (size_t i = 0; i < n; i++)
			f->out_t[f->out_len + i] = now;
		f->out_len += n;
		if (now >= t && kmpsim_core_deadline(&f->core) > t)
			return;
	}
}

void simf_clear(simf *f)
{
	f->out_len = 0;
	f->n_ev = 0;
}

void simf_client(simf *f, const char *settings)
{
	if (!settings) {
		kmpsim_core_set_client_line(&f->core, NULL);
		return;
	}
	kmpsim_line l;
	CU_ASSERT_EQUAL_FATAL(kmpsim_line_parse(settings, &l), KMP_OK);
	kmpsim_core_set_client_line(&f->core, &l);
}

typedef struct collect {
	kmp_frame *out;
	int max, n;
} collect;

static void on_frame(void *ctx, const kmp_rx_event *ev)
{
	collect *c = ctx;
	if (ev->kind == KMP_RX_FRAME && ev->frame->status == KMP_OK && c->n < c->max)
		c->out[c->n++] = *ev->frame;
}

int simf_replies(const simf *f, kmp_frame *out, int max)
{
	static kmp_rx rx;
	collect c = {out, max, 0};
	kmp_rx_init(&rx, on_frame, &c);
	kmp_rx_feed(&rx, f->out, f->out_len);
	kmp_rx_flush(&rx);
	return c.n;
}
