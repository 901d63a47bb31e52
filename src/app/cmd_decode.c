/* cmd_decode.c - `kmpterm decode [--json] HEX...`: take apart frames that
 * people copied out of a log.  The hex is split into frames the way the
 * streaming receiver splits a line, so several frames run together (or an
 * echo followed by its reply) come apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/decode_log.h"
#include "app/hexarg.h"
#include "app/json.h"
#include "kmp/datetime.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/rx.h"
#include "kmp/tables.h"

/* Bytes decoded in one call: a long log column of frames fits. */
#define DECODE_MAX (1024 * 1024)
/* Hex text read from standard input: two digits and a separator a byte. */
#define DECODE_TEXT_MAX (3 * DECODE_MAX)

typedef struct decode_ctx {
	const app_options *o;
	int count;
	int errors;
	kmp_msg msg;
} decode_ctx;

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
	printf("frame %d: %s, %zu bytes on the wire\n", d->count,
	       ev->kind == KMP_RX_ACK ? "ack" : dir_name(f->dir), ev->raw_len);
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
	decode_ctx *d = ctx;
	char hex[3 * KMP_FRAME_MAX + 8];
	if (ev->kind == KMP_RX_ZERO)
		return; /* the meter's lone 00: not a frame, not an error */
	d->count++;
	if (ev->kind == KMP_RX_GARBAGE || ev->kind == KMP_RX_PARTIAL) {
		d->errors++;
		kmp_hex(ev->raw, ev->raw_len, hex, sizeof hex);
		if (d->o->json) {
			printf("%s{\"direction\":null,\"wire\":", d->count > 1 ? "," : "");
			json_str(stdout, hex);
			printf(",\"crc\":null,\"error\":");
			/* the error's own name, as everywhere: a frame cut off is
			 * "partial", bytes outside a frame "garbage" */
			json_str(stdout,
			         kmp_err_name(ev->kind == KMP_RX_PARTIAL ? KMP_ERR_PARTIAL
			                                                 : KMP_ERR_GARBAGE));
			printf("}");
		} else {
			printf("frame %d: %s, %zu bytes\n  wire     %s\n", d->count,
			       ev->kind == KMP_RX_PARTIAL
			               ? "cut off (no stop byte 0D)"
			               : "not a frame (bytes outside 40/80 ... 0D)",
			       ev->raw_len, hex);
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

/* The bytes to decode: the arguments, or the hex on standard input.
 * Returns -1 to go on, or an exit status (reported). */
static int gather(const app_options *o, uint8_t *bytes, size_t *n)
{
	char err[512];
	if (o->nargs == 0 && isatty(STDIN_FILENO))
		return app_cmd_usage_error(
		        "decode", "decode needs hex frames, e.g. kmpterm decode 803F0235E90D");
	if (o->nargs == 0) {
		/* hex on standard input, one paste or a whole log column, read
		 * whole (a line is not a unit: frames may wrap) */
		char *text = malloc(DECODE_TEXT_MAX + 1);
		if (!text) {
			fprintf(stderr, "kmpterm: decode: out of memory\n");
			return EXIT_FAIL;
		}
		size_t len = fread(text, 1, DECODE_TEXT_MAX + 1, stdin);
		int rc = -1;
		if (len > DECODE_TEXT_MAX)
			rc = app_cmd_usage_error(
			        "decode", "decode: more than %d MiB of hex on standard input",
			        DECODE_TEXT_MAX / (1024 * 1024));
		else if (memchr(text, '\0', len))
			rc = app_cmd_usage_error(
			        "decode", "decode: standard input holds a NUL byte: not hex text");
		text[len < DECODE_TEXT_MAX ? len : DECODE_TEXT_MAX] = '\0';
		if (rc < 0 && hexarg_parse(text, bytes, n, DECODE_MAX, err, sizeof err))
			rc = app_cmd_usage_error("decode", "decode: %s", err);
		free(text);
		if (rc >= 0)
			return rc;
	}
	for (int i = 0; i < o->nargs; i++)
		if (hexarg_parse(o->args[i], bytes, n, DECODE_MAX, err, sizeof err))
			return app_cmd_usage_error("decode", "decode: argument %d: %s", i + 1, err);
	if (*n == 0)
		return app_cmd_usage_error("decode", "decode: no hex given");
	return -1;
}

int cmd_decode(const app_options *o)
{
	size_t n = 0;
	decode_ctx d;
	memset(&d, 0, sizeof d);
	d.o = o;
	uint8_t *bytes = malloc(DECODE_MAX);
	if (!bytes) {
		fprintf(stderr, "kmpterm: decode: out of memory\n");
		return EXIT_FAIL;
	}
	int rc = gather(o, bytes, &n);
	if (rc >= 0) {
		free(bytes);
		return rc;
	}
	kmp_rx rx;
	kmp_rx_init(&rx, on_event, &d);
	if (o->json)
		printf("{\"frames\":[");
	kmp_rx_feed(&rx, bytes, n);
	kmp_rx_flush(&rx);
	if (o->json)
		printf("]}\n");
	else if (d.count == 0)
		printf("no frame (only lone 00 bytes)\n");
	free(bytes);
	return d.errors ? EXIT_FAIL : EXIT_OK;
}
