/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock-less NULL-terminated singly linked lists, shaped as lib/llist.c:
 * llist_add() is a cmpxchg loop on the head, llist_del_all() an xchg, and
 * the detached list is walked with plain accesses by its new owner.
 */
#ifndef _LINUX_LLIST_H
#define _LINUX_LLIST_H

#include <linux/atomic.h>
#include <linux/kernel.h>

struct llist_head {
	struct llist_node *first;
};

struct llist_node {
	struct llist_node *next;
};

#define LLIST_HEAD_INIT(name) { NULL }

static inline void init_llist_head(struct llist_head *list)
{
	list->first = NULL;
}

#define llist_entry(ptr, type, member) container_of(ptr, type, member)

#define member_address_is_nonnull(ptr, member) ((uintptr_t)(ptr) + offsetof(__typeof__(*(ptr)), member) != 0)

#define llist_for_each_entry(pos, node, member)                                      \
	for ((pos) = llist_entry((node), __typeof__(*(pos)), member);                \
	     member_address_is_nonnull(pos, member);                                 \
	     (pos) = llist_entry((pos)->member.next, __typeof__(*(pos)), member))

#define llist_for_each_entry_safe(pos, n, node, member)                              \
	for (pos = llist_entry((node), __typeof__(*pos), member);                    \
	     member_address_is_nonnull(pos, member) &&                               \
		(n = llist_entry(pos->member.next, __typeof__(*n), member), true);   \
	     pos = n)

static inline bool llist_empty(const struct llist_head *head)
{
	return READ_ONCE(head->first) == NULL;
}

static inline bool llist_add_batch(struct llist_node *new_first, struct llist_node *new_last,
				   struct llist_head *head)
{
	struct llist_node *first = READ_ONCE(head->first);

	do {
		new_last->next = first;
	} while (!try_cmpxchg(&head->first, &first, new_first));

	return !first;
}

/* Returns whether the list was empty before. */
static inline bool llist_add(struct llist_node *new, struct llist_head *head)
{
	return llist_add_batch(new, new, head);
}

static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	return xchg(&head->first, NULL);
}

/* Only one consumer may call it at a time, or ABA: lib/llist.c says so too. */
static inline struct llist_node *llist_del_first(struct llist_head *head)
{
	/* smp_load_acquire(&head->first), spelled so that no include moves the lines above. */
	struct llist_node *entry = SIM_READ("smp_load_acquire", head->first, SIM_ORDER_ACQUIRE);
	struct llist_node *next;

	do {
		if (entry == NULL)
			return NULL;
		next = READ_ONCE(entry->next);
	} while (!try_cmpxchg(&head->first, &entry, next));

	return entry;
}

/* The detached list, oldest first: plain, its owner's alone. */
static inline struct llist_node *llist_reverse_order(struct llist_node *head)
{
	struct llist_node *new_head = NULL;

	while (head) {
		struct llist_node *tmp = head;

		head = head->next;
		tmp->next = new_head;
		new_head = tmp;
	}
	return new_head;
}

#endif /* _LINUX_LLIST_H */
