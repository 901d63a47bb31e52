/* link.c - the kmp_link API: configuration defaults, choosing a backend,
 * the two phases of opening, and dispatch through the backend's table.
 * No transport details live here. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link/link.h"
#include "link_backend.h"

/* Physical layer of the optical head: 1200 baud, 8 data bits, no parity,
 * 2 stop bits (kmp-protocol.md, "Physical layer"). */
enum {
	LINK_DEFAULT_BAUD = 1200,
	LINK_DEFAULT_DATABITS = 8,
	LINK_DEFAULT_STOPBITS = 2,
	LINK_MAX_BAUD = 4000000, /* the fastest rate Linux knows (B4000000) */
	LINK_DEFAULT_CONNECT_MS = 5000,
};
#define LINK_DEFAULT_PARITY 'N'

void kmp_link_config_default(kmp_link_config *cfg)
{
	if (!cfg)
		return;
	cfg->baud = LINK_DEFAULT_BAUD;
	cfg->parity = LINK_DEFAULT_PARITY;
	cfg->stopbits = LINK_DEFAULT_STOPBITS;
	cfg->databits = LINK_DEFAULT_DATABITS;
	cfg->connect_timeout_ms = LINK_DEFAULT_CONNECT_MS;
}

static void apply_defaults(kmp_link_config *c)
{
	if (c->baud == 0)
		c->baud = LINK_DEFAULT_BAUD;
	if (c->parity == '\0')
		c->parity = LINK_DEFAULT_PARITY;
	c->parity = (char)toupper((unsigned char)c->parity);
	if (c->stopbits == 0)
		c->stopbits = LINK_DEFAULT_STOPBITS;
	if (c->databits == 0)
		c->databits = LINK_DEFAULT_DATABITS;
	if (c->connect_timeout_ms == 0)
		c->connect_timeout_ms = LINK_DEFAULT_CONNECT_MS;
}

int kmp_link_config_check(const kmp_link_config *cfg, char *err, size_t errcap)
{
	if (!cfg)
		return link_fail(err, errcap, KMP_ERR_ARG, "no link configuration");
	kmp_link_config c = *cfg;
	apply_defaults(&c);
	if (c.baud < 1 || c.baud > LINK_MAX_BAUD)
		return link_fail(err, errcap, KMP_ERR_CONFIG, "baud %d: must be 1..%d", c.baud,
		                 LINK_MAX_BAUD);
	if (c.parity != 'N' && c.parity != 'E' && c.parity != 'O')
		return link_fail(err, errcap, KMP_ERR_CONFIG, "parity '%c': must be N, E or O",
		                 isprint((unsigned char)c.parity) ? c.parity : '?');
	if (c.stopbits != 1 && c.stopbits != 2)
		return link_fail(err, errcap, KMP_ERR_CONFIG, "stop bits %d: must be 1 or 2",
		                 c.stopbits);
	if (c.databits < 5 || c.databits > 8)
		return link_fail(err, errcap, KMP_ERR_CONFIG, "data bits %d: must be 5..8",
		                 c.databits);
	return KMP_OK;
}

int kmp_link_is_tcp(const char *device)
{
	return device &&
	       (strncasecmp(device, "tcp://", 6) == 0 || strncasecmp(device, "socket://", 9) == 0);
}

/* A serial device: lock it, then let libserialport have it unless it
 * refuses (ptys, odd ttys), in which case termios does the job.  Both open
 * at once: the device was opened O_NONBLOCK, nothing waits for carrier. */
static int open_device(kmp_link *l, uint64_t now_us, char *err, size_t errcap)
{
	int rc = link_device_probe(l, err, errcap);
	if (rc != KMP_OK)
		return rc;
	l->be = &kmp_link_serial_backend;
	rc = l->be->open(l, now_us, err, errcap);
	if (rc == KMP_ERR_NOT_SERIAL) {
		l->be = &kmp_link_tty_backend;
		rc = l->be->open(l, now_us, err, errcap);
	}
	return rc;
}

static void link_free(kmp_link *l)
{
	if (l->be)
		l->be->close(l);
	if (l->lock_fd >= 0)
		close(l->lock_fd); /* releases the flock() */
	free(l->path);
	free(l->name);
	free(l);
}

int kmp_link_open(kmp_link **out, const kmp_link_config *cfg, uint64_t now_us, char *err,
                  size_t errcap)
{
	if (!out)
		return KMP_ERR_ARG;
	*out = NULL;
	if (!cfg || !cfg->device || !*cfg->device)
		return link_fail(err, errcap, KMP_ERR_ADDRESS, "no device given");
	int rc = kmp_link_config_check(cfg, err, errcap);
	if (rc != KMP_OK)
		return rc;

	kmp_link *l = calloc(1, sizeof *l);
	char *name = strdup(cfg->device);
	if (!l || !name) {
		free(l);
		free(name);
		return link_fail(err, errcap, KMP_ERR_NOMEM, "%s: out of memory", cfg->device);
	}
	l->fd = -1;
	l->lock_fd = -1;
	l->cfg = *cfg;
	apply_defaults(&l->cfg);
	l->name = name;
	l->cfg.device = name;

	if (kmp_link_is_tcp(name)) {
		l->be = &kmp_link_tcp_backend;
		rc = l->be->open(l, now_us, err, errcap);
	} else if (strstr(name, "://")) {
		rc = link_fail(err, errcap, KMP_ERR_ADDRESS,
		               "%s: unknown scheme: use a device path, tcp://host:port or "
		               "socket://host:port",
		               name);
	} else {
		rc = open_device(l, now_us, err, errcap);
	}
	if (rc != KMP_OK && rc != KMP_ERR_IN_PROGRESS) {
		int saved = l->err_no;
		link_free(l);
		errno = saved;
		return rc;
	}
	*out = l;
	return rc;
}

void kmp_link_close(kmp_link *l)
{
	if (l)
		link_free(l);
}

int kmp_link_progress(kmp_link *l, short revents, uint64_t now_us, char *err, size_t errcap)
{
	if (!l || !l->be)
		return KMP_ERR_ARG;
	if (l->up)
		return KMP_OK;
	if (!l->be->progress)
		return KMP_ERR_ARG; /* every other backend is up after open */
	int rc = l->be->progress(l, revents, now_us, err, errcap);
	if (rc != KMP_OK && rc != KMP_ERR_IN_PROGRESS)
		errno = l->err_no;
	return rc;
}

int kmp_link_up(const kmp_link *l)
{
	return l && l->up;
}

short kmp_link_events(const kmp_link *l)
{
	return l ? l->events : 0;
}

int kmp_link_timeout_ms(const kmp_link *l, uint64_t now_us)
{
	if (!l || l->up)
		return -1;
	if (l->deadline_us <= now_us)
		return 0;
	/* round up so poll() does not wake a hair early and spin */
	return (int)((l->deadline_us - now_us + 999) / 1000);
}

void link_set_up(kmp_link *l)
{
	l->up = 1;
	l->events = POLLIN;
	l->deadline_us = 0;
}

int kmp_link_fd(const kmp_link *l)
{
	return l ? l->fd : -1;
}

/* Reads, writes and flushes need a link that is up: a connecting socket
 * has nothing to read and must not be written to. */
int kmp_link_write(kmp_link *l, const uint8_t *p, size_t n)
{
	if (!l || (!p && n))
		return KMP_ERR_ARG;
	if (!l->up)
		return KMP_ERR_IN_PROGRESS;
	if (n == 0)
		return KMP_OK;
	return l->be->write(l, p, n);
}

int kmp_link_read(kmp_link *l, uint8_t *buf, size_t cap)
{
	if (!l || !buf || !cap)
		return KMP_ERR_ARG;
	if (!l->up)
		return KMP_ERR_IN_PROGRESS;
	return l->be->read(l, buf, cap);
}

int kmp_link_set_line(kmp_link *l, const kmp_link_config *line, char *err, size_t errcap)
{
	if (!l || !line)
		return link_fail(err, errcap, KMP_ERR_ARG, "no link");
	kmp_link_config c = l->cfg;
	c.baud = line->baud;
	c.databits = line->databits;
	c.parity = line->parity;
	c.stopbits = line->stopbits;
	int rc = kmp_link_config_check(&c, err, errcap);
	if (rc != KMP_OK)
		return rc;
	apply_defaults(&c);
	kmp_link_config old = l->cfg;
	l->cfg = c;
	if (!l->up || !l->be || !l->be->set_line)
		return KMP_OK; /* a connecting link opens with them; a bridge owns its line */
	rc = l->be->set_line(l, err, errcap);
	if (rc != KMP_OK)
		l->cfg = old; /* the device still runs at the old settings */
	return rc;
}

void kmp_link_config_line(const kmp_link *l, kmp_link_config *out)
{
	if (l && out)
		*out = l->cfg;
}

void kmp_link_flush_input(kmp_link *l)
{
	if (l && l->up)
		l->be->flush_input(l);
}

const char *kmp_link_kind(const kmp_link *l)
{
	return l && l->be ? l->be->kind : "";
}

const char *kmp_link_name(const kmp_link *l)
{
	return l ? l->name : "";
}

int kmp_link_errno(const kmp_link *l)
{
	return l ? l->err_no : 0;
}

/* One character on the wire: a start bit, the data bits, an optional
 * parity bit and the stop bits (1200 8N2: 11 bits, kmp-protocol.md
 * "Physical layer").  Rounded to the nearest microsecond: 9167 us. */
unsigned kmp_link_config_byte_us(const kmp_link_config *cfg)
{
	if (!cfg || cfg->baud < 0)
		return 0;
	kmp_link_config c = *cfg;
	apply_defaults(&c);
	unsigned long long bits =
	        1u + (unsigned)c.databits + (c.parity != 'N' ? 1u : 0u) + (unsigned)c.stopbits;
	unsigned long long baud = (unsigned long long)c.baud;
	return (unsigned)((bits * 1000000ull + baud / 2) / baud);
}

unsigned kmp_link_byte_us(const kmp_link *l)
{
	return l ? kmp_link_config_byte_us(&l->cfg) : 0;
}
