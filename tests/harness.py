"""Helpers shared by Sluice's QEMU and gdb tests.

A test module under tests/qemu/ or tests/gdb/ defines functions named
`test_*`; tests/run.py finds and runs them in definition order.  A test
passes by returning, fails by raising (the first line of the message is the
reason printed), and skips by raising `Skip`.

    from harness import booted, ensure, on_cpus

    @on_cpus(1, 4)              # runs as qemu/boot[cpus=1] and [cpus=4]
    @timeout(60)                # seconds for the whole test (default 120)
    def test_boot(cpus):
        with booted(cpus) as q:
            ensure("hart 0 online" in q.boot_text, "hart 0 never came up")

Every QEMU a test starts is ended by its PID when the `with` block exits,
whatever happens inside it; its transcript is kept in build/test-logs/.
"""

import contextlib
import os
import re
import socket
import sys
import time

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
sys.path.insert(0, os.path.join(ROOT, "tools"))

import qemu as _qemu                                    # noqa: E402
from qemu import (PROMPT, PROMPT_RE, Console, ConsoleError,  # noqa: E402,F401
                  ExpectTimeout, ProcessExited, Qemu, end_pid, end_tree,
                  pid_is_qemu, read_pidfile)

BUILD = os.path.join(ROOT, "build")
KERNEL = os.environ.get("SLUICE_KERNEL") or os.path.join(BUILD, "kernel.elf")
LOG_DIR = _qemu.LOG_DIR
BOOT_TIMEOUT = 30.0
DEFAULT_TEST_TIMEOUT = 120.0


class Skip(Exception):
    """Raise to skip the current test; the message is the reason."""


def ensure(cond, message):
    """Fail the test with `message` unless `cond` holds (survives -O)."""
    if not cond:
        raise AssertionError(message)


def timeout(seconds):
    """Decorator: the whole test may take at most `seconds`."""
    def mark(fn):
        fn.timeout = seconds
        return fn
    return mark


def on_cpus(*counts):
    """Decorator: run the test once per hart count, passing `cpus`."""
    def mark(fn):
        fn.params = [{"cpus": n} for n in counts]
        return fn
    return mark


# ---------------------------------------------------------------------------
# The test being run (set by tests/run.py), so logs are named after it.

class _Current:
    name = "adhoc"
    logs = []
    _count = 0


current = _Current()


def begin_test(name):
    current.name = name
    current.logs = []
    current._count = 0


def tag(suffix=""):
    """A file-name-safe tag for the current test: qemu/boot[cpus=4] ->
    qemu-boot-cpus-4 (plus -<suffix> or -<n> for a second process)."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", current.name).strip("-")
    current._count += 1
    if suffix:
        return "%s-%s" % (base, suffix)
    return base if current._count == 1 else "%s-%d" % (base, current._count)


def register_log(path):
    if path not in current.logs:
        current.logs.append(path)


# ---------------------------------------------------------------------------
# QEMU fixtures

@contextlib.contextmanager
def qemu(cpus=2, **kw):
    """Start Sluice under QEMU (serial on pipes); end it on exit."""
    if not os.path.exists(KERNEL):
        raise AssertionError("%s is missing (run 'make kernel')"
                             % os.path.relpath(KERNEL, ROOT))
    q = Qemu(kernel=KERNEL, cpus=cpus, tag=kw.pop("tag", None) or tag(), **kw)
    register_log(q.logfile)
    with q:
        yield q


def run_status(q, line, t=60):
    """Run `line` at the shell of `q` (a shell() fixture); return (what it
    printed, its exit status as an int, or the raw text if not a number).
    A kernel panic on the way fails the test with the panic's first lines
    as the reason."""
    try:
        out = q.sh(line, t).replace("\r", "")
    except ConsoleError:
        panic = re.search(r"^panic: .*\n(.*\n){0,2}", q.output, re.M)
        if panic:
            raise AssertionError("%s: kernel %s" % (
                line, " / ".join(s.strip() for s in panic[0].splitlines()))
            ) from None
        raise
    status = q.sh("echo $?").strip()
    return out, int(status) if status.isdigit() else status


@contextlib.contextmanager
def booted(cpus=2, timeout=BOOT_TIMEOUT, **kw):
    """Start QEMU at the boot monitor and wait for its first prompt;
    `q.boot_text` holds everything printed before it (OpenSBI banner
    included)."""
    kw.setdefault("append", "sluice.monitor")
    with qemu(cpus, **kw) as q:
        q.expect(PROMPT_RE, timeout)
        q.boot_text = q.before
        q.boot_seconds = time.monotonic() - q.started_at
        yield q


@contextlib.contextmanager
def console(argv, suffix, **kw):
    """Start any process as a Console (output matched, logged); end it,
    and everything it started, by PID on exit."""
    c = Console(argv, tag=tag(suffix), cwd=kw.pop("cwd", ROOT), **kw)
    register_log(c.logfile)
    c.start()
    try:
        yield c
    finally:
        end_tree(c.pid, proc=c.proc)
        c.close()


def free_port():
    """A TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_listening(port):
    """True if some socket LISTENs on TCP `port` (read from /proc/net)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, state = fields[1], fields[3]
                    if state == "0A" and int(local.rsplit(":", 1)[1],
                                             16) == port:
                        return True
        except (OSError, StopIteration, IndexError, ValueError):
            continue
    return False


def wait_until(cond, timeout, what, interval=0.05):
    """Poll `cond()` until true; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("timed out after %.0fs waiting for %s"
                                 % (timeout, what))
        time.sleep(interval)


SHELL_PROMPT_RE = re.compile(r"^\$ \Z", re.M)


@contextlib.contextmanager
def shell(cpus=2, timeout=BOOT_TIMEOUT, **kw):
    """Boot Sluice normally (init starts /bin/sh) and wait for `$ `.
    Use `q.sh(line)` to run a command line and get what it printed."""
    kw.setdefault("append", "")
    with qemu(cpus, **kw) as q:
        q.expect(SHELL_PROMPT_RE, timeout)
        q.sh = lambda line, t=_qemu.DEFAULT_TIMEOUT: q.command(line, SHELL_PROMPT_RE, t)
        yield q
