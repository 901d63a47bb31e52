/* link_url.c - parse tcp://host:port and socket://host:port (the form the
 * Python tools use for ser2net bridges, kmp-protocol.md "Remote heads"). */
#include <string.h>

#include "kmp/error.h"
#include "link/link.h"

enum { PORT_MAX = 65535 };

static int parse_port(const char *s, unsigned *port)
{
	unsigned v = 0;
	size_t n = 0;
	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 5)
			return KMP_ERR_ADDRESS;
		v = v * 10 + (unsigned)(s[n] - '0');
	}
	if (n == 0 || v == 0 || v > PORT_MAX)
		return KMP_ERR_ADDRESS;
	*port = v;
	return KMP_OK;
}

int kmp_link_parse_tcp(const char *device, char *host, size_t hostcap, unsigned *port)
{
	if (!kmp_link_is_tcp(device) || !host || !hostcap || !port)
		return KMP_ERR_ADDRESS;
	const char *s = strstr(device, "://") + 3;
	const char *hs, *he, *colon;

	if (*s == '[') { /* [v6addr]:port */
		hs = s + 1;
		he = strchr(hs, ']');
		if (!he)
			return KMP_ERR_ADDRESS;
		colon = he + 1;
		if (*colon != ':')
			return KMP_ERR_ADDRESS;
	} else {
		hs = s;
		colon = strrchr(s, ':');
		if (!colon)
			return KMP_ERR_ADDRESS;
		he = colon;
		/* a bare IPv6 address is ambiguous: ask for brackets */
		if (memchr(hs, ':', (size_t)(he - hs)))
			return KMP_ERR_ADDRESS;
	}
	size_t len = (size_t)(he - hs);
	if (len == 0 || len >= hostcap)
		return KMP_ERR_ADDRESS;
	unsigned p;
	if (parse_port(colon + 1, &p) != KMP_OK)
		return KMP_ERR_ADDRESS;
	memcpy(host, hs, len);
	host[len] = '\0';
	*port = p;
	return KMP_OK;
}
