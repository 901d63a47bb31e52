/* sim_push.h - what kmpsim --push puts on the line: a meter that is not a
 * KMP meter, pushing IEC 62056-21 style data messages on its own.
 *
 *   /SIM5SIMULATED-PUSH<CR><LF>
 *   <STX>0.0.0(67123456)<CR><LF>
 *   1.8.0(001234.567*kWh)<CR><LF>
 *   !<CR><LF><ETX><BCC>
 *
 * The layout is the standard's data message (identification line, STX,
 * data lines "address(value*unit)", "!", ETX, then BCC: the XOR of every
 * byte after STX up to and including ETX); the identification "SIM5
 * SIMULATED-PUSH" and the values are made up.  It is text a KMP reader
 * must recognise as not KMP.  Pure, no I/O. */
#ifndef SIM_SIM_PUSH_H
#define SIM_SIM_PUSH_H

#include <stddef.h>
#include <stdint.h>

#define KMPSIM_PUSH_MAX 128

/* One data message into out; returns its length (0 if cap is too small). */
size_t kmpsim_push_message(uint32_t serial, int64_t elapsed_ms, uint8_t *out, size_t cap);

#endif
