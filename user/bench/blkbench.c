/*
 * user/bench/blkbench.c - how fast /dev/vda reads, from user space with
 * O_DIRECT and, for comparison, the ceiling the kernel reaches with no
 * block layer and no copies (the SLUICE_BLKBENCH ioctl).  tools/bench.py
 * boots Sluice with a disk and runs it.
 *
 *   blkbench [SCALE]      SCALE (default 1) multiplies every amount
 *
 * Queue depth 1 is one process doing synchronous preads.  Queue depth 32
 * is one process keeping 32 reads in flight through an io_uring, as fio
 * does, with polled completions (IORING_SETUP_IOPOLL, fio's hipri) like
 * the ceiling, so the two differ by the block layer and user space only.
 * The *_irq keys are the same with completions by interrupt, and the
 * *_procs keys 32 processes doing synchronous preads of their shares (worker i takes requests i, i + N, i + 2N ...;
 * they wait on a pipe until the parent starts the clock and closes it,
 * and the clock stops when the last one is done).  Sequential reads go
 * from offset 0 and wrap at the end of the disk; random ones are
 * uniformly spread, aligned to their size.  MB is 10^6 bytes.
 *
 * Each result is one line "KEY: VALUE UNIT (detail)", where KEY is the
 * name tools/bench.py stores it under (blk_seq_read_mbps_4k_qd1 ...).
 * Exit status 1 if anything failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/fs.h>
#include <uapi/mman.h>
#include <uapi/sluice.h>
#include <uapi/time.h>
#include <uapi/wait.h>

#include "errname.h"
#include "syscall.h"
#include "uring.h"

int main(int argc, char **argv);

#define KIB	  1024ULL
#define MIB	  (1024 * KIB)
#define MAX_BLOCK (256 * KIB)
#define QD_HIGH	  32
#define GOLDEN	  0x9e3779b97f4a7c15ULL

static uint8_t buf[MAX_BLOCK] __attribute__((aligned(4096)));
static uint64_t disk_size;

static uint64_t
now_ns(void)
{
	struct uapi_timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Worker @w of @qd: its share of @count reads of @bs bytes.  Sends the
 * time it finished (0 on failure) down @done and exits.
 */
static void
worker(int w, int qd, int go, int done, uint64_t bs, int random, uint64_t count)
{
	int fd = open("/dev/vda", O_RDONLY | O_DIRECT);
	uint64_t blocks = disk_size / bs, rng = GOLDEN * (uint64_t)(w + 1);
	uint64_t end = 0;
	char c;

	memset(buf, 0, bs); /* fault the buffer in before the clock runs */
	read(go, &c, 1);
	for (uint64_t k = (uint64_t)w; fd >= 0 && k < count;
	     k += (uint64_t)qd) {
		uint64_t block = k % blocks;

		if (random) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			block = rng % blocks;
		}
		if (pread(fd, buf, bs, block * bs) != (ssize_t)bs)
			goto out;
	}
	if (fd >= 0)
		end = now_ns();
out:
	write(done, &end, sizeof(end));
	_exit(end == 0);
}

/*
 * Time @count reads of @bs bytes by @qd processes: from letting them go
 * to the last one's finish (their exits are not counted).  ns, or 0 on
 * failure.
 */
static uint64_t
run(uint64_t bs, int qd, int random, uint64_t count)
{
	int go[2], done[2], started = 0, ok = 1, status;
	uint64_t start, end, last = 0;

	if (pipe(go) < 0 || pipe(done) < 0)
		return 0;
	for (int w = 0; w < qd; w++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(go[1]);
			close(done[0]);
			worker(w, qd, go[0], done[1], bs, random, count);
		}
		ok &= pid > 0;
		started += pid > 0;
	}
	close(go[0]);
	close(done[1]);
	start = now_ns();
	close(go[1]);
	for (int i = 0; i < started; i++) {
		if (read(done[0], &end, sizeof(end)) != sizeof(end) || end == 0)
			ok = 0;
		else if (end > last)
			last = end;
	}
	close(done[0]);
	while (wait4(-1, &status, 0, NULL) > 0)
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return ok && last > start ? last - start : 0;
}

/*
 * Time @count reads of @bs bytes kept @qd deep by one process through an
 * io_uring set up with @flags: refill the ring, submit, wait for one
 * completion, reap all that are there.  Each read in flight has its own
 * buffer.  ns, or 0.
 */
static uint64_t
run_uring(uint64_t bs, unsigned qd, int random, uint64_t count, unsigned flags)
{
	int fd = open("/dev/vda", O_RDONLY | O_DIRECT);
	uint64_t blocks = disk_size / bs, rng = GOLDEN, issued = 0, done = 0;
	uint64_t start, next = 0;
	unsigned free_slots[QD_HIGH], nfree = 0;
	uint8_t *bufs = mmap(NULL, bs * qd, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uring r;
	int err;

	if (fd < 0 || bufs == MAP_FAILED)
		return 0;
	err = uring_init(&r, qd, flags);
	if (err) {
		printf("blkbench: io_uring_setup: %s\n", errno_name(-err));
		close(fd);
		return 0;
	}
	for (unsigned i = 0; i < qd; i++)
		free_slots[nfree++] = i;
	memset(bufs, 0, bs * qd); /* fault in before the clock runs */
	start = now_ns();
	while (done < count) {
		struct io_uring_cqe *cqe;

		while (issued < count && nfree) {
			struct io_uring_sqe *sqe = uring_get_sqe(&r);
			unsigned slot = free_slots[--nfree];
			uint64_t block = next++ % blocks;

			if (random) {
				rng ^= rng << 13;
				rng ^= rng >> 7;
				rng ^= rng << 17;
				block = rng % blocks;
			}
			uring_prep_rw(sqe, IORING_OP_READ, fd, bufs + slot * bs,
				      (unsigned)bs, block * bs);
			sqe->user_data = slot;
			issued++;
		}
		err = uring_submit_and_wait(&r, 1);
		if (err < 0) {
			printf("blkbench: io_uring_enter: %s\n",
			       errno_name(-err));
			break;
		}
		while (uring_peek_cqe(&r, &cqe) == 0) {
			if (cqe->res != (int32_t)bs) {
				printf("blkbench: read gave %d\n", cqe->res);
				err = -1;
			}
			free_slots[nfree++] = (unsigned)cqe->user_data;
			uring_cqe_seen(&r);
			done++;
		}
		if (err < 0)
			break;
	}
	uint64_t end = now_ns();

	uring_exit(&r);
	munmap(bufs, bs * qd);
	close(fd);
	return done == count ? end - start : 0;
}

/* Print @key as MB/s (@random 0) or IOPS (@random 1); 0 if it worked. */
static int
report(const char *key, int random, uint64_t bs, uint64_t count, uint64_t ns)
{
	uint64_t bytes = bs * count;

	if (ns == 0) {
		printf("%s: FAIL\n", key);
		return 1;
	}
	if (random)
		printf("%s: %llu IOPS (%llu reads in %llu ms)\n", key,
		       (unsigned long long)(count * 1000000000ULL / ns),
		       (unsigned long long)count,
		       (unsigned long long)(ns / 1000000));
	else
		printf("%s: %llu.%llu MB/s (%llu MiB in %llu ms)\n", key,
		       (unsigned long long)(bytes * 1000 / ns),
		       (unsigned long long)(bytes * 10000 / ns % 10),
		       (unsigned long long)(bytes / MIB),
		       (unsigned long long)(ns / 1000000));
	fflush(stdout);
	return 0;
}

/* The in-kernel ceiling: SLUICE_BLKBENCH with @bs, @qd, @random. */
static int
ceiling(int fd, const char *key, uint32_t bs, uint32_t qd, int random,
	uint64_t count, uint32_t flags)
{
	struct sluice_blkbench b = {
		.op = 0,
		.block_size = bs,
		.queue_depth = qd,
		.random = (uint32_t)random,
		.requests = count,
		.span_bytes = 0,
		.flags = flags,
	};

	if (ioctl(fd, SLUICE_BLKBENCH, &b) < 0) {
		printf("%s: FAIL SLUICE_BLKBENCH: %s\n", key,
		       errno_name(errno));
		return 1;
	}
	return report(key, random, bs, count, b.elapsed_ns);
}

enum how {
	PREAD,	/* qd processes, each doing synchronous preads */
	URING,	/* one process, qd reads in flight in an io_uring */
	IOPOLL, /* the same, IORING_SETUP_IOPOLL: completions polled */
};

struct config {
	const char *key;
	uint64_t bs;
	int qd, random;
	uint64_t count; /* requests, times SCALE */
	enum how how;
};

/* Each runs for about a second under TCG on a 2-core host (SCALE 1). */
static const struct config configs[] = {
	{ "blk_seq_read_mbps_4k_qd1", 4 * KIB, 1, 0, 16384, PREAD },
	{ "blk_seq_read_mbps_4k_qd32", 4 * KIB, QD_HIGH, 0, 65536, IOPOLL },
	{ "blk_seq_read_mbps_64k_qd1", 64 * KIB, 1, 0, 8192, PREAD },
	{ "blk_seq_read_mbps_64k_qd32", 64 * KIB, QD_HIGH, 0, 32768, IOPOLL },
	{ "blk_seq_read_mbps_256k_qd1", 256 * KIB, 1, 0, 4096, PREAD },
	{ "blk_seq_read_mbps_256k_qd32", 256 * KIB, QD_HIGH, 0, 16384, IOPOLL },
	{ "blk_rand4k_iops_qd1", 4 * KIB, 1, 1, 16384, PREAD },
	{ "blk_rand4k_iops_qd32", 4 * KIB, QD_HIGH, 1, 65536, IOPOLL },
	{ "blk_seq_read_mbps_256k_qd32_irq", 256 * KIB, QD_HIGH, 0, 16384,
	  URING },
	{ "blk_rand4k_iops_qd32_irq", 4 * KIB, QD_HIGH, 1, 65536, URING },
	{ "blk_seq_read_mbps_256k_qd32_procs", 256 * KIB, QD_HIGH, 0, 4096,
	  PREAD },
	{ "blk_rand4k_iops_qd32_procs", 4 * KIB, QD_HIGH, 1, 16384, PREAD },
};

int
main(int argc, char **argv)
{
	uint64_t scale = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	int fd = open("/dev/vda", O_RDONLY), failed = 0;

	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &disk_size) < 0 ||
	    disk_size < MAX_BLOCK) {
		printf("blkbench: /dev/vda: %s\n",
		       fd < 0 ? errno_name(errno) : "no usable size");
		return 1;
	}
	printf("blkbench: /dev/vda %llu MiB\n",
	       (unsigned long long)(disk_size / MIB));
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		const struct config *c = &configs[i];
		uint64_t count = c->count * scale;

		uint64_t ns =
		    c->how == PREAD
			? run(c->bs, c->qd, c->random, count)
			: run_uring(c->bs, (unsigned)c->qd, c->random, count,
				    c->how == IOPOLL ? IORING_SETUP_IOPOLL : 0);

		failed += report(c->key, c->random, c->bs, count, ns);
	}
	failed += ceiling(fd, "blk_ceiling_seq_mbps", 256 * KIB, QD_HIGH, 0,
			  16384 * scale, 0);
	failed += ceiling(fd, "blk_ceiling_rand4k_iops", 4 * KIB, QD_HIGH, 1,
			  65536 * scale, 0);
	failed +=
	    ceiling(fd, "blk_ceiling_seq_mbps_one_buffer", 256 * KIB, QD_HIGH,
		    0, 16384 * scale, SLUICE_BLKBENCH_ONE_BUFFER);
	close(fd);
	return failed != 0;
}
