/* libFuzzer target: the streaming receiver and the message decoder, fed
 * arbitrary bytes in arbitrary chunks (the first byte picks the chunk
 * size).  Every frame the receiver emits is decoded as the client would,
 * with and without an expected command, and described as the trace would. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kmp/describe.h"
#include "kmp/error.h"
#include "kmp/msg.h"
#include "kmp/rx.h"
#include "kmp/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kmp_msg msg;

static void on_event(void *ctx, const kmp_rx_event *ev)
{
	char buf[4096];
	(void)ctx;
	if (ev->raw_len == 0 || !ev->raw)
		__builtin_trap(); /* every event carries its bytes */
	if (!ev->frame)
		return;
	/* a frame the receiver emits always ends at the first raw 0D */
	if (ev->raw[ev->raw_len - 1] != 0x0D || memchr(ev->raw, 0x0D, ev->raw_len - 1))
		__builtin_trap();
	int expected[] = {-1, KMP_CID_GET_TYPE, KMP_CID_GET_SERIAL, KMP_CID_GET_REGISTER};
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		int rc = kmp_msg_decode(ev->frame, expected[i], &msg);
		kmp_describe(ev->frame, rc == KMP_OK ? &msg : NULL, (int)i & 1, buf, sizeof buf);
		if (rc != KMP_OK)
			continue;
		if (ev->frame->status != KMP_OK)
			__builtin_trap(); /* a bad frame never decodes */
		for (size_t r = 0; r < msg.n_records; r++) {
			char v[KMP_VALUE_TEXT_MAX];
			if (kmp_value_format(&msg.records[r].value, v, sizeof v) <= 0)
				__builtin_trap();
			kmp_value_text(&msg.records[r].value, msg.records[r].unit, v, sizeof v);
			kmp_value_with_unit(&msg.records[r].value, msg.records[r].unit, 0, v,
			                    sizeof v);
		}
	}
	kmp_describe_check(ev->frame, buf, sizeof buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kmp_rx rx;
	if (size == 0)
		return 0;
	size_t chunk = 1 + data[0] % 32;
	data++;
	size--;
	kmp_rx_init(&rx, on_event, NULL);
	for (size_t off = 0; off < size; off += chunk)
		kmp_rx_feed(&rx, data + off, size - off < chunk ? size - off : chunk);
	kmp_rx_flush(&rx);
	return 0;
}
