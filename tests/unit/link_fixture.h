/* link_fixture.h - what the link and client tests share: ptys, loopback
 * listeners (one that accepts, one whose accept queue is full so that a
 * connect hangs), and opening a link through both of its phases.  Every
 * wait is a poll() with a bound, never a sleep. */
#ifndef TESTS_LINK_FIXTURE_H
#define TESTS_LINK_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "client/client.h"
#include "link/link.h"

/* Generous: only a broken link ever waits this long. */
enum { LINK_WAIT_MS = 2000 };

/* A pty pair: the master fd in *master, the slave's path in slave. */
int fx_open_pty(int *master, char *slave, size_t cap);

/* A TCP socket bound to 127.0.0.1 on a free port (*port); listening when
 * do_listen (backlog 4).  Returns the fd or -1. */
int fx_listen_local(unsigned *port, int do_listen);

/* A listener on 127.0.0.1 whose accept queue is full: a further connect
 * to *port neither completes nor fails.  fill[] receives the connections
 * that fill it (close them and the listener when done).  Returns the
 * listener's fd or -1. */
enum { FX_HANG_FILL = 3 };
int fx_hang_listener(unsigned *port, int fill[FX_HANG_FILL]);

/* poll() one fd for events, at most LINK_WAIT_MS; the revents, 0 on a
 * timeout. */
short fx_wait_fd(int fd, short events);

/* Open dev with the default settings and take it through both phases,
 * polling as an owner would (at most LINK_WAIT_MS).  The final kmp_err;
 * the message in err. */
int fx_link_open(kmp_link **l, const char *dev, char *err, size_t cap);

/* --- the client tests: the test plays the meter on a pty's master side,
 * on synthetic time (every step gets the `now` the test chooses) --- */

/* A client (cfg, NULL: the defaults) on a new pty, connected at time 0;
 * the master in *master (-1 when there is none).  Returns 0 or -1. */
int fx_client_on_pty(int *master, kmp_client **c, const kmp_client_config *cfg, kmp_observer obs,
                     void *obs_ctx);

/* Step c at time now; when expect_input, first wait (at most LINK_WAIT_MS)
 * for its link to be readable. */
void fx_client_step(kmp_client *c, uint64_t now, int expect_input);

/* What the client wrote, read on the master side (waiting at most
 * LINK_WAIT_MS): the byte count, or -1. */
int fx_meter_reads(int master, uint8_t *buf, size_t cap);

#endif
