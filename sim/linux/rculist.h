/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU-protected lists, after the kernel's include/linux/rculist.h.  The
 * update side holds the list's lock and writes plain, except the pointers
 * a reader follows: the new entry is published with rcu_assign_pointer()
 * (its fields are ordered before it), and the removal stores with
 * WRITE_ONCE(), both marked accesses through the memory model.  Readers
 * walk ->next with rcu_dereference(), inside rcu_read_lock() (or holding
 * what the optional lockdep condition names).  An entry taken off keeps
 * its ->next, so a reader standing on it goes on; ->prev is poisoned.
 */
#ifndef _LINUX_RCULIST_H
#define _LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#define LIST_POISON2 ((void *)0x122)

#define list_next_rcu(list) (*((struct list_head __rcu **)(&(list)->next)))

static inline void INIT_LIST_HEAD_RCU(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	WRITE_ONCE(list->prev, list);
}

static inline void __list_add_rcu(struct list_head *new, struct list_head *prev,
				  struct list_head *next)
{
	new->next = next;
	new->prev = prev;
	rcu_assign_pointer(list_next_rcu(prev), new);
	next->prev = new;
}

static inline void list_add_rcu(struct list_head *new, struct list_head *head)
{
	__list_add_rcu(new, head, head->next);
}

static inline void list_add_tail_rcu(struct list_head *new, struct list_head *head)
{
	__list_add_rcu(new, head->prev, head);
}

static inline void __list_del_rcu(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

static inline void list_del_rcu(struct list_head *entry)
{
	__list_del_rcu(entry->prev, entry->next);
	entry->prev = LIST_POISON2;
}

static inline void list_replace_rcu(struct list_head *old, struct list_head *new)
{
	new->next = old->next;
	new->prev = old->prev;
	rcu_assign_pointer(list_next_rcu(new->prev), new);
	new->next->prev = new;
	old->prev = LIST_POISON2;
}

/* The optional lockdep condition: an update-side walk names its lock. */
#define __list_check_rcu(cond...)                                                    \
	sim_rcu_check(SIM_SITE("list_for_each_entry_rcu", #cond), !!(cond + 0),     \
		      sim_rcu_read_lock_held())

#define list_entry_rcu(ptr, type, member)                                            \
	container_of(SIM_READ("rcu_dereference", ptr, SIM_ORDER_ONCE), type, member)

#define list_first_or_null_rcu(ptr, type, member)                                    \
	({                                                                           \
		struct list_head *__ptr = (ptr);                                     \
		struct list_head *__next = SIM_READ("rcu_dereference", __ptr->next,  \
						    SIM_ORDER_ONCE);                 \
		__ptr != __next ? list_entry(__next, type, member) : NULL;           \
	})

#define list_for_each_entry_rcu(pos, head, member, cond...)                          \
	for (__list_check_rcu(cond),                                                 \
	     pos = list_entry_rcu((head)->next, __typeof__(*pos), member);           \
	     &pos->member != (head);                                                 \
	     pos = list_entry_rcu(pos->member.next, __typeof__(*pos), member))

#define hlist_first_rcu(head) (*((struct hlist_node __rcu **)(&(head)->first)))
#define hlist_next_rcu(node) (*((struct hlist_node __rcu **)(&(node)->next)))
#define hlist_pprev_rcu(node) (*((struct hlist_node __rcu **)((node)->pprev)))

static inline void hlist_add_head_rcu(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	n->pprev = &h->first;
	rcu_assign_pointer(hlist_first_rcu(h), n);
	if (first)
		first->pprev = &n->next;
}

static inline void hlist_del_rcu(struct hlist_node *n)
{
	struct hlist_node *next = n->next, **pprev = n->pprev;

	WRITE_ONCE(*pprev, next);
	if (next)
		next->pprev = pprev;
	n->pprev = LIST_POISON2;
}

static inline void hlist_del_init_rcu(struct hlist_node *n)
{
	if (!hlist_unhashed(n)) {
		struct hlist_node *next = n->next, **pprev = n->pprev;

		WRITE_ONCE(*pprev, next);
		if (next)
			next->pprev = pprev;
		n->pprev = NULL;
	}
}

#define hlist_for_each_entry_rcu(pos, head, member, cond...)                         \
	for (__list_check_rcu(cond),                                                 \
	     pos = hlist_entry_safe(SIM_READ("rcu_dereference", hlist_first_rcu(head), \
					     SIM_ORDER_ONCE), __typeof__(*(pos)), member); \
	     pos;                                                                    \
	     pos = hlist_entry_safe(SIM_READ("rcu_dereference",                      \
					     hlist_next_rcu(&(pos)->member), SIM_ORDER_ONCE), \
				    __typeof__(*(pos)), member))

#endif /* _LINUX_RCULIST_H */
