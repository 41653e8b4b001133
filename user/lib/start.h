/*
 * user/lib/start.h - what the start-up code leaves behind for the rest of
 * the program: the environment and the auxiliary vector.
 */
#ifndef SLUICE_USER_START_H
#define SLUICE_USER_START_H

/* The environment, "NAME=value" strings ending in NULL (picolibc's). */
extern char **environ;

/*
 * getauxval - the value of auxiliary vector entry @type (AT_PAGESZ ...),
 * or 0 when the kernel did not pass it.
 */
unsigned long getauxval(unsigned long type);

/*
 * crt_start - the C half of _start; @sp is the initial stack pointer.
 * Sets up TLS, environ, the auxiliary vector and picolibc's constructors,
 * then exits with main()'s return value.  Called once, from crt0.S.
 */
void crt_start(unsigned long *sp) __attribute__((noreturn));

#endif /* SLUICE_USER_START_H */
