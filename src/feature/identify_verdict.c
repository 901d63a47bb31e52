/* identify_verdict.c - the identify verdict in words: names, the hint (the
 * likely cause and the next step), the config lines, ser2net's line. */
#include <stdio.h>
#include <string.h>

#include "client/trace_fmt.h"
#include "feature/identify.h"
#include "kmp/meter_type.h"

const char *kmp_id_verdict_name(kmp_id_verdict v)
{
	switch (v) {
	case KMP_ID_KMP:
		return "kmp";
	case KMP_ID_LEGACY:
		return "legacy";
	case KMP_ID_ECHO_ONLY:
		return "echo-only";
	case KMP_ID_SILENT:
		return "silent";
	case KMP_ID_GARBAGE:
		return "garbage";
	case KMP_ID_TEXT:
		return "text";
	case KMP_ID_LINK_ERROR:
		return "link-error";
	}
	return "?";
}

const char *kmp_id_verdict_words(kmp_id_verdict v)
{
	switch (v) {
	case KMP_ID_KMP:
		return "a KMP meter answers";
	case KMP_ID_LEGACY:
		return "a legacy MULTICAL (66C, 401, III) answers";
	case KMP_ID_ECHO_ONLY:
		return "only the head's echo comes back";
	case KMP_ID_SILENT:
		return "nothing comes back, not even an echo";
	case KMP_ID_GARBAGE:
		return "bytes come back, never a valid answer";
	case KMP_ID_TEXT:
		return "the line talks text, not KMP";
	case KMP_ID_LINK_ERROR:
		return "the link cannot be used";
	}
	return "?";
}

const char *kmp_id_result_name(kmp_id_result r)
{
	switch (r) {
	case KMP_IDR_ANSWER:
		return "answer";
	case KMP_IDR_ECHO:
		return "echo-only";
	case KMP_IDR_SILENT:
		return "silent";
	case KMP_IDR_GARBAGE:
		return "garbage";
	case KMP_IDR_TEXT:
		return "text";
	case KMP_IDR_LINK:
		return "link-error";
	}
	return "?";
}

const char *kmp_id_heard_name(kmp_id_heard h)
{
	switch (h) {
	case KMP_HEARD_NOTHING:
		return "nothing";
	case KMP_HEARD_TEXT:
		return "text";
	case KMP_HEARD_PUSH:
		return "iec62056-21";
	case KMP_HEARD_NOISE:
		return "noise";
	}
	return "?";
}

int kmp_identify_answered(const kmp_identify *id)
{
	return id->verdict == KMP_ID_KMP || id->verdict == KMP_ID_LEGACY;
}

const char *kmp_id_line_text(const kmp_link_config *l, char *buf, size_t cap)
{
	snprintf(buf, cap, "%d %d%c%d", l->baud, l->databits, l->parity, l->stopbits);
	return buf;
}

const char *kmp_identify_model(const kmp_identify *id)
{
	if (id->verdict == KMP_ID_LEGACY)
		return "MULTICAL 66C, 401 or III (legacy protocol)";
	if (!id->have_type)
		return NULL;
	const kmp_meter_type_info *info = kmp_meter_type_lookup(id->meter_type);
	return info ? info->model : NULL;
}

/* ser2net's "1200n82". */
static void ser2net_speed(const kmp_link_config *l, char *buf, size_t cap)
{
	char p = l->parity == 'E' ? 'e' : l->parity == 'O' ? 'o' : 'n';
	snprintf(buf, cap, "%d%c%d%d", l->baud, p, l->databits, l->stopbits);
}

/* The settings the meter most likely needs: what worked, else its
 * family's, else the heat meters' 1200 8N2 (protocol notes). */
static kmp_link_config wanted_line(const kmp_identify *id)
{
	kmp_link_config l = {.baud = 1200, .databits = 8, .parity = 'N', .stopbits = 2};
	if (id->family == KMP_FAMILY_ELECTRICITY) {
		l.baud = 9600;
		l.stopbits = 1;
	}
	return l;
}

const char *kmp_identify_ser2net(const kmp_identify *id, char *buf, size_t cap)
{
	char speed[24];
	if (!id->tcp) {
		snprintf(buf, cap, "%s", "");
		return buf;
	}
	kmp_link_config l = wanted_line(id);
	ser2net_speed(&l, speed, sizeof speed);
	snprintf(buf, cap, "connector: serialdev,/dev/ttyUSB0,%s", speed);
	return buf;
}

const char *kmp_identify_config(const kmp_identify *id, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
#define PUT(...)                                                                                   \
	do {                                                                                       \
		if (o < cap)                                                                       \
			o += (size_t)snprintf(buf + o, cap - o, __VA_ARGS__);                      \
	} while (0)
	if (id->verdict == KMP_ID_LEGACY) {
		/* the legacy reader switches between 300 and 1200 7E2 itself */
		PUT("protocol = legacy\n");
		return buf;
	}
	if (id->verdict != KMP_ID_KMP)
		return buf;
	if (!id->tcp && id->have_settings) {
		const kmp_link_config *l = &id->settings;
		PUT("baud = %d\n", l->baud);
		PUT("parity = %s\n", l->parity == 'E' ? "even" : l->parity == 'O' ? "odd" : "none");
		PUT("stopbits = %d\n", l->stopbits);
	}
	if (id->family != KMP_FAMILY_UNKNOWN)
		PUT("family = %s\n", kmp_family_key(id->family));
#undef PUT
	return buf;
}

/* The text the line said, quoted, for a hint: a data message by its
 * identification line ("/XXX5..." up to the CR), anything else whole. */
static const char *said(const kmp_identify *id, char *buf, size_t cap)
{
	const uint8_t *p = id->text_seen ? id->text_bytes : id->heard_bytes;
	size_t n = id->text_seen ? id->text_len : id->heard_len;
	if (id->push) {
		const uint8_t *slash = memchr(p, '/', n);
		if (slash) {
			n -= (size_t)(slash - p);
			p = slash;
			const uint8_t *cr = memchr(p, '\r', n);
			if (cr)
				n = (size_t)(cr - p);
		}
	}
	return kmp_bytes_quoted(p, n, buf, cap);
}

const char *kmp_identify_hint(const kmp_identify *id, char *buf, size_t cap)
{
	char text[160], line[32], s2n[64];
	switch (id->verdict) {
	case KMP_ID_KMP:
		if (id->tcp)
			snprintf(buf, cap,
			         "A KMP meter answers through the bridge: its serial settings are "
			         "right; keep them.%s",
			         id->echo
			                 ? " The head echoes what it sends; kmpterm skips the echo."
			                 : "");
		else
			snprintf(buf, cap,
			         "A KMP meter answers at %s. Put the config lines in "
			         "~/.config/kmpterm/config (or give -b/--parity/--stopbits).%s",
			         kmp_id_line_text(&id->settings, line, sizeof line),
			         id->echo
			                 ? " The head echoes what it sends; kmpterm skips the echo."
			                 : "");
		break;
	case KMP_ID_LEGACY:
		snprintf(buf, cap,
		         "A MULTICAL 66C, 401 or III answers the legacy protocol (requests at 300 "
		         "7E2, answers at 1200 7E2); it does not speak KMP. With 'protocol = "
		         "legacy' "
		         "(or --protocol legacy) kmpterm read prints its data; ask at most every 5 "
		         "s "
		         "(the vendor's advice).");
		break;
	case KMP_ID_ECHO_ONLY:
		snprintf(
		        buf, cap,
		        "Only the head's echo comes back: the head works, the meter does not see "
		        "it. "
		        "The meter may be asleep: press its front button (a MULTICAL 403 answers "
		        "for "
		        "about 4 minutes after a press) and run identify again. Or the head is not "
		        "on the meter's eye: in the terminal, view 3 (kmpterm, then 3) shows every "
		        "probe while you move it.%s",
		        id->tcp ? " Over a bridge, its serial settings may also be wrong." : "");
		break;
	case KMP_ID_SILENT:
		snprintf(buf, cap,
		         "Nothing came back at any setting, not even the head's echo. Most heads "
		         "echo "
		         "what they send, so the head is most likely not powered or not connected: "
		         "check the cable and the USB adapter, and that -d names the head "
		         "(kmpterm ports). A head that never echoes may be fine: then the meter is "
		         "asleep (press its front button; a MULTICAL 403 answers for about 4 "
		         "minutes after a press) or the head sits upside down (inverted).%s",
		         id->tcp ? " Over a bridge: is its serial device the head?" : "");
		break;
	case KMP_ID_GARBAGE:
		snprintf(buf, cap,
		         "Bytes come back, but never a valid answer: check the wiring (TX and RX "
		         "swapped, no ground), whether the head needs an inverted signal, and the "
		         "adapter itself (kmpterm loopback, with TX and RX bridged). A meter at a "
		         "speed kmpterm does not try would look the same: give it with -b.%s",
		         id->tcp ? " Over a bridge: its serial settings are probably wrong." : "");
		break;
	case KMP_ID_TEXT:
		if (id->push)
			snprintf(
			        buf, cap,
			        "Another kind of meter is on this line: it sends IEC 62056-21 data "
			        "messages by itself (%s). It does not speak KMP; read it with an "
			        "IEC "
			        "62056-21 (P1/DSMR) reader.",
			        said(id, text, sizeof text));
		else
			snprintf(
			        buf, cap,
			        "The line answers with text: %s. That is a bridge or an adapter "
			        "talking, not a Kamstrup meter (ser2net writes such a message when "
			        "it cannot open its serial device): fix it and run identify again.",
			        said(id, text, sizeof text));
		break;
	case KMP_ID_LINK_ERROR:
		snprintf(buf, cap, "%s", id->link_error);
		break;
	}
	if (id->tcp && !kmp_identify_answered(id) && id->verdict != KMP_ID_LINK_ERROR &&
	    id->verdict != KMP_ID_TEXT) {
		size_t n = strlen(buf);
		snprintf(buf + n, cap - n,
		         " The bridge owns the serial settings: for a MULTICAL heat or water meter "
		         "ser2net needs '%s' (9600n81 for a 382, 162 or 351).",
		         kmp_identify_ser2net(id, s2n, sizeof s2n));
	}
	return buf;
}
