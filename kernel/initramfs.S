/*
 * kernel/initramfs.S - the user programs, packed by the Makefile into a
 * cpio "newc" archive, linked into the kernel image read-only.  execve
 * finds programs in it until a file system exists.
 */
	.section .rodata.initramfs, "a"
	.balign 8
	.globl initramfs_start, initramfs_end
initramfs_start:
	.incbin "build/initramfs.cpio"
initramfs_end:
