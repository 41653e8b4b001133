#!/usr/bin/env python3
"""Check the layout of every Sluice user program (what the ELF loader of
the kernel may rely on; see user/lib/user.ld).

For each file in build/user/bin and build/user/tests:
  - a 64-bit little-endian RISC-V ELF, ET_EXEC (static, not PIE), no
    PT_INTERP, no PT_DYNAMIC;
  - its PT_LOAD segments page-aligned (p_vaddr == p_offset mod 4096), the
    first one R-X at 0x10000 holding the ELF and program headers, the
    others RW-, none both writable and executable;
  - the entry point inside the R-X segment.

    python3 tests/linux-diff/check_elf.py [FILE...]

Exit status 0 if every file passes, 1 otherwise.
"""

import glob
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build", "user")

PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
PF_X, PF_W, PF_R = 1, 2, 4
EM_RISCV, ET_EXEC = 243, 2
TEXT_BASE = 0x10000
PAGE = 4096


def segments(data):
    """(e_type, e_machine, e_entry, [(type, flags, offset, vaddr, filesz,
    memsz)]) of an ELF64 little-endian image."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF")
    e_type, e_machine, _, e_entry, e_phoff = struct.unpack_from(
        "<HHIQQ", data, 16)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 54)
    phdrs = []
    for i in range(e_phnum):
        p_type, p_flags, p_offset, p_vaddr, _, p_filesz, p_memsz, _ = \
            struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        phdrs.append((p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz))
    return e_type, e_machine, e_entry, phdrs


def problems(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        e_type, machine, entry, phdrs = segments(data)
    except (ValueError, struct.error) as e:
        return [str(e)]
    bad = []
    if machine != EM_RISCV or e_type != ET_EXEC:
        bad.append("not a RISC-V ET_EXEC file")
    if any(p[0] in (PT_INTERP, PT_DYNAMIC) for p in phdrs):
        bad.append("dynamic (PT_INTERP or PT_DYNAMIC)")
    loads = [p for p in phdrs if p[0] == PT_LOAD]
    if not loads:
        return bad + ["no PT_LOAD segment"]
    text = loads[0]
    if text[3] != TEXT_BASE or text[2] != 0 or text[1] != PF_R | PF_X:
        bad.append("first PT_LOAD is not R-X at 0x10000 from offset 0")
    if not text[3] <= entry < text[3] + text[5]:
        bad.append("entry point outside the text segment")
    for p in loads:
        if p[1] & PF_W and p[1] & PF_X:
            bad.append("segment at %#x is writable and executable" % p[3])
        if (p[3] - p[2]) % PAGE:
            bad.append("segment at %#x not congruent to its offset" % p[3])
    for p in loads[1:]:
        if p[1] != PF_R | PF_W:
            bad.append("segment at %#x is not RW-" % p[3])
    return bad


def main():
    files = sys.argv[1:] or sorted(
        f for d in ("bin", "tests")
        for f in glob.glob(os.path.join(BUILD, d, "*")) if os.path.isfile(f))
    if not files:
        print("no programs found; build them with make -f user/user.mk user")
        return 1
    failed = 0
    for path in files:
        bad = problems(path)
        if bad:
            failed += 1
            print("%s: %s" % (os.path.relpath(path, ROOT), "; ".join(bad)))
    print("ELF layout: %d programs, %d with problems" % (len(files), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
