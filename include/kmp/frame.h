/* frame.h - KMP frames: start byte, byte stuffing, CRC, stop byte.
 *
 *   request  (to meter):  80 | DST | CID | data ... | CRC_hi CRC_lo | 0D
 *   reply  (from meter):  40 | DST | CID | data ... | CRC_hi CRC_lo | 0D
 *   acknowledge:          06
 *
 * Everything between start and stop is stuffed: 06 0D 1B 40 80 travel as
 * 1B followed by the byte xor FF.  Pure functions, no I/O. */
#ifndef KMP_FRAME_H
#define KMP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define KMP_START_REQUEST 0x80
#define KMP_START_REPLY 0x40
#define KMP_STOP 0x0D
#define KMP_ACK 0x06
#define KMP_ESC 0x1B

/* Destination addresses (protocol notes, "Frames"). */
#define KMP_ADDR_HEAT 0x3F
#define KMP_ADDR_LOGGER_TOP 0x7F
#define KMP_ADDR_LOGGER_BASE 0xBF

/* Largest frame handled, as on the wire (stuffed, start to stop).  A reply
 * with 8 registers of 16-byte mantissas is under 200 bytes; anything past
 * this bound is not a KMP frame and is reported as framing error. */
#define KMP_FRAME_MAX 1024
/* Largest data field after destuffing. */
#define KMP_DATA_MAX (KMP_FRAME_MAX / 2)

typedef enum kmp_dir {
	KMP_DIR_REQUEST, /* start byte 80 */
	KMP_DIR_REPLY,   /* start byte 40 */
	KMP_DIR_ACK,     /* the single byte 06 */
} kmp_dir;

/* A frame taken apart.  Fields are filled as far as decoding got: a frame
 * with a CRC error still has addr/cid/data so a trace can show them, but its
 * content must never be used as a value. */
typedef struct kmp_frame {
	kmp_dir dir;
	int status;         /* KMP_OK or KMP_ERR_{FRAMING,STUFFING,LENGTH,CRC} */
	uint8_t start;      /* first byte on the wire */
	uint8_t stop;       /* last byte on the wire (0 when missing) */
	uint8_t addr;       /* destination address */
	uint8_t cid;        /* command */
	uint16_t crc_given; /* the two CRC bytes the frame carries */
	uint16_t crc_calc;  /* CRC computed over DST..data */
	size_t data_len;
	uint8_t data[KMP_DATA_MAX];
	size_t stuff_pos; /* on KMP_ERR_STUFFING: offset of the bad 1B in the raw frame */
} kmp_frame;

/* Stuff src into dst (no start/stop).  Returns bytes written or
 * KMP_ERR_NOSPACE. */
int kmp_stuff(const uint8_t *src, size_t n, uint8_t *dst, size_t cap);

/* Destuff one byte at a time (never search-and-replace).  src holds the bytes
 * between start and stop.  Returns bytes written, KMP_ERR_STUFFING (with
 * *bad_pos = offset of the offending 1B, may be NULL) or KMP_ERR_NOSPACE. */
int kmp_destuff(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *bad_pos);

/* Build a whole frame: start, stuffed addr|cid|data|crc, stop.  start is
 * KMP_START_REQUEST or KMP_START_REPLY.  Returns the number of bytes written
 * to out, or KMP_ERR_NOSPACE / KMP_ERR_ARG. */
int kmp_frame_encode(uint8_t start, uint8_t addr, uint8_t cid, const uint8_t *data, size_t data_len,
                     uint8_t *out, size_t cap);

/* Take apart one frame exactly as on the wire (start through stop, or the
 * single ACK byte).  Always fills *f as far as it can and returns f->status:
 * KMP_ERR_FRAMING (bad start/stop, empty, too long), KMP_ERR_STUFFING,
 * KMP_ERR_LENGTH (fewer than 4 data-link bytes: DST, CID, CRC; or more data
 * than KMP_DATA_MAX), KMP_ERR_CRC,
 * or KMP_OK. */
int kmp_frame_decode(const uint8_t *raw, size_t n, kmp_frame *f);

/* As kmp_frame_decode, but a frame travelling the other way (a 40 where a
 * request was expected, an 80 where a reply was) is KMP_ERR_FRAMING.  The
 * ACK byte is accepted in both directions. */
int kmp_frame_decode_as(const uint8_t *raw, size_t n, kmp_dir expect, kmp_frame *f);

#endif
