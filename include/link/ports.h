/* ports.h - list the serial ports of this machine (kmpterm ports). */
#ifndef LINK_PORTS_H
#define LINK_PORTS_H

#include <stddef.h>

typedef struct kmp_port_info {
	char path[256];        /* /dev/ttyUSB0 */
	char by_id[512];       /* /dev/serial/by-id/... link pointing at it, or "" */
	char description[256]; /* libserialport description */
	int is_usb;
	int usb_vid, usb_pid; /* -1 when unknown */
	char manufacturer[128];
	char product[128];
	char serial[128];
} kmp_port_info;

/* Enumerate ports.  *out is malloc'd (free() it); returns count >= 0 or a
 * negative kmp_err. */
int kmp_ports_list(kmp_port_info **out);
/* The same, with the stable names looked up in by_id_dir instead of
 * /dev/serial/by-id (the unit tests use a fake tree). */
int kmp_ports_list_in(const char *by_id_dir, kmp_port_info **out);

/* Find the entry of dir (e.g. "/dev/serial/by-id") whose realpath() is
 * target and write "dir/name" into out.  Returns 1 when found, 0 when not
 * (or when dir does not exist: no USB serial device plugged in). */
int kmp_ports_find_link(const char *dir, const char *target, char *out, size_t cap);

#endif
