/* hang_listener.c - a TCP bridge that does not answer, for the latency
 * bench: a listener on 127.0.0.1 whose accept queue is full, so a new
 * connect() hangs in SYN-SENT (Linux drops a SYN while the queue of a
 * listening socket is full) instead of being refused or accepted.
 *
 * It listens with a backlog of 0, fills the queue with its own connections
 * and never accepts one; it prints the port on stdout, then checks once
 * that a further connect really hangs (exit 1 if not) and waits for a
 * signal.  Usage: hang_listener  (prints the port, then runs until killed) */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* A few more than the queue holds: the extra ones stay in SYN-SENT too. */
enum { FILLERS = 4, PROBE_MS = 300 };

/* A non-blocking connect to 127.0.0.1:port; the fd, or -1. */
static int connect_to(unsigned short port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons(port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(void)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 0) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0) {
		perror("hang_listener: listen");
		return 1;
	}
	unsigned short port = ntohs(a.sin_port);
	for (int i = 0; i < FILLERS; i++)
		if (connect_to(port) < 0) {
			perror("hang_listener: fill the queue");
			return 1;
		}

	/* The queue is full when one more connect neither completes nor fails
	 * within PROBE_MS (the kernel ignores its SYN). */
	int probe = connect_to(port);
	struct pollfd pfd = {.fd = probe, .events = POLLOUT};
	if (probe < 0 || poll(&pfd, 1, PROBE_MS) != 0) {
		fprintf(stderr, "hang_listener: a connect to port %u did not hang\n", port);
		return 1;
	}
	close(probe);

	printf("%u\n", port);
	fflush(stdout);
	for (;;)
		pause(); /* until the bench kills it */
}
