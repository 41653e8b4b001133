#!/usr/bin/env python3
"""Run Sluice's conformance programs on Linux and on Sluice, compare them.

    python3 tests/linux-diff/run.py --linux-only      # Linux side only
    python3 tests/linux-diff/run.py                   # both, and diff
    python3 tests/linux-diff/run.py -v dup3 efault    # just these, verbose

--linux-only runs every program of user/tests/ under qemu-riscv64 and
reports PASS when it exits 0 (its own checks held on Linux), FAIL otherwise
-- a program that fails on Linux has wrong expectations.  Its output is
stored in build/linux-diff/<name>.linux.out.  When all programs run, two
more checks do too: include/uapi/ against the host's Linux headers
(check_uapi.py) and the segment layout of every program (check_elf.py).

Without --linux-only the same programs then run on Sluice
(suite.run_on_sluice: one boot with a private copy of build/fs.img, each
program typed at the shell in its own scratch directory) and each output
must equal Linux's; then Sluice halts and `e2fsck -fn` must find that
image clean (fsck/image).  `make test` runs the same comparison at 1 and
4 harts through tests/run.py's linux-diff suite.

One line per test, then `N passed, N failed` (`, N skipped`).  Exit status
0 if nothing failed, 1 otherwise.  See tests/linux-diff/README.md.
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import suite                                            # noqa: E402

SKIP_STATUS = 77


class Tally:
    COUNTERS = {"PASS": "passed", "FAIL": "failed", "SKIP": "skipped"}

    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def report(self, verdict, name, detail="", body=""):
        counter = self.COUNTERS[verdict]
        setattr(self, counter, getattr(self, counter) + 1)
        print("%-4s  %s%s" % (verdict, name, detail), flush=True)
        if body:
            for line in body.rstrip("\n").split("\n"):
                print("      " + line, flush=True)

    def closing_line(self):
        line = "%d passed, %d failed" % (self.passed, self.failed)
        if self.skipped:
            line += ", %d skipped" % self.skipped
        return line


def linux_side(names, tally, timeout, verbose):
    """Run every program on Linux; returns {name: Outcome}."""
    outcomes = {}
    for name in names:
        o = suite.run_on_linux(name, timeout)
        suite.save_linux(o)
        outcomes[name] = o
        where = "linux/%s" % name
        timing = "  (%.1fs)" % o.seconds
        if o.passed:
            tally.report("PASS", where, timing, o.text if verbose else "")
        elif o.skipped:
            tally.report("SKIP", where, ": " + o.stderr.strip()[:200])
        else:
            tally.report("FAIL", where, ": exit=%s%s" % (o.status, timing),
                         o.text + o.stderr)
    return outcomes


def script_check(tally, label, script, verbose):
    """Run a checker script of this directory: 0 pass, 77 skip, else fail."""
    p = subprocess.run([sys.executable, os.path.join(suite.HERE, script)],
                       capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    out = (p.stdout + p.stderr).strip()
    if p.returncode == 0:
        tally.report("PASS", label, "", out if verbose else "")
    elif p.returncode == SKIP_STATUS:
        tally.report("SKIP", label, ": " + out)
    else:
        tally.report("FAIL", label, "", out)


def sluice_side(names, linux, tally):
    run = suite.run_on_sluice(names)
    for name in names:
        out = run.outputs.get(name)
        if out is None:
            tally.report("FAIL", "diff/" + name, ": no output from Sluice")
            continue
        if suite.normalize(out).rstrip("\n").endswith("exit=77"):
            tally.report("SKIP", "diff/" + name, ": skipped on Sluice")
            continue
        diff = suite.compare(name, linux[name].text, out)
        tally.report("FAIL" if diff else "PASS", "diff/" + name, "", diff)
    try:
        problem = suite.fsck(run)
    except FileNotFoundError as e:
        tally.report("SKIP", "fsck/image", ": %s" % e)
    else:
        tally.report("FAIL" if problem else "PASS", "fsck/image", "",
                     problem)
    return True


def main():
    ap = argparse.ArgumentParser(
        description="Linux-diff: conformance programs on Linux vs Sluice")
    ap.add_argument("--linux-only", action="store_true",
                    help="run only the Linux side (qemu-riscv64)")
    ap.add_argument("--no-build", action="store_true",
                    help="do not build first (`make -f user/user.mk user`;"
                         " `make all` too when Sluice runs)")
    ap.add_argument("--timeout", type=float, default=suite.DEFAULT_TIMEOUT,
                    help="seconds per program (default %(default)s)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print each program's output")
    ap.add_argument("names", nargs="*", help="programs to run (default all)")
    args = ap.parse_args()

    if not args.no_build:
        ok, log = suite.build_user()
        if ok and not args.linux_only:
            ok, log = suite.build_all()
        if not ok:
            print(log, end="")
            print("FAIL  build\n0 passed, 1 failed")
            return 1
    names = args.names or suite.test_names()
    tally = Tally()
    linux = linux_side(names, tally, args.timeout, args.verbose)
    if not args.names:
        script_check(tally, "uapi/headers-match-linux", "check_uapi.py",
                     args.verbose)
        script_check(tally, "elf/layout", "check_elf.py", args.verbose)
    ran_sluice = True
    if not args.linux_only:
        ran_sluice = sluice_side(names, linux, tally)
    print(tally.closing_line())
    if tally.failed:
        return 1
    return 0 if ran_sluice else SKIP_STATUS


if __name__ == "__main__":
    sys.exit(main())
