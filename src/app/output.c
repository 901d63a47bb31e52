/* output.c - standard output that can fail, and files opened for
 * writing without following planted links (see output.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/options.h"
#include "app/output.h"

int app_out_flush(void)
{
	if (fflush(stdout) != 0)
		return errno ? errno : EIO;
	return ferror(stdout) ? EIO : 0;
}

int app_out_failed(int err)
{
	if (err == EPIPE)
		fprintf(stderr, "kmpterm: standard output closed (its reader went away)\n");
	else
		fprintf(stderr, "kmpterm: cannot write standard output: %s\n", strerror(err));
	return EXIT_FAIL;
}

int app_out_finish(int status)
{
	int err = app_out_flush();
	if (err && status == EXIT_OK)
		return app_out_failed(err);
	return err ? EXIT_FAIL : status;
}

int app_out_watch(struct pollfd *p)
{
	struct stat st;
	if (fstat(STDOUT_FILENO, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return 0;
	p->fd = STDOUT_FILENO;
	p->events = 0; /* POLLERR and POLLHUP are reported anyway */
	p->revents = 0;
	return 1;
}

FILE *app_open_append(const char *path, char *err, size_t cap)
{
	/* non-blocking open: a FIFO without a reader fails (ENXIO) instead
	 * of hanging the command before it starts */
	int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = open(path, flags | O_CREAT | O_NOFOLLOW, 0644);
	if (fd < 0 && errno == ELOOP) {
		/* a symbolic link: without O_CREAT a dangling one creates nothing */
		struct stat st;
		fd = open(path, flags);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			close(fd);
			snprintf(err, cap,
			         "%s is a symbolic link to a file: name the file itself (kmpterm "
			         "does not write through links)",
			         path);
			return NULL;
		}
	}
	if (fd < 0) {
		snprintf(err, cap, "cannot write %s: %s", path, strerror(errno));
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "a");
	if (!f) {
		snprintf(err, cap, "cannot write %s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}
