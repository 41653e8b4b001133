#!/usr/bin/env python3
"""Sluice's test runner (`make test` runs it after building everything).

Suites, in this order:
  unit  each command line printed by `make -s unit-list`, run from the repo
        root: exit 0 pass, 77 skip, anything else fail;
  qemu  the test_* functions of tests/qemu/test_*.py (boot tests, each for
        1 and 4 harts);
  linux-diff  every user/tests/ program on Linux (qemu-riscv64) and on
        Sluice (one boot per hart count, 1 and 4, on a private copy of
        build/fs.img), outputs compared; last linux-diff/fsck[cpus=N]:
        e2fsck -fn on each image after Sluice halted;
  gdb   the test_* functions of tests/gdb/test_*.py.

One line per test as it finishes:
    PASS  qemu/boot[cpus=4]  (1.3s)
    FAIL  qemu/halt[cpus=1]: <reason>        followed by the tail of its log
    SKIP  unit/ring: <reason>
and a last line `N passed, N failed` (`, N skipped` when some were).
Exit status 1 if anything failed.  Each test has a time-out (120 s unless
it sets its own); a QEMU or unit test still running then is ended by PID.
"""

import argparse
import importlib.util
import inspect
import os
import shlex
import signal
import subprocess
import sys
import time

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
sys.path.insert(0, TESTS)

import harness                                          # noqa: E402

SUITES = ("unit", "qemu", "linux-diff", "gdb")
UNIT_TIMEOUT = 120.0
TAIL_LINES = 20
REASON_MAX = 300
SKIP_STATUS = 77


class TestTimeout(BaseException):
    """Raised in the test by SIGALRM; BaseException so no test swallows it."""


class Test:
    def __init__(self, name, run, timeout=harness.DEFAULT_TEST_TIMEOUT):
        self.name = name
        self.run = run              # callable -> None, raises to fail/skip
        self.timeout = timeout


# ---------------------------------------------------------------------------
# Discovery

def unit_tests():
    """One Test per command line of `make -s unit-list`."""
    try:
        p = subprocess.run(["make", "-s", "unit-list"], cwd=ROOT,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=UNIT_TIMEOUT)
        failed = p.returncode != 0
        why = "exit status %d: %s" % (p.returncode,
                                      _last_line(p.stderr or p.stdout))
    except (OSError, subprocess.TimeoutExpired) as e:
        failed, why = True, str(e)
    if failed:
        def broken():
            raise AssertionError("'make -s unit-list' failed (%s)" % why)
        return [Test("unit/unit-list", broken)]
    tests, seen = [], {}
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        base = os.path.basename(words[0]) if words else "test"
        seen[base] = seen.get(base, 0) + 1
        name = "unit/" + base + ("#%d" % seen[base] if seen[base] > 1 else "")
        tests.append(Test(name, _unit_runner(line)))
    return tests


def linux_diff_tests():
    """One Test per conformance program: its output on Sluice must equal
    its output on Linux (qemu-riscv64).  Both sides run once, for all
    programs, when the first of these tests runs (one Sluice boot per hart
    count, with a private copy of build/fs.img that Sluice halts cleanly
    at the end).  Last come linux-diff/fsck[cpus=N]: `e2fsck -fn` must
    find each of those images clean."""
    sys.path.insert(0, os.path.join(TESTS, "linux-diff"))
    import suite
    try:
        names = suite.test_names()
    except (OSError, RuntimeError) as e:
        def broken(err=e):
            raise AssertionError("cannot list the programs: %s" % err)
        return [Test("linux-diff/list", broken)]
    cache = {}

    def outputs(cpus):
        if "linux" not in cache:
            cache["linux"] = {n: suite.run_on_linux(n) for n in names}
            for outcome in cache["linux"].values():
                suite.save_linux(outcome)
        if cpus not in cache:
            try:
                cache[cpus] = suite.run_on_sluice(names, cpus=cpus)
            except Exception as e:      # fail every test once, not boot again
                cache[cpus] = e
        if isinstance(cache[cpus], Exception):
            raise AssertionError("Sluice side: %s" % cache[cpus])
        return cache["linux"], cache[cpus].outputs

    def runner(name, cpus):
        def run():
            linux_all, sluice = outputs(cpus)
            linux = linux_all[name]
            if linux.skipped:
                raise harness.Skip("skipped on Linux")
            if linux.status != 0:
                raise AssertionError("fails on Linux (exit=%s): the program's"
                                     " own checks are wrong" % linux.status)
            out = sluice.get(name)
            if out is None:
                raise AssertionError("no output from Sluice (an earlier "
                                     "program hung it?)")
            if suite.normalize(out).rstrip("\n").endswith("exit=77"):
                raise harness.Skip(_last_line(suite.normalize(out)
                                              .rsplit("exit=77", 1)[0])
                                   or "skipped on Sluice")
            diff = suite.compare(name, linux.text, out)
            if diff:
                log = os.path.join(harness.LOG_DIR, harness.tag() + ".diff")
                os.makedirs(harness.LOG_DIR, exist_ok=True)
                with open(log, "w") as f:
                    f.write(diff)
                harness.register_log(log)
                raise AssertionError("output differs from Linux")
        return run

    def fsck(cpus):
        def run():
            outputs(cpus)           # the boot, unless a test above ran it
            try:
                problem = suite.fsck(cache[cpus])
            except FileNotFoundError as e:
                raise harness.Skip(str(e))
            if problem:
                log = os.path.join(harness.LOG_DIR, harness.tag() + ".log")
                os.makedirs(harness.LOG_DIR, exist_ok=True)
                with open(log, "w") as f:
                    f.write(problem + "\n")
                harness.register_log(log)
                raise AssertionError(problem)
        return run

    # The first test of each hart count runs every program: give it time.
    return [Test("linux-diff/%s[cpus=%d]" % (n, cpus), runner(n, cpus),
                 timeout=600 if i == 0 else 60)
            for cpus in (1, 4) for i, n in enumerate(names)] + \
        [Test("linux-diff/fsck[cpus=%d]" % cpus, fsck(cpus), timeout=600)
         for cpus in (1, 4)]


def _unit_runner(cmdline):
    def run():
        log = os.path.join(harness.LOG_DIR, harness.tag() + ".log")
        harness.register_log(log)
        os.makedirs(harness.LOG_DIR, exist_ok=True)
        with open(log, "w") as out:
            out.write("$ %s\n" % cmdline)
            out.flush()
            proc = subprocess.Popen(cmdline, shell=True, cwd=ROOT,
                                    stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT,
                                    start_new_session=True)
            try:
                status = proc.wait()
            finally:
                harness.end_tree(proc.pid, proc=proc)
        if status == 0:
            return
        last = _last_line(_read(log).split("\n", 1)[-1])
        if status == SKIP_STATUS:
            raise harness.Skip(last or "exit status 77")
        raise AssertionError("exit status %d%s" % (
            status, ": " + last if last else ""))
    return run


def module_tests(suite):
    """Tests from tests/<suite>/test_*.py, in file then definition order."""
    directory = os.path.join(TESTS, suite)
    if not os.path.isdir(directory):
        return []
    tests = []
    for fname in sorted(os.listdir(directory)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        path = os.path.join(directory, fname)
        modname = "sluice_tests_%s_%s" % (suite, fname[:-3])
        try:
            spec = importlib.util.spec_from_file_location(modname, path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
        except Exception as e:              # report, keep going
            err = "%s: %s" % (type(e).__name__, e)

            def broken(err=err):
                raise AssertionError("cannot load: " + err)
            tests.append(Test("%s/%s" % (suite, fname[:-3]), broken))
            continue
        for attr, fn in vars(mod).items():
            if not (attr.startswith("test_") and inspect.isfunction(fn)
                    and fn.__module__ == modname):
                continue
            tests += _expand(suite, attr[len("test_"):], fn)
    return tests


def _expand(suite, short, fn):
    limit = getattr(fn, "timeout", harness.DEFAULT_TEST_TIMEOUT)
    params = getattr(fn, "params", None)
    if params is None:
        params = [{"cpus": n} for n in (1, 4)] \
            if "cpus" in inspect.signature(fn).parameters else [{}]
    tests = []
    for kw in params:
        label = ",".join("%s=%s" % kv for kv in kw.items())
        name = "%s/%s%s" % (suite, short, "[%s]" % label if label else "")
        tests.append(Test(name, (lambda fn=fn, kw=kw: fn(**kw)), limit))
    return tests


def discover(suites):
    tests = []
    for suite in suites:
        if suite == "unit":
            tests += unit_tests()
        elif suite == "linux-diff":
            tests += linux_diff_tests()
        else:
            tests += module_tests(suite)
    return tests


# ---------------------------------------------------------------------------
# Running

def _on_alarm(signum, frame):
    raise TestTimeout()


def run_one(test):
    """Run `test`; return (status, reason, seconds)."""
    harness.begin_test(test.name)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, test.timeout)
    start = time.monotonic()
    try:
        test.run()
        status, reason = "PASS", ""
    except harness.Skip as e:
        status, reason = "SKIP", _first_line(str(e)) or "skipped"
    except TestTimeout:
        status, reason = "FAIL", "test time-out after %gs" % test.timeout
    except KeyboardInterrupt:
        raise
    except Exception as e:
        text = _first_line(str(e))
        if not isinstance(e, AssertionError) or not text:
            text = "%s: %s" % (type(e).__name__, text)
        status, reason = "FAIL", text
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return status, reason, time.monotonic() - start


def report(test, status, reason, seconds):
    if status == "PASS":
        print("PASS  %s  (%.1fs)" % (test.name, seconds), flush=True)
        return
    if len(reason) > REASON_MAX:
        reason = reason[:REASON_MAX - 3] + "..."
    print("%s  %s: %s" % (status, test.name, reason), flush=True)
    if status == "FAIL":
        for log in harness.current.logs:
            lines = _read(log).rstrip("\n").split("\n")
            print("    --- last %d lines of %s ---"
                  % (min(TAIL_LINES, len(lines)), os.path.relpath(log, ROOT)))
            for line in lines[-TAIL_LINES:]:
                print("    " + _printable(line))
        sys.stdout.flush()


def summary(counts):
    line = "%d passed, %d failed" % (counts["PASS"], counts["FAIL"])
    if counts["SKIP"]:
        line += ", %d skipped" % counts["SKIP"]
    return line


def main(argv=None):
    ap = argparse.ArgumentParser(prog="tests/run.py",
                                 description="Run Sluice's test suites.")
    ap.add_argument("-k", metavar="SUBSTRING",
                    help="run only tests whose name contains SUBSTRING")
    ap.add_argument("--list", action="store_true",
                    help="print the test names and exit")
    ap.add_argument("--suite", action="append", metavar="NAME",
                    help="run only this suite (unit, qemu, linux-diff, gdb); "
                         "repeatable")
    args = ap.parse_args(argv)

    suites = SUITES
    if args.suite:
        wanted = [s for arg in args.suite for s in arg.split(",") if s]
        bad = [s for s in wanted if s not in SUITES]
        if bad:
            ap.error("unknown suite %s (choose from %s)"
                     % (", ".join(bad), ", ".join(SUITES)))
        suites = [s for s in SUITES if s in wanted]

    tests = [t for t in discover(suites) if not args.k or args.k in t.name]
    if args.list:
        for t in tests:
            print(t.name)
        return 0

    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    interrupted = False
    for test in tests:
        try:
            status, reason, seconds = run_one(test)
        except KeyboardInterrupt:
            print("FAIL  %s: interrupted" % test.name, flush=True)
            counts["FAIL"] += 1
            interrupted = True
            break
        counts[status] += 1
        report(test, status, reason, seconds)
    if interrupted:
        print("interrupted: %d test(s) not run"
              % (len(tests) - sum(counts.values())), flush=True)
    print(summary(counts), flush=True)
    return 1 if counts["FAIL"] or interrupted else 0


# ---------------------------------------------------------------------------

def _read(path):
    try:
        with open(path, encoding="latin-1") as f:
            return f.read()
    except OSError:
        return ""


def _first_line(text):
    for line in text.strip().splitlines():
        return line.strip()
    return ""


def _last_line(text):
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def _printable(line):
    return "".join(c if c.isprintable() or c == "\t" else "\\x%02x" % ord(c)
                   for c in line)


if __name__ == "__main__":
    sys.exit(main())
