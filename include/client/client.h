/* client.h - the KMP client: one request in flight, echo-proof, driven by
 * the owner's poll() loop.
 *
 * Timing rules (protocol notes, "Timing"):
 *  - a request goes out in one write (its bytes must be < 27 ms apart);
 *  - the first reply byte is due within `timeout_ms` (default 1600) of the
 *    last request byte; a reply that stalls for `interbyte_ms` is cut off;
 *  - after a good reply the line stays quiet for at least one byte time
 *    before the next request;
 *  - after a failure (no answer, bad CRC, bad stuffing, garbage) the meter
 *    discards requests for 1.6 s, so the next one waits `fail_pause_ms`.
 * Receive side (protocol notes, "Physical layer"): the reply is the frame
 * starting with 40; an 80 frame is the head's echo of our own request and
 * is skipped; stray bytes and the meter's lone 00 are ignored.
 *
 * A reply is only the answer to the request in flight when nothing else
 * can explain it (issue 10, item 12: a meter's second reply 30-150 ms after
 * its first must never answer the next request):
 *  - a request goes out only on a quiet line: no byte for at least one
 *    byte time, and none for `quiet_bytes` byte times (22: 200 ms at 1200
 *    baud) by the time its last byte has left, so a second answer to the
 *    previous request has begun before ours can.  Counted in byte times, so
 *    a faster line (9600 baud, or 115200 in tests) is not held to 1200's
 *    pace; the price is a shorter window there.  A line that never goes
 *    quiet fails the exchange after `timeout_ms` with KMP_ERR_LINE_BUSY
 *    instead of waiting for ever;
 *  - a reply whose first byte arrives before the request's last byte could
 *    have left (its length in byte times at the configured baud) answers
 *    something else: KMP_ERR_EARLY;
 *  - it must come from our address (KMP_ERR_WRONG_ADDR), carry our command
 *    (KMP_ERR_CID), hold only registers we asked for (KMP_ERR_UNASKED) and
 *    each of them once (KMP_ERR_DUPLICATE: two records for one ID, with two
 *    values or two units, contradict each other).
 * A reply that arrives when no exchange waits for it (late, stray, or
 * detached) is read, reaches the observer marked `discarded`, and is
 * dropped.
 *
 * Every frame sent or received and every event reaches the observer with
 * a monotonic timestamp: the trace view, --log and the alignment classifier
 * are built on it.  The link is reopened by itself after it drops.
 * Nothing here prints or exits. */
#ifndef CLIENT_CLIENT_H
#define CLIENT_CLIENT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kmp/error.h"
#include "kmp/frame.h"
#include "kmp/msg.h"
#include "link/link.h"

typedef enum kmp_event_kind {
	KMP_EV_TX,        /* a request went out (frame = what we sent) */
	KMP_EV_RX,        /* a reply frame 40..0D arrived; status = its check */
	KMP_EV_ECHO,      /* an 80..0D frame on the receive side */
	KMP_EV_ACK,       /* an 06 byte (never expected: we send no writes) */
	KMP_EV_ZERO,      /* the meter's lone 00, ignored */
	KMP_EV_GARBAGE,   /* stray bytes outside any frame */
	KMP_EV_PARTIAL,   /* a frame cut off (stalled, or a new start byte) */
	KMP_EV_TIMEOUT,   /* no reply within the timeout; status says how it ended */
	KMP_EV_LINK_UP,   /* the link (re)opened */
	KMP_EV_LINK_DOWN, /* the link failed or could not be opened; detail says why */
} kmp_event_kind;

typedef struct kmp_event {
	kmp_event_kind kind;
	uint64_t t_us;        /* monotonic time (kmp_now_us) */
	struct timespec wall; /* wall-clock time for logs */
	const uint8_t *raw;   /* bytes as on the wire (TX, RX, ECHO, ACK, ZERO, GARBAGE, PARTIAL) */
	size_t raw_len;
	const kmp_frame *frame; /* decoded frame for TX, RX, ECHO */
	const kmp_msg *msg;     /* decoded content for TX and RX when the frame checked OK */
	kmp_err status;         /* RX: frame/message check; TIMEOUT:
	                           KMP_ERR_TIMEOUT/ECHO_ONLY/LINE_BUSY/...;	 LINK_DOWN: error */
	int own_echo;           /* ECHO: the bytes are exactly the request we sent */
	int discarded;      /* RX: no exchange waited for it (late, stray, or detached): dropped */
	const char *detail; /* LINK_DOWN/LINK_UP: a one-line message */
} kmp_event;

typedef void (*kmp_observer)(void *ctx, const kmp_event *ev);

/* What one exchange asks for. */
typedef struct kmp_request {
	uint8_t cid; /* KMP_CID_GET_TYPE, KMP_CID_GET_SERIAL, KMP_CID_GET_REGISTER (ids),
	              * or a read of the event status or a logger (9B, A0..A3, B8: data) */
	size_t n_ids;
	uint16_t ids[KMP_MAX_IDS]; /* each at most once */
	/* 9B, A0..A3, B8: the request's data as the codec builds it
	 * (logger_msg.h, kmp_logger_*_data); kmp_build_request frames it and
	 * refuses every write */
	size_t data_len;
	uint8_t data[KMP_LOG_REQUEST_MAX];
	/* A probe (prober.h): its answer is only counted, never shown as a
	 * value, so it goes out one byte time after the line went quiet
	 * instead of waiting out the quiet_bytes window; the probe rate is the
	 * alignment view's feedback. */
	int probe;
} kmp_request;

/* How one exchange ended. */
typedef struct kmp_result {
	kmp_err status; /* KMP_OK, or KMP_ERR_TIMEOUT, _ECHO_ONLY, _CRC, _STUFFING,
	                   _PARTIAL, _GARBAGE, _LENGTH, _CID, _RANGE, _WRONG_ADDR, _UNASKED,
	                   _DUPLICATE, _EARLY, _LINE_BUSY, _CLOSED */
	const kmp_msg
	        *msg; /* the decoded reply when status is KMP_OK (valid during the callback) */
	const kmp_frame *frame; /* the reply frame when one arrived (valid during the callback) */
	const kmp_request *req;
	uint64_t sent_us;    /* when the request was written (0: never sent) */
	uint64_t done_us;    /* when the outcome was known (the `now` of that step) */
	uint64_t latency_us; /* last request byte (estimated) to first reply byte; 0 if none */
	unsigned echoes;     /* echo frames seen during the exchange */
	unsigned garbage;    /* garbage/partial events seen during the exchange */
	int reply_started;   /* a 40 byte arrived */
} kmp_result;

typedef void (*kmp_done_cb)(void *ctx, const kmp_result *r);

typedef struct kmp_client_config {
	kmp_link_config link;
	uint8_t address;        /* default KMP_ADDR_HEAT (0x3F) */
	unsigned timeout_ms;    /* first reply byte; default 1600 */
	unsigned interbyte_ms;  /* stalled reply; default 150 (bridges batch bytes) */
	unsigned fail_pause_ms; /* after a failure; default 1600 */
	unsigned quiet_bytes;   /* byte times the line is silent when a request has left; default
	                           22 (200 ms at 1200 baud): a meter answers within 150 ms
	                           ("Timing"), plus 50 ms for USB latency timers and scheduling */
	unsigned reconnect_ms;  /* between attempts to reopen the link; default 1000 */
} kmp_client_config;

typedef struct kmp_client kmp_client;

void kmp_client_config_default(kmp_client_config *cfg);

/* Create a client; it opens the link on its first kmp_client_step (or
 * kmp_client_connect).  cfg->link.device is copied. */
kmp_client *kmp_client_new(const kmp_client_config *cfg, kmp_observer obs, void *obs_ctx);
void kmp_client_free(kmp_client *c);

/* Where the link stands.  Opening never blocks the owner's loop: a TCP
 * bridge is looked up and connected while kmp_client_pollfd and
 * kmp_client_step go on (CONNECTING).  After a failed attempt the client
 * tries again every reconnect_ms (DOWN), unless retrying cannot help
 * (kmp_err_permanent: not a serial port, bad settings, a malformed
 * address): then it stops and stays FAILED with the message in
 * kmp_client_link_error until kmp_client_connect is called again.  A
 * missing device is not permanent: a USB head can be plugged in. */
typedef enum kmp_link_state {
	KMP_LINK_DOWN,
	KMP_LINK_CONNECTING,
	KMP_LINK_UP,
	KMP_LINK_FAILED /* a permanent error: the client stopped retrying */
} kmp_link_state;
kmp_link_state kmp_client_link_state(const kmp_client *c);

/* Start opening the link now (also after a permanent failure).  Returns
 * KMP_OK when it is up, KMP_ERR_IN_PROGRESS while it connects (go on
 * polling; the outcome shows in kmp_client_link_state), or the open error
 * with its message in err.  Never waits. */
int kmp_client_connect(kmp_client *c, uint64_t now_us, char *err, size_t errcap);
/* 1 when the link is up (kmp_client_link_state() == KMP_LINK_UP). */
int kmp_client_connected(const kmp_client *c);
/* The last link error message ("" when none) and its kmp_err (KMP_OK when
 * none): cleared when the link comes up. */
const char *kmp_client_link_error(const kmp_client *c);
int kmp_client_link_status(const kmp_client *c);
const char *kmp_client_device(const kmp_client *c);

/* Queue one exchange.  It is sent as soon as the timing rules allow;
 * `done` is called exactly once with the outcome (never after
 * kmp_client_detach).  Returns KMP_OK, KMP_ERR_BUSY_CLIENT (one already
 * queued or in flight), KMP_ERR_ARG (a write command, 0 or more than 8 IDs,
 * an ID twice), or KMP_ERR_CLOSED when the link is down. */
kmp_err kmp_client_submit(kmp_client *c, const kmp_request *req, kmp_done_cb done, void *ctx);
/* Non-zero while an exchange is queued or in flight, a detached one
 * included: a new one can be submitted once it is over. */
int kmp_client_busy(const kmp_client *c);
/* Non-zero while an exchange submitted with this ctx is queued or in
 * flight and not detached: its callback is still to come. */
int kmp_client_pending(const kmp_client *c, const void *ctx);
/* Monotonic time at which a newly submitted request could go out (for a
 * queued one: when it will, unless more bytes arrive). */
uint64_t kmp_client_ready_at(const kmp_client *c);
/* Drop the exchange queued or in flight: its callback is never called.  A
 * queued one is forgotten.  One already on the wire runs its course: its
 * late reply is read, reaches the observer (marked discarded) and is
 * dropped, and the pause after it (a byte time, 1.6 s after a failure)
 * still applies; kmp_client_busy() stays true until then.  The owner may
 * be freed at once. */
void kmp_client_detach(kmp_client *c);
/* Cancel a queued (not yet sent) exchange without calling its callback;
 * one on the wire is left alone (see kmp_client_detach). */
void kmp_client_cancel(kmp_client *c);
/* Change the reply timeout (kmp_client_config timeout_ms) for the
 * requests sent from now on; one already on the wire keeps the deadline it
 * was sent with.  The alignment view shortens it while it probes and puts
 * the user's back when it closes (prober.h, kmp_probe_timeout_ms). */
void kmp_client_set_timeout(kmp_client *c, unsigned ms);

/* --- line settings and raw exchanges (identify, legacy meters, loopback) ---
 *
 * Changing the line settings between exchanges: KMP meters run at 1200
 * 8N2, 1200/2400 (MULTICAL 302) or 9600 8N1 (382/162/351), and the legacy
 * MULTICAL 66C/401/III hears at 300 7E2 and answers at 1200 7E2 (protocol
 * notes, "Meter families").  The settings are kept for reconnects.  Only
 * while no request is on its way out (KMP_ERR_BUSY_CLIENT otherwise): a
 * request cut across two speeds reaches the meter as garbage.  On a TCP
 * link they are recorded only: the bridge owns its serial line. */
kmp_err kmp_client_set_line(kmp_client *c, const kmp_link_config *line, char *err, size_t errcap);
/* The settings in force (device and connect timeout as configured). */
void kmp_client_line(const kmp_client *c, kmp_link_config *out);
/* 1 when the link is a TCP bridge (its serial settings are the bridge's). */
int kmp_client_is_tcp(const kmp_client *c);

/* A raw exchange: bytes that are not KMP (the legacy protocol's "/#1",
 * loopback patterns), or none at all (listen to what a line says by
 * itself).  Every byte received still reaches the observer the usual way
 * (GARBAGE, frames, ...), and what was sent is a TX event without a frame.
 * Read-only by construction: a payload holding anything that could be a
 * KMP command other than a known read (a write: SetClock 09, PutRegister
 * 11, ClearEventStatus 9C, or a command we do not know) is refused.  A
 * payload waits for the protocol's pauses like a request does (the line
 * quiet for a byte time, 1.6 s after a failure); afterwards the next KMP
 * request waits fail_pause_ms, since a KMP meter took the payload for
 * garbage.  Listening starts at once and changes no pause. */
#define KMP_RAW_MAX 1024 /* bytes kept per raw exchange (more are counted, not kept) */
#define KMP_RAW_TX_MAX 64

typedef struct kmp_raw_request {
	const uint8_t *tx; /* copied at submit; NULL/0: only listen */
	size_t tx_len;
	/* Settings to switch to once the payload is on the wire (the 66C hears
	 * at 300 baud and answers at 1200); NULL: keep the line as it is. */
	const kmp_link_config *rx_line;
	unsigned first_ms; /* wait this long for a first byte (from the switch, or the start) */
	unsigned idle_ms;  /* once bytes came: the line quiet this long ends it */
	unsigned max_ms;   /* the whole exchange ends by then (0: first_ms + 2000) */
	int until_cr;      /* end at the first CR (0D) */
	/* A self-test with TX and RX bridged (kmpterm loopback): no meter
	 * hears the payload, so no pause follows it. */
	int no_meter;
} kmp_raw_request;

typedef struct kmp_raw_result {
	/* KMP_OK: bytes came (ended by CR, quiet or max_ms); KMP_ERR_TIMEOUT:
	 * nothing; KMP_ERR_CLOSED: the link went away (what came before it is
	 * in rx: a bridge writes its error and hangs up). */
	kmp_err status;
	const uint8_t *rx; /* what arrived, valid during the callback */
	size_t rx_len;
	size_t rx_total; /* bytes received, kept or not */
	size_t echo_len; /* the leading bytes that repeat the payload: the head's echo */
	int ended_by_cr;
	uint64_t start_us; /* payload written (or listening began) */
	uint64_t first_us; /* first byte, 0 if none */
	uint64_t last_us;  /* last byte, 0 if none */
	uint64_t done_us;
	unsigned byte_us; /* the receiving settings' byte time */
} kmp_raw_result;

typedef void (*kmp_raw_done_cb)(void *ctx, const kmp_raw_result *r);

/* KMP_OK, or KMP_ERR_ARG (a payload that could be a KMP write or unknown
 * command: see kmp_raw_payload_check; too long) without touching the line. */
kmp_err kmp_raw_payload_check(const uint8_t *p, size_t n);
/* Queue a raw exchange; `done` is called exactly once (not after
 * kmp_client_raw_cancel).  KMP_OK, KMP_ERR_BUSY_CLIENT, KMP_ERR_ARG,
 * KMP_ERR_CONFIG (rx_line impossible), KMP_ERR_CLOSED (link down). */
kmp_err kmp_client_submit_raw(kmp_client *c, const kmp_raw_request *req, kmp_raw_done_cb done,
                              void *ctx);
/* Forget a raw exchange without calling its callback; a payload already
 * written has still left (the pause after it applies). */
void kmp_client_raw_cancel(kmp_client *c);

/* poll() integration: fill *pfd (returns 1) when the link is open or
 * connecting (its events are then what the connect waits for: POLLOUT, or
 * POLLIN for a name lookup), 0 if there is nothing to poll.
 * kmp_client_timeout_ms gives the milliseconds to the client's next
 * deadline (-1: none; a connect's deadline and the next reconnect count).
 * After poll() returns, call kmp_client_step with the revents of the
 * link's pollfd (0 when it was not polled or on timeout). */
int kmp_client_pollfd(kmp_client *c, struct pollfd *pfd);
int kmp_client_timeout_ms(const kmp_client *c, uint64_t now_us);
void kmp_client_step(kmp_client *c, short revents, uint64_t now_us);

/* Counters for status lines.  tx, rx and echoes count frames;
 * crc_errors .. other_errors and echo_only count failed exchanges, each
 * once, under the status it ended with (a reply cut off: partials; noise
 * only: garbage; a refused reply or a line that never went quiet: other),
 * never the events of a stray reply or of one exchange's noise. */
typedef struct kmp_client_stats {
	unsigned long tx, rx, echoes, crc_errors, stuffing_errors, timeouts, partials, garbage,
	        other_errors, reconnects;
	/* exchanges that saw only the head's echo (not counted in timeouts:
	 * the trace says ECHO ONLY, not TIMEOUT) */
	unsigned long echo_only;
} kmp_client_stats;
const kmp_client_stats *kmp_client_stats_get(const kmp_client *c);

/* Monotonic microseconds. */
uint64_t kmp_now_us(void);

/* Does a decoded, CRC-valid reply answer req, sent to addr?  KMP_OK, or
 * KMP_ERR_WRONG_ADDR (from another address), KMP_ERR_DUPLICATE (a register
 * twice), KMP_ERR_UNASKED (a register req did not ask for; req NULL: not
 * checked).  The command itself is checked by kmp_msg_decode. */
kmp_err kmp_reply_check(const kmp_request *req, uint8_t addr, const kmp_msg *m);

/* Build the request frame for req into out (*len bytes), used by the
 * client, the trace and tests.  Only read commands can be built (GetType,
 * GetSerialNo, GetRegister, the event status, the loggers): read-only by
 * construction.  Returns KMP_OK, KMP_ERR_ARG or KMP_ERR_NOSPACE. */
kmp_err kmp_request_encode(const kmp_request *req, uint8_t addr, uint8_t *out, size_t cap,
                           size_t *len);

#endif
