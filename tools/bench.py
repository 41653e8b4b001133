#!/usr/bin/env python3
"""`make bench`: how long Sluice takes from QEMU start to the first prompt,
what a null system call costs, and how fast the virtio-blk disk reads.

Boots the kernel several times (2 harts by default) and measures the wall
time from starting QEMU to `sluice> ` on the serial console, once as QEMU
normally runs and once under `-icount shift=0` (one instruction per virtual
nanosecond: the guest's work is then instruction-exact, which makes the
second number steadier than the first).

The block benchmark boots with a 128 MiB disk image
(build/bench-images/blk.img, written once) and runs /bench/blkbench:
O_DIRECT reads from user space (sequential MB/s at 4, 64 and 256 KiB per
request, random 4 KiB IOPS, each at queue depth 1 with pread and 32 with
a polled io_uring; at 32 also with interrupts, *_irq, and with 32
processes, *_procs) and the ceiling the kernel reaches without the block
layer (the SLUICE_BLKBENCH ioctl, polled).
The table shows each figure as a share of that ceiling.

Prints the tables and writes build/bench.json.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qemu import (BUILD, DEFAULT_KERNEL, PROMPT_RE, ConsoleError,  # noqa: E402
                  Qemu, drive_args)

BOOT_TIMEOUT = 60.0

ICOUNT = ("-icount", "shift=0")    # 1 instruction = 1 ns of guest time
SHELL_PROMPT_RE = re.compile(r"^\$ \Z", re.M)


def boot_once(kernel, cpus, extra, tag):
    """Milliseconds from starting QEMU to the first prompt."""
    with Qemu(kernel=kernel, cpus=cpus, tag=tag, extra=extra,
              append="sluice.monitor") as q:
        q.expect(PROMPT_RE, BOOT_TIMEOUT)
        ms = (time.monotonic() - q.started_at) * 1000.0
        q.sendline("halt")
        try:
            q.wait_exit(10)
        except AssertionError:
            pass                # close() ends it by PID
    return ms


def getpid_once(kernel, cpus, extra, tag):
    """Guest nanoseconds per getpid() call (/bench/getpid).  Under
    -icount shift=0 that is instructions per call."""
    with Qemu(kernel=kernel, cpus=cpus, tag=tag, extra=extra) as q:
        q.expect(SHELL_PROMPT_RE, BOOT_TIMEOUT)
        out = q.command("/bench/getpid", SHELL_PROMPT_RE, 120)
    m = re.search(r"getpid: \d+ calls, (\d+) ns/call", out)
    if not m:
        raise RuntimeError("/bench/getpid printed %r" % out)
    return float(m[1])


BLK_IMAGE = os.path.join(BUILD, "bench-images", "blk.img")
BLK_IMAGE_BYTES = 128 << 20
BLK_TIMEOUT = 600.0
# (JSON key, unit, the ceiling it is a share of)
BLK_METRICS = [
    ("blk_seq_read_mbps_4k_qd1", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_seq_read_mbps_4k_qd32", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_seq_read_mbps_64k_qd1", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_seq_read_mbps_64k_qd32", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_seq_read_mbps_256k_qd1", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_seq_read_mbps_256k_qd32", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_rand4k_iops_qd1", "IOPS", "blk_ceiling_rand4k_iops"),
    ("blk_rand4k_iops_qd32", "IOPS", "blk_ceiling_rand4k_iops"),
    ("blk_seq_read_mbps_256k_qd32_irq", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_rand4k_iops_qd32_irq", "IOPS", "blk_ceiling_rand4k_iops"),
    ("blk_seq_read_mbps_256k_qd32_procs", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_rand4k_iops_qd32_procs", "IOPS", "blk_ceiling_rand4k_iops"),
    ("blk_ceiling_seq_mbps", "MB/s", "blk_ceiling_seq_mbps"),
    ("blk_ceiling_rand4k_iops", "IOPS", "blk_ceiling_rand4k_iops"),
    ("blk_ceiling_seq_mbps_one_buffer", "MB/s", "blk_ceiling_seq_mbps"),
]
BLK_LINE_RE = re.compile(r"^(blk_\w+): ([\d.]+) (MB/s|IOPS)", re.M)


def blk_image():
    """The bench disk: 128 MiB of non-zero data (not sparse, so QEMU reads
    real blocks of the file), made once and reused."""
    try:
        if os.path.getsize(BLK_IMAGE) == BLK_IMAGE_BYTES:
            return BLK_IMAGE
    except OSError:
        pass
    os.makedirs(os.path.dirname(BLK_IMAGE), exist_ok=True)
    mib = bytes(j % 251 + 1 for j in range(1 << 20))
    tmp = BLK_IMAGE + ".tmp"
    with open(tmp, "wb") as f:
        for i in range(BLK_IMAGE_BYTES >> 20):     # each MiB a bit different
            f.write(i.to_bytes(8, "little") + mib[8:])
    os.replace(tmp, BLK_IMAGE)
    return BLK_IMAGE


def blk_once(kernel, cpus, scale, tag):
    """{key: value} from one boot running /bench/blkbench."""
    with Qemu(kernel=kernel, cpus=cpus, tag=tag,
              extra=drive_args(blk_image())) as q:
        q.expect(SHELL_PROMPT_RE, BOOT_TIMEOUT)
        out = q.command("/bench/blkbench %d" % scale, SHELL_PROMPT_RE,
                        BLK_TIMEOUT)
    found = {k: float(v) for k, v, _ in BLK_LINE_RE.findall(out)}
    missing = [k for k, _, _ in BLK_METRICS if k not in found]
    if missing:
        raise RuntimeError("/bench/blkbench gave no %s; it printed:\n%s"
                           % (", ".join(missing), out))
    return found


def bench_blk(args, results):
    """Run the block benchmark args.blk_runs times; store the medians.

    A share of the ceiling is taken within each boot, against the ceiling
    that boot measured, and the median of those is shown: this host's
    speed drifts by tens of percent between boots, for both figures."""
    runs = [blk_once(args.kernel, args.cpus, args.blk_scale,
                     "bench-blk-%d" % (i + 1))
            for i in range(args.blk_runs)]
    med = {k: statistics.median(r[k] for r in runs) for k, _, _ in BLK_METRICS}
    shares = {k: statistics.median(100.0 * r[k] / r[c] if r[c] else 0.0
                                   for r in runs)
              for k, _, c in BLK_METRICS}
    for k, v in med.items():
        results[k] = round(v, 1)
        if not k.startswith("blk_ceiling_"):
            results[k + "_pct_of_ceiling"] = round(shares[k], 1)
    results["blk_runs"] = args.blk_runs
    width = max(len(k) for k, _, _ in BLK_METRICS)
    print("\n/dev/vda, %d MiB image, %d harts, median of %d run(s)"
          % (BLK_IMAGE_BYTES >> 20, args.cpus, args.blk_runs))
    print("%-*s  %9s  %-4s  %s" % (width, "metric", "value", "unit",
                                  "of ceiling"))
    for key, unit, _ in BLK_METRICS:
        print("%-*s  %9.1f  %-4s  %5.1f%%" % (width, key, med[key], unit,
                                             shares[key]))


FILE_BYTES = 16 << 20
FILE_RE = re.compile(r"^fileread: run (\d+): (\d+) bytes in \d+ ms, "
                     r"([\d.]+) MB/s", re.M)


def file_image():
    """A copy of build/fs.img with a 16 MiB file /home/big put in by
    debugfs, so the guest's first read of it comes from the disk."""
    src = os.path.join(BUILD, "fs.img")
    img = os.path.join(BUILD, "bench-images", "fs-file.img")
    data = os.path.join(BUILD, "bench-images", "big.bin")
    os.makedirs(os.path.dirname(img), exist_ok=True)
    with open(data, "wb") as f:
        mib = bytes(j % 253 + 1 for j in range(1 << 20))
        for i in range(FILE_BYTES >> 20):
            f.write(i.to_bytes(8, "little") + mib[8:])
    with open(src, "rb") as s, open(img, "wb") as d:
        d.write(s.read())
    subprocess.run(["debugfs", "-w", "-R", "write %s /home/big" % data, img],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return img


def bench_file(args, results):
    """Read a 16 MiB ext2 file twice after boot: cold, then warm."""
    colds, warms = [], []
    for i in range(args.blk_runs):
        with Qemu(kernel=args.kernel, cpus=args.cpus,
                  tag="bench-file-%d" % (i + 1),
                  extra=drive_args(file_image())) as q:
            q.expect(SHELL_PROMPT_RE, BOOT_TIMEOUT)
            out = q.command("/bench/fileread /home/big 2", SHELL_PROMPT_RE,
                            BLK_TIMEOUT)
        runs = {int(r): (int(n), float(v)) for r, n, v in FILE_RE.findall(out)}
        if sorted(runs) != [1, 2] or any(n != FILE_BYTES
                                         for n, _ in runs.values()):
            raise RuntimeError("/bench/fileread printed %r" % out)
        colds.append(runs[1][1])
        warms.append(runs[2][1])
    results["file_read_16m_cold_mbps"] = round(statistics.median(colds), 1)
    results["file_read_16m_warm_mbps"] = round(statistics.median(warms), 1)
    print("\n16 MiB ext2 file, read() 64 KiB at a time, median of %d boot(s)"
          % args.blk_runs)
    print("file_read_16m_cold_mbps  %9.1f  MB/s" %
          results["file_read_16m_cold_mbps"])
    print("file_read_16m_warm_mbps  %9.1f  MB/s" %
          results["file_read_16m_warm_mbps"])


# (metric, unit, measure, extra QEMU arguments)
CONFIGS = [
    ("boot_to_prompt_ms", "ms", boot_once, ()),
    ("boot_to_prompt_icount_ms", "ms", boot_once, ICOUNT),
    ("syscall_getpid_ns", "ns", getpid_once, ()),
    ("syscall_getpid_instructions", "instr", getpid_once, ICOUNT),
]


def main(argv=None):
    ap = argparse.ArgumentParser(prog="bench.py", description=__doc__.split(
        "\n")[0])
    ap.add_argument("--kernel", default=DEFAULT_KERNEL)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", default=os.path.join(BUILD, "bench.json"))
    ap.add_argument("--blk-runs", type=int, default=5,
                    help="boots running /bench/blkbench (default 5)")
    ap.add_argument("--blk-scale", type=int, default=1,
                    help="multiply blkbench's request counts (default 1)")
    ap.add_argument("--only", choices=("boot", "blk", "file"),
                    help="run only the boot/syscall figures or only the "
                         "block benchmark; other keys already in the JSON "
                         "file are kept")
    args = ap.parse_args(argv)

    if not os.path.exists(args.kernel):
        sys.exit("bench.py: %s does not exist (run 'make kernel')"
                 % args.kernel)
    results = {}
    if args.only:
        try:
            with open(args.json) as f:
                results = json.load(f)
        except (OSError, ValueError):
            results = {}
    results["cpus"] = args.cpus
    failed = False
    for group, run in (("boot", bench_boot), ("blk", bench_blk),
                       ("file", bench_file)):
        if args.only not in (None, group):
            continue
        try:
            run(args, results)
        except (RuntimeError, ConsoleError) as e:
            print("bench.py: the %s benchmark failed: %s" % (group, e),
                  file=sys.stderr)
            failed = True
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    shown = os.path.relpath(args.json)
    print("wrote %s" % (args.json if shown.startswith("..") else shown))
    return 1 if failed else 0


def bench_boot(args, results):
    """Boot time and getpid cost, args.runs times each."""
    results["runs"] = args.runs
    rows = []
    for metric, unit, measure, extra in CONFIGS:
        samples = []
        for i in range(args.runs):
            tag = "bench-%s-%d" % (metric, i + 1)
            samples.append(measure(args.kernel, args.cpus, extra, tag))
        stats = {"median": statistics.median(samples), "min": min(samples),
                 "max": max(samples)}
        for k, v in stats.items():
            results["%s_%s" % (metric, k)] = round(v, 1)
        rows.append((metric, unit, stats))

    width = max(len(m) for m, _, _ in rows)
    print("%-*s  %9s  %9s  %9s  %s" % (width, "metric", "median", "min",
                                       "max", "unit"))
    for metric, unit, st in rows:
        print("%-*s  %9.1f  %9.1f  %9.1f  %s" % (width, metric, st["median"],
                                                  st["min"], st["max"], unit))


if __name__ == "__main__":
    sys.exit(main())
