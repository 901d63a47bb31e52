/* hostile_meter - a meter on a pty that breaks the protocol on purpose, for
 * tests/e2e/hostile.sh (issue 10, "Done when").
 *
 *   hostile_meter SCENARIO [--link PATH]
 *
 * Prints the pty's path on the first line of stdout, then answers requests
 * until it is killed.  Its registers hold values without the digits 6 and
 * 7 (60 = 1234.5 GJ, 68 = 8345.2 m3, ...), serial 12345890, meter type
 * 0x0034; whatever a scenario plants where no answer may be taken from
 * holds 777777 (a register), 666666 (a register's second record),
 * 66666666 (a serial) or type 0x6666, so a test can tell a wrong value
 * from a right one by its digits.
 *
 * Scenarios:
 *   good         answers every request correctly
 *   wrong-cid    answers with another command (a serial to GetType, ...)
 *   wrong-addr   answers from the logger module's address (7F)
 *   unasked      adds a register nobody asked for (99 = 777777)
 *   duplicate    every asked register twice: the value, then 666666
 *   two-units    every asked register twice: the value, then in MWh
 *   esc-stop     every reply ends 1B 0D (a stuffing error), planted content
 *   endless      after the first request: a 40 and bytes without 0D, forever
 *   burst        every request: 64 KiB of bytes without 0D, then silence
 *   slow         every request: a planted reply, one byte per 300 ms
 *   double       the right reply, at once followed by a planted one
 *   stray        the right reply, then a planted one 30-150 ms later
 *   lengths      register values 1 in mantissas of 0..20 bytes, in turn
 *   exponents    register values 1 with exponents +-63 and signs, in turn
 *   units        the right values in unit codes outside the table
 *
 * A reply goes out no sooner than the request's last byte would have
 * arrived on a 1200 baud line, plus 30 ms (a meter's answer time). */
#define _GNU_SOURCE /* ppoll, posix_openpt */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/rx.h"

#define MS 1000ull
#define BYTE_US 9167ull /* 1200 8N2 */
#define ANSWER_US (30 * MS)
#define SERIAL_TRUE 12345890u
#define SERIAL_PLANTED 66666666u
#define TYPE_TRUE 0x0034
#define TYPE_PLANTED 0x6666
#define BURST (64 * 1024)
#define QUEUE 64

typedef struct reg {
	uint16_t id;
	uint8_t unit;
	uint8_t sign_exp;
	uint32_t mantissa; /* sent in 4 bytes */
} reg;

/* The meter's registers (sign_exp 0x41: one decimal; 0: none). */
static const reg regs[] = {
        {60, 8, 0x41, 12345},  {68, 40, 0x41, 83452}, {74, 42, 0x42, 125},  {80, 22, 0x41, 23},
        {86, 37, 0x42, 5510},  {87, 37, 0x42, 3512},  {89, 37, 0x42, 2040}, {266, 2, 0x41, 1234},
        {1002, 47, 0, 120243}, {1003, 48, 0, 241031},
};
#define N_REGS (sizeof regs / sizeof regs[0])

typedef struct out {
	uint64_t at;
	uint8_t *bytes;
	size_t len;
} out;

static struct {
	const char *scenario;
	int master, slave;
	kmp_rx rx;
	uint64_t seen_at; /* when the request's first byte arrived */
	out q[QUEUE];
	size_t nq;
	unsigned requests;
	int endless;
	uint64_t endless_at;
	uint32_t rng;
	char link[512];
} M;

static volatile sig_atomic_t stop;
static sigset_t waiting; /* the mask while waiting: SIGTERM and SIGINT let in */

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint32_t rnd(void)
{
	M.rng = M.rng * 1103515245u + 12345u;
	return M.rng >> 8;
}

static int is(const char *name)
{
	return strcmp(M.scenario, name) == 0;
}

static void schedule(uint64_t at, const uint8_t *p, size_t n)
{
	if (M.nq == QUEUE || !n)
		return;
	uint8_t *b = malloc(n);
	if (!b)
		return;
	memcpy(b, p, n);
	M.q[M.nq++] = (out){at, b, n};
}

static void put_u16(uint8_t *d, size_t *len, uint16_t v)
{
	d[(*len)++] = (uint8_t)(v >> 8);
	d[(*len)++] = (uint8_t)v;
}

/* One register record with a 4-byte mantissa. */
static void record(uint8_t *d, size_t *len, uint16_t id, uint8_t unit, uint8_t sign_exp, uint32_t m)
{
	put_u16(d, len, id);
	d[(*len)++] = unit;
	d[(*len)++] = 4;
	d[(*len)++] = sign_exp;
	for (int i = 3; i >= 0; i--)
		d[(*len)++] = (uint8_t)(m >> (8 * i));
}

static const reg *find(uint16_t id)
{
	for (size_t i = 0; i < N_REGS; i++)
		if (regs[i].id == id)
			return &regs[i];
	return NULL;
}

/* The data of a GetRegister reply for the asked IDs, bent by the scenario.
 * planted: the content a reply that must not be taken carries. */
static size_t register_data(const kmp_msg *req, uint8_t *d, int planted)
{
	size_t len = 0;
	for (size_t i = 0; i < req->n_ids && i < KMP_MAX_IDS; i++) {
		const reg *r = find(req->ids[i]);
		if (!r)
			continue; /* not on this meter: left out */
		if (planted) {
			record(d, &len, r->id, r->unit, 0, 777777);
			continue;
		}
		if (is("lengths")) {
			/* value 1 in a mantissa of 0..20 bytes, by request */
			uint8_t n = (uint8_t)(M.requests % 21);
			put_u16(d, &len, r->id);
			d[len++] = r->unit;
			d[len++] = n;
			d[len++] = 0;
			for (uint8_t k = 0; k < n; k++)
				d[len++] = k + 1 == n ? 1 : 0;
			continue;
		}
		if (is("exponents")) {
			static const uint8_t se[] = {0x3F, 0x7F, 0xBF, 0xFF, 0x00, 0x80, 0x40};
			put_u16(d, &len, r->id);
			d[len++] = r->unit;
			d[len++] = 1;
			d[len++] = se[M.requests % sizeof se];
			d[len++] = 1;
			continue;
		}
		if (is("units")) {
			static const uint8_t un[] = {65, 99, 200, 255};
			record(d, &len, r->id, un[M.requests % sizeof un], r->sign_exp,
			       r->mantissa);
			continue;
		}
		record(d, &len, r->id, r->unit, r->sign_exp, r->mantissa);
		if (is("duplicate"))
			record(d, &len, r->id, r->unit, 0, 666666);
		else if (is("two-units"))
			record(d, &len, r->id, 3 /* MWh */, 0, 666666);
	}
	if (is("unasked"))
		record(d, &len, 99, 8, 0, 777777);
	return len;
}

/* A whole reply frame to req into f; planted: the content no reply that
 * is taken may carry. */
static size_t reply(const kmp_msg *req, uint8_t *f, size_t cap, int planted)
{
	uint8_t d[KMP_DATA_MAX];
	size_t len = 0;
	uint8_t addr = is("wrong-addr") ? KMP_ADDR_LOGGER_TOP : KMP_ADDR_HEAT;
	uint8_t cid = req->cid;
	int plant = planted || is("wrong-addr") || is("esc-stop") || is("wrong-cid");
	if (is("wrong-cid")) /* another command's answer */
		cid = cid == KMP_CID_GET_SERIAL ? KMP_CID_GET_TYPE : KMP_CID_GET_SERIAL;
	switch (cid) {
	case KMP_CID_GET_TYPE:
		put_u16(d, &len, plant ? TYPE_PLANTED : TYPE_TRUE);
		d[len++] = 11;
		d[len++] = 1;
		break;
	case KMP_CID_GET_SERIAL: {
		uint32_t s = plant ? SERIAL_PLANTED : SERIAL_TRUE;
		for (int i = 3; i >= 0; i--)
			d[len++] = (uint8_t)(s >> (8 * i));
		break;
	}
	default:
		len = register_data(req, d, plant);
		break;
	}
	int n = kmp_frame_encode(KMP_START_REPLY, addr, cid, d, len, f, cap);
	if (n <= 0)
		return 0;
	if (is("esc-stop") && n >= 3) {
		/* the escape byte right before the stop byte */
		f[n - 2] = KMP_ESC;
	}
	return (size_t)n;
}

static void on_request(const kmp_frame *fr, size_t raw_len)
{
	static kmp_msg req;
	if (fr->status != KMP_OK || kmp_msg_decode(fr, -1, &req) != KMP_OK)
		return;
	if (is("slow") && M.nq)
		return; /* half duplex: still talking */
	M.requests++;
	uint64_t at = M.seen_at + raw_len * BYTE_US + ANSWER_US;
	uint8_t f[KMP_FRAME_MAX];
	size_t n;
	if (is("endless")) {
		if (!M.endless) {
			M.endless = 1;
			M.endless_at = at;
			static const uint8_t head[] = {KMP_START_REPLY, KMP_ADDR_HEAT,
			                               KMP_CID_GET_REGISTER};
			schedule(at, head, sizeof head);
		}
		return;
	}
	if (is("burst")) {
		uint8_t *b = malloc(BURST);
		if (!b)
			return;
		for (size_t i = 0; i < BURST; i++) {
			b[i] = (uint8_t)rnd();
			if (b[i] == KMP_STOP)
				b[i] = 0x40; /* no frame ever ends */
		}
		schedule(at, b, BURST);
		free(b);
		return;
	}
	if (is("slow")) {
		n = reply(&req, f, sizeof f, 1);
		for (size_t i = 0; i < n; i++)
			schedule(at + i * 300 * MS, f + i, 1);
		return;
	}
	n = reply(&req, f, sizeof f, 0);
	schedule(at, f, n);
	if (is("double") || is("stray")) {
		uint8_t p[KMP_FRAME_MAX];
		size_t pn = reply(&req, p, sizeof p, 1);
		uint64_t gap = is("stray") ? (30 + rnd() % 121) * MS : 0;
		schedule(at + gap, p, pn);
	}
}

static void on_rx(void *ctx, const kmp_rx_event *ev)
{
	(void)ctx;
	if (ev->kind == KMP_RX_ECHO && ev->frame)
		on_request(ev->frame, ev->raw_len); /* 80..0D: a request to us */
}

static void flush_due(uint64_t now)
{
	for (size_t i = 0; i < M.nq;) {
		out *o = &M.q[i];
		if (o->at > now) {
			i++;
			continue;
		}
		size_t done = 0;
		while (done < o->len && !stop) {
			ssize_t w = write(M.master, o->bytes + done, o->len - done);
			if (w > 0) {
				done += (size_t)w;
			} else if (w == 0 || errno == EAGAIN || errno == EINTR) {
				/* the line is full (nobody reads): a burst waits */
				struct pollfd p = {M.master, POLLOUT, 0};
				struct timespec ts = {0, 100 * 1000000L};
				ppoll(&p, 1, &ts, &waiting);
			} else {
				break;
			}
		}
		free(o->bytes);
		memmove(o, o + 1, (M.nq - i - 1) * sizeof *o);
		M.nq--;
	}
	if (M.endless && now >= M.endless_at) {
		uint8_t b = (uint8_t)rnd();
		if (b == KMP_STOP)
			b = 0x41;
		if (write(M.master, &b, 1) == 1)
			M.endless_at = now + 5 * MS; /* 200 bytes a second, never a 0D */
	}
}

static int open_pty(char *path, size_t cap)
{
	M.master = posix_openpt(O_RDWR | O_NOCTTY);
	if (M.master < 0 || grantpt(M.master) < 0 || unlockpt(M.master) < 0)
		return -1;
	const char *name = ptsname(M.master);
	if (!name || strlen(name) >= cap)
		return -1;
	strcpy(path, name);
	/* keep the slave open: no hangup on the master while the client
	 * reconnects, and raw mode from the start (no echo of our replies) */
	M.slave = open(path, O_RDWR | O_NOCTTY);
	struct termios t;
	if (M.slave < 0 || tcgetattr(M.slave, &t) < 0)
		return -1;
	cfmakeraw(&t);
	if (tcsetattr(M.slave, TCSANOW, &t) < 0)
		return -1;
	int fl = fcntl(M.master, F_GETFL);
	return fl < 0 ? -1 : fcntl(M.master, F_SETFL, fl | O_NONBLOCK);
}

int main(int argc, char **argv)
{
	static const char *const names[] = {
	        "good",      "wrong-cid", "wrong-addr", "unasked",   "duplicate",
	        "two-units", "esc-stop",  "endless",    "burst",     "slow",
	        "double",    "stray",     "lengths",    "exponents", "units",
	};
	if (argc < 2 || (argc != 2 && !(argc == 4 && strcmp(argv[2], "--link") == 0))) {
		fprintf(stderr, "usage: hostile_meter SCENARIO [--link PATH]\n");
		return 2;
	}
	M.scenario = argv[1];
	int known = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		known |= is(names[i]);
	if (!known) {
		fprintf(stderr, "hostile_meter: unknown scenario '%s'\n", M.scenario);
		return 2;
	}
	M.rng = 12345;
	char path[256];
	if (open_pty(path, sizeof path) < 0) {
		fprintf(stderr, "hostile_meter: pty: %s\n", strerror(errno));
		return 1;
	}
	if (argc == 4) {
		snprintf(M.link, sizeof M.link, "%s", argv[3]);
		unlink(M.link); /* a stale link from a killed run */
		if (symlink(path, M.link) < 0) {
			fprintf(stderr, "hostile_meter: %s: %s\n", M.link, strerror(errno));
			return 1;
		}
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* the signals are blocked except inside ppoll(): one that comes
	 * between the stop check and the wait would otherwise be seen only
	 * after a wait that may never end */
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &waiting);
	sigdelset(&waiting, SIGTERM);
	sigdelset(&waiting, SIGINT);
	kmp_rx_init(&M.rx, on_rx, NULL);
	printf("%s\n", path);
	fflush(stdout);

	while (!stop) {
		uint64_t now = now_us();
		flush_due(now);
		if (stop)
			break; /* the signal came while a burst waited for room */
		int timeout = -1;
		for (size_t i = 0; i < M.nq; i++) {
			int ms = M.q[i].at > now ? (int)((M.q[i].at - now + 999) / 1000) : 0;
			timeout = timeout < 0 || ms < timeout ? ms : timeout;
		}
		if (M.endless)
			timeout = timeout < 0 || timeout > 5 ? 5 : timeout;
		struct pollfd p = {M.master, POLLIN, 0};
		struct timespec ts = {timeout / 1000, (long)(timeout % 1000) * 1000000L};
		int r = ppoll(&p, 1, timeout < 0 ? NULL : &ts, &waiting);
		if (r > 0 && (p.revents & POLLIN)) {
			uint8_t buf[512];
			ssize_t n = read(M.master, buf, sizeof buf);
			if (n > 0) {
				if (!kmp_rx_busy(&M.rx))
					M.seen_at = now_us();
				kmp_rx_feed(&M.rx, buf, (size_t)n);
			}
		}
	}
	if (M.link[0])
		unlink(M.link);
	/* drop what is still queued both ways: closing a tty with unsent
	 * bytes may wait for them to drain, and nobody reads them now */
	tcflush(M.slave, TCIOFLUSH);
	tcflush(M.master, TCIOFLUSH);
	close(M.slave);
	close(M.master);
	return 0;
}
