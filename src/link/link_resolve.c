/* link_resolve.c - getaddrinfo() on a helper thread (see link_resolve.h).
 *
 * A thread rather than glibc's getaddrinfo_a(): its completion can be an
 * eventfd the owner polls, and it can outlive an owner that gave up
 * without anybody waiting for it. */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link_resolve.h"

struct link_resolve {
	atomic_int refs; /* the owner and the thread: 2, then 1, then freed */
	atomic_int done; /* the answer below is complete */
	int efd;         /* readable once done */
	char host[256];
	char service[8];
	int gai, sys_errno;
	struct addrinfo *res;
};

static void job_free(struct link_resolve *r)
{
	if (r->res)
		freeaddrinfo(r->res);
	close(r->efd);
	free(r);
}

static void job_release(struct link_resolve *r)
{
	if (atomic_fetch_sub(&r->refs, 1) == 1)
		job_free(r);
}

static void *lookup(void *arg)
{
	struct link_resolve *r = arg;
	/* No AI_ADDRCONFIG: it hides 127.0.0.1 on a machine with only
	 * loopback, where a local ser2net or simulator is common. */
	struct addrinfo hints = {
	        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
	r->gai = getaddrinfo(r->host, r->service, &hints, &r->res);
	r->sys_errno = r->gai == EAI_SYSTEM ? errno : 0;
	atomic_store(&r->done, 1);
	uint64_t one = 1;
	/* cannot fail short of a counter at 2^64-1; the owner also checks
	 * done whenever it wakes */
	if (write(r->efd, &one, sizeof one) < 0)
		(void)0;
	job_release(r);
	return NULL;
}

int link_resolve_start(const char *host, const char *service, struct link_resolve **out)
{
	*out = NULL;
	struct link_resolve *r = calloc(1, sizeof *r);
	if (!r)
		return KMP_ERR_NOMEM;
	snprintf(r->host, sizeof r->host, "%s", host);
	snprintf(r->service, sizeof r->service, "%s", service);
	atomic_init(&r->refs, 2);
	atomic_init(&r->done, 0);
	r->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (r->efd < 0) {
		int e = errno;
		free(r);
		errno = e;
		return KMP_ERR_IO;
	}

	/* The thread takes no signals: SIGINT and friends must reach the
	 * owner's thread, whose poll() they are meant to interrupt. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_t attr;
	int e = pthread_attr_init(&attr);
	if (e == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		pthread_t t;
		e = pthread_create(&t, &attr, lookup, r);
		pthread_attr_destroy(&attr);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		job_free(r);
		errno = e;
		return e == ENOMEM ? KMP_ERR_NOMEM : KMP_ERR_IO;
	}
	*out = r;
	return KMP_OK;
}

int link_resolve_fd(const struct link_resolve *r)
{
	return r->efd;
}

int link_resolve_result(struct link_resolve *r, int *gai, int *sys_errno, struct addrinfo **res)
{
	if (!atomic_load(&r->done))
		return 0;
	*gai = r->gai;
	*sys_errno = r->sys_errno;
	*res = r->res;
	r->res = NULL; /* the caller's now */
	return 1;
}

void link_resolve_release(struct link_resolve *r)
{
	if (r)
		job_release(r);
}
