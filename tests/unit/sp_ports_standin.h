/* sp_ports_standin.h - a test-only stand-in for the part of libserialport
 * that enumerates ports (sp_list_ports and the sp_get_port_* getters
 * src/link/ports.c calls).  Linked into the unit-test binary, its
 * definitions take the place of the library's, so kmp_ports_list can be
 * tested on a machine with no serial port at all.  Without a call to
 * sp_standin_ports_set it lists nothing. */
#ifndef TESTS_SP_PORTS_STANDIN_H
#define TESTS_SP_PORTS_STANDIN_H

#include <stddef.h>

#include <libserialport.h>

typedef struct sp_standin_port {
	const char *name;        /* "/dev/ttyUSB0"; NULL ends nothing, n counts */
	const char *description; /* may be NULL, as libserialport's may */
	enum sp_transport transport;
	int vid_pid_ok; /* 0: sp_get_port_usb_vid_pid fails */
	int vid, pid;
	const char *manufacturer, *product, *serial; /* may be NULL */
} sp_standin_port;

/* The ports sp_list_ports hands out next (copied), or the error it
 * returns instead when fail is not SP_OK. */
void sp_standin_ports_set(const sp_standin_port *ports, size_t n, enum sp_return fail);
/* Port lists handed out and not yet freed (a leak check). */
int sp_standin_lists_open(void);

#endif
