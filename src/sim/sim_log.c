/* sim_log.c - the JSON lines of kmpsim --log (see sim_log.h). */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "kmp/error.h"
#include "kmp/iso_time.h"
#include "kmp/msg.h"
#include "sim/sim_log.h"

/* A bounded appender: once full it keeps quiet, the caller fixes the end. */
typedef struct out {
	char *buf;
	size_t cap, len;
	int cut;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(out *o, const char *fmt, ...)
{
	if (o->cut)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	o->len += (size_t)k;
	if (o->len >= o->cap) {
		o->len = o->cap - 1; /* vsnprintf put its NUL there */
		o->cut = 1;
	}
}

/* The logger commands name what they ask for: B8's subcommand and logger,
 * the log ID or offset and the entries, A0..A3's log number and records. */
static void put_log_request(out *o, const kmp_msg *m)
{
	const kmp_log_msg *l = &m->log;
	if (m->cid == KMP_CID_LOGGER) {
		put(o, ",\"subcommand\":\"%s\",\"logger\":\"%s\"", kmp_b8_sub_name(l->sub),
		    kmp_logger_type_name(l->logger));
		if (l->sub == KMP_B8_GET_LOG_ID_PAST_ABS)
			put(o, ",\"log_id\":%lu,\"entries\":%u", (unsigned long)l->log_id,
			    l->entries);
		else if (l->sub == KMP_B8_GET_LOG_LAST_ENTRY_PAST_ABS)
			put(o, ",\"offset\":%u,\"entries\":%u", l->offset, l->entries);
	} else if (m->cid >= KMP_CID_GET_LOG_TIME_PRESENT && m->cid <= KMP_CID_GET_LOG_TIME_PAST) {
		put(o, ",\"log\":%u,\"records\":%u", l->logger, l->records_asked);
		if (l->has_rec_id)
			put(o, ",\"record_id\":%u", l->rec_id);
	}
}

static void put_frame(out *o, const kmpsim_event *ev)
{
	const kmp_frame *f = ev->frame;
	/* addr and cid mean something only when the frame destuffed and had
	 * its four data-link bytes: OK or bad CRC */
	if (f->status != KMP_OK && f->status != KMP_ERR_CRC)
		return;
	put(o, ",\"addr\":%u,\"cid\":%u", f->addr, f->cid);
	const char *name = kmp_cid_name(f->cid);
	if (name)
		put(o, ",\"command\":\"%s\"", name);
	const kmp_msg *m = ev->msg;
	if (m && m->status == KMP_OK && f->dir == KMP_DIR_REQUEST)
		put_log_request(o, m);
	if (m && m->n_ids && f->dir == KMP_DIR_REQUEST &&
	    (m->cid == KMP_CID_GET_REGISTER || m->status == KMP_OK)) {
		put(o, ",\"ids\":[");
		for (size_t i = 0; i < m->n_ids; i++)
			put(o, "%s%u", i ? "," : "", m->ids[i]);
		put(o, "]");
	}
	put(o, ",\"crc\":\"%s\"", f->status == KMP_OK ? "ok" : "bad");
	if (f->status == KMP_OK && kmp_cid_is_write(f->cid))
		put(o, ",\"write\":true");
}

size_t kmpsim_log_format(const kmpsim_event *ev, const struct timespec *wall, char *buf, size_t cap)
{
	char t[40];
	out o = {buf, cap, 0, 0};
	if (cap < 2) {
		if (cap)
			buf[0] = '\0';
		return 0;
	}
	o.cap = cap - 2; /* room for "\n\0" whatever happens */
	kmp_iso_time(wall, t, sizeof t);
	int is_request = (ev->frame && ev->frame->dir == KMP_DIR_REQUEST) || ev->legacy;
	put(&o, "{\"t\":\"%s\",\"event\":\"%s\",\"raw\":\"", t, is_request ? "request" : "input");
	for (size_t i = 0; i < ev->raw_len; i++)
		put(&o, "%02x", ev->raw[i]);
	put(&o, "\"");
	if (ev->legacy)
		put(&o, ",\"protocol\":\"legacy\",\"command\":\"%s\"", ev->legacy);
	if (ev->frame)
		put_frame(&o, ev);
	if (ev->line_garbled)
		put(&o, ",\"line\":\"garbled\"");
	int err = ev->error;
	if (!err && ev->frame && ev->frame->status != KMP_OK)
		err = ev->frame->status;
	if (err)
		put(&o, ",\"error\":\"%s\"", kmp_err_name(err));
	put(&o, ",\"result\":\"%s\"", kmpsim_result_name(ev->result));
	if (ev->noise)
		put(&o, ",\"noise\":true");
	put(&o, ",\"quality\":%d", ev->quality);
	if (ev->reply_len)
		put(&o, ",\"reply_bytes\":%zu", ev->reply_len);
	put(&o, "}");
	/* KMPSIM_LOG_LINE_MAX holds the longest event; a smaller buffer gets a
	 * cut line that still ends in a newline, so the next line stays whole */
	buf[o.len++] = '\n';
	buf[o.len] = '\0';
	return o.len;
}

int kmpsim_log_open(kmpsim_log *l, const char *path, char *err, size_t cap)
{
	l->fp = NULL;
	if (!path)
		return KMP_OK;
	l->fp = fopen(path, "w");
	if (!l->fp) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return KMP_ERR_IO;
	}
	return KMP_OK;
}

void kmpsim_log_close(kmpsim_log *l)
{
	if (l->fp)
		fclose(l->fp);
	l->fp = NULL;
}

void kmpsim_log_event(kmpsim_log *l, const kmpsim_event *ev)
{
	if (!l->fp)
		return;
	char line[KMPSIM_LOG_LINE_MAX];
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	size_t n = kmpsim_log_format(ev, &now, line, sizeof line);
	fwrite(line, 1, n, l->fp);
	fflush(l->fp); /* tests read the log while the simulator runs */
}

void kmpsim_log_note(kmpsim_log *l, const char *event, const char *fields, ...)
{
	if (!l->fp)
		return;
	char t[40];
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	kmp_iso_time(&now, t, sizeof t);
	fprintf(l->fp, "{\"t\":\"%s\",\"event\":\"%s\"", t, event);
	if (fields) {
		va_list ap;
		va_start(ap, fields);
		fputc(',', l->fp);
		vfprintf(l->fp, fields, ap);
		va_end(ap);
	}
	fputs("}\n", l->fp);
	fflush(l->fp);
}
