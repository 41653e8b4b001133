# tests/unit/unit.mk - host unit tests for the kernel's pure modules.
#
# Included by the top Makefile (which sets BUILD); also usable alone:
#     make -f tests/unit/unit.mk unit-build
#     for t in $(make -s -f tests/unit/unit.mk unit-list); ...   (one per line)
#
# Each test is one program, tests/unit/test_<name>.c, linked with the kernel
# sources it exercises and built with ASan and UBSan.  Exit status: 0 pass,
# 1 fail, 77 skip.  test_fdt reads device tree blobs that QEMU dumps for
# -smp 1 and 4.  test_elf reads tiny static riscv64 programs linked here from
# tests/unit/data/ with the cross compiler, plus what readelf says of them;
# test_cpio reads newc archives that cpio(1) packs from a tree staged here.
# test_ext2 runs fs/ext2.c on volumes mke2fs makes here and has e2fsck
# and debugfs check what it wrote.

BUILD ?= build
HOSTCC ?= cc
UNIT_QEMU ?= qemu-system-riscv64
# The top Makefile's TOOLPREFIX if set (it probes for a cross gcc).
UNIT_CROSS ?= $(or $(TOOLPREFIX),riscv64-unknown-elf-)
UNIT_CPIO ?= cpio

# This fragment must not pick the default goal of the file including it.
UNIT_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

UNIT_DIR := $(BUILD)/unit

UNIT_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wstrict-prototypes \
	-Wmissing-prototypes -Wshadow -Wundef -Wvla -Wformat=2 \
	-Wimplicit-fallthrough -fno-common \
	-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I. -Iinclude

UNIT_TESTS := printf ringbuf fdt page_alloc kmalloc elf cpio vma virtqueue elevator
UNIT_TESTS += ext2

# The kernel sources (and so headers) each test links.
UNIT_SRCS_printf     := kernel/printf.c
UNIT_SRCS_ringbuf    := kernel/ringbuf.c
UNIT_SRCS_fdt        := kernel/fdt.c
UNIT_SRCS_page_alloc := kernel/page_alloc.c
UNIT_SRCS_kmalloc    := kernel/kmalloc.c kernel/page_alloc.c
UNIT_SRCS_elf        := kernel/elf.c
UNIT_SRCS_cpio       := kernel/cpio.c
UNIT_SRCS_vma        := kernel/vma.c
UNIT_SRCS_elevator   := drivers/elevator.c
UNIT_SRCS_virtqueue  := drivers/virtqueue.c
UNIT_SRCS_ext2       := fs/ext2.c

UNIT_SMP  := 1 4
UNIT_DTBS := $(foreach n,$(UNIT_SMP),$(UNIT_DIR)/virt-smp$(n).dtb)

# Static riscv64 programs for test_elf (soft and double float ABI), each
# followed by its `readelf -hlW` listing.
UNIT_ELFS := $(UNIT_DIR)/hello-rv64.elf $(UNIT_DIR)/hello-rv64d.elf
UNIT_ELF_DATA := $(foreach e,$(UNIT_ELFS),$(e) $(e:.elf=.readelf))

# The tree test_cpio compares archives with, and the archives: names as
# "bin/sh" (how an initramfs is usually packed) and as "./bin/sh".
UNIT_CPIO_SRC := $(UNIT_DIR)/cpio-src
UNIT_CPIOS := $(UNIT_DIR)/test.cpio $(UNIT_DIR)/test-dot.cpio

# ext2 volumes for test_ext2, made by mke2fs: empty ones with 1 KiB and
# 4 KiB blocks (four groups each), one holding a staged tree (-d) whose
# big directory e2fsck -D then indexes, and three to refuse or mount
# read-only (extents, ext4, huge_file).
UNIT_MKE2FS ?= mke2fs
UNIT_E2FSCK ?= e2fsck
UNIT_DEBUGFS ?= debugfs
UNIT_EXT2_SRC := $(UNIT_DIR)/ext2-src
UNIT_EXT2_IMGS := $(foreach i,1k 4k tree extent ext4 hugefile,$(UNIT_DIR)/ext2-$(i).img)

# Extra command-line arguments per test.
UNIT_ARGS_fdt := $(UNIT_DTBS)
UNIT_ARGS_elf := $(UNIT_ELF_DATA)
UNIT_ARGS_cpio := $(UNIT_CPIO_SRC) $(UNIT_CPIOS)
UNIT_ARGS_ext2 := $(UNIT_EXT2_SRC) $(UNIT_EXT2_IMGS)

UNIT_BINS := $(foreach t,$(UNIT_TESTS),$(UNIT_DIR)/test_$(t))

.PHONY: unit-build unit-list unit-clean

unit-build: $(UNIT_BINS) $(UNIT_DTBS) $(UNIT_ELF_DATA) $(UNIT_CPIOS)

define UNIT_TEST_RULE
$(UNIT_DIR)/test_$(1): tests/unit/test_$(1).c tests/unit/unit.h \
		$(UNIT_SRCS_$(1)) $(UNIT_SRCS_$(1):.c=.h) tests/unit/unit.mk
	@mkdir -p $$(@D)
	$$(HOSTCC) $$(UNIT_CFLAGS) -o $$@ tests/unit/test_$(1).c $(UNIT_SRCS_$(1))
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call UNIT_TEST_RULE,$(t))))

# QEMU's virt machine writes its generated device tree and exits.
$(UNIT_DIR)/virt-smp%.dtb:
	@mkdir -p $(@D)
	$(UNIT_QEMU) -machine virt,dumpdtb=$@ -smp $* -m 128M -display none

# riscv64 test programs: no C library, entry _start, like the static
# programs execve loads; the lp64d one differs only in its e_flags.
UNIT_RV_LDFLAGS := -nostdlib -static -Wl,-e,_start

$(UNIT_DIR)/hello-rv64.elf: tests/unit/data/hello-rv64.S tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_CROSS)gcc $(UNIT_RV_LDFLAGS) -march=rv64imac -mabi=lp64 -o $@ $<

$(UNIT_DIR)/hello-rv64d.elf: tests/unit/data/hello-rv64.S tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_CROSS)gcc $(UNIT_RV_LDFLAGS) -march=rv64imafdc -mabi=lp64d -o $@ $<

$(UNIT_DIR)/%.readelf: $(UNIT_DIR)/%.elf
	$(UNIT_CROSS)readelf -hlW $< > $@.tmp && mv $@.tmp $@

# The staged tree: an empty file, sizes that are and are not multiples of
# 4, nested directories, a symlink.  Modes are set, not left to the umask.
$(UNIT_DIR)/cpio-src.stamp: tests/unit/unit.mk
	rm -rf $(UNIT_CPIO_SRC)
	mkdir -p $(UNIT_CPIO_SRC)/bin $(UNIT_CPIO_SRC)/etc/deep/er
	printf 'hello, sluice\n' > $(UNIT_CPIO_SRC)/hello.txt
	: > $(UNIT_CPIO_SRC)/empty
	printf 'abcd' > $(UNIT_CPIO_SRC)/etc/four
	printf '#!/bin/sh\necho hi\n' > $(UNIT_CPIO_SRC)/bin/sh
	seq 1 1000 > $(UNIT_CPIO_SRC)/etc/deep/er/numbers.txt
	ln -s ../hello.txt $(UNIT_CPIO_SRC)/bin/hello-link
	find $(UNIT_CPIO_SRC) -type d -exec chmod 755 {} +
	find $(UNIT_CPIO_SRC) -type f -exec chmod 644 {} +
	chmod 755 $(UNIT_CPIO_SRC)/bin/sh
	touch $@

$(UNIT_DIR)/test.cpio: $(UNIT_DIR)/cpio-src.stamp
	cd $(UNIT_CPIO_SRC) && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | \
		$(UNIT_CPIO) -o -H newc --quiet > $(abspath $@).tmp
	mv $@.tmp $@

$(UNIT_DIR)/test-dot.cpio: $(UNIT_DIR)/cpio-src.stamp
	cd $(UNIT_CPIO_SRC) && find . | LC_ALL=C sort | \
		$(UNIT_CPIO) -o -H newc --quiet > $(abspath $@).tmp
	mv $@.tmp $@

unit-build: $(UNIT_EXT2_IMGS)

# The staged tree: sizes that need the single and double indirect blocks
# of 1 KiB blocks, a sparse file, fast and slow symlinks, a FIFO and a
# directory of 120 entries spanning several blocks.
$(UNIT_DIR)/ext2-src.stamp: tests/unit/unit.mk
	rm -rf $(UNIT_EXT2_SRC)
	mkdir -p $(UNIT_EXT2_SRC)/a/b/c $(UNIT_EXT2_SRC)/many
	printf 'hello, ext2\n' > $(UNIT_EXT2_SRC)/hello.txt
	: > $(UNIT_EXT2_SRC)/empty
	printf 'deep down\n' > $(UNIT_EXT2_SRC)/a/b/c/deep.txt
	truncate -s 307200 $(UNIT_EXT2_SRC)/sparse
	printf 'middle' | dd of=$(UNIT_EXT2_SRC)/sparse bs=1 seek=153600 \
		conv=notrunc status=none
	printf 'tail' | dd of=$(UNIT_EXT2_SRC)/sparse bs=1 seek=307196 \
		conv=notrunc status=none
	seq 1 200000 > $(UNIT_EXT2_SRC)/big
	ln -s hello.txt $(UNIT_EXT2_SRC)/link-short
	ln -s $$(printf 'long/%.0s' $$(seq 1 30))end $(UNIT_EXT2_SRC)/link-long
	for i in $$(seq 1 120); do \
		echo $$i > $(UNIT_EXT2_SRC)/many/file-with-a-longish-name-$$i; \
	done
	mkfifo $(UNIT_EXT2_SRC)/fifo
	find $(UNIT_EXT2_SRC) -type d -exec chmod 755 {} +
	find $(UNIT_EXT2_SRC) -type f -exec chmod 644 {} +
	seq 1 100 > $(UNIT_EXT2_SRC).xattr
	touch $@

UNIT_MKEXT2 = rm -f $@ && $(UNIT_MKE2FS) -q -F

$(UNIT_DIR)/ext2-1k.img: tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_MKEXT2) -t ext2 -b 1024 -g 1024 -N 512 $@ 4096

$(UNIT_DIR)/ext2-4k.img: tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_MKEXT2) -t ext2 -b 4096 -g 1024 -N 512 $@ 4096

# e2fsck -D exits 1 when it changed something.  Two files get an
# extended attribute too big for the inode, so it takes a block.
$(UNIT_DIR)/ext2-tree.img: $(UNIT_DIR)/ext2-src.stamp
	$(UNIT_MKEXT2) -t ext2 -b 1024 -N 256 -d $(UNIT_EXT2_SRC) $@ 8192
	$(UNIT_E2FSCK) -fyD $@ > /dev/null || [ $$? -le 1 ]
	for f in /empty /a/b/c/deep.txt; do \
		$(UNIT_DEBUGFS) -w -R "ea_set -f $(UNIT_EXT2_SRC).xattr $$f user.big" \
			$@ 2> /dev/null || exit 1; \
	done

$(UNIT_DIR)/ext2-extent.img: tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_MKEXT2) -t ext2 -O extent $@ 1024

$(UNIT_DIR)/ext2-ext4.img: tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_MKEXT2) -t ext4 -O ^has_journal $@ 4096

$(UNIT_DIR)/ext2-hugefile.img: tests/unit/unit.mk
	@mkdir -p $(@D)
	$(UNIT_MKEXT2) -t ext2 -O huge_file $@ 1024

# One shell command per line, nothing else (the harness runs each).
unit-list:
	@$(foreach t,$(UNIT_TESTS),echo '$(strip $(UNIT_DIR)/test_$(t) $(UNIT_ARGS_$(t)))';)

unit-clean:
	rm -rf $(UNIT_DIR)

.DEFAULT_GOAL := $(UNIT_SAVED_DEFAULT_GOAL)
