/*
 * kernel/monitor.c - the boot monitor's commands.
 *
 * Each command is one entry in `commands`; adding one is a function and a
 * line in the table.  The debug commands (fault, lockup) exist to show
 * what a kernel bug looks like; CONFIG_DEBUG_CMDS=0 compiles them away.
 * No locks of its own: it reads counters other harts update, which may be
 * a tick stale.
 */
#include "kernel/monitor.h"

#include "drivers/tty.h"
#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/seqbuf.h"
#include "kernel/riscv.h"
#include "kernel/smp.h"
#include "kernel/softirq.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

#define MAX_ARGS 8

struct monitor_cmd {
	const char *name;
	const char *help;
	void (*run)(int argc, char **argv);
};

static void cmd_help(int argc, char **argv);

static void
print_hart_header(void)
{
	struct hart *h;

	printk("     ");
	for_each_online_hart (h)
		printk("     hart%u", h->id);
	printk("\n");
}

/* The same table as /proc/interrupts (kernel/irq.c). */
static void
cmd_irq(int argc, char **argv)
{
	struct seqbuf sb = { 0 };

	(void)argc;
	(void)argv;
	interrupts_show(&sb);
	if (sb.buf)
		printk("%s", sb.buf);
	seq_free(&sb);
}

static void
cmd_softirq(int argc, char **argv)
{
	struct hart *h;

	(void)argc;
	(void)argv;
	print_hart_header();
	for (int nr = 0; nr < SOFTIRQ_NR; nr++) {
		if (!softirq_name(nr))
			continue;
		printk("%4s:", softirq_name(nr));
		for_each_online_hart (h)
			printk(" %10lu",
			       (unsigned long)softirq_count(nr, h->id));
		printk("\n");
	}
}

static void
cmd_ticks(int argc, char **argv)
{
	struct hart *h;

	(void)argc;
	(void)argv;
	for_each_online_hart (h)
		printk("hart %u: %lu ticks\n", h->id,
		       (unsigned long)READ_ONCE(h->ticks));
}

static void
cmd_mem(int argc, char **argv)
{
	struct mm_stats st;
	uint64_t kernel = (uint64_t)(_kernel_end - _kernel_start);
	uint64_t total;

	(void)argc;
	(void)argv;
	mm_get_stats(&st);
	total = st.total_pages * PAGE_SIZE + kernel;
	printk("mem: total %lu KiB, free %lu KiB, kernel %lu KiB, kmalloc %lu "
	       "KiB\n",
	       (unsigned long)(total >> 10),
	       (unsigned long)(st.free_pages * PAGE_SIZE >> 10),
	       (unsigned long)(kernel >> 10),
	       (unsigned long)((st.kmalloc_bytes + 1023) >> 10));
}

static void
cmd_halt(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("sluice: halting\n");
	console_flush();
	machine_power_off(POWER_OFF_SUCCESS);
}

#if CONFIG_DEBUG_CMDS
/* Read through a pointer the compiler cannot see is bad. */
static volatile uintptr_t fault_address = 8;

/* A NULL-pointer dereference: the decoded panic is the lesson. */
static void __noinline
monitor_fault(int argc, char **argv)
{
	volatile uint64_t *bad = (volatile uint64_t *)fault_address;

	(void)argc;
	(void)argv;
	printk("fault: loading from %p\n", (void *)bad);
	printk("never printed: %lu\n", (unsigned long)*bad);
}

static struct spinlock lockup_lock = SPINLOCK_INIT("lockup");

static void
lockup_victim(void *arg)
{
	(void)arg;
	spin_lock(&lockup_lock); /* spins until the detector fires */
	spin_unlock(&lockup_lock);
}

/* Hold a lock forever while another hart waits for it. */
static void __noinline
monitor_lockup(int argc, char **argv)
{
	struct hart *h, *victim = NULL;

	(void)argc;
	(void)argv;
	for_each_online_hart (h)
		if (h != this_hart() && !victim)
			victim = h;
	if (!victim) {
		printk("lockup: needs a second hart (CPUS=2 or more)\n");
		return;
	}
	printk("lockup: hart %u holds 'lockup' forever; hart %u will wait "
	       "%d ms for it\n",
	       this_hart_id(), victim->id, SPIN_TIMEOUT_MS);
	console_flush();
	spin_lock(&lockup_lock);
	smp_call(victim->id, lockup_victim, NULL);
	for (;;)
		cpu_relax();
}
#endif

static const struct monitor_cmd commands[] = {
	{ "help", "list the commands", cmd_help },
	{ "irq", "interrupt counts per hart and line", cmd_irq },
	{ "softirq", "bottom-half runs per hart", cmd_softirq },
	{ "ticks", "timer ticks per hart", cmd_ticks },
	{ "mem", "memory use", cmd_mem },
	{ "halt", "power off (QEMU exits 0)", cmd_halt },
#if CONFIG_DEBUG_CMDS
	{ "fault", "debug: dereference a bad pointer in the kernel",
	  monitor_fault },
	{ "lockup", "debug: deadlock two harts on a spinlock", monitor_lockup },
#endif
};

static void
cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printk("  %-8s %s\n", commands[i].name, commands[i].help);
}

/* Split @line in place at spaces; returns the number of words. */
static int
split_words(char *line, char **argv)
{
	int argc = 0;

	while (*line && argc < MAX_ARGS) {
		while (*line == ' ')
			*line++ = '\0';
		if (!*line)
			break;
		argv[argc++] = line;
		while (*line && *line != ' ')
			line++;
	}
	return argc;
}

static void
run_line(char *line)
{
	char *argv[MAX_ARGS];
	int argc = split_words(line, argv);

	if (argc == 0)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[0], commands[i].name) == 0) {
			commands[i].run(argc, argv);
			return;
		}
	}
	printk("unknown command '%s' (try 'help')\n", argv[0]);
}

void __noreturn
monitor_run(void)
{
	char line[256];

	for (;;) {
		printk("sluice> ");
		tty_read_line(line, sizeof(line));
		run_line(line);
	}
}
