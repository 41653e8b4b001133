/*
 * user/tests/dir_parallel.c - one directory changed by four processes at
 * once: each child creates 60 files of its own (names "c<child>-<n>"),
 * makes a subdirectory, then unlinks every other file it made; afterwards
 * the parent finds exactly the 30 + 1 names of each child left, each once,
 * with the right types, and the directory's link count is 2 + 4.  Which
 * child's entry lands where in the directory is not printed.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

#define CHILDREN 4
#define FILES	 60

static struct fs_listing listing;

static void
child(int c)
{
	char name[32];
	int i, bad = 0;

	for (i = 0; i < FILES; i++) {
		snprintf(name, sizeof(name), "d/c%d-%02d", c, i);
		if (fs_put(name, name, strlen(name)) < 0)
			bad = 1;
	}
	snprintf(name, sizeof(name), "d/c%d-sub", c);
	if (fs_mkdir(name, 0755) < 0)
		bad = 1;
	for (i = 0; i < FILES; i += 2) {
		snprintf(name, sizeof(name), "d/c%d-%02d", c, i);
		if (fs_unlink(name) < 0)
			bad = 1;
	}
	_exit(bad);
}

/* Is entry @e the one expected at sorted position @i? */
static int
expected_at(int i, const struct fs_entry *e)
{
	char want[32];
	int per = FILES / 2 + 1, c = i / per, k = i % per;

	if (k == FILES / 2) {
		snprintf(want, sizeof(want), "c%d-sub", c);
		return strcmp(e->name, want) == 0 && e->type == DT_DIR;
	}
	snprintf(want, sizeof(want), "c%d-%02d", c, 2 * k + 1);
	return strcmp(e->name, want) == 0 && e->type == DT_REG;
}

static int
contents_right(void)
{
	char path[48], buf[32];
	int i;
	long n;

	for (i = 2; i < listing.count; i++) {
		if (listing.e[i].type != DT_REG)
			continue;
		snprintf(path, sizeof(path), "d/%s", listing.e[i].name);
		n = fs_get(path, buf, sizeof(buf));
		if (n != (long)strlen(path) || memcmp(buf, path, (size_t)n))
			return 0;
	}
	return 1;
}

int
main(void)
{
	struct uapi_stat st;
	int c, status, ok = 1, fd, i;

	check_value("mkdir(\"d\")", fs_mkdir("d", 0755), 0);
	for (c = 0; c < CHILDREN; c++)
		if (fork() == 0)
			child(c);
	for (c = 0; c < CHILDREN; c++)
		if (waitpid(-1, &status, 0) < 0 || status != 0)
			ok = 0;
	check_true("every child made and removed its names", ok);
	fd = open("d", O_RDONLY | O_DIRECTORY);
	check_value("list \"d\"", fs_list(fd, 4096, &listing), 0);
	close(fd);
	check_value("entries", listing.count, 2 + CHILDREN * (FILES / 2 + 1));
	check_value("names seen twice", listing.dups, 0);
	ok = listing.count == 2 + CHILDREN * (FILES / 2 + 1);
	for (i = 2; ok && i < listing.count; i++)
		ok = expected_at(i - 2, &listing.e[i]);
	check_true("exactly the odd files and the subdirectory of each child",
		   ok);
	check_true("each file holds its own path", contents_right());
	check_value("stat(\"d\")", fs_stat("d", &st), 0);
	printf("its nlink: %u\n", st.st_nlink);
	return check_exit();
}
