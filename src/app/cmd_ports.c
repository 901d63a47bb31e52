/* cmd_ports.c - `kmpterm ports`: the serial ports of this machine with
 * what identifies a USB optical head. */
#include <stdio.h>
#include <stdlib.h>

#include "app/commands.h"
#include "app/json.h"
#include "kmp/error.h"
#include "link/ports.h"

/* A USB device names itself: its manufacturer, product and serial strings
 * are whatever the device sends, escape sequences included.  Printed as
 * decode prints a meter's ASCII values: printable ASCII as is, every other
 * byte (and the backslash) as \xNN, so nothing reaches the terminal raw. */
const char *app_printable(const char *s, char *buf, size_t cap)
{
	size_t o = 0;
	if (!cap)
		return "";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int plain = *p >= 0x20 && *p < 0x7F && *p != '\\';
		if (o + (plain ? 1 : 4) >= cap)
			break;
		if (plain)
			buf[o++] = (char)*p;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02X", *p);
	}
	buf[o] = '\0';
	return buf;
}

/* A string field of a port in JSON: escaped as in the text, null when
 * empty. */
static void json_field(FILE *f, const char *key, const char *s)
{
	char buf[4 * 512 + 1];
	fprintf(f, ",\"%s\":", key);
	json_str(f, *s ? app_printable(s, buf, sizeof buf) : NULL);
}

void app_ports_print(FILE *f, const kmp_port_info *p, int n, int json)
{
	char buf[4 * 512 + 1];
	if (json)
		fprintf(f, "{\"ports\":[");
	else if (n == 0)
		fprintf(f, "no serial ports found (is the optical head plugged in?)\n");
	for (int i = 0; i < n; i++) {
		if (json) {
			fprintf(f, "%s{\"path\":", i ? "," : "");
			json_str(f, app_printable(p[i].path, buf, sizeof buf));
			fprintf(f, ",\"usb\":%s", p[i].is_usb ? "true" : "false");
			if (p[i].usb_vid >= 0)
				fprintf(f, ",\"vid\":\"%04x\",\"pid\":\"%04x\"", p[i].usb_vid,
				        p[i].usb_pid);
			json_field(f, "manufacturer", p[i].manufacturer);
			json_field(f, "product", p[i].product);
			json_field(f, "serial", p[i].serial);
			json_field(f, "by_id", p[i].by_id);
			fprintf(f, "}");
			continue;
		}
		fprintf(f, "%s", app_printable(p[i].path, buf, sizeof buf));
		if (p[i].is_usb && p[i].usb_vid >= 0)
			fprintf(f, "  USB %04x:%04x", p[i].usb_vid, p[i].usb_pid);
		if (p[i].manufacturer[0])
			fprintf(f, "  %s", app_printable(p[i].manufacturer, buf, sizeof buf));
		if (p[i].product[0])
			fprintf(f, "  %s", app_printable(p[i].product, buf, sizeof buf));
		if (p[i].serial[0])
			fprintf(f, "  serial %s", app_printable(p[i].serial, buf, sizeof buf));
		if (!p[i].is_usb && p[i].description[0])
			fprintf(f, "  (%s)", app_printable(p[i].description, buf, sizeof buf));
		fprintf(f, "\n");
		if (p[i].by_id[0])
			fprintf(f, "    %s\n", app_printable(p[i].by_id, buf, sizeof buf));
	}
	if (json)
		fprintf(f, "]}\n");
}

int cmd_ports(const app_options *o)
{
	kmp_port_info *p = NULL;
	if (o->nargs)
		return app_cmd_usage_error("ports", "ports takes no arguments");
	int n = kmp_ports_list(&p);
	if (n < 0) {
		fprintf(stderr, "kmpterm: cannot list serial ports: %s\n", kmp_strerror(n));
		return EXIT_FAIL;
	}
	app_ports_print(stdout, p, n, o->json);
	free(p);
	return EXIT_OK;
}
