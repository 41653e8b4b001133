/*
 * kernel/proc.c - process life cycle.  Lock legend in kernel/proc.h.
 *
 * Exit and reaping: an exiting task releases its memory and files, becomes
 * a ZOMBIE under tasklist_lock and switches away for good; its parent's
 * wait4() frees the task and its kernel stack - but only once the zombie
 * is off its hart (on_cpu clear), since until then it still runs on that
 * stack.  Orphans are handed to init (pid 1).
 */
#include "kernel/proc.h"

#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <uapi/wait.h>

#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/hart.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"
#include "kernel/uvm.h"
#include "kernel/wait.h"

void ret_from_fork(void);
void kthread_trampoline(void);
void sched_first_run_user(void);
void __noreturn sched_first_run_kthread(void);

static struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
static struct list_head task_list = LIST_HEAD_INIT(task_list);
static int next_pid = 1;		     /* [tasklist_lock] */
static uint64_t exit_seq;		     /* [tasklist_lock] */
static struct wait_queue_head child_exit_wq; /* wait4 sleeps here */

void
proc_init(void)
{
	init_waitqueue_head(&child_exit_wq, "child_exit");
}

static struct task *
task_alloc(const char *name)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = page_alloc(KSTACK_ORDER);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	strlcpy(t->comm, name, sizeof(t->comm));
	list_init(&t->rq_node);
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->all);
	t->state = TASK_RUNNABLE;
	return t;
}

static void
task_free(struct task *t)
{
	page_free(t->kstack, KSTACK_ORDER);
	kfree(t);
}

/* Give @t a pid, a parent and a place in the task list, and start it. */
static int
task_publish(struct task *t, struct task *parent)
{
	int pid;

	spin_lock(&tasklist_lock);
	pid = t->pid = next_pid++;
	t->parent = parent;
	t->pgid = parent ? parent->pgid : pid;
	if (parent)
		list_add_tail(&t->sibling, &parent->children);
	list_add_tail(&t->all, &task_list);
	spin_unlock(&tasklist_lock);
	sched_start_task(t);
	return pid;
}

/* A new user task's first instructions (kernel/entry_fork.S). */
void
sched_first_run_user(void)
{
	this_hart()->irq_was_on = false; /* stay off until sret */
	sched_finish_switch();
	mm_activate(current_task()->mm);
}

void __noreturn
sched_first_run_kthread(void)
{
	struct task *t;

	this_hart()->irq_was_on = true;
	sched_finish_switch();
	t = current_task();
	t->kthread_fn(t->kthread_arg);
	do_exit(0);
}

int
kthread_start(void (*fn)(void *), void *arg, const char *name)
{
	struct task *t = task_alloc(name);

	if (!t)
		return -ENOMEM;
	t->kthread_fn = fn;
	t->kthread_arg = arg;
	t->context.ra = (uint64_t)kthread_trampoline;
	/* Below the trap frame slot: a kthread may exec into user mode. */
	t->context.sp = (uint64_t)task_user_regs(t);
	return task_publish(t, NULL);
}

long
do_fork(const struct pt_regs *regs)
{
	struct task *parent = current_task(), *child;
	struct pt_regs *cregs;

	child = task_alloc(parent->comm);
	if (!child)
		return -ENOMEM;
	child->mm = mm_fork(parent->mm);
	child->files = files_dup(parent->files);
	if (!child->mm || !child->files || vfs_fork_cwd(child, parent))
		goto out_free;
	cregs = task_user_regs(child);
	*cregs = *regs;
	cregs->a0 = 0; /* fork() returns 0 in the child */
	child->context.ra = (uint64_t)ret_from_fork;
	child->context.sp = (uint64_t)cregs;
	return task_publish(child, parent);

out_free:
	if (child->mm)
		mm_destroy(child->mm);
	if (child->files)
		files_put(child->files);
	vfs_exit_cwd(child);
	task_free(child);
	return -ENOMEM;
}

/* Hand @t's children to init; tasklist_lock held. */
static void
reparent_children_locked(struct task *t)
{
	struct task *child, *tmp, *init = find_task(1);

	list_for_each_entry_safe (child, tmp, &t->children, sibling) {
		list_del(&child->sibling);
		child->parent = init;
		if (init && init != t)
			list_add_tail(&child->sibling, &init->children);
	}
}

void __noreturn
do_exit(int status)
{
	struct task *t = current_task();

	if (t->pid == 1)
		panic("attempted to kill init: exit status 0x%x", status);
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	vfs_exit_cwd(t);
	if (t->mm) {
		mm_io_wait(t->mm); /* may sleep: t->mm is still ours */
		mm_activate(NULL);
		mm_destroy(t->mm);
		t->mm = NULL;
	}
	spin_lock(&tasklist_lock);
	reparent_children_locked(t);
	t->exit_status = status;
	exit_seq++;
	__atomic_store_n(&t->state, TASK_ZOMBIE, __ATOMIC_SEQ_CST);
	if (!t->parent) /* kernel threads are never reaped (none exit yet) */
		list_del(&t->all);
	spin_unlock(&tasklist_lock);
	wake_up_all(&child_exit_wq);
	schedule();
	panic("do_exit: zombie %d ran again", t->pid);
}

struct task *
find_task(int pid)
{
	struct task *t;

	list_for_each_entry (t, &task_list, all)
		if (t->pid == pid && t->state != TASK_ZOMBIE)
			return t;
	return NULL;
}

static bool
wait_matches(const struct task *child, int pid, int pgid)
{
	if (pid > 0)
		return child->pid == pid;
	if (pid == -1)
		return true;
	return child->pgid == (pid == 0 ? pgid : -pid);
}

/*
 * Look for a child that @pid selects.  Returns a zombie (unlinked, to be
 * freed by the caller), NULL if there are live matches, or ERR_NOCHILD.
 */
#define ERR_NOCHILD ((struct task *)-1)

static struct task *
reap_one_locked(struct task *self, int pid)
{
	struct task *child;
	bool any = false;

	list_for_each_entry (child, &self->children, sibling) {
		if (!wait_matches(child, pid, self->pgid))
			continue;
		any = true;
		if (child->state == TASK_ZOMBIE) {
			list_del(&child->sibling);
			list_del(&child->all);
			return child;
		}
	}
	return any ? NULL : ERR_NOCHILD;
}

long
do_wait4(int pid, uint64_t ustatus, int options, uint64_t urusage)
{
	struct task *self = current_task(), *zombie;
	uint64_t seen;
	long ret;
	int status;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL))
		return -EINVAL;
	for (;;) {
		spin_lock(&tasklist_lock);
		zombie = reap_one_locked(self, pid);
		seen = exit_seq;
		spin_unlock(&tasklist_lock);
		if (zombie == ERR_NOCHILD)
			return -ECHILD;
		if (zombie)
			break;
		if (options & WNOHANG)
			return 0;
		ret = wait_event_interruptible(child_exit_wq,
					       READ_ONCE(exit_seq) != seen);
		if (ret)
			return ret;
	}
	while (__atomic_load_n(&zombie->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax(); /* it is switching away from its last stack */
	ret = zombie->pid;
	status = zombie->exit_status;
	task_free(zombie);
	if (ustatus && put_user(status, ustatus))
		return -EFAULT;
	if (urusage && clear_user(urusage, sizeof(struct uapi_rusage)))
		return -EFAULT;
	return ret;
}

int
task_ppid(struct task *t)
{
	int ppid;

	spin_lock(&tasklist_lock);
	ppid = t->parent ? t->parent->pid : 0;
	spin_unlock(&tasklist_lock);
	return ppid;
}

static void
send_signal(struct task *t, int sig)
{
	__atomic_or_fetch(&t->sigpending, 1UL << (sig - 1), __ATOMIC_RELEASE);
	try_to_wake_up(t, 1u << TASK_INTERRUPTIBLE);
}

/*
 * Signal process @pid.  A zombie still exists until it is reaped, so
 * signalling it succeeds, and does nothing: it will never run again.
 */
long
do_kill(int pid, int sig)
{
	struct task *t;
	long ret = -ESRCH;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid <= 0)
		return do_kill_pgrp(pid == 0 ? current_task()->pgid : -pid,
				    sig);
	spin_lock(&tasklist_lock);
	list_for_each_entry (t, &task_list, all) {
		if (t->pid != pid || (t->kthread_fn && !t->mm))
			continue; /* kernel threads take no signals */
		ret = 0;
		if (sig && t->state != TASK_ZOMBIE)
			send_signal(t, sig);
		break;
	}
	spin_unlock(&tasklist_lock);
	return ret;
}

long
do_kill_pgrp(int pgid, int sig)
{
	struct task *t;
	long ret = -ESRCH;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	list_for_each_entry (t, &task_list, all) {
		if (t->pgid != pgid || t->state == TASK_ZOMBIE || !t->mm)
			continue;
		ret = 0;
		if (sig && t->pid != 1)
			send_signal(t, sig);
	}
	spin_unlock(&tasklist_lock);
	return ret;
}

/* Signals a fault raises: even init cannot ignore them. */
static bool
sig_synchronous(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGTRAP || sig == SIGFPE;
}

/* Signals whose default action is to do nothing. */
static bool
sig_default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH;
}

/*
 * Return-to-user work: until user handlers exist (rt_sigaction comes with
 * the signals milestone), every signal takes its default action.
 */
void
do_signals(void)
{
	struct task *t = current_task();
	uint64_t pending =
	    __atomic_exchange_n(&t->sigpending, 0, __ATOMIC_ACQUIRE);

	for (int sig = 1; pending; sig++, pending >>= 1) {
		if (!(pending & 1) || sig_default_ignored(sig))
			continue;
		if (t->pid == 1 && !sig_synchronous(sig))
			continue; /* init ignores what it does not handle */
		do_exit(W_EXITCODE(0, sig));
	}
}

long
do_setpgid(int pid, int pgid)
{
	struct task *t;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	t = pid ? find_task(pid) : current_task();
	if (!t || (t != current_task() && t->parent != current_task()))
		ret = -ESRCH;
	else
		t->pgid = pgid ? pgid : t->pid;
	spin_unlock(&tasklist_lock);
	return ret;
}

long
do_getpgid(int pid)
{
	struct task *t;
	long ret;

	spin_lock(&tasklist_lock);
	t = pid ? find_task(pid) : current_task();
	ret = t ? t->pgid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return ret;
}

void
for_each_task(void (*fn)(struct task *t, void *arg), void *arg)
{
	struct task *t;

	spin_lock(&tasklist_lock);
	list_for_each_entry (t, &task_list, all)
		fn(t, arg);
	spin_unlock(&tasklist_lock);
}
