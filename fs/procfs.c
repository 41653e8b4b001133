/*
 * fs/procfs.c - /proc: the kernel's state as text files, generated when
 * opened.
 *
 *   /proc/interrupts   per hart, per IRQ, as Linux lays it out
 *   /proc/meminfo      pages, kmalloc, buffer cache
 *   /proc/uptime       seconds since boot, and idle seconds (not kept: 0)
 *   /proc/diskstats    per block device, Linux's 17 fields
 *   /proc/<pid>/stat   "pid (comm) state ppid pgrp ..." as Linux (ps)
 *   /proc/<pid>/status "Name:", "State:", "Pid:", "PPid:", ...
 *
 * Opening a file runs its show() into a seqbuf kept as the file's private
 * data; read() copies from it, so one open sees one consistent snapshot.
 *
 * State: none of its own.  Inode numbers: 1 the root, 2.. the fixed files,
 * pid << 8 | 0x80 a process directory, pid << 8 | n its n-th file.
 */
#include <uapi/dirent.h>
#include <uapi/errno.h>

#include "drivers/blk.h"
#include "fs/buffer.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/irq.h"
#include "kernel/mm.h"
#include "kernel/printf.h"
#include "kernel/proc.h"
#include "kernel/seqbuf.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/uvm.h"

#define INO_ROOT    1
#define INO_PID_DIR 0x80

struct proc_task {
	int pid, ppid, pgid;
	char state;
	char comm[TASK_COMM_LEN];
	uint64_t pages;
};

/* ---- the generators ---- */

static void
show_meminfo(struct seqbuf *sb, int pid)
{
	struct mm_stats st;
	struct bcache_stats bc;

	(void)pid;
	mm_get_stats(&st);
	bcache_get_stats(&bc);
	seq_printf(sb, "MemTotal:       %8lu kB\n",
		   (unsigned long)(st.total_pages * 4));
	seq_printf(sb, "MemFree:        %8lu kB\n",
		   (unsigned long)(st.free_pages * 4));
	seq_printf(sb, "Buffers:        %8lu kB\n",
		   (unsigned long)(bc.buffers * 4));
	seq_printf(sb, "Dirty:          %8lu kB\n",
		   (unsigned long)(bc.dirty * 4));
	seq_printf(sb, "Slab:           %8lu kB\n",
		   (unsigned long)(st.kmalloc_pages * 4));
}

static void
show_uptime(struct seqbuf *sb, int pid)
{
	uint64_t cs = time_now_ns() / 10000000; /* hundredths */

	(void)pid;
	seq_printf(sb, "%lu.%02lu 0.00\n", (unsigned long)(cs / 100),
		   (unsigned long)(cs % 100));
}

static void
show_interrupts(struct seqbuf *sb, int pid)
{
	(void)pid;
	interrupts_show(sb);
}

/* Linux's /proc/diskstats: 3 id fields and 14 counters (4.18+ adds 4). */
static void
show_diskstats(struct seqbuf *sb, int pid)
{
	(void)pid;
	for (struct block_device *b = blk_next(NULL); b; b = blk_next(b)) {
		struct disk_stats st;
		unsigned in_flight;

		blk_get_stats(b->queue, &st, &in_flight);
		seq_printf(
		    sb,
		    "%4u %7u %s %lu %lu %lu %lu %lu %lu %lu %lu %u %lu "
		    "%lu 0 0 0 0 %lu %lu\n",
		    b->major, b->minor, b->name, (unsigned long)st.ios[0],
		    (unsigned long)st.merges[0], (unsigned long)st.sectors[0],
		    (unsigned long)st.ticks_ms[0], (unsigned long)st.ios[1],
		    (unsigned long)st.merges[1], (unsigned long)st.sectors[1],
		    (unsigned long)st.ticks_ms[1], in_flight,
		    (unsigned long)st.io_ticks_ms,
		    (unsigned long)(st.ticks_ms[0] + st.ticks_ms[1]),
		    (unsigned long)st.flushes, 0UL);
	}
}

struct find_task_arg {
	int pid;
	struct proc_task *out;
	bool found;
};

static char
state_letter(const struct task *t)
{
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNABLE:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_ZOMBIE:
	default:
		return 'Z';
	}
}

/* Under tasklist_lock: copy what /proc shows of the task. */
static void
snapshot_task(struct task *t, void *arg)
{
	struct find_task_arg *a = arg;

	if (t->pid != a->pid)
		return;
	a->found = true;
	a->out->pid = t->pid;
	a->out->ppid = t->parent ? t->parent->pid : 0;
	a->out->pgid = t->pgid;
	a->out->state = state_letter(t);
	memcpy(a->out->comm, t->comm, sizeof(a->out->comm));
	a->out->comm[TASK_COMM_LEN - 1] = '\0';
	a->out->pages = t->mm ? t->mm->pages : 0;
}

static bool
get_task(int pid, struct proc_task *out)
{
	struct find_task_arg a = { pid, out, false };

	for_each_task(snapshot_task, &a);
	return a.found;
}

static void
show_stat(struct seqbuf *sb, int pid)
{
	struct proc_task t;

	if (!get_task(pid, &t))
		return;
	/* pid comm state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime cutime cstime priority nice threads
	 * itrealvalue starttime vsize rss */
	seq_printf(sb,
		   "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 0 "
		   "%lu %lu\n",
		   t.pid, t.comm, t.state, t.ppid, t.pgid, t.pgid,
		   (unsigned long)(t.pages * 4096), (unsigned long)t.pages);
}

static void
show_status(struct seqbuf *sb, int pid)
{
	static const char *const names[] = { ['R'] = "running",
					     ['S'] = "sleeping",
					     ['D'] = "disk sleep",
					     ['Z'] = "zombie" };
	struct proc_task t;

	if (!get_task(pid, &t))
		return;
	seq_printf(sb,
		   "Name:\t%s\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\n"
		   "PPid:\t%d\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
		   "VmRSS:\t%8lu kB\nThreads:\t1\n",
		   t.comm, t.state, names[(unsigned char)t.state], t.pid, t.pid,
		   t.ppid, (unsigned long)(t.pages * 4));
}

struct proc_file {
	const char *name;
	void (*show)(struct seqbuf *sb, int pid);
};

/* Fixed files: inode 2 + index.  Per-process files: pid << 8 | 1 + i. */
static const struct proc_file root_files[] = {
	{ "diskstats", show_diskstats },
	{ "interrupts", show_interrupts },
	{ "meminfo", show_meminfo },
	{ "uptime", show_uptime },
};
static const struct proc_file pid_files[] = {
	{ "stat", show_stat },
	{ "status", show_status },
};

#define NROOT ARRAY_SIZE(root_files)
#define NPID  ARRAY_SIZE(pid_files)

/* ---- files ---- */

/* The generator behind file inode @ino, or NULL. */
static const struct proc_file *
proc_file_of(uint64_t ino)
{
	uint64_t i = ino < INO_PID_DIR ? ino - 2 : (ino & 0x7f) - 1;

	if (ino < INO_PID_DIR)
		return i < NROOT ? &root_files[i] : NULL;
	return i < NPID ? &pid_files[i] : NULL;
}

static int
proc_open(struct file *f)
{
	uint64_t ino = f->f_inode->i_ino;
	const struct proc_file *pf = proc_file_of(ino);
	struct seqbuf *sb = pf ? kzalloc(sizeof(*sb)) : NULL;

	if (!pf)
		return -ENOENT;
	if (!sb)
		return -ENOMEM;
	pf->show(sb, (int)(ino >> 8));
	if (sb->error) {
		int err = sb->error;

		seq_free(sb);
		kfree(sb);
		return err;
	}
	f->private = sb;
	return 0;
}

static long
proc_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	struct seqbuf *sb = f->private;

	if (*pos >= sb->len)
		return 0;
	if (n > sb->len - *pos)
		n = sb->len - *pos;
	if (copy_to_user(ubuf, sb->buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

static int64_t
proc_llseek(struct file *f, int64_t off, int whence)
{
	return generic_llseek(f, off, whence,
			      (int64_t)((struct seqbuf *)f->private)->len);
}

static void
proc_release(struct file *f)
{
	seq_free(f->private);
	kfree(f->private);
}

static const struct file_operations proc_file_fops = {
	.open = proc_open,
	.read = proc_read,
	.llseek = proc_llseek,
	.release = proc_release,
};

/* ---- directories ---- */

static int proc_lookup(struct inode *dir, const char *name, size_t len,
		       struct inode **out);
static int proc_readdir(struct file *f, struct dir_context *ctx);

static const struct inode_operations proc_dir_iops = {
	.lookup = proc_lookup,
};
static const struct inode_operations proc_file_iops = { 0 };
static const struct file_operations proc_dir_fops = {
	.llseek = dir_llseek,
	.readdir = proc_readdir,
};

static int
proc_read_inode(struct inode *inode)
{
	uint64_t ino = inode->i_ino;
	struct proc_task t;

	inode->i_nlink = 1;
	inode->i_mtime = inode->i_atime = inode->i_ctime = vfs_now();
	if (ino >= INO_PID_DIR && !get_task((int)(ino >> 8), &t))
		return -ENOENT;
	if (ino == INO_ROOT || (ino & 0xff) == INO_PID_DIR) {
		inode->i_mode = S_IFDIR | 0555;
		inode->i_nlink = 2;
		inode->i_op = &proc_dir_iops;
		inode->i_fop = &proc_dir_fops;
		return 0;
	}
	if ((ino < INO_PID_DIR && ino - 2 >= NROOT) ||
	    (ino >= INO_PID_DIR && ((ino & 0x7f) - 1) >= NPID))
		return -ENOENT;
	inode->i_mode = S_IFREG | 0444;
	inode->i_op = &proc_file_iops;
	inode->i_fop = &proc_file_fops;
	return 0;
}

/* @name as a decimal pid, or 0. */
static int
parse_pid(const char *name, size_t len)
{
	int pid = 0;

	if (len == 0 || len > 9)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid;
}

static int
proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint64_t ino = 0;
	int err;

	if (name_eq(name, len, ".."))
		ino = INO_ROOT;
	else if (dir->i_ino == INO_ROOT) {
		for (size_t i = 0; i < NROOT; i++)
			if (name_eq(name, len, root_files[i].name))
				ino = 2 + i;
		if (!ino && parse_pid(name, len))
			ino = (uint64_t)parse_pid(name, len) << 8 | INO_PID_DIR;
	} else {
		for (size_t i = 0; i < NPID; i++)
			if (name_eq(name, len, pid_files[i].name))
				ino = (dir->i_ino & ~0xffUL) | (1 + i);
	}
	if (!ino)
		return -ENOENT;
	*out = iget(dir->i_sb, ino, &err);
	return err;
}

struct pid_list {
	int pids[256];
	int n;
};

static void
collect_pid(struct task *t, void *arg)
{
	struct pid_list *l = arg;

	if (l->n < (int)ARRAY_SIZE(l->pids))
		l->pids[l->n++] = t->pid;
}

/* Emit @name unless full; advances f_pos.  Returns 1 when full. */
static int
emit(struct file *f, struct dir_context *ctx, const char *name, uint64_t ino,
     unsigned type)
{
	ctx->pos = f->f_pos + 1;
	if (ctx->emit(ctx, name, strlen(name), ino, type))
		return 1;
	f->f_pos++;
	return 0;
}

/* Positions: ".", "..", the fixed files, then one per process. */
static int
proc_readdir(struct file *f, struct dir_context *ctx)
{
	uint64_t self = f->f_inode->i_ino;
	struct pid_list *l;
	char name[16];

	if (dir_emit_dots(f, ctx, self, INO_ROOT))
		return 0;
	if (self != INO_ROOT) {
		while (f->f_pos - 2 < NPID) {
			uint64_t i = f->f_pos - 2;

			if (emit(f, ctx, pid_files[i].name,
				 (self & ~0xffUL) | (1 + i), DT_REG))
				return 0;
		}
		return 0;
	}
	while (f->f_pos - 2 < NROOT)
		if (emit(f, ctx, root_files[f->f_pos - 2].name, f->f_pos,
			 DT_REG))
			return 0;
	l = kmalloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->n = 0;
	for_each_task(collect_pid, l);
	while (f->f_pos - 2 - NROOT < (uint64_t)l->n) {
		int pid = l->pids[f->f_pos - 2 - NROOT];

		ksnprintf(name, sizeof(name), "%d", pid);
		if (emit(f, ctx, name, (uint64_t)pid << 8 | INO_PID_DIR,
			 DT_DIR))
			break;
	}
	kfree(l);
	return 0;
}

static int
proc_statfs(struct super_block *sb, struct statfs *st)
{
	(void)sb;
	st->f_type = PROC_SUPER_MAGIC;
	st->f_bsize = 4096;
	return 0;
}

static const struct super_operations proc_sops = {
	.read_inode = proc_read_inode,
	.statfs = proc_statfs,
};

static struct super_block proc_sb;

struct super_block *
procfs_mount(void)
{
	int err;

	proc_sb.s_type = "proc";
	proc_sb.s_op = &proc_sops;
	proc_sb.s_dev = UAPI_MKDEV(0, 4);
	proc_sb.s_root = iget(&proc_sb, INO_ROOT, &err);
	return proc_sb.s_root ? &proc_sb : NULL;
}
