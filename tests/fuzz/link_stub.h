/* link_stub.h - an in-memory stand-in for the link layer (include/link/
 * link.h), linked into fuzz_client instead of src/link: no device, no
 * descriptor, no clock.  The harness plays the line: it queues bytes for
 * the client to read, drops the link, refuses to reopen it, and sees every
 * request the client writes. */
#ifndef TESTS_FUZZ_LINK_STUB_H
#define TESTS_FUZZ_LINK_STUB_H

#include <stddef.h>
#include <stdint.h>

/* Called with every write the client makes (a whole request). */
typedef void (*stub_write_fn)(const uint8_t *p, size_t n);

/* Forget everything: no link open, nothing queued, opens succeed. */
void stub_reset(stub_write_fn on_write);
/* Queue bytes for the client's next reads (they may take several reads). */
void stub_feed(const uint8_t *p, size_t n);
/* The next read reports the line gone (KMP_ERR_CLOSED). */
void stub_drop(void);
/* How the next opens go: 0 they succeed, 1 they fail with KMP_ERR_NODEV
 * (an unplugged head: the client retries), 2 with KMP_ERR_NOT_SERIAL (a
 * permanent error: the client stops retrying). */
void stub_refuse(int how);
/* The next open only starts connecting (KMP_ERR_IN_PROGRESS, as a TCP
 * bridge does); it is up after `steps` calls of kmp_link_progress, or fails
 * with KMP_ERR_TIMEOUT_CONNECT when fail is set. */
void stub_connect_slowly(unsigned steps, int fail);
/* Non-zero while the client has the link open and connected. */
int stub_is_up(void);

#endif
