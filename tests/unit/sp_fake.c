/* sp_fake.c - the libserialport stand-in of the unit tests (sp_fake.h).
 * Each __wrap_sp_x replaces sp_x for the objects of the unit-test binary. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sp_fake.h"

struct sp_fake sp_fake = {.refuse_name = 1, .fd = -1};
static int last_errno;

/* The stand-in's own port and configuration; the real ones are opaque. */
struct sp_port {
	char name[256];
	int fd;
};

struct sp_port_config {
	int baud, bits, stopbits;
	int parity, flowcontrol, dtr, rts;
};

void sp_fake_reset(void)
{
	memset(&sp_fake, 0, sizeof sp_fake);
	sp_fake.refuse_name = 1;
	sp_fake.fd = -1;
	sp_fake.baud = sp_fake.bits = sp_fake.stopbits = -1;
	sp_fake.parity = sp_fake.flowcontrol = sp_fake.dtr = sp_fake.rts = -1;
	last_errno = 0;
}

enum sp_return __wrap_sp_get_port_by_name(const char *portname, struct sp_port **port_ptr);
enum sp_return __wrap_sp_get_port_by_name(const char *portname, struct sp_port **port_ptr)
{
	snprintf(sp_fake.name, sizeof sp_fake.name, "%s", portname);
	*port_ptr = NULL;
	if (sp_fake.refuse_name)
		return SP_ERR_ARG;
	struct sp_port *p = calloc(1, sizeof *p);
	if (!p)
		return SP_ERR_MEM;
	snprintf(p->name, sizeof p->name, "%s", portname);
	p->fd = -1;
	*port_ptr = p;
	return SP_OK;
}

void __wrap_sp_free_port(struct sp_port *port);
void __wrap_sp_free_port(struct sp_port *port)
{
	sp_fake.ports_freed++;
	free(port);
}

enum sp_return __wrap_sp_open(struct sp_port *port, enum sp_mode flags);
enum sp_return __wrap_sp_open(struct sp_port *port, enum sp_mode flags)
{
	sp_fake.mode = flags;
	if (sp_fake.open_ret != SP_OK) {
		last_errno = sp_fake.open_errno;
		return sp_fake.open_ret;
	}
	/* as libserialport does on Linux: a non-blocking open, then a raw
	 * line (no echo, no line editing, no CR/LF translation) */
	port->fd = open(port->name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct termios t;
	if (port->fd < 0 || tcgetattr(port->fd, &t) != 0) {
		last_errno = errno;
		if (port->fd >= 0)
			close(port->fd);
		port->fd = -1;
		return SP_ERR_FAIL;
	}
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	tcsetattr(port->fd, TCSANOW, &t);
	sp_fake.opens++;
	sp_fake.fd = port->fd;
	return SP_OK;
}

enum sp_return __wrap_sp_close(struct sp_port *port);
enum sp_return __wrap_sp_close(struct sp_port *port)
{
	if (port->fd < 0)
		return SP_ERR_ARG;
	close(port->fd);
	port->fd = -1;
	sp_fake.fd = -1;
	sp_fake.closes++;
	return SP_OK;
}

int __wrap_sp_last_error_code(void);
int __wrap_sp_last_error_code(void)
{
	return last_errno;
}

enum sp_return __wrap_sp_get_port_handle(const struct sp_port *port, void *result_ptr);
enum sp_return __wrap_sp_get_port_handle(const struct sp_port *port, void *result_ptr)
{
	if (sp_fake.handle_ret != SP_OK)
		return sp_fake.handle_ret;
	*(int *)result_ptr = port->fd;
	return SP_OK;
}

enum sp_return __wrap_sp_new_config(struct sp_port_config **config_ptr);
enum sp_return __wrap_sp_new_config(struct sp_port_config **config_ptr)
{
	*config_ptr = NULL;
	if (sp_fake.new_config_ret != SP_OK)
		return sp_fake.new_config_ret;
	struct sp_port_config *c = malloc(sizeof *c);
	if (!c)
		return SP_ERR_MEM;
	/* -1: "leave this setting as it is", as in libserialport */
	c->baud = c->bits = c->stopbits = -1;
	c->parity = c->flowcontrol = c->dtr = c->rts = -1;
	sp_fake.configs_new++;
	*config_ptr = c;
	return SP_OK;
}

void __wrap_sp_free_config(struct sp_port_config *config);
void __wrap_sp_free_config(struct sp_port_config *config)
{
	sp_fake.configs_freed++;
	free(config);
}

enum sp_return __wrap_sp_set_config_baudrate(struct sp_port_config *config, int baudrate);
enum sp_return __wrap_sp_set_config_baudrate(struct sp_port_config *config, int baudrate)
{
	config->baud = baudrate;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config_bits(struct sp_port_config *config, int bits);
enum sp_return __wrap_sp_set_config_bits(struct sp_port_config *config, int bits)
{
	config->bits = bits;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config_parity(struct sp_port_config *config, enum sp_parity parity);
enum sp_return __wrap_sp_set_config_parity(struct sp_port_config *config, enum sp_parity parity)
{
	config->parity = parity;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config_stopbits(struct sp_port_config *config, int stopbits);
enum sp_return __wrap_sp_set_config_stopbits(struct sp_port_config *config, int stopbits)
{
	config->stopbits = stopbits;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config_flowcontrol(struct sp_port_config *config,
                                                enum sp_flowcontrol flowcontrol);
enum sp_return __wrap_sp_set_config_flowcontrol(struct sp_port_config *config,
                                                enum sp_flowcontrol flowcontrol)
{
	config->flowcontrol = flowcontrol;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config_dtr(struct sp_port_config *config, enum sp_dtr dtr);
enum sp_return __wrap_sp_set_config_dtr(struct sp_port_config *config, enum sp_dtr dtr)
{
	config->dtr = dtr;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config_rts(struct sp_port_config *config, enum sp_rts rts);
enum sp_return __wrap_sp_set_config_rts(struct sp_port_config *config, enum sp_rts rts)
{
	config->rts = rts;
	return SP_OK;
}

enum sp_return __wrap_sp_set_config(struct sp_port *port, const struct sp_port_config *config);
enum sp_return __wrap_sp_set_config(struct sp_port *port, const struct sp_port_config *config)
{
	sp_fake.set_configs++;
	if (port->fd < 0)
		return SP_ERR_ARG; /* not open */
	if (sp_fake.set_config_ret != SP_OK)
		return sp_fake.set_config_ret;
	/* fields at -1 stay as they were */
	if (config->baud >= 0)
		sp_fake.baud = config->baud;
	if (config->bits >= 0)
		sp_fake.bits = config->bits;
	if (config->stopbits >= 0)
		sp_fake.stopbits = config->stopbits;
	if (config->parity >= 0)
		sp_fake.parity = config->parity;
	if (config->flowcontrol >= 0)
		sp_fake.flowcontrol = config->flowcontrol;
	if (config->dtr >= 0)
		sp_fake.dtr = config->dtr;
	if (config->rts >= 0)
		sp_fake.rts = config->rts;
	return SP_OK;
}

enum sp_return __wrap_sp_flush(struct sp_port *port, enum sp_buffer buffers);
enum sp_return __wrap_sp_flush(struct sp_port *port, enum sp_buffer buffers)
{
	if (port->fd < 0)
		return SP_ERR_ARG;
	sp_fake.flushes++;
	sp_fake.flushed = buffers;
	/* do what the real one does, so the test sees the bytes go */
	int q = buffers == SP_BUF_INPUT    ? TCIFLUSH
	        : buffers == SP_BUF_OUTPUT ? TCOFLUSH
	                                   : TCIOFLUSH;
	return tcflush(port->fd, q) == 0 ? SP_OK : SP_ERR_FAIL;
}
