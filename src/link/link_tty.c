/* link_tty.c - the termios backend, for ptys (simulators, socat) and ttys
 * that libserialport 0.1.1 refuses.  It configures the fd link_device.c
 * already opened and locked. */
#include <errno.h>
#include <termios.h>

#include "kmp/error.h"
#include "link_backend.h"

struct baud_speed {
	int baud;
	speed_t speed;
};

static const struct baud_speed speeds[] = {
        {50, B50},       {75, B75},         {110, B110},       {134, B134},       {150, B150},
        {200, B200},     {300, B300},       {600, B600},       {1200, B1200},     {1800, B1800},
        {2400, B2400},   {4800, B4800},     {9600, B9600},     {19200, B19200},   {38400, B38400},
        {57600, B57600}, {115200, B115200}, {230400, B230400}, {460800, B460800}, {921600, B921600},
};

static int baud_to_speed(int baud, speed_t *out)
{
	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
		if (speeds[i].baud == baud) {
			*out = speeds[i].speed;
			return 1;
		}
	}
	return 0;
}

static tcflag_t data_bits(int bits)
{
	switch (bits) {
	case 5:
		return CS5;
	case 6:
		return CS6;
	case 7:
		return CS7;
	default:
		return CS8;
	}
}

/* Raw bytes both ways at l->cfg's settings: no echo (an echo would look
 * like a reply), no CR/LF translation (0D ends every frame), no XON/XOFF.
 * TCSANOW: a new speed applies to the next byte; the caller waits until a
 * request is on the wire before changing it (identify's legacy step). */
static int apply_termios(kmp_link *l, int fd, char *err, size_t errcap)
{
	const kmp_link_config *c = &l->cfg;
	speed_t speed;
	if (!baud_to_speed(c->baud, &speed))
		return link_fail(err, errcap, KMP_ERR_BAUD,
		                 "%s: baud %d not supported on this device (use a standard rate)",
		                 l->name, c->baud);
	struct termios t;
	if (tcgetattr(fd, &t) != 0)
		return link_fail_errno(l, err, errcap, errno);
	cfmakeraw(&t);
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= CLOCAL | CREAD | data_bits(c->databits);
	if (c->parity != 'N')
		t.c_cflag |= PARENB | (c->parity == 'O' ? PARODD : 0);
	if (c->stopbits == 2)
		t.c_cflag |= CSTOPB;
	/* Never block in read(): the owner polls. */
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	/* A pty keeps but ignores the speed; a real tty honours it. */
	cfsetispeed(&t, speed);
	cfsetospeed(&t, speed);
	if (tcsetattr(fd, TCSANOW, &t) != 0)
		return link_fail_errno(l, err, errcap, errno);
	return KMP_OK;
}

static int tty_open(kmp_link *l, uint64_t now_us, char *err, size_t errcap)
{
	(void)now_us; /* link_device.c opened it O_NONBLOCK: nothing to wait for */
	int fd = l->lock_fd;
	int rc = apply_termios(l, fd, err, errcap);
	if (rc != KMP_OK)
		return rc;
	l->fd = fd; /* borrowed: link.c closes lock_fd */
	link_set_up(l);
	return KMP_OK;
}

static int tty_set_line(kmp_link *l, char *err, size_t errcap)
{
	return apply_termios(l, l->fd, err, errcap);
}

static void tty_close(kmp_link *l)
{
	/* link.c's close() of lock_fd would wait for unsent output to drain
	 * (up to 30 s on a stuck line); it is of no use to anyone now */
	if (l->fd >= 0)
		tcflush(l->fd, TCOFLUSH);
	l->fd = -1;
}

static int tty_write(kmp_link *l, const uint8_t *p, size_t n)
{
	return link_fd_write(l, p, n, 0);
}

static int tty_read(kmp_link *l, uint8_t *buf, size_t cap)
{
	return link_fd_read(l, buf, cap, 0);
}

static void tty_flush_input(kmp_link *l)
{
	tcflush(l->fd, TCIFLUSH);
}

const struct kmp_link_backend kmp_link_tty_backend = {
        .kind = "tty",
        .open = tty_open,
        .progress = NULL, /* up as soon as open returns */
        .close = tty_close,
        .write = tty_write,
        .read = tty_read,
        .flush_input = tty_flush_input,
        .set_line = tty_set_line,
};
