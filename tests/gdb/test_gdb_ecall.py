"""gdb across the ecall: the same `make qemu-gdb` / `make gdb` a student
uses, with tests/gdb/ecall.gdb as batch commands.  Asserts the stop
sequence: sh's user-mode read() -> trap_entry (scause 8, ecall from
U-mode) -> do_syscall with a7 = 63 (read) -> back in read() right after
the ecall."""

import os
import re
import shutil

import harness
from harness import ensure, timeout

GDB = "gdb-multiarch"


def gdb_argv():
    return [GDB, "-q", "-batch", "-iex", "set auto-load safe-path .",
            "-x", ".gdbinit", "-x", "tests/gdb/ecall.gdb"]


@timeout(180)
def test_ecall_round_trip():
    if shutil.which(GDB) is None:
        raise harness.Skip("%s is not installed (run tools/setup-deps)" % GDB)
    port = harness.free_port()
    pidfile = os.path.join(harness.BUILD, "qemu-gdb-ecall.pid")
    env = dict(os.environ, SLUICE_QEMU_PIDFILE=pidfile)
    make = ["make", "qemu-gdb", "GDBPORT=%d" % port, "CPUS=1"]
    try:
        with harness.console(make, "serial", env=env) as serial:
            harness.wait_until(lambda: harness.port_listening(port), 60,
                               "QEMU's gdb server on port %d" % port)
            with harness.console(gdb_argv(), "gdb") as gdb:
                serial.expect(r"\$ ", 90)       # sh printed its prompt
                serial.send("\r\r")             # two empty lines to read
                gdb.wait_exit(120)
                out = gdb.output
    finally:
        pid = harness.read_pidfile(pidfile)
        if pid is not None and harness.pid_is_qemu(pid):
            harness.end_pid(pid)
    stops = re.findall(r"^STOP (\S+)(.*)$", out, re.M)
    names = [s[0] for s in stops]
    ensure(names == ["user-read", "trap_entry", "do_syscall", "user-return"],
           "stop sequence %s; gdb said:\n%s" % (names, out[-1500:]))
    info = dict(stops)
    ensure(re.search(r"scause=8\b", info["trap_entry"]),
           "trap_entry not entered by an ecall from U-mode: %s"
           % info["trap_entry"])
    ensure(re.search(r"nr=63\b", info["do_syscall"]),
           "do_syscall is not read (63): %s" % info["do_syscall"])
    user_pc = int(re.search(r"pc=([0-9a-f]+)", info["user-return"])[1], 16)
    ensure(user_pc < 0x4000000000, "returned to a kernel address %x" % user_pc)
    ensure(re.search(r"^read \+ \d+ in section \.text", out, re.M),
           "the return address is not inside read(): %s" % out[-600:])
