#define _GNU_SOURCE
#include "sluice_worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define SLUICE_MAX_FDS 64

int sluice_memfd(const char *name) {
#ifdef SYS_memfd_create
  int fd = (int)syscall(SYS_memfd_create, name, 1u /* MFD_CLOEXEC */);
  if (fd >= 0) return fd;
#endif
  char path[64];
  snprintf(path, sizeof path, "/dev/shm/sluice-%ld-XXXXXX", (long)getpid());
  int fallback = mkostemp(path, O_CLOEXEC);
  if (fallback >= 0) unlink(path);
  return fallback;
}

int sluice_send_with_fds(int socket, const void *bytes, size_t length, const int *fds, int fd_count) {
  if (fd_count < 0 || fd_count > SLUICE_MAX_FDS) {
    errno = EINVAL;
    return -1;
  }
  const char *cursor = bytes;
  size_t left = length;
  int attach = fd_count;
  union {
    char buffer[CMSG_SPACE(sizeof(int) * SLUICE_MAX_FDS)];
    struct cmsghdr align;
  } control;
  while (left > 0 || attach > 0) {
    struct iovec vector = {(void *)cursor, left};
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    if (attach > 0) {
      memset(&control, 0, sizeof control);
      message.msg_control = control.buffer;
      message.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)attach);
      struct cmsghdr *header = CMSG_FIRSTHDR(&message);
      header->cmsg_level = SOL_SOCKET;
      header->cmsg_type = SCM_RIGHTS;
      header->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)attach);
      memcpy(CMSG_DATA(header), fds, sizeof(int) * (size_t)attach);
    }
    ssize_t sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    attach = 0; /* the descriptors went with the first byte */
    cursor += sent;
    left -= (size_t)sent;
  }
  return 0;
}

int sluice_receive_with_fds(int socket, void *bytes, size_t length, int *fds, int max_fds, int *fd_count) {
  char *cursor = bytes;
  size_t left = length;
  *fd_count = 0;
  union {
    char buffer[CMSG_SPACE(sizeof(int) * SLUICE_MAX_FDS)];
    struct cmsghdr align;
  } control;
  while (left > 0) {
    struct iovec vector = {cursor, left};
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.buffer;
    message.msg_controllen = sizeof control.buffer;
    ssize_t received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    if (received < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
      int count = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      int *given = (int *)CMSG_DATA(header);
      for (int index = 0; index < count; index++) {
        if (*fd_count < max_fds) fds[(*fd_count)++] = given[index];
        else close(given[index]);
      }
    }
    if (received == 0) {
      if (left == length) return 0;
      errno = EPIPE; /* closed in the middle of a frame */
      return -1;
    }
    cursor += received;
    left -= (size_t)received;
  }
  return 1;
}

int sluice_wait_readable(int socket, int milliseconds) {
  struct pollfd entry = {socket, POLLIN, 0};
  for (;;) {
    int ready = poll(&entry, 1, milliseconds);
    if (ready < 0 && errno == EINTR) continue;
    return ready < 0 ? -1 : (ready > 0 ? 1 : 0);
  }
}

int sluice_die_with_parent(pid_t expected_parent) {
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  return getppid() != expected_parent ? 1 : 0;
}

int sluice_set_limits(long long address_space, long long cpu_seconds, int cpus) {
  if (address_space > 0) {
    struct rlimit limit = {(rlim_t)address_space, (rlim_t)address_space};
    if (setrlimit(RLIMIT_AS, &limit) != 0) return -1;
  }
  if (cpu_seconds > 0) {
    /* The soft limit sends SIGXCPU; the hard one, a second later, SIGKILL. */
    struct rlimit limit = {(rlim_t)cpu_seconds, (rlim_t)cpu_seconds + 1};
    if (setrlimit(RLIMIT_CPU, &limit) != 0) return -1;
  }
#ifdef __linux__
  if (cpus > 0) {
    cpu_set_t allowed, chosen;
    CPU_ZERO(&chosen);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    int taken = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && taken < cpus; cpu++) {
      if (CPU_ISSET(cpu, &allowed)) {
        CPU_SET(cpu, &chosen);
        taken++;
      }
    }
    if (taken > 0 && sched_setaffinity(0, sizeof chosen, &chosen) != 0) return -1;
  }
#endif
  return 0;
}
