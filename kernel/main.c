/*
 * kernel/main.c - boot: from OpenSBI's jump to the monitor prompt.
 *
 * kmain() runs on the boot hart alone until smp_boot_secondaries(); the
 * other harts enter secondary_main().  `platform` is [I] once kmain has
 * parsed the device tree.
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "drivers/blk.h"
#include "drivers/console.h"
#include "drivers/plic.h"
#include "drivers/rtc.h"
#include "drivers/tty.h"
#include "drivers/uart.h"
#include "drivers/virtio.h"
#include "kernel/fdt.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/exec.h"
#include "kernel/hart.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/monitor.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/riscv.h"
#include "kernel/sched.h"
#include "kernel/selftest.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/vm.h"

#define FDT_MAX_SIZE (64 * 1024)

struct platform platform;
static uint8_t fdt_copy[FDT_MAX_SIZE] __aligned(8);

void kmain(uint64_t hartid, uint64_t fdt_pa);
void secondary_main(uint64_t hartid);

/*
 * Keep our own copy of the device tree: OpenSBI left it somewhere in RAM
 * that the page allocator is about to hand out.
 */
static void
read_device_tree(uint64_t fdt_pa)
{
	const void *fdt = phys_to_virt(fdt_pa);
	int err = fdt_check(fdt, FDT_MAX_SIZE);

	if (err == 0) {
		memcpy(fdt_copy, fdt, fdt_totalsize(fdt));
		err = fdt_parse_platform(fdt_copy, sizeof(fdt_copy), &platform);
	}
	if (err)
		panic("boot: device tree at %lx is unusable: %s",
		      (unsigned long)fdt_pa, fdt_strerror(err));
}

/*
 * Find @key in the boot arguments (QEMU -append) as a whole word, or as
 * "key=value"; returns the start of the word or NULL, and the length of
 * the value in *vlen (0 if none).
 */
static const char *
bootarg_find(const char *key, size_t *vlen)
{
	int len, node = fdt_path_offset(fdt_copy, "/chosen");
	const char *args =
	    node < 0 ? NULL : fdt_getprop(fdt_copy, node, "bootargs", &len);
	size_t n = strlen(key);

	for (int i = 0; args && i + (int)n <= len; i++) {
		const char *w = args + i, *end = w + n;

		if ((i > 0 && args[i - 1] != ' ') || strncmp(w, key, n) != 0)
			continue;
		*vlen = 0;
		if (*end == '=')
			while (end[1 + *vlen] && end[1 + *vlen] != ' ')
				(*vlen)++;
		else if (*end != ' ' && *end != '\0')
			continue;
		return w;
	}
	return NULL;
}

/* True if the boot arguments contain @word. */
static bool
bootarg_present(const char *word)
{
	size_t vlen;

	return bootarg_find(word, &vlen) != NULL;
}

/* The value of "@key=value" copied into @buf, or NULL. */
static const char *
bootarg_value(const char *key, char *buf, size_t size)
{
	size_t vlen;
	const char *w = bootarg_find(key, &vlen);

	if (!w || vlen == 0 || vlen >= size)
		return NULL;
	memcpy(buf, w + strlen(key) + 1, vlen);
	buf[vlen] = '\0';
	return buf;
}

/*
 * The root file system: ext2 on the first disk when it holds one, else
 * (no disk, or not ext2: the reason is printed) the initramfs.
 */
static struct super_block *
mount_root(void)
{
	struct block_device *disk = blk_next(NULL);
	struct super_block *sb = NULL;
	int err;

	if (disk && !bootarg_present("sluice.initramfs")) {
		sb = ext2_mount_bdev(disk, &err);
		if (sb)
			printk("sluice: root is ext2 on /dev/%s%s\n",
			       disk->name, sb->s_rdonly ? " (read-only)" : "");
		else
			printk("sluice: /dev/%s is not a usable ext2 volume "
			       "(%d); root is the initramfs\n",
			       disk->name, err);
	}
	return sb ? sb : initramfs_mount();
}

/*
 * The file systems: the root, devfs on /dev and procfs on /proc; pid 1
 * starts in the root.
 */
static void
mount_filesystems(struct task *t)
{
	struct super_block *root = mount_root(), *dev, *proc;

	if (!root || vfs_mount(root, NULL))
		panic("boot: cannot mount a root file system");
	dev = devfs_mount();
	if (!dev || vfs_mount(dev, "/dev"))
		printk("sluice: cannot mount devfs on /dev\n");
	proc = procfs_mount();
	if (!proc || vfs_mount(proc, "/proc"))
		printk("sluice: cannot mount procfs on /proc\n");
	t->cwd = vfs_root();
	t->cwd_path = kmalloc(2);
	if (t->cwd_path)
		strlcpy(t->cwd_path, "/", 2);
}

/*
 * pid 1 starts as a kernel thread: it opens the console as fds 0, 1 and
 * 2, becomes /bin/init by exec, and leaves for user mode.
 */
static void
init_task(void *arg)
{
	static const char *const argv[] = { "init", NULL };
	static const char *const envp[] = { "PATH=/bin", "HOME=/", NULL };
	struct task *t = current_task();
	struct file *con = console_open(O_RDWR);
	int err = -ENOMEM;

	(void)arg;
	mount_filesystems(t);
	if (bootarg_present("sluice.selftest"))
		kernel_selftest();
	t->files = files_alloc();
	if (con && t->files && fd_install(t->files, con, 0, false) == 0 &&
	    fd_dup3(t->files, 0, 1, false) == 1 &&
	    fd_dup3(t->files, 0, 2, false) == 2)
		err = kernel_execve("/bin/init", argv, envp);
	if (err) {
		printk("sluice: cannot run /bin/init (error %d); "
		       "starting the boot monitor\n",
		       err);
		monitor_run();
	}
	return_to_user();
}

/* The last steps of bringing a hart up, the same on every hart. */
static void
hart_go_online(void)
{
	struct hart *h = this_hart();

	sched_init_hart();
	plic_init_hart();
	timer_init_hart();
	csr_set(sie, SIE_SSIE);
	/* Announce before publishing: the boot hart's summary comes after. */
	printk("hart %u online\n", h->id);
	__atomic_store_n(&h->online, true, __ATOMIC_RELEASE);
	local_irq_enable();
}

void
kmain(uint64_t hartid, uint64_t fdt_pa)
{
	static char elevator[16];
	int err;

	hart_setup((uint32_t)hartid);
	boot_hart_id = (uint32_t)hartid;
	trap_init_hart();
	read_device_tree(fdt_pa);
	uart_early_init(platform.uart_base, platform.uart_clock_hz);
	time_init(platform.timebase_hz);
	power_init(platform.test_base);
	rtc_init(platform.rtc_base);
	printk("\nSluice booting on hart %u: %d harts, %lu MiB RAM\n",
	       (unsigned)hartid, platform.nharts,
	       (unsigned long)(platform.mem_size >> 20));

	mm_init(virt_to_phys(_kernel_end),
		platform.mem_base + platform.mem_size);
	vm_init(&platform);
	plic_init(platform.plic_base, platform.plic_ndev,
		  platform.plic_s_context);
	proc_init();
	tty_init();
	err = uart_init((int)platform.uart_irq);
	if (err)
		panic("boot: uart interrupt %u unavailable (%d)",
		      platform.uart_irq, err);
	if (bootarg_value("sluice.elevator", elevator, sizeof(elevator))) {
		if (elevator_find(elevator))
			blk_default_elevator = elevator;
		else
			printk("sluice: unknown elevator '%s', using %s\n",
			       elevator, blk_default_elevator);
	}
	virtio_mmio_probe(&platform);
	hart_go_online();

	smp_boot_secondaries(platform.hart_ids, platform.nharts,
			     bootarg_present("sluice.late_hart"));
	if (harts_online() == platform.nharts)
		printk("sluice: all %d harts online\n", platform.nharts);
	else
		printk("sluice: only %d of %d harts online\n", harts_online(),
		       platform.nharts);
	if (bootarg_present("sluice.monitor"))
		monitor_run();
	err = kthread_start(init_task, NULL, "init");
	if (err != 1)
		panic("boot: could not start init (%d)", err);
	sched_idle();
}

/* Entered from kernel/entry.S on the early page table, interrupts off. */
void
secondary_main(uint64_t hartid)
{
	hart_setup((uint32_t)hartid);
	vm_init_hart();
	trap_init_hart();
	hart_go_online();
	/* Idle sleeps in wfi: a spinning hart steals host CPU. */
	sched_idle();
}
