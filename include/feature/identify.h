/* identify.h - "what is on this line?": find the meter, its line settings,
 * its protocol and family, or say why nothing answers (issue 12).
 *
 * The steps, stopping at the first real answer:
 *   1. listen without sending for a moment: a bridge's error message, an
 *      IEC 62056-21 data message pushed by another kind of meter ("/XXX5"),
 *      noise, or nothing;
 *   2. GetType at 1200 8N2, the optical heads' settings (protocol notes,
 *      "Physical layer"); each answer is classified: answer, echo only,
 *      silent, garbage or text;
 *   3. without a valid answer the other settings real meters use, most
 *      likely first: 1200 8N1, 2400 8N2 (MULTICAL 302), 9600 8N1 (382, 162,
 *      351), then the legacy protocol of the MULTICAL 66C/401/III ("/#1"
 *      sent at 300 7E2, the answer read at 1200 7E2).  The client keeps the
 *      protocol's pauses, also across a change of settings (a meter that
 *      heard garbage is deaf for 1.6 s).  Over TCP the settings are the
 *      bridge's: one KMP try at whatever it runs, classified, no change;
 *   4. on an answer: GetSerialNo, and one GetRegister of the registers that
 *      tell the families apart and name the meter (meter_type.h), unless
 *      the GetType code already names the model; for the legacy protocol
 *      "/#2" (the programme that fixes the decimals of "/#1").
 * Only read requests are sent: GetType, GetSerialNo, GetRegister, "/#1",
 * "/#2".  The line is left at the settings that worked, or put back as it
 * was when nothing answered.
 *
 * Pure over the client: time comes from the caller, nothing blocks, prints
 * or exits.  Drive it from the owner's poll() loop:
 *   kmp_identify_start(&id, client, now);
 *   loop: kmp_identify_pump(&id, now); poll() until the earlier of the
 *         client's timeout and kmp_identify_wake_us(); kmp_client_step();
 *   observer: kmp_identify_on_event(&id, ev) for every client event (the
 *         engine reads stray bytes as text or garbage from them)
 *   until kmp_identify_done(&id); then read the fields below. */
#ifndef FEATURE_IDENTIFY_H
#define FEATURE_IDENTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "kmp/family.h"
#include "kmp/legacy.h"
#include "kmp/value.h"

typedef enum kmp_id_verdict {
	KMP_ID_KMP,        /* a KMP meter answered */
	KMP_ID_LEGACY,     /* a MULTICAL 66C/401/III answered /#1 */
	KMP_ID_ECHO_ONLY,  /* only the head's echo came back */
	KMP_ID_SILENT,     /* nothing came back, not even an echo */
	KMP_ID_GARBAGE,    /* bytes came, but never a valid answer */
	KMP_ID_TEXT,       /* text came: a bridge's message, another kind of meter */
	KMP_ID_LINK_ERROR, /* the device or the bridge could not be used */
} kmp_id_verdict;

/* How one try ended. */
typedef enum kmp_id_result {
	KMP_IDR_ANSWER,
	KMP_IDR_ECHO,
	KMP_IDR_SILENT,
	KMP_IDR_GARBAGE,
	KMP_IDR_TEXT,
	KMP_IDR_LINK,
} kmp_id_result;

/* What the line said by itself before anything was sent. */
typedef enum kmp_id_heard {
	KMP_HEARD_NOTHING,
	KMP_HEARD_TEXT,  /* readable text: a bridge's message */
	KMP_HEARD_PUSH,  /* an IEC 62056-21 data message: "/XXX5..." */
	KMP_HEARD_NOISE, /* bytes that are no text */
} kmp_id_heard;

typedef enum kmp_id_protocol { KMP_ID_PROTO_KMP, KMP_ID_PROTO_LEGACY } kmp_id_protocol;

#define KMP_ID_TRIES_MAX 8
#define KMP_ID_TEXT_MAX 256
#define KMP_ID_TYPE_REGS 3

typedef struct kmp_id_try {
	kmp_id_protocol protocol;
	kmp_link_config line; /* baud, databits, parity, stopbits (the answer's, for legacy) */
	int bridge;           /* over TCP: the bridge's settings, unknown to us */
	kmp_id_result result;
	int echo; /* the head's echo came back */
} kmp_id_try;

/* A register that names the meter (404, 640, 1126), as it answered. */
typedef struct kmp_id_type_reg {
	uint16_t id;
	uint8_t unit;
	kmp_value value;
} kmp_id_type_reg;

typedef struct kmp_identify {
	kmp_client *client;
	int tcp;                   /* the link is a TCP bridge */
	kmp_link_config original;  /* the line as it was */
	kmp_family family_hint;    /* --family / family = (KMP_FAMILY_UNKNOWN: find it) */
	uint64_t start_us, end_us; /* when it started and when the verdict came */

	/* the engine (identify.c) */
	int step;
	int plan_i; /* which of the settings is being tried */
	int attempts;
	int in_flight;
	int collecting; /* reading stray bytes from the observer for the current try */
	uint8_t seen[KMP_ID_TEXT_MAX];
	size_t seen_len;
	unsigned seen_bad_frames;
	int done;

	/* the outcome */
	kmp_id_verdict verdict;
	kmp_id_heard heard;
	uint8_t heard_bytes[KMP_ID_TEXT_MAX]; /* what the line said (listening, or to a request) */
	size_t heard_len;
	int push;                            /* the text is an IEC 62056-21 data message */
	int text_seen;                       /* a try got text back */
	uint8_t text_bytes[KMP_ID_TEXT_MAX]; /* ... this text */
	size_t text_len;
	kmp_id_try tried[KMP_ID_TRIES_MAX];
	size_t n_tried;
	int echo;                 /* the head echoes */
	int have_settings;        /* settings holds what worked */
	kmp_link_config settings; /* for legacy: the answer's (1200 7E2); requests go at 300 */
	kmp_id_protocol protocol;
	int have_type;
	uint16_t meter_type;
	char sw_revision[16];
	int have_serial;
	uint32_t serial;
	kmp_family family;
	const char *family_from; /* "type code", "registers", "settings", "--family" or NULL */
	kmp_id_type_reg type_regs[KMP_ID_TYPE_REGS];
	size_t n_type_regs;
	int have_legacy1, have_legacy2;
	kmp_legacy_data legacy1, legacy2;
	int legacy_scaled; /* fields of legacy1 scaled from legacy2's programme */
	char link_error[256];
} kmp_identify;

/* Start over on client (the link up or connecting).  family_hint: a family
 * the user named (KMP_FAMILY_UNKNOWN: find out).  id must outlive any
 * exchange of it on the wire (or be stopped with kmp_identify_stop). */
void kmp_identify_start(kmp_identify *id, kmp_client *c, kmp_family family_hint, uint64_t now_us);
/* Submit the next step when the client is free.  Call every loop turn. */
void kmp_identify_pump(kmp_identify *id, uint64_t now_us);
/* Every client event, from the owner's observer. */
void kmp_identify_on_event(kmp_identify *id, const kmp_event *ev);
/* The engine's own next deadline (0: none; the client's timeouts drive it). */
uint64_t kmp_identify_wake_us(const kmp_identify *id);
int kmp_identify_done(const kmp_identify *id);
/* Abandon it at now_us (its end_us, for "stopped after N s"): an exchange
 * in flight is detached, the line put back. */
void kmp_identify_stop(kmp_identify *id, uint64_t now_us);

/* What it is doing now, for a progress line: "listening", "1200 8N2: GetType". */
const char *kmp_identify_progress(const kmp_identify *id, char *buf, size_t cap);

/* ---- the verdict in words (identify_verdict.c) ---- */

/* "kmp", "legacy", "echo-only", "silent", "garbage", "text", "link-error" */
const char *kmp_id_verdict_name(kmp_id_verdict v);
/* The verdict in a few words: "a KMP meter answers", "nothing comes back,
 * not even an echo", ... (identify's text and view 5 say the same). */
const char *kmp_id_verdict_words(kmp_id_verdict v);
/* "answer", "echo-only", "silent", "garbage", "text", "link-error" */
const char *kmp_id_result_name(kmp_id_result r);
/* "nothing", "text", "iec62056-21", "noise" */
const char *kmp_id_heard_name(kmp_id_heard h);
/* 1 when a meter answered (exit status 0). */
int kmp_identify_answered(const kmp_identify *id);
/* The most likely cause and the next step, one paragraph. */
const char *kmp_identify_hint(const kmp_identify *id, char *buf, size_t cap);
/* The config file's lines for what worked ("baud = 9600\nstopbits = 1\n"),
 * with the keys of the command line's options; "" when nothing answered. */
const char *kmp_identify_config(const kmp_identify *id, char *buf, size_t cap);
/* Over TCP: ser2net's connector line for the settings the meter needs
 * ("connector: serialdev,/dev/ttyUSB0,1200n82"); "" on other links. */
const char *kmp_identify_ser2net(const kmp_identify *id, char *buf, size_t cap);
/* "1200 8N2" */
const char *kmp_id_line_text(const kmp_link_config *l, char *buf, size_t cap);
/* The model as a public source names it (meter_type.h), NULL when none. */
const char *kmp_identify_model(const kmp_identify *id);

#endif
