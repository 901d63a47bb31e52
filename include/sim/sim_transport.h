/* sim_transport.h - the simulator's end of the line: a pty or a TCP socket.
 * Descriptors come back non-blocking and close-on-exec; nothing prints.
 * Each function returns KMP_OK or KMP_ERR_IO (with err where it takes one). */
#ifndef SIM_SIM_TRANSPORT_H
#define SIM_SIM_TRANSPORT_H

#include <stddef.h>

#include "kmp/error.h"
#include "sim/sim_line.h"

/* Create a pty.  The slave is set raw (no echo, no CR/NL translation: 0D
 * must arrive as 0D) at 1200 8N2, and *slave_keep stays open for the
 * simulator's lifetime: with no slave descriptor open the master reports
 * hang-up (poll would spin), so clients may open and close the slave as
 * often as they like. */
int kmpsim_pty_open(int *master, int *slave_keep, char *path, size_t cap, char *err, size_t errcap);

/* The client's line settings on the pty, read from the master: Linux ptys
 * keep one termios for both ends, so what the client set on the slave
 * shows here.  The pty driver keeps the speed and CSTOPB as set but
 * forces CS8 and clears PARENB, so character size and parity cannot be
 * seen: they are taken from assume.  Returns KMP_OK, or KMP_ERR_IO (a
 * speed with no number, or tcgetattr failed). */
int kmpsim_pty_line(int master, const kmpsim_line *assume, kmpsim_line *out);

/* Listen on 127.0.0.1:port (0: any free port; the one chosen goes to
 * *bound) with the descriptor in *fd. */
int kmpsim_tcp_listen(int port, int *fd, int *bound, char *err, size_t errcap);

/* Accept one client into *fd: non-blocking with TCP_NODELAY, so paced
 * bytes leave one by one as on a serial line (errno set on failure). */
int kmpsim_tcp_accept(int listen_fd, int *fd);

#endif
