/* A meter played on a pty for the controller tests (see tui_meter.h). */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "testing.h"
#include "tui_meter.h"

int meter_open(tui_meter *mt, const tui_meter_reg *regs, size_t n_regs)
{
	memset(mt, 0, sizeof *mt);
	mt->regs = regs;
	mt->n_regs = n_regs;
	mt->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (mt->master < 0 || grantpt(mt->master) || unlockpt(mt->master))
		return -1;
	snprintf(mt->slave, sizeof mt->slave, "%s", ptsname(mt->master));
	return 0;
}

static void reply_registers(const tui_meter *mt, const kmp_msg *req, uint8_t *out, int *len)
{
	uint8_t data[KMP_DATA_MAX];
	size_t n = 0;
	for (size_t i = 0; i < req->n_ids; i++)
		for (size_t k = 0; k < mt->n_regs; k++)
			if (mt->regs[k].id == req->ids[i]) {
				kmp_value v;
				/* a corrupted reply carries a value the meter never had */
				kmp_value_from_text(mt->corrupt ? "7" : mt->regs[k].text,
				                    mt->regs[k].len, &v);
				kmp_record_append(data, sizeof data, &n, mt->regs[k].id,
				                  mt->regs[k].unit, &v);
			}
	*len = kmp_frame_encode(KMP_START_REPLY, 0x3F, KMP_CID_GET_REGISTER, data, n, out, 512);
	if (mt->corrupt && *len > 3) {
		/* flip a bit of the CRC's last byte on the wire, never into a
		 * start, stop or escape byte: the frame stays whole but fails */
		uint8_t *b = &out[*len - 2];
		uint8_t f = (uint8_t)(*b ^ 0x01);
		if (f == 0x06 || f == 0x0D || f == 0x1B || f == 0x40 || f == 0x80)
			f = (uint8_t)(*b ^ 0x02);
		*b = f;
	}
}

/* Write the waiting answer once its time has come. */
static void meter_flush(tui_meter *mt)
{
	if (!mt->out_len || kmp_now_us() < mt->out_at)
		return;
	if (mt->master >= 0)
		CU_ASSERT_EQUAL(write(mt->master, mt->out, mt->out_len), (ssize_t)mt->out_len);
	mt->out_len = 0;
}

void meter_serve(tui_meter *mt)
{
	static kmp_frame f;
	static kmp_msg msg;
	uint8_t in[256], out[512];
	struct pollfd p = {mt->master, POLLIN, 0};
	meter_flush(mt);
	if (mt->master < 0 || poll(&p, 1, 0) <= 0)
		return;
	ssize_t n = read(mt->master, in, sizeof in);
	if (n <= 0 || kmp_frame_decode(in, (size_t)n, &f) != KMP_OK ||
	    kmp_msg_decode(&f, -1, &msg) != KMP_OK)
		return;
	mt->requests[f.cid]++;
	if (mt->silent)
		return;
	int len = -1;
	switch (f.cid) {
	case KMP_CID_GET_TYPE:
		len = kmp_build_type_reply(0x3F, 0x34, 11, 1, out, sizeof out);
		break;
	case KMP_CID_GET_SERIAL:
		len = kmp_build_serial_reply(0x3F, 67123456, out, sizeof out);
		break;
	case KMP_CID_GET_REGISTER:
		mt->last_n_ids = msg.n_ids;
		mt->max_n_ids = msg.n_ids > mt->max_n_ids ? msg.n_ids : mt->max_n_ids;
		mt->get_register_ids += msg.n_ids;
		reply_registers(mt, &msg, out, &len);
		break;
	}
	if (len > 0 && mt->byte_us) {
		/* the request reached us no earlier than its wire time after
		 * the client wrote it */
		memcpy(mt->out, out, (size_t)len);
		mt->out_len = (size_t)len;
		mt->out_at = kmp_now_us() + (uint64_t)n * mt->byte_us;
	} else if (len > 0) {
		CU_ASSERT_EQUAL(write(mt->master, out, (size_t)len), len);
	}
}

short meter_serve_wait(tui_meter *mt, kmp_client *c, int wait_ms)
{
	struct pollfd p;
	meter_serve(mt);
	if (!kmp_client_pollfd(c, &p))
		return 0;
	int wait = kmp_client_busy(c) ? wait_ms : 0;
	if (mt->out_len) {
		uint64_t now = kmp_now_us();
		int due = mt->out_at > now ? (int)((mt->out_at - now + 999) / 1000) : 0;
		wait = due < wait ? due : wait;
	}
	int r = poll(&p, 1, wait);
	return r > 0 ? p.revents : 0;
}

void meter_close(tui_meter *mt)
{
	if (mt->master >= 0)
		close(mt->master);
	mt->master = -1;
}
