/* frame.c - byte stuffing and whole-frame encode/decode.
 * Protocol notes, "Frames": 06 0D 1B 40 80 between start and stop travel as
 * 1B, byte xor FF.  Destuffing walks one byte at a time: a chained
 * search-and-replace turns 1B E4 F9 into 06 instead of 1B F9. */
#include <string.h>

#include "kmp/crc.h"
#include "kmp/error.h"
#include "kmp/frame.h"

static int needs_escape(uint8_t b)
{
	return b == KMP_ACK || b == KMP_STOP || b == KMP_ESC || b == KMP_START_REPLY ||
	       b == KMP_START_REQUEST;
}

int kmp_stuff(const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (needs_escape(src[i])) {
			if (o + 2 > cap)
				return KMP_ERR_NOSPACE;
			dst[o++] = KMP_ESC;
			dst[o++] = (uint8_t)(src[i] ^ 0xFF);
		} else {
			if (o + 1 > cap)
				return KMP_ERR_NOSPACE;
			dst[o++] = src[i];
		}
	}
	return (int)o;
}

int kmp_destuff(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *bad_pos)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = src[i];
		if (b != KMP_ESC && needs_escape(b)) {
			if (bad_pos)
				*bad_pos = i;
			return KMP_ERR_STUFFING;
		}
		if (b == KMP_ESC) {
			/* 1B as the last byte is "1B right before the stop byte" */
			if (i + 1 >= n || !needs_escape((uint8_t)(src[i + 1] ^ 0xFF))) {
				if (bad_pos)
					*bad_pos = i;
				return KMP_ERR_STUFFING;
			}
			b = (uint8_t)(src[++i] ^ 0xFF);
		}
		if (o >= cap)
			return KMP_ERR_NOSPACE;
		dst[o++] = b;
	}
	return (int)o;
}

int kmp_frame_encode(uint8_t start, uint8_t addr, uint8_t cid, const uint8_t *data, size_t data_len,
                     uint8_t *out, size_t cap)
{
	uint8_t plain[KMP_DATA_MAX + 4];
	if (start != KMP_START_REQUEST && start != KMP_START_REPLY)
		return KMP_ERR_ARG;
	if (data_len + 4 > sizeof plain)
		return KMP_ERR_NOSPACE;
	plain[0] = addr;
	plain[1] = cid;
	if (data_len)
		memcpy(plain + 2, data, data_len);
	uint16_t crc = kmp_crc16(plain, data_len + 2);
	plain[data_len + 2] = (uint8_t)(crc >> 8);
	plain[data_len + 3] = (uint8_t)crc;
	if (cap < 2)
		return KMP_ERR_NOSPACE;
	out[0] = start;
	int n = kmp_stuff(plain, data_len + 4, out + 1, cap - 2);
	if (n < 0)
		return n;
	out[n + 1] = KMP_STOP;
	return n + 2;
}

int kmp_frame_decode(const uint8_t *raw, size_t n, kmp_frame *f)
{
	uint8_t plain[KMP_FRAME_MAX];
	memset(f, 0, sizeof *f);
	f->status = KMP_ERR_FRAMING;
	if (n == 0)
		return f->status;
	f->start = raw[0];
	if (n == 1 && raw[0] == KMP_ACK) {
		f->dir = KMP_DIR_ACK;
		return f->status = KMP_OK;
	}
	if (raw[0] == KMP_START_REQUEST)
		f->dir = KMP_DIR_REQUEST;
	else if (raw[0] == KMP_START_REPLY)
		f->dir = KMP_DIR_REPLY;
	else
		return f->status;
	f->stop = raw[n - 1];
	if (n < 2 || raw[n - 1] != KMP_STOP || n > KMP_FRAME_MAX)
		return f->status;

	size_t bad = 0;
	int m = kmp_destuff(raw + 1, n - 2, plain, sizeof plain, &bad);
	if (m == KMP_ERR_STUFFING) {
		f->stuff_pos = bad + 1;
		return f->status = KMP_ERR_STUFFING;
	}
	if (m < 0)
		return f->status; /* cannot happen: plain holds any destuffed frame */
	if (m < 4) {
		/* DST, CID and two CRC bytes at the least */
		if (m >= 1)
			f->addr = plain[0];
		if (m >= 2)
			f->cid = plain[1];
		return f->status = KMP_ERR_LENGTH;
	}
	size_t len = (size_t)m;
	f->addr = plain[0];
	f->cid = plain[1];
	if (len - 4 > KMP_DATA_MAX)
		return f->status = KMP_ERR_LENGTH; /* no KMP message is this long */
	f->data_len = len - 4;
	memcpy(f->data, plain + 2, f->data_len);
	f->crc_given = (uint16_t)(plain[len - 2] << 8 | plain[len - 1]);
	f->crc_calc = kmp_crc16(plain, len - 2);
	f->status = f->crc_given == f->crc_calc ? KMP_OK : KMP_ERR_CRC;
	return f->status;
}

int kmp_frame_decode_as(const uint8_t *raw, size_t n, kmp_dir expect, kmp_frame *f)
{
	int rc = kmp_frame_decode(raw, n, f);
	if (f->dir != KMP_DIR_ACK && n > 0 && f->dir != expect)
		rc = f->status = KMP_ERR_FRAMING;
	return rc;
}
