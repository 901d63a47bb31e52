/* crc.c - CRC-16/XMODEM (poly 0x1021, init 0, MSB first, no final xor).
 * Bitwise: frames are tens of bytes at 109 bytes/s, a table buys nothing. */
#include "kmp/crc.h"

uint16_t kmp_crc16_update(uint16_t crc, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021)
			                     : (uint16_t)(crc << 1);
	}
	return crc;
}

uint16_t kmp_crc16(const uint8_t *p, size_t n)
{
	return kmp_crc16_update(0, p, n);
}
