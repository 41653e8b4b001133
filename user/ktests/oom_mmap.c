/*
 * user/ktests/oom_mmap.c - map 1 MiB at a time until the kernel says
 * ENOMEM, then unmap everything and map again.  Sluice maps eagerly, so
 * this exhausts real memory: the kernel must refuse cleanly and recover.
 */
#include <stdio.h>

#include <uapi/mman.h>

#include "errname.h"
#include "syscall.h"

int main(void);

#define CHUNK	   (1UL << 20)
#define MAX_CHUNKS 4096

static void *chunks[MAX_CHUNKS];

int
main(void)
{
	int n = 0, err = 0, unmapped = 1;
	void *p;

	for (; n < MAX_CHUNKS; n++) {
		p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			err = errno;
			break;
		}
		((volatile char *)p)[CHUNK - 1] = 1;
		chunks[n] = p;
	}
	printf("mapped some before running out: %s\n", n > 0 ? "yes" : "no");
	printf("mmap error: %s\n", errno_name(err));
	for (int i = 0; i < n; i++)
		unmapped &= munmap(chunks[i], CHUNK) == 0;
	printf("munmap of all: %s\n", unmapped ? "ok" : "failed");
	p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap works again: %s\n", p != MAP_FAILED ? "yes" : "no");
	return 0;
}
