"""The shell's pipelines and redirections, and the file programs of /bin
(cat ls mkdir rm mv cp wc head tail stat touch sync df hexdump dd), on the
ext2 root file system.

Each test boots Sluice with a private copy of build/fs.img as /dev/vda
(build/test-images/<test>.img, deleted when the test passes and kept for
a look when it fails) and types commands at the shell.  Where the guest
wrote files it then halts (halt syncs the disk) and the image is checked
on the host: `e2fsck -fn` must find nothing wrong, and `debugfs` must
read back what the guest wrote, renamed and deleted.

Expected outputs are those of GNU coreutils, util-linux hexdump and a
POSIX shell on Linux, where Sluice can match them (uids are numbers, as
in `ls -n`; times are UTC).
"""

import contextlib
import os
import re
import shutil
import subprocess

from harness import (BUILD, run_status, Skip, current, ensure, on_cpus,
                     shell, timeout)
from qemu import drive_args

FS_IMG = os.path.join(BUILD, "fs.img")
FS_ROOT = os.path.join(BUILD, "fsroot")
IMAGES = os.path.join(BUILD, "test-images")
HOST_TOOLS = ("e2fsck", "debugfs")


# ---------------------------------------------------------------------------
# The disk image and the host's view of it

@contextlib.contextmanager
def fs_copy():
    """A private copy of build/fs.img for this test; its path.  Removed
    when the `with` block ends without an error."""
    if not os.path.exists(FS_IMG):
        raise AssertionError("build/fs.img is missing (run 'make')")
    os.makedirs(IMAGES, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", current.name).strip("-")
    path = os.path.join(IMAGES, name + ".img")
    shutil.copyfile(FS_IMG, path)
    yield path
    with contextlib.suppress(OSError):
        os.unlink(path)


def need_host_tools():
    missing = [t for t in HOST_TOOLS if not shutil.which(t)]
    if missing:
        raise Skip("host lacks %s (e2fsprogs)" % ", ".join(missing))


def host(argv):
    """Run a host tool; (exit status, stdout)."""
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, errors="replace", timeout=60)
    return p.returncode, p.stdout + p.stderr


def fsck_clean(image):
    status, out = host(["e2fsck", "-fn", image])
    ensure(status == 0, "e2fsck -fn found problems (status %d):\n%s"
           % (status, out))


def debugfs_cat(image, path):
    p = subprocess.run(["debugfs", "-R", "cat %s" % path, image],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=60)
    return p.stdout


def debugfs_names(image, directory):
    """The names in `directory` of the image, "." and ".." left out."""
    status, out = host(["debugfs", "-R", "ls -p %s" % directory, image])
    names = set()
    for line in out.splitlines():
        f = line.split("/")           # /ino/mode/uid/gid/name/size/
        if len(f) >= 7 and f[5] not in (".", ".."):
            names.add(f[5])
    ensure(status == 0 and "File not found" not in out,
           "debugfs ls %s: %s" % (directory, out))
    return names


# ---------------------------------------------------------------------------
# Driving the shell

@contextlib.contextmanager
def sluice(cpus, image):
    """Boot with `image` as /dev/vda; the root must be ext2 on it."""
    with shell(cpus, extra=drive_args(image)) as q:
        ensure("root is ext2 on /dev/vda" in q.output,
               "the root is not ext2 on /dev/vda:\n%s" % q.output[-2000:])
        yield q


run = run_status


def run_ok(q, line, want=None, t=60):
    """Run `line`; it must exit 0 and, if `want` is given, print exactly
    that."""
    out, status = run(q, line, t)
    ensure(status == 0, "%s: exit status %s:\n%s" % (line, status, out))
    if want is not None:
        ensure(out == want, "%s: printed %r, want %r" % (line, out, want))
    return out


def run_fails(q, line, status, message):
    """Run `line`; it must exit with `status` and print `message`."""
    out, got = run(q, line)
    ensure(got == status, "%s: exit status %s, want %s:\n%s"
           % (line, got, status, out))
    ensure(message in out, "%s: no %r in %r" % (line, message, out))
    return out


def halt(q):
    """Power off (halt syncs); QEMU must exit 0 so the image is whole."""
    q.sendline("halt")
    q.expect(r"sluice: power off requested by pid \d+", 20)
    status = q.wait_exit(20)
    ensure(status == 0, "QEMU exit status %s after halt" % status)


def canonical_hexdump(data):
    """`hexdump -C` of `data` (util-linux), for short inputs without
    repeated lines."""
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        cells = ["%02x" % b for b in chunk] + ["  "] * (16 - len(chunk))
        text = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
        lines.append("%08x  %s  %s  |%s|" % (off, " ".join(cells[:8]),
                                             " ".join(cells[8:]), text))
    lines.append("%08x" % len(data))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Tests

@on_cpus(1, 4)
@timeout(120)
def test_coreutils_devices_and_proc(cpus):
    """ls -l /dev shows the device nodes as Linux's ls does, with
    "major, minor" for the size; /proc/interrupts has a CPU<n> column per
    hart and a virtio-blk row; dd reads the disk; df and stat describe
    the file systems."""
    with fs_copy() as image, sluice(cpus, image) as q:
        out = run_ok(q, "ls -l /dev")
        ensure(out.startswith("total 0\n"), "no 'total 0': %r" % out)
        for pattern in (r"^crw-rw-rw- +1 +0 +0 +1, +3 \w{3} [ \d]\d "
                        r"\d\d:\d\d null$",
                        r"^brw-rw---- +1 +0 +\d+ +254, +0 .* vda$",
                        r"^crw------- +1 +0 +0 +5, +1 .* console$",
                        r"^crw-rw-rw- +1 +0 +0 +1, +5 .* zero$"):
            ensure(re.search(pattern, out, re.M),
                   "ls -l /dev: no line like %r in:\n%s" % (pattern, out))

        out = run_ok(q, "cat /proc/interrupts")
        header = out.splitlines()[0].split()
        ensure(header == ["CPU%d" % i for i in range(cpus)],
               "/proc/interrupts header %r for %d harts" % (header, cpus))
        ensure(re.search(r"^\s*\d+:(\s+\d+){%d}\s+PLIC\s+\d+\s+virtio-blk$"
                         % cpus, out, re.M),
               "/proc/interrupts: no virtio-blk row:\n%s" % out)

        out = run_ok(q, "dd if=/dev/vda of=/dev/null bs=64k count=100")
        ensure(re.search(r"^100\+0 records in\n100\+0 records out\n"
                         r"6553600 bytes \(6\.6 MB, 6\.2 MiB\) copied, "
                         r"[\d.e-]+ s, [\d.]+ [kMG]?B/s$", out, re.M),
               "dd summary:\n%s" % out)
        out = run_ok(q, "dd if=/dev/vda of=/dev/null bs=4k count=16 "
                     "iflag=direct")
        ensure("65536 bytes (66 kB, 64 KiB) copied" in out,
               "dd iflag=direct:\n%s" % out)

        out = run_ok(q, "df")
        ensure(re.match(r"Filesystem +1K-blocks +Used +Available +Use% "
                        r"Mounted on\n/dev/vda +65536 +\d+ +\d+ +\d+% /\n"
                        r"devfs .* /dev\nproc .* /proc\n$", out),
               "df:\n%s" % out)
        out = run_ok(q, "stat /dev/null")
        ensure("character special file" in out and
               re.search(r"Links: 1 +Device type: 1,3$", out, re.M) and
               "Access: (0666/crw-rw-rw-)" in out, "stat /dev/null:\n%s"
               % out)


@on_cpus(1, 4)
@timeout(120)
def test_coreutils_pipelines(cpus):
    """Pipelines of any length: data flows stage to stage, $? is the last
    stage's status, 2>&1 sends errors down the pipe, a reader that stops
    early ends the writer quietly (SIGPIPE), and $$ is the shell's pid in
    every stage."""
    names = sorted(os.listdir(os.path.join(FS_ROOT, "bin")))
    sh_size = os.path.getsize(os.path.join(FS_ROOT, "bin", "sh"))
    with fs_copy() as image, sluice(cpus, image) as q:
        run_ok(q, "echo hi | cat | wc -c", "3\n")
        run_ok(q, "ls /bin | head -n 5 | tail -n 2 | cat",
               "%s\n%s\n" % (names[3], names[4]))
        run_ok(q, "echo x | cat | cat | cat | cat | cat | cat | wc -c",
               "2\n")
        run_ok(q, "cat /bin/sh | cat | wc -c", "%d\n" % sh_size)
        run_ok(q, "cat /bin/sh | head -c 10 | wc -c", "10\n")
        out, status = run(q, "true | false")
        ensure(status == 1, "true | false: status %s" % status)
        run_ok(q, "false | true", "")
        run_ok(q, "nosuchprogram 2>&1 | wc -l", "1\n")
        pid = run_ok(q, "echo $$")
        run_ok(q, "echo $$ | cat | cat", pid)
        run_ok(q, "sleep 1 | cat &")
        run_ok(q, "wait")
        run_ok(q, "echo 'a | b' \"c | d\" e\\|f | cat", "a | b c | d e|f\n")
        run_fails(q, "echo a |", 2, "sh: syntax error near 'newline'")
        run_fails(q, "| cat", 2, "sh: syntax error near '|'")
        run_ok(q, "echo still here", "still here\n")


@on_cpus(1)
@timeout(120)
def test_coreutils_redirections(cpus):
    """< > >> 2> 2>&1 n>&m, applied left to right; failures say
    "sh: NAME: reason" with status 1; a builtin's redirections leave the
    shell's own fds as they were; what was written is on the disk after
    halt."""
    need_host_tools()
    with fs_copy() as image:
        with sluice(cpus, image) as q:
            run_ok(q, "cd /tmp")
            run_ok(q, "echo one > f", "")
            run_ok(q, "echo two >> f", "")
            run_ok(q, "cat < f", "one\ntwo\n")
            run_ok(q, "wc -l < f", "2\n")
            out, status = run(q, "ls /nonexist 2> err")
            ensure(status == 2 and out == "", "2> err: %r %s"
                   % (out, status))
            run_ok(q, "cat err",
                   "ls: cannot access '/nonexist': No such file or "
                   "directory\n")
            run(q, "ls /nonexist > both 2>&1")
            run_ok(q, "wc -l both", "1 both\n")
            out, _ = run(q, "ls /nonexist 2>&1 > only-out")
            ensure("cannot access" in out, "2>&1 > file: %r" % out)
            run_ok(q, "wc -c only-out", "0 only-out\n")
            run_ok(q, "echo to-three 3> three >&3", "")
            run_ok(q, "cat three", "to-three\n")
            run_fails(q, "cat < nofile", 1,
                      "sh: nofile: No such file or directory")
            run_fails(q, "echo x > /nodir/f", 1,
                      "sh: /nodir/f: No such file or directory")
            run_fails(q, "echo x >&7", 1, "sh: 7: Bad file descriptor")
            run_fails(q, "echo x >", 2, "sh: syntax error near 'newline'")
            # builtins: redirected, then the shell's fds come back
            run_ok(q, "pwd > where", "")
            run_ok(q, "cat where", "/tmp\n")
            out, status = run(q, "cd /nonexist 2> cderr")
            ensure(status == 1 and out == "", "cd 2>: %r %s" % (out, status))
            run_ok(q, "cat cderr",
                   "sh: cd: /nonexist: No such file or directory\n")
            run_ok(q, "echo back on the console", "back on the console\n")
            run_ok(q, "> empty", "")
            out = run_ok(q, "ls -l empty")
            ensure(re.match(r"-rw-rw-rw- 1 0 0 0 .* empty\n$", out),
                   "> empty: %r" % out)
            run_ok(q, "echo '>' \">\" \\>", "> > >\n")
            halt(q)
        fsck_clean(image)
        ensure(debugfs_cat(image, "/tmp/f") == b"one\ntwo\n",
               "/tmp/f on disk: %r" % debugfs_cat(image, "/tmp/f"))
        ensure(debugfs_cat(image, "/tmp/where") == b"/tmp\n",
               "/tmp/where on disk: %r" % debugfs_cat(image, "/tmp/where"))
        ensure({"f", "err", "both", "only-out", "three", "where", "cderr",
                "empty"} <= debugfs_names(image, "/tmp"),
               "files missing from /tmp: %r" % debugfs_names(image, "/tmp"))


@on_cpus(1, 4)
@timeout(150)
def test_coreutils_files_on_disk(cpus):
    """mkdir -p, cp, cp -r, mv (rename and into a directory), rm, rm -r,
    touch and dd conv=notrunc change the disk as on Linux: after halt the
    volume is clean, renamed files hold what was written, removed ones
    are gone."""
    need_host_tools()
    with fs_copy() as image:
        with sluice(cpus, image) as q:
            run_ok(q, "cd /home/sluice")
            run_ok(q, "mkdir -p work/a/b/c")
            run_ok(q, "mkdir -p work/a/b", "")
            run_fails(q, "mkdir work", 1,
                      "mkdir: cannot create directory 'work': File exists")
            run_ok(q, "cd work")
            run_ok(q, "echo alpha > a/b/c/one; echo beta >> a/b/c/one")
            run_ok(q, "cp a/b/c/one two")
            run_ok(q, "cp -r a copy")
            run_ok(q, "cat copy/b/c/one", "alpha\nbeta\n")
            run_ok(q, "mv two renamed")
            run_ok(q, "mkdir dir; mv renamed dir")
            run_ok(q, "ls dir", "renamed\n")
            run_ok(q, "touch gone; rm gone")
            run_fails(q, "rm a", 1, "rm: cannot remove 'a': Is a directory")
            run_ok(q, "rm -r a")
            run_fails(q, "ls a", 2, "ls: cannot access 'a': No such file")
            run_ok(q, "rm -f nothing-here", "")
            run_ok(q, "touch new", "")
            run_ok(q, "echo 0123456789 > digits")
            run_ok(q, "echo AB > ab")
            out = run_ok(q, "dd if=ab of=digits bs=1 count=2 seek=3 "
                         "conv=notrunc")
            ensure("2+0 records in\n2+0 records out\n2 bytes copied" in out,
                   "dd conv=notrunc: %r" % out)
            run_ok(q, "cat digits", "012AB56789\n")
            out = run_ok(q, "ls -l")
            ensure(re.search(r"^total \d+\n"
                             r"-rw-rw-rw- 1 0 0    3 .* ab\n"
                             r"drwxrwxrwx 3 0 0 4096 .* copy\n"
                             r"-rw-rw-rw- 1 0 0   11 .* digits\n"
                             r"drwxrwxrwx 2 0 0 4096 .* dir\n"
                             r"-rw-rw-rw- 1 0 0    0 .* new\n$", out),
                   "ls -l of work:\n%s" % out)
            run_ok(q, "sync")
            halt(q)
        fsck_clean(image)
        work = "/home/sluice/work"
        ensure(debugfs_names(image, work) ==
               {"copy", "dir", "new", "digits", "ab"},
               "names in work: %r" % debugfs_names(image, work))
        ensure(debugfs_names(image, work + "/dir") == {"renamed"},
               "names in dir: %r" % debugfs_names(image, work + "/dir"))
        for path, want in (("/dir/renamed", b"alpha\nbeta\n"),
                           ("/copy/b/c/one", b"alpha\nbeta\n"),
                           ("/digits", b"012AB56789\n"),
                           ("/new", b"")):
            got = debugfs_cat(image, work + path)
            ensure(got == want, "%s on disk: %r, want %r"
                   % (path, got, want))


@on_cpus(1)
@timeout(120)
def test_coreutils_text_tools(cpus):
    """wc's GNU column layout and totals, head and tail, hexdump -C,
    stat's layout, and error messages with non-zero statuses."""
    motd = open(os.path.join(FS_ROOT, "etc", "motd"), "rb").read()
    with fs_copy() as image, sluice(cpus, image) as q:
        run_ok(q, "cd /tmp")
        run_ok(q, "echo one > n; echo two >> n; echo 'three four' >> n")
        for i in range(12):
            run_ok(q, "echo line%d >> lines" % (i + 1))
        run_ok(q, "wc n", " 3  4 19 n\n")
        run_ok(q, "wc n lines",
               " 3  4 19 n\n12 12 75 lines\n15 16 94 total\n")
        run_ok(q, "cat n | wc", "      3       4      19\n")
        run_ok(q, "wc -w < n", "4\n")
        run_fails(q, "wc nofile", 1, "wc: nofile: No such file or directory")
        run_ok(q, "head lines",
               "".join("line%d\n" % i for i in range(1, 11)))
        run_ok(q, "head -n 2 n lines",
               "==> n <==\none\ntwo\n\n==> lines <==\nline1\nline2\n")
        run_ok(q, "tail -n 2 lines", "line11\nline12\n")
        run_ok(q, "tail lines | head -n 1", "line3\n")
        run_ok(q, "cat lines | tail -n +12", "line12\n")
        run_ok(q, "hexdump -C /etc/motd", canonical_hexdump(motd))
        run_ok(q, "cat /etc/motd - /etc/motd < n",
               (motd + b"one\ntwo\nthree four\n" + motd).decode())
        run_fails(q, "cat nofile", 1, "cat: nofile: No such file or "
                  "directory")
        out = run_ok(q, "stat n")
        ensure(re.match(r"  File: n\n"
                        r"  Size: 19        \tBlocks: \d+ +IO Block: 4096 +"
                        r"regular file\n"
                        r"Device: 254,0\tInode: \d+ +Links: 1\n"
                        r"Access: \(0666/-rw-rw-rw-\)  Uid: \(    0/    root\)"
                        r"   Gid: \(    0/    root\)\n"
                        r"Access: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} "
                        r"\+0000\n"
                        r"Modify: .*\nChange: .*\n Birth: -\n$", out),
               "stat n:\n%s" % out)
        run_fails(q, "stat nofile", 1,
                  "stat: cannot stat 'nofile': No such file or directory")
        run_ok(q, "touch -c absent; ls absent; true")
        run_fails(q, "ls absent", 2, "No such file or directory")


def avail_kib(df_out):
    """The Available column of df's last line."""
    return int(df_out.strip().split("\n")[-1].split()[3])


@on_cpus(1)
@timeout(180)
def test_disk_full_is_enospc(cpus):
    """Filling the root file system: the writer gets ENOSPC ("No space left
    on device"), what it wrote stays, removing it gives the space back, and
    e2fsck finds the volume consistent.  The image is fs.img's tree made
    into a volume with only a few MiB free."""
    need_host_tools()
    os.makedirs(IMAGES, exist_ok=True)
    image = os.path.join(IMAGES, "disk-full.img")
    with contextlib.suppress(OSError):
        os.unlink(image)
    status, out = host(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "4096",
                        "-d", FS_ROOT, image, "24M"])
    ensure(status == 0, "mke2fs: %s" % out)
    with sluice(cpus, image) as q:
        out, status = run(q, "dd if=/dev/zero of=/tmp/fill bs=64k", 120)
        ensure(status != 0 and "No space left on device" in out,
               "filling the disk did not end in ENOSPC (status %s):\n%s"
               % (status, out))
        size, _ = run(q, "stat /tmp/fill")
        ensure(re.search(r"Size: [1-9]\d{5,}", size),
               "the partial file is gone or tiny:\n%s" % size)
        out, status = run(q, "dd if=/dev/zero of=/tmp/more bs=4k count=1")
        ensure(status != 0 and "No space left on device" in out,
               "a write on a full disk succeeded:\n%s" % out)
        full = avail_kib(run_ok(q, "df /"))
        run_ok(q, "rm /tmp/fill")
        run_ok(q, "echo fits > /tmp/after")
        freed = avail_kib(run_ok(q, "df /"))
        ensure(full < 64 and freed > 1024,
               "df: %d KiB available when full, %d after rm" % (full, freed))
        halt(q)
    fsck_clean(image)
    ensure(debugfs_cat(image, "/tmp/after") == b"fits\n",
           "/tmp/after was not written after freeing space")
    os.unlink(image)


@on_cpus(1)
@timeout(90)
def test_unsupported_volume_refused(cpus):
    """An ext4 volume (extents, 64bit, flex_bg: INCOMPAT features Sluice's
    ext2 does not have) is refused at boot with a message naming a
    feature, and the initramfs becomes the root instead: the shell works."""
    need_host_tools()
    os.makedirs(IMAGES, exist_ok=True)
    image = os.path.join(IMAGES, "ext4.img")
    status, out = host(["mke2fs", "-q", "-F", "-t", "ext4", image, "8M"])
    ensure(status == 0, "mke2fs: %s" % out)
    with shell(cpus, extra=drive_args(image)) as q:
        boot = q.output
        ensure(re.search(r"ext2: unsupported incompatible feature.*\("
                         r"[^)]*(extents|64bit|flex_bg)", boot),
               "no refusal naming the feature:\n%s" % boot[-1500:])
        ensure("root is the initramfs" in boot,
               "no fallback to the initramfs:\n%s" % boot[-1500:])
        run_ok(q, "echo still here", want="still here\n")
    os.unlink(image)


@on_cpus(1, 4)
@timeout(120)
def test_direct_io_on_files(cpus):
    """O_DIRECT on ext2 files: a copy made with iflag=direct oflag=direct
    is byte-identical (checked on the host with debugfs), an unaligned
    length is EINVAL as on Linux, a short final sector reads up to the end
    of the file, and e2fsck agrees with the result."""
    need_host_tools()
    with fs_copy() as image:
        with sluice(cpus, image) as q:
            run_ok(q, "dd if=/bin/sh of=/tmp/src bs=64k count=2")
            run_ok(q, "dd if=/tmp/src of=/tmp/dst bs=64k "
                      "iflag=direct oflag=direct")
            run_fails(q, "dd if=/dev/zero of=/tmp/odd bs=100 count=1 "
                         "oflag=direct", 1, "Invalid argument")
            run_ok(q, "dd if=/bin/sh of=/tmp/part bs=512 count=3 "
                      "oflag=direct")
            out = run_ok(q, "dd if=/tmp/part of=/tmp/back bs=4096 "
                            "iflag=direct")
            ensure("1536 bytes" in out, "direct read past EOF: %s" % out)
            halt(q)
        fsck_clean(image)
        src = debugfs_cat(image, "/tmp/src")
        ensure(len(src) == 2 * 65536, "/tmp/src is %d bytes" % len(src))
        ensure(debugfs_cat(image, "/tmp/dst") == src,
               "the O_DIRECT copy differs from its source")
        ensure(debugfs_cat(image, "/tmp/back") == src[:1536],
               "the direct 512-byte writes or the read back are wrong")
