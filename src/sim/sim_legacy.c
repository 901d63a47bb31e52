/* sim_legacy.c - the MULTICAL 66C's requests and answers (see sim_legacy.h). */
#include <stdio.h>
#include <string.h>

#include "sim/sim_legacy.h"

void kmpsim_legacy_rx_init(kmpsim_legacy_rx *r)
{
	memset(r, 0, sizeof *r);
}

int kmpsim_legacy_rx_busy(const kmpsim_legacy_rx *r)
{
	return r->len > 0;
}

static void give_junk(kmpsim_legacy_rx *r, kmpsim_legacy_cb cb, void *ctx)
{
	if (r->len)
		cb(ctx, KMPSIM_LEGACY_JUNK, r->buf, r->len, 0);
	r->len = 0;
	r->state = 0;
}

static int request_char(uint8_t b)
{
	return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z');
}

void kmpsim_legacy_rx_feed(kmpsim_legacy_rx *r, uint8_t b, kmpsim_legacy_cb cb, void *ctx)
{
	if (b == '/') {
		/* a request starts: what came before was not one */
		give_junk(r, cb, ctx);
		r->buf[r->len++] = b;
		r->state = 1;
		return;
	}
	if (r->state == 1 && b == '#') {
		r->buf[r->len++] = b;
		r->state = 2;
		return;
	}
	if (r->state == 2 && request_char(b)) {
		r->buf[r->len++] = b;
		cb(ctx, KMPSIM_LEGACY_REQUEST, r->buf, r->len, (char)b);
		r->len = 0;
		r->state = 0;
		return;
	}
	/* a line end after a request is harmless: the vendor's example
	 * sends none, other readers send CR or CR LF */
	if (r->state == 0 && r->len == 0 && (b == '\r' || b == '\n'))
		return;
	r->state = 0;
	if (r->len == sizeof r->buf)
		give_junk(r, cb, ctx);
	r->buf[r->len++] = b;
}

void kmpsim_legacy_rx_flush(kmpsim_legacy_rx *r, kmpsim_legacy_cb cb, void *ctx)
{
	give_junk(r, cb, ctx);
}

const char *kmpsim_legacy_name(char code)
{
	static const char names[36][4] = {
	        "/#0", "/#1", "/#2", "/#3", "/#4", "/#5", "/#6", "/#7", "/#8", "/#9", "/#A", "/#B",
	        "/#C", "/#D", "/#E", "/#F", "/#G", "/#H", "/#I", "/#J", "/#K", "/#L", "/#M", "/#N",
	        "/#O", "/#P", "/#Q", "/#R", "/#S", "/#T", "/#U", "/#V", "/#W", "/#X", "/#Y", "/#Z"};
	if (code >= '0' && code <= '9')
		return names[code - '0'];
	if (code >= 'A' && code <= 'Z')
		return names[10 + code - 'A'];
	return "/#?";
}

/* A register's mantissa as an unsigned integer (the table keeps every
 * legacy value non-negative and within 8 bytes). */
static uint64_t mantissa(const kmpsim_meter *m, uint16_t id, int64_t t, const struct tm *lt)
{
	uint8_t unit;
	kmp_value v;
	uint64_t x = 0;
	if (kmpsim_meter_read(m, id, t, lt, &unit, &v) != KMP_OK)
		return 0;
	for (size_t i = 0; i < v.len; i++)
		x = x << 8 | v.mantissa[i];
	return x;
}

typedef struct field {
	uint16_t id;
	int width;
} field;

/* 5511-634, 4.1: the fields of "STANDARD DATA 1" and "STANDARD DATA 2". */
static const field data1[] = {
        {60, 7},   /* E1-E2 */
        {68, 7},   /* Vol 1 */
        {1004, 7}, /* Op. hrs */
        {86, 7},   /* T1 */
        {87, 7},   /* T2 */
        {89, 7},   /* T1-T2 */
        {80, 7},   /* Power 1 */
        {74, 7},   /* Flow 1 */
        {128, 7},  /* P.pwr act. */
        {99, 7},   /* Info */
};
static const field data2[] = {
        {1010, 11}, /* Cust.no. */
        {64, 7},    /* TA2 */
        {66, 7},    /* TL2 */
        {65, 7},    /* TA3 */
        {67, 7},    /* TL3 */
        {84, 7},    /* In-A */
        {85, 7},    /* In-B */
        {152, 7},   /* ABCCC */
        {153, 7},   /* DDEFFGG */
        {1003, 7},  /* Date */
};

size_t kmpsim_legacy_reply(const kmpsim_meter *m, char code, int64_t elapsed_ms,
                           const struct tm *local, uint8_t *out, size_t cap)
{
	const field *f;
	size_t n;
	if (code == '1') {
		f = data1;
		n = sizeof data1 / sizeof data1[0];
	} else if (code == '2') {
		f = data2;
		n = sizeof data2 / sizeof data2[0];
	} else {
		return 0;
	}
	char text[KMPSIM_LEGACY_REPLY_MAX];
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t mod = f[i].width == 11 ? 100000000000ULL : 10000000ULL;
		uint64_t x = mantissa(m, f[i].id, elapsed_ms, local) % mod;
		int k = snprintf(text + len, sizeof text - len, "%s%0*llu", i ? " " : "",
		                 f[i].width, (unsigned long long)x);
		if (k < 0 || (size_t)k >= sizeof text - len)
			return 0;
		len += (size_t)k;
	}
	if (len + 1 > cap)
		return 0;
	memcpy(out, text, len);
	out[len++] = '\r';
	return len;
}
