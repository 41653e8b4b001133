#!/usr/bin/env python3
"""`make bench`: how long Sluice takes from QEMU start to the first prompt.

Boots the kernel several times (2 harts by default) and measures the wall
time from starting QEMU to `sluice> ` on the serial console, once as QEMU
normally runs and once under `-icount shift=0` (one instruction per virtual
nanosecond: the guest's work is then instruction-exact, which makes the
second number steadier than the first).  Prints a table and writes
build/bench.json.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qemu import BUILD, DEFAULT_KERNEL, PROMPT_RE, Qemu   # noqa: E402

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
    args = ap.parse_args(argv)

    if not os.path.exists(args.kernel):
        sys.exit("bench.py: %s does not exist (run 'make kernel')"
                 % args.kernel)
    results = {"cpus": args.cpus, "runs": args.runs}
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
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    shown = os.path.relpath(args.json)
    print("wrote %s" % (args.json if shown.startswith("..") else shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
