/*
 * kernel/exec.c - execve: load a static ELF from the initramfs into a new
 * address space, lay out the initial stack exactly as Linux does, and
 * switch the calling process over to it.
 *
 * The initial stack, from the top down (what a Linux crt0 expects):
 *   argument and environment strings, the 16 bytes AT_RANDOM points at,
 *   then (16-byte aligned, at sp): argc, argv[0..argc-1], NULL,
 *   envp[0..], NULL, auxv pairs (type, value) ending with AT_NULL.
 * Everything that can fail happens before the point of no return, so a
 * failed execve leaves the caller's program untouched.
 */
#include "kernel/exec.h"

#include <uapi/auxvec.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mman.h>

#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/elf.h"
#include "kernel/mm.h"
#include "kernel/ptregs.h"
#include "kernel/random.h"
#include "kernel/riscv.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/uvm.h"

#define ARG_SPACE	   (32 * 1024) /* bytes of argv + envp strings */
#define ARG_MAX_COUNT	   1024
#define STACK_TOP	   (USER_LIMIT - PAGE_SIZE) /* top page: guard */
#define STACK_SIZE	   (256 * 1024)
#define NR_AUXV		   16
#define SSTATUS_FS_INITIAL (1UL << 13)

/* argv and envp strings, gathered in the kernel before the old mm goes. */
struct exec_args {
	char *strings; /* ARG_SPACE bytes */
	size_t used;
	int argc, envc;
};

static long
add_string(struct exec_args *a, const char *s, size_t len)
{
	if (a->used + len + 1 > ARG_SPACE || a->argc + a->envc >= ARG_MAX_COUNT)
		return -E2BIG;
	memcpy(a->strings + a->used, s, len);
	a->strings[a->used + len] = '\0';
	a->used += len + 1;
	return 0;
}

static long
add_user_vector(struct exec_args *a, uint64_t uvec, int *count)
{
	for (*count = 0; uvec; (*count)++) {
		uint64_t ustr;
		long len;

		if (get_user(ustr, uvec + (uint64_t)*count * 8))
			return -EFAULT;
		if (!ustr)
			break;
		len = strncpy_from_user(a->strings + a->used, ustr,
					ARG_SPACE - a->used);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return len;
		a->used += (size_t)len + 1;
		if (a->argc + a->envc + *count >= ARG_MAX_COUNT)
			return -E2BIG;
	}
	return 0;
}

static long
add_kernel_vector(struct exec_args *a, const char *const *vec, int *count)
{
	for (*count = 0; vec && vec[*count]; (*count)++) {
		long err = add_string(a, vec[*count], strlen(vec[*count]));

		if (err)
			return err;
	}
	return 0;
}

static uint32_t
vma_prot(uint32_t elf_prot)
{
	return (elf_prot & ELF_PROT_R ? PROT_READ : 0) |
	       (elf_prot & ELF_PROT_W ? PROT_WRITE : 0) |
	       (elf_prot & ELF_PROT_X ? PROT_EXEC : 0);
}

static long
load_segments(struct mm *mm, const uint8_t *image, const struct elf_info *info)
{
	for (int i = 0; i < info->nsegs; i++) {
		const struct elf_segment *s = &info->segs[i];
		uint64_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
		uint64_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
		uint64_t at;
		long err = mm_map(mm, start, end - start, vma_prot(s->prot),
				  VMA_ANON, true, &at);

		if (!err)
			err = mm_copy_out(mm, s->vaddr, image + s->offset,
					  s->filesz);
		if (err)
			return err;
	}
	return 0;
}

/* Write the initial stack into @mm; returns the user sp or -errno. */
static long
build_stack(struct mm *mm, const struct exec_args *a,
	    const struct elf_info *info, uint64_t *sp_out)
{
	uint64_t strings = ALIGN_DOWN(STACK_TOP - a->used, 16);
	uint64_t random = strings - 16, rnd[2] = { random_u64(), random_u64() };
	size_t nwords =
	    1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + 2 * NR_AUXV;
	uint64_t *words = kmalloc(nwords * 8), sp, str = strings;
	size_t w = 0;
	long err;

	if (!words)
		return -ENOMEM;
	sp = ALIGN_DOWN(random - nwords * 8, 16);
	words[w++] = (uint64_t)a->argc;
	for (int i = 0; i < a->argc + a->envc; i++) {
		if (i == a->argc)
			words[w++] = 0; /* end of argv */
		words[w++] = str;
		str += strlen(a->strings + (str - strings)) + 1;
	}
	words[w++] = 0; /* end of envp */
#define AUX(type, val)               \
	do {                         \
		words[w++] = (type); \
		words[w++] = (val);  \
	} while (0)
	AUX(AT_PHDR, info->phdr_vaddr);
	AUX(AT_PHENT, info->phentsize);
	AUX(AT_PHNUM, info->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, info->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_CLKTCK, 100);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, strings); /* argv[0]'s string, as Linux gives */
	AUX(AT_NULL, 0);
#undef AUX
	err = mm_copy_out(mm, strings, a->strings, a->used);
	if (!err)
		err = mm_copy_out(mm, random, rnd, sizeof(rnd));
	if (!err)
		err = mm_copy_out(mm, sp, words, w * 8);
	kfree(words);
	*sp_out = sp;
	return err;
}

static const char *
basename(const char *path)
{
	const char *slash = path;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			slash = p + 1;
	return slash;
}

/* The buddy order that holds @size bytes. */
static void
free_image(void *image, size_t size)
{
	page_free(image, page_order(size));
}

/*
 * Read the whole file @path into kernel memory: -ENOENT, -EACCES (not a
 * regular file with an x bit), -ENOEXEC (too big to be a program here).
 */
static long
read_image(const char *path, void **image, size_t *size)
{
	struct inode *inode;
	long n, err = namei_at(AT_FDCWD, path, 0, &inode);

	if (err)
		return err;
	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & 0111) ||
	    !inode->i_op->read_kernel)
		err = -EACCES;
	else if (inode->i_size == 0 || inode->i_size > (16UL << 20))
		err = -ENOEXEC;
	if (err) {
		iput(inode);
		return err;
	}
	*size = inode->i_size;
	*image = page_alloc(page_order(*size));
	if (!*image) {
		iput(inode);
		return -ENOMEM;
	}
	n = inode->i_op->read_kernel(inode, 0, *image, *size);
	iput(inode);
	if (n != (long)*size) {
		free_image(*image, *size);
		return n < 0 ? n : -EIO;
	}
	return 0;
}

/* Build the new image for @path; commit only if everything worked. */
static long
exec_commit(const char *path, struct exec_args *a)
{
	struct task *t = current_task();
	struct pt_regs *regs = task_user_regs(t);
	struct elf_info info;
	struct mm *mm, *old;
	uint64_t sp;
	size_t size;
	void *image;
	long err = read_image(path, &image, &size);

	if (err)
		return err;
	err = elf_parse(image, size, USER_LIMIT, &info);
	if (err) {
		free_image(image, size);
		return err;
	}
	mm = mm_create();
	if (!mm) {
		free_image(image, size);
		return -ENOMEM;
	}
	err = load_segments(mm, image, &info);
	free_image(image, size);
	if (!err)
		err = mm_setup_stack(mm, STACK_TOP, STACK_SIZE);
	if (!err)
		err = build_stack(mm, a, &info, &sp);
	if (err) {
		mm_destroy(mm);
		return err;
	}
	mm->brk_start = mm->brk = info.brk_start;

	/* The point of no return. */
	old = t->mm;
	t->mm = mm;
	mm_activate(mm);
	if (old)
		mm_destroy(old);
	if (t->files)
		files_close_on_exec(t->files);
	strlcpy(t->comm, basename(path), sizeof(t->comm));
	memset(&t->fpu, 0, sizeof(t->fpu));
	memset(regs, 0, sizeof(*regs));
	regs->sepc = info.entry;
	regs->sp = sp;
	regs->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE |
					       SSTATUS_SUM | SSTATUS_FS)) |
			SSTATUS_SPIE | SSTATUS_FS_INITIAL;
	return 0;
}

static long
exec_args_alloc(struct exec_args *a)
{
	a->strings = page_alloc(3); /* 32 KiB = ARG_SPACE */
	a->used = 0;
	a->argc = a->envc = 0;
	return a->strings ? 0 : -ENOMEM;
}

SYSCALL(execve)
{
	struct exec_args a;
	char path[256];
	long err = strncpy_from_user(path, regs->a0, sizeof(path));

	if (err < 0)
		return err;
	err = exec_args_alloc(&a);
	if (err)
		return err;
	err = add_user_vector(&a, regs->a1, &a.argc);
	if (!err)
		err = add_user_vector(&a, regs->a2, &a.envc);
	if (!err)
		err = exec_commit(path, &a);
	page_free(a.strings, 3);
	return err; /* 0 lands in the new program's a0 */
}

int
kernel_execve(const char *path, const char *const *argv,
	      const char *const *envp)
{
	struct exec_args a;
	long err = exec_args_alloc(&a);

	if (err)
		return (int)err;
	err = add_kernel_vector(&a, argv, &a.argc);
	if (!err)
		err = add_kernel_vector(&a, envp, &a.envc);
	if (!err)
		err = exec_commit(path, &a);
	page_free(a.strings, 3);
	return (int)err;
}
