/*
 * kernel/printk.c - kernel messages, panic, backtraces.
 *
 * Locks: console_lock serialises whole printk() calls and protects
 * console.  After a panic starts, the panicking hart alone prints and it
 * bypasses console_lock (the lock may be held by a hart that was stopped).
 */
#include "kernel/printk.h"

#include "kernel/hart.h"
#include "kernel/kallsyms.h"
#include "kernel/power.h"
#include "kernel/printf.h"
#include "kernel/ptregs.h"
#include "kernel/riscv.h"
#include "kernel/sbi.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/trap.h"

static struct spinlock console_lock = SPINLOCK_INIT("console");
static const struct console_ops *console; /* [console_lock] */
int panicking;				  /* [a] */

static void
sbi_console_write(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			sbi_console_putchar('\r');
		sbi_console_putchar(*s);
	}
}

static const struct console_ops sbi_console = {
	.name = "sbi",
	.write = sbi_console_write,
	.write_sync = sbi_console_write,
};

void
console_register(const struct console_ops *ops)
{
	spin_lock(&console_lock);
	console = ops;
	spin_unlock(&console_lock);
}

void
console_write(const char *s, size_t n)
{
	spin_lock(&console_lock);
	(console ? console : &sbi_console)->write(s, n);
	spin_unlock(&console_lock);
}

void
console_flush(void)
{
	spin_lock(&console_lock);
	if (console)
		console->write_sync("", 0);
	spin_unlock(&console_lock);
}

/* printk formats into this small buffer and hands it on when full. */
struct printk_buf {
	char buf[128];
	size_t len;
	const struct console_ops *con;
	int sync;
};

static void
printk_flush(struct printk_buf *pb)
{
	if (pb->len == 0)
		return;
	if (pb->sync)
		pb->con->write_sync(pb->buf, pb->len);
	else
		pb->con->write(pb->buf, pb->len);
	pb->len = 0;
}

static void
printk_emit(void *ctx, char c)
{
	struct printk_buf *pb = ctx;

	pb->buf[pb->len++] = c;
	if (pb->len == sizeof(pb->buf))
		printk_flush(pb);
}

/* Any context.  Returns the number of characters printed. */
int
vprintk(const char *fmt, va_list ap)
{
	struct printk_buf pb = { .len = 0 };
	int n, locked = !READ_ONCE(panicking);

	if (locked)
		spin_lock(&console_lock);
	pb.con = console ? console : &sbi_console;
	pb.sync = !locked;
	n = kvcbprintf(printk_emit, &pb, fmt, ap);
	printk_flush(&pb);
	if (locked)
		spin_unlock(&console_lock);
	return n;
}

int
printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * A return address points after its call; when the call was a function's
 * last instruction (a call to a noreturn function) that is already the
 * next function, so return addresses are looked up one byte earlier.
 */
static void
print_frame(uint64_t pc, int is_return)
{
	char sym[80];
	uint64_t off;
	const char *name = kallsyms_lookup(pc - (is_return ? 1 : 0), &off);

	if (name)
		ksnprintf(sym, sizeof(sym), "%s+0x%lx", name,
			  (unsigned long)(off + (is_return ? 1 : 0)));
	else
		ksnprintf(sym, sizeof(sym), "?");
	printk("  %016lx %s\n", (unsigned long)pc, sym);
}

static int
is_stack_address(uint64_t fp)
{
	return fp >= PAGE_OFFSET && (fp & 7) == 0;
}

/*
 * Step from the frame of the function at @*pc to its caller's.  GCC's
 * RISC-V frame: s0 points just above the saved {fp, ra} pair, ra at s0-8
 * and the caller's s0 at s0-16.  A leaf function saves only s0, at s0-8;
 * that shows as a non-text value there, and then the return address is
 * still in the trapped ra (@leaf_ra, 0 when unknown).
 */
static int
unwind_step(uint64_t *fp, uint64_t *pc, uint64_t leaf_ra)
{
	const uint64_t *frame = (const uint64_t *)*fp;

	if (!is_stack_address(*fp))
		return 0;
	if (leaf_ra && !is_kernel_text(frame[-1]) &&
	    is_stack_address(frame[-1])) {
		*pc = leaf_ra;
		*fp = frame[-1];
	} else {
		*pc = frame[-1];
		*fp = frame[-2];
	}
	return is_kernel_text(*pc);
}

/*
 * Print the call chain from @pc with frame pointer @fp.  @regs, if not
 * NULL, is the trap frame @pc was interrupted in.  A return address of
 * trap_return means the caller is kernel/trapentry.S, and below it lies
 * the struct pt_regs of an earlier trap: the walk continues in the code
 * that trap interrupted.  Any context.
 */
static void
backtrace_from(uint64_t fp, uint64_t pc, const struct pt_regs *regs)
{
	int is_return = 0; /* pc is exact, not a return address */

	printk("backtrace:\n");
	for (int depth = 0; depth < 32; depth++) {
		print_frame(pc, is_return);
		if (pc == (uint64_t)trap_return && is_stack_address(fp)) {
			regs = (const struct pt_regs *)(fp - PT_SIZE);
			if (!(regs->sstatus & SSTATUS_SPP)) {
				printk("  --- from user mode ---\n");
				break;
			}
			printk("  --- %s ---\n", trap_cause_name(regs->scause));
			pc = regs->sepc;
			fp = regs->s0;
			is_return = 0;
			continue;
		}
		if (!unwind_step(&fp, &pc, regs ? regs->ra : 0))
			break;
		regs = NULL;
		is_return = 1;
	}
}

void
backtrace(uint64_t fp, uint64_t pc)
{
	backtrace_from(fp, pc, NULL);
}

/* Print the caller's chain, starting with dump_stack itself. */
void __noinline
dump_stack(void)
{
	backtrace((uint64_t)__builtin_frame_address(0), (uint64_t)dump_stack);
}

/* Become the one hart that prints; others that panic too just stop. */
static void
panic_begin(void)
{
	local_irq_disable();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_ACQ_REL))
		smp_park_this_hart();
	smp_stop_others();
	printk("\npanic: hart %u: ", this_hart_id());
}

void __noreturn
panic(const char *fmt, ...)
{
	va_list ap;

	panic_begin();
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	dump_stack();
	machine_power_off(POWER_OFF_FAILURE);
}

/* Report a trap the kernel cannot handle, with the trapped registers. */
void __noreturn
panic_regs(const struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;
	char sym[80];

	panic_begin();
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	kallsyms_format(regs->sepc, sym, sizeof(sym));
	printk("\n  scause %016lx\n  sepc   %016lx %s\n  stval  %016lx\n"
	       "  ra     %016lx\n  sp     %016lx\n",
	       (unsigned long)regs->scause, (unsigned long)regs->sepc, sym,
	       (unsigned long)regs->stval, (unsigned long)regs->ra,
	       (unsigned long)regs->sp);
	backtrace_from(regs->s0, regs->sepc, regs);
	machine_power_off(POWER_OFF_FAILURE);
}
