"""/dev/vda, the virtio-blk disk: data written on one side of the virtqueue
arrives intact on the other, with either elevator, from many processes at
once; the edges of the disk behave as on Linux; device errors come back
as EIO without hanging anything; 100,000 requests at queue depth 32 all
complete; the elevator can be switched while I/O is in flight.

Each test makes its disk image under build/test-images/ (sparse files of
16 MiB; nothing is downloaded), boots Sluice with it attached and runs
the programs of user/ktests/blk*.c.  The image is deleted when the test
passes and kept for a look when it fails.

The sector pattern is the one user/ktests/blkutil.h documents; keep
pattern_key() and sector_bytes() in step with it.  A sector is 64
little-endian u64 words (arithmetic modulo 2^64):

    s = seed
    key[i], i = 1..63:  s = s * 6364136223846793005 + 1442695040888963407
                        key[i] = s ^ (s >> 33)
    sector n:  word[0] = n,  word[i] = key[i] ^ (n * 0x9e3779b97f4a7c15)
"""

import contextlib
import os
import re
import struct

from harness import (BUILD, run_status, current, ensure, on_cpus, shell,
                     timeout)
from qemu import drive_args

IMAGES = os.path.join(BUILD, "test-images")
SECTOR = 512
DISK_SECTORS = 32768                 # 16 MiB
ELEVATORS = ("noop", "cscan")

MASK = (1 << 64) - 1
LCG_MUL = 6364136223846793005
LCG_INC = 1442695040888963407
GOLDEN = 0x9e3779b97f4a7c15
# A u64 times this is that u64 repeated 63 times (no carries).
REPEAT63 = sum(1 << (64 * i) for i in range(63))


def cpus_and_elevators(cpus=(1, 4), elevators=ELEVATORS):
    """Decorator: run the test for each hart count and boot-time elevator,
    passing `cpus` and `elevator` (qemu/blk_x[cpus=4,elevator=noop])."""
    def mark(fn):
        fn.params = [{"cpus": c, "elevator": e}
                     for c in cpus for e in elevators]
        return fn
    return mark


# ---------------------------------------------------------------------------
# The sector pattern

def pattern_key(seed):
    """Words 1..63 of the key of `seed`, as one 504-byte integer."""
    s, words = seed & MASK, []
    for _ in range(63):
        s = (s * LCG_MUL + LCG_INC) & MASK
        words.append(s ^ (s >> 33))
    return int.from_bytes(struct.pack("<63Q", *words), "little")


def sector_bytes(key, n):
    """The 512 bytes of sector `n` under key `key` (from pattern_key)."""
    mix = (n * GOLDEN) & MASK
    return struct.pack("<Q", n) + (key ^ mix * REPEAT63).to_bytes(
        504, "little")


def pattern(seed, first, count):
    key = pattern_key(seed)
    return b"".join(sector_bytes(key, n) for n in range(first, first + count))


# ---------------------------------------------------------------------------
# Disk images: a layout is a list of (first sector, count, seed or None),
# None meaning zeros.

def image_path(suffix=""):
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", current.name).strip("-")
    return os.path.join(IMAGES, name + suffix + ".img")


def make_image(layout=(), sectors=DISK_SECTORS, suffix=""):
    """A sparse image of `sectors` sectors holding `layout`; its path."""
    os.makedirs(IMAGES, exist_ok=True)
    path = image_path(suffix)
    with open(path, "wb") as f:
        f.truncate(sectors * SECTOR)
        for first, count, seed in layout:
            if seed is not None:
                f.seek(first * SECTOR)
                for at in range(first, first + count, 2048):
                    f.write(pattern(seed, at, min(2048, first + count - at)))
    return path


def check_image(path, layout):
    """Compare the image with `layout`; a list of problems (empty: ok),
    one per region: its first wrong sector."""
    problems = []
    with open(path, "rb") as f:
        for first, count, seed in layout:
            key = pattern_key(seed) if seed is not None else None
            f.seek(first * SECTOR)
            data = f.read(count * SECTOR)
            for i in range(count):
                got = data[i * SECTOR:(i + 1) * SECTOR]
                want = (sector_bytes(key, first + i) if key is not None
                        else bytes(SECTOR))
                if got != want:
                    problems.append(
                        "sector %d (region %d+%d, %s) is wrong: starts %s"
                        % (first + i, first, count,
                           "seed %d" % seed if seed is not None else "zeros",
                           got[:16].hex()))
                    break
    return problems


def whole(layout, sectors=DISK_SECTORS, background=None):
    """`layout` with the gaps filled by `background` (a seed or None)."""
    out, at = [], 0
    for first, count, seed in sorted(layout):
        if first > at:
            out.append((at, first - at, background))
        out.append((first, count, seed))
        at = first + count
    if at < sectors:
        out.append((at, sectors - at, background))
    return out


def remove_image(path):
    with contextlib.suppress(OSError):
        os.unlink(path)


# ---------------------------------------------------------------------------
# Booting with a disk

@contextlib.contextmanager
def disk_shell(cpus, image, elevator=None, blkdebug=None, boot_timeout=30):
    append = "sluice.elevator=%s" % elevator if elevator else ""
    with shell(cpus, boot_timeout, append=append,
               extra=drive_args(image, blkdebug_config=blkdebug)) as q:
        yield q


run = run_status


def run_ok(q, line, t=60, want=None):
    """Run `line`; it must exit 0 and print a line matching `want`."""
    out, status = run(q, line, t)
    ensure(status == 0, "%s: exit status %s:\n%s" % (line, status, out))
    if want is not None:
        ensure(re.search(want, out, re.M),
               "%s: no %r in:\n%s" % (line, want, out))
    return out


def halt(q):
    """Power off from the shell; QEMU must exit 0 (the image is then
    complete on the host)."""
    q.sendline("halt")
    q.expect(r"sluice: power off requested by pid \d+", 20)
    status = q.wait_exit(20)
    ensure(status == 0, "QEMU exit status %s after halt" % status)


def failures(out):
    """The lines of a check program's output that say what went wrong."""
    return "\n".join(ln for ln in out.splitlines()
                     if "(want" in ln or "FAIL" in ln) or out


# ---------------------------------------------------------------------------
# Tests

@cpus_and_elevators()
@timeout(180)
def test_blk_roundtrip(cpus, elevator):
    """Host-written data reads back in the guest, buffered and O_DIRECT;
    guest-written data is in the image after power-off, and only where it
    was written.  The buffered region starts and ends mid cache block."""
    image = make_image([(0, DISK_SECTORS, 1)])
    buffered, direct = (1001, 2999, 2), (8192, 2048, 3)
    with disk_shell(cpus, image, elevator) as q:
        run_ok(q, "/ktests/blkelv", want=r"^elevator: %s$" % elevator)
        run_ok(q, "/ktests/blkcheck verify 1 0 %d" % DISK_SECTORS, 120,
               r"^verify ok %d sectors$" % DISK_SECTORS)
        run_ok(q, "/ktests/blkcheck verify 1 0 %d direct" % DISK_SECTORS,
               120, r"^verify ok %d sectors$" % DISK_SECTORS)
        run_ok(q, "/ktests/blkcheck fill 2 %d %d" % buffered[:2], 60,
               r"^fill ok")
        run_ok(q, "/ktests/blkcheck verify 2 %d %d direct" % buffered[:2],
               60, r"^verify ok")
        run_ok(q, "/ktests/blkcheck fill 3 %d %d direct" % direct[:2], 60,
               r"^fill ok")
        run_ok(q, "/ktests/blkcheck verify 3 %d %d direct" % direct[:2],
               60, r"^verify ok")
        halt(q)
    problems = check_image(image, whole([buffered, direct], background=1))
    ensure(not problems, "image after power-off: " + "; ".join(problems))
    remove_image(image)


@cpus_and_elevators(cpus=(4,))
@timeout(180)
def test_blk_parallel(cpus, elevator):
    """8 processes on 4 harts each write and check a region of their own,
    odd ones with O_DIRECT, even ones buffered + fsync."""
    nproc, each, seed = 8, 2048, 100
    image = make_image()
    with disk_shell(cpus, image, elevator) as q:
        run_ok(q, "/ktests/blkcheck parallel %d %d 0 %d" % (nproc, seed, each),
               150, r"^parallel ok %d workers" % nproc)
        halt(q)
    layout = [(i * each, each, seed + i) for i in range(nproc)]
    problems = check_image(image, whole(layout))
    ensure(not problems, "image after power-off: " + "; ".join(problems))
    remove_image(image)


@timeout(90)
def test_blk_edges(cpus):
    """The end of the disk, O_DIRECT alignment, bad pointers, ioctls and
    cache coherence, as on Linux; the default elevator is cscan."""
    image = make_image()
    with disk_shell(cpus, image) as q:
        run_ok(q, "/ktests/blkelv", want=r"^elevator: cscan$")
        out, status = run(q, "/ktests/blkedges", 60)
        ensure(status == 0 and re.search(r"^edges ok \d+ checks$", out,
                                         re.M),
               "blkedges (exit %s):\n%s" % (status, failures(out)))
        ensure(("BLKGETSIZE64: %d" % (DISK_SECTORS * SECTOR)) in out,
               "wrong size:\n%s" % out)
    remove_image(image)


BLKDEBUG_RULES = """\
# Fail every read covering sector {read} and every write covering
# sector {write} with EIO (5), for as long as QEMU runs (once = off).
[inject-error]
event = "read_aio"
iotype = "read"
errno = "5"
sector = "{read}"
once = "off"

[inject-error]
event = "write_aio"
iotype = "write"
errno = "5"
sector = "{write}"
once = "off"
"""


@timeout(90)
def test_blk_eio(cpus):
    """QEMU's blkdebug fails reads of one sector and writes of another:
    EIO comes back each time, and the disk keeps working."""
    seed, bad_read, bad_write = 5, 10000, 20000
    image = make_image([(0, DISK_SECTORS, seed)])
    rules = image_path(".blkdebug")
    with open(rules, "w") as f:
        f.write(BLKDEBUG_RULES.format(read=bad_read, write=bad_write))
    with disk_shell(cpus, image, blkdebug=rules) as q:
        out, status = run(q, "/ktests/blkeio %d %d %d"
                          % (seed, bad_read, bad_write), 60)
        ensure(status == 0 and re.search(r"^eio ok \d+ checks$", out, re.M),
               "blkeio (exit %s):\n%s" % (status, failures(out)))
        run_ok(q, "/ktests/blkcheck verify %d 0 8192 direct" % seed, 60,
               r"^verify ok 8192 sectors$")
        ensure(q.sh("echo alive").strip() == "alive", "the shell is gone")
    remove_image(image)
    remove_image(rules)


@cpus_and_elevators(cpus=(4,))
@timeout(240)
def test_blk_stress(cpus, elevator):
    """32 processes, 100,000 random 4 KiB O_DIRECT reads, every one
    checked.  A lost completion interrupt leaves a process asleep for
    ever: the command never returns and the time-out fails the test."""
    seed = 7
    image = make_image([(0, DISK_SECTORS, seed)])
    with disk_shell(cpus, image, elevator) as q:
        run_ok(q, "/ktests/blkstress 32 100000 %d" % seed, 200,
               r"^stress ok 100000 reads, 32 processes")
    remove_image(image)


@on_cpus(4)
@timeout(180)
def test_blk_elevator_switch(cpus):
    """The elevator changes at run time, also while 8 processes do I/O;
    an unknown name (or one without room for its NUL) is EINVAL."""
    nproc, each, seed = 8, 1024, 200
    image = make_image()
    with disk_shell(cpus, image, "noop") as q:
        run_ok(q, "/ktests/blkelv", want=r"^elevator: noop$")
        out = run_ok(q, "/ktests/blkelv cscan", want=r"^set cscan: ok$")
        ensure(re.search(r"^elevator: cscan$", out, re.M), out)
        for bad in ("bogus", "0123456789abcdef", ""):
            out, status = run(q, "/ktests/blkelv '%s'" % bad)
            ensure(status == 1 and re.search(r"^set %s: EINVAL$" % bad, out,
                                              re.M),
                   "setting %r: exit %s:\n%s" % (bad, status, out))
            ensure(re.search(r"^elevator: cscan$", out, re.M),
                   "a refused name changed the elevator:\n%s" % out)
        out = run_ok(q, "/ktests/blkcheck parallel %d %d 0 %d switch"
                     % (nproc, seed, each), 150,
                     r"^parallel ok %d workers" % nproc)
        m = re.search(r"^elevator switches: (\d+)$", out, re.M)
        ensure(m and int(m[1]) > 0, "no switch happened:\n%s" % out)
        halt(q)
    layout = [(i * each, each, seed + i) for i in range(nproc)]
    problems = check_image(image, whole(layout))
    ensure(not problems, "image after power-off: " + "; ".join(problems))
    remove_image(image)
