/* cmd_ports.c - `kmpterm ports`: the serial ports of this machine with
 * what identifies a USB optical head. */
#include <stdio.h>
#include <stdlib.h>

#include "app/commands.h"
#include "app/json.h"
#include "kmp/error.h"
#include "link/ports.h"

int cmd_ports(const app_options *o)
{
	kmp_port_info *p = NULL;
	if (o->nargs)
		return app_usage_error("ports takes no arguments");
	int n = kmp_ports_list(&p);
	if (n < 0) {
		fprintf(stderr, "kmpterm: cannot list serial ports: %s\n", kmp_strerror(n));
		return EXIT_FAIL;
	}
	if (o->json)
		printf("{\"ports\":[");
	else if (n == 0)
		printf("no serial ports found (is the optical head plugged in?)\n");
	for (int i = 0; i < n; i++) {
		if (o->json) {
			printf("%s{\"path\":", i ? "," : "");
			json_str(stdout, p[i].path);
			printf(",\"usb\":%s", p[i].is_usb ? "true" : "false");
			if (p[i].usb_vid >= 0)
				printf(",\"vid\":\"%04x\",\"pid\":\"%04x\"", p[i].usb_vid,
				       p[i].usb_pid);
			printf(",\"manufacturer\":");
			json_str(stdout, p[i].manufacturer[0] ? p[i].manufacturer : NULL);
			printf(",\"product\":");
			json_str(stdout, p[i].product[0] ? p[i].product : NULL);
			printf(",\"serial\":");
			json_str(stdout, p[i].serial[0] ? p[i].serial : NULL);
			printf(",\"by_id\":");
			json_str(stdout, p[i].by_id[0] ? p[i].by_id : NULL);
			printf("}");
			continue;
		}
		printf("%s", p[i].path);
		if (p[i].is_usb && p[i].usb_vid >= 0)
			printf("  USB %04x:%04x", p[i].usb_vid, p[i].usb_pid);
		if (p[i].manufacturer[0])
			printf("  %s", p[i].manufacturer);
		if (p[i].product[0])
			printf("  %s", p[i].product);
		if (p[i].serial[0])
			printf("  serial %s", p[i].serial);
		if (!p[i].is_usb && p[i].description[0])
			printf("  (%s)", p[i].description);
		printf("\n");
		if (p[i].by_id[0])
			printf("    %s\n", p[i].by_id);
	}
	if (o->json)
		printf("]}\n");
	free(p);
	return EXIT_OK;
}
