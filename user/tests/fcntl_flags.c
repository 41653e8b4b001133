/*
 * user/tests/fcntl_flags.c - F_GETFL/F_SETFL on fd 1: O_NONBLOCK can be set
 * and cleared, it belongs to the open file (a dup'd descriptor sees it),
 * F_SETFL leaves the access mode alone; F_GETFL of a closed descriptor is
 * EBADF.  fd 1 is shared with whoever started us, so the flag is put back
 * at once and nothing is printed while it is set.
 */
#include <stdio.h>

#include "check.h"

int main(void);

struct observed {
	long before, set_ret, during, via_dup, restore_ret, after;
	long mode_ret, mode_after;
};

static void
toggle_nonblock(struct observed *o)
{
	int d = dup(1);

	o->before = fcntl(1, F_GETFL);
	o->set_ret = fcntl(1, F_SETFL, o->before | O_NONBLOCK);
	o->during = fcntl(1, F_GETFL);
	o->via_dup = fcntl(d, F_GETFL);
	o->restore_ret = fcntl(1, F_SETFL, o->before);
	o->after = fcntl(1, F_GETFL);
	/* an attempt to change the access mode is ignored */
	o->mode_ret =
	    fcntl(1, F_SETFL,
		  (o->before & ~O_ACCMODE) | ((o->before & O_ACCMODE) ^ 1));
	o->mode_after = fcntl(1, F_GETFL);
	close(d);
}

int
main(void)
{
	struct observed o;

	toggle_nonblock(&o);
	check_true("F_GETFL(1) works", o.before >= 0);
	check_true("O_NONBLOCK clear at first", !(o.before & O_NONBLOCK));
	check_value("F_SETFL(1, flags | O_NONBLOCK)", o.set_ret, 0);
	check_true("F_GETFL(1) then has O_NONBLOCK",
		   o.during >= 0 && (o.during & O_NONBLOCK));
	check_true("a dup of fd 1 has it too",
		   o.via_dup >= 0 && (o.via_dup & O_NONBLOCK));
	check_true("access mode unchanged by it",
		   (o.during & O_ACCMODE) == (o.before & O_ACCMODE));
	check_value("F_SETFL(1, flags) restores", o.restore_ret, 0);
	check_true("O_NONBLOCK clear again",
		   o.after >= 0 && !(o.after & O_NONBLOCK));
	check_value("F_SETFL with another access mode", o.mode_ret, 0);
	check_true("access mode still the same",
		   (o.mode_after & O_ACCMODE) == (o.before & O_ACCMODE));
	check_errno("fcntl(closed, F_GETFL)", fcntl(check_closed_fd(), F_GETFL),
		    EBADF);
	return check_exit();
}
