# tests/unit/unit.mk - host unit tests for the kernel's pure modules.
#
# Included by the top Makefile (which sets BUILD); also usable alone:
#     make -f tests/unit/unit.mk unit-build
#     for t in $(make -s -f tests/unit/unit.mk unit-list); ...   (one per line)
#
# Each test is one program, tests/unit/test_<name>.c, linked with the kernel
# sources it exercises and built with ASan and UBSan.  Exit status: 0 pass,
# 1 fail, 77 skip.  test_fdt reads device tree blobs that QEMU dumps for
# -smp 1 and 4.

BUILD ?= build
HOSTCC ?= cc
UNIT_QEMU ?= qemu-system-riscv64

# This fragment must not pick the default goal of the file including it.
UNIT_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

UNIT_DIR := $(BUILD)/unit

UNIT_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wstrict-prototypes \
	-Wmissing-prototypes -Wshadow -Wundef -Wvla -Wformat=2 \
	-Wimplicit-fallthrough -fno-common \
	-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I. -Iinclude

UNIT_TESTS := printf ringbuf fdt page_alloc kmalloc

# The kernel sources (and so headers) each test links.
UNIT_SRCS_printf     := kernel/printf.c
UNIT_SRCS_ringbuf    := kernel/ringbuf.c
UNIT_SRCS_fdt        := kernel/fdt.c
UNIT_SRCS_page_alloc := kernel/page_alloc.c
UNIT_SRCS_kmalloc    := kernel/kmalloc.c kernel/page_alloc.c

UNIT_SMP  := 1 4
UNIT_DTBS := $(foreach n,$(UNIT_SMP),$(UNIT_DIR)/virt-smp$(n).dtb)

# Extra command-line arguments per test.
UNIT_ARGS_fdt := $(UNIT_DTBS)

UNIT_BINS := $(foreach t,$(UNIT_TESTS),$(UNIT_DIR)/test_$(t))

.PHONY: unit-build unit-list unit-clean

unit-build: $(UNIT_BINS) $(UNIT_DTBS)

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

# One shell command per line, nothing else (the harness runs each).
unit-list:
	@$(foreach t,$(UNIT_TESTS),echo '$(strip $(UNIT_DIR)/test_$(t) $(UNIT_ARGS_$(t)))';)

unit-clean:
	rm -rf $(UNIT_DIR)

.DEFAULT_GOAL := $(UNIT_SAVED_DEFAULT_GOAL)
