"""devfs seen from a program (/ktests/devnodes): /dev/null, /dev/zero and
/dev/rtc behave as on Linux, and /dev lists every device with its type."""

import re

from harness import ensure, on_cpus, shell, timeout


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
