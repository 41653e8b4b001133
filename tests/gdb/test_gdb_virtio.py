"""gdb in the virtio interrupt path: the same `make qemu-gdb` / `make gdb`
a student uses, on a scratch disk, with tests/gdb/virtio.gdb as batch
commands.  Asserts the stop sequence of one disk completion: the top half
(vblk_interrupt, entered from a supervisor external interrupt through
do_trap and the PLIC) -> the bottom half (vblk_softirq) -> the block
layer's completion with status 0 -> the wake-up of the waiting task."""

import os
import re
import shutil

import harness
from harness import ensure, timeout

GDB = "gdb-multiarch"
SEI = (1 << 63) | 9     # scause: interrupt, supervisor external


def gdb_argv():
    return [GDB, "-q", "-batch", "-iex", "set auto-load safe-path .",
            "-x", ".gdbinit", "-x", "tests/gdb/virtio.gdb"]


@timeout(180)
def test_virtio_interrupt_path():
    if shutil.which(GDB) is None:
        raise harness.Skip("%s is not installed (run tools/setup-deps)" % GDB)
    port = harness.free_port()
    images = os.path.join(harness.BUILD, "test-images")
    os.makedirs(images, exist_ok=True)
    disk = os.path.join(images, "gdb-virtio.img")
    with open(disk, "wb") as f:
        f.truncate(4 << 20)
    pidfile = os.path.join(harness.BUILD, "qemu-gdb-virtio.pid")
    env = dict(os.environ, SLUICE_QEMU_PIDFILE=pidfile)
    make = ["make", "qemu-gdb", "GDBPORT=%d" % port, "CPUS=1",
            "DISK=%s" % disk, "BOOTARGS=sluice.selftest"]
    try:
        with harness.console(make, "serial", env=env):
            harness.wait_until(lambda: harness.port_listening(port), 60,
                               "QEMU's gdb server on port %d" % port)
            with harness.console(gdb_argv(), "gdb") as gdb:
                gdb.wait_exit(120)
                out = gdb.output
    finally:
        pid = harness.read_pidfile(pidfile)
        if pid is not None and harness.pid_is_qemu(pid):
            harness.end_pid(pid)
        os.unlink(disk)
    stops = re.findall(r"^STOP (\S+)(.*)$", out, re.M)
    names = [s[0] for s in stops]
    ensure(names == ["top-half", "bottom-half", "complete", "wake-up"],
           "stop sequence %s; gdb said:\n%s" % (names, out[-1500:]))
    info = dict(stops)
    scause = int(re.search(r"scause=([0-9a-f]+)", info["top-half"])[1], 16)
    ensure(scause == SEI, "vblk_interrupt not entered from a supervisor "
           "external interrupt: scause %x" % scause)
    for frame in ("handle_irq", "do_trap"):
        ensure(re.search(r"\b%s\b" % frame, out),
               "%s is not on the interrupt's backtrace:\n%s"
               % (frame, out[-1500:]))
    ensure(re.search(r"status=0\b", info["complete"]),
           "the request did not complete with status 0: %s"
           % info["complete"])
