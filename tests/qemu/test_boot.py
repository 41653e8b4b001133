"""Boot and monitor tests: what docs/contract-foundation.md promises on the
serial console.  Each test boots its own QEMU and checks one behaviour, for
1 and for 4 harts."""

import re
import time

from harness import PROMPT_RE, booted, ensure, on_cpus, timeout

MEM_MIB = 128


# ---------------------------------------------------------------------------
# Parsers for the monitor's output

def parse_ticks(text):
    """`hart <id>: <n> ticks` lines -> {hart: n}; fails on duplicates."""
    counts = {}
    for hart, n in re.findall(r"^hart (\d+): (\d+) ticks$", text, re.M):
        ensure(int(hart) not in counts,
               "'ticks' lists hart %s twice: %r" % (hart, text))
        counts[int(hart)] = int(n)
    return counts


def parse_irq(text, cpus):
    """The `irq` table (laid out like /proc/interrupts) -> (hart ids from
    the header, {row name: [counts]}).

    Device rows are keyed by their name (`uart`), with the IRQ number under
    "<name>#irq"; the timer and IPI rows by `LOC` and `IPI`."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    head = [i for i, ln in enumerate(lines) if re.search(r"\bCPU\d+\b", ln)]
    ensure(head, "'irq' printed no header line of CPU<id> columns: %r"
           % text)
    harts = [int(h) for h in re.findall(r"\bCPU(\d+)\b", lines[head[0]])]
    rows = {}
    for line in lines[head[0] + 1:]:
        m = re.match(r"^\s*(\d+):((?:\s+\d+)+)\s+PLIC\s+\d+\s+(\S+)", line)
        if m:
            rows[m[3]] = [int(x) for x in m[2].split()]
            rows[m[3] + "#irq"] = int(m[1])
            continue
        m = re.match(r"^\s*(LOC|IPI):((?:\s+\d+)+)", line)
        if m:
            rows[m[1]] = [int(x) for x in m[2].split()]
    for name, counts in rows.items():
        if not name.endswith("#irq"):
            ensure(len(counts) == len(harts),
                   "'irq' row %s has %d counts for %d harts: %r"
                   % (name, len(counts), len(harts), text))
    return harts, rows


def help_ran(text):
    """True if `text` is the output of `help` (one line per command)."""
    names = re.findall(r"^  (\S+)  ", text, re.M)
    return "help" in names and "irq" in names and \
        "unknown command" not in text


# ---------------------------------------------------------------------------

@on_cpus(1, 4)
@timeout(60)
def test_boot(cpus):
    with booted(cpus) as q:
        text = q.boot_text
        m = re.search(r"^Sluice booting on hart (\d+): (\d+) harts, "
                      r"(\d+) MiB RAM$", text, re.M)
        ensure(m, "no 'Sluice booting on hart <id>: <n> harts, <MiB> MiB "
                  "RAM' line")
        ensure(int(m[1]) < cpus, "booting on hart %s of %d" % (m[1], cpus))
        ensure(int(m[2]) == cpus,
               "banner says %s harts, QEMU has %d" % (m[2], cpus))
        ensure(int(m[3]) == MEM_MIB,
               "banner says %s MiB RAM, QEMU has %d" % (m[3], MEM_MIB))
        after = text[m.end():]
        all_on = re.search(r"^sluice: all (\d+) harts online$", after, re.M)
        ensure(all_on, "no 'sluice: all <n> harts online' line")
        ensure(int(all_on[1]) == cpus, "'sluice: all %s harts online' with "
               "%d harts" % (all_on[1], cpus))
        online = [int(h) for h in re.findall(r"^hart (\d+) online$",
                                             after[:all_on.start()], re.M)]
        ensure(sorted(online) == list(range(cpus)),
               "'hart <id> online' lines before 'all harts online' name "
               "harts %s, want each of 0..%d once" % (sorted(online), cpus - 1))


@timeout(60)
def test_late_hart():
    """A hart that enters _start while another is booting the kernel (as
    OpenSBI 1.1 once did) must not run kmain again: it waits and joins as
    a secondary.  sluice.late_hart makes the kernel start one hart at
    _start instead of _start_secondary."""
    with booted(4, append="sluice.monitor sluice.late_hart") as q:
        text = q.boot_text
        ensure(len(re.findall(r"^Sluice booting on hart", text, re.M)) == 1,
               "the kernel booted more than once")
        ensure(re.search(r"^sluice: all 4 harts online$", text, re.M),
               "no 'sluice: all 4 harts online' line")
        counts = parse_ticks(q.command("ticks"))
        ensure(sorted(counts) == [0, 1, 2, 3],
               "'ticks' lists harts %s, want 0..3" % sorted(counts))


@on_cpus(1, 4)
@timeout(60)
def test_ticks(cpus):
    with booted(cpus) as q:
        first = parse_ticks(q.command("ticks"))
        time.sleep(0.5)
        second = parse_ticks(q.command("ticks"))
        for counts in (first, second):
            ensure(sorted(counts) == list(range(cpus)),
                   "'ticks' lists harts %s, want 0..%d"
                   % (sorted(counts), cpus - 1))
        stuck = [h for h in range(cpus) if second[h] <= first[h]]
        ensure(not stuck, "tick counts did not grow in 0.5s on hart(s) %s: "
               "%s then %s" % (stuck, first, second))


@on_cpus(1, 4)
@timeout(60)
def test_irq_table(cpus):
    with booted(cpus) as q:
        time.sleep(0.3)             # let every hart take a few timer ticks
        text = q.command("irq")
        harts, rows = parse_irq(text, cpus)
        ensure(harts == list(range(cpus)),
               "'irq' header has columns for harts %s, want CPU0..CPU%d"
               % (harts, cpus - 1))
        ensure("uart" in rows, "'irq' has no uart row: %r" % text)
        ensure(rows["uart#irq"] == 10,
               "uart is IRQ %d, want 10" % rows["uart#irq"])
        ensure("LOC" in rows, "'irq' has no LOC row: %r" % text)
        idle = [h for h, n in zip(harts, rows["LOC"]) if n == 0]
        ensure(not idle, "LOC count is 0 on hart(s) %s" % idle)
        ensure("IPI" in rows, "'irq' has no IPI row: %r" % text)


@on_cpus(1, 4)
@timeout(60)
def test_echo_irq(cpus):
    typed = "sluice"
    with booted(cpus) as q:
        _, rows = parse_irq(q.command("irq"), cpus)
        ensure("uart" in rows, "'irq' has no uart row")
        before = sum(rows["uart"])
        for ch in typed:
            # one character at a time, each echoed before the next is sent,
            # so each is certain to have raised its own interrupt
            q.send(ch)
            q.expect(re.escape(ch), 5)
            time.sleep(0.02)
        q.send("\x15")              # ^U: discard the typed line
        _, rows = parse_irq(q.command("irq"), cpus)
        grew = sum(rows["uart"]) - before
        ensure(grew >= len(typed),
               "uart interrupts grew by %d after %d characters typed one "
               "at a time" % (grew, len(typed)))


@on_cpus(1, 4)
@timeout(60)
def test_backspace(cpus):
    with booted(cpus) as q:
        # one DEL (0x7f) and one BS (0x08): both erase a character
        q.send("hepl")
        q.expect("hepl", 5)
        q.send("\x7f\x08")
        q.expect(re.escape("\b \b\b \b"), 5)
        q.send("lp\r")
        q.expect(PROMPT_RE, 10)
        ensure(help_ran(q.before),
               "'hepl' + 2 backspaces + 'lp' did not run help: %r" % q.before)


@on_cpus(1, 4)
@timeout(60)
def test_kill_line(cpus):
    with booted(cpus) as q:
        q.send("xx")
        q.expect("xx", 5)
        q.send("\x15")
        time.sleep(0.1)
        q.send("help\r")
        q.expect(PROMPT_RE, 10)
        ensure(help_ran(q.before),
               "'xx' + ^U + 'help' did not run help: %r" % q.before)


@on_cpus(1, 4)
@timeout(60)
def test_unknown_command(cpus):
    with booted(cpus) as q:
        text = q.command("frobnicate")
        ensure("unknown command 'frobnicate' (try 'help')" in text,
               "no \"unknown command 'frobnicate' (try 'help')\": %r" % text)


@on_cpus(1, 4)
@timeout(60)
def test_mem(cpus):
    with booted(cpus) as q:
        text = q.command("mem")
        m = re.search(r"^mem: total (\d+) KiB, free (\d+) KiB, "
                      r"kernel (\d+) KiB, kmalloc (\d+) KiB$", text, re.M)
        ensure(m, "'mem' line does not parse: %r" % text)
        total, free = int(m[1]), int(m[2])
        ensure(0 < free < total <= MEM_MIB * 1024,
               "want 0 < free < total <= %d KiB, got total %d, free %d"
               % (MEM_MIB * 1024, total, free))


@on_cpus(1, 4)
@timeout(60)
def test_halt(cpus):
    with booted(cpus) as q:
        q.sendline("halt")
        q.expect(r"sluice: halting", 5)
        status = q.wait_exit(10)
        ensure(status == 0, "QEMU exit status %d after halt, want 0" % status)


@on_cpus(1, 4)
@timeout(60)
def test_fault(cpus):
    with booted(cpus) as q:
        q.sendline("fault")
        q.expect(r"panic: hart \d+: kernel trap: load page fault", 5)
        status = q.wait_exit(10)
        text = q.output_since(0)
        text = text[text.rfind("panic: hart"):]
        sepc = re.search(r"^\s*sepc\s+[0-9a-f]+\s+(\S+)$", text, re.M)
        ensure(sepc, "no 'sepc <hex> <symbol>+0x<off>' line")
        ensure(re.fullmatch(r"monitor_fault\+0x[0-9a-f]+", sepc[1]),
               "sepc is at %s, want monitor_fault+0x..." % sepc[1])
        ensure("\nbacktrace:\n" in text, "no 'backtrace:' line")
        bt = text.split("\nbacktrace:\n", 1)[1]
        frames = re.findall(r"^\s+[0-9a-f]{8,16}\s+([A-Za-z_]\w*\+0x[0-9a-f]+)",
                            bt, re.M)
        ensure(len(frames) >= 2,
               "backtrace has %d symbolised frames, want >= 2" % len(frames))
        ensure(frames[1].startswith("monitor_run+"),
               "caller of monitor_fault is %s, want monitor_run" % frames[1])
        ensure(status != 0, "QEMU exit status 0 after a panic, want non-zero")


@on_cpus(2, 4)
@timeout(60)
def test_lockup_detected(cpus):
    """The spinlock deadlock detector names the lock, holder and site."""
    with booted(cpus) as q:
        q.sendline("lockup")
        m = q.expect(r"panic: hart (\d+): spinlock 'lockup': hart (\d+) spun "
                     r"(\d+) ms; held by hart (\d+) since (monitor_lockup\+0x"
                     r"[0-9a-f]+)", 20)
        ensure(m[1] == m[2], "the panicking hart %s is not the spinner %s"
               % (m[1], m[2]))
        ensure(m[1] != m[4], "spinner and holder are both hart %s" % m[1])
        ensure(int(m[3]) >= 5000, "detector fired after %s ms, want >= 5000"
               % m[3])
        status = q.wait_exit(10)
        ensure(status != 0, "QEMU exit status 0 after a panic, want non-zero")


@on_cpus(1)
@timeout(60)
def test_lockup_needs_two_harts(cpus):
    with booted(cpus) as q:
        out = q.command("lockup")
        ensure("needs a second hart" in out, "lockup on one hart: %r" % out)
        ensure(help_ran(q.command("help")), "monitor dead after lockup")


@on_cpus(1, 4)
@timeout(60)
def test_softirq_runs_per_key(cpus):
    """Each received byte is finished by the tty bottom half."""
    def tty_runs(text):
        m = re.search(r"^\s*tty:((?:\s+\d+)+)$", text, re.M)
        ensure(m, "'softirq' has no tty row: %r" % text)
        return sum(int(x) for x in m[1].split())

    with booted(cpus) as q:
        before = tty_runs(q.command("softirq"))
        for ch in "abc":
            q.send(ch)
            q.expect(re.escape(ch), 5)
        q.send("\x15")
        after = tty_runs(q.command("softirq"))
        ensure(after - before >= 4, "tty bottom half ran %d times for 4 keys"
               " plus a line, want >= 4" % (after - before))
