// Preloaded only under valgrind by Scripts/callgrind (never linked into planreview).
//
// valgrind 3.19's rt_sigsuspend wrapper clears its own signal (VG_SIGVGKILL) in the caller's mask in
// place. libdispatch's dispatch_main(), which every Swift async main calls on Linux, passes a
// `static const sigset_t` from read-only memory, so valgrind itself takes a SIGSEGV ("the 'impossible'
// happened"). This sigsuspend passes a writable copy of the mask instead.
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, (size_t)(_NSIG / 8));
}
