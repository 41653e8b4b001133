/*
 * kernel/sys_mm.c - brk, mmap and munmap on the current address space
 * (kernel/uvm.c does the work).  Anonymous memory is private; a file is
 * mapped by its f_op->mmap (io_uring's rings, shared).
 */
#include <uapi/errno.h>
#include <uapi/mman.h>

#include "fs/file.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/uvm.h"

SYSCALL(brk)
{
	return (long)mm_brk(current_task()->mm, regs->a0);
}

#define MMAP_KNOWN_FLAGS                                        \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | \
	 MAP_NORESERVE | MAP_POPULATE | MAP_STACK)

SYSCALL(mmap)
{
	uint64_t addr = regs->a0, len = regs->a1, out;
	int prot = (int)regs->a2, flags = (int)regs->a3;
	long err;

	if (len == 0 || (flags & ~MMAP_KNOWN_FLAGS) ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (!(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL; /* both: MAP_SHARED_VALIDATE, shared */
	if ((flags & MAP_FIXED) && (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		struct file *f = fd_get(current_task()->files, (int)regs->a4);

		if (!f)
			return -EBADF;
		err = f->f_op->mmap
			  ? f->f_op->mmap(f, addr, len, prot, flags, regs->a5)
			  : -ENODEV;
		file_put(f);
		return err;
	}
	if (flags & MAP_SHARED)
		return -EINVAL; /* shared anonymous memory: not yet */
	err = mm_map(current_task()->mm, addr, len, (uint32_t)prot, VMA_ANON,
		     flags & MAP_FIXED, &out);
	return err ? err : (long)out;
}

SYSCALL(munmap)
{
	return mm_unmap(current_task()->mm, regs->a0, regs->a1);
}
