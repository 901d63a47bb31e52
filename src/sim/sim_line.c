/* sim_line.c - parse, print and compare line settings (see sim_line.h). */
#include <stdio.h>
#include <string.h>

#include "kmp/parse.h"
#include "sim/sim_line.h"

static int is_sep(char c)
{
	return c == ' ' || c == ',' || c == ':' || c == '\t';
}

static int parse_parity(char c, char *out)
{
	switch (c) {
	case 'N':
	case 'n':
		*out = 'N';
		return 0;
	case 'E':
	case 'e':
		*out = 'E';
		return 0;
	case 'O':
	case 'o':
		*out = 'O';
		return 0;
	}
	return -1;
}

int kmpsim_line_parse(const char *text, kmpsim_line *out)
{
	const char *p = text;
	uint64_t baud;
	kmpsim_line l;

	/* the speed: decimal digits (kmp/parse.h), up to the framing */
	while (*p >= '0' && *p <= '9')
		p++;
	if (kmp_parse_uint_n(text, (size_t)(p - text), 4000000, &baud) != KMP_OK || baud < 50)
		return KMP_ERR_BAD_INPUT;
	l.baud = (unsigned)baud;
	while (is_sep(*p))
		p++;
	/* "8N2" (people, stty) or "n82" (ser2net's "1200n82") */
	if (p[0] >= '5' && p[0] <= '8' && parse_parity(p[1], &l.parity) == 0 &&
	    (p[2] == '1' || p[2] == '2') && p[3] == '\0') {
		l.databits = (uint8_t)(p[0] - '0');
		l.stopbits = (uint8_t)(p[2] - '0');
	} else if (parse_parity(p[0], &l.parity) == 0 && p[1] >= '5' && p[1] <= '8' &&
	           (p[2] == '1' || p[2] == '2') && p[3] == '\0') {
		l.databits = (uint8_t)(p[1] - '0');
		l.stopbits = (uint8_t)(p[2] - '0');
	} else {
		return KMP_ERR_BAD_INPUT;
	}
	*out = l;
	return KMP_OK;
}

const char *kmpsim_line_format(const kmpsim_line *l, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u %u%c%u", l->baud, (unsigned)l->databits, l->parity,
	         (unsigned)l->stopbits);
	return buf;
}

unsigned kmpsim_line_frame_bits(const kmpsim_line *l)
{
	return 1u + l->databits + (l->parity != 'N') + l->stopbits;
}

int kmpsim_line_equal(const kmpsim_line *a, const kmpsim_line *b)
{
	return a->baud == b->baud && a->databits == b->databits && a->parity == b->parity &&
	       a->stopbits == b->stopbits;
}

int kmpsim_line_compatible(const kmpsim_line *tx, const kmpsim_line *rx)
{
	return tx->baud == rx->baud && tx->databits == rx->databits && tx->parity == rx->parity;
}
