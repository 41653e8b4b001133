/*
 * kernel/selftest.c - in-kernel checks, run on request at boot (see
 * kernel/selftest.h).  Each prints "selftest: <name>: ok" or "FAILED"
 * with what it saw.  The state below is used by one check at a time.
 */
#include "kernel/selftest.h"

#include <uapi/errno.h>
#include <uapi/poll.h>

#include "fs/file.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "kernel/uvm.h"
#include "kernel/wait.h"

static struct wait_queue_head test_wq;
static volatile int test_flag;

int
selftest_verdict(const char *name, int ok, long got)
{
	printk("selftest: %s: %s (got %ld)\n", name, ok ? "ok" : "FAILED", got);
	return ok ? 0 : 1;
}

/* Timer callback: make the condition true, then wake the sleeper. */
static void
set_flag_and_wake(void *arg)
{
	(void)arg;
	test_flag = 1;
	wake_up(&test_wq);
}

/* A condition that never becomes true: the wait must end by time-out. */
static int
check_timeout_expires(void)
{
	uint64_t start = jiffies;
	long left;

	test_flag = 0;
	left = wait_event_timeout(test_wq, test_flag, 5);
	return selftest_verdict("wait_event_timeout expires after 5 ticks",
				left == 0 && jiffies - start >= 5,
				(long)(jiffies - start));
}

/* A timer makes the condition true after 3 ticks: woken early. */
static int
check_timeout_woken(bool interruptible)
{
	struct timer t;
	long left;

	test_flag = 0;
	timer_setup(&t, set_flag_and_wake, NULL);
	timer_add(&t, jiffies + 3);
	if (interruptible)
		left =
		    wait_event_interruptible_timeout(test_wq, test_flag, 100);
	else
		left = wait_event_timeout(test_wq, test_flag, 100);
	timer_del(&t);
	return selftest_verdict(interruptible
				    ? "wait_event_interruptible_timeout woken"
				    : "wait_event_timeout woken by the event",
				test_flag && left > 0 && left < 100, left);
}

static struct wait_queue_head *polled_wq;

static void
record_wq(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	(void)f;
	(void)pt;
	polled_wq = wq;
}

/*
 * A pipe's ->poll (for the select/poll/epoll issue): an empty pipe is
 * writable, not readable; poll_wait hands over a wait queue; closing the
 * writer gives the reader POLLHUP, closing the reader the writer POLLERR.
 */
static int
check_pipe_poll(void)
{
	struct poll_table pt = { .qproc = record_wq };
	struct file *rf, *wf;
	unsigned r, w, hup, err;

	if (pipe_create(&rf, &wf, 0))
		return selftest_verdict("pipe poll: memory", 0, -ENOMEM);
	polled_wq = NULL;
	r = rf->f_op->poll(rf, &pt);
	w = wf->f_op->poll(wf, NULL);
	file_put(wf); /* the writer is gone */
	hup = rf->f_op->poll(rf, NULL);
	file_put(rf);
	/* A fresh pair for the other direction. */
	if (pipe_create(&rf, &wf, 0))
		return selftest_verdict("pipe poll: memory", 0, -ENOMEM);
	file_put(rf);
	err = wf->f_op->poll(wf, NULL);
	file_put(wf);
	return selftest_verdict(
	    "pipe poll: empty, writable, POLLHUP, POLLERR, wait queue",
	    r == 0 && w == (POLLOUT | POLLWRNORM) && (hup & POLLHUP) &&
		!(hup & POLLIN) && (err & POLLERR) && polled_wq != NULL,
	    (long)(r | w << 8 | hup << 16 | (uint64_t)err << 24));
}

int
kernel_selftest(void)
{
	int failed = 0;

	init_waitqueue_head(&test_wq, "selftest");
	failed += check_timeout_expires();
	failed += check_timeout_woken(false);
	failed += check_timeout_woken(true);
	failed += selftest_verdict("user address spaces (uvm_selftest)",
				   uvm_selftest() == 0, 0);
	failed += check_pipe_poll();
	failed += blk_selftest();
	printk("selftest: done, %d failed\n", failed);
	return failed;
}
