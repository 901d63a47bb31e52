/* sp_fake.h - a test-only stand-in for the libserialport calls the serial
 * backend (src/link/link_serial.c) makes, so the unit tests can drive the
 * path every USB head takes without a USB head.
 *
 * The unit-test binary is linked with -Wl,--wrap=sp_open and so on (see
 * SP_FAKE in the Makefile): every call link_serial.o makes to one of
 * those functions lands in sp_fake.c instead of libserialport.  kmpterm
 * itself is never linked with it.  The stand-in opens the named device
 * itself (a pty in the tests), as libserialport does, hands its fd back
 * through sp_get_port_handle, and records what the backend applied.
 * Other sp_* functions (the port listing of `kmpterm ports`) still reach
 * the real library. */
#ifndef TESTS_SP_FAKE_H
#define TESTS_SP_FAKE_H

#include <libserialport.h>

struct sp_fake {
	/* what the next calls answer; after sp_fake_reset() every call
	 * succeeds except sp_get_port_by_name, which refuses like 0.1.1 does
	 * for a pty: every other unit test opens ptys and gets the tty
	 * backend, as with the real library */
	int refuse_name;               /* sp_get_port_by_name: SP_ERR_ARG */
	enum sp_return open_ret;       /* sp_open fails with this ... */
	int open_errno;                /* ... and sp_last_error_code() says this */
	enum sp_return new_config_ret; /* sp_new_config */
	enum sp_return set_config_ret; /* sp_set_config */
	enum sp_return handle_ret;     /* sp_get_port_handle */

	/* what the backend did */
	char name[256]; /* the port it asked for */
	int opens, closes, ports_freed, configs_new, configs_freed, set_configs;
	enum sp_mode mode;
	int fd; /* the descriptor sp_open opened, -1 when none */
	/* the configuration last applied by sp_set_config; -1 = left alone */
	int baud, bits, stopbits;
	int parity, flowcontrol, dtr, rts;
	int flushes;
	enum sp_buffer flushed; /* the buffers of the last sp_flush */
};

extern struct sp_fake sp_fake;

/* Forget the records and answer as described above. */
void sp_fake_reset(void);

#endif
