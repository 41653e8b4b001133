#!/usr/bin/env python3
"""Check include/uapi/ against the Linux headers installed on this host.

Sluice's ABI headers are written by hand.  This tool compiles two small
host programs, one that prints every integer constant of include/uapi/ and
one that prints the same names from the Linux UAPI headers
(linux-libc-dev), and compares the values.  The generic (asm-generic)
definitions are what riscv64 uses, and the host is an LP64 Linux too.

Struct layouts are compared the same way: sizeof and the offset of every
field, Sluice's struct against the Linux struct it mirrors.

It also checks the struct naming rule of include/uapi/types.h: a struct
keeps Linux's name unless a picolibc header defines a struct of that name,
in which case it must be spelled `uapi_<name>`.

    python3 tests/linux-diff/check_uapi.py [-v]

Exit status 0 when everything that can be compared agrees, 1 on a
mismatch, 77 (skip) when the host has no Linux headers or C compiler.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UAPI = os.path.join(ROOT, "include", "uapi")
PICOLIBC_INCLUDE = "/usr/lib/picolibc/riscv64-unknown-elf/include"
SKIP = 77

# What riscv64's asm/unistd.h asks of the generic table before including it.
LINUX_PRELUDE = """
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_SYS_CLONE3
#define __ARCH_WANT_MEMFD_SECRET
"""

# The Linux headers that define what each Sluice header mirrors.
LINUX_HEADERS = [
    "asm-generic/unistd.h", "asm-generic/errno.h", "linux/fcntl.h",
    "linux/fs.h", "asm-generic/termbits.h", "asm-generic/ioctls.h",
    "asm-generic/signal.h", "asm-generic/mman.h", "linux/mman.h",
    "linux/wait.h",
    "linux/sched.h", "linux/auxvec.h", "linux/reboot.h", "linux/random.h",
    "linux/resource.h", "linux/time.h", "linux/uio.h", "linux/utsname.h",
    "linux/io_uring.h",
]

# (Sluice struct, Linux struct, fields): layouts that must agree.  Linux's
# headers for these are included above; asm-generic/signal.h is the layout
# riscv64 uses (no sa_restorer).
LAYOUTS = [
    ("struct uapi_timespec", "struct __kernel_timespec",
     ["tv_sec", "tv_nsec"]),
    ("struct uapi_timeval", "struct __kernel_old_timeval",
     ["tv_sec", "tv_usec"]),
    ("struct new_utsname", "struct new_utsname",
     ["sysname", "nodename", "release", "version", "machine",
      "domainname"]),
    ("struct iovec", "struct iovec", ["iov_base", "iov_len"]),
    ("struct uapi_rusage", "struct rusage",
     ["ru_utime", "ru_stime", "ru_maxrss", "ru_minflt", "ru_nivcsw"]),
    ("struct rlimit64", "struct rlimit64", ["rlim_cur", "rlim_max"]),
    ("struct termios", "struct termios",
     ["c_iflag", "c_oflag", "c_cflag", "c_lflag", "c_line", "c_cc"]),
    ("struct winsize", "struct winsize",
     ["ws_row", "ws_col", "ws_xpixel", "ws_ypixel"]),
    ("struct uapi_sigaction", "struct sigaction",
     ["sa_handler", "sa_flags", "sa_mask"]),
    ("struct io_uring_sqe", "struct io_uring_sqe",
     ["opcode", "flags", "ioprio", "fd", "off", "addr", "len", "rw_flags",
      "user_data", "buf_index", "personality", "splice_fd_in", "addr3"]),
    ("struct io_uring_cqe", "struct io_uring_cqe",
     ["user_data", "res", "flags"]),
    ("struct io_sqring_offsets", "struct io_sqring_offsets",
     ["head", "tail", "ring_mask", "ring_entries", "flags", "dropped",
      "array", "resv1", "resv2"]),
    ("struct io_cqring_offsets", "struct io_cqring_offsets",
     ["head", "tail", "ring_mask", "ring_entries", "overflow", "cqes",
      "flags", "resv1", "resv2"]),
    ("struct io_uring_params", "struct io_uring_params",
     ["sq_entries", "cq_entries", "flags", "sq_thread_cpu",
      "sq_thread_idle", "features", "wq_fd", "resv", "sq_off", "cq_off"]),
]
LAYOUT_HEADERS = [
    "linux/utsname.h", "linux/time_types.h", "linux/uio.h",
    "linux/resource.h", "asm-generic/termbits.h", "asm-generic/termios.h",
    "asm-generic/signal.h", "linux/io_uring.h",
]

# Names that are Sluice's own, not Linux constants.
OWN_NAMES = {"SLUICE_", "UAPI_"}

INTEGER_DEF = re.compile(
    r"^[\s()~|&+\-<>*xXa-fA-F0-9uUlL_A-Za-z]*$")


def sluice_macros():
    """{name: definition} of every integer-looking macro in include/uapi."""
    names = {}
    for path in sorted(glob.glob(os.path.join(UAPI, "*.h"))):
        for line in open(path, encoding="utf-8"):
            m = re.match(r"#define\s+(\w+)\s+(.+?)\s*(/\*.*)?$", line)
            if not m or any(m.group(1).startswith(p) for p in OWN_NAMES):
                continue
            value = m.group(2)
            # function-like macros do not match; pointer casts are skipped
            if "void" not in value and INTEGER_DEF.match(value):
                names[m.group(1)] = value
    return names


def printer(names, includes, prelude=""):
    """C source printing `NAME value` for each name that is defined."""
    out = ["#include <stdio.h>", prelude]
    out += ["#include <%s>" % h for h in includes]
    out.append("int main(void)\n{")
    for n in sorted(names):
        out.append("#ifdef %s\n\tprintf(\"%s %%lld\\n\", (long long)(%s));"
                   "\n#endif" % (n, n, n))
    out.append("\treturn 0;\n}")
    return "\n".join(out) + "\n"


def run_printer(cc, source, include_dirs, workdir, tag):
    src = os.path.join(workdir, tag + ".c")
    exe = os.path.join(workdir, tag)
    with open(src, "w") as f:
        f.write(source)
    cmd = [cc, "-w", "-o", exe, src] + ["-I" + d for d in include_dirs]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (" ".join(cmd), p.stderr))
    p = subprocess.run([exe], capture_output=True, text=True, check=True)
    return dict(line.split(None, 1) for line in p.stdout.splitlines())


def compare_constants(cc, verbose):
    names = sluice_macros()
    uapi_headers = ["uapi/" + os.path.basename(p)
                    for p in sorted(glob.glob(os.path.join(UAPI, "*.h")))]
    with tempfile.TemporaryDirectory() as work:
        ours = run_printer(cc, printer(names, uapi_headers),
                           [os.path.join(ROOT, "include")], work, "sluice")
        linux = run_printer(cc, printer(names, LINUX_HEADERS, LINUX_PRELUDE),
                            [], work, "linux")
    bad = 0
    for n in sorted(ours):
        if n not in linux:
            if verbose:
                print("unchecked  %s = %s (not in the host's headers)"
                      % (n, ours[n]))
        elif ours[n] != linux[n]:
            print("MISMATCH   %s: Sluice %s, Linux %s" % (n, ours[n], linux[n]))
            bad += 1
    checked = sum(1 for n in ours if n in linux)
    print("constants: %d compared, %d mismatched, %d not in Linux headers"
          % (checked, bad, len(ours) - checked))
    return bad


def layout_printer(includes, which):
    """C source printing `index size off...` for each LAYOUTS entry, using
    column `which` (0 Sluice, 1 Linux) for the struct name."""
    out = ["#include <stdio.h>", "#include <stddef.h>"]
    out += ["#include <%s>" % h for h in includes]
    out.append("int main(void)\n{")
    for i, entry in enumerate(LAYOUTS):
        st = entry[which]
        args = ", ".join(["sizeof(%s)" % st] +
                         ["offsetof(%s, %s)" % (st, f) for f in entry[2]])
        out.append('\tprintf("%d%s\\n", %s);'
                   % (i, " %zu" * (len(entry[2]) + 1), args))
    out.append("\treturn 0;\n}")
    return "\n".join(out) + "\n"


def compare_layouts(cc):
    uapi_headers = ["uapi/" + os.path.basename(p)
                    for p in sorted(glob.glob(os.path.join(UAPI, "*.h")))]
    with tempfile.TemporaryDirectory() as work:
        ours = run_printer(cc, layout_printer(uapi_headers, 0),
                           [os.path.join(ROOT, "include")], work, "sluice_l")
        linux = run_printer(cc, layout_printer(LAYOUT_HEADERS, 1), [], work,
                            "linux_l")
    bad = 0
    for i, entry in enumerate(LAYOUTS):
        if ours.get(str(i)) != linux.get(str(i)):
            print("MISMATCH   %s vs Linux %s: size/offsets %s, Linux %s"
                  % (entry[0], entry[1], ours.get(str(i)),
                     linux.get(str(i))))
            bad += 1
    print("layouts: %d compared, %d mismatched" % (len(LAYOUTS), bad))
    return bad


def picolibc_structs():
    found = set()
    for path in glob.glob(os.path.join(PICOLIBC_INCLUDE, "**", "*.h"),
                          recursive=True):
        text = open(path, encoding="utf-8", errors="replace").read()
        found.update(re.findall(r"\bstruct\s+(\w+)\s*\{", text))
    return found


def check_struct_names():
    if not os.path.isdir(PICOLIBC_INCLUDE):
        print("struct names: picolibc headers not found, not checked")
        return 0
    libc = picolibc_structs()
    bad = 0
    for path in sorted(glob.glob(os.path.join(UAPI, "*.h"))):
        text = open(path, encoding="utf-8").read()
        for name in re.findall(r"^struct\s+(\w+)\s*\{", text, re.M):
            plain = name[len("uapi_"):] if name.startswith("uapi_") else name
            if name == plain and plain in libc:
                print("NAMING     struct %s (%s): picolibc defines it too; "
                      "call it struct uapi_%s" % (name, path, name))
                bad += 1
            elif name != plain and plain not in libc:
                print("NAMING     struct %s (%s): picolibc has no struct %s; "
                      "use Linux's name" % (name, path, plain))
                bad += 1
    print("struct names: %d problems" % bad)
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also list constants the host headers lack")
    args = ap.parse_args()
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc or not os.path.exists("/usr/include/asm-generic/unistd.h"):
        print("SKIP: needs a host C compiler and linux-libc-dev")
        return SKIP
    bad = (compare_constants(cc, args.verbose) + compare_layouts(cc) +
           check_struct_names())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
