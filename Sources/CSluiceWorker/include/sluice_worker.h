#ifndef SLUICE_WORKER_H
#define SLUICE_WORKER_H

/* What the host and its plugin workers need from the C library that Swift cannot call
 * directly: memfd_create (a variadic syscall on older C libraries) and descriptor
 * passing over a Unix socket (the CMSG_* macros). */

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A new anonymous shared-memory file (close-on-exec), or -1 with errno set. Falls back
 * to an unlinked file in /dev/shm where memfd_create is missing. */
int sluice_memfd(const char *name);

/* Sends `length` bytes with up to 64 descriptors attached (SCM_RIGHTS), retrying on
 * EINTR and short writes. Returns 0, or -1 with errno set. */
int sluice_send_with_fds(int socket, const void *bytes, size_t length, const int *fds, int fd_count);

/* Receives exactly `length` bytes (blocking), collecting descriptors that arrive with
 * them into `fds` (at most `max_fds`; extra ones are closed) and their number into
 * *fd_count. Returns 1, 0 at end of stream before any byte, or -1 with errno set. */
int sluice_receive_with_fds(int socket, void *bytes, size_t length, int *fds, int max_fds, int *fd_count);

/* Waits up to `milliseconds` (negative: forever) for `socket` to be readable or closed.
 * Returns 1 when it is, 0 on timeout, -1 with errno set. */
int sluice_wait_readable(int socket, int milliseconds);

/* Makes this process die with SIGKILL when its parent does (Linux), and returns 1 when
 * the parent is already gone (so a worker started just before its host died exits). */
int sluice_die_with_parent(pid_t expected_parent);

/* Limits this process: address space in bytes (RLIMIT_AS), CPU time in seconds
 * (RLIMIT_CPU: SIGXCPU when used up), and the number of CPUs it may run on (the first
 * `cpus` of those it is allowed now). Zero or less leaves a limit unset. Returns 0, or
 * -1 with errno set by the first that failed. */
int sluice_set_limits(long long address_space, long long cpu_seconds, int cpus);

#ifdef __cplusplus
}
#endif

#endif
