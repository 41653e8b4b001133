/*
 * fs/inode.c - the inode cache: one struct inode per (super block, inode
 * number) in memory, shared by every open file and path lookup that
 * reaches it, freed when the last reference goes (fs/vfs.h).
 *
 * Locks: icache_lock protects the hash table and every i_count.  A new
 * inode is read (s_op->read_inode, which may sleep on the disk) under
 * iget_mutex and hashed only when complete, so nobody sees a half-read
 * inode; reads of different inodes are serialised, which keeps it simple.
 */
#include "fs/vfs.h"

#include <uapi/errno.h>

#include "drivers/rtc.h"
#include "kernel/compiler.h"
#include "kernel/mm.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/mutex.h"

#define ICACHE_HASH 256

static struct spinlock icache_lock = SPINLOCK_INIT("icache");
static struct list_head icache[ICACHE_HASH]; /* [icache_lock] */
static bool icache_ready;		     /* [icache_lock] */
/* Serialises reading new inodes, so nobody sees a half-read one. */
static struct mutex iget_mutex = MUTEX_INIT(iget_mutex, "iget");

static struct list_head *
bucket(const struct super_block *sb, uint64_t ino)
{
	return &icache[(((uintptr_t)sb >> 4) ^ ino) % ICACHE_HASH];
}

/* The cached inode, with a new reference, or NULL. */
static struct inode *
find_get(struct super_block *sb, uint64_t ino)
{
	struct inode *inode, *found = NULL;

	spin_lock(&icache_lock);
	if (!icache_ready) {
		for (int i = 0; i < ICACHE_HASH; i++)
			list_init(&icache[i]);
		icache_ready = true;
	}
	list_for_each_entry (inode, bucket(sb, ino), i_hash) {
		if (inode->i_sb == sb && inode->i_ino == ino) {
			inode->i_count++;
			found = inode;
			break;
		}
	}
	spin_unlock(&icache_lock);
	return found;
}

struct inode *
ilookup(struct super_block *sb, uint64_t ino)
{
	return find_get(sb, ino);
}

struct inode *
iget(struct super_block *sb, uint64_t ino, int *err)
{
	struct inode *inode = find_get(sb, ino);

	*err = 0;
	if (inode)
		return inode;
	mutex_lock(&iget_mutex);
	inode = find_get(sb, ino); /* read by someone else meanwhile? */
	if (!inode) {
		*err = 0;
		inode = kzalloc(sizeof(*inode));
		*err = inode ? 0 : -ENOMEM;
		if (inode) {
			inode->i_sb = sb;
			inode->i_ino = ino;
			inode->i_count = 1;
			*err = sb->s_op->read_inode(inode);
		}
		if (!*err) {
			spin_lock(&icache_lock);
			list_add(&inode->i_hash, bucket(sb, ino));
			spin_unlock(&icache_lock);
		} else {
			kfree(inode);
			inode = NULL;
		}
	}
	mutex_unlock(&iget_mutex);
	return inode;
}

struct inode *
igrab(struct inode *inode)
{
	spin_lock(&icache_lock);
	inode->i_count++;
	spin_unlock(&icache_lock);
	return inode;
}

void
iput(struct inode *inode)
{
	bool last;

	if (!inode)
		return;
	spin_lock(&icache_lock);
	last = --inode->i_count == 0;
	if (last)
		list_del(&inode->i_hash);
	spin_unlock(&icache_lock);
	if (!last)
		return;
	if (inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	kfree(inode);
}

void
vfs_fill_stat(const struct inode *inode, struct uapi_stat *st)
{
	*st = (struct uapi_stat){
		.st_dev = inode->i_sb->s_dev,
		.st_ino = inode->i_ino,
		.st_mode = inode->i_mode,
		.st_nlink = inode->i_nlink,
		.st_uid = inode->i_uid,
		.st_gid = inode->i_gid,
		.st_rdev = inode->i_rdev,
		.st_size = (int64_t)inode->i_size,
		.st_blksize = 4096,
		.st_blocks = (int64_t)inode->i_blocks,
		.st_atime_sec = inode->i_atime,
		.st_mtime_sec = inode->i_mtime,
		.st_ctime_sec = inode->i_ctime,
	};
}

uint32_t
vfs_now(void)
{
	return (uint32_t)((time_now_ns() + rtc_boot_offset_ns()) / 1000000000);
}
