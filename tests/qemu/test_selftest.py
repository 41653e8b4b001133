"""In-kernel checks (kernel/selftest.c, drivers/blk_selftest.c) run by
booting with `sluice.selftest`: timed waits on wait queues, user address
spaces, and the block layer (plugging and merging, writes past the end,
flush, elevator switching) on a scratch disk."""

import os
import re

from harness import BUILD, ensure, on_cpus, shell, tag, timeout
from qemu import drive_args

IMAGES = os.path.join(BUILD, "test-images")


def scratch_disk(mib=4):
    """A sparse zero-filled raw image of `mib` MiB for this test."""
    os.makedirs(IMAGES, exist_ok=True)
    path = os.path.join(IMAGES, "%s.img" % tag("disk"))
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    return path


@on_cpus(1, 4)
@timeout(120)
def test_kernel_selftest(cpus):
    disk = scratch_disk()
    with shell(cpus, append="sluice.selftest", extra=drive_args(disk)) as q:
        text = q.output_since(0)
        verdicts = re.findall(r"^selftest: (.+): (ok|FAILED)", text, re.M)
        ensure(len(verdicts) >= 8, "only %d self-test verdicts" % len(verdicts))
        ensure(any(n.startswith("block:") for n, _ in verdicts),
               "the block layer checks did not run")
        failed = [name for name, v in verdicts if v != "ok"]
        ensure(not failed, "failed: %s" % ", ".join(failed))
        ensure("selftest: done, 0 failed" in text, "no clean summary")
    os.unlink(disk)
