/*
 * include/uapi/wait.h - wait4/waitid options, and how the status word
 * that wait4 stores is encoded (Linux's layout, which the kernel builds
 * and the W*() macros decode):
 *
 *	exited:    (code & 0xff) << 8		low 7 bits 0
 *	killed:    signal number | 0x80 if core dumped
 *	stopped:   (signal << 8) | 0x7f
 *	continued: 0xffff
 */
#ifndef SLUICE_UAPI_WAIT_H
#define SLUICE_UAPI_WAIT_H

#define WNOHANG	    0x00000001
#define WUNTRACED   0x00000002
#define WSTOPPED    WUNTRACED
#define WEXITED	    0x00000004
#define WCONTINUED  0x00000008
#define WNOWAIT	    0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL	    0x40000000
#define __WCLONE    0x80000000

/* waitid id types */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3

#define WEXITSTATUS(s)	(((s)&0xff00) >> 8)
#define WTERMSIG(s)	((s)&0x7f)
#define WSTOPSIG(s)	WEXITSTATUS(s)
#define WCOREDUMP(s)	((s)&0x80)
#define WIFEXITED(s)	(WTERMSIG(s) == 0)
#define WIFSTOPPED(s)	(((s)&0xff) == 0x7f)
#define WIFSIGNALED(s)	(WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFCONTINUED(s) ((s) == 0xffff)

/* How the kernel builds the word. */
#define W_EXITCODE(code, sig) (((code)&0xff) << 8 | (sig))
#define W_STOPCODE(sig)	      ((sig) << 8 | 0x7f)

#endif /* SLUICE_UAPI_WAIT_H */
