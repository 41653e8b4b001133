# user/user.mk - Sluice's user programs: the C library glue, the programs
# in /bin, and the conformance tests.
#
# Included by the top Makefile (which sets BUILD); also usable alone:
#     make -f user/user.mk BUILD=build user
#     make -s -f user/user.mk user-list-tests        (one name per line)
#
# Produces
#     $(BUILD)/user/lib/libsluice.a     crt0, start-up, syscalls, stdio glue
#     $(BUILD)/user/bin/<prog>          init sh echo cat ls ... (every
#                                       user/bin/<prog>.c and user/bin/<prog>/)
#     $(BUILD)/user/tests/<test>        conformance tests (user/tests/*.c)
#     $(BUILD)/user/tests/<helper>      programs the tests exec
#                                       (user/tests/helpers/*.c)
# Every program is a static riscv64 Linux ELF linked by user/lib/user.ld and
# runs unchanged on Sluice and under qemu-riscv64.  A program is either
# user/bin/<prog>.c or the files user/bin/<prog>/*.c.

BUILD ?= build
UCC ?= riscv64-unknown-elf-gcc
UAR ?= $(patsubst %gcc,%ar,$(UCC))

# This fragment must not pick the default goal of the file including it.
USER_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

USER_DIR := $(BUILD)/user
USER_OBJ := $(USER_DIR)/obj

USER_WARNINGS := -Wall -Wextra -Werror -Wstrict-prototypes \
	-Wmissing-prototypes -Wshadow -Wundef -Wvla -Wformat=2 \
	-Wimplicit-fallthrough -fno-common

# rv64gc with the double-float ABI: picolibc's rv64imafdc/lp64d multilib.
USER_ARCH := -march=rv64imafdc -mabi=lp64d

USER_CFLAGS := -std=gnu11 $(USER_WARNINGS) -O2 -g --specs=picolibc.specs \
	$(USER_ARCH) -mcmodel=medany -fno-pie -fno-stack-protector \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-Iinclude -Iuser/lib -MMD -MP
USER_ASFLAGS := $(filter-out -std=gnu11,$(USER_CFLAGS))

# picolibc.specs adds -lc and --gc-sections; the whole libsluice.a goes in
# so its read/write/sbrk/stdout are the ones picolibc's objects bind to.
USER_LDFLAGS := --specs=picolibc.specs $(USER_ARCH) -static -no-pie \
	-nostartfiles -T user/lib/user.ld -Wl,--build-id=none

USER_LIB_SRCS := $(wildcard user/lib/*.c user/lib/*.S)
USER_LIB_OBJS := $(patsubst user/%,$(USER_OBJ)/%.o,$(basename $(USER_LIB_SRCS)))
USER_LIB := $(USER_DIR)/lib/libsluice.a

# Every user/bin/<prog>.c and every directory user/bin/<prog>/ of .c files.
USER_BINS := $(sort $(basename $(notdir $(wildcard user/bin/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard user/bin/*/*.c)))))
USER_TESTS := $(sort $(basename $(notdir $(wildcard user/tests/*.c))))
USER_HELPERS := $(sort $(basename $(notdir $(wildcard user/tests/helpers/*.c))))

# Shared by every test (and helper): the result-printing helpers.
USER_TEST_LIB_SRCS := $(wildcard user/tests/lib/*.c)
USER_TEST_LIB_OBJS := $(patsubst user/%,$(USER_OBJ)/%.o,$(basename $(USER_TEST_LIB_SRCS)))

USER_BIN_PATHS := $(addprefix $(USER_DIR)/bin/,$(USER_BINS))
USER_TEST_PATHS := $(addprefix $(USER_DIR)/tests/,$(USER_TESTS) $(USER_HELPERS))

# Sluice-only checks (fork bombs, reparenting to init, bad executables):
# run on Sluice by tests/qemu, never on the host.
USER_KTESTS := $(sort $(basename $(notdir $(wildcard user/ktests/*.c))))
USER_KTEST_PATHS := $(addprefix $(USER_DIR)/ktests/,$(USER_KTESTS))
USER_BENCH := $(sort $(basename $(notdir $(wildcard user/bench/*.c))))
USER_BENCH_PATHS := $(addprefix $(USER_DIR)/bench/,$(USER_BENCH))
USER_BAD_DIR := $(USER_DIR)/ktests/bad
USER_BAD_PATHS := $(addprefix $(USER_BAD_DIR)/,truncated rv32 x86 kernelhalf text)

.PHONY: user user-lib user-list-tests user-list-helpers user-clean

user: $(USER_LIB) $(USER_BIN_PATHS) $(USER_TEST_PATHS) $(USER_KTEST_PATHS) \
	$(USER_BAD_PATHS) $(USER_BENCH_PATHS)

user-lib: $(USER_LIB)

# Tests and their helpers also see user/tests/lib/check.h.
$(USER_OBJ)/tests/%.o: USER_TEST_INCLUDES := -Iuser/tests/lib

$(USER_OBJ)/%.o: user/%.c user/user.mk
	@mkdir -p $(@D)
	$(UCC) $(USER_CFLAGS) $(USER_TEST_INCLUDES) -c $< -o $@

$(USER_OBJ)/%.o: user/%.S user/user.mk
	@mkdir -p $(@D)
	$(UCC) $(USER_ASFLAGS) -c $< -o $@

$(USER_LIB): $(USER_LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(UAR) rcs $@ $^

# user_link(output, objects)
define user_link
	@mkdir -p $(dir $(1))
	$(UCC) $(USER_LDFLAGS) -o $(1) $(2) \
		-Wl,--whole-archive $(USER_LIB) -Wl,--no-whole-archive
endef

define USER_BIN_RULE
USER_OBJS_$(1) := $$(patsubst user/%,$$(USER_OBJ)/%.o,$$(basename \
	$$(wildcard user/bin/$(1).c user/bin/$(1)/*.c)))
$$(USER_DIR)/bin/$(1): $$(USER_OBJS_$(1)) $$(USER_LIB) user/lib/user.ld
	$$(call user_link,$$@,$$(USER_OBJS_$(1)))
endef
$(foreach p,$(USER_BINS),$(eval $(call USER_BIN_RULE,$(p))))

$(USER_DIR)/tests/%: $(USER_OBJ)/tests/%.o $(USER_TEST_LIB_OBJS) $(USER_LIB) \
		user/lib/user.ld
	$(call user_link,$@,$< $(USER_TEST_LIB_OBJS))

$(USER_DIR)/tests/%: $(USER_OBJ)/tests/helpers/%.o $(USER_TEST_LIB_OBJS) \
		$(USER_LIB) user/lib/user.ld
	$(call user_link,$@,$< $(USER_TEST_LIB_OBJS))

$(USER_DIR)/ktests/%: $(USER_OBJ)/ktests/%.o $(USER_LIB) user/lib/user.ld
	$(call user_link,$@,$<)

$(USER_DIR)/bench/%: $(USER_OBJ)/bench/%.o $(USER_LIB) user/lib/user.ld
	$(call user_link,$@,$<)

# Malformed executables for user/ktests/badexec.c.
$(USER_BAD_DIR)/truncated: $(USER_DIR)/bin/true
	@mkdir -p $(dir $@)
	head -c 100 $< > $@
	chmod +x $@
$(USER_BAD_DIR)/rv32: user/ktests/data/tiny.S
	@mkdir -p $(dir $@)
	$(UCC) -march=rv32imac -mabi=ilp32 -nostdlib -static -o $@ $<
$(USER_BAD_DIR)/x86: $(USER_DIR)/bin/true
	@mkdir -p $(dir $@)
	cp $< $@.tmp
	printf '\076\000' | dd of=$@.tmp bs=1 seek=18 conv=notrunc status=none
	mv $@.tmp $@
$(USER_BAD_DIR)/kernelhalf: user/ktests/data/tiny.S
	@mkdir -p $(dir $@)
	$(UCC) -march=rv64imac -mabi=lp64 -nostdlib -static \
		-Wl,-Ttext=0xffffffc000001000 -o $@ $<
$(USER_BAD_DIR)/text:
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\necho not an ELF\n' > $@
	chmod +x $@

# One conformance test name per line, nothing else (runners read it).
user-list-tests:
	@$(foreach t,$(USER_TESTS),echo '$(t)';)

# Programs the tests exec; install them next to the tests.
user-list-helpers:
	@$(foreach t,$(USER_HELPERS),echo '$(t)';)

user-clean:
	rm -rf $(USER_DIR)

-include $(shell find $(USER_OBJ) -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(USER_SAVED_DEFAULT_GOAL)
