/* sim_push.c - an IEC 62056-21 style data message (see sim_push.h). */
#include <stdio.h>
#include <string.h>

#include "sim/sim_push.h"

#define STX 0x02
#define ETX 0x03

size_t kmpsim_push_message(uint32_t serial, int64_t elapsed_ms, uint8_t *out, size_t cap)
{
	/* 1234.567 kWh and counting, 1.2 kW on average: Wh since start */
	unsigned long long wh = 1234567ULL + (unsigned long long)(elapsed_ms / 3000);
	char text[KMPSIM_PUSH_MAX];
	int n = snprintf(text, sizeof text,
	                 "/SIM5SIMULATED-PUSH\r\n%c0.0.0(%08lu)\r\n1.8.0(%06llu.%03llu*kWh)\r\n"
	                 "!\r\n%c",
	                 STX, (unsigned long)serial, wh / 1000 % 1000000, wh % 1000, ETX);
	if (n < 0 || (size_t)n + 1 > cap || (size_t)n >= sizeof text)
		return 0;
	memcpy(out, text, (size_t)n);
	/* BCC: XOR from the byte after STX up to and including ETX */
	const uint8_t *stx = memchr(out, STX, (size_t)n);
	uint8_t bcc = 0;
	for (const uint8_t *p = stx + 1; p < out + n; p++)
		bcc ^= *p;
	out[n] = bcc;
	return (size_t)n + 1;
}
