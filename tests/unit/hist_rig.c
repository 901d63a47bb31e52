/* hist_rig.c - see hist_rig.h. */
#include <stdlib.h>
#include <string.h>

#include "hist_rig.h"
#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/logger_msg.h"
#include "testing.h"

rig *rig_new(kmp_hist_kind kind, uint8_t logger, const uint16_t *ids, size_t n, uint32_t last)
{
	rig *r = calloc(1, sizeof *r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	kmpsim_when w;
	CU_ASSERT_EQUAL_FATAL(kmpsim_when_parse("2026-11-28T12:30", &w), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmpsim_history_init(&r->sim, &w), KMP_OK);
	kmp_hist_config cfg;
	kmp_hist_config_default(&cfg);
	cfg.kind = kind;
	cfg.logger = logger;
	cfg.n_ids = n;
	if (n)
		memcpy(cfg.ids, ids, n * sizeof ids[0]);
	cfg.last = last;
	r->addr = kind == KMP_HIST_B8 ? KMP_ADDR_HEAT : KMP_ADDR_LOGGER_TOP;
	r->sim.module = kind == KMP_HIST_MODULE;
	CU_ASSERT_EQUAL_FATAL(kmp_hist_init(&r->h, &cfg), KMP_OK);
	return r;
}

void rig_free(rig *r)
{
	kmp_hist_free(&r->h);
	free(r);
}

/* One exchange as the client and the simulated meter would have it. */
int rig_exchange(rig *r, const kmp_request *req)
{
	static kmp_frame f, rf;
	static kmp_msg m;
	uint8_t wire[128], out[KMP_FRAME_MAX];
	size_t n;
	CU_ASSERT_FATAL(kmp_request_encode(req, r->addr, wire, sizeof wire, &n) == KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(wire, n, &f), KMP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_msg_decode(&f, -1, &m), KMP_OK);
	int read = (m.cid == KMP_CID_LOGGER &&
	            (m.log.sub == KMP_B8_GET_CONFIG || m.log.sub == KMP_B8_GET_LOG_ID_PAST_ABS ||
	             m.log.sub == KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS)) ||
	           m.cid == KMP_CID_GET_LOG_LAST_PRESENT || m.cid == KMP_CID_GET_LOG_ID_PRESENT;
	if (!read)
		r->writes_built++;
	r->exchanges++;
	if (r->silent_after && r->exchanges > (unsigned long)r->silent_after)
		return KMP_ERR_TIMEOUT;
	if (r->fail_every && r->exchanges % r->fail_every == 0)
		return r->fail_status;
	if (kmpsim_history_check(&r->sim, f.addr == KMP_ADDR_LOGGER_TOP, &m) != -1)
		return KMP_ERR_TIMEOUT; /* the meter ignores what it cannot use */
	int k = kmpsim_history_reply(&r->sim, f.addr, &m, out, sizeof out);
	CU_ASSERT_FATAL(k > 0);
	CU_ASSERT_EQUAL_FATAL(kmp_frame_decode(out, (size_t)k, &rf), KMP_OK);
	return kmp_msg_decode(&rf, m.cid, &r->reply);
}

/* Run until the engine has nothing to ask, or max exchanges. */
void run(rig *r, unsigned long max)
{
	kmp_request req;
	kmp_hist_outcome oc;
	while (max-- && kmp_hist_next(&r->h, &req)) {
		int st = rig_exchange(r, &req);
		kmp_hist_on_result(&r->h, st, st == KMP_OK ? &r->reply : NULL, &oc);
		r->outcomes++;
		for (size_t i = 0; i < oc.n_complete; i++) {
			uint32_t id = oc.complete[i];
			CU_ASSERT_FATAL(id < 40000);
			if (r->seen[id]++)
				r->dup++;
		}
	}
}
