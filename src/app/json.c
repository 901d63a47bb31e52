/* json.c - JSON string escaping. */
#include "app/json.h"

void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f); /* UTF-8 passes through */
	}
	fputc('"', f);
}

void json_bytes(FILE *f, const unsigned char *p, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char b = p[i];
		if (b == '"' || b == '\\')
			fprintf(f, "\\%c", b);
		else if (b == '\r')
			fputs("\\r", f);
		else if (b == '\n')
			fputs("\\n", f);
		else if (b == '\t')
			fputs("\\t", f);
		else if (b < 0x20 || b >= 0x7F)
			fprintf(f, "\\u%04x", b);
		else
			fputc(b, f);
	}
	fputc('"', f);
}
