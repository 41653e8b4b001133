/*
 * kernel/sys_proc.c - process system calls: clone (fork), exit, wait4,
 * ids, kill, process groups, uname, resource limits, getrandom, reboot.
 * getrandom's generator state is protected by rand_lock.
 */
#include <uapi/errno.h>
#include <uapi/random.h>
#include <uapi/reboot.h>
#include <uapi/resource.h>
#include <uapi/sched.h>
#include <uapi/signal.h>
#include <uapi/utsname.h>
#include <uapi/wait.h>

#include "fs/file.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/ptregs.h"
#include "kernel/random.h"
#include "kernel/riscv.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

/* Only fork semantics: a new process with a copy of everything. */
SYSCALL(clone)
{
	uint64_t flags = regs->a0;

	if ((flags & ~CSIGNAL) != 0 || (flags & CSIGNAL) != SIGCHLD ||
	    regs->a1 != 0)
		return -EINVAL; /* threads and other flavours: not yet */
	return do_fork(regs);
}

SYSCALL(exit)
{
	do_exit(W_EXITCODE(regs->a0 & 0xff, 0));
}

SYSCALL(exit_group)
{
	do_exit(W_EXITCODE(regs->a0 & 0xff, 0));
}

SYSCALL(wait4)
{
	return do_wait4((int)regs->a0, regs->a1, (int)regs->a2, regs->a3);
}

SYSCALL(getpid)
{
	(void)regs;
	return current_task()->pid;
}

/* One thread per process: the thread id is the process id. */
SYSCALL(gettid)
{
	(void)regs;
	return current_task()->pid;
}

SYSCALL(getppid)
{
	(void)regs;
	return task_ppid(current_task());
}

SYSCALL(sched_yield)
{
	(void)regs;
	schedule();
	return 0;
}

SYSCALL(kill)
{
	return do_kill((int)regs->a0, (int)regs->a1);
}

SYSCALL(setpgid)
{
	return do_setpgid((int)regs->a0, (int)regs->a1);
}

SYSCALL(getpgid)
{
	return do_getpgid((int)regs->a0);
}

/* No threads to clear a tid for: report the tid, as Linux does. */
SYSCALL(set_tid_address)
{
	(void)regs;
	return current_task()->pid;
}

/* Robust futex lists matter only to threads; accept and ignore. */
SYSCALL(set_robust_list)
{
	(void)regs;
	return 0;
}

static void
rlimit_of(int resource, struct rlimit64 *r)
{
	r->rlim_cur = r->rlim_max = RLIM64_INFINITY;
	if (resource == RLIMIT_NOFILE)
		r->rlim_cur = r->rlim_max = NR_OPEN;
	else if (resource == RLIMIT_STACK)
		r->rlim_cur = 8UL << 20;
}

/*
 * Limits are fixed in Sluice: reading reports them; setting one to what
 * it already is succeeds, anything else is -EPERM.
 */
SYSCALL(prlimit64)
{
	int pid = (int)regs->a0, resource = (int)regs->a1;
	struct rlimit64 cur, want;

	if (pid != 0 && pid != current_task()->pid)
		return -ESRCH;
	if (resource < 0 || resource > RLIMIT_MSGQUEUE + 3)
		return -EINVAL;
	rlimit_of(resource, &cur);
	if (regs->a2) {
		if (copy_from_user(&want, regs->a2, sizeof(want)))
			return -EFAULT;
		if (want.rlim_cur > want.rlim_max)
			return -EINVAL;
		if (want.rlim_cur != cur.rlim_cur ||
		    want.rlim_max != cur.rlim_max)
			return -EPERM;
	}
	if (regs->a3 && copy_to_user(regs->a3, &cur, sizeof(cur)))
		return -EFAULT;
	return 0;
}

SYSCALL(uname)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Sluice", sizeof(u.sysname));
	strlcpy(u.nodename, "sluice", sizeof(u.nodename));
	strlcpy(u.release, "0.1", sizeof(u.release));
	strlcpy(u.version, "#1", sizeof(u.version));
	strlcpy(u.machine, "riscv64", sizeof(u.machine));
	return copy_to_user(regs->a0, &u, sizeof(u));
}

/*
 * getrandom: xorshift128+ seeded from the timer at first use.  Good
 * enough for AT_RANDOM and hash seeds in a teaching kernel; it is NOT a
 * cryptographic generator, and says so here rather than pretending.
 */
static struct spinlock rand_lock = SPINLOCK_INIT("random");
static uint64_t rand_s[2];

uint64_t
random_u64(void)
{
	uint64_t a, b;

	spin_lock(&rand_lock);
	if (!rand_s[0] && !rand_s[1]) {
		rand_s[0] = rdtime() * 0x9e3779b97f4a7c15ULL | 1;
		rand_s[1] = 0xd1b54a32d192ed03ULL ^ rdtime();
	}
	a = rand_s[0];
	b = rand_s[1];
	rand_s[0] = b;
	a ^= a << 23;
	rand_s[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
	b = rand_s[1] + b;
	spin_unlock(&rand_lock);
	return b;
}

SYSCALL(getrandom)
{
	uint64_t ubuf = regs->a0, n = regs->a1;
	unsigned flags = (unsigned)regs->a2;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (n > 33554431)
		n = 33554431; /* Linux's cap for one call */
	if (!access_ok(ubuf, n))
		return -EFAULT;
	for (uint64_t done = 0; done < n; done += 8) {
		uint64_t r = random_u64();
		size_t chunk = n - done < 8 ? n - done : 8;

		if (copy_to_user(ubuf + done, &r, chunk))
			return -EFAULT;
	}
	return (long)n;
}

SYSCALL(reboot)
{
	if (regs->a0 != LINUX_REBOOT_MAGIC1 || regs->a1 != LINUX_REBOOT_MAGIC2)
		return -EINVAL;
	if (regs->a2 != LINUX_REBOOT_CMD_POWER_OFF &&
	    regs->a2 != LINUX_REBOOT_CMD_HALT)
		return -EINVAL;
	printk("sluice: power off requested by pid %d\n", current_task()->pid);
	console_flush();
	machine_power_off(POWER_OFF_SUCCESS);
}
