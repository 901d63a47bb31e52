/* crc.h - CRC-16/XMODEM as KMP uses it.
 * Protocol notes, "Frames": poly 0x1021, init 0, no reflection, no final
 * xor, computed over DST..data unstuffed and appended big-endian, so the CRC
 * over DST..CRC is 0.  Check value of "123456789" is 0x31C3. */
#ifndef KMP_CRC_H
#define KMP_CRC_H

#include <stddef.h>
#include <stdint.h>

uint16_t kmp_crc16(const uint8_t *p, size_t n);
/* Continue a running CRC with more bytes. */
uint16_t kmp_crc16_update(uint16_t crc, const uint8_t *p, size_t n);

#endif
