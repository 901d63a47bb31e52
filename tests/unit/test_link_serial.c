/* test_link_serial.c - the libserialport backend, the path every USB head
 * takes, driven through the stand-in of sp_fake.c over a real pty: what
 * it applies (KMP's 1200 8N2, DTR and RTS on to power the head, no flow
 * control), how it maps libserialport's errors to messages, when it hands
 * the device to termios instead, and that its reads, writes, flush and
 * close reach the port. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link/link.h"
#include "link_fixture.h"
#include "sp_fake.h"
#include "testing.h"

static char errbuf[512];

/* Before each test: the stand-in takes the pty as libserialport takes a
 * USB head.  After each: back to refusing it, for every other suite. */
static void as_usb_head(void)
{
	sp_fake_reset();
	sp_fake.refuse_name = 0;
}

static int open_with(kmp_link **l, const char *dev, int baud, char parity, int stopbits,
                     int databits)
{
	kmp_link_config cfg = {.device = dev,
	                       .baud = baud,
	                       .parity = parity,
	                       .stopbits = stopbits,
	                       .databits = databits};
	errbuf[0] = '\0';
	return kmp_link_open(l, &cfg, 0, errbuf, sizeof errbuf);
}

/* A USB head as the backend sees it: opened, configured, up at once. */
static void test_serial_kmp_settings(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	as_usb_head();
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(open_with(&l, slave, 0, 0, 0, 0), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "serial");
	CU_ASSERT(kmp_link_up(l));
	CU_ASSERT_STRING_EQUAL(sp_fake.name, slave); /* the realpath() of it */
	CU_ASSERT_EQUAL(sp_fake.mode, SP_MODE_READ_WRITE);
	CU_ASSERT_EQUAL(sp_fake.opens, 1);
	/* 1200 8N2 (kmp-protocol.md, "Physical layer") */
	CU_ASSERT_EQUAL(sp_fake.baud, 1200);
	CU_ASSERT_EQUAL(sp_fake.bits, 8);
	CU_ASSERT_EQUAL(sp_fake.parity, SP_PARITY_NONE);
	CU_ASSERT_EQUAL(sp_fake.stopbits, 2);
	/* the head draws its power from DTR and RTS; nothing may hold the line */
	CU_ASSERT_EQUAL(sp_fake.dtr, SP_DTR_ON);
	CU_ASSERT_EQUAL(sp_fake.rts, SP_RTS_ON);
	CU_ASSERT_EQUAL(sp_fake.flowcontrol, SP_FLOWCONTROL_NONE);
	CU_ASSERT_EQUAL(sp_fake.set_configs, 1);
	CU_ASSERT_EQUAL(sp_fake.configs_new, 1);
	CU_ASSERT_EQUAL(sp_fake.configs_freed, 1);

	/* the owner polls the port's own descriptor, non-blocking */
	int fd = kmp_link_fd(l);
	CU_ASSERT_EQUAL(fd, sp_fake.fd);
	CU_ASSERT(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CU_ASSERT(fcntl(fd, F_GETFD) & FD_CLOEXEC);

	/* bytes both ways */
	static const uint8_t req[] = {0x80, 0x3F, 0x01, 0x05, 0x8A, 0x0D};
	CU_ASSERT_EQUAL(kmp_link_write(l, req, sizeof req), KMP_OK);
	uint8_t buf[32];
	CU_ASSERT(fx_wait_fd(m, POLLIN) & POLLIN);
	CU_ASSERT_EQUAL(read(m, buf, sizeof buf), (ssize_t)sizeof req);
	CU_ASSERT_EQUAL(memcmp(buf, req, sizeof req), 0);
	CU_ASSERT_EQUAL(write(m, "\x40\x3F\x01\x0D", 4), 4);
	CU_ASSERT(fx_wait_fd(fd, POLLIN) & POLLIN);
	CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), 4);

	/* flushing drops what came in, and only the input */
	CU_ASSERT_EQUAL(write(m, "\x00\x00", 2), 2);
	CU_ASSERT(fx_wait_fd(fd, POLLIN) & POLLIN);
	kmp_link_flush_input(l);
	CU_ASSERT_EQUAL(sp_fake.flushes, 1);
	CU_ASSERT_EQUAL(sp_fake.flushed, SP_BUF_INPUT);
	CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), 0);

	/* the port is locked while open: a second kmpterm gives up before
	 * libserialport could change its settings */
	kmp_link *l2 = NULL;
	CU_ASSERT_EQUAL(open_with(&l2, slave, 0, 0, 0, 0), KMP_ERR_PORT_BUSY);
	CU_ASSERT_EQUAL(sp_fake.opens, 1);

	kmp_link_close(l);
	CU_ASSERT_EQUAL(sp_fake.closes, 1);
	CU_ASSERT_EQUAL(sp_fake.ports_freed, 1);
	CU_ASSERT_EQUAL(fcntl(fd, F_GETFD), -1); /* closed */
	close(m);
}

/* Other settings reach libserialport as given. */
static void test_serial_other_settings(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	struct {
		int baud;
		char parity;
		int stopbits, databits;
		int sp_parity;
	} cases[] = {
	        {9600, 'E', 1, 7, SP_PARITY_EVEN},
	        {300, 'o', 2, 8, SP_PARITY_ODD},
	        {2400, 'n', 1, 5, SP_PARITY_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		as_usb_head();
		kmp_link *l = NULL;
		CU_ASSERT_EQUAL_FATAL(open_with(&l, slave, cases[i].baud, cases[i].parity,
		                                cases[i].stopbits, cases[i].databits),
		                      KMP_OK);
		CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "serial");
		CU_ASSERT_EQUAL(sp_fake.baud, cases[i].baud);
		CU_ASSERT_EQUAL(sp_fake.parity, cases[i].sp_parity);
		CU_ASSERT_EQUAL(sp_fake.stopbits, cases[i].stopbits);
		CU_ASSERT_EQUAL(sp_fake.bits, cases[i].databits);
		kmp_link_close(l);
	}
	close(m);
}

/* What libserialport's open failures tell the user; termios would fail
 * the same way, so these are final. */
static void test_serial_open_errors(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	struct {
		int errnum, code;
		const char *phrase;
	} cases[] = {
	        {EACCES, KMP_ERR_PERM, "permission denied: add your user to the dialout group"},
	        {EPERM, KMP_ERR_PERM, "permission denied: add your user to the dialout group"},
	        {EBUSY, KMP_ERR_PORT_BUSY, "port busy: another program has it open"},
	        {ENOENT, KMP_ERR_NODEV, "no such device (plugged in? try kmpterm ports)"},
	        {ENODEV, KMP_ERR_NODEV, "no such device (plugged in? try kmpterm ports)"},
	        {ENXIO, KMP_ERR_NODEV, "no such device (plugged in? try kmpterm ports)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		as_usb_head();
		sp_fake.open_ret = SP_ERR_FAIL;
		sp_fake.open_errno = cases[i].errnum;
		kmp_link *l = NULL;
		CU_ASSERT_EQUAL(open_with(&l, slave, 0, 0, 0, 0), cases[i].code);
		CU_ASSERT_PTR_NULL(l);
		char want[256];
		snprintf(want, sizeof want, "%s: %s", slave, cases[i].phrase);
		CU_ASSERT_STRING_EQUAL(errbuf, want);
		CU_ASSERT_EQUAL(errno, cases[i].errnum);
		CU_ASSERT_EQUAL(sp_fake.ports_freed, 1); /* nothing leaks */
	}
	/* the lock went with the failed link */
	as_usb_head();
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(open_with(&l, slave, 0, 0, 0, 0), KMP_OK);
	kmp_link_close(l);
	close(m);
}

/* Whatever libserialport refuses goes to termios, which has the device
 * then (a pty here, as for 0.1.1 with ptys and odd ttys). */
static void test_serial_falls_back_to_termios(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	enum { NAME, OPEN_EIO, OPEN_ARG, NEW_CONFIG, SET_CONFIG, HANDLE, N_CASES };
	for (int c = 0; c < N_CASES; c++) {
		as_usb_head();
		switch (c) {
		case NAME:
			sp_fake.refuse_name = 1;
			break;
		case OPEN_EIO: /* e.g. TIOCMGET refused: termios may still work */
			sp_fake.open_ret = SP_ERR_FAIL;
			sp_fake.open_errno = EIO;
			break;
		case OPEN_ARG:
			sp_fake.open_ret = SP_ERR_ARG;
			break;
		case NEW_CONFIG:
			sp_fake.new_config_ret = SP_ERR_MEM;
			break;
		case SET_CONFIG: /* a rate or line setting it cannot apply */
			sp_fake.set_config_ret = SP_ERR_FAIL;
			break;
		case HANDLE:
			sp_fake.handle_ret = SP_ERR_FAIL;
			break;
		}
		kmp_link *l = NULL;
		CU_ASSERT_EQUAL(open_with(&l, slave, 0, 0, 0, 0), KMP_OK);
		CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "tty");
		/* what libserialport had open is closed and freed again */
		CU_ASSERT_EQUAL(sp_fake.closes, sp_fake.opens);
		CU_ASSERT_EQUAL(sp_fake.ports_freed, c == NAME ? 0 : 1);
		CU_ASSERT_EQUAL(sp_fake.configs_freed, sp_fake.configs_new);
		CU_ASSERT(kmp_link_up(l));
		CU_ASSERT_EQUAL(kmp_link_write(l, (const uint8_t *)"\x80\x0D", 2), KMP_OK);
		uint8_t buf[8];
		CU_ASSERT(fx_wait_fd(m, POLLIN) & POLLIN);
		CU_ASSERT_EQUAL(read(m, buf, sizeof buf), 2);
		kmp_link_close(l);
	}

	/* a rate termios does not know either: one clear line, and retrying
	 * cannot help */
	as_usb_head();
	sp_fake.refuse_name = 1;
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(open_with(&l, slave, 12345, 0, 0, 0), KMP_ERR_BAUD);
	char want[256];
	snprintf(want, sizeof want,
	         "%s: baud 12345 not supported on this device (use a standard rate)", slave);
	CU_ASSERT_STRING_EQUAL(errbuf, want);
	CU_ASSERT(kmp_err_permanent(KMP_ERR_BAUD));
	close(m);
}

/* The head unplugged (the pty master closed): reads say the link closed. */
static void test_serial_hangup(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(fx_open_pty(&m, slave, sizeof slave), 0);
	as_usb_head();
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(open_with(&l, slave, 0, 0, 0, 0), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "serial");
	close(m);
	uint8_t buf[8];
	int rc = 0;
	for (int i = 0; i < 100 && rc >= 0; i++) {
		if (!(fx_wait_fd(kmp_link_fd(l), POLLIN) & (POLLIN | POLLHUP)))
			break;
		rc = kmp_link_read(l, buf, sizeof buf);
	}
	CU_ASSERT_EQUAL(rc, KMP_ERR_CLOSED);
	CU_ASSERT_EQUAL(kmp_link_write(l, buf, 1), KMP_ERR_CLOSED);
	kmp_link_close(l);
	CU_ASSERT_EQUAL(sp_fake.closes, 1);
}

TEST_SUITE(link_serial_suite)
{
	CU_pSuite s = CU_add_suite_with_setup_and_teardown("link_serial", NULL, NULL, as_usb_head,
	                                                   sp_fake_reset);
	TEST_ADD(s, test_serial_kmp_settings);
	TEST_ADD(s, test_serial_other_settings);
	TEST_ADD(s, test_serial_open_errors);
	TEST_ADD(s, test_serial_falls_back_to_termios);
	TEST_ADD(s, test_serial_hangup);
}
