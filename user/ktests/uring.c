/*
 * user/ktests/uring.c - io_uring as io_uring_setup(2) and
 * io_uring_enter(2) describe it: setup's checks and ring sizes, the
 * mmap()ed rings, enter's errors, NOP, READ/WRITE/READV/WRITEV/FSYNC on
 * /dev/vda through the page cache, errors that come back in CQEs, a
 * dropped SQ entry, O_DIRECT batches, 32,000 random reads with the queue
 * kept full, the same polled (IORING_SETUP_IOPOLL) while another process
 * reads, a process that exits with reads in flight, and munmap of a
 * buffer being read into.
 *
 *   uring SEED
 *
 * The disk must hold the pattern of SEED (blkutil.h) and be at least
 * 12 MiB: reads stay below READ_SECTORS, writes go to sectors from AREA.
 * Prints "ok NAME" or "FAIL NAME: what was wanted and what came" per
 * check, then "uring: N passed, M failed"; exit status 0 only if M is 0.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/mman.h>
#include <uapi/wait.h>

#include "blkutil.h"
#include "errname.h"
#include "syscall.h"
#include "uring.h"

int main(int argc, char **argv);

#define QD	     32 /* ring entries, and reads in flight */
#define BLOCK	     4096
#define BIG	     (256 * 1024)
#define NBIG	     4
#define READ_SECTORS 16384 /* the reads stay in the first 8 MiB */
#define AREA	     20000 /* the writes go to sectors AREA .. AREA + 63 */
#define ROUNDS	     1000
#define BAD_FD	     999
#define BAD_ADDR     ((void *)8)
#define MARK	     0xdeadbeefcafef00dULL /* user_data of single SQEs */

static uint8_t bufs[QD][BLOCK] __attribute__((aligned(BLOCK)));
static uint8_t big[NBIG][BIG] __attribute__((aligned(BLOCK)));
static uint8_t wbuf[2][BLOCK] __attribute__((aligned(BLOCK)));
static uint8_t rbuf[BLOCK] __attribute__((aligned(BLOCK)));
static struct pattern disk; /* what the disk holds below READ_SECTORS */
static int passed, failed;

/* check - print "ok @name", or "FAIL @name: " and @why; returns @ok. */
static int check(int ok, const char *name, const char *why, ...)
    __attribute__((format(printf, 3, 4)));

static int
check(int ok, const char *name, const char *why, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("ok %s\n", name);
		return 1;
	}
	failed++;
	printf("FAIL %s: ", name);
	va_start(ap, why);
	vprintf(why, ap);
	va_end(ap);
	printf("\n");
	return 0;
}

/* A result as printed: the count, or the errno name of -errno. */
static const char *
result(char *buf, size_t len, long r)
{
	if (r < 0 && r >= -MAX_ERRNO)
		return errno_name((int)-r);
	snprintf(buf, len, "%ld", r);
	return buf;
}

/* @r of a libc-style call (-1 and errno) as a count or -errno. */
static long
sysret(long r)
{
	return r < 0 ? -errno : r;
}

/* expect - @got (a count or -errno) must be @want. */
static int
expect(const char *name, long got, long want)
{
	char g[24], w[24];

	return check(got == want, name, "want %s, got %s",
		     result(w, sizeof(w), want), result(g, sizeof(g), got));
}

/* expect_fails - @fd (an fd, or -errno) must be -@err; closes a real fd. */
static void
expect_fails(const char *name, long fd, int err)
{
	if (fd >= 0)
		close((int)fd);
	expect(name, fd, -err);
}

/*
 * setup - io_uring_setup(@entries) with @flags and, for
 * IORING_SETUP_CQSIZE, @cq_entries: the fd or -errno; *@p as filled.
 */
static long
setup(unsigned entries, unsigned flags, unsigned cq_entries,
      struct io_uring_params *p)
{
	memset(p, 0, sizeof(*p));
	p->flags = flags;
	p->cq_entries = cq_entries;
	return sysret(io_uring_setup(entries, p));
}

static void
setup_fails(const char *name, unsigned entries, unsigned flags,
	    unsigned cq_entries, int err)
{
	struct io_uring_params p;

	expect_fails(name, setup(entries, flags, cq_entries, &p), err);
}

static void
setup_sizes(const char *name, unsigned entries, unsigned flags,
	    unsigned cq_entries, unsigned want_sq, unsigned want_cq)
{
	struct io_uring_params p;
	long fd = setup(entries, flags, cq_entries, &p);
	char b[24];

	check(fd >= 0 && p.sq_entries == want_sq && p.cq_entries == want_cq,
	      name, "want sq %u cq %u, got %s sq %u cq %u", want_sq, want_cq,
	      fd < 0 ? result(b, sizeof(b), fd) : "fd", p.sq_entries,
	      p.cq_entries);
	if (fd >= 0)
		close((int)fd);
}

static void
setup_checks(void)
{
	struct io_uring_params p;

	setup_fails("setup entries 0", 0, 0, 0, EINVAL);
	setup_fails("setup entries 32769", 32769, 0, 0, EINVAL);
	setup_fails("setup unknown flag", 4, 1U << 31, 0, EINVAL);
	setup_fails("setup SQPOLL", 4, IORING_SETUP_SQPOLL, 0, EINVAL);
	setup_fails("setup CQSIZE cq_entries 0", 4, IORING_SETUP_CQSIZE, 0,
		    EINVAL);
	setup_fails("setup CQSIZE cq_entries 4 below entries 8", 8,
		    IORING_SETUP_CQSIZE, 4, EINVAL);
	setup_fails("setup CQSIZE cq_entries 65537", 4, IORING_SETUP_CQSIZE,
		    65537, EINVAL);
	memset(&p, 0, sizeof(p));
	p.resv[2] = 1;
	expect_fails("setup nonzero resv", sysret(io_uring_setup(4, &p)),
		     EINVAL);
	expect_fails("setup params at address 8",
		     sysret(io_uring_setup(4, BAD_ADDR)), EFAULT);
	setup_sizes("setup entries 3 rounds up to 4", 3, 0, 0, 4, 8);
	setup_sizes("setup CQSIZE cq_entries 9 rounds up to 16", 4,
		    IORING_SETUP_CQSIZE, 9, 4, 16);
	setup_sizes("setup CLAMP with small sizes", 4, IORING_SETUP_CLAMP, 0, 4,
		    8);
}

/* map - @len bytes of ring @fd at @off, or NULL (errno set). */
static uint8_t *
map(int fd, size_t len, int flags, uint64_t off)
{
	void *m =
	    mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, (off_t)off);

	return m == MAP_FAILED ? NULL : m;
}

static void
map_fails(const char *name, int fd, size_t len, int flags, uint64_t off)
{
	uint8_t *m = map(fd, len, flags, off);

	if (m)
		munmap(m, len);
	expect(name, m ? 0 : -errno, -EINVAL);
}

static volatile uint32_t *
field(uint8_t *map_base, uint32_t off)
{
	return (volatile uint32_t *)(map_base + off);
}

/* The rings' mapping, as the man page computes it (one map: SINGLE_MMAP). */
static void
map_checks(int fd, const struct io_uring_params *p)
{
	size_t sq_len = p->sq_off.array + p->sq_entries * sizeof(uint32_t);
	size_t cq_len =
	    p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	size_t len = sq_len > cq_len ? sq_len : cq_len;
	size_t sqes_len = p->sq_entries * sizeof(struct io_uring_sqe);
	uint8_t *sqes = map(fd, sqes_len, MAP_SHARED, IORING_OFF_SQES);
	uint8_t *sq = map(fd, len, MAP_SHARED, IORING_OFF_SQ_RING);
	uint8_t *cq = map(fd, len, MAP_SHARED, IORING_OFF_CQ_RING);

	check(sqes != NULL, "mmap the SQEs", "got %s", errno_name(errno));
	if (!check(sq && cq, "mmap the rings at SQ_RING and CQ_RING", "got %s",
		   errno_name(errno)))
		return;
	expect("SQ ring_entries", *field(sq, p->sq_off.ring_entries),
	       p->sq_entries);
	expect("SQ ring_mask", *field(sq, p->sq_off.ring_mask),
	       p->sq_entries - 1);
	expect("CQ ring_entries", *field(cq, p->cq_off.ring_entries),
	       p->cq_entries);
	expect("CQ ring_mask", *field(cq, p->cq_off.ring_mask),
	       p->cq_entries - 1);
	/* Nothing is submitted: the tail has not moved. */
	*field(sq, p->sq_off.array) = 0x5a5a;
	expect("SQ_RING and CQ_RING map the same pages",
	       *field(cq, p->sq_off.array), 0x5a5a);
	munmap(sq, len);
	munmap(cq, len);
	if (sqes)
		munmap(sqes, sqes_len);
	map_fails("mmap MAP_PRIVATE", fd, len, MAP_PRIVATE, IORING_OFF_SQ_RING);
	map_fails("mmap 1 MiB of rings", fd, 1 << 20, MAP_SHARED,
		  IORING_OFF_SQ_RING);
	map_fails("mmap at an unknown offset", fd, len, MAP_SHARED, 0x40000000);
}

static void
ring_checks(void)
{
	const unsigned want = IORING_FEAT_SINGLE_MMAP |
			      IORING_FEAT_SUBMIT_STABLE |
			      IORING_FEAT_RW_CUR_POS;
	struct io_uring_params p;
	long fd = setup(4, 0, 0, &p);
	char buf[24];

	if (!check(fd >= 0, "setup entries 4", "got %s",
		   result(buf, sizeof(buf), fd)))
		return;
	check((p.features & want) == want, "features", "want %#x in %#x", want,
	      p.features);
	expect("FD_CLOEXEC is set", sysret(fcntl((int)fd, F_GETFD)),
	       FD_CLOEXEC);
	map_checks((int)fd, &p);
	close((int)fd);
}

/*
 * expect_op - one SQE through @r, submitted and waited for: the call
 * must take exactly it, and its CQE must carry MARK and res @want.
 */
static int
expect_op(struct uring *r, const char *name, long want, int op, int fd,
	  const void *addr, unsigned len, uint64_t off)
{
	struct io_uring_sqe *sqe = uring_get_sqe(r);
	struct io_uring_cqe *cqe;
	uint64_t user_data;
	char b[24];
	long res;
	int n;

	if (sqe == NULL)
		return check(0, name, "the submission ring is full");
	uring_prep_rw(sqe, op, fd, addr, len, off);
	sqe->user_data = MARK;
	n = uring_submit_and_wait(r, 1);
	if (n != 1 || uring_peek_cqe(r, &cqe) != 0) {
		check(0, name, "io_uring_enter took %s SQEs, want 1; %u CQEs",
		      result(b, sizeof(b), n), uring_cq_ready(r));
		uring_cq_advance(r, uring_cq_ready(r));
		return 0;
	}
	user_data = cqe->user_data;
	res = cqe->res;
	uring_cqe_seen(r);
	if (user_data != MARK)
		return check(0, name, "CQE user_data %#llx, want %#llx",
			     (unsigned long long)user_data, MARK);
	return expect(name, res, want);
}

static void
queue_nop(struct uring *r, uint64_t user_data)
{
	struct io_uring_sqe *sqe = uring_get_sqe(r);

	uring_prep_rw(sqe, IORING_OP_NOP, -1, NULL, 0, 0);
	sqe->user_data = user_data;
}

/* Consume the CQEs ready: bit i set for each NOP MARK + i that gave 0. */
static unsigned
reap_nops(struct uring *r)
{
	struct io_uring_cqe *cqe;
	unsigned seen = 0;

	while (uring_peek_cqe(r, &cqe) == 0) {
		if (cqe->res == 0 && cqe->user_data - MARK < 32)
			seen |= 1U << (cqe->user_data - MARK);
		uring_cqe_seen(r);
	}
	return seen;
}

static void
enter_checks(struct uring *r)
{
	int fds[2];

	if (pipe(fds) < 0)
		return;
	expect("enter on a pipe",
	       sysret(io_uring_enter(fds[0], 0, 0, 0, NULL, 0)), -EOPNOTSUPP);
	expect("enter on fd 0", sysret(io_uring_enter(0, 0, 0, 0, NULL, 0)),
	       -EOPNOTSUPP);
	close(fds[0]);
	close(fds[1]);
	expect("enter on a closed fd",
	       sysret(io_uring_enter(fds[0], 0, 0, 0, NULL, 0)), -EBADF);
	expect("enter with flag 1<<20",
	       sysret(io_uring_enter(r->fd, 0, 0, 1U << 20, NULL, 0)), -EINVAL);
	expect("enter with nothing to do",
	       sysret(io_uring_enter(r->fd, 0, 0, 0, NULL, 0)), 0);
}

static void
nop_checks(struct uring *r)
{
	unsigned seen;

	expect_op(r, "NOP", 0, IORING_OP_NOP, -1, NULL, 0, 0);
	for (unsigned i = 0; i < 8; i++)
		queue_nop(r, MARK + i);
	expect("8 NOPs in one enter", uring_submit_and_wait(r, 8), 8);
	seen = reap_nops(r);
	check(seen == 0xff, "8 NOPs complete with their user_data",
	      "user_data seen (bit per NOP) %#x, want 0xff", seen);
}

/* same - does @fd hold @len bytes of @want at @off (read with pread)? */
static int
same(int fd, const uint8_t *want, size_t len, off_t off)
{
	return pread(fd, rbuf, len, off) == (ssize_t)len &&
	       memcmp(rbuf, want, len) == 0;
}

/* READ and WRITE through the page cache, at the file position and not. */
static void
file_checks(struct uring *r, int fd)
{
	const off_t a = (off_t)AREA * SECTOR, b = a + 16 * SECTOR;
	struct pattern p;

	pattern_init(&p, 0xf11e);
	pattern_fill(&p, AREA, 8, wbuf[0]);
	pattern_fill(&p, AREA + 16, 8, wbuf[1]);
	lseek(fd, a, SEEK_SET);
	expect_op(r, "WRITE at the file position", BLOCK, IORING_OP_WRITE, fd,
		  wbuf[0], BLOCK, (uint64_t)-1);
	expect("WRITE at the file position moves it",
	       sysret(lseek(fd, 0, SEEK_CUR)), a + BLOCK);
	expect_op(r, "WRITE at an offset", BLOCK, IORING_OP_WRITE, fd, wbuf[1],
		  BLOCK, (uint64_t)b);
	expect("WRITE at an offset leaves the position",
	       sysret(lseek(fd, 0, SEEK_CUR)), a + BLOCK);
	check(same(fd, wbuf[0], BLOCK, a) && same(fd, wbuf[1], BLOCK, b),
	      "pread shows both WRITEs", "the bytes differ");

	lseek(fd, a, SEEK_SET);
	memset(rbuf, 0, BLOCK);
	expect_op(r, "READ at the file position", 1000, IORING_OP_READ, fd,
		  rbuf, 1000, (uint64_t)-1);
	check(memcmp(rbuf, wbuf[0], 1000) == 0,
	      "READ at the file position data",
	      "the bytes differ from what was written");
	expect("READ at the file position moves it",
	       sysret(lseek(fd, 0, SEEK_CUR)), a + 1000);
	memset(rbuf, 0, BLOCK);
	expect_op(r, "READ at an offset", BLOCK, IORING_OP_READ, fd, rbuf,
		  BLOCK, (uint64_t)b);
	check(memcmp(rbuf, wbuf[1], BLOCK) == 0, "READ at an offset data",
	      "the bytes differ from what was written");
	expect("READ at an offset leaves the position",
	       sysret(lseek(fd, 0, SEEK_CUR)), a + 1000);
	expect_op(r, "FSYNC", 0, IORING_OP_FSYNC, fd, NULL, 0, 0);
}

/* WRITEV and READV of 3 pieces, each in a buffer of its own. */
static void
vector_checks(struct uring *r, int fd)
{
	static const size_t cut[4] = { 0, 100, 1100, BLOCK };
	const off_t c = (off_t)(AREA + 32) * SECTOR;
	struct iovec iov[3];
	struct pattern p;
	int pieces_ok = 1;

	pattern_init(&p, 0x7ec);
	pattern_fill(&p, AREA + 32, 8, wbuf[0]);
	for (int i = 0; i < 3; i++) {
		memcpy(bufs[i], wbuf[0] + cut[i], cut[i + 1] - cut[i]);
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = cut[i + 1] - cut[i];
	}
	expect_op(r, "WRITEV of 3 iovecs", BLOCK, IORING_OP_WRITEV, fd, iov, 3,
		  (uint64_t)c);
	check(same(fd, wbuf[0], BLOCK, c), "pread shows the WRITEV",
	      "the bytes differ from the 3 pieces in order");
	memset(bufs, 0, 3 * BLOCK);
	expect_op(r, "READV of 3 iovecs", BLOCK, IORING_OP_READV, fd, iov, 3,
		  (uint64_t)c);
	for (int i = 0; i < 3; i++)
		pieces_ok &=
		    memcmp(bufs[i], wbuf[0] + cut[i], cut[i + 1] - cut[i]) == 0;
	check(pieces_ok, "READV fills each iovec with its piece",
	      "a piece differs");
}

/* Errors of one request come back in its CQE; the SQE is consumed. */
static void
error_checks(struct uring *r, int fd)
{
	int wfd = blk_open("uring", O_WRONLY);

	expect_op(r, "READ on a bad fd", -EBADF, IORING_OP_READ, BAD_FD, rbuf,
		  SECTOR, 0);
	expect_op(r, "opcode 200", -EINVAL, 200, fd, rbuf, SECTOR, 0);
	expect_op(r, "READ to address 8", -EFAULT, IORING_OP_READ, fd, BAD_ADDR,
		  SECTOR, 0);
	expect_op(r, "READ on an O_WRONLY fd", -EBADF, IORING_OP_READ, wfd,
		  rbuf, SECTOR, 0);
	close(wfd);
}

/*
 * A submission ring slot naming SQE sq_entries is dropped: counted in
 * *sq_dropped, passed by the head, no CQE.  It is the last of three so
 * that Linux, which ends the batch at a dropped entry, gives the same
 * result as a kernel that goes on past it.
 */
static void
dropped_check(struct uring *r)
{
	uint32_t before = *r->sq_dropped;
	unsigned seen, ready;
	int n;

	for (unsigned i = 0; i < 3; i++)
		queue_nop(r, MARK + i);
	r->sq_array[(r->sqe_tail - 1) & *r->sq_mask] = r->params.sq_entries;
	n = uring_submit_and_wait(r, 2);
	expect("enter does not count a dropped entry", n, 2);
	expect("sq dropped counts it", *r->sq_dropped - before, 1);
	expect("the SQ head passes it", *r->sq_tail - *r->sq_head, 0);
	ready = uring_cq_ready(r);
	seen = reap_nops(r);
	check(ready == 2 && seen == 3, "no CQE for the dropped entry",
	      "%u CQEs, user_data seen (bit per NOP) %#x, want 2 and 0x3",
	      ready, seen);
}

/*
 * queue_reads - @n O_DIRECT READs, the i-th of @len bytes from sector
 * @first + i * @stride into @buf + i * @len (poisoned first), user_data i.
 */
static void
queue_reads(struct uring *r, int dfd, unsigned n, uint8_t *buf, unsigned len,
	    uint64_t first, uint64_t stride)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = uring_get_sqe(r);

		if (sqe == NULL)
			return;
		memset(buf + (size_t)i * len, 0xee, len);
		uring_prep_rw(sqe, IORING_OP_READ, dfd, buf + (size_t)i * len,
			      len, (first + i * stride) * SECTOR);
		sqe->user_data = i;
	}
}

/*
 * read_batch - queue_reads() submitted and waited for in one
 * io_uring_enter(): it must take all @n, and each CQE and buffer must be
 * right (the pattern of the disk).
 */
static void
read_batch(struct uring *r, int dfd, const char *name, unsigned n, uint8_t *buf,
	   unsigned len, uint64_t first, uint64_t stride)
{
	struct io_uring_cqe *cqe;
	char why[128] = "", b[24];
	uint64_t seen = 0;
	int got;

	queue_reads(r, dfd, n, buf, len, first, stride);
	got = uring_submit_and_wait(r, n);
	if (got != (int)n || uring_cq_ready(r) != n)
		snprintf(why, sizeof(why),
			 "io_uring_enter returned %s with %u CQEs, want %u",
			 result(b, sizeof(b), got), uring_cq_ready(r), n);
	while (uring_peek_cqe(r, &cqe) == 0) {
		uint64_t i = cqe->user_data;
		int32_t res = cqe->res;
		int64_t bad;
		int word;

		uring_cqe_seen(r);
		if (why[0])
			continue;
		if (i >= n || (seen & 1ULL << i)) {
			snprintf(why, sizeof(why), "stray CQE, user_data %llu",
				 (unsigned long long)i);
			continue;
		}
		seen |= 1ULL << i;
		if (res != (int32_t)len)
			snprintf(why, sizeof(why), "read %llu: res %s, want %u",
				 (unsigned long long)i,
				 result(b, sizeof(b), res), len);
		else if ((bad = pattern_check(&disk, first + i * stride,
					      len / SECTOR, buf + i * len,
					      &word)) >= 0)
			snprintf(why, sizeof(why),
				 "read %llu: sector %lld word %d is wrong",
				 (unsigned long long)i, (long long)bad, word);
	}
	check(why[0] == '\0', name, "%s", why);
}

static void
direct_checks(struct uring *r, int dfd)
{
	const off_t d = (off_t)(AREA + 48) * SECTOR;
	uint64_t size = blk_size("uring", dfd);
	struct pattern p;
	int word;

	read_batch(r, dfd, "32 O_DIRECT READs of 4 KiB in one enter", QD,
		   bufs[0], BLOCK, 1, 97);
	read_batch(r, dfd, "4 O_DIRECT READs of 256 KiB in one enter", NBIG,
		   big[0], BIG, 4097, 1000);
	expect_op(r, "O_DIRECT READ to buffer + 1", -EINVAL, IORING_OP_READ,
		  dfd, bufs[0] + 1, BLOCK, 0);
	expect_op(r, "O_DIRECT READ at offset 100", -EINVAL, IORING_OP_READ,
		  dfd, bufs[0], BLOCK, 100);
	expect_op(r, "O_DIRECT READ at the disk size", 0, IORING_OP_READ, dfd,
		  bufs[0], BLOCK, size);
	expect_op(r, "O_DIRECT READ 1 MiB past the end", 0, IORING_OP_READ, dfd,
		  bufs[0], BLOCK, size + (1 << 20));

	pattern_init(&p, 0xd1ec);
	pattern_fill(&p, AREA + 48, 8, wbuf[0]);
	expect_op(r, "O_DIRECT WRITE", BLOCK, IORING_OP_WRITE, dfd, wbuf[0],
		  BLOCK, (uint64_t)d);
	check(pread(dfd, bufs[0], BLOCK, d) == BLOCK &&
		  pattern_check(&p, AREA + 48, 8, bufs[0], &word) < 0,
	      "O_DIRECT pread shows the O_DIRECT WRITE", "the bytes differ");
}

/* The first and last word of each sector of a 4 KiB read from @sector. */
static int
spot_check(const uint64_t *w, uint64_t sector)
{
	const uint64_t last = disk.key[SECTOR_WORDS - 1];

	for (uint64_t n = sector; n < sector + BLOCK / SECTOR; n++) {
		if (w[0] != n ||
		    w[SECTOR_WORDS - 1] != (last ^ n * PATTERN_GOLDEN))
			return 0;
		w += SECTOR_WORDS;
	}
	return 1;
}

/* Send bufs[@i] out again: a random 4 KiB READ, user_data @i. */
static void
resend(struct uring *s, int dfd, unsigned i, uint64_t *sector, uint64_t *rng)
{
	sector[i] = xorshift64(rng) % (READ_SECTORS / 8) * 8;
	queue_reads(s, dfd, 1, bufs[i], BLOCK, sector[i], 0);
	s->sqes[(s->sqe_tail - 1) & *s->sq_mask].user_data = i;
}

/*
 * stress - ROUNDS * QD random 4 KiB O_DIRECT READs on a ring of its own
 * set up with @flags, QD in flight all the time: each CQE is checked and
 * its buffer sent out again at once.  A lost completion leaves this
 * waiting for ever (the QEMU test's time-out catches it); a stray or
 * repeated one fails here.
 */
static void
stress(int dfd, const char *name, unsigned flags)
{
	const unsigned total = ROUNDS * QD;
	uint64_t rng = 0x5eed, sector[QD];
	unsigned issued, done = 0;
	uint32_t busy = 0;
	struct uring s;
	char why[128] = "", b[24];
	int err = uring_init(&s, QD, flags);

	if (!check(err == 0, name, "uring_init: %s", errno_name(-err)))
		return;
	for (issued = 0; issued < QD; issued++) {
		resend(&s, dfd, issued, sector, &rng);
		busy |= 1U << issued;
	}
	while (done < total && !why[0]) {
		struct io_uring_cqe *cqe;
		unsigned pending = s.sqe_tail - *s.sq_tail;
		int n = uring_submit_and_wait(&s, 1);

		if (n != (int)pending)
			snprintf(why, sizeof(why),
				 "io_uring_enter returned %s, want %u",
				 result(b, sizeof(b), n), pending);
		while (!why[0] && uring_peek_cqe(&s, &cqe) == 0) {
			uint64_t i = cqe->user_data;
			int32_t res = cqe->res;

			uring_cqe_seen(&s);
			if (i >= QD || !(busy & 1U << i)) {
				snprintf(why, sizeof(why),
					 "stray CQE, user_data %llu",
					 (unsigned long long)i);
				break;
			}
			if (res != BLOCK ||
			    !spot_check((uint64_t *)bufs[i], sector[i])) {
				snprintf(why, sizeof(why),
					 "read of sector %llu: res %s%s",
					 (unsigned long long)sector[i],
					 result(b, sizeof(b), res),
					 res == BLOCK ? ", wrong data" : "");
				break;
			}
			done++;
			busy &= ~(1U << i);
			if (issued < total) {
				resend(&s, dfd, (unsigned)i, sector, &rng);
				busy |= 1U << i;
				issued++;
			}
		}
	}
	check(why[0] == '\0', name, "after %u reads: %s", done, why);
	uring_exit(&s);
}

/*
 * A child queues 32 O_DIRECT READs on a ring of its own and exits without
 * waiting for them: it must exit normally, and the parent's ring and the
 * disk must keep working.
 */
static void
fork_check(struct uring *r, int dfd)
{
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct uring c;

		if (uring_init(&c, QD, 0) < 0)
			_exit(2);
		queue_reads(&c, dfd, QD, bufs[0], BLOCK, 1, 97);
		_exit(uring_submit(&c) == QD ? 0 : 3);
	}
	if (!check(pid > 0, "fork", "got %s", errno_name(errno)))
		return;
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		  WEXITSTATUS(status) == 0,
	      "child exits with 32 READs in flight", "wait status %#x", status);
	expect_op(r, "NOP after the child's exit", 0, IORING_OP_NOP, -1, NULL,
		  0, 0);
	read_batch(r, dfd, "32 O_DIRECT READs after the child's exit", QD,
		   bufs[0], BLOCK, 5, 211);
}

/*
 * munmap of a buffer that 32 O_DIRECT reads of 256 KiB are filling must
 * wait for them: each read still completes, and memory mapped afterwards
 * (which may be the same pages) must stay zero, not receive late DMA.
 */
static void
munmap_check(struct uring *r, int dfd)
{
	const size_t len = (size_t)QD * BIG / 4;
	uint8_t *buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct io_uring_cqe *cqe;
	unsigned good = 0, got = 0;
	int n;

	if (!check(buf != MAP_FAILED, "mmap for munmap_check", "got %s",
		   errno_name(errno)))
		return;
	queue_reads(r, dfd, QD, buf, BIG / 4, 1, BIG / 4 / SECTOR);
	n = uring_submit(r);
	check(n == QD && munmap(buf, len) == 0,
	      "munmap with 32 O_DIRECT READs in flight", "submit %d, munmap %s",
	      n, errno_name(errno));
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	while (got < QD && uring_wait_cqe(r, &cqe) == 0) {
		good += cqe->res == BIG / 4;
		got++;
		uring_cqe_seen(r);
	}
	expect("READs that completed across the munmap", good, QD);
	if (buf != MAP_FAILED) {
		size_t i = 0;

		while (i < len && buf[i] == 0)
			i++;
		check(i == len, "memory mapped after the munmap stays zero",
		      "byte %zu is %#x", i, buf[i]);
		munmap(buf, len);
	}
}

/*
 * IORING_SETUP_IOPOLL: O_DIRECT reads and NOPs complete, with the
 * completions polled; what cannot be polled for is refused as on Linux.
 * Meanwhile a child reads the disk synchronously: the poller keeps the
 * device's interrupt off while it spins, so it must complete the
 * child's requests too.
 */
static void
iopoll_checks(int fd, int dfd)
{
	struct uring p;
	int status = -1, err = uring_init(&p, QD, IORING_SETUP_IOPOLL);
	pid_t pid;

	if (!check(err == 0, "uring_init with IORING_SETUP_IOPOLL", "got %s",
		   errno_name(-err)))
		return;
	expect_op(&p, "IOPOLL: NOP", 0, IORING_OP_NOP, -1, NULL, 0, 0);
	read_batch(&p, dfd, "IOPOLL: 32 O_DIRECT READs of 4 KiB", QD, bufs[0],
		   BLOCK, 3, 89);
	read_batch(&p, dfd, "IOPOLL: 4 O_DIRECT READs of 256 KiB", NBIG, big[0],
		   BIG, 2049, 1500);
	expect_op(&p, "IOPOLL: READ without O_DIRECT", -EOPNOTSUPP,
		  IORING_OP_READ, fd, rbuf, BLOCK, 0);
	expect_op(&p, "IOPOLL: FSYNC", -EINVAL, IORING_OP_FSYNC, dfd, NULL, 0,
		  0);
	uring_exit(&p);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (unsigned i = 0; i < 2000; i++) {
			uint64_t sector = i * 8 % READ_SECTORS;
			int word;

			if (pread(dfd, rbuf, BLOCK, (off_t)sector * SECTOR) !=
				BLOCK ||
			    pattern_check(&disk, sector, 8, rbuf, &word) >= 0)
				_exit(1);
		}
		_exit(0);
	}
	if (!check(pid > 0, "fork", "got %s", errno_name(errno)))
		return;
	stress(dfd, "IOPOLL: 32000 random O_DIRECT READs, 32 in flight",
	       IORING_SETUP_IOPOLL);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		  WEXITSTATUS(status) == 0,
	      "IOPOLL: another process's preads meanwhile", "wait status %#x",
	      status);
}

int
main(int argc, char **argv)
{
	struct uring r;
	int fd, dfd, err;

	if (argc != 2) {
		printf("usage: uring SEED\n");
		return 2;
	}
	pattern_init(&disk, strtoull(argv[1], NULL, 0));
	setup_checks();
	ring_checks();
	err = uring_init(&r, QD, 0);
	if (check(err == 0, "uring_init 32 entries", "got %s",
		  errno_name(-err))) {
		fd = blk_open("uring", O_RDWR);
		dfd = blk_open("uring", O_RDWR | O_DIRECT);
		enter_checks(&r);
		nop_checks(&r);
		file_checks(&r, fd);
		vector_checks(&r, fd);
		error_checks(&r, fd);
		dropped_check(&r);
		direct_checks(&r, dfd);
		stress(dfd, "32000 random O_DIRECT READs, 32 in flight", 0);
		iopoll_checks(fd, dfd);
		fork_check(&r, dfd);
		munmap_check(&r, dfd);
		uring_exit(&r);
		expect("enter after uring_exit",
		       sysret(io_uring_enter(r.fd, 0, 0, 0, NULL, 0)), -EBADF);
		close(dfd);
		close(fd);
	}
	printf("uring: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
