/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Doubly linked lists.  Plain accesses, as in the kernel: whoever touches a
 * list holds the lock that protects it, and TSan says so if not; the
 * _careful pair is for the one unlocked test the kernel makes.
 */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <linux/barrier.h>
#include <linux/kernel.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_del_init(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

static inline int list_empty(const struct list_head *head)
{
	return head->next == head;
}

/*
 * For an entry another CPU may take off a list unlocked, such as a wait
 * queue entry on its sleeper's stack: the release orders the removal before
 * the sleeper, seeing it with list_empty_careful(), reuses the stack.  The
 * kernel also marks ->prev; here it is read only once the acquire of ->next
 * has ordered it, so a plain access is no race, and one point fewer.
 */
static inline void list_del_init_careful(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->prev = entry;
	smp_store_release(&entry->next, entry);
}

static inline int list_empty_careful(const struct list_head *head)
{
	struct list_head *next = smp_load_acquire(&head->next);

	return next == head && next == head->prev;
}

/* @new takes @old's entries; @old is left empty. */
static inline void list_replace_init(struct list_head *old, struct list_head *new)
{
	if (old->next == old) {
		INIT_LIST_HEAD(new);
		return;
	}
	new->next = old->next;
	new->next->prev = new;
	new->prev = old->prev;
	new->prev->next = new;
	INIT_LIST_HEAD(old);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) list_entry((ptr)->prev, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each_entry(pos, head, member)                                     \
	for (pos = list_first_entry(head, __typeof__(*pos), member); &pos->member != (head); \
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_safe(pos, n, head, member)                             \
	for (pos = list_first_entry(head, __typeof__(*pos), member),               \
	    n = list_next_entry(pos, member);                                      \
	     &pos->member != (head); pos = n, n = list_next_entry(n, member))

/* Hash lists: a head of one pointer, nodes that point back at what points at them. */
#define HLIST_HEAD_INIT { .first = NULL }
#define INIT_HLIST_HEAD(ptr) ((ptr)->first = NULL)

static inline void INIT_HLIST_NODE(struct hlist_node *h)
{
	h->next = NULL;
	h->pprev = NULL;
}

static inline int hlist_unhashed(const struct hlist_node *h)
{
	return !h->pprev;
}

static inline int hlist_empty(const struct hlist_head *h)
{
	return !h->first;
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void __hlist_del(struct hlist_node *n)
{
	struct hlist_node *next = n->next, **pprev = n->pprev;

	*pprev = next;
	if (next)
		next->pprev = pprev;
}

static inline void hlist_del(struct hlist_node *n)
{
	__hlist_del(n);
	n->next = NULL;
	n->pprev = NULL;
}

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define hlist_entry_safe(ptr, type, member)                                        	({                                                                         		__typeof__(ptr) ____ptr = (ptr);                                   		____ptr ? hlist_entry(____ptr, type, member) : NULL;               	})

#define hlist_for_each_entry(pos, head, member)                                    	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member); pos; 	     pos = hlist_entry_safe((pos)->member.next, __typeof__(*(pos)), member))

#endif /* _LINUX_LIST_H */
