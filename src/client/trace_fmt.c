/* trace_fmt.c - text form of client events (see trace_fmt.h). */
#include <stdio.h>
#include <string.h>

#include "client/trace_fmt.h"
#include "kmp/describe.h"
#include "kmp/error.h"

const char *kmp_event_dir(const kmp_event *ev)
{
	switch (ev->kind) {
	case KMP_EV_TX:
		return "TX";
	case KMP_EV_RX:
		return "RX";
	case KMP_EV_ECHO:
		return "ECHO";
	case KMP_EV_ACK:
		return "ACK";
	case KMP_EV_ZERO:
		return "ZERO";
	case KMP_EV_GARBAGE:
		return "GARBAGE";
	case KMP_EV_PARTIAL:
		return "PARTIAL";
	case KMP_EV_TIMEOUT:
		return "TIMEOUT";
	case KMP_EV_LINK_UP:
	case KMP_EV_LINK_DOWN:
		return "LINK";
	}
	return "?";
}

const char *kmp_bytes_quoted(const uint8_t *p, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	if (cap < 8) {
		if (cap)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		char piece[8];
		uint8_t b = p[i];
		if (b == '\r')
			snprintf(piece, sizeof piece, "\\r");
		else if (b == '\n')
			snprintf(piece, sizeof piece, "\\n");
		else if (b == '\t')
			snprintf(piece, sizeof piece, "\\t");
		else if (b == '"' || b == '\\')
			snprintf(piece, sizeof piece, "\\%c", b);
		else if (b >= 0x20 && b < 0x7F)
			snprintf(piece, sizeof piece, "%c", b);
		else
			snprintf(piece, sizeof piece, "\\x%02X", b);
		size_t k = strlen(piece);
		if (o + k + 5 > cap) { /* room for ...", the quote and NUL */
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(buf + o, piece, k);
		o += k;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

int kmp_bytes_textlike(const uint8_t *p, size_t n)
{
	size_t bad = 0;
	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 0x20 && p[i] < 0x7F) || p[i] == '\r' || p[i] == '\n' ||
		      p[i] == '\t'))
			bad++;
	return bad * 16 <= n;
}

const char *kmp_event_status(const kmp_event *ev, char *buf, size_t cap)
{
	if (ev->kind == KMP_EV_TX && !ev->frame) {
		snprintf(buf, cap, "RAW");
		return buf;
	}
	switch (ev->kind) {
	case KMP_EV_TX:
	case KMP_EV_RX:
	case KMP_EV_ECHO:
		return kmp_describe_check(ev->frame, buf, cap);
	case KMP_EV_ACK:
		snprintf(buf, cap, "ACK");
		break;
	case KMP_EV_ZERO:
		snprintf(buf, cap, "IGNORED");
		break;
	case KMP_EV_GARBAGE:
		snprintf(buf, cap, "GARBAGE %zu bytes", ev->raw_len);
		break;
	case KMP_EV_PARTIAL:
		snprintf(buf, cap, "PARTIAL");
		break;
	case KMP_EV_TIMEOUT:
		snprintf(buf, cap, "%s",
		         ev->status == KMP_ERR_ECHO_ONLY   ? "ECHO ONLY"
		         : ev->status == KMP_ERR_GARBAGE   ? "TIMEOUT (garbage only)"
		         : ev->status == KMP_ERR_PARTIAL   ? "TIMEOUT (partial)"
		         : ev->status == KMP_ERR_LINE_BUSY ? "LINE BUSY"
		                                           : "TIMEOUT");
		break;
	case KMP_EV_LINK_UP:
		snprintf(buf, cap, "UP");
		break;
	case KMP_EV_LINK_DOWN:
		snprintf(buf, cap, "DOWN");
		break;
	}
	return buf;
}

const char *kmp_event_decode(const kmp_event *ev, int ascii, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (ev->kind == KMP_EV_TX && !ev->frame) {
		size_t n = (size_t)snprintf(buf, cap, "raw payload, not KMP: ");
		if (n < cap)
			kmp_bytes_quoted(ev->raw, ev->raw_len, buf + n, cap - n);
		return buf;
	}
	switch (ev->kind) {
	case KMP_EV_TX:
	case KMP_EV_ECHO:
		kmp_describe(ev->frame, ev->frame->status == KMP_OK ? ev->msg : NULL, ascii, buf,
		             cap);
		if (ev->kind == KMP_EV_ECHO) {
			size_t n = strlen(buf);
			snprintf(buf + n, cap - n, "%s",
			         ev->own_echo ? " (echo of our request)"
			                      : " (a request we did not send)");
		}
		break;
	case KMP_EV_RX: {
		kmp_describe(ev->frame, ev->msg, ascii, buf, cap);
		if (ev->frame->status == KMP_OK && !ev->msg && ev->status != KMP_OK) {
			size_t n = strlen(buf);
			snprintf(buf + n, cap - n, ": %s", kmp_strerror(ev->status));
		}
		if (ev->discarded) {
			size_t n = strlen(buf);
			snprintf(buf + n, cap - n, " (discarded: no request waiting)");
		}
		break;
	}
	case KMP_EV_ZERO:
		snprintf(buf, cap, "lone 00 from the meter");
		break;
	case KMP_EV_GARBAGE:
		/* a bridge's message or a legacy meter's digits: show the text */
		if (kmp_bytes_textlike(ev->raw, ev->raw_len)) {
			size_t n = (size_t)snprintf(buf, cap, "text ");
			if (n < cap)
				kmp_bytes_quoted(ev->raw, ev->raw_len, buf + n, cap - n);
		}
		break;
	case KMP_EV_TIMEOUT:
		snprintf(buf, cap, "%s", kmp_strerror(ev->status));
		break;
	case KMP_EV_LINK_UP:
	case KMP_EV_LINK_DOWN:
		snprintf(buf, cap, "%s", ev->detail ? ev->detail : "");
		break;
	default:
		break;
	}
	return buf;
}

const char *kmp_event_line(const kmp_event *ev, char *buf, size_t cap)
{
	char when[40], hex[3 * KMP_FRAME_MAX + 8], status[64], decode[1024];
	kmp_iso_time(&ev->wall, when, sizeof when);
	if (ev->raw_len)
		kmp_hex(ev->raw, ev->raw_len, hex, sizeof hex);
	else
		snprintf(hex, sizeof hex, "-");
	kmp_event_status(ev, status, sizeof status);
	kmp_event_decode(ev, 0, decode, sizeof decode);
	snprintf(buf, cap, "%s\t%s\t%s\t%s\t%s", when, kmp_event_dir(ev), hex, status, decode);
	return buf;
}
