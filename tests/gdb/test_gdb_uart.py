"""gdb stops in the UART receive interrupt, driven the way a student does it:
`make qemu-gdb` in one terminal, `make gdb` (plus a few batch commands) in
another, a key typed on the serial console.

The backtrace must show the whole interrupt path, innermost frame first and
in this order: uart_rx_irq <- uart_irq <- plic_handle_irq <- do_trap <-
trap_entry (other frames may sit between them).
"""

import os
import re
import shutil
import time

import harness
from harness import PROMPT_RE, ensure, timeout

GDB = "gdb-multiarch"
EXPECTED = ["uart_rx_irq", "uart_irq", "plic_handle_irq", "do_trap",
            "trap_entry"]


def gdb_argv():
    """`make gdb`'s command line plus the batch commands of this test."""
    return [GDB, "-q", "-batch",
            "-iex", "set auto-load safe-path .", "-x", ".gdbinit",
            "-ex", "break uart_rx_irq", "-ex", "continue",
            "-ex", "bt", "-ex", "kill"]


def frames(gdb_output):
    """Function names of the `bt` frames (#0, #1, ...) in order."""
    names = []
    for m in re.finditer(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?([A-Za-z_][\w.]*)",
                         gdb_output, re.M):
        if int(m[1]) == len(names):
            names.append(m[2])
    return names


def in_order(names, expected):
    """True if frame #0 is expected[0] and the rest of `expected` follows in
    order (helpers such as the generic IRQ dispatcher may sit between)."""
    if not names or names[0] != expected[0]:
        return False
    rest = iter(names[1:])
    return all(any(n == want for n in rest) for want in expected[1:])


def end_qemu(pidfile):
    pid = harness.read_pidfile(pidfile)
    if pid is not None and harness.pid_is_qemu(pid):
        harness.end_pid(pid)


@timeout(120)
def test_uart_rx_irq():
    if shutil.which(GDB) is None:
        raise harness.Skip("%s is not installed (run tools/setup-deps)" % GDB)
    ensure(os.path.exists(harness.KERNEL),
           "build/kernel.elf is missing (run 'make kernel')")
    port = harness.free_port()
    pidfile = os.path.join(harness.BUILD, "qemu-gdb-test.pid")
    if os.path.exists(pidfile):
        end_qemu(pidfile)
        os.unlink(pidfile)
    env = dict(os.environ, SLUICE_QEMU_PIDFILE=pidfile)
    make = ["make", "qemu-gdb", "GDBPORT=%d" % port, "CPUS=1",
            "BOOTARGS=sluice.monitor"]
    try:
        with harness.console(make, "serial", env=env) as serial:
            harness.wait_until(
                lambda: harness.pid_is_qemu(harness.read_pidfile(pidfile) or 0),
                60, "QEMU's pid file %s" % os.path.relpath(pidfile, harness.ROOT))
            harness.wait_until(lambda: harness.port_listening(port), 20,
                               "QEMU's gdb server on port %d" % port)
            with harness.console(gdb_argv(), "gdb") as gdb:
                # gdb is now in `continue`; the kernel boots
                serial.expect(PROMPT_RE, 60)
                time.sleep(0.2)
                serial.send("g")        # printable only: no Ctrl-A escapes
                gdb.expect(r"Breakpoint 1, .*uart_rx_irq", 30)
                gdb.wait_exit(30)
                out = gdb.output
            names = frames(out)
            ensure(names, "gdb printed no backtrace")
            ensure(in_order(names, EXPECTED),
                   "backtrace is %s; want %s in that order from frame #0"
                   % (" <- ".join(names), " <- ".join(EXPECTED)))
            serial.wait_exit(15)    # gdb's kill ends QEMU, then make
    finally:
        end_qemu(pidfile)
