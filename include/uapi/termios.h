/*
 * include/uapi/termios.h - the terminal interface as the kernel's ioctls
 * see it on riscv64 (asm-generic termbits): struct termios for
 * TCGETS/TCSETS*, struct winsize for TIOCGWINSZ, the flag bits, the c_cc
 * indices and the tty ioctl numbers.  (A C library's struct termios may be
 * larger; this is the 36-byte one the kernel copies.)
 */
#ifndef SLUICE_UAPI_TERMIOS_H
#define SLUICE_UAPI_TERMIOS_H

#include <uapi/types.h>

#define NCCS 19

struct termios {
	uint32_t c_iflag;   /* input modes */
	uint32_t c_oflag;   /* output modes */
	uint32_t c_cflag;   /* control modes */
	uint32_t c_lflag;   /* local modes */
	uint8_t c_line;	    /* line discipline */
	uint8_t c_cc[NCCS]; /* control characters, indexed by V* */
};
UAPI_ASSERT_SIZE(struct termios, 36);
UAPI_ASSERT_OFFSET(struct termios, c_line, 16);
UAPI_ASSERT_OFFSET(struct termios, c_cc, 17);

struct winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};
UAPI_ASSERT_SIZE(struct winsize, 8);

/* c_cc indices */
#define VINTR	 0
#define VQUIT	 1
#define VERASE	 2
#define VKILL	 3
#define VEOF	 4
#define VTIME	 5
#define VMIN	 6
#define VSWTC	 7
#define VSTART	 8
#define VSTOP	 9
#define VSUSP	 10
#define VEOL	 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE	 14
#define VLNEXT	 15
#define VEOL2	 16

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define IGNPAR	0000004
#define PARMRK	0000010
#define INPCK	0000020
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IUCLC	0001000
#define IXON	0002000
#define IXANY	0004000
#define IXOFF	0010000
#define IMAXBEL 0020000
#define IUTF8	0040000

/* c_oflag */
#define OPOST  0000001
#define OLCUC  0000002
#define ONLCR  0000004
#define OCRNL  0000010
#define ONOCR  0000020
#define ONLRET 0000040
#define OFILL  0000100
#define OFDEL  0000200

/* c_cflag */
#define CBAUD	0010017
#define B0	0000000
#define B9600	0000015
#define B38400	0000017
#define B115200 0010002
#define CSIZE	0000060
#define CS5	0000000
#define CS6	0000020
#define CS7	0000040
#define CS8	0000060
#define CSTOPB	0000100
#define CREAD	0000200
#define PARENB	0000400
#define PARODD	0001000
#define HUPCL	0002000
#define CLOCAL	0004000

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define XCASE	0000004
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE	0004000
#define FLUSHO	0010000
#define PENDIN	0040000
#define IEXTEN	0100000
#define EXTPROC 0200000

/* tcsetattr actions, tcflush queues */
#define TCSANOW	  0
#define TCSADRAIN 1
#define TCSAFLUSH 2
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* ioctl requests (asm-generic/ioctls.h) */
#define TCGETS	   0x5401
#define TCSETS	   0x5402
#define TCSETSW	   0x5403
#define TCSETSF	   0x5404
#define TCFLSH	   0x540B
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCOUTQ   0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define TIOCINQ	   FIONREAD
#define FIONBIO	   0x5421
#define TIOCNOTTY  0x5422
#define FIOASYNC   0x5452

#endif /* SLUICE_UAPI_TERMIOS_H */
