# Sluice build.  `make qemu` boots to the shell, `make test` runs every suite.
#
# Variables a student may set:  CPUS (harts), MEM (RAM), DEBUG=1 (-Og),
# GDBPORT (gdb stub port), CONFIG_DEBUG_CMDS=0 (drop the monitor's fault command),
# BOOTARGS=sluice.monitor (stop at the boot monitor instead of starting init;
# sluice.elevator=noop picks the disk's elevator), DISK (the raw image
# attached as /dev/vda; default build/fs.img, the ext2 root file system).

CPUS    ?= 2
MEM     ?= 128M
DEBUG   ?= 0
GDBPORT ?= $(shell expr 26000 + $$(id -u) % 5000)
CONFIG_DEBUG_CMDS ?= 1
BOOTARGS ?=

BUILD := build
DISK    ?= $(BUILD)/fs.img
FS_IMG  := $(BUILD)/fs.img
FS_ROOT := $(BUILD)/fsroot

# The cross toolchain: the first prefix whose gcc exists (Debian ships the first).
TOOLPREFIX ?= $(firstword $(foreach p,riscv64-unknown-elf- riscv64-linux-gnu- riscv64-elf-,\
		$(if $(shell command -v $(p)gcc 2>/dev/null),$(p))) riscv64-unknown-elf-)
CC      := $(TOOLPREFIX)gcc
OBJDUMP := $(TOOLPREFIX)objdump
NM      := $(TOOLPREFIX)nm
PYTHON  ?= python3

WARNINGS := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -Wvla -Wformat=2 -Wimplicit-fallthrough -fno-common

ifeq ($(DEBUG),1)
OPT := -Og
else
OPT := -O2
endif

# The kernel never touches floating point (sstatus.FS stays Off), so it is
# built for the integer ISA with compressed instructions.
KCFLAGS := -std=gnu11 $(WARNINGS) $(OPT) -g -ffreestanding -nostdlib \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-fno-stack-protector -fno-pie \
	-fno-asynchronous-unwind-tables -MMD -MP -I. -Iinclude \
	-DCONFIG_DEBUG_CMDS=$(CONFIG_DEBUG_CMDS) -DCONFIG_DEBUG=$(DEBUG)
KASFLAGS := $(filter-out -std=gnu11,$(KCFLAGS))
KLDFLAGS := -nostdlib -no-pie -Wl,--build-id=none -Wl,-T,linker.ld \
	-Wl,--no-warn-rwx-segments -march=rv64imac_zicsr_zifencei -mabi=lp64

KSRCS := $(wildcard kernel/*.c kernel/*.S drivers/*.c drivers/*.S fs/*.c)
KOBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(KSRCS)))

.PHONY: all kernel qemu qemu-gdb gdb test bench format format-check check \
	doctor deps clean compile_commands.json

all: kernel $(FS_IMG)

kernel: $(BUILD)/kernel.elf $(BUILD)/kernel.asm

$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KASFLAGS) -c $< -o $@

# Symbol names for backtraces are linked in a second pass: the table lives
# after .text, so adding it cannot move any function (tools/kallsyms.py checks).
$(BUILD)/kernel.pass1.elf: $(KOBJS) $(BUILD)/kallsyms0.o linker.ld
	$(CC) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms0.o

$(BUILD)/kallsyms0.S: tools/kallsyms.py
	@mkdir -p $(BUILD)
	$(PYTHON) tools/kallsyms.py --empty > $@

$(BUILD)/kallsyms.S: $(BUILD)/kernel.pass1.elf tools/kallsyms.py
	$(NM) -n $< | $(PYTHON) tools/kallsyms.py > $@

$(BUILD)/kallsyms.o $(BUILD)/kallsyms0.o: %.o: %.S
	$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KOBJS) $(BUILD)/kallsyms.o $(BUILD)/kernel.pass1.elf
	$(CC) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms.o
	$(NM) -n $@ | $(PYTHON) tools/kallsyms.py --check $(BUILD)/kallsyms.S

$(BUILD)/kernel.asm: $(BUILD)/kernel.elf
	$(OBJDUMP) -S $< > $@

-include $(KOBJS:.o=.d)
-include tests/unit/unit.mk
include user/user.mk

# The user programs, packed for execve until a file system exists:
# /bin holds the commands, /tests the conformance programs, /ktests the
# Sluice-only checks, /bench the benchmarks.
INITRAMFS_DIR := $(BUILD)/initramfs
$(BUILD)/initramfs.cpio: $(USER_BIN_PATHS) $(USER_TEST_PATHS) $(USER_KTEST_PATHS) \
		$(USER_BAD_PATHS) $(USER_BENCH_PATHS) Makefile
	rm -rf $(INITRAMFS_DIR)
	mkdir -p $(INITRAMFS_DIR)/bin $(INITRAMFS_DIR)/tests $(INITRAMFS_DIR)/ktests/bad \
		$(INITRAMFS_DIR)/dev $(INITRAMFS_DIR)/proc $(INITRAMFS_DIR)/tmp \
		$(INITRAMFS_DIR)/bench
	cp $(USER_BIN_PATHS) $(INITRAMFS_DIR)/bin/
	cp $(USER_TEST_PATHS) $(INITRAMFS_DIR)/tests/
	cp $(USER_KTEST_PATHS) $(INITRAMFS_DIR)/ktests/
	cp $(USER_BAD_PATHS) $(INITRAMFS_DIR)/ktests/bad/
	cp $(USER_BENCH_PATHS) $(INITRAMFS_DIR)/bench/
	cd $(INITRAMFS_DIR) && find . -mindepth 1 | LC_ALL=C sort | \
		cpio --quiet -o -H newc --owner=0:0 > ../initramfs.cpio

$(BUILD)/kernel/initramfs.o: $(BUILD)/initramfs.cpio

deps:
	@tools/setup-deps

qemu: deps
	@$(MAKE) --no-print-directory kernel $(DISK)
	$(PYTHON) tools/qemu.py run --kernel $(BUILD)/kernel.elf --cpus $(CPUS) --mem $(MEM) \
		--disk $(DISK) --append "$(BOOTARGS)"

qemu-gdb: deps
	@$(MAKE) --no-print-directory kernel $(DISK)
	$(PYTHON) tools/qemu.py run --kernel $(BUILD)/kernel.elf --cpus $(CPUS) \
		--mem $(MEM) --disk $(DISK) --gdb $(GDBPORT) --gdbinit .gdbinit \
		--append "$(BOOTARGS)"

# The root file system: everything in the initramfs plus /etc, /home and
# /tmp, made by e2fsprogs as a 64 MiB ext2 volume with 4 KiB blocks.
$(FS_IMG): $(BUILD)/initramfs.cpio
	rm -rf $(FS_ROOT)
	cp -a $(INITRAMFS_DIR) $(FS_ROOT)
	mkdir -p $(FS_ROOT)/etc $(FS_ROOT)/home/sluice $(FS_ROOT)/tmp
	printf 'Welcome to Sluice.\n' > $(FS_ROOT)/etc/motd
	printf 'sluice\n' > $(FS_ROOT)/etc/hostname
	printf 'Files here live on ext2 on /dev/vda.\n' > $(FS_ROOT)/home/sluice/README
	rm -f $@
	mke2fs -q -F -t ext2 -b 4096 -L sluice -d $(FS_ROOT) $@ 64M

# gdb-multiarch declines a .gdbinit in the current directory unless told
# the directory is safe; this is the one command students use.
gdb:
	gdb-multiarch -q -iex "set auto-load safe-path ." -x .gdbinit

test: deps
	@$(MAKE) --no-print-directory all unit-build
	$(PYTHON) tests/run.py

bench: deps
	@$(MAKE) --no-print-directory all
	$(PYTHON) tools/bench.py

doctor:
	@tools/doctor

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

compile_commands.json:
	@tools/setup-deps --dev
	bear --output compile_commands.json -- $(MAKE) -B kernel unit-build

# cppcheck reads the same flags the compiler saw.
check: compile_commands.json
	cppcheck --project=compile_commands.json --error-exitcode=1 \
		--library=tools/cppcheck.cfg \
		--enable=warning,performance,portability --inline-suppr \
		--suppress=missingIncludeSystem --suppress=unmatchedSuppression \
		--quiet

clean:
	rm -rf $(BUILD) .gdbinit compile_commands.json
