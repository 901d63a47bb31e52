/* ports.c - enumerate serial ports for `kmpterm ports`: what libserialport
 * knows, plus the stable /dev/serial/by-id name users should configure. */
#include <dirent.h>
#include <limits.h>
#include <libserialport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/error.h"
#include "link/ports.h"

#define BY_ID_DIR "/dev/serial/by-id"

int kmp_ports_find_link(const char *dir, const char *target, char *out, size_t cap)
{
	if (!dir || !target || !out || !cap)
		return 0;
	out[0] = '\0';
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* udev creates it only while a USB serial device exists */
	int found = 0;
	struct dirent *de;
	char path[PATH_MAX], real[PATH_MAX];
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		int n = snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (n < 0 || (size_t)n >= sizeof path || !realpath(path, real))
			continue;
		if (strcmp(real, target) == 0 && (size_t)n < cap) {
			memcpy(out, path, (size_t)n + 1);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

/* libserialport's strings may be NULL. */
static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static void fill(kmp_port_info *pi, const struct sp_port *p, const char *by_id_dir)
{
	memset(pi, 0, sizeof *pi);
	copy(pi->path, sizeof pi->path, sp_get_port_name(p));
	copy(pi->description, sizeof pi->description, sp_get_port_description(p));
	pi->usb_vid = -1;
	pi->usb_pid = -1;
	pi->is_usb = sp_get_port_transport(p) == SP_TRANSPORT_USB;
	if (pi->is_usb) {
		int vid, pid;
		if (sp_get_port_usb_vid_pid(p, &vid, &pid) == SP_OK) {
			pi->usb_vid = vid;
			pi->usb_pid = pid;
		}
		copy(pi->manufacturer, sizeof pi->manufacturer, sp_get_port_usb_manufacturer(p));
		copy(pi->product, sizeof pi->product, sp_get_port_usb_product(p));
		copy(pi->serial, sizeof pi->serial, sp_get_port_usb_serial(p));
	}
	kmp_ports_find_link(by_id_dir, pi->path, pi->by_id, sizeof pi->by_id);
}

int kmp_ports_list(kmp_port_info **out)
{
	return kmp_ports_list_in(BY_ID_DIR, out);
}

int kmp_ports_list_in(const char *by_id_dir, kmp_port_info **out)
{
	if (!out)
		return KMP_ERR_ARG;
	*out = NULL;
	struct sp_port **list;
	enum sp_return r = sp_list_ports(&list);
	if (r != SP_OK)
		return r == SP_ERR_MEM ? KMP_ERR_NOMEM : KMP_ERR_IO;

	size_t n = 0;
	while (list[n])
		n++;
	/* At least one element, so a caller may treat NULL as failure. */
	kmp_port_info *info = calloc(n ? n : 1, sizeof *info);
	if (!info) {
		sp_free_port_list(list);
		return KMP_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		fill(&info[i], list[i], by_id_dir);
	sp_free_port_list(list);
	*out = info;
	return (int)n;
}
