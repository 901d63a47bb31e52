/* cmd_read.c - the batch commands `read`, `type` and `serial`: stable
 * output for scripts, text or --json. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/json.h"
#include "app/output.h"
#include "app/read_rec.h"
#include "app/session.h"
#include "client/trace_fmt.h"
#include "feature/reader.h"
#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/event_msg.h"
#include "kmp/family.h"
#include "kmp/infocodes.h"
#include "kmp/meter_type.h"
#include "kmp/tables.h"

/* --- read ----------------------------------------------------------------- */

typedef struct read_run {
	kmp_reader reader;
	uint64_t next_round_us; /* when the next round may start */
	int round_active;
} read_run;

static int read_done(void *ctx)
{
	return kmp_reader_done(&((read_run *)ctx)->reader);
}
static void read_pump(void *ctx, uint64_t now)
{
	(void)now;
	kmp_reader_pump(&((read_run *)ctx)->reader);
}

static int wait_done(void *ctx)
{
	return kmp_now_us() >= ((read_run *)ctx)->next_round_us;
}
static uint64_t wait_wake(void *ctx)
{
	return ((read_run *)ctx)->next_round_us;
}

/* The info-code flags of a register, when the family has a table for it
 * (issue 13): n flags, 0 none set, -1 no table or a value that cannot be
 * a flag field. */
static int reading_flags(kmp_family fam, const kmp_reading *rd, kmp_flag *f)
{
	if (rd->state != KMP_READING_OK || !kmp_info_register(fam, rd->id))
		return -1;
	int n = kmp_info_flags(fam, rd->id, &rd->value, f, KMP_FLAGS_MAX);
	return n < 0 ? -1 : n;
}

/* An info register of some family read without one: its bits mean
 * different things per family, so they are not guessed; say how to get
 * them named instead of leaving a bare number. */
static int flags_need_family(kmp_family fam, const kmp_reading *rd)
{
	if (fam != KMP_FAMILY_UNKNOWN || rd->state != KMP_READING_OK)
		return 0;
	for (int f = KMP_FAMILY_UNKNOWN + 1; f < KMP_FAMILY_COUNT; f++)
		if (kmp_info_register((kmp_family)f, rd->id))
			return 1;
	return 0;
}

static void print_text(const kmp_reader *r, kmp_family fam)
{
	char v[KMP_VALUE_TEXT_MAX], u[32], nb[32], fl[512];
	kmp_flag flags[KMP_FLAGS_MAX];
	printf("%6s  %-32s %-24s %s\n", "ID", "NAME", "VALUE", "UNIT");
	for (size_t i = 0; i < r->n; i++) {
		const kmp_reading *rd = &r->readings[i];
		/* the family's name (1010 is a customer number on a MULTICAL,
		 * the meter number on a 382); "register N" where none is known */
		const char *name = kmp_register_name(fam, rd->id, nb, sizeof nb);
		switch (rd->state) {
		case KMP_READING_OK:
			kmp_value_text(&rd->value, rd->unit, v, sizeof v);
			printf("%6u  %-32.32s %-24s %s\n", rd->id, name, v,
			       kmp_unit_label(rd->unit, u, sizeof u));
			break;
		case KMP_READING_MISSING:
			printf("%6u  %-32.32s %-24s\n", rd->id, name, "(not on this meter)");
			break;
		default:
			printf("%6u  %-32.32s %-24s %s\n", rd->id, name, "(no valid answer)",
			       kmp_strerror(rd->error));
			break;
		}
		int nf = reading_flags(fam, rd, flags);
		if (nf >= 0)
			printf("%6s  %-32s %s\n", "", "  flags",
			       nf ? kmp_flags_join(flags, (size_t)nf, 1, fl, sizeof fl)
			          : "none set");
		else if (flags_need_family(fam, rd))
			printf("%6s  %-32s %s\n", "", "  flags",
			       "named per meter family: add --family (kmpterm identify names it)");
	}
}

/* Flags as a JSON array of {"name","text","known"}: the registers' info
 * codes (read --json) and the event status (events --json). */
static void print_flags_json(const kmp_flag *flags, int n)
{
	printf("[");
	for (int i = 0; i < n; i++) {
		printf("%s{\"name\":", i ? "," : "");
		json_str(stdout, flags[i].name);
		printf(",\"text\":");
		json_str(stdout, flags[i].text);
		printf(",\"known\":%s}", flags[i].known ? "true" : "false");
	}
	printf("]");
}

static void print_json(const kmp_reader *r, kmp_family fam)
{
	char v[KMP_VALUE_TEXT_MAX], text[2 * KMP_VALUE_TEXT_MAX], nb[32];
	char when[40];
	kmp_flag flags[KMP_FLAGS_MAX];
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	printf("{\"t\":\"%s\",\"family\":", kmp_iso_time(&now, when, sizeof when));
	json_str(stdout, fam != KMP_FAMILY_UNKNOWN ? kmp_family_key(fam) : NULL);
	printf(",\"registers\":[");
	int first = 1;
	for (size_t i = 0; i < r->n; i++) {
		const kmp_reading *rd = &r->readings[i];
		if (rd->state != KMP_READING_OK)
			continue;
		const char *name = kmp_register_name(fam, rd->id, nb, sizeof nb);
		kmp_value_format(&rd->value, v, sizeof v);
		kmp_value_with_unit(&rd->value, rd->unit, 0, text, sizeof text);
		printf("%s{\"id\":%u,\"name\":", first ? "" : ",", rd->id);
		json_str(stdout, name == nb ? NULL : name);
		printf(",\"unit\":%u,\"unit_name\":", rd->unit);
		json_str(stdout, kmp_unit_name(rd->unit));
		printf(",\"value\":");
		json_str(stdout, v);
		printf(",\"text\":");
		json_str(stdout, text);
		int nf = reading_flags(fam, rd, flags);
		if (nf >= 0) {
			printf(",\"flags\":");
			print_flags_json(flags, nf);
		}
		printf("}");
		first = 0;
	}
	printf("],\"missing\":[");
	first = 1;
	for (size_t i = 0; i < r->n; i++)
		if (r->readings[i].state == KMP_READING_MISSING) {
			printf("%s%u", first ? "" : ",", r->readings[i].id);
			first = 0;
		}
	printf("],\"failed\":[");
	first = 1;
	for (size_t i = 0; i < r->n; i++)
		if (r->readings[i].state == KMP_READING_FAILED) {
			printf("%s{\"id\":%u,\"error\":", first ? "" : ",", r->readings[i].id);
			json_str(stdout, kmp_err_name(r->readings[i].error));
			printf("}");
			first = 0;
		}
	printf("]}\n");
}

/* The IDs: the arguments, else -r or the config file's 'registers ='. */
static int read_ids(const app_options *o, uint16_t *ids, size_t *n)
{
	char err[256];
	if (o->nargs && app_given(o, 'r'))
		return app_cmd_usage_error("read",
		                           "give the registers as arguments or with -r, not "
		                           "both");
	if (o->nargs == 0) {
		if (!o->regs_given)
			return app_cmd_usage_error("read",
			                           "read needs register IDs, e.g. kmpterm read "
			                           "60 68 0x3EA (or -r LIST, or 'registers =' "
			                           "in the config file)");
		memcpy(ids, o->regs, o->n_regs * sizeof ids[0]);
		*n = o->n_regs;
		return -1;
	}
	for (int i = 0; i < o->nargs; i++)
		if (app_parse_register_list(o->args[i], ids, n, APP_MAX_REGS, err, sizeof err))
			return app_cmd_usage_error("read", "%s", err);
	return -1;
}

/* Why a round ended badly, on stderr.  Returns the exit status. */
static int round_status(const app_session *s, const app_options *o, const kmp_reader *r)
{
	int failed = 0, closed = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->readings[i].state == KMP_READING_FAILED) {
			failed++;
			closed |= r->readings[i].error == KMP_ERR_CLOSED;
		}
	if (closed) {
		/* the link error names the device already */
		fprintf(stderr, "kmpterm: link lost: %s\n", kmp_client_link_error(s->client));
		return EXIT_FAIL;
	}
	if (failed) {
		fprintf(stderr,
		        "kmpterm: %d register%s got no valid answer after %u attempt%s "
		        "(check the head's position; see kmpterm probe)\n",
		        failed, failed > 1 ? "s" : "", o->retries + 1, o->retries ? "s" : "");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* A loop that did not run to its end: interrupted, or nobody reads the
 * output any more.  Returns the exit status (always a failure). */
static int loop_ended(int why, const char *what)
{
	if (why == APP_LOOP_OUTPUT_GONE)
		return app_out_failed(EPIPE);
	fprintf(stderr, "kmpterm: read interrupted %s\n", what);
	return EXIT_FAIL;
}

/* A recording's round that did not read everything: said on stderr, and
 * the recording goes on (the registers without a valid answer have no
 * row in this round).  Returns 1 when some register failed. */
static int round_failed(const app_session *s, unsigned round, const kmp_reader *r)
{
	int failed = 0, closed = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->readings[i].state == KMP_READING_FAILED) {
			failed++;
			closed |= r->readings[i].error == KMP_ERR_CLOSED;
		}
	if (closed)
		fprintf(stderr, "kmpterm: round %u: link lost (%s); no row written, going on\n",
		        round, kmp_client_link_error(s->client));
	else if (failed)
		fprintf(stderr,
		        "kmpterm: round %u: %d register%s got no valid answer; no row written for "
		        "%s\n",
		        round, failed, failed > 1 ? "s" : "", failed > 1 ? "them" : "it");
	return failed > 0;
}

static int run_has_failure(const kmp_reader *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->readings[i].state == KMP_READING_FAILED)
			return 1;
	return 0;
}

/* The format and the output file from the options.  Returns -1 to go on
 * or an exit status (reported). */
static int pick_format(const app_options *o, read_fmt *fmt)
{
	*fmt = (read_fmt)o->format;
	if (o->out_path && *fmt == READ_TEXT)
		*fmt = READ_CSV; /* a file of readings is a CSV unless told otherwise */
	if (o->out_path && *fmt == READ_JSON)
		return app_cmd_usage_error("read", "--out writes CSV or InfluxDB line protocol "
		                                   "(--csv, --format influx), not --json");
	return -1;
}

/* Wait until the next round's start.  Returns APP_LOOP_DONE or how the
 * loop ended. */
static int wait_round(app_session *s, read_run *run, uint64_t at)
{
	run->next_round_us = at;
	app_loop_hooks w = {wait_done, NULL, wait_wake, run, 1};
	return app_loop(s, &w);
}

int cmd_read(const app_options *o)
{
	if (o->protocol == APP_PROTO_LEGACY)
		return cmd_read_legacy(o);
	uint16_t ids[APP_MAX_REGS];
	size_t n = 0;
	read_fmt fmt;
	int rc = read_ids(o, ids, &n);
	if (rc >= 0 || (rc = pick_format(o, &fmt)) >= 0)
		return rc;
	int recording = fmt == READ_CSV || fmt == READ_INFLUX;
	read_rec rec;
	char err[4200];
	/* the file first: a path we cannot write fails before any request */
	if (recording && read_rec_open(&rec, fmt, o->out_path, err, sizeof err) != 0) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	if (recording && rec.cut)
		fprintf(stderr,
		        "kmpterm: %s: removed a last line cut off (%zu bytes) before "
		        "appending\n",
		        o->out_path, rec.cut);

	app_session s;
	rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK) {
		if (recording)
			read_rec_close(&rec);
		return rc;
	}
	read_run *run = calloc(1, sizeof *run);
	if (!run) {
		fprintf(stderr, "kmpterm: out of memory\n");
		app_session_close(&s);
		if (recording)
			read_rec_close(&rec);
		return EXIT_FAIL;
	}
	uint64_t interval_us = o->interval < 0 ? 0 : (uint64_t)(o->interval * 1e6 + 0.5);
	int status = EXIT_OK, any_failed = 0, drawn = 0, tty = isatty(STDERR_FILENO);
	unsigned rounds = 0;
	unsigned long total_rows = 0;
	char what[64];
	for (unsigned round = 0; o->repeat == 0 || round < o->repeat; round++) {
		uint64_t start = kmp_now_us();
		kmp_reader_start(&run->reader, s.client, ids, n, o->retries);
		app_loop_hooks h = {read_done, read_pump, NULL, run, 1};
		int why = app_loop(&s, &h);
		if (why != APP_LOOP_DONE) {
			/* --repeat 0 records until it is stopped: that is its end */
			if (o->repeat == 0 && why == APP_LOOP_INTERRUPTED && recording)
				break;
			snprintf(what, sizeof what, "in round %u of %u", round + 1, o->repeat);
			status = loop_ended(why, what);
			break;
		}
		rounds++;
		if (recording) {
			struct timespec wall;
			clock_gettime(CLOCK_REALTIME, &wall);
			int rows = read_rec_round(&rec, &run->reader, &wall, kmp_now_us());
			if (rows >= 0 && o->out_path && tty) {
				/* a recording into a file says how far it got, in place */
				total_rows += (unsigned long)rows;
				fprintf(stderr, "\rkmpterm: %u round%s, %lu rows in %s\033[K",
				        rounds, rounds == 1 ? "" : "s", total_rows, o->out_path);
				drawn = 1;
			}
			if (rows < 0) {
				int e = errno;
				if (o->out_path)
					fprintf(stderr, "kmpterm: %s: %s\n", o->out_path,
					        strerror(e));
				status = o->out_path ? EXIT_FAIL : app_out_failed(e);
				break;
			}
			if (drawn && run_has_failure(&run->reader)) {
				fputc('\n', stderr);
				drawn = 0;
			}
			any_failed |= round_failed(&s, round + 1, &run->reader);
			/* a device that turned into something else will not come back */
			if (kmp_client_link_state(s.client) == KMP_LINK_FAILED) {
				fprintf(stderr,
				        "kmpterm: link lost, and reopening it cannot help: %s\n",
				        kmp_client_link_error(s.client));
				status = EXIT_FAIL;
				break;
			}
		} else {
			if (o->json)
				print_json(&run->reader, o->family);
			else
				print_text(&run->reader, o->family);
			int err_out = app_out_flush();
			if (err_out) {
				status = app_out_failed(err_out);
				break;
			}
			status = round_status(&s, o, &run->reader);
			if (status != EXIT_OK)
				break;
		}
		if (o->repeat && round + 1 >= o->repeat)
			break;
		why = wait_round(&s, run, start + interval_us);
		if (why != APP_LOOP_DONE) {
			if (o->repeat == 0 && why == APP_LOOP_INTERRUPTED && recording)
				break;
			snprintf(what, sizeof what, "while waiting for round %u of %u", round + 2,
			         o->repeat);
			status = loop_ended(why, what);
			break;
		}
	}
	if (drawn)
		fputc('\n', stderr);
	if (recording && o->repeat == 0 && status == EXIT_OK)
		fprintf(stderr, "kmpterm: recording stopped after %u round%s\n", rounds,
		        rounds == 1 ? "" : "s");
	if (status == EXIT_OK && any_failed)
		status = EXIT_FAIL; /* the rows are written; the gaps are said */
	status = app_session_status(&s, status);
	app_session_close(&s);
	if (recording)
		read_rec_close(&rec);
	free(run);
	return status;
}

/* --- type and serial: one exchange, retried ------------------------------- */

typedef struct one_shot {
	kmp_client *client;
	kmp_request req;
	unsigned attempts_left;
	int in_flight;
	int finished;
	int status;
	kmp_msg msg;
} one_shot;

static void shot_done(void *ctx, const kmp_result *r)
{
	one_shot *s = ctx;
	s->in_flight = 0;
	s->status = r->status;
	if (r->status == KMP_OK) {
		s->msg = *r->msg;
		s->finished = 1;
	} else if (r->status == KMP_ERR_CLOSED || s->attempts_left == 0) {
		s->finished = 1;
	}
}

static void shot_pump(void *ctx, uint64_t now)
{
	one_shot *s = ctx;
	(void)now;
	if (s->finished || s->in_flight)
		return;
	int rc = kmp_client_submit(s->client, &s->req, shot_done, s);
	if (rc == KMP_OK) {
		s->in_flight = 1;
		s->attempts_left--;
	} else if (rc != KMP_ERR_BUSY_CLIENT) {
		s->status = rc;
		s->finished = 1;
	}
}

static int shot_done_p(void *ctx)
{
	return ((one_shot *)ctx)->finished;
}

static int one_exchange(const app_options *o, uint8_t cid, kmp_msg *out)
{
	app_session s;
	int rc = app_session_open(&s, o, 1);
	if (rc != EXIT_OK)
		return rc;
	one_shot shot;
	memset(&shot, 0, sizeof shot);
	shot.client = s.client;
	shot.req.cid = cid;
	shot.attempts_left = o->retries + 1;
	app_loop_hooks h = {shot_done_p, shot_pump, NULL, &shot, 0};
	int interrupted = app_loop(&s, &h) != APP_LOOP_DONE;
	if (!interrupted && shot.status == KMP_OK) {
		*out = shot.msg;
		rc = EXIT_OK;
	} else {
		if (interrupted)
			fprintf(stderr, "kmpterm: %s: interrupted\n", kmp_cid_name(cid));
		else if (shot.status == KMP_ERR_CLOSED)
			fprintf(stderr, "kmpterm: %s: link lost: %s\n", kmp_cid_name(cid),
			        kmp_client_link_error(s.client));
		else
			fprintf(stderr, "kmpterm: %s: %s: %s\n", s.device, kmp_cid_name(cid),
			        kmp_strerror(shot.status));
		rc = EXIT_FAIL;
	}
	rc = app_session_status(&s, rc);
	app_session_close(&s);
	return rc;
}

int cmd_type(const app_options *o)
{
	kmp_msg m;
	if (o->nargs)
		return app_cmd_usage_error("type", "type takes no arguments");
	int rc = one_exchange(o, KMP_CID_GET_TYPE, &m);
	if (rc != EXIT_OK)
		return rc;
	char sw[16];
	kmp_type_sw_text(&m.type, sw, sizeof sw);
	if (o->json) {
		printf("{\"meter_type\":%u,\"sw_revision\":", m.type.meter_type);
		json_str(stdout, m.type.known ? sw : NULL);
		printf("}\n");
	} else {
		printf("meter type 0x%04X, software revision %s\n", m.type.meter_type, sw);
	}
	return EXIT_OK;
}

int cmd_serial(const app_options *o)
{
	kmp_msg m;
	if (o->nargs)
		return app_cmd_usage_error("serial", "serial takes no arguments");
	int rc = one_exchange(o, KMP_CID_GET_SERIAL, &m);
	if (rc != EXIT_OK)
		return rc;
	if (o->json)
		printf("{\"serial\":%u}\n", (unsigned)m.serial);
	else
		printf("%u\n", (unsigned)m.serial);
	return EXIT_OK;
}

/* --- events: GetEventStatus (9B); its write twin 9C is never built ---------- */

int cmd_events(const app_options *o)
{
	static kmp_msg m;
	kmp_flag flags[KMP_FLAGS_MAX];
	if (o->nargs)
		return app_usage_error("events takes no arguments");
	int rc = one_exchange(o, KMP_CID_GET_EVENT_STATUS, &m);
	if (rc != EXIT_OK)
		return rc;
	const uint8_t *es = m.event_status;
	int n = kmp_event_flags(o->family, es, flags, KMP_FLAGS_MAX);
	if (o->json) {
		printf("{\"event_status\":[%u,%u,%u,%u],\"flags\":", es[0], es[1], es[2], es[3]);
		print_flags_json(flags, n);
		printf("}\n");
	} else {
		printf("event status ES0..ES3: %02X %02X %02X %02X\n", es[0], es[1], es[2], es[3]);
		if (n == 0)
			printf("no flag set\n");
		for (int i = 0; i < n; i++)
			printf("  %-32s %s\n", flags[i].name, flags[i].text);
	}
	return EXIT_OK;
}
