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
#include "feature/safe_open.h"

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
	char why[3200];
	int fd = kmp_open_write(path, O_WRONLY | O_APPEND | O_CREAT, 0644, why, sizeof why);
	if (fd < 0) {
		snprintf(err, cap, "cannot write %.3100s", why);
		return NULL;
	}
	FILE *f = fdopen(fd, "a");
	if (!f) {
		snprintf(err, cap, "cannot write %s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}
