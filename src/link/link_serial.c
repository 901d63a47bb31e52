/* link_serial.c - the libserialport backend, for real ports (USB optical
 * heads, on-board UARTs).  Reads and writes go straight to the port's fd
 * (sp_get_port_handle) so the owner can poll() it with stdin; libserialport
 * only opens and configures.  Anything it refuses goes to the tty backend. */
#include <errno.h>
#include <libserialport.h>
#include <stddef.h>
#include <termios.h>

#include "kmp/error.h"
#include "link_backend.h"

static enum sp_parity sp_parity_of(char parity)
{
	switch (parity) {
	case 'E':
		return SP_PARITY_EVEN;
	case 'O':
		return SP_PARITY_ODD;
	default:
		return SP_PARITY_NONE;
	}
}

/* Fields left at -1 by sp_new_config() stay as they are. */
static enum sp_return configure(struct sp_port *port, const kmp_link_config *c)
{
	struct sp_port_config *sc;
	enum sp_return r = sp_new_config(&sc);
	if (r != SP_OK)
		return r;
	sp_set_config_baudrate(sc, c->baud);
	sp_set_config_bits(sc, c->databits);
	sp_set_config_parity(sc, sp_parity_of(c->parity));
	sp_set_config_stopbits(sc, c->stopbits);
	sp_set_config_flowcontrol(sc, SP_FLOWCONTROL_NONE);
	/* Heads on RS-232 ports draw their power from DTR and RTS. */
	sp_set_config_dtr(sc, SP_DTR_ON);
	sp_set_config_rts(sc, SP_RTS_ON);
	r = sp_set_config(port, sc);
	sp_free_config(sc);
	return r;
}

/* Errors that termios would hit the same way: report them now. */
static int is_final_errno(int e)
{
	return e == EACCES || e == EPERM || e == ENOENT || e == ENODEV || e == ENXIO || e == EBUSY;
}

static int serial_open(kmp_link *l, uint64_t now_us, char *err, size_t errcap)
{
	(void)now_us; /* libserialport opens O_NONBLOCK: nothing to wait for */
	struct sp_port *port;
	/* 0.1.1 answers SP_ERR_ARG for ptys and for ttys it cannot find in
	 * /sys/class/tty: no message to fetch, and termios may still work. */
	if (sp_get_port_by_name(l->path, &port) != SP_OK)
		return KMP_ERR_NOT_SERIAL;

	enum sp_return r = sp_open(port, SP_MODE_READ_WRITE);
	if (r != SP_OK) {
		/* sp_last_error_code() is only meaningful after SP_ERR_FAIL. */
		int e = r == SP_ERR_FAIL ? sp_last_error_code() : 0;
		sp_free_port(port);
		if (is_final_errno(e))
			return link_fail_errno(l, err, errcap, e);
		return KMP_ERR_NOT_SERIAL; /* e.g. TIOCMGET refused */
	}

	int fd = -1;
	if (configure(port, &l->cfg) != SP_OK || sp_get_port_handle(port, &fd) != SP_OK ||
	    link_fd_nonblock(fd) != KMP_OK) {
		/* A rate or line setting libserialport cannot apply: let
		 * termios try, and say precisely what it cannot do. */
		sp_close(port);
		sp_free_port(port);
		return KMP_ERR_NOT_SERIAL;
	}
	l->priv = port;
	l->fd = fd;
	link_set_up(l);
	return KMP_OK;
}

static void serial_close(kmp_link *l)
{
	struct sp_port *port = l->priv;
	if (port) {
		/* close() waits for unsent output to drain (up to 30 s on a
		 * stuck line); whatever is left is of no use to anyone now */
		tcflush(l->fd, TCOFLUSH);
		sp_close(port);
		sp_free_port(port);
		l->priv = NULL;
	}
	l->fd = -1;
}

static int serial_write(kmp_link *l, const uint8_t *p, size_t n)
{
	return link_fd_write(l, p, n, 0);
}

static int serial_read(kmp_link *l, uint8_t *buf, size_t cap)
{
	return link_fd_read(l, buf, cap, 0);
}

static void serial_flush_input(kmp_link *l)
{
	sp_flush(l->priv, SP_BUF_INPUT);
}

static int serial_set_line(kmp_link *l, char *err, size_t errcap)
{
	if (configure(l->priv, &l->cfg) != SP_OK)
		return link_fail(err, errcap, KMP_ERR_CONFIG,
		                 "%s: the port refused %d baud, %d data bits, parity %c, %d stop "
		                 "bits",
		                 l->name, l->cfg.baud, l->cfg.databits, l->cfg.parity,
		                 l->cfg.stopbits);
	return KMP_OK;
}

const struct kmp_link_backend kmp_link_serial_backend = {
        .kind = "serial",
        .open = serial_open,
        .progress = NULL, /* up as soon as open returns */
        .close = serial_close,
        .write = serial_write,
        .read = serial_read,
        .flush_input = serial_flush_input,
        .set_line = serial_set_line,
};
