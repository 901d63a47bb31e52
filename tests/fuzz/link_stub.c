/* link_stub.c - the link API over buffers (see link_stub.h).  Only what
 * the client calls is here; a link is "open" between kmp_link_open and
 * kmp_link_close, one at a time. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "link/link.h"
#include "link_stub.h"

#define STUB_IN_MAX 65536

struct kmp_link {
	kmp_link_config cfg;
	unsigned steps; /* kmp_link_progress calls until up; 0: up */
	int fail;       /* ... or until the attempt fails */
};

static struct {
	kmp_link *open;
	uint8_t in[STUB_IN_MAX];
	size_t in_len, in_pos;
	int drop, refuse;
	unsigned slow_steps;
	int slow_fail;
	stub_write_fn on_write;
} S;

void stub_reset(stub_write_fn on_write)
{
	free(S.open);
	memset(&S, 0, sizeof S);
	S.on_write = on_write;
}

void stub_feed(const uint8_t *p, size_t n)
{
	if (S.in_pos == S.in_len)
		S.in_pos = S.in_len = 0;
	if (n > STUB_IN_MAX - S.in_len)
		n = STUB_IN_MAX - S.in_len; /* a line holds only so much */
	memcpy(S.in + S.in_len, p, n);
	S.in_len += n;
}

void stub_drop(void)
{
	S.drop = 1;
}

void stub_refuse(int how)
{
	S.refuse = how;
}

void stub_connect_slowly(unsigned steps, int fail)
{
	S.slow_steps = steps;
	S.slow_fail = fail;
}

int stub_is_up(void)
{
	return S.open && !S.open->steps;
}

void kmp_link_config_default(kmp_link_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->baud = 1200;
	cfg->parity = 'N';
	cfg->stopbits = 2;
	cfg->databits = 8;
}

int kmp_link_open(kmp_link **out, const kmp_link_config *cfg, uint64_t now_us, char *err,
                  size_t errcap)
{
	(void)now_us;
	*out = NULL;
	if (S.refuse || S.open) {
		int permanent = S.refuse == 2 && !S.open;
		if (err && errcap)
			snprintf(err, errcap, "%s: %s", cfg->device,
			         permanent ? "not a serial port" : "no such device");
		return permanent ? KMP_ERR_NOT_SERIAL : KMP_ERR_NODEV;
	}
	kmp_link *l = calloc(1, sizeof *l);
	if (!l)
		return KMP_ERR_NOMEM;
	l->cfg = *cfg;
	l->steps = S.slow_steps;
	l->fail = S.slow_fail;
	S.slow_steps = 0;
	S.open = l;
	S.drop = 0;
	S.in_pos = S.in_len = 0; /* a new line: nothing from before */
	*out = l;
	return l->steps ? KMP_ERR_IN_PROGRESS : KMP_OK;
}

int kmp_link_progress(kmp_link *l, short revents, uint64_t now_us, char *err, size_t errcap)
{
	(void)revents;
	(void)now_us;
	if (!l->steps)
		return KMP_OK;
	if (--l->steps)
		return KMP_ERR_IN_PROGRESS;
	if (l->fail) {
		if (err && errcap)
			snprintf(err, errcap, "%s: no connection (connect timed out)",
			         l->cfg.device);
		return KMP_ERR_TIMEOUT_CONNECT;
	}
	return KMP_OK;
}

int kmp_link_up(const kmp_link *l)
{
	return l && !l->steps;
}

short kmp_link_events(const kmp_link *l)
{
	return l && l->steps ? POLLOUT : POLLIN;
}

int kmp_link_timeout_ms(const kmp_link *l, uint64_t now_us)
{
	(void)now_us;
	return l && l->steps ? 100 : -1; /* a connect step every 100 ms */
}

void kmp_link_close(kmp_link *l)
{
	if (l && l == S.open)
		S.open = NULL;
	free(l);
}

int kmp_link_fd(const kmp_link *l)
{
	return l ? 0 : -1; /* never polled: the harness steps with POLLIN */
}

int kmp_link_write(kmp_link *l, const uint8_t *p, size_t n)
{
	if (!l || (!p && n))
		return KMP_ERR_ARG;
	if (S.drop)
		return KMP_ERR_CLOSED;
	if (S.on_write)
		S.on_write(p, n);
	return KMP_OK;
}

int kmp_link_read(kmp_link *l, uint8_t *buf, size_t cap)
{
	if (!l || !buf || !cap)
		return KMP_ERR_ARG;
	if (S.drop)
		return KMP_ERR_CLOSED;
	size_t n = S.in_len - S.in_pos;
	if (n > cap)
		n = cap;
	memcpy(buf, S.in + S.in_pos, n);
	S.in_pos += n;
	return (int)n;
}

void kmp_link_flush_input(kmp_link *l)
{
	(void)l;
	S.in_pos = S.in_len = 0;
}

const char *kmp_link_kind(const kmp_link *l)
{
	return l ? "stub" : "";
}

unsigned kmp_link_byte_us(const kmp_link *l)
{
	(void)l;
	return 9167; /* 1200 8N2 */
}

/* The line settings and raw exchanges (identify) are not driven by the
 * fuzz input; these only let the client link.  The stub has no speed of
 * its own: its byte time stays 1200 8N2 whatever is set. */
int kmp_link_config_check(const kmp_link_config *cfg, char *err, size_t errcap)
{
	(void)err;
	(void)errcap;
	return cfg ? KMP_OK : KMP_ERR_ARG;
}

int kmp_link_set_line(kmp_link *l, const kmp_link_config *line, char *err, size_t errcap)
{
	(void)err;
	(void)errcap;
	l->cfg.baud = line->baud;
	l->cfg.parity = line->parity;
	l->cfg.stopbits = line->stopbits;
	l->cfg.databits = line->databits;
	return KMP_OK;
}

void kmp_link_config_line(const kmp_link *l, kmp_link_config *out)
{
	*out = l->cfg;
}

int kmp_link_is_tcp(const char *device)
{
	(void)device;
	return 0; /* "stub" */
}
