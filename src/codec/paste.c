/* paste.c - frames as people paste them (see paste.h).  Each line is
 * tried against the forms from the most specific shape to the least, so
 * a hexdump offset is never read as data and a --log line's DECODE column
 * never as hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/paste.h"

const char *kmp_side_name(kmp_side s)
{
	return s == KMP_SIDE_TX ? "TX" : s == KMP_SIDE_RX ? "RX" : NULL;
}

/* What one line turned into, or why it did not. */
typedef struct out {
	uint8_t *b;
	size_t n, cap;
	unsigned err_col; /* 0: no error */
	char err[160];
} out;

typedef struct state {
	const kmp_paste_cb *cb;
	kmp_paste_stats *st;
	unsigned line;
	/* socat: inside a record after its "> date length=" header */
	int socat;
	kmp_side socat_side;
	char socat_time[40];
	/* hexdump -C: the last data line, for a '*' (repeated lines) */
	unsigned long hd_off;
	uint8_t hd_last[16];
	size_t hd_n;
	int hd_star;
	int hd_seen;
} state;

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t';
}

static int fail(out *o, const char *line, const char *p, const char *fmt, int ch)
{
	if (!o->err_col) {
		o->err_col = (unsigned)(p - line) + 1;
		if (ch >= 0x20 && ch < 0x7F)
			snprintf(o->err, sizeof o->err, fmt, ch);
		else
			snprintf(o->err, sizeof o->err, "unexpected byte 0x%02X", ch & 0xFF);
		size_t n = strlen(o->err); /* messages without a character end in its ' ' */
		while (n && o->err[n - 1] == ' ')
			o->err[--n] = 0;
	}
	return -1;
}

static void put(out *o, uint8_t b)
{
	if (o->n < o->cap)
		o->b[o->n++] = b;
}

/* Plain hex from p to end: "803F", "80 3F", "80:3F", "0x80,0x3F", "80-3F".
 * line is the whole line (for columns). */
static int parse_hex(out *o, const char *line, const char *p, const char *end)
{
	int half = -1;
	const char *half_at = p;
	for (; p < end; p++) {
		int c = (unsigned char)*p;
		if (is_space(c) || c == ':' || c == ',' || c == '-' || c == ';') {
			if (half >= 0)
				return fail(o, line, half_at, "a lone hex digit before '%c'", *p);
			continue;
		}
		if (half < 0 && c == '0' && p + 2 < end && (p[1] == 'x' || p[1] == 'X') &&
		    hexval((unsigned char)p[2]) >= 0) {
			p++; /* a 0x prefix */
			continue;
		}
		int v = hexval(c);
		if (v < 0)
			return fail(o, line, p, "not hex: unexpected '%c'", c);
		if (half < 0) {
			half = v;
			half_at = p;
		} else {
			put(o, (uint8_t)(half << 4 | v));
			half = -1;
		}
	}
	if (half >= 0)
		return fail(o, line, half_at, "not hex: an odd number of hex digits%c", ' ');
	return 0;
}

/* A quoted C or Python string: "...", '...', b'...', b"...": printable
 * characters are their bytes, escapes \xHH \n \r \t \a \b \v \f \e \0 \\
 * \' \".  p points at the opening quote.  Returns the end (after the
 * closing quote) or NULL. */
static const char *parse_quoted(out *o, const char *line, const char *p, const char *end)
{
	char q = *p++;
	while (p < end && *p != q) {
		int c = (unsigned char)*p;
		if (c != '\\') {
			put(o, (uint8_t)c);
			p++;
			continue;
		}
		if (p + 1 >= end) {
			fail(o, line, p, "a backslash at the end%c", ' ');
			return NULL;
		}
		const char *esc = p;
		char e = p[1];
		p += 2;
		switch (e) {
		case 'x': {
			int h = p < end ? hexval((unsigned char)*p) : -1;
			int l = p + 1 < end ? hexval((unsigned char)p[1]) : -1;
			if (h < 0) {
				fail(o, line, esc, "\\x without hex digits%c", ' ');
				return NULL;
			}
			if (l >= 0) {
				put(o, (uint8_t)(h << 4 | l));
				p += 2;
			} else {
				put(o, (uint8_t)h);
				p++;
			}
			break;
		}
		case 'n':
			put(o, 0x0A);
			break;
		case 'r':
			put(o, 0x0D);
			break;
		case 't':
			put(o, 0x09);
			break;
		case 'a':
			put(o, 0x07);
			break;
		case 'b':
			put(o, 0x08);
			break;
		case 'v':
			put(o, 0x0B);
			break;
		case 'f':
			put(o, 0x0C);
			break;
		case 'e':
			put(o, 0x1B);
			break;
		case '0':
			put(o, 0x00);
			break;
		case '\\':
			put(o, '\\');
			break;
		case '\'':
			put(o, '\'');
			break;
		case '"':
			put(o, '"');
			break;
		default:
			fail(o, line, esc, "unknown escape \\%c", e);
			return NULL;
		}
	}
	if (p >= end) {
		fail(o, line, p, "the string is not closed%c", ' ');
		return NULL;
	}
	return p + 1;
}

/* Bare escapes: \x80\x3f\x02 (spaces between them allowed). */
static int parse_escapes(out *o, const char *line, const char *p, const char *end)
{
	while (p < end) {
		if (is_space((unsigned char)*p)) {
			p++;
			continue;
		}
		if (*p != '\\' || p + 1 >= end)
			return fail(o, line, p, "not an escape: unexpected '%c'",
			            (unsigned char)*p);
		/* reuse the quoted parser on one escape: fake a one-escape string */
		char tmp[8];
		size_t k = (size_t)(end - p) < 4 ? (size_t)(end - p) : 4;
		tmp[0] = '"';
		memcpy(tmp + 1, p, k);
		size_t len = 1 + k;
		/* \xH followed by a non-hex: only take what belongs to the escape */
		size_t take =
		        p[1] == 'x' ? (k >= 4 && hexval((unsigned char)p[3]) >= 0 ? 4 : 3) : 2;
		if (take > k)
			take = k;
		tmp[1 + take] = '"';
		len = 2 + take;
		out one = *o;
		one.err_col = 0;
		if (!parse_quoted(&one, tmp, tmp, tmp + len)) {
			o->n = one.n;
			return fail(o, line, p, "not an escape: unexpected '%c'",
			            (unsigned char)p[1]);
		}
		o->n = one.n;
		p += take;
	}
	return 0;
}

/* [0x80, 0x3f] or [128, 63]: p at '['. */
static int parse_list(out *o, const char *line, const char *p, const char *end)
{
	p++;
	for (;;) {
		while (p < end && (is_space((unsigned char)*p) || *p == ','))
			p++;
		if (p >= end)
			return fail(o, line, p, "the list is not closed with ']'%c", ' ');
		if (*p == ']') {
			for (p++; p < end; p++)
				if (!is_space((unsigned char)*p))
					return fail(o, line, p, "unexpected '%c' after the list",
					            (unsigned char)*p);
			return 0;
		}
		const char *start = p;
		unsigned long v = 0;
		int digits = 0;
		if (p + 1 < end && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			for (p += 2; p < end && hexval((unsigned char)*p) >= 0 && digits < 3;
			     p++, digits++)
				v = v * 16 + (unsigned)hexval((unsigned char)*p);
		} else {
			for (; p < end && *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
				v = v * 10 + (unsigned)(*p - '0');
		}
		if (!digits || v > 255 || (p < end && *p != ',' && *p != ']' && !is_space(*p)))
			return fail(o, line, start, "not a byte (0..255 or 0x00..0xFF) at '%c'",
			            (unsigned char)*start);
		put(o, (uint8_t)v);
	}
}

/* Any data form after a direction mark or a log prefix: a quoted string,
 * b'...', a [list], bare escapes or hex. */
static int parse_data(out *o, const char *line, const char *p, const char *end, const char **form)
{
	while (p < end && is_space((unsigned char)*p))
		p++;
	if (p < end && *p == '[') {
		*form = "python list";
		return parse_list(o, line, p, end);
	}
	const char *lit = p;
	if (p + 11 < end && !strncmp(p, "bytearray(", 10))
		lit = p + 10;
	if (lit + 1 < end && lit[0] == 'b' && (lit[1] == '\'' || lit[1] == '"')) {
		*form = "python bytes";
		const char *after = parse_quoted(o, line, lit + 1, end);
		if (!after)
			return -1;
		if (lit != p && after < end && *after == ')')
			after++;
		for (; after < end; after++)
			if (!is_space((unsigned char)*after))
				return fail(o, line, after, "unexpected '%c' after the bytes",
				            (unsigned char)*after);
		return 0;
	}
	if (p < end && (*p == '"' || *p == '\'')) {
		*form = "escapes";
		const char *after = parse_quoted(o, line, p, end);
		if (!after)
			return -1;
		for (; after < end; after++)
			if (!is_space((unsigned char)*after))
				return fail(o, line, after, "unexpected '%c' after the string",
				            (unsigned char)*after);
		return 0;
	}
	if (p < end && *p == '\\') {
		*form = "escapes";
		return parse_escapes(o, line, p, end);
	}
	*form = "hex";
	return parse_hex(o, line, p, end);
}

static void emit(state *s, out *o, kmp_side side, const char *time, const char *form,
                 const char *dir, int whole)
{
	if (!o->n)
		return;
	kmp_paste_chunk c = {side, s->line, time ? time : "", form, dir, whole, o->b, o->n};
	s->st->chunks++;
	if (s->cb->chunk)
		s->cb->chunk(s->cb->ctx, &c);
}

static int digits(const char *p, const char *end, int n)
{
	for (int i = 0; i < n; i++)
		if (p + i >= end || p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

static int hexdigits(const char *p, const char *end, int n)
{
	for (int i = 0; i < n; i++)
		if (p + i >= end || hexval((unsigned char)p[i]) < 0)
			return 0;
	return 1;
}

/* --- the forms ------------------------------------------------------------- */

/* 2026-11-21T10:00:00.012Z<TAB>DIR<TAB>HEX<TAB>STATUS<TAB>DECODE */
static int kmpterm_log(state *s, out *o, const char *line, const char *end)
{
	if (!(digits(line, end, 4) && line[4] == '-' && digits(line + 5, end, 2) &&
	      line[7] == '-' && digits(line + 8, end, 2) && line[10] == 'T'))
		return 0;
	const char *tab = memchr(line, '\t', (size_t)(end - line));
	if (!tab || tab[-1] != 'Z')
		return 0;
	char time[40], dir[16];
	snprintf(time, sizeof time, "%.*s", (int)(tab - line), line);
	const char *d = tab + 1, *dend = memchr(d, '\t', (size_t)(end - d));
	if (!dend || dend - d >= (long)sizeof dir)
		return 0;
	snprintf(dir, sizeof dir, "%.*s", (int)(dend - d), d);
	const char *h = dend + 1, *hend = memchr(h, '\t', (size_t)(end - h));
	if (!hend)
		hend = end;
	if (hend - h == 1 && *h == '-') { /* TIMEOUT, LINK: no bytes */
		s->st->skipped++;
		return 1;
	}
	static const char *const dirs[] = {"TX",      "RX",      "ECHO",    "ACK", "ZERO",
	                                   "GARBAGE", "PARTIAL", "TIMEOUT", "LINK"};
	const char *known = NULL;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (!strcmp(dir, dirs[i]))
			known = dirs[i];
	if (!known) {
		fail(o, line, d, "unknown direction in a kmpterm log line%c", ' ');
		return 1;
	}
	if (parse_hex(o, line, h, hend) == 0)
		emit(s, o, strcmp(known, "TX") ? KMP_SIDE_RX : KMP_SIDE_TX, time, "kmpterm log",
		     known, 1);
	return 1;
}

/* "> 2026/11/29 12:00:01.123456  length=6 from=0 to=5" */
static int socat_header(state *s, const char *line, const char *end)
{
	if (end - line < 24 || (line[0] != '>' && line[0] != '<') || line[1] != ' ' ||
	    !digits(line + 2, end, 4) || line[6] != '/' || !strstr(line, "length="))
		return 0;
	s->socat = 1;
	s->socat_side = line[0] == '>' ? KMP_SIDE_TX : KMP_SIDE_RX;
	const char *t = line + 2, *te = t;
	while (te < end && !(is_space((unsigned char)te[0]) && te + 1 < end && te[1] == ' '))
		te++;
	snprintf(s->socat_time, sizeof s->socat_time, "%.*s", (int)(te - t), t);
	s->st->skipped++;
	return 1;
}

/* " 80 3f 02 35 e9 0d  .?.5.." inside a socat record: the hex up to the
 * two spaces before socat -v's text column. */
static int socat_data(state *s, out *o, const char *line, const char *end)
{
	if (!s->socat || line[0] != ' ' || !hexdigits(line + 1, end, 2))
		return 0;
	const char *p = line + 1, *hend = p;
	while (hend < end && !(hend[0] == ' ' && hend + 1 < end && hend[1] == ' '))
		hend++;
	if (parse_hex(o, line, p, hend) == 0)
		emit(s, o, s->socat_side, s->socat_time, "socat", NULL, 0);
	return 1;
}

/* "00000000: 803f 0235 e90d      .?.5.." */
static int xxd(state *s, out *o, const char *line, const char *end)
{
	if (end - line < 10 || !hexdigits(line, end, 8) || line[8] != ':' || line[9] != ' ')
		return 0;
	const char *p = line + 10, *hend = p;
	while (hend < end && !(hend[0] == ' ' && hend + 1 < end && hend[1] == ' '))
		hend++;
	if (parse_hex(o, line, p, hend) == 0)
		emit(s, o, KMP_SIDE_UNKNOWN, NULL, "xxd", NULL, 0);
	return 1;
}

/* Lines repeated by hexdump's '*' up to offset off. */
static void hexdump_repeat(state *s, out *o, unsigned long off)
{
	if (!s->hd_star)
		return;
	s->hd_star = 0;
	if (s->hd_n != 16)
		return;
	unsigned long next = s->hd_off + 16;
	while (next + 16 <= off && o->n + 16 <= o->cap) {
		memcpy(o->b + o->n, s->hd_last, 16);
		o->n += 16;
		next += 16;
	}
	emit(s, o, KMP_SIDE_UNKNOWN, NULL, "hexdump -C", NULL, 0);
	o->n = 0;
}

/* "00000000  80 3f 02 35 e9 0d  |.?.5..|", "*", "00000006" */
static int hexdump_c(state *s, out *o, const char *line, const char *end)
{
	if (end - line == 1 && line[0] == '*' && s->hd_seen) {
		s->hd_star = 1;
		s->st->skipped++;
		return 1;
	}
	if (end - line < 8 || !hexdigits(line, end, 8) || (end - line > 8 && hexval(line[8]) >= 0))
		return 0;
	unsigned long off = strtoul(line, NULL, 16);
	if (end - line == 8) { /* the length line at the end */
		if (!s->hd_seen)
			return 0;
		hexdump_repeat(s, o, off);
		s->st->skipped++;
		return 1;
	}
	if (line[8] != ' ' || line[9] != ' ')
		return 0;
	hexdump_repeat(s, o, off);
	const char *p = line + 10, *hend = memchr(p, '|', (size_t)(end - p));
	if (!hend)
		hend = end;
	size_t before = o->n;
	if (parse_hex(o, line, p, hend) == 0) {
		s->hd_seen = 1;
		s->hd_off = off;
		s->hd_n = o->n - before;
		memcpy(s->hd_last, o->b + before, s->hd_n > 16 ? 16 : s->hd_n);
		emit(s, o, KMP_SIDE_UNKNOWN, NULL, "hexdump -C", NULL, 0);
	}
	return 1;
}

/* hexdump without -C: 16-bit words in the machine's byte order, which a
 * paste cannot tell: said, not guessed. */
static int hexdump_words(out *o, const char *line, const char *end)
{
	if (end - line < 12 || !hexdigits(line, end, 7) || line[7] != ' ' ||
	    !hexdigits(line + 8, end, 4) || (end - line > 12 && line[12] != ' '))
		return 0;
	fail(o, line, line + 8,
	     "hexdump without -C shows 16-bit words in the machine's byte order: paste "
	     "hexdump -C or xxd output instead%c",
	     ' ');
	return 1;
}

/* "[12:00:01][D][uart_debug:114]: <<< 40:3F:..." and any line with <<< or
 * >>> (ESPHome's uart debug marks). */
static int esphome(state *s, out *o, const char *line, const char *end)
{
	const char *rx = NULL, *tx = NULL;
	for (const char *p = line; p + 3 <= end; p++) {
		if (!rx && !memcmp(p, "<<<", 3))
			rx = p;
		if (!tx && !memcmp(p, ">>>", 3))
			tx = p;
	}
	const char *mark = rx && (!tx || rx < tx) ? rx : tx;
	int bracketed = line[0] == '[' && digits(line + 1, end, 2) && line[3] == ':';
	if (!mark) {
		if (bracketed) { /* another ESPHome message */
			s->st->skipped++;
			return 1;
		}
		return 0;
	}
	char time[24] = "";
	if (bracketed) {
		const char *close = memchr(line, ']', (size_t)(end - line));
		if (close && close - line - 1 < (long)sizeof time)
			snprintf(time, sizeof time, "%.*s", (int)(close - line - 1), line + 1);
	}
	const char *form;
	if (parse_data(o, line, mark + 3, end, &form) == 0)
		emit(s, o, mark == rx ? KMP_SIDE_RX : KMP_SIDE_TX, time,
		     bracketed || !strcmp(form, "hex") ? "esphome" : form, NULL, 0);
	return 1;
}

/* "DEBUG:pykmp.client:Request encoded: 803F..." (logging.basicConfig's
 * LEVEL:logger:message) */
static int pykmp(state *s, out *o, const char *line, const char *end)
{
	static const char *const levels[] = {"DEBUG:", "INFO:", "WARNING:", "ERROR:", "CRITICAL:"};
	const char *p = NULL;
	for (size_t i = 0; i < sizeof levels / sizeof levels[0] && !p; i++)
		if (!strncmp(line, levels[i], strlen(levels[i])))
			p = line + strlen(levels[i]);
	if (!p || strncmp(p, "pykmp", 5))
		return 0;
	const char *msg = memchr(p, ':', (size_t)(end - p));
	if (!msg)
		return 0;
	msg++;
	static const char req[] = "Request encoded: ", rsp[] = "Received bytes on serial: ";
	kmp_side side;
	if (!strncmp(msg, req, sizeof req - 1)) {
		side = KMP_SIDE_TX;
		msg += sizeof req - 1;
	} else if (!strncmp(msg, rsp, sizeof rsp - 1)) {
		side = KMP_SIDE_RX;
		msg += sizeof rsp - 1;
	} else {
		s->st->skipped++; /* "Sending ...", "Checksum verification ...": no frame */
		return 1;
	}
	const char *hend = end;
	if (msg < end && (*msg == '\'' || *msg == '"') && end[-1] == *msg) {
		msg++; /* %r of a hex str: quoted */
		hend--;
	}
	if (parse_hex(o, line, msg, hend) == 0)
		emit(s, o, side, NULL, "pykmp", NULL, 0);
	return 1;
}

/* A direction word or mark before the data: "TX: 80 3F ...", "rx 40..",
 * "> 803F...", "<- 40 ...". */
static int marked(state *s, out *o, const char *line, const char *end)
{
	static const struct {
		const char *mark;
		kmp_side side;
	} marks[] = {{"TX", KMP_SIDE_TX}, {"Tx", KMP_SIDE_TX}, {"tx", KMP_SIDE_TX},
	             {"RX", KMP_SIDE_RX}, {"Rx", KMP_SIDE_RX}, {"rx", KMP_SIDE_RX},
	             {"->", KMP_SIDE_TX}, {"<-", KMP_SIDE_RX}, {">", KMP_SIDE_TX},
	             {"<", KMP_SIDE_RX}};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t k = strlen(marks[i].mark);
		if ((size_t)(end - line) <= k || strncmp(line, marks[i].mark, k))
			continue;
		const char *p = line + k;
		if (*p == ':')
			p++;
		if (p >= end || !is_space((unsigned char)*p))
			continue;
		const char *form;
		if (parse_data(o, line, p, end, &form) == 0)
			emit(s, o, marks[i].side, NULL, form, NULL, 0);
		return 1;
	}
	return 0;
}

/* b'...' inside any other text (a log line of some Python program). */
static int python_inside(state *s, out *o, const char *line, const char *end)
{
	for (const char *p = line; p + 2 < end; p++) {
		if (p[0] != 'b' || (p[1] != '\'' && p[1] != '"') ||
		    (p > line &&
		     (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
		      (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9'))))
			continue;
		const char *after = parse_quoted(o, line, p + 1, end);
		if (after)
			emit(s, o, KMP_SIDE_UNKNOWN, NULL, "python bytes", NULL, 0);
		return 1;
	}
	return 0;
}

/* One line without its newline. */
static void one_line(state *s, out *o, const char *line, const char *end)
{
	o->n = 0;
	o->err_col = 0;
	while (end > line && (end[-1] == '\r' || is_space((unsigned char)end[-1])))
		end--;
	if (memchr(line, '\0', (size_t)(end - line))) {
		fail(o, line, memchr(line, '\0', (size_t)(end - line)), "a NUL byte%c", ' ');
	} else if (end == line) {
		/* blank */
	} else if (end - line == 2 && line[0] == '-' && line[1] == '-') {
		s->socat = 0; /* socat -v's record separator */
		s->st->skipped++;
	} else if (kmpterm_log(s, o, line, end) || socat_header(s, line, end) ||
	           socat_data(s, o, line, end) || xxd(s, o, line, end) ||
	           hexdump_c(s, o, line, end) || hexdump_words(o, line, end) ||
	           pykmp(s, o, line, end) || esphome(s, o, line, end) || marked(s, o, line, end)) {
		/* done */
	} else {
		const char *form;
		const char *p = line;
		while (p < end && is_space((unsigned char)*p))
			p++;
		int plain = parse_data(o, line, p, end, &form);
		if (plain == 0) {
			emit(s, o, KMP_SIDE_UNKNOWN, NULL, form, NULL, 0);
		} else {
			/* not data from its start: a b'...' further in? */
			out again = *o;
			again.n = 0;
			again.err_col = 0;
			if (python_inside(s, &again, line, end) && !again.err_col)
				o->err_col = 0;
			else if (again.err_col && again.err_col > o->err_col)
				*o = again;
		}
	}
	if (o->err_col) {
		s->st->errors++;
		if (s->cb->error)
			s->cb->error(s->cb->ctx, s->line, o->err_col, o->err);
	}
}

int kmp_paste_parse(const char *text, size_t len, unsigned first_line, const kmp_paste_cb *cb,
                    kmp_paste_stats *st)
{
	state s;
	memset(&s, 0, sizeof s);
	memset(st, 0, sizeof *st);
	s.cb = cb;
	s.st = st;
	size_t longest = 0, pos = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
		longest = n > longest ? n : longest;
		pos += n + 1;
	}
	/* a '*' of hexdump -C may stand for many lines: room for 64 KiB more */
	out o = {.cap = longest + 65536};
	o.b = malloc(o.cap);
	/* each line is read from a NUL-terminated copy: the forms' tests may
	 * look one character past a prefix without leaving the line */
	char *copy = malloc(longest + 1);
	if (!o.b || !copy) {
		free(o.b);
		free(copy);
		return -1;
	}
	pos = 0;
	s.line = first_line;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		const char *end = nl ? nl : text + len;
		st->lines++;
		size_t n = 0;
		for (const char *p = line; p < end; p++) {
			/* colour codes of a log shown in a terminal (ESC [ ... m) are
			 * no part of the line */
			if (*p == 0x1B && p + 1 < end && p[1] == '[') {
				const char *q = p + 2;
				while (q < end && ((*q >= '0' && *q <= '9') || *q == ';'))
					q++;
				if (q < end && *q == 'm') {
					p = q;
					continue;
				}
			}
			copy[n++] = *p;
		}
		copy[n] = 0;
		one_line(&s, &o, copy, copy + n);
		pos = (size_t)(end - text) + 1;
		s.line++;
	}
	free(o.b);
	free(copy);
	return 0;
}
