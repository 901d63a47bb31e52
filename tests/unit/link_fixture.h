/* link_fixture.h - what the link and client tests share: ptys, loopback
 * listeners (one that accepts, one whose accept queue is full so that a
 * connect hangs), and opening a link through both of its phases.  Every
 * wait is a poll() with a bound, never a sleep. */
#ifndef TESTS_LINK_FIXTURE_H
#define TESTS_LINK_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

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

#endif
