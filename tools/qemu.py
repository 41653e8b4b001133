#!/usr/bin/env python3
"""Sluice's QEMU runner: the one place that builds the QEMU command line.

Used three ways:
  * `make qemu` / `make qemu-gdb` run `python3 tools/qemu.py run ...`, which
    gives QEMU the terminal and waits for it;
  * tests/ and tools/bench.py import this module and drive QEMU through
    `Qemu`, a context manager that talks to the serial console over pipes;
  * `Console` is the same machinery for any child process whose output must
    be matched with time-outs (the gdb test runs `make qemu-gdb` and gdb
    through it).

Every process started here is recorded by PID (in a pid file for QEMU) and is
ended by that PID: SIGTERM, then SIGKILL if it is still there after a grace
period.  Nothing is ever killed by name.

Python 3 standard library only.
"""

import argparse
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
LOG_DIR = os.path.join(BUILD, "test-logs")
DEFAULT_KERNEL = os.path.join(BUILD, "kernel.elf")
# $SLUICE_QEMU_BIN lets a test of this harness substitute a stand-in.
QEMU_BIN = os.environ.get("SLUICE_QEMU_BIN", "qemu-system-riscv64")

PROMPT = "sluice> "
PROMPT_RE = re.compile(PROMPT)   # no regex metacharacters in it

DEFAULT_TIMEOUT = 10.0   # seconds for one expect()
KILL_GRACE = 3.0         # seconds between SIGTERM and SIGKILL
TAIL_BYTES = 2048        # how much output an error message carries

MODES = ("interactive", "pipe")


def qemu_argv(kernel, cpus, mem, mode, gdb_port=None, extra=(), append=None):
    """Return the argv list that starts Sluice under QEMU `virt`.

    mode "interactive": -nographic (serial and monitor multiplexed on stdio,
    Ctrl-A is the escape key); mode "pipe": raw serial on stdio and no
    monitor, which is what tests want.  With gdb_port QEMU waits for gdb (-S)
    and listens for it on that TCP port.  `append` is the kernel's boot
    argument string (e.g. "sluice.monitor" to stop at the boot monitor
    instead of starting /bin/init).
    """
    if mode not in MODES:
        raise ValueError("mode must be one of %s, not %r" % (MODES, mode))
    argv = [QEMU_BIN,
            "-machine", "virt",
            "-bios", "default",
            "-kernel", str(kernel),
            "-m", str(mem),
            "-smp", str(cpus),
            "-global", "virtio-mmio.force-legacy=false"]
    if mode == "interactive":
        argv += ["-nographic"]
    else:
        argv += ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    if append:
        argv += ["-append", append]
    if gdb_port is not None:
        argv += ["-S", "-gdb", "tcp::%d" % int(gdb_port)]
    argv += list(extra)
    return argv


def drive_args(path, fmt="raw", blkdebug_config=None, drive_id="vda"):
    """Return the QEMU arguments that attach image `path` as a virtio-blk
    disk on the virt machine's virtio-mmio bus (Sluice's /dev/vda).

    With `blkdebug_config` (a file of QEMU blkdebug rules, e.g.
    [inject-error] sections) every request also passes through QEMU's
    blkdebug driver, which fails the ones its rules name:
    format driver -> blkdebug -> the image file.
    """
    def esc(value):             # QEMU option values double their commas
        return str(value).replace(",", ",,")

    if blkdebug_config:
        drive = ("driver=%s,file.driver=blkdebug,file.config=%s,"
                 "file.image.filename=%s" % (fmt, esc(blkdebug_config),
                                             esc(path)))
    else:
        drive = "file=%s,format=%s" % (esc(path), fmt)
    return ["-drive", "%s,if=none,id=%s" % (drive, drive_id),
            "-device", "virtio-blk-device,drive=%s" % drive_id]


# ---------------------------------------------------------------------------
# Ending processes by PID

def end_pid(pid, grace=KILL_GRACE, proc=None):
    """End process `pid`: SIGTERM, then SIGKILL after `grace` seconds.

    If `proc` (its subprocess.Popen) is given the process is also reaped, so
    the PID cannot be reused while we still signal it.  Returns the exit
    status when known, else None.
    """
    def alive():
        if proc is not None:
            return proc.poll() is None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return not _is_zombie(pid)

    if not alive():
        return proc.returncode if proc is not None else None
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not alive():
                return proc.returncode if proc is not None else None
            time.sleep(0.02)
    return proc.returncode if proc is not None else None


def _is_zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:].startswith("Z")


def child_pids(pid):
    """PIDs of the direct children of `pid` (from /proc)."""
    kids = []
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                kids += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return kids


def end_tree(pid, grace=KILL_GRACE, proc=None):
    """End `pid` and every descendant of it, each by its own PID.

    Descendants are collected first (children of an ended process are
    re-parented and could no longer be found), then ended leaves first.
    """
    order, todo = [], [pid]
    while todo:
        p = todo.pop()
        order.append(p)
        todo += child_pids(p)
    status = None
    for p in reversed(order):
        if p == pid:
            status = end_pid(p, grace, proc)
        else:
            end_pid(p, grace)
    return status


def pid_is_qemu(pid):
    """True if `pid` is a live qemu-system process (guards against reuse)."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv0 = f.read().split(b"\0")[0]
    except OSError:
        return False
    return b"qemu-system" in os.path.basename(argv0) and not _is_zombie(pid)


def read_pidfile(path):
    try:
        with open(path) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def write_pidfile(path, pid):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % pid)
    os.replace(tmp, path)


def remove_pidfile(path, pid):
    """Remove `path` only if it still names `pid` (not a newer run's)."""
    if read_pidfile(path) == pid:
        try:
            os.unlink(path)
        except OSError:
            pass


# ---------------------------------------------------------------------------
# A child process whose output is matched with time-outs

class ConsoleError(AssertionError):
    """An expectation about a console's output was not met."""


class ExpectTimeout(ConsoleError):
    pass


class ProcessExited(ConsoleError):
    pass


def _tag_path(directory, tag, suffix):
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", tag).strip("-") or "console"
    return os.path.join(directory, safe + suffix)


class Console:
    """A child process with stdin/stdout pipes (stderr merged into stdout).

    A reader thread accumulates everything the child prints (bytes decoded
    as latin-1 so nothing is ever lost, '\\r' dropped) and copies it to a
    log file.  `expect()` searches forward from a cursor that each match
    advances, so successive expects read the output in order.
    """

    def __init__(self, argv, tag="console", logfile=None, cwd=None, env=None,
                 new_session=True, stdin=subprocess.PIPE):
        self.argv = list(argv)
        self.tag = tag
        self.logfile = logfile or _tag_path(LOG_DIR, tag, ".log")
        self.cwd = cwd
        self.env = env
        self.new_session = new_session
        self.stdin_mode = stdin
        self.proc = None
        self.before = ""
        self._buf = []          # chunks, joined lazily
        self._text = ""
        self._len = 0
        self._pos = 0           # expect cursor
        self._eof = False
        self._cond = threading.Condition()
        self._reader = None
        self._log = None
        self.started_at = None

    # -- life cycle ---------------------------------------------------------

    def start(self):
        os.makedirs(os.path.dirname(os.path.abspath(self.logfile)),
                    exist_ok=True)
        self._log = open(self.logfile, "w", encoding="latin-1")
        self._log.write("$ %s\n" % " ".join(shlex.quote(a) for a in self.argv))
        self._log.flush()
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            self.argv, cwd=self.cwd, env=self.env, stdin=self.stdin_mode,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=self.new_session)
        self._started()
        self._reader = threading.Thread(target=self._read_loop,
                                        name="reader-%s" % self.tag,
                                        daemon=True)
        self._reader.start()
        return self

    def _started(self):
        """Hook for subclasses: runs right after the child exists."""

    def close(self):
        """End the child (if still running) and flush the log.  Idempotent."""
        try:
            if self.proc is not None:
                self.kill()
                if self.proc.stdin:
                    try:
                        self.proc.stdin.close()
                    except OSError:
                        pass
            if self._reader is not None:
                self._reader.join(5.0)
        finally:
            if self._log is not None:
                with self._cond:
                    self._log.close()
                    self._log = None
            self._closed()

    def _closed(self):
        """Hook for subclasses: runs once the child has been ended."""

    def __enter__(self):
        if self.proc is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def pid(self):
        return self.proc.pid if self.proc is not None else None

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self, grace=KILL_GRACE):
        """End the child by its PID: SIGTERM, SIGKILL after `grace` s."""
        if self.proc is None:
            return None
        return end_pid(self.proc.pid, grace, self.proc)

    def wait_exit(self, timeout=DEFAULT_TIMEOUT):
        """Wait for the child to exit on its own; return its exit status.

        Raises ExpectTimeout (with the output's tail) if it is still running
        after `timeout` seconds; the child is left running for close().
        """
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise ExpectTimeout(
                "%s still running %.0fs later (expected it to exit); "
                "last output:\n%s" % (self.tag, timeout, self.tail())) from None
        if self._reader is not None:
            self._reader.join(5.0)
        return status

    # -- output ---------------------------------------------------------------

    def _read_loop(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    break
                text = data.decode("latin-1").replace("\r", "")
                self._buf.append(text)
                self._len += len(text)
                if self._log is not None:
                    self._log.write(text)
                    self._log.flush()
                self._cond.notify_all()
        try:
            self.proc.stdout.close()
        except OSError:
            pass

    def _joined(self):
        # caller holds self._cond
        if self._buf:
            self._text += "".join(self._buf)
            self._buf = []
        return self._text

    @property
    def output(self):
        """Everything the child has printed so far."""
        with self._cond:
            return self._joined()

    def tail(self, nbytes=TAIL_BYTES):
        return self.output[-nbytes:]

    def mark(self):
        """Current length of the output (a position for output_since)."""
        with self._cond:
            return self._len

    def output_since(self, position):
        with self._cond:
            return self._joined()[position:]

    def skip_to_end(self):
        """Move the expect cursor past everything received so far."""
        with self._cond:
            self._pos = self._len

    def expect(self, pattern, timeout=DEFAULT_TIMEOUT, flags=re.M):
        """Wait until `pattern` appears after the cursor; return the match.

        The match is made against the output from the cursor on (its
        positions are relative to that), `self.before` is the text between
        the old cursor and the match, and the cursor moves past the match.
        Raises ExpectTimeout or ProcessExited with the last 2 KiB of output.
        """
        rx = pattern if isinstance(pattern, re.Pattern) else \
            re.compile(pattern, flags)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                text = self._joined()
                m = rx.search(text[self._pos:])
                if m:
                    self.before = text[self._pos:self._pos + m.start()]
                    self._pos += m.end()
                    return m
                if self._eof:
                    status = self.proc.poll()
                    if status is None:
                        try:
                            status = self.proc.wait(1.0)
                        except subprocess.TimeoutExpired:
                            status = "unknown"
                    raise ProcessExited(
                        "%s exited (status %s) while waiting for %r; "
                        "last output:\n%s" % (self.tag, status, rx.pattern,
                                              text[-TAIL_BYTES:]))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ExpectTimeout(
                        "timed out after %.1fs waiting for %r from %s; "
                        "last output:\n%s" % (timeout, rx.pattern, self.tag,
                                              text[-TAIL_BYTES:]))
                self._cond.wait(min(left, 0.5))

    # -- input ----------------------------------------------------------------

    def send(self, data):
        """Write `data` (bytes, or str encoded as latin-1) to the child."""
        if isinstance(data, str):
            data = data.encode("latin-1")
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError, AttributeError) as e:
            raise ProcessExited("%s: cannot send %r (%s); last output:\n%s"
                                % (self.tag, data, e, self.tail())) from None

    def sendline(self, line):
        """Send `line` followed by CR, as a terminal's Enter key does."""
        self.send(line + "\r")

    def command(self, line, until_regex=PROMPT_RE, timeout=DEFAULT_TIMEOUT):
        """Type `line` + Enter; return what it printed before the next prompt.

        The echo of the typed line (the first line, if it ends with `line`)
        is removed.  The caller must already be at a prompt (expect the boot
        prompt first).
        """
        self.sendline(line)
        self.expect(until_regex, timeout)
        text = self.before
        echo, newline, rest = text.partition("\n")
        if newline and echo.endswith(line):
            text = rest
        return text


class Qemu(Console):
    """Sluice under QEMU, serial console on pipes.

        with Qemu(cpus=4, tag="qemu-boot-cpus4") as q:
            q.expect(PROMPT, 30)
            print(q.command("irq"))

    QEMU's PID goes into `pidfile` (default build/qemu-<tag>.pid) for as long
    as it runs; the transcript goes to build/test-logs/<tag>.log.
    """

    def __init__(self, kernel=DEFAULT_KERNEL, cpus=2, mem="128M", tag=None,
                 mode="pipe", gdb_port=None, extra=(), pidfile=None,
                 logfile=None, cwd=None, env=None, append=None):
        tag = tag or "qemu-cpus%d" % cpus
        if not os.path.exists(kernel):
            raise FileNotFoundError(
                "%s does not exist (run 'make kernel')" % kernel)
        self.kernel, self.cpus, self.mem = kernel, cpus, mem
        self.pidfile = pidfile or _tag_path(BUILD, "qemu-" + tag, ".pid")
        super().__init__(qemu_argv(kernel, cpus, mem, mode, gdb_port, extra,
                                   append),
                         tag=tag, logfile=logfile, cwd=cwd or ROOT, env=env)

    def _started(self):
        write_pidfile(self.pidfile, self.proc.pid)

    def _closed(self):
        if self.proc is not None:
            remove_pidfile(self.pidfile, self.proc.pid)


# ---------------------------------------------------------------------------
# CLI: `python3 tools/qemu.py run ...` (make qemu, make qemu-gdb)

GDBINIT = """\
# Written by tools/qemu.py for this QEMU run; `make gdb` loads it.
# The guard makes it harmless when gdb sources it twice (auto-load of
# ./.gdbinit allowed by "set auto-load safe-path ." plus "-x .gdbinit").
if $_isvoid($sluice_gdbinit)
  set $sluice_gdbinit = 1
  set architecture riscv:rv64
  file {kernel}
  target remote localhost:{port}

  # sluice-user PROG: add the symbols of user program build/user/bin/PROG.
  # User programs are linked at fixed addresses, so no offset is needed;
  # load one at a time, since all of them start at 0x10000.
  define sluice-user
    if $argc != 1
      echo usage: sluice-user PROG   (e.g. sluice-user sh)\\n
    else
      add-symbol-file build/user/bin/$arg0
    end
  end
end
"""


class _Terminated(Exception):
    pass


def _on_signal(signum, frame):
    raise _Terminated(signum)


def _pick_mode(requested):
    mode = requested or os.environ.get("SLUICE_QEMU_MODE") or "auto"
    if mode == "auto":
        # -nographic wants a terminal; on pipes (tests, CI) use raw serial
        # and no monitor, so no byte is taken as a Ctrl-A escape.
        return "interactive" if sys.stdin.isatty() else "pipe"
    if mode not in MODES:
        sys.exit("qemu.py: unknown mode %r (auto, interactive, pipe)" % mode)
    return mode


def cmd_run(args):
    mode = _pick_mode(args.mode)
    pidfile = args.pidfile or os.environ.get("SLUICE_QEMU_PIDFILE") or \
        os.path.join(BUILD, "qemu.pid")
    if not os.path.exists(args.kernel):
        sys.exit("qemu.py: %s does not exist (run 'make kernel')"
                 % args.kernel)
    if args.gdb is not None:
        with open(args.gdbinit, "w") as f:
            f.write(GDBINIT.format(kernel=args.kernel, port=args.gdb))
        print("gdb: in another terminal run 'make gdb'", flush=True)
    extra = list(args.extra)
    if args.disk:
        if not os.path.exists(args.disk):
            sys.exit("qemu.py: disk image %s does not exist" % args.disk)
        extra = drive_args(args.disk) + extra
    argv = qemu_argv(args.kernel, args.cpus, args.mem, mode, args.gdb,
                     extra, args.append)

    saved_tty = None
    if sys.stdin.isatty():
        import termios
        try:
            saved_tty = termios.tcgetattr(sys.stdin.fileno())
        except termios.error:
            saved_tty = None
        if mode == "interactive":
            print("qemu: Ctrl-A x quits, Ctrl-A c switches to the monitor",
                  file=sys.stderr, flush=True)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    proc = None
    status = 1
    try:
        proc = subprocess.Popen(argv)
        write_pidfile(pidfile, proc.pid)
        try:
            status = proc.wait(args.timeout)
        except subprocess.TimeoutExpired:
            print("\nqemu.py: time-out after %gs, ending QEMU (pid %d)"
                  % (args.timeout, proc.pid), file=sys.stderr)
            status = 124
    except KeyboardInterrupt:
        status = 130
    except _Terminated as e:
        status = 128 + e.args[0]
    finally:
        if proc is not None:
            end_pid(proc.pid, KILL_GRACE, proc)
            remove_pidfile(pidfile, proc.pid)
        if saved_tty is not None:
            import termios
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN,
                              saved_tty)
    if status < 0:          # QEMU died of a signal
        status = 128 - status
    return status


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="qemu.py", description="Run Sluice under QEMU virt.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="boot the kernel on this terminal")
    run.add_argument("--kernel", default=os.path.relpath(DEFAULT_KERNEL))
    run.add_argument("--cpus", type=int, default=2)
    run.add_argument("--mem", default="128M")
    run.add_argument("--gdb", type=int, metavar="PORT",
                     help="wait for gdb on this TCP port (-S -gdb)")
    run.add_argument("--gdbinit", default=".gdbinit",
                     help="gdb script written for --gdb (default .gdbinit)")
    run.add_argument("--timeout", type=float, metavar="SECONDS",
                     help="end QEMU after this long (exit status 124)")
    run.add_argument("--pidfile",
                     help="where QEMU's PID is kept while it runs "
                          "(default $SLUICE_QEMU_PIDFILE or build/qemu.pid)")
    run.add_argument("--mode", choices=("auto",) + MODES,
                     help="interactive (-nographic) or pipe (raw serial); "
                          "default $SLUICE_QEMU_MODE or auto: interactive "
                          "when stdin is a terminal")
    run.add_argument("--append", metavar="BOOTARGS",
                     help="kernel boot arguments, e.g. sluice.monitor")
    run.add_argument("--disk", metavar="IMAGE",
                     help="raw disk image attached as /dev/vda (virtio-blk)")
    run.add_argument("extra", nargs="*",
                     help="more QEMU arguments, after --")
    args = ap.parse_args(argv)
    if args.cmd == "run":
        return cmd_run(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
