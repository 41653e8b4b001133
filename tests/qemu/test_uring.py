"""io_uring from a program (/ktests/uring, user/ktests/uring.c), as
io_uring_setup(2) and io_uring_enter(2) describe it: setup's checks and
ring sizes, mmap of the rings, enter's errors, NOP, READ/WRITE/READV/
WRITEV/FSYNC through the page cache, errors in CQEs, a dropped SQ entry,
O_DIRECT batches, 32,000 random O_DIRECT reads with 32 in flight, and a
process that exits with reads in flight.

As in test_blk.py the root is the initramfs and /dev/vda a 16 MiB image
holding the sector pattern of one seed (user/ktests/blkutil.h); the
program reads below 8 MiB and writes above it.  The image is deleted when
the test passes and kept for a look when it fails."""

import os
import re
import sys

from harness import ensure, on_cpus, timeout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_blk import (DISK_SECTORS, disk_shell, failures,  # noqa: E402
                      make_image, remove_image, run)

SEED = 11


@on_cpus(1, 4)
@timeout(300)
def test_uring(cpus):
    """Every check of /ktests/uring passes; a lost completion hangs the
    program and the time-out fails the test."""
    image = make_image([(0, DISK_SECTORS, SEED)])
    with disk_shell(cpus, image) as q:
        out, status = run(q, "/ktests/uring %d" % SEED, 240)
        ensure(status == 0 and re.search(r"^uring: \d+ passed, 0 failed$",
                                         out, re.M),
               "uring (exit %s):\n%s" % (status, failures(out)))
        ensure(q.sh("echo alive").strip() == "alive", "the shell is gone")
    remove_image(image)
