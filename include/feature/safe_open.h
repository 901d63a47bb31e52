/* safe_open.h - open a file kmpterm writes (the --log trace, the scan's
 * CSV) so that a symbolic link another user planted in a shared directory
 * (/tmp, a shared project folder) cannot send our output into a file of
 * theirs or of ours: the protection of Linux's fs.protected_symlinks,
 * whatever the sysctl says. */
#ifndef FEATURE_SAFE_OPEN_H
#define FEATURE_SAFE_OPEN_H

#include <stddef.h>
#include <sys/types.h>

/* open(path, flags, mode) for writing, where a symbolic link as the last
 * component is followed only when it belongs to this user or to root
 * (/dev/stderr is root's); a link of another user is refused.  Also: no
 * controlling terminal, close-on-exec, and a FIFO without a reader fails
 * (ENXIO) instead of blocking.  Returns the fd (blocking), or -1 with
 * errno set and a one-line reason in err ("PATH: ..."). */
int kmp_open_write(const char *path, int flags, mode_t mode, char *err, size_t cap);

#endif
