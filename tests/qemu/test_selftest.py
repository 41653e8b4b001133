"""In-kernel checks (kernel/selftest.c) run by booting with
`sluice.selftest`: timed waits on wait queues and user address spaces."""

import re

from harness import ensure, on_cpus, shell, timeout


@on_cpus(1, 4)
@timeout(120)
def test_kernel_selftest(cpus):
    with shell(cpus, append="sluice.selftest") as q:
        text = q.output_since(0)
        verdicts = re.findall(r"^selftest: (.+): (ok|FAILED)", text, re.M)
        ensure(len(verdicts) >= 4, "only %d self-test verdicts" % len(verdicts))
        failed = [name for name, v in verdicts if v != "ok"]
        ensure(not failed, "failed: %s" % ", ".join(failed))
        ensure("selftest: done, 0 failed" in text, "no clean summary")
