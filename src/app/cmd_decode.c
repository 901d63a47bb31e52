/* cmd_decode.c - `kmpterm decode [--json] [PASTE... | FILE | -]`: take
 * apart frames that people copied out of a log.  The paste is read by
 * kmp/paste.h (ESPHome, xxd, hexdump -C, escapes, Python, socat, PyKMP,
 * kmpterm's own --log, plain hex); the bytes of each side (sent, received,
 * not said) are split into frames the way the streaming receiver splits a
 * line, so frames run together or spread over lines come apart.  A line
 * that cannot be read is reported with its line and column and the rest is
 * still decoded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/decode_log.h"
#include "app/json.h"
#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "feature/journal.h"
#include "kmp/error.h"
#include "kmp/paste.h"
#include "kmp/rx.h"
#include "kmp/tables.h"

/* Bytes decoded in one call: a long log column of frames fits. */
#define DECODE_MAX (1024 * 1024)
/* Text read from standard input or a file: a long log is fine. */
#define DECODE_TEXT_MAX (3 * DECODE_MAX)

/* Where a side's bytes came from: the chunk that starts at byte `at` of
 * that side's stream. */
typedef struct origin {
	size_t at;
	unsigned line;
	char time[40];
} origin;

struct decode_ctx;

/* One receiver per side of the paste: TX, RX and "not said". */
typedef struct side_rx {
	struct decode_ctx *d;
	kmp_side side;
	kmp_rx rx;
	size_t fed, consumed;
	origin *orig;
	size_t n_orig, cap_orig;
} side_rx;

typedef struct decode_ctx {
	const app_options *o;
	int count;
	int errors;
	kmp_msg msg;
	side_rx sides[3];
	int lines;       /* the source has lines worth naming (a file, stdin) */
	const char *src; /* the source in messages */
	int arg;         /* the argument being read (1-based), 0: a file */
	unsigned unreadable;
	char *errs; /* the reports of unreadable lines, one a line, said at the end */
	size_t errs_len;
	int oom;
	/* the frame being printed */
	kmp_side ev_side;
	const origin *ev_orig;
} decode_ctx;

static void where_text(const decode_ctx *d);
static void where_json(const decode_ctx *d);

static const char *dir_name(kmp_dir d)
{
	return d == KMP_DIR_REQUEST ? "request" : d == KMP_DIR_REPLY ? "reply" : "ack";
}

static void text_registers(const kmp_msg *m)
{
	char v[KMP_VALUE_TEXT_MAX], t[KMP_VALUE_TEXT_MAX], raw[KMP_VALUE_TEXT_MAX];
	for (size_t i = 0; i < m->n_records; i++) {
		const kmp_record *r = &m->records[i];
		const kmp_register_info *info = kmp_register_lookup(r->id);
		kmp_value_format(&r->value, v, sizeof v);
		kmp_value_text(&r->value, r->unit, raw, sizeof raw);
		printf("  register %u (%s): %s", r->id, info ? info->name : "unknown register",
		       kmp_value_with_unit(&r->value, r->unit, 0, t, sizeof t));
		if (strcmp(v, raw) != 0)
			printf(" (value %s)", v);
		printf("  [unit %u, %u bytes, exponent %d]\n", r->unit, r->value.len,
		       kmp_value_exponent(&r->value));
	}
}

static void text_frame(decode_ctx *d, const kmp_rx_event *ev, const kmp_frame *f, int st)
{
	char hex[3 * KMP_FRAME_MAX + 8], buf[512];
	printf("frame %d: %s, %zu bytes on the wire", d->count,
	       ev->kind == KMP_RX_ACK ? "ack" : dir_name(f->dir), ev->raw_len);
	where_text(d);
	printf("  wire     %s\n", kmp_hex(ev->raw, ev->raw_len, hex, sizeof hex));
	if (ev->kind == KMP_RX_ACK) {
		printf("  ACK (06): acknowledges a write command\n");
		return;
	}
	printf("  start    %02X (%s)\n", f->start, f->start == 0x80 ? "request" : "reply");
	if (f->status == KMP_ERR_STUFFING) {
		printf("  error    invalid byte stuffing at byte %zu (%02X%s)\n", f->stuff_pos,
		       ev->raw[f->stuff_pos],
		       ev->raw[f->stuff_pos] == 0x1B ? ": escape not followed by F9 F2 E4 BF 7F"
		                                     : ": must be escaped");
		return;
	}
	if (f->status == KMP_ERR_FRAMING || f->status == KMP_ERR_LENGTH) {
		printf("  error    %s: %s\n", kmp_err_name(f->status),
		       f->status == KMP_ERR_LENGTH ? "fewer than 4 bytes between start and stop"
		                                   : "bad start or stop byte");
		return;
	}
	const char *name = kmp_cid_name(f->cid);
	printf("  address  %02X%s\n", f->addr,
	       f->addr == 0x3F   ? " (heat meter)"
	       : f->addr == 0x7F ? " (logger top module)"
	       : f->addr == 0xBF ? " (logger base module)"
	                         : "");
	printf("  command  %02X %s%s\n", f->cid, name ? name : "(unknown command)",
	       kmp_cid_is_write(f->cid) ? " (a write: kmpterm never sends it)" : "");
	printf("  data     %s\n",
	       f->data_len ? kmp_hex(f->data, f->data_len, hex, sizeof hex) : "(none)");
	printf("  crc      given %04X, computed %04X: %s\n", f->crc_given, f->crc_calc,
	       f->status == KMP_OK ? "OK" : "BAD");
	printf("  stop     %02X\n", f->stop);
	if (f->status != KMP_OK)
		return;
	if (st != KMP_OK) {
		printf("  error    %s: %s\n", kmp_err_name(st), d->msg.detail);
		return;
	}
	if (d->msg.warning)
		printf("  warning  %s\n", d->msg.detail);
	if (f->dir == KMP_DIR_REQUEST && f->cid == KMP_CID_GET_REGISTER) {
		printf("  ids     ");
		for (size_t i = 0; i < d->msg.n_ids; i++) {
			const kmp_register_info *info = kmp_register_lookup(d->msg.ids[i]);
			printf(" %u%s%s%s", d->msg.ids[i], info ? " (" : "", info ? info->name : "",
			       info ? ")" : "");
		}
		printf("\n");
	} else if (decode_log_handles(f, &d->msg)) {
		decode_log_text(f, &d->msg);
	} else if (f->dir == KMP_DIR_REPLY) {
		if (f->cid == KMP_CID_GET_REGISTER) {
			if (d->msg.n_records == 0)
				printf("  no registers (the meter has none of those asked)\n");
			text_registers(&d->msg);
		} else {
			printf("  decoded  %s\n", kmp_describe(f, &d->msg, 0, buf, sizeof buf));
		}
	}
}

static void json_frame(decode_ctx *d, const kmp_rx_event *ev, const kmp_frame *f, int st)
{
	char hex[3 * KMP_FRAME_MAX + 8];
	printf("%s{\"direction\":", d->count > 1 ? "," : "");
	json_str(stdout, ev->kind == KMP_RX_ACK ? "ack" : dir_name(f->dir));
	where_json(d);
	kmp_hex(ev->raw, ev->raw_len, hex, sizeof hex);
	printf(",\"wire\":");
	json_str(stdout, hex);
	if (ev->kind == KMP_RX_ACK) {
		printf(",\"crc\":null,\"error\":null}");
		return;
	}
	int framed = f->status == KMP_OK || f->status == KMP_ERR_CRC;
	if (framed) {
		printf(",\"address\":%u,\"cid\":%u,\"command\":", f->addr, f->cid);
		json_str(stdout, kmp_cid_name(f->cid));
		printf(",\"crc\":\"%s\",\"crc_given\":\"%04X\",\"crc_computed\":\"%04X\"",
		       f->status == KMP_OK ? "ok" : "bad", f->crc_given, f->crc_calc);
	} else {
		printf(",\"crc\":null");
	}
	printf(",\"error\":");
	json_str(stdout, kmp_err_name(f->status != KMP_OK ? f->status : st));
	if (f->status == KMP_OK && st != KMP_OK) {
		printf(",\"detail\":");
		json_str(stdout, d->msg.detail);
	}
	if (f->status != KMP_OK || st != KMP_OK) {
		printf("}");
		return;
	}
	if (d->msg.warning) {
		printf(",\"warning\":");
		json_str(stdout, d->msg.detail);
	}
	if (f->dir == KMP_DIR_REQUEST && f->cid == KMP_CID_GET_REGISTER) {
		printf(",\"ids\":[");
		for (size_t i = 0; i < d->msg.n_ids; i++)
			printf("%s%u", i ? "," : "", d->msg.ids[i]);
		printf("]");
	} else if (f->dir == KMP_DIR_REPLY && f->cid == KMP_CID_GET_REGISTER) {
		char v[KMP_VALUE_TEXT_MAX], text[2 * KMP_VALUE_TEXT_MAX];
		printf(",\"registers\":[");
		for (size_t i = 0; i < d->msg.n_records; i++) {
			const kmp_record *r = &d->msg.records[i];
			const kmp_register_info *info = kmp_register_lookup(r->id);
			const char *un = kmp_unit_name(r->unit);
			kmp_value_format(&r->value, v, sizeof v);
			printf("%s{\"id\":%u,\"name\":", i ? "," : "", r->id);
			json_str(stdout, info ? info->name : NULL);
			printf(",\"unit\":%u,\"unit_name\":", r->unit);
			json_str(stdout, un);
			printf(",\"value\":");
			json_str(stdout, v);
			kmp_value_with_unit(&r->value, r->unit, 0, text, sizeof text);
			printf(",\"text\":");
			json_str(stdout, text);
			if (kmp_unit_is_datetime(r->unit)) { /* the text is a checked date */
				kmp_datetime dt;
				printf(",\"valid\":%s", kmp_datetime_decode(&r->value, r->unit, &dt)
				                                ? "false"
				                                : "true");
			}
			printf("}");
		}
		printf("]");
	} else if (decode_log_handles(f, &d->msg)) {
		decode_log_json(f, &d->msg);
	} else if (f->dir == KMP_DIR_REPLY && f->cid == KMP_CID_GET_SERIAL) {
		printf(",\"serial\":%u", (unsigned)d->msg.serial);
	} else if (f->dir == KMP_DIR_REPLY && f->cid == KMP_CID_GET_TYPE) {
		char sw[16];
		printf(",\"meter_type\":%u,\"sw_revision\":", d->msg.type.meter_type);
		json_str(stdout,
		         d->msg.type.known ? kmp_type_sw_text(&d->msg.type, sw, sizeof sw) : NULL);
	}
	printf("}");
}

static void on_event(void *ctx, const kmp_rx_event *ev)
{
	side_rx *sr = ctx;
	decode_ctx *d = sr->d;
	char hex[3 * KMP_FRAME_MAX + 8];
	/* the chunk that held the event's first byte */
	size_t first = sr->consumed, lo = 0, hi = sr->n_orig;
	sr->consumed += ev->raw_len;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (sr->orig[mid].at <= first)
			lo = mid;
		else
			hi = mid;
	}
	d->ev_side = sr->side;
	d->ev_orig = sr->n_orig ? &sr->orig[lo] : NULL;
	if (ev->kind == KMP_RX_ZERO)
		return; /* the meter's lone 00: not a frame, not an error */
	d->count++;
	if (ev->kind == KMP_RX_GARBAGE || ev->kind == KMP_RX_PARTIAL) {
		d->errors++;
		kmp_hex(ev->raw, ev->raw_len, hex, sizeof hex);
		if (d->o->json) {
			printf("%s{\"direction\":null", d->count > 1 ? "," : "");
			where_json(d);
			printf(",\"wire\":");
			json_str(stdout, hex);
			printf(",\"crc\":null,\"error\":");
			/* the error's own name, as everywhere: a frame cut off is
			 * "partial", bytes outside a frame "garbage" */
			json_str(stdout,
			         kmp_err_name(ev->kind == KMP_RX_PARTIAL ? KMP_ERR_PARTIAL
			                                                 : KMP_ERR_GARBAGE));
			printf("}");
		} else {
			printf("frame %d: %s, %zu bytes", d->count,
			       ev->kind == KMP_RX_PARTIAL
			               ? "cut off (no stop byte 0D)"
			               : "not a frame (bytes outside 40/80 ... 0D)",
			       ev->raw_len);
			where_text(d);
			printf("  wire     %s\n", hex);
		}
		return;
	}
	kmp_frame ack;
	const kmp_frame *f = ev->frame;
	if (ev->kind == KMP_RX_ACK) {
		kmp_frame_decode(ev->raw, 1, &ack);
		f = &ack;
	}
	int st = kmp_msg_decode(f, -1, &d->msg);
	if (st != KMP_OK)
		d->errors++;
	if (d->o->json)
		json_frame(d, ev, f, st);
	else
		text_frame(d, ev, f, st);
}

/* --- where a frame came from ------------------------------------------------ */

static void where_text(const decode_ctx *d)
{
	const origin *o = d->ev_orig;
	const char *side = kmp_side_name(d->ev_side);
	if (side)
		printf(", %s", side);
	if (o && d->lines)
		printf(", line %u", o->line);
	if (o && o->time[0])
		printf(", at %s", o->time);
	printf("\n");
}

static void where_json(const decode_ctx *d)
{
	const origin *o = d->ev_orig;
	const char *side = kmp_side_name(d->ev_side);
	if (side) {
		printf(",\"side\":");
		json_str(stdout, side);
	}
	if (o && d->lines)
		printf(",\"line\":%u", o->line);
	if (o && o->time[0]) {
		printf(",\"time\":");
		json_str(stdout, o->time);
	}
}

/* --- reading the paste -------------------------------------------------------- */

static side_rx *side_of(decode_ctx *d, kmp_side s)
{
	return &d->sides[s == KMP_SIDE_TX ? 1 : s == KMP_SIDE_RX ? 2 : 0];
}

static void on_chunk(void *ctx, const kmp_paste_chunk *c)
{
	decode_ctx *d = ctx;
	side_rx *sr = side_of(d, c->side);
	if (sr->n_orig == sr->cap_orig) {
		size_t cap = sr->cap_orig ? 2 * sr->cap_orig : 64;
		origin *p = realloc(sr->orig, cap * sizeof *p);
		if (!p) {
			d->oom = 1;
			return;
		}
		sr->orig = p;
		sr->cap_orig = cap;
	}
	origin *o = &sr->orig[sr->n_orig++];
	o->at = sr->fed;
	o->line = c->line;
	snprintf(o->time, sizeof o->time, "%s", c->time);
	sr->fed += c->n;
	kmp_rx_feed(&sr->rx, c->bytes, c->n);
	if (c->whole) /* a --log line is one event: what is open ends here */
		kmp_rx_flush(&sr->rx);
}

/* Reports kept beyond this many are counted, not kept. */
#define ERRS_MAX 100

static void on_error(void *ctx, unsigned line, unsigned col, const char *msg)
{
	decode_ctx *d = ctx;
	char one[512];
	if (d->arg)
		snprintf(one, sizeof one, "argument %d, character %u: %s\n", d->arg, col, msg);
	else
		snprintf(one, sizeof one, "%.200s:%u:%u: %s\n", d->src, line, col, msg);
	if (d->unreadable++ >= ERRS_MAX)
		return;
	size_t n = strlen(one);
	char *p = realloc(d->errs, d->errs_len + n + 1);
	if (!p)
		return;
	memcpy(p + d->errs_len, one, n + 1);
	d->errs = p;
	d->errs_len += n;
}

/* The unreadable lines, on stderr; when nothing could be read at all the
 * last one is a usage error (exit 2, with the hint to --help).  Returns
 * the exit status then, else -1. */
static int say_unreadable(decode_ctx *d)
{
	if (!d->unreadable)
		return -1;
	char *last = d->errs;
	for (char *p = d->errs; p && *p;) {
		char *nl = strchr(p, '\n');
		if (d->count == 0 && !nl[1]) {
			last = p;
			break;
		}
		fprintf(stderr, "kmpterm: decode: %.*s\n", (int)(nl - p), p);
		p = nl + 1;
	}
	if (d->unreadable > ERRS_MAX)
		fprintf(stderr, "kmpterm: decode: ... and %u more lines not understood\n",
		        d->unreadable - ERRS_MAX);
	if (d->count || !last)
		return -1;
	last[strlen(last) - 1] = 0;
	return app_cmd_usage_error("decode", "decode: %s", last);
}

static int count_only(const char *text, size_t len)
{
	kmp_paste_cb cb = {NULL, NULL, NULL};
	kmp_paste_stats st;
	kmp_paste_parse(text, len, 1, &cb, &st);
	return st.errors == 0 && st.chunks > 0;
}

/* Read a whole file or standard input (fd 0).  Returns -1 to go on, or an
 * exit status (reported). */
static int slurp(const char *path, char **text, size_t *len)
{
	if (!path) {
		char *t = malloc(DECODE_TEXT_MAX + 1);
		if (!t) {
			fprintf(stderr, "kmpterm: decode: out of memory\n");
			return EXIT_FAIL;
		}
		size_t n = fread(t, 1, DECODE_TEXT_MAX + 1, stdin);
		if (n > DECODE_TEXT_MAX) {
			free(t);
			return app_cmd_usage_error("decode",
			                           "decode: more than %d MiB on standard input",
			                           DECODE_TEXT_MAX / (1024 * 1024));
		}
		t[n] = 0;
		*text = t;
		*len = n;
		return -1;
	}
	if (kmp_read_file(path, DECODE_TEXT_MAX, text, len) != KMP_OK) {
		fprintf(stderr, "kmpterm: decode: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	return -1;
}

/* Decode one source.  Returns -1 to go on, or an exit status. */
static int decode_text(decode_ctx *d, const char *text, size_t len, const char *src)
{
	if (memchr(text, '\0', len))
		return app_cmd_usage_error("decode", "decode: %s holds a NUL byte: not text", src);
	d->src = src;
	kmp_paste_cb cb = {on_chunk, on_error, d};
	kmp_paste_stats st;
	if (kmp_paste_parse(text, len, 1, &cb, &st) != 0 || d->oom) {
		fprintf(stderr, "kmpterm: decode: out of memory\n");
		return EXIT_FAIL;
	}
	return -1;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cmd_decode(const app_options *o)
{
	decode_ctx *d = calloc(1, sizeof *d);
	if (!d) {
		fprintf(stderr, "kmpterm: decode: out of memory\n");
		return EXIT_FAIL;
	}
	d->o = o;
	for (int i = 0; i < 3; i++) {
		d->sides[i].d = d;
		d->sides[i].side = i == 1 ? KMP_SIDE_TX : i == 2 ? KMP_SIDE_RX : KMP_SIDE_UNKNOWN;
		kmp_rx_init(&d->sides[i].rx, on_event, &d->sides[i]);
	}
	int rc = -1;
	if (o->nargs == 0 && isatty(STDIN_FILENO))
		rc = app_cmd_usage_error("decode", "decode needs frames, e.g. kmpterm decode "
		                                   "803F0235E90D (or a file, or - for standard "
		                                   "input)");
	if (o->json && rc < 0)
		printf("{\"frames\":[");
	int nsrc = o->nargs ? o->nargs : 1;
	for (int i = 0; i < nsrc && rc < 0; i++) {
		const char *arg = o->nargs ? o->args[i] : "-";
		char *text = NULL;
		size_t len = 0;
		if (!strcmp(arg, "-") || (is_file(arg) && !count_only(arg, strlen(arg)))) {
			int stdin_src = !strcmp(arg, "-");
			rc = slurp(stdin_src ? NULL : arg, &text, &len);
			if (rc < 0) {
				/* line numbers are worth printing when there are lines */
				const char *nl = memchr(text, '\n', len);
				d->lines = nl && (size_t)(nl - text) + 1 < len;
				d->arg = 0;
				rc = decode_text(d, text, len, stdin_src ? "<stdin>" : arg);
			}
			free(text);
		} else {
			d->lines = 0;
			d->arg = i + 1;
			rc = decode_text(d, arg, strlen(arg), arg);
		}
	}
	/* what is left open at the end: cut-off frames, trailing garbage */
	for (int i = 0; i < 3 && rc < 0; i++)
		kmp_rx_flush(&d->sides[i].rx);
	if (o->json && (rc < 0 || d->count))
		printf("]}\n");
	else if (rc < 0 && d->count == 0 && !d->unreadable)
		printf("no frame (only lone 00 bytes)\n");
	int said = rc < 0 ? say_unreadable(d) : -1;
	if (said >= 0) {
		rc = said; /* nothing could be read at all */
	} else if (rc < 0) {
		int empty =
		        d->count == 0 && d->sides[0].fed + d->sides[1].fed + d->sides[2].fed == 0;
		if (empty && !d->unreadable)
			rc = app_cmd_usage_error("decode", "decode: no bytes given");
		else
			rc = d->errors || d->unreadable ? EXIT_FAIL : EXIT_OK;
	}
	free(d->errs);
	for (int i = 0; i < 3; i++)
		free(d->sides[i].orig);
	free(d);
	return rc;
}
