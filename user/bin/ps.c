/*
 * user/bin/ps.c - list processes from /proc: for each /proc/<pid>/stat,
 * print pid, parent pid, state and command name.  Without /proc, say so
 * and exit 1.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <uapi/dirent.h>

#include "errname.h"
#include "syscall.h"

int main(void);

/*
 * Print one line for /proc/@name/stat ("pid (comm) state ppid ...").
 * A process that exits meanwhile is skipped.
 */
static void
show(int proc, const char *name)
{
	char path[64], buf[512], comm[64], *open_paren, *close_paren;
	int fd, ppid = 0;
	ssize_t n;
	char state = '?';

	snprintf(path, sizeof(path), "%s/stat", name);
	fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return;
	snprintf(comm, sizeof(comm), "%.*s",
		 (int)(close_paren - open_paren - 1), open_paren + 1);
	sscanf(close_paren + 1, " %c %d", &state, &ppid);
	printf("%5s %5d %c %s\n", name, ppid, state, comm);
}

static int
all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int
main(void)
{
	static uint8_t buf[4096];
	struct linux_dirent64 *d;
	ssize_t n, off;
	int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (proc < 0) {
		fprintf(stderr, "ps: /proc not available (%s)\n",
			errno_text(errno));
		return 1;
	}
	printf("%5s %5s S COMMAND\n", "PID", "PPID");
	while ((n = getdents64(proc, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(buf + off);
			if (all_digits(d->d_name))
				show(proc, d->d_name);
		}
	}
	if (n < 0) {
		warn_errno("ps", "/proc");
		return 1;
	}
	return 0;
}
