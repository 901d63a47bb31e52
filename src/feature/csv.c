/* csv.c - RFC 4180 lines (see csv.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "feature/csv.h"

int kmp_csv_field(const char *s, char *out, size_t cap)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	size_t o = 0;
	if (quote) {
		if (o + 1 >= cap)
			return -1;
		out[o++] = '"';
	}
	for (; *s; s++) {
		char c = *s == '\r' || *s == '\n' ? ' ' : *s;
		if (o + (c == '"' ? 2 : 1) >= cap)
			return -1;
		if (c == '"')
			out[o++] = '"';
		out[o++] = c;
	}
	if (quote) {
		if (o + 1 >= cap)
			return -1;
		out[o++] = '"';
	}
	out[o] = 0;
	return (int)o;
}

void kmp_csv_begin(kmp_csv_line *l, char *buf, size_t cap)
{
	l->buf = buf;
	l->cap = cap;
	l->len = 0;
	l->fields = 0;
	l->overflow = cap == 0;
	if (cap)
		buf[0] = 0;
}

void kmp_csv_put(kmp_csv_line *l, const char *field)
{
	if (l->overflow)
		return;
	if (l->fields++) {
		if (l->len + 2 > l->cap) {
			l->overflow = 1;
			return;
		}
		l->buf[l->len++] = ',';
		l->buf[l->len] = 0;
	}
	int k = kmp_csv_field(field ? field : "", l->buf + l->len, l->cap - l->len);
	if (k < 0)
		l->overflow = 1;
	else
		l->len += (size_t)k;
}

void kmp_csv_putf(kmp_csv_line *l, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		l->overflow = 1;
		return;
	}
	kmp_csv_put(l, tmp);
}

int kmp_csv_end(kmp_csv_line *l)
{
	if (!l->overflow && l->len + sizeof KMP_CSV_EOL <= l->cap) {
		memcpy(l->buf + l->len, KMP_CSV_EOL, sizeof KMP_CSV_EOL);
		l->len += sizeof KMP_CSV_EOL - 1;
		return (int)l->len;
	}
	if (l->cap)
		l->buf[0] = 0;
	l->len = 0;
	return -1;
}

int kmp_csv_header(const char *const *names, size_t n, char *buf, size_t cap)
{
	kmp_csv_line l;
	kmp_csv_begin(&l, buf, cap);
	for (size_t i = 0; i < n; i++)
		kmp_csv_put(&l, names[i]);
	return kmp_csv_end(&l);
}

int kmp_csv_split(const char *s, size_t n, char *scratch, kmp_csv_fields *out)
{
	size_t i = 0, o = 0;
	out->n = 0;
	if (n && s[n - 1] == '\r')
		n--;
	for (;;) {
		if (out->n == KMP_CSV_MAX_FIELDS)
			return -1;
		char *f = scratch + o;
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i >= n)
					return -1; /* no closing quote */
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"')
						i++;
					else
						break;
				}
				scratch[o++] = s[i];
			}
			i++; /* the closing quote */
			if (i < n && s[i] != ',')
				return -1;
		} else {
			for (; i < n && s[i] != ','; i++) {
				if (s[i] == '"')
					return -1;
				scratch[o++] = s[i];
			}
		}
		out->len[out->n] = (size_t)(scratch + o - f);
		scratch[o++] = 0;
		out->f[out->n++] = f;
		if (i >= n)
			return 0;
		i++; /* the comma */
	}
}

int kmp_csv_column(const kmp_csv_fields *header, const char *name)
{
	for (size_t i = 0; i < header->n; i++)
		if (!strcmp(header->f[i], name))
			return (int)i;
	return -1;
}
