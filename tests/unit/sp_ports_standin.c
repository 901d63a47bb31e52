/* sp_ports_standin.c - the port enumeration of libserialport, played back
 * from a table (see sp_ports_standin.h). */
#include <stdlib.h>
#include <string.h>

#include "sp_ports_standin.h"

#define STANDIN_MAX 8

/* libserialport declares struct sp_port without defining it: this file
 * gives it the one shape its own getters read. */
struct sp_port {
	sp_standin_port info;
};

static sp_standin_port table[STANDIN_MAX];
static size_t n_table;
static enum sp_return fail_with = SP_OK;
static int lists_open;

void sp_standin_ports_set(const sp_standin_port *ports, size_t n, enum sp_return fail)
{
	n_table = n < STANDIN_MAX ? n : STANDIN_MAX;
	if (n_table)
		memcpy(table, ports, n_table * sizeof *table);
	fail_with = fail;
}

int sp_standin_lists_open(void)
{
	return lists_open;
}

enum sp_return sp_list_ports(struct sp_port ***list_ptr)
{
	*list_ptr = NULL;
	if (fail_with != SP_OK)
		return fail_with;
	struct sp_port **list = calloc(n_table + 1, sizeof *list);
	if (!list)
		return SP_ERR_MEM;
	lists_open++;
	for (size_t i = 0; i < n_table; i++) {
		list[i] = malloc(sizeof *list[i]);
		if (!list[i]) {
			sp_free_port_list(list);
			return SP_ERR_MEM;
		}
		list[i]->info = table[i];
	}
	*list_ptr = list;
	return SP_OK;
}

void sp_free_port_list(struct sp_port **ports)
{
	if (!ports)
		return;
	for (size_t i = 0; ports[i]; i++)
		free(ports[i]);
	free(ports);
	lists_open--;
}

char *sp_get_port_name(const struct sp_port *port)
{
	return (char *)port->info.name;
}

char *sp_get_port_description(const struct sp_port *port)
{
	return (char *)port->info.description;
}

enum sp_transport sp_get_port_transport(const struct sp_port *port)
{
	return port->info.transport;
}

enum sp_return sp_get_port_usb_vid_pid(const struct sp_port *port, int *usb_vid, int *usb_pid)
{
	if (port->info.transport != SP_TRANSPORT_USB || !port->info.vid_pid_ok)
		return SP_ERR_ARG;
	*usb_vid = port->info.vid;
	*usb_pid = port->info.pid;
	return SP_OK;
}

char *sp_get_port_usb_manufacturer(const struct sp_port *port)
{
	return (char *)port->info.manufacturer;
}

char *sp_get_port_usb_product(const struct sp_port *port)
{
	return (char *)port->info.product;
}

char *sp_get_port_usb_serial(const struct sp_port *port)
{
	return (char *)port->info.serial;
}
