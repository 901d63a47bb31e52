/* output.h - where kmpterm's output goes, and what happens when it cannot:
 * standard output on a full disk or into a closed pipe, and the files it
 * writes (opened so that a link planted in a shared directory cannot
 * redirect them). */
#ifndef APP_OUTPUT_H
#define APP_OUTPUT_H

#include <poll.h>
#include <stdio.h>

/* Flush standard output.  Returns 0, or the errno of the failed write
 * (EIO when an earlier write failed without one). */
int app_out_flush(void);

/* Report a failed standard output once ("cannot write standard output:
 * ...") and return EXIT_FAIL. */
int app_out_failed(int err);

/* End of a command: a command that succeeded but whose output was lost
 * (ENOSPC, EPIPE with SIGPIPE ignored) fails instead.  Returns the exit
 * status to use. */
int app_out_finish(int status);

/* A pollfd that wakes when standard output's reader goes away (a pipe or
 * socket: POLLERR/POLLHUP); returns 0 when standard output is something
 * that cannot go away (a file, a terminal), 1 when *p was filled. */
int app_out_watch(struct pollfd *p);

/* Open path to append to (the --log trace), created 0644 (less the
 * umask); a symbolic link of another user is not followed
 * (kmp_open_write).  Returns the stream, or NULL with a one-line reason
 * in err. */
FILE *app_open_append(const char *path, char *err, size_t cap);

#endif
