/*
 * kernel/list.h - circular doubly linked lists threaded through the
 * structures they link (run queue, wait queues, children, timers).
 * No locks: every list is protected by the lock of the structure that
 * owns its head, named in that structure's lock legend.
 */
#ifndef SLUICE_KERNEL_LIST_H
#define SLUICE_KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/compiler.h"

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

static inline void
list_init(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool
list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void
list_insert(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Add @n at the tail of @h (FIFO order). */
static inline void
list_add_tail(struct list_head *n, struct list_head *h)
{
	list_insert(n, h->prev, h);
}

static inline void
list_add(struct list_head *n, struct list_head *h)
{
	list_insert(n, h, h->next);
}

/* Unlink @n and leave it pointing at itself, so list_empty(n) is true. */
static inline void
list_del(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}

#define list_entry(ptr, type, member)	  container_of(ptr, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)

#define list_for_each_entry(pos, h, member)                             \
	for ((pos) = list_entry((h)->next, __typeof__(*(pos)), member); \
	     &(pos)->member != (h);                                     \
	     (pos) =                                                    \
		 list_entry((pos)->member.next, __typeof__(*(pos)), member))

/* Safe against removal of pos. */
#define list_for_each_entry_safe(pos, tmp, h, member)                        \
	for ((pos) = list_entry((h)->next, __typeof__(*(pos)), member),      \
	    (tmp) =                                                          \
		 list_entry((pos)->member.next, __typeof__(*(pos)), member); \
	     &(pos)->member != (h);                                          \
	     (pos) = (tmp), (tmp) = list_entry((tmp)->member.next,           \
					       __typeof__(*(pos)), member))

#endif /* SLUICE_KERNEL_LIST_H */
