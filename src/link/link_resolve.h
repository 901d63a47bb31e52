/* link_resolve.h - private to src/link: look a host name up without
 * blocking the caller's loop.
 *
 * getaddrinfo() may take seconds (a DNS server that does not answer), so
 * it runs on a detached helper thread that signals an eventfd when the
 * answer is in; the owner polls that fd for POLLIN like any other.  The
 * job is shared by the thread and the owner and freed by whichever lets
 * go last, so the owner may give up (close the link) at any time without
 * waiting for the thread. */
#ifndef LINK_LINK_RESOLVE_H
#define LINK_LINK_RESOLVE_H

struct addrinfo;
struct link_resolve;

/* Start looking host up for a TCP connection to service (a port number).
 * Returns KMP_OK with *out set, KMP_ERR_NOMEM, or KMP_ERR_IO with errno
 * (no eventfd or thread to be had). */
int link_resolve_start(const char *host, const char *service, struct link_resolve **out);

/* The descriptor that becomes readable when the answer is in. */
int link_resolve_fd(const struct link_resolve *r);

/* 0 while the lookup runs.  1 once it is over: *gai is getaddrinfo()'s
 * return, *sys_errno its errno for EAI_SYSTEM, and on success *res the
 * address list, which is now the caller's to freeaddrinfo(). */
int link_resolve_result(struct link_resolve *r, int *gai, int *sys_errno, struct addrinfo **res);

/* The owner lets go (done with the answer, or giving up on it). */
void link_resolve_release(struct link_resolve *r);

#endif
