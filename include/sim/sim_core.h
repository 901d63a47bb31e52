/* sim_core.h - the simulated meter as a pure state machine.
 *
 * Fed (time, bytes) from the line, it tells what to put on the line and
 * when.  It owns no descriptor and reads no clock: every call carries the
 * time (microseconds on any monotonic scale), so the unit tests drive it
 * through the 27 ms and 1.6 s rules without sleeping, and the poll loop in
 * sim_serve.c only moves bytes and sleeps until kmpsim_core_deadline().
 *
 *   kmpsim_core_input(c, now, bytes, n)   bytes the meter's receiver saw
 *   kmpsim_core_tick(c, now)              let timers due by now fire
 *   kmpsim_core_output(c, now, buf, cap)  bytes to write now (echo first)
 *   kmpsim_core_deadline(c)               when something is next due
 *
 * Protocol notes, "Timing" (from the vendor description):
 *   "Bytes of one request must follow each other within 27 ms."
 *   "After no answer, a bad CRC or invalid data, wait at least 1.6 s before
 *    the next request: the meter discards requests for 1.6 s after data it
 *    could not use."
 * What happened to each request is reported through an event callback (the
 * --log file is written from it).
 *
 * Besides a KMP meter the core plays the MULTICAL 66C's ASCII protocol
 * (sim_legacy.h), the line model (sim_uart.h: bytes between a client at
 * other settings and the meter are garbled, judged with the client's
 * settings as kmpsim_core_set_client_line last gave them) and the line
 * faults that are not a meter at all (kmpsim_device). */
#ifndef SIM_SIM_CORE_H
#define SIM_SIM_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/frame.h"
#include "kmp/msg.h"
#include "kmp/rx.h"
#include "sim/sim_faults.h"
#include "sim/sim_legacy.h"
#include "sim/sim_line.h"
#include "sim/sim_meter.h"
#include "sim/sim_profile.h"

/* Timing, protocol notes "Timing". */
#define KMPSIM_GAP_US 27000    /* longest pause between bytes of one request */
#define KMPSIM_BUSY_US 1600000 /* deaf time after data the meter could not use */
#define KMPSIM_NEVER INT64_MAX

/* What is on the line besides the head: a meter, or one of the line
 * faults that a reader must tell apart from a silent meter. */
typedef enum kmpsim_device {
	KMPSIM_DEVICE_METER, /* the meter of the profile */
	KMPSIM_DEVICE_DEAD,  /* --dead: nothing at all, not even the head's echo */
	KMPSIM_DEVICE_TEXT,  /* --text: a bridge answering every request with its error text */
	KMPSIM_DEVICE_PUSH,  /* --push: a non-KMP meter pushing IEC 62056-21 messages */
} kmpsim_device;

typedef struct kmpsim_core_params {
	uint8_t address; /* answers requests to this DST (and the meter's module_address) */
	kmpsim_protocol protocol;  /* KMP, or the MULTICAL 66C's ASCII requests */
	int pace;                  /* 1: one byte per byte time; 0: whole reply at once */
	unsigned baud;             /* line rate for pacing (1200) */
	unsigned bits_per_byte;    /* start + data + parity + stop: 11 for 8N2 */
	unsigned rx_baud;          /* the request's rate, for its end time; 0: as baud */
	unsigned rx_bits_per_byte; /* 0: as bits_per_byte */
	/* the line model (sim_uart.h): with line_model, bytes between a client
	 * whose settings (kmpsim_core_set_client_line) the meter's cannot read
	 * are garbled; inverted garbles them whatever the settings */
	int line_model;
	kmpsim_line meter_rx, meter_tx;
	int inverted;
	kmpsim_device device;
	const char *text;       /* KMPSIM_DEVICE_TEXT: the text (a CR LF follows it) */
	int64_t push_every_us;  /* KMPSIM_DEVICE_PUSH: between messages */
	int start_asleep;       /* --asleep: the port sleeps until the button wakes it */
	int64_t latency_us;     /* from the request's last byte to the reply's first */
	int64_t busy_us;        /* KMPSIM_BUSY_US */
	int64_t gap_us;         /* KMPSIM_GAP_US */
	int echo;               /* the head echoes every byte it sends */
	int drop_pct;           /* per reply: not sent at all */
	int corrupt_pct;        /* per reply: one bit flipped */
	int noise_pct;          /* per reply: 1..4 garbage bytes before or after */
	int stray_zero;         /* sometimes a lone 00 after an exchange */
	int64_t sleep_after_us; /* the port sleeps this long after start, the last wake or
	                         * the last request it received; 0 never */
} kmpsim_core_params;

/* KMP at 1200 8N2, 50 ms latency, protocol timing, no faults, a meter on
 * the line, the line model off. */
void kmpsim_core_params_default(kmpsim_core_params *p);

/* What became of one piece of input. */
typedef enum kmpsim_result {
	KMPSIM_ANSWERED,      /* reply sent (noise may surround it: event.noise) */
	KMPSIM_CORRUPTED,     /* reply sent with one bit flipped (--corrupt or quality) */
	KMPSIM_TRUNCATED,     /* reply cut short by the optical path (quality) */
	KMPSIM_DROPPED,       /* --drop: no reply */
	KMPSIM_LOST,          /* quality: the request never reached the meter */
	KMPSIM_GARBLED,       /* quality: the meter saw bad data: busy time, no reply */
	KMPSIM_ASLEEP,        /* the optical port sleeps: nothing happens */
	KMPSIM_BUSY,          /* inside the 1.6 s busy time: ignored */
	KMPSIM_TALKING,       /* arrived while the meter was replying (half duplex): ignored */
	KMPSIM_REFUSED,       /* a write command: never acknowledged, never applied */
	KMPSIM_OTHER_ADDRESS, /* a good request to another address: ignored */
	KMPSIM_UNUSABLE,      /* bad frame, garbage or bad request: busy time starts */
	KMPSIM_IGNORED,       /* not for this device: KMP to a MULTICAL 66C, input to --push,
	                       * a legacy request the simulator does not answer */
	KMPSIM_DEAD,          /* --dead: the head is not powered, nothing reached anything */
	KMPSIM_TEXT,          /* --text: the bridge answered with its text */
} kmpsim_result;

/* "answered", "corrupted", ... as written in the log. */
const char *kmpsim_result_name(kmpsim_result r);

typedef struct kmpsim_event {
	int64_t t_us;
	kmpsim_result result;
	int error;          /* 0, or the kmp_err of an unusable input:
	                     * CRC, STUFFING, FRAMING, LENGTH (frame), DATA,
	                     * RANGE (0 or >8 IDs), CID (command not supported),
	                     * GARBAGE, PARTIAL (cut off or 27 ms gap) */
	const uint8_t *raw; /* the input bytes this is about */
	size_t raw_len;
	const kmp_frame *frame; /* decoded frame, NULL for garbage and cut-off input */
	const kmp_msg *msg;     /* decoded request, NULL unless the frame was good */
	int noise;              /* ANSWERED with garbage around the reply */
	int quality;            /* alignment quality at the time */
	size_t reply_len;       /* bytes queued for the reply (0 when none) */
	const char *legacy;     /* a MULTICAL 66C request: its name ("/#1"), else NULL */
	int line_garbled;       /* the bytes are what the meter's UART made of a client at
	                         * other settings (or through an inverted head) */
} kmpsim_event;

typedef void (*kmpsim_event_cb)(void *ctx, const kmpsim_event *ev);

/* Output waiting to go out: a reply with its noise, or a stray 00.  Every
 * byte carries its due time, so pacing is exact and never drifts. */
#define KMPSIM_TXQ_MAX (2 * KMP_FRAME_MAX)
#define KMPSIM_ECHO_MAX 4096

typedef struct kmpsim_core {
	kmpsim_core_params p;
	const kmpsim_meter *meter;
	kmpsim_rng rng;
	int quality;
	int64_t t_start;        /* time of init: live values run from here */
	int64_t wall_offset_us; /* wall-clock us = monotonic us + this */
	kmpsim_event_cb cb;
	void *cb_ctx;

	kmp_rx rx;
	kmp_msg msg;
	int64_t now;        /* time of the input being processed */
	int64_t last_byte;  /* time of the last received byte */
	int64_t frame_t0;   /* time of the start byte of the open frame */
	int pending_flush;  /* bytes fed since the line was last quiet */
	int64_t busy_until; /* 1.6 s rule */
	int64_t talk_until; /* end of the reply being sent */
	int64_t wake_at;    /* start, last button press or last request received */
	int dozing;         /* --asleep: asleep until the button */
	int64_t zero_at;    /* stray 00 due, or KMPSIM_NEVER */
	int64_t push_at;    /* next --push message, or KMPSIM_NEVER */

	kmpsim_line client; /* the client's settings as last seen */
	int client_known;
	int rx_garbled; /* the input being handled went through the line model */
	kmpsim_legacy_rx legacy;

	uint8_t echo[KMPSIM_ECHO_MAX];
	size_t echo_len;
	uint8_t txq[KMPSIM_TXQ_MAX];
	int64_t txq_due[KMPSIM_TXQ_MAX];
	uint8_t txq_flags[KMPSIM_TXQ_MAX];
	size_t txq_head, txq_len;
} kmpsim_core;

/* now: the time the simulator starts (live values and the sleep timer run
 * from here).  meter must outlive the core. */
void kmpsim_core_init(kmpsim_core *c, const kmpsim_core_params *p, const kmpsim_meter *meter,
                      uint64_t seed, int64_t now);
void kmpsim_core_set_observer(kmpsim_core *c, kmpsim_event_cb cb, void *ctx);
/* Wall clock for the clock/date registers: wall-clock us minus monotonic us. */
void kmpsim_core_set_wall_offset(kmpsim_core *c, int64_t offset_us);

/* The client's line settings as they are now (the pty's termios, or the
 * bridge's --line); NULL: unknown, taken to match the meter's.  Bytes in
 * either direction are judged by the settings in force when they move:
 * a request when it arrives, a reply when its first byte is due. */
void kmpsim_core_set_client_line(kmpsim_core *c, const kmpsim_line *l);

/* Alignment quality 0..100 (clamped). */
void kmpsim_core_set_quality(kmpsim_core *c, int quality);
int kmpsim_core_quality(const kmpsim_core *c);
/* The button: wakes the optical port for another sleep_after period (a
 * request the meter receives while awake does the same). */
void kmpsim_core_wake(kmpsim_core *c, int64_t now);
int kmpsim_core_asleep(const kmpsim_core *c, int64_t now);

void kmpsim_core_input(kmpsim_core *c, int64_t now, const uint8_t *p, size_t n);
void kmpsim_core_tick(kmpsim_core *c, int64_t now);
/* Take the bytes due by now: first everything echoed, then reply bytes
 * whose time has come.  Returns the count (0..cap). */
size_t kmpsim_core_output(kmpsim_core *c, int64_t now, uint8_t *buf, size_t cap);
/* Earliest time a tick or output is due, KMPSIM_NEVER when idle. */
int64_t kmpsim_core_deadline(const kmpsim_core *c);

/* The line was replaced (a new TCP client): forget partial input and
 * output meant for the old one; timers of the meter itself stay. */
void kmpsim_core_line_reset(kmpsim_core *c, int64_t now);

/* i byte times in microseconds (0 without pacing).  Byte i (0-based) of a
 * burst starting at t is handed over at t + offset(i + 1), when its stop bit
 * ends, as a receiving UART would. */
int64_t kmpsim_core_byte_offset_us(const kmpsim_core_params *p, size_t i);

#endif
