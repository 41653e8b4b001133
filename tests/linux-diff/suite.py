"""The Linux-diff suite: one conformance program, two kernels, same output.

Every program in user/tests/ is a static riscv64 Linux ELF that prints
only deterministic facts and exits 0 when its own checks hold (77: skipped).
This module runs each one on Linux through qemu-riscv64 (user-mode
emulation: the host kernel does the work), records what it printed, and
compares that with what the same binary prints on Sluice.

A recorded output is the program's stdout, a newline added if its last line
lacked one, then one last line `exit=<status>`, where <status> is what a
shell's $? would say: the exit code, 128 + N for death by signal N, or
`timeout`.  Linux's is kept in build/linux-diff/<name>.linux.out.

Python standard library only.  Every process started here is ended by the
PID recorded when it was started, never by name.
"""

import difflib
import os
import shutil
import signal
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build")
TESTS_DIR = os.path.join(BUILD, "user", "tests")
OUT_DIR = os.path.join(BUILD, "linux-diff")
QEMU_USER = os.environ.get("QEMU_RISCV64", "qemu-riscv64")
DEFAULT_TIMEOUT = 30.0
SKIP_STATUS = 77

# Arguments a test is run with, on Linux and on Sluice alike.
TEST_ARGS = {
    "startup": ["one", "two words"],
}


class Outcome:
    """What one run of one program produced."""

    def __init__(self, name, stdout, status, stderr="", seconds=0.0):
        self.name = name
        self.stdout = stdout        # str
        self.status = status        # int ($? convention) or "timeout"
        self.stderr = stderr
        self.seconds = seconds

    @property
    def text(self):
        """The recorded form: stdout, then `exit=<status>`."""
        return format_output(self.stdout, self.status)

    @property
    def passed(self):
        return self.status == 0

    @property
    def skipped(self):
        return self.status == SKIP_STATUS


def format_output(stdout, status):
    if stdout and not stdout.endswith("\n"):
        stdout += "\n"
    return "%sexit=%s\n" % (stdout, status)


def test_names():
    """The conformance programs, as `make user-list-tests` lists them."""
    p = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "user/user.mk",
         "BUILD=" + os.path.relpath(BUILD, ROOT), "user-list-tests"],
        cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise RuntimeError("make user-list-tests failed: " + p.stderr)
    return [line.strip() for line in p.stdout.splitlines() if line.strip()]


def build_user():
    """Build the user programs; returns (ok, output)."""
    p = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "user/user.mk",
         "BUILD=" + os.path.relpath(BUILD, ROOT), "user"],
        cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return p.returncode == 0, p.stdout + p.stderr


def shell_status(returncode):
    """subprocess's returncode in the $? convention."""
    return 128 - returncode if returncode < 0 else returncode


def end_group(pid):
    """End the process group led by `pid` (the test and what it forked)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        time.sleep(0.2)


def qemu_path():
    path = shutil.which(QEMU_USER)
    if not path:
        raise RuntimeError("%s not found (Debian package qemu-user)"
                           % QEMU_USER)
    return path


def run_on_linux(name, timeout=DEFAULT_TIMEOUT):
    """Run build/user/tests/<name> under qemu-riscv64; returns an Outcome.

    stdin is /dev/null; the environment holds only SLUICE_EMULATOR, which
    lets the program's execve() run other riscv64 programs through the
    same emulator (user/lib/hostexec.c).  The test runs in its own process
    group so that on a time-out it and its children end together.
    """
    qemu = qemu_path()
    binary = os.path.join(TESTS_DIR, name)
    argv = [qemu, binary] + TEST_ARGS.get(name, [])
    env = {"SLUICE_EMULATOR": qemu}
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    pid = proc.pid
    try:
        out, err = proc.communicate(timeout=timeout)
        status = shell_status(proc.returncode)
    except subprocess.TimeoutExpired:
        end_group(pid)
        out, err = proc.communicate()
        status = "timeout"
    return Outcome(name, out.decode("utf-8", "replace"), status,
                   err.decode("utf-8", "replace"), time.monotonic() - start)


def save_linux(outcome):
    """Store the recorded form as build/linux-diff/<name>.linux.out."""
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, outcome.name + ".linux.out")
    with open(path, "w") as f:
        f.write(outcome.text)
    return path


def normalize(text):
    """A console turns "\\n" into "\\r\\n"; compare lines, not endings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def compare(name, linux_out, sluice_out):
    """Compare two recorded outputs of program `name`.

    Returns "" when they agree (line endings aside), else a unified diff
    from Linux's output to Sluice's.
    """
    a = normalize(linux_out).splitlines(keepends=True)
    b = normalize(sluice_out).splitlines(keepends=True)
    if a == b:
        return ""
    return "".join(difflib.unified_diff(
        a, b, fromfile=name + ".linux.out", tofile=name + ".sluice.out"))


# ---------------------------------------------------------------------------
# The Sluice side.  >>> TO BE IMPLEMENTED when Sluice runs user programs. <<<

SHELL_PROMPT = r"^\$ \Z"
KERNEL = os.path.join(BUILD, "kernel.elf")


def run_on_sluice(names, cpus=2, timeout=DEFAULT_TIMEOUT):
    """Run each program in `names` on Sluice; returns {name: output}.

    Boots Sluice once (the programs are in its initramfs under /tests),
    waits for the shell's prompt and, for each name, types

        /tests/<name> <TEST_ARGS[name], quoted for sh>; echo exit=$?

    and keeps what the program printed followed by the `exit=<status>`
    line, in the same form as Outcome.text, without the prompt and the
    console's echo of the typed command.  On the console stderr cannot be
    told from stdout; the programs write to stderr only when a check
    failed or when they skip (exit=77).  A program that does not finish
    in `timeout` ends the run: its output is recorded as `exit=timeout`
    and the rest are not run.  QEMU is ended by its PID.
    """
    import shlex
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from qemu import ExpectTimeout, Qemu

    results = {}
    with Qemu(kernel=KERNEL, cpus=cpus, tag="linux-diff") as q:
        q.expect(SHELL_PROMPT, 60)
        for name in names:
            args = " ".join(shlex.quote(a) for a in TEST_ARGS.get(name, []))
            line = "/tests/%s %s; echo exit=$?" % (name, args)
            start = q.mark()
            q.sendline(line)
            try:
                q.expect(r"^exit=\S+\n" + SHELL_PROMPT[1:], timeout)
            except ExpectTimeout:
                text = q.output_since(start)
                results[name] = text.split("\n", 1)[-1] + "\nexit=timeout\n"
                break
            text = q.output_since(start)
            text = text.split("\n", 1)[1]        # the echoed command line
            results[name] = text[:text.rindex("$ ")]
    return results
