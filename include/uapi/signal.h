/*
 * include/uapi/signal.h - signal numbers, sigaction flags and the struct
 * rt_sigaction takes on riscv64 (asm-generic/signal.h): no sa_restorer,
 * because riscv64 Linux returns from a handler through a trampoline in the
 * vDSO.  A signal set is one 64-bit word; bit (sig - 1) stands for sig, and
 * rt_sigaction/rt_sigprocmask take its size, 8, as their last argument.
 */
#ifndef SLUICE_UAPI_SIGNAL_H
#define SLUICE_UAPI_SIGNAL_H

#include <uapi/types.h>

#define SIGHUP	     1
#define SIGINT	     2
#define SIGQUIT	     3
#define SIGILL	     4
#define SIGTRAP	     5
#define SIGABRT	     6
#define SIGIOT	     6
#define SIGBUS	     7
#define SIGFPE	     8
#define SIGKILL	     9
#define SIGUSR1	     10
#define SIGSEGV	     11
#define SIGUSR2	     12
#define SIGPIPE	     13
#define SIGALRM	     14
#define SIGTERM	     15
#define SIGSTKFLT    16
#define SIGCHLD	     17
#define SIGCONT	     18
#define SIGSTOP	     19
#define SIGTSTP	     20
#define SIGTTIN	     21
#define SIGTTOU	     22
#define SIGURG	     23
#define SIGXCPU	     24
#define SIGXFSZ	     25
#define SIGVTALRM    26
#define SIGPROF	     27
#define SIGWINCH     28
#define SIGIO	     29
#define SIGPOLL	     SIGIO
#define SIGPWR	     30
#define SIGSYS	     31
#define SIGRTMIN     32
#define SIGRTMAX     64
#define _NSIG	     64

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2

#define SIG_DFL	     ((void (*)(int))0)
#define SIG_IGN	     ((void (*)(int))1)
#define SIG_ERR	     ((void (*)(int)) - 1)

/* the sigsetsize argument of rt_sig*() */
#define UAPI_SIGSET_SIZE 8

struct uapi_sigaction {
	void (*sa_handler)(int); /* or SIG_DFL, SIG_IGN */
	uint64_t sa_flags;	 /* SA_* */
	uint64_t sa_mask;	 /* blocked while the handler runs */
};
UAPI_ASSERT_SIZE(struct uapi_sigaction, 24);
UAPI_ASSERT_OFFSET(struct uapi_sigaction, sa_flags, 8);
UAPI_ASSERT_OFFSET(struct uapi_sigaction, sa_mask, 16);

#endif /* SLUICE_UAPI_SIGNAL_H */
