/* trace_find.c - the trace view's time, ASCII and search (trace_find.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kmp/iso_time.h"
#include "tui/fmt.h"
#include "tui/trace_find.h"

const char *tui_trace_time(const tui_model *m, const tui_trace_entry *e, char *buf, size_t cap)
{
	if (m->trace.abs_time) {
		char iso[KMP_ISO_TIME_MAX];
		kmp_iso_time(&e->wall, iso, sizeof iso);
		snprintf(buf, cap, "%.12s", iso + 11); /* 10:00:00.123 */
		return buf;
	}
	return tui_trace_reltime(m, e, buf, cap);
}

const char *tui_trace_reltime(const tui_model *m, const tui_trace_entry *e, char *buf, size_t cap)
{
	if (m->replay.active) {
		/* the recording's own clock: the replay's speed changes nothing */
		const struct timespec *f = &m->replay.first_wall;
		int64_t d = (int64_t)(e->wall.tv_sec - f->tv_sec) * 1000000 +
		            (e->wall.tv_nsec - f->tv_nsec) / 1000;
		return tui_fmt_reltime(0, d > 0 ? (uint64_t)d : 0, buf, cap);
	}
	return tui_fmt_reltime(m->start_us, e->t_us, buf, cap);
}

const char *tui_trace_ascii(const tui_trace_entry *e, size_t n, char *buf, size_t cap)
{
	size_t i = 0;
	if (!cap)
		return buf;
	for (; i < n && i < e->raw_len && i + 1 < cap; i++)
		buf[i] = e->raw[i] >= 0x20 && e->raw[i] < 0x7F ? (char)e->raw[i] : '.';
	buf[i] = '\0';
	return buf;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* The pattern as bytes when it is only hex pairs (separators: space, ':',
 * '-'); returns the count, 0 when it is not hex. */
static size_t as_hex(const char *p, unsigned char *out, size_t cap)
{
	size_t n = 0;
	while (*p) {
		if (*p == ' ' || *p == ':' || *p == '-') {
			p++;
			continue;
		}
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		if (hexval((unsigned char)p[0]) < 0 || hexval((unsigned char)p[1]) < 0 || n == cap)
			return 0;
		out[n++] = (unsigned char)(hexval((unsigned char)p[0]) << 4 |
		                           hexval((unsigned char)p[1]));
		p += 2;
	}
	return n;
}

static int has_text(const char *s, const char *pat)
{
	size_t n = strlen(pat);
	for (; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] &&
		       tolower((unsigned char)s[i]) == tolower((unsigned char)pat[i]))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

int tui_trace_matches(const tui_trace_entry *e, const char *pattern)
{
	unsigned char want[64];
	char ascii[TUI_TRACE_RAW_MAX + 1];
	if (!pattern[0])
		return 0;
	size_t n = as_hex(pattern, want, sizeof want);
	for (size_t i = 0; n && i + n <= e->raw_len; i++)
		if (!memcmp(e->raw + i, want, n))
			return 1;
	tui_trace_ascii(e, e->raw_len, ascii, sizeof ascii);
	return has_text(e->dir, pattern) || has_text(e->check, pattern) ||
	       has_text(e->decode, pattern) || has_text(ascii, pattern);
}
