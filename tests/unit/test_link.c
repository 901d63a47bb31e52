/* test_link.c - the link layer against real ptys and real loopback sockets:
 * bytes in, bytes out, hangups, locking and the error messages users see.
 * Waits are poll() with a timeout, never sleeps. */
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link/link.h"
#include "link_fixture.h"
#include "testing.h"

/* A GetRegister request with bytes a cooked tty would mangle: 0D (CR ->
 * LF), 11/13 (XON/XOFF), 03 (^C), 7F (erase), 0A, 00. */
static const uint8_t request[] = {0x80, 0x3F, 0x10, 0x01, 0x00, 0x3C, 0x1B, 0xF2, 0x11,
                                  0x13, 0x03, 0x7F, 0x0A, 0x00, 0xE6, 0x1F, 0x0D};

static char errbuf[512];

static int open_pty(int *master, char *slave, size_t cap)
{
	return fx_open_pty(master, slave, cap);
}

static int link_open_dev(kmp_link **l, const char *dev)
{
	return fx_link_open(l, dev, errbuf, sizeof errbuf);
}

static short wait_fd(int fd, short events)
{
	return fx_wait_fd(fd, events);
}

/* Read want bytes from a plain fd (pty master, peer socket). */
static size_t read_fd_all(int fd, uint8_t *buf, size_t want)
{
	size_t got = 0;
	while (got < want && (wait_fd(fd, POLLIN) & POLLIN)) {
		ssize_t r = read(fd, buf + got, want - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Read want bytes through the link. */
static size_t read_link_all(kmp_link *l, uint8_t *buf, size_t want)
{
	size_t got = 0;
	while (got < want && wait_fd(kmp_link_fd(l), POLLIN)) {
		int r = kmp_link_read(l, buf + got, want - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Poll for readable or hangup, then read until the link reports it. */
static int read_until_error(kmp_link *l)
{
	uint8_t buf[64];
	for (int i = 0; i < 100; i++) {
		if (!wait_fd(kmp_link_fd(l), POLLIN))
			return 0; /* timed out: no hangup seen */
		int r = kmp_link_read(l, buf, sizeof buf);
		if (r < 0)
			return r;
	}
	return 0;
}

static void test_config_defaults(void)
{
	kmp_link_config cfg;
	memset(&cfg, 0x55, sizeof cfg);
	kmp_link_config_default(&cfg);
	CU_ASSERT_EQUAL(cfg.baud, 1200);
	CU_ASSERT_EQUAL(cfg.parity, 'N');
	CU_ASSERT_EQUAL(cfg.stopbits, 2);
	CU_ASSERT_EQUAL(cfg.databits, 8);
}

/* Rounded to the nearest microsecond: 11 bits at 1200 = 9166.67 us. */
static void test_byte_time(void)
{
	kmp_link_config cfg;
	kmp_link_config_default(&cfg);
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(&cfg), 9167);
	cfg.baud = 9600;
	cfg.stopbits = 1;
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(&cfg), 1042); /* 10 bits: 1041.67 */
	cfg.baud = 2400;
	cfg.parity = 'E';
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(&cfg), 4583); /* 11 bits: 4583.33 */
	cfg.baud = 300;
	cfg.databits = 7;
	cfg.parity = 'o';
	cfg.stopbits = 2;
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(&cfg), 36667); /* 1+7+1+2: 36666.67 */
	cfg.baud = 1000000;
	cfg.parity = 'N';
	cfg.stopbits = 1;
	cfg.databits = 8;
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(&cfg), 10);

	kmp_link_config zero = {0};
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(&zero), 9167); /* zero = defaults */
	CU_ASSERT_EQUAL(kmp_link_config_byte_us(NULL), 0);
}

static void test_config_check(void)
{
	kmp_link_config cfg;
	kmp_link_config_default(&cfg);
	CU_ASSERT_EQUAL(kmp_link_config_check(&cfg, NULL, 0), KMP_OK);
	cfg.parity = 'e';
	CU_ASSERT_EQUAL(kmp_link_config_check(&cfg, errbuf, sizeof errbuf), KMP_OK);

	struct {
		int baud;
		char parity;
		int stopbits, databits;
		const char *word;
	} bad[] = {
	        {-1, 'N', 2, 8, "baud"},        {4000001, 'N', 2, 8, "baud"},
	        {1200, 'X', 2, 8, "parity"},    {1200, 'M', 2, 8, "parity"},
	        {1200, 'N', 3, 8, "stop bits"}, {1200, 'N', -1, 8, "stop bits"},
	        {1200, 'N', 2, 9, "data bits"}, {1200, 'N', 2, 4, "data bits"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cfg.baud = bad[i].baud;
		cfg.parity = bad[i].parity;
		cfg.stopbits = bad[i].stopbits;
		cfg.databits = bad[i].databits;
		errbuf[0] = '\0';
		CU_ASSERT_EQUAL(kmp_link_config_check(&cfg, errbuf, sizeof errbuf), KMP_ERR_CONFIG);
		CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, bad[i].word));
	}

	/* kmp_link_open refuses the same before touching any device. */
	kmp_link *l = NULL;
	cfg.device = "/dev/null";
	CU_ASSERT_EQUAL(kmp_link_open(&l, &cfg, 0, errbuf, sizeof errbuf), KMP_ERR_CONFIG);
	CU_ASSERT_PTR_NULL(l);
	kmp_link_config_default(&cfg);
	cfg.device = "";
	CU_ASSERT_EQUAL(kmp_link_open(&l, &cfg, 0, errbuf, sizeof errbuf), KMP_ERR_ADDRESS);
	CU_ASSERT_STRING_EQUAL(errbuf, "no device given");
	CU_ASSERT_EQUAL(kmp_link_open(&l, NULL, 0, errbuf, sizeof errbuf), KMP_ERR_ADDRESS);
	CU_ASSERT_EQUAL(kmp_link_open(NULL, &cfg, 0, errbuf, sizeof errbuf), KMP_ERR_ARG);
}

/* Request out through the link, reply back in, every byte untouched. */
static void test_pty_roundtrip(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(open_pty(&m, slave, sizeof slave), 0);
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(link_open_dev(&l, slave), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "tty");
	CU_ASSERT_STRING_EQUAL(kmp_link_name(l), slave);
	CU_ASSERT(kmp_link_fd(l) >= 0);
	CU_ASSERT_EQUAL(kmp_link_byte_us(l), 9167);
	/* a device is up as soon as it opens: nothing to wait for */
	CU_ASSERT(kmp_link_up(l));
	CU_ASSERT_EQUAL(kmp_link_events(l), POLLIN);
	CU_ASSERT_EQUAL(kmp_link_timeout_ms(l, 0), -1);
	CU_ASSERT_EQUAL(kmp_link_progress(l, 0, 0, errbuf, sizeof errbuf), KMP_OK);

	/* nothing waiting: 0, not "closed" (VMIN=0 reads return 0 too) */
	uint8_t buf[64];
	CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), 0);

	CU_ASSERT_EQUAL(kmp_link_write(l, request, sizeof request), KMP_OK);
	CU_ASSERT_EQUAL(read_fd_all(m, buf, sizeof request), sizeof request);
	CU_ASSERT_EQUAL(memcmp(buf, request, sizeof request), 0);

	static const uint8_t reply[] = {0x40, 0x3F, 0x10, 0x00, 0x3C, 0x0D, 0x0A, 0x03,
	                                0x11, 0x13, 0x1B, 0x7F, 0x00, 0xFF, 0x0D};
	CU_ASSERT_EQUAL_FATAL(write(m, reply, sizeof reply), (ssize_t)sizeof reply);
	memset(buf, 0, sizeof buf);
	CU_ASSERT_EQUAL(read_link_all(l, buf, sizeof reply), sizeof reply);
	CU_ASSERT_EQUAL(memcmp(buf, reply, sizeof reply), 0);
	/* no echo from the tty itself: only what the master sent */
	CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), 0);
	struct pollfd pfd = {.fd = m, .events = POLLIN};
	CU_ASSERT_EQUAL(poll(&pfd, 1, 0), 0);

	kmp_link_close(l);
	close(m);
}

static void test_pty_flush_input(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(open_pty(&m, slave, sizeof slave), 0);
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(link_open_dev(&l, slave), KMP_OK);
	CU_ASSERT_EQUAL(write(m, "\x40\x3F\x00\x0D", 4), 4);
	CU_ASSERT(wait_fd(kmp_link_fd(l), POLLIN) & POLLIN);
	kmp_link_flush_input(l);
	uint8_t buf[16];
	CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), 0);
	kmp_link_close(l);
	close(m);
}

/* The other end goes away (a USB head unplugged looks the same). */
static void test_pty_hangup(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(open_pty(&m, slave, sizeof slave), 0);
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL_FATAL(link_open_dev(&l, slave), KMP_OK);
	close(m);
	CU_ASSERT_EQUAL(read_until_error(l), KMP_ERR_CLOSED);
	CU_ASSERT_EQUAL(kmp_link_write(l, request, sizeof request), KMP_ERR_CLOSED);
	CU_ASSERT_EQUAL(kmp_link_errno(l), EIO);
	kmp_link_close(l);
}

static void test_pty_busy(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(open_pty(&m, slave, sizeof slave), 0);
	kmp_link *a = NULL, *b = NULL;
	CU_ASSERT_EQUAL_FATAL(link_open_dev(&a, slave), KMP_OK);
	CU_ASSERT_EQUAL(link_open_dev(&b, slave), KMP_ERR_PORT_BUSY);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, slave));
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "port busy: another program has it open"));
	/* the lock goes with the link */
	kmp_link_close(a);
	CU_ASSERT_EQUAL(link_open_dev(&b, slave), KMP_OK);
	kmp_link_close(b);
	close(m);
}

/* /dev/serial/by-id names are symlinks: they must work, and messages name
 * what the user typed. */
static void test_symlink_and_dangling(void)
{
	char dir[] = "/tmp/kmpterm-link-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char lnk[256], dangling[256];
	snprintf(lnk, sizeof lnk, "%s/usb-Kamstrup_IR_head-if00-port0", dir);
	snprintf(dangling, sizeof dangling, "%s/usb-unplugged-if00-port0", dir);

	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(open_pty(&m, slave, sizeof slave), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(slave, lnk), 0);
	CU_ASSERT_EQUAL_FATAL(symlink("/dev/kmpterm-no-such-tty", dangling), 0);

	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(link_open_dev(&l, lnk), KMP_OK);
	CU_ASSERT_STRING_EQUAL(kmp_link_name(l), lnk);
	kmp_link *l2 = NULL; /* the same pty by its own name: locked */
	CU_ASSERT_EQUAL(link_open_dev(&l2, slave), KMP_ERR_PORT_BUSY);
	kmp_link_close(l);

	CU_ASSERT_EQUAL(link_open_dev(&l, dangling), KMP_ERR_NODEV);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, dangling));
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "no such device"));

	unlink(lnk);
	unlink(dangling);
	rmdir(dir);
	close(m);
}

static void test_nodev(void)
{
	const char *dev = "/dev/ttyKMPTERM-nonexistent";
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(link_open_dev(&l, dev), KMP_ERR_NODEV);
	CU_ASSERT_PTR_NULL(l);
	/* USB heads get plugged in: say what to look at */
	CU_ASSERT_STRING_EQUAL(errbuf,
	                       "/dev/ttyKMPTERM-nonexistent: no such device (plugged in? try "
	                       "kmpterm ports)");
	CU_ASSERT_EQUAL(errno, ENOENT);
	CU_ASSERT(!kmp_err_permanent(KMP_ERR_NODEV));
}

static void test_not_serial(void)
{
	char file[] = "/tmp/kmpterm-notatty-XXXXXX";
	int fd = mkstemp(file);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	const char *devs[] = {file, "/dev/null", "/tmp"};
	for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		kmp_link *l = NULL;
		CU_ASSERT_EQUAL(link_open_dev(&l, devs[i]), KMP_ERR_NOT_SERIAL);
		CU_ASSERT_PTR_NULL(l);
		char want[512];
		snprintf(want, sizeof want, "%s: not a serial port (try kmpterm ports)", devs[i]);
		CU_ASSERT_STRING_EQUAL(errbuf, want);
	}
	unlink(file);
	CU_ASSERT(kmp_err_permanent(KMP_ERR_NOT_SERIAL));

	kmp_link_config cfg = {.device = "rfc2217://host:2002"};
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(kmp_link_open(&l, &cfg, 0, errbuf, sizeof errbuf), KMP_ERR_ADDRESS);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "unknown scheme"));
}

/* The permission check of a child process that dropped root (root
 * ignores file modes): 0 when the link said what the user must do. */
static int denied_as_nobody(const char *slave)
{
	if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
		return 2;
	kmp_link *l = NULL;
	if (link_open_dev(&l, slave) != KMP_ERR_PERM)
		return 3;
	char want[256];
	snprintf(want, sizeof want, "%s: permission denied: add your user to the dialout group",
	         slave);
	if (strcmp(errbuf, want) != 0 || errno != EACCES)
		return 4;
	return 0;
}

/* A device the user may not open.  Run in a child: it gives up root when
 * it has it, so the test means the same for every user (CI runs as
 * root). */
static void test_permission_denied(void)
{
	int m;
	char slave[128];
	CU_ASSERT_EQUAL_FATAL(open_pty(&m, slave, sizeof slave), 0);
	CU_ASSERT_EQUAL_FATAL(chmod(slave, 0), 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		_exit(denied_as_nobody(slave));
	int status = -1;
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	close(m);
}

static void test_errmsg_mapping(void)
{
	struct {
		int errnum, code;
		const char *text;
	} cases[] = {
	        {EACCES, KMP_ERR_PERM,
	         "/dev/ttyUSB0: permission denied: add your user to the dialout group"},
	        {EPERM, KMP_ERR_PERM,
	         "/dev/ttyUSB0: permission denied: add your user to the dialout group"},
	        {ENOENT, KMP_ERR_NODEV,
	         "/dev/ttyUSB0: no such device (plugged in? try kmpterm ports)"},
	        {ENODEV, KMP_ERR_NODEV,
	         "/dev/ttyUSB0: no such device (plugged in? try kmpterm ports)"},
	        {ENXIO, KMP_ERR_NODEV,
	         "/dev/ttyUSB0: no such device (plugged in? try kmpterm ports)"},
	        {EBUSY, KMP_ERR_PORT_BUSY, "/dev/ttyUSB0: port busy: another program has it open"},
	        {EWOULDBLOCK, KMP_ERR_PORT_BUSY,
	         "/dev/ttyUSB0: port busy: another program has it open"},
	        {ENOTTY, KMP_ERR_NOT_SERIAL, "/dev/ttyUSB0: not a serial port (try kmpterm ports)"},
	        {EISDIR, KMP_ERR_NOT_SERIAL, "/dev/ttyUSB0: not a serial port (try kmpterm ports)"},
	        {ECONNREFUSED, KMP_ERR_CONNREFUSED, "/dev/ttyUSB0: connection refused"},
	        {EHOSTUNREACH, KMP_ERR_UNREACHABLE, "/dev/ttyUSB0: host unreachable"},
	        {ENETUNREACH, KMP_ERR_UNREACHABLE, "/dev/ttyUSB0: network unreachable"},
	        {ETIMEDOUT, KMP_ERR_TIMEOUT_CONNECT, "/dev/ttyUSB0: connection timed out"},
	        {EIO, KMP_ERR_IO, "/dev/ttyUSB0: input/output error"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		errbuf[0] = '\0';
		CU_ASSERT_EQUAL(
		        kmp_link_errmsg(errbuf, sizeof errbuf, "/dev/ttyUSB0", cases[i].errnum),
		        cases[i].code);
		CU_ASSERT_STRING_EQUAL(errbuf, cases[i].text);
	}
	/* no buffer, or a tiny one: still classified, never overrun */
	CU_ASSERT_EQUAL(kmp_link_errmsg(NULL, 0, "x", EACCES), KMP_ERR_PERM);
	char tiny[8];
	CU_ASSERT_EQUAL(kmp_link_errmsg(tiny, sizeof tiny, "/dev/ttyUSB0", EBUSY),
	                KMP_ERR_PORT_BUSY);
	CU_ASSERT_STRING_EQUAL(tiny, "/dev/tt");
	/* no device name: still one line */
	CU_ASSERT_EQUAL(kmp_link_errmsg(errbuf, sizeof errbuf, NULL, EBUSY), KMP_ERR_PORT_BUSY);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "(no device): port busy"));
}

/* ---- TCP ---- */

static int listen_local(unsigned *port, int do_listen)
{
	return fx_listen_local(port, do_listen);
}

/* Connect a link to a fresh listener; returns the accepted peer fd. */
static int tcp_pair(kmp_link **l, const char *scheme)
{
	unsigned port;
	int s = listen_local(&port, 1);
	if (s < 0)
		return -1;
	char url[64];
	snprintf(url, sizeof url, "%s://127.0.0.1:%u", scheme, port);
	int peer = -1;
	if (link_open_dev(l, url) == KMP_OK && (wait_fd(s, POLLIN) & POLLIN))
		peer = accept(s, NULL, NULL);
	close(s);
	return peer;
}

static void test_tcp_roundtrip(void)
{
	const char *schemes[] = {"tcp", "socket", "TCP"};
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		kmp_link *l = NULL;
		int peer = tcp_pair(&l, schemes[i]);
		CU_ASSERT_FATAL(peer >= 0);
		CU_ASSERT_STRING_EQUAL(kmp_link_kind(l), "tcp");
		CU_ASSERT_EQUAL(kmp_link_byte_us(l), 9167);

		/* one write arrives as one chunk with every byte */
		CU_ASSERT_EQUAL(kmp_link_write(l, request, sizeof request), KMP_OK);
		uint8_t buf[256];
		CU_ASSERT(wait_fd(peer, POLLIN) & POLLIN);
		CU_ASSERT_EQUAL(recv(peer, buf, sizeof buf, 0), (ssize_t)sizeof request);
		CU_ASSERT_EQUAL(memcmp(buf, request, sizeof request), 0);

		uint8_t none[8];
		CU_ASSERT_EQUAL(kmp_link_read(l, none, sizeof none), 0);
		CU_ASSERT_EQUAL(send(peer, "\x40\x3F\x02\x0D", 4, 0), 4);
		CU_ASSERT_EQUAL(read_link_all(l, buf, 4), 4);
		CU_ASSERT_EQUAL(memcmp(buf, "\x40\x3F\x02\x0D", 4), 0);

		/* flush drops what arrived, and only that */
		CU_ASSERT_EQUAL(send(peer, "\x00\x00", 2, 0), 2);
		CU_ASSERT(wait_fd(kmp_link_fd(l), POLLIN) & POLLIN);
		kmp_link_flush_input(l);
		CU_ASSERT_EQUAL(kmp_link_read(l, buf, sizeof buf), 0);

		/* peer closes: EOF is "closed" */
		close(peer);
		CU_ASSERT_EQUAL(read_until_error(l), KMP_ERR_CLOSED);
		kmp_link_close(l);
	}
}

/* A reset, then writes: KMP_ERR_CLOSED, and no SIGPIPE kills us. */
static void test_tcp_reset(void)
{
	kmp_link *l = NULL;
	int peer = tcp_pair(&l, "tcp");
	CU_ASSERT_FATAL(peer >= 0);
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	CU_ASSERT_EQUAL(setsockopt(peer, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
	close(peer); /* sends RST */
	CU_ASSERT_EQUAL(read_until_error(l), KMP_ERR_CLOSED);
	int rc = KMP_OK;
	for (int i = 0; i < 3 && rc == KMP_OK; i++)
		rc = kmp_link_write(l, request, sizeof request);
	CU_ASSERT_EQUAL(rc, KMP_ERR_CLOSED);
	CU_ASSERT(kmp_link_errno(l) == EPIPE || kmp_link_errno(l) == ECONNRESET);
	kmp_link_close(l);
}

static void test_tcp_refused(void)
{
	unsigned port;
	int s = listen_local(&port, 0); /* bound, not listening: RST */
	CU_ASSERT_FATAL(s >= 0);
	char url[64];
	snprintf(url, sizeof url, "tcp://127.0.0.1:%u", port);
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(link_open_dev(&l, url), KMP_ERR_CONNREFUSED);
	CU_ASSERT_PTR_NULL(l);
	char want[128];
	snprintf(want, sizeof want, "%s: connection refused", url);
	CU_ASSERT_STRING_EQUAL(errbuf, want);
	close(s);
}

/* .invalid never resolves (RFC 6761). */
static void test_tcp_resolve(void)
{
	kmp_link *l = NULL;
	CU_ASSERT_EQUAL(link_open_dev(&l, "tcp://kmpterm-test.invalid:2002"), KMP_ERR_RESOLVE);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "cannot resolve host \"kmpterm-test.invalid\""));
}

static void test_tcp_bad_url(void)
{
	const char *bad[] = {"tcp://host",     "tcp://:0",        "tcp://h:99999", "tcp://h:0",
	                     "tcp://h:",       "tcp://h:20x2",    "tcp://:2002",   "tcp://",
	                     "tcp://::1:2002", "tcp://[::1]2002", "tcp://[::1",    "socket://h",
	                     "tcp://h:-1",     "tcp://h:123456"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kmp_link *l = NULL;
		errbuf[0] = '\0';
		CU_ASSERT_EQUAL(link_open_dev(&l, bad[i]), KMP_ERR_ADDRESS);
		CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, bad[i]));
		CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "tcp://host:port"));
	}
}

static void test_tcp_parse(void)
{
	char host[64];
	unsigned port = 0;
	CU_ASSERT_EQUAL(
	        kmp_link_parse_tcp("socket://meter-pi.local:2002", host, sizeof host, &port),
	        KMP_OK);
	CU_ASSERT_STRING_EQUAL(host, "meter-pi.local");
	CU_ASSERT_EQUAL(port, 2002);
	CU_ASSERT_EQUAL(kmp_link_parse_tcp("tcp://[::1]:65535", host, sizeof host, &port), KMP_OK);
	CU_ASSERT_STRING_EQUAL(host, "::1");
	CU_ASSERT_EQUAL(port, 65535);
	CU_ASSERT_EQUAL(kmp_link_parse_tcp("tcp://h:1", host, sizeof host, &port), KMP_OK);
	CU_ASSERT_EQUAL(port, 1);
	CU_ASSERT_EQUAL(kmp_link_parse_tcp("tcp://longhostname:1", host, 5, &port),
	                KMP_ERR_ADDRESS);
	CU_ASSERT_EQUAL(kmp_link_parse_tcp("/dev/ttyUSB0", host, sizeof host, &port),
	                KMP_ERR_ADDRESS);
	CU_ASSERT(kmp_link_is_tcp("Socket://x:1"));
	CU_ASSERT(!kmp_link_is_tcp("/dev/ttyUSB0"));
	CU_ASSERT(!kmp_link_is_tcp(NULL));
}

TEST_SUITE(link_suite)
{
	CU_pSuite s = CU_add_suite("link", NULL, NULL);
	TEST_ADD(s, test_config_defaults);
	TEST_ADD(s, test_byte_time);
	TEST_ADD(s, test_config_check);
	TEST_ADD(s, test_pty_roundtrip);
	TEST_ADD(s, test_pty_flush_input);
	TEST_ADD(s, test_pty_hangup);
	TEST_ADD(s, test_pty_busy);
	TEST_ADD(s, test_symlink_and_dangling);
	TEST_ADD(s, test_nodev);
	TEST_ADD(s, test_not_serial);
	TEST_ADD(s, test_permission_denied);
	TEST_ADD(s, test_errmsg_mapping);
	TEST_ADD(s, test_tcp_roundtrip);
	TEST_ADD(s, test_tcp_reset);
	TEST_ADD(s, test_tcp_refused);
	TEST_ADD(s, test_tcp_resolve);
	TEST_ADD(s, test_tcp_bad_url);
	TEST_ADD(s, test_tcp_parse);
}
