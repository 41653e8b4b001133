/*
 * user/lib/start.c - program start-up: reads the initial stack the kernel
 * built (argc, argv, envp, auxv), gives the program its thread-local
 * storage, runs constructors and calls main().
 *
 * Single-threaded; every variable here is written once, before main().
 */
#include "start.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/auxvec.h>

/* picolibc's TLS helpers (<picotls.h>) and constructor runner. */
void _init_tls(void *tls);
void _set_tls(void *tls);
void __libc_init_array(void);

/* From user.ld: the TLS template's size and alignment, as addresses. */
extern char __tls_size[];
extern char __tls_align[];

int main(int argc, char **argv, char **envp);

static unsigned long *auxv; /* the (type, value) pairs, or NULL */

unsigned long
getauxval(unsigned long type)
{
	unsigned long *p;

	for (p = auxv; p && p[0] != AT_NULL; p += 2)
		if (p[0] == type)
			return p[1];
	return 0;
}

/*
 * The TLS block lives in crt_start()'s frame, which lasts as long as the
 * program.  tp points at its start: RISC-V's TLS variant I has no thread
 * control block in front, so the first TLS variable is at tp + 0.
 * picolibc keeps errno there.
 */
static inline void
start_tls(void *block)
{
	_init_tls(block);
	_set_tls(block);
}

void
crt_start(unsigned long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p;
	uintptr_t align = (uintptr_t)__tls_align;
	uint8_t *tls;

	if (align < 16)
		align = 16;
	tls = __builtin_alloca((size_t)(uintptr_t)__tls_size + align);
	tls = (uint8_t *)(((uintptr_t)tls + align - 1) & ~(align - 1));
	start_tls(tls);

	for (p = envp; *p; p++)
		;
	auxv = (unsigned long *)(p + 1);
	environ = envp;

	__libc_init_array();
	exit(main(argc, argv, envp));
}
