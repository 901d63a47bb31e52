/* trace_ring.c - bounded ring of trace entries (see trace_ring.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/trace_fmt.h"
#include "kmp/error.h"
#include "tui/fmt.h"
#include "tui/trace_ring.h"

int tui_ring_init(tui_trace_ring *r, size_t cap)
{
	memset(r, 0, sizeof *r);
	r->e = calloc(cap, sizeof *r->e);
	if (!r->e)
		return -1;
	r->cap = cap;
	return 0;
}

void tui_ring_free(tui_trace_ring *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->e[(r->head + i) % r->cap].raw);
	free(r->e);
	memset(r, 0, sizeof *r);
}

static int event_is_error(const kmp_event *ev)
{
	switch (ev->kind) {
	case KMP_EV_TX:
	case KMP_EV_ECHO:
		return ev->frame && ev->frame->status != KMP_OK;
	case KMP_EV_RX:
		return (ev->frame && ev->frame->status != KMP_OK) || ev->status != KMP_OK;
	case KMP_EV_ACK: /* we send no writes: an ACK answers nothing of ours */
	case KMP_EV_GARBAGE:
	case KMP_EV_PARTIAL:
	case KMP_EV_TIMEOUT:
	case KMP_EV_LINK_DOWN:
		return 1;
	case KMP_EV_ZERO:
	case KMP_EV_LINK_UP:
		break;
	}
	return 0;
}

/* Remember each request; put its name before a TIMEOUT's reason.  A
 * LINE BUSY request was never sent (the last one sent is another). */
static void name_request(tui_trace_ring *r, const kmp_event *ev, char *decode, size_t cap)
{
	if (ev->kind == KMP_EV_TX) {
		if (ev->frame)
			snprintf(r->last_req, sizeof r->last_req, "%.90s", decode);
		else
			snprintf(r->last_req, sizeof r->last_req, "raw payload");
		return;
	}
	if (ev->kind != KMP_EV_TIMEOUT || ev->status == KMP_ERR_LINE_BUSY || !r->last_req[0])
		return;
	char why[256];
	snprintf(why, sizeof why, "%.250s", decode);
	snprintf(decode, cap, "%s: %s", r->last_req, why);
}

int tui_ring_push(tui_trace_ring *r, const kmp_event *ev, int ascii)
{
	char line[8192], decode[2048];
	kmp_event_line(ev, line, sizeof line);
	kmp_event_decode(ev, ascii, decode, sizeof decode);
	name_request(r, ev, decode, sizeof decode);
	size_t raw_len = ev->raw_len < TUI_TRACE_RAW_MAX ? ev->raw_len : TUI_TRACE_RAW_MAX;
	size_t dlen = strlen(decode) + 1, llen = strlen(line) + 1;
	size_t size = raw_len + dlen + llen;
	uint8_t *block = malloc(size);
	if (!block)
		return -1;

	uint64_t seq = r->next_seq++;
	tui_trace_entry *e;
	if (r->n == r->cap) {
		/* full: the oldest entry makes room */
		e = &r->e[r->head];
		r->bytes -= e->raw_len + strlen(e->decode) + 1 + strlen(e->line) + 1;
		free(e->raw);
		r->head = (r->head + 1) % r->cap;
		r->n--;
	}
	e = &r->e[(r->head + r->n) % r->cap];
	r->n++;
	memset(e, 0, sizeof *e);
	e->seq = seq;
	e->t_us = ev->t_us;
	e->wall = ev->wall;
	e->kind = ev->kind;
	e->status = ev->status;
	e->is_error = event_is_error(ev);
	snprintf(e->dir, sizeof e->dir, "%s", kmp_event_dir(ev));
	kmp_event_status(ev, e->check, sizeof e->check);
	e->raw_len = raw_len;
	e->raw_total = ev->raw_len;
	e->raw = block;
	if (raw_len)
		memcpy(block, ev->raw, raw_len);
	memcpy(block + raw_len, decode, dlen);
	memcpy(block + raw_len + dlen, line, llen);
	e->decode = (const char *)block + raw_len;
	e->line = (const char *)block + raw_len + dlen;
	r->bytes += size;
	return 0;
}

uint64_t tui_ring_first(const tui_trace_ring *r)
{
	return r->next_seq - r->n;
}

const tui_trace_entry *tui_ring_get(const tui_trace_ring *r, uint64_t seq)
{
	uint64_t first = tui_ring_first(r);
	if (seq < first || seq >= r->next_seq)
		return NULL;
	return &r->e[(r->head + (size_t)(seq - first)) % r->cap];
}

int tui_trace_match(const tui_trace_entry *e, int filter)
{
	switch (filter) {
	case TUI_FILTER_ERRORS:
		return e->is_error;
	case TUI_FILTER_TX:
		return e->kind == KMP_EV_TX;
	case TUI_FILTER_RX:
		return e->kind == KMP_EV_RX;
	default:
		return 1;
	}
}

const char *tui_filter_name(int filter)
{
	static const char *const names[] = {"all", "errors", "TX", "RX"};
	return filter >= 0 && filter < TUI_FILTER_COUNT ? names[filter] : "?";
}

int tui_ring_write(const tui_trace_ring *r, const char *path, size_t *written)
{
	/* O_EXCL: never overwrite a trace someone already attached to a bug;
	 * O_NOFOLLOW: nor a file a planted symlink points at */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = errno;
		close(fd);
		unlink(path);
		return e;
	}
	size_t n = 0;
	int e = 0;
	for (size_t i = 0; i < r->n && !e; i++) {
		const tui_trace_entry *en = &r->e[(r->head + i) % r->cap];
		if (fprintf(f, "%s\n", en->line) < 0)
			e = errno ? errno : EIO;
		else
			n++;
	}
	if (!e && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	if (e) {
		unlink(path); /* half a trace would pass for a short session */
		return e;
	}
	*written = n;
	return 0;
}

void tui_trace_file_name(const struct timespec *wall, char *buf, size_t cap)
{
	tui_stamped_file_name("trace", "log", wall, buf, cap);
}
