"""Processes and the shell: what a user sees at the `$ ` prompt.  Each
test boots its own QEMU (init starts /bin/sh) for 1 and for 4 harts and
checks one behaviour; the Sluice-only programs live in /ktests."""

import re
import time

from harness import ensure, on_cpus, shell, timeout


@on_cpus(1, 4)
@timeout(60)
def test_shell_status(cpus):
    with shell(cpus) as q:
        out = q.sh('echo hello "two  words" \'$HOME\'')
        ensure(out.strip() == "hello two  words $HOME", "echo: %r" % out)
        q.sh("true")
        ensure(q.sh("echo $?").strip() == "0", "true did not give 0")
        q.sh("false")
        ensure(q.sh("echo $?").strip() == "1", "false did not give 1")
        out = q.sh("nosuchprogram")
        ensure("sh: nosuchprogram: not found" in out, "unknown: %r" % out)
        ensure(q.sh("echo $?").strip() == "127", "not found is not 127")


@on_cpus(1, 4)
@timeout(60)
def test_background_and_wait(cpus):
    with shell(cpus) as q:
        start = time.monotonic()
        out = q.sh("sleep 1 &")
        ensure(time.monotonic() - start < 0.9, "'sleep 1 &' blocked the shell")
        ensure(re.search(r"\[\d+\]", out), "no [pid] for the job: %r" % out)
        q.sh("wait", 10)
        ensure(time.monotonic() - start >= 1.0, "wait returned too early")


@on_cpus(1, 4)
@timeout(60)
def test_ctrl_c_ends_foreground_job(cpus):
    with shell(cpus) as q:
        q.sendline("sleep 30")
        time.sleep(0.5)
        q.send("\x03")
        q.expect(r"^\$ \Z", 5)
        ensure(q.sh("echo $?").strip() == "130",
               "status after ^C is not 130 (128 + SIGINT)")
        ensure(q.sh("echo still here").strip() == "still here",
               "the shell did not survive ^C")


@on_cpus(1, 4)
@timeout(60)
def test_exit_restarts_shell(cpus):
    with shell(cpus) as q:
        q.sendline("exit 3")
        q.expect(r"init: /bin/sh exited with status 3", 10)
        q.expect(r"init: restarting /bin/sh", 10)
        q.expect(r"^\$ \Z", 10)
        ensure(q.sh("echo back").strip() == "back", "no new shell")


@on_cpus(1, 4)
@timeout(60)
def test_user_segfault_kills_only_the_process(cpus):
    with shell(cpus) as q:
        out = q.sh("/ktests/segv")
        ensure(re.search(r"pid \d+ \(segv\): segfault at 10 pc [0-9a-f]+",
                         out), "no segfault report: %r" % out)
        ensure(q.sh("echo $?").strip() == "139", "status is not 139")


@on_cpus(1, 4)
@timeout(60)
def test_bad_executables_refused(cpus):
    with shell(cpus) as q:
        out = q.sh("/ktests/badexec")
        for line in ("execve(truncated) = -1 ENOEXEC",
                     "execve(rv32) = -1 ENOEXEC",
                     "execve(x86) = -1 ENOEXEC",
                     "execve(kernelhalf) = -1 EINVAL",
                     "execve(text) = -1 ENOEXEC",
                     "still running after every failed execve: yes"):
            ensure(line in out, "missing %r in %r" % (line, out))


@on_cpus(1, 4)
@timeout(60)
def test_orphan_reparented_to_init(cpus):
    with shell(cpus) as q:
        out = q.sh("/ktests/orphan")
        ensure("orphan reparented to init: yes" in out, out)


@on_cpus(1, 4)
@timeout(120)
def test_out_of_memory_is_an_error(cpus):
    with shell(cpus) as q:
        out = q.sh("/ktests/oom_mmap", 60)
        for line in ("mapped some before running out: yes",
                     "mmap error: ENOMEM", "munmap of all: ok",
                     "mmap works again: yes"):
            ensure(line in out, "oom_mmap: missing %r in %r" % (line, out))
        out = q.sh("/ktests/oom_fork", 60)
        ensure("fork failed after some children: yes" in out, out)
        ensure(re.search(r"fork error: (ENOMEM|EAGAIN)", out), out)
        ensure("every child reaped: yes" in out, out)
        ensure("fork works again: yes" in out, out)
        ensure(q.sh("echo alive").strip() == "alive", "system unusable")


@on_cpus(1, 4)
@timeout(60)
def test_halt_powers_off(cpus):
    with shell(cpus) as q:
        q.sendline("halt")
        q.expect(r"sluice: power off requested by pid \d+", 10)
        status = q.wait_exit(10)
        ensure(status == 0, "QEMU exit status %s after halt, want 0" % status)


@on_cpus(1, 4)
@timeout(60)
def test_ctrl_d_ends_the_shell(cpus):
    """^D at the start of a line is end-of-file: sh exits, init restarts it."""
    with shell(cpus) as q:
        q.send("\x04")
        q.expect(r"init: /bin/sh exited with status 0", 10)
        q.expect(r"^\$ \Z", 10)


@on_cpus(1, 4)
@timeout(60)
def test_raw_mode_reads_one_key(cpus):
    with shell(cpus) as q:
        q.sendline("/ktests/rawmode")
        q.expect(r"raw: press one key\n", 10)
        q.send("k")
        m = q.expect(r"read (\d+) byte: '(.)'\n", 10)
        ensure(m[1] == "1" and m[2] == "k", "raw read gave %r" % m[0])
        ensure("k" not in q.before, "the key was echoed in raw mode")
        q.expect(r"^\$ \Z", 10)
        ensure(q.sh("echo canonical again").strip() == "canonical again",
               "line editing not restored")


@on_cpus(1, 4)
@timeout(90)
def test_ps_lists_processes(cpus):
    """ps reads /proc/<pid>/stat: init, the shell and ps itself, with the
    right parents and states; a background sleep shows up as sleeping."""
    with shell(cpus) as q:
        q.sh("sleep 5 &")
        out = q.sh("ps")
        rows = {}
        for line in out.splitlines()[1:]:
            f = line.split()
            if len(f) == 4 and f[0].isdigit():
                rows.setdefault(f[3], []).append((int(f[0]), int(f[1]), f[2]))
        ensure(out.splitlines()[0].split() == ["PID", "PPID", "S", "COMMAND"],
               "no ps header: %r" % out)
        ensure(rows.get("init") == [(1, 0, "S")], "init row: %r" % out)
        sh_pid = rows["sh"][0][0] if rows.get("sh") else None
        ensure(sh_pid and rows["sh"][0][1] == 1, "sh is not init's child: %r"
               % out)
        ensure(rows.get("ps") and rows["ps"][0][1] == sh_pid and
               rows["ps"][0][2] == "R", "ps is not sh's running child: %r"
               % out)
        ensure(rows.get("sleep") and rows["sleep"][0][1] == sh_pid and
               rows["sleep"][0][2] == "S", "sleep is not sleeping: %r" % out)
        q.sh("kill %d" % rows["sleep"][0][0])
        q.sh("wait", 10)


@on_cpus(1, 4)
@timeout(60)
def test_cd_builtin(cpus):
    """cd changes the shell's working directory (chdir; pwd prints getcwd),
    relative paths resolve against it, and errors keep the old one with
    status 1."""
    with shell(cpus) as q:
        q.sh("cd /proc")
        ensure(q.sh("echo $?").strip() == "0", "cd /proc failed")
        out = q.sh("pwd")
        ensure(out.strip() == "/proc", "cwd after cd /proc: %r" % out)
        q.sh("cd ../bin/../dev")
        out = q.sh("pwd")
        ensure(out.strip() == "/dev", "cwd after cd ../bin/../dev: %r" % out)
        out = q.sh("cd /nonexistent")
        ensure("No such file or directory" in out, "cd error: %r" % out)
        ensure(q.sh("echo $?").strip() == "1", "failed cd is not status 1")
        out = q.sh("pwd")
        ensure(out.strip() == "/dev", "a failed cd moved the cwd: %r" % out)
