"""The Linux-diff suite: one conformance program, two kernels, same output.

Every program in user/tests/ is a static riscv64 Linux ELF that prints
only deterministic facts and exits 0 when its own checks hold (77: skipped).
This module runs each one on Linux through qemu-riscv64 (user-mode
emulation: the host kernel does the work), records what it printed, and
compares that with what the same binary prints on Sluice.

A recorded output is the program's stdout, a newline added if its last line
lacked one, then one last line `exit=<status>`, where <status> is what a
shell's $? would say: the exit code, 128 + N for death by signal N, or
`timeout` (on Sluice also `panic`).  Linux's is kept in
build/linux-diff/<name>.linux.out.

Each program starts in a fresh, empty scratch directory of its own (on
Linux a temporary directory, on Sluice /tmp/ld-<name> on a private copy of
the ext2 root image), so the file tests can create what they like with
relative paths.  After the Sluice run the image is checked with e2fsck.

Python standard library only.  Every process started here is ended by the
PID recorded when it was started, never by name.
"""

import difflib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build")
TESTS_DIR = os.path.join(BUILD, "user", "tests")
OUT_DIR = os.path.join(BUILD, "linux-diff")
QEMU_USER = os.environ.get("QEMU_RISCV64", "qemu-riscv64")
DEFAULT_TIMEOUT = 30.0
SKIP_STATUS = 77
# The file-creation mask on Linux.  Sluice has none (umask 0), so the
# programs only create files with modes this mask leaves alone (0644,
# 0755, 0600 ...); fixing it here keeps the caller's own umask out.
HOST_UMASK = 0o022

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


def build_all():
    """`make all` (kernel and build/fs.img, which holds /tests for the
    Sluice side); returns (ok, output)."""
    p = subprocess.run(["make", "-s", "--no-print-directory", "all"],
                       cwd=ROOT, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
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

    stdin is /dev/null; the working directory is a new empty temporary
    directory (mode 0755), removed afterwards; the umask is HOST_UMASK; the
    environment holds only SLUICE_EMULATOR, which lets the program's
    execve() run other riscv64 programs through the same emulator
    (user/lib/hostexec.c).  The test runs in its own process group so
    that on a time-out it and its children end together.
    """
    qemu = qemu_path()
    binary = os.path.join(TESTS_DIR, name)
    argv = [qemu, binary] + TEST_ARGS.get(name, [])
    env = {"SLUICE_EMULATOR": qemu}
    scratch = tempfile.mkdtemp(prefix="ld-%s-" % name)
    os.chmod(scratch, 0o755)            # as mkscratch makes it on Sluice
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, cwd=scratch, env=env,
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE,
                                start_new_session=True, umask=HOST_UMASK)
        pid = proc.pid
        try:
            out, err = proc.communicate(timeout=timeout)
            status = shell_status(proc.returncode)
        except subprocess.TimeoutExpired:
            end_group(pid)
            out, err = proc.communicate()
            status = "timeout"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
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
# The Sluice side.

SHELL_PROMPT = r"^\$ \Z"
KERNEL = os.path.join(BUILD, "kernel.elf")
FS_IMAGE = os.path.join(BUILD, "fs.img")
IMAGES = os.path.join(BUILD, "test-images")
SCRATCH = "/tmp/ld-%s"          # a program's working directory on Sluice
HALT_TIMEOUT = 30.0


class SluiceRun:
    """What the Sluice side produced for one hart count.

    outputs  {name: recorded output} for every program that ran
    image    the private copy of build/fs.img the boots used (/dev/vda)
    boots    how many times Sluice was booted (more than 1 after a crash)
    lost     the programs during which Sluice panicked or hung
    halted   True if /bin/halt powered the last boot off, so the file
             system was synced and is fit for e2fsck
    note     why it did not halt, when it did not
    """

    def __init__(self, image):
        self.outputs = {}
        self.image = image
        self.boots = 0
        self.lost = []
        self.halted = False
        self.note = "not run"


def copy_image(src, dst, chunk=1 << 16):
    """Copy disk image `src` to `dst`, leaving runs of zeros as holes."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while True:
            data = fin.read(chunk)
            if not data:
                break
            if data.count(0) == len(data):
                fout.seek(len(data), os.SEEK_CUR)
            else:
                fout.write(data)
        fout.truncate()


# build/test-images/<tag>-<pid of the runner>.img: two runs at once (two
# checkouts' worth of `make test` in one tree) must not share a disk.
_IMAGE_RE = re.compile(r"^linux-diff-.*-(\d+)\.img$")


def remove_stale_images():
    """Remove the images of runners that are gone (kept for a look after
    a failure, they are not needed once another run starts)."""
    for fname in os.listdir(IMAGES):
        m = _IMAGE_RE.match(fname)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue                    # its runner is still there
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        try:
            os.remove(os.path.join(IMAGES, fname))
        except OSError:
            pass


def stale_inputs(names):
    """The programs newer than build/fs.img (its /tests would be stale)."""
    try:
        built = os.path.getmtime(FS_IMAGE)
    except OSError:
        return ["build/fs.img (missing)"]
    stale = []
    for name in list(names) + ["mkscratch"]:
        path = os.path.join(TESTS_DIR, name)
        if os.path.exists(path) and os.path.getmtime(path) > built:
            stale.append(os.path.relpath(path, ROOT))
    return stale


def sluice_command(name):
    """The shell line that runs `name` in its scratch directory."""
    import shlex
    args = " ".join(shlex.quote(a) for a in TEST_ARGS.get(name, []))
    scratch = SCRATCH % name
    return ("/tests/mkscratch %s; cd %s; /tests/%s %s; echo exit=$?"
            % (scratch, scratch, name, args))


def run_on_sluice(names, cpus=2, timeout=DEFAULT_TIMEOUT, tag=None):
    """Run each program in `names` on Sluice; returns a SluiceRun.

    Copies build/fs.img to build/test-images/<tag>-<pid>.img (<pid>: this
    runner's, so that concurrent runs keep apart), boots Sluice with
    that copy as its root (/dev/vda, ext2), waits for the shell's prompt
    and, for each name, types

        /tests/mkscratch /tmp/ld-<name>; cd /tmp/ld-<name>;
        /tests/<name> <TEST_ARGS[name], quoted for sh>; echo exit=$?

    (one line) and keeps what the program printed followed by the
    `exit=<status>` line, in the same form as Outcome.text, without the
    prompt and the console's echo of the typed command.  On the console
    stderr cannot be told from stdout; the programs write to stderr only
    when a check failed or when they skip (exit=77).

    A kernel panic or a program that does not finish in `timeout` is
    recorded as `exit=panic` / `exit=timeout` after what was printed;
    QEMU is then ended by its PID and Sluice booted again, on the same
    image, for the programs left.  After the last program /bin/halt syncs
    and powers off.
    """
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from qemu import Qemu, drive_args

    stale = stale_inputs(names)
    if stale:
        raise RuntimeError("build/fs.img is older than %s: run make"
                           % ", ".join(stale[:3]))
    tag = tag or "linux-diff-cpus%d" % cpus
    os.makedirs(IMAGES, exist_ok=True)
    remove_stale_images()
    run = SluiceRun(os.path.join(IMAGES, "%s-%d.img" % (tag, os.getpid())))
    copy_image(FS_IMAGE, run.image)
    pending = list(names)
    while pending:
        run.boots += 1
        boot_tag = tag if run.boots == 1 else "%s-boot%d" % (tag, run.boots)
        with Qemu(kernel=KERNEL, cpus=cpus, tag=boot_tag,
                  extra=drive_args(run.image)) as q:
            q.expect(SHELL_PROMPT, 60)
            while pending:
                name = pending.pop(0)
                if not _run_one(q, name, timeout, run):
                    break
            else:
                _halt(q, run)
    return run


# What ends one program's run: its status line and the next prompt, or
# the kernel giving up.
_DONE_RE = re.compile(r"^exit=\S+\n\$ \Z|^(?P<panic>panic: .*)$", re.M)
PANIC_GRACE = 1.0               # seconds to let the backtrace arrive


def _run_one(q, name, timeout, run):
    """Type one program's line and record its output in run.outputs.

    Returns False when Sluice panicked or the program hung (the boot is
    then useless), True otherwise.
    """
    from qemu import ExpectTimeout, ProcessExited
    start = q.mark()
    q.sendline(sluice_command(name))
    try:
        m = q.expect(_DONE_RE, timeout)
        status = "panic" if m.group("panic") else None
    except ExpectTimeout:
        status = "timeout"
    except ProcessExited:
        status = "exited"
    if status == "panic":
        time.sleep(PANIC_GRACE)
    text = q.output_since(start).split("\n", 1)[-1]   # drop the echo
    if status is None:
        run.outputs[name] = text[:text.rindex("$ ")]
        return True
    run.outputs[name] = text.rstrip("\n") + "\nexit=%s\n" % status
    run.lost.append(name)
    run.note = "Sluice %s during %s" % (
        {"panic": "panicked", "timeout": "hung",
         "exited": "exited"}[status], name)
    return False


def _halt(q, run):
    """Type /bin/halt and wait for QEMU to exit by itself."""
    from qemu import ExpectTimeout
    q.sendline("/bin/halt")
    try:
        q.wait_exit(HALT_TIMEOUT)
    except ExpectTimeout:
        run.note = ("/bin/halt did not power off in %gs; last output:\n%s"
                    % (HALT_TIMEOUT, q.tail(1024)))
        return
    run.halted = True
    if not run.lost:
        run.note = ""


def e2fsck_path():
    """e2fsck, also where $PATH of a normal user does not reach."""
    return (shutil.which("e2fsck")
            or next((p for p in ("/sbin/e2fsck", "/usr/sbin/e2fsck")
                     if os.access(p, os.X_OK)), None))


def fsck(run):
    """Check the image of a SluiceRun with `e2fsck -fn`.

    Returns "" when Sluice halted cleanly and e2fsck found the file
    system clean (exit status 0); the image is then removed.  Else a
    message with e2fsck's output, and the image is kept.  Raises
    FileNotFoundError when e2fsck is not installed.
    """
    e2fsck = e2fsck_path()
    if not e2fsck:
        raise FileNotFoundError("e2fsck not found (Debian package "
                                "e2fsprogs)")
    p = subprocess.run([e2fsck, "-fn", run.image], capture_output=True,
                       text=True, stdin=subprocess.DEVNULL)
    out = (p.stdout + p.stderr).strip()
    image = os.path.relpath(run.image, ROOT)
    if not run.halted:
        return ("Sluice did not halt cleanly (%s); e2fsck -fn %s: exit %d\n%s"
                % (run.note, image, p.returncode, out))
    if p.returncode != 0:
        crash = ""
        if run.lost:
            crash = (" (the image lived through a crash: %s)"
                     % ", ".join(run.lost))
        return "e2fsck -fn %s: exit %d%s\n%s" % (image, p.returncode,
                                                 crash, out)
    os.remove(run.image)                # clean: nothing to look at
    return ""
