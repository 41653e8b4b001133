"""devfs seen from a program (/ktests/devnodes): /dev/null, /dev/zero and
/dev/rtc behave as on Linux, and /dev lists every device with its type;
procfs files as cat shows them."""

import os
import re

from harness import BUILD, ensure, on_cpus, shell, tag, timeout
from qemu import drive_args

IMAGES = os.path.join(BUILD, "test-images")


@on_cpus(1, 4)
@timeout(60)
def test_device_nodes(cpus):
    with shell(cpus) as q:
        out = q.sh("/ktests/devnodes")
        ensure(q.sh("echo $?").strip() == "0", "devnodes failed:\n%s" % out)
        failed = re.findall(r"^(.*): FAILED$", out, re.M)
        ensure(not failed, "failed: %s" % failed)
        listed = dict(re.findall(r"^/dev/(\S+) type (\d+)$", out, re.M))
        want = {"console": "2", "null": "2", "zero": "2", "rtc": "2"}
        for name, dtype in want.items():
            ensure(listed.get(name) == dtype,
                   "/dev/%s missing or not DT_CHR: %r" % (name, listed))


@on_cpus(1, 4)
@timeout(90)
def test_proc_files(cpus):
    """procfs files read with cat, in the layouts their Linux readers
    expect: meminfo's MemTotal, uptime's two numbers, the shell's own
    /proc/$$/status, and diskstats counting a 6.25 MiB read of vda."""
    os.makedirs(IMAGES, exist_ok=True)
    disk = os.path.join(IMAGES, "%s.img" % tag("disk"))
    with open(disk, "wb") as f:
        f.truncate(16 << 20)
    with shell(cpus, extra=drive_args(disk)) as q:
        mem = q.sh("cat /proc/meminfo")
        m = re.search(r"^MemTotal:\s+(\d+) kB$", mem, re.M)
        ensure(m and 100000 < int(m[1]) <= 131072,
               "MemTotal missing or not ~128 MiB:\n%s" % mem)
        up = q.sh("cat /proc/uptime").split()
        ensure(len(up) == 2 and float(up[0]) > 0, "uptime: %r" % up)
        status = q.sh("cat /proc/$$/status")
        ensure(re.search(r"^Name:\ssh$", status, re.M) and
               re.search(r"^PPid:\s1$", status, re.M) and
               re.search(r"^State:\s[RS] ", status, re.M),
               "the shell's status:\n%s" % status)
        q.sh("dd if=/dev/vda of=/dev/null bs=64k count=100")
        stats = q.sh("cat /proc/diskstats").split()
        ensure(len(stats) >= 14 and stats[:3] == ["254", "0", "vda"],
               "diskstats: %r" % stats)
        ensure(int(stats[3]) > 0 and int(stats[5]) >= 12800,
               "diskstats counts %s reads, %s sectors for 12800 read"
               % (stats[3], stats[5]))
    os.unlink(disk)
