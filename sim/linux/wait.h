/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues, as kernel/sched/wait.c has them: a spinlock and a list of
 * entries, each a task and the function that wakes it.  prepare_to_wait()
 * queues the entry and sets the task state under the lock; the waker sets
 * its condition, then wakes the entries under the same lock.  The caller
 * must test its condition after prepare_to_wait() and before schedule():
 * tested before, a wake-up in between is lost, and the run ends in a
 * deadlock report that names the sleeper and its queue.
 *
 * waitqueue_active() reads the list head with no barrier: a waker that
 * calls it right after storing its condition needs smp_mb() between, which
 * wq_has_sleeper() gives (the kernel's comment above waitqueue_active()).
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/barrier.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode,
				 int flags, void *key);

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_queue_entry {
	unsigned int flags;
	struct task_struct *private;
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

static inline void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	spin_lock_init(&wq_head->lock);
	INIT_LIST_HEAD(&wq_head->head);
}

static inline int default_wake_function(struct wait_queue_entry *curr, unsigned int mode,
					int wake_flags, void *key)
{
	(void)wake_flags;
	(void)key;
	return sim_wake_up_process(SIM_SITE("try_to_wake_up", "curr->private"), curr->private,
				   mode);
}

/* Woken, the entry leaves the queue: finish_wait() then need not take the lock. */
static inline int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
					   int sync, void *key)
{
	int ret = default_wake_function(wq_entry, mode, sync, key);

	if (ret)
		list_del_init_careful(&wq_entry->entry);
	return ret;
}

#define DECLARE_WAITQUEUE(name, tsk) \
	struct wait_queue_entry name = { .private = (tsk), .func = default_wake_function }

#define DEFINE_WAIT(name)                                                             \
	struct wait_queue_entry name = { .private = current,                          \
					 .func = autoremove_wake_function,            \
					 .entry = LIST_HEAD_INIT((name).entry) }

/* The kernel's list_empty() is a READ_ONCE of head->next: a marked read. */
#define waitqueue_active(wq_head) \
	(SIM_READ("waitqueue_active", (wq_head)->head.next, SIM_ORDER_ONCE) != &(wq_head)->head)

#define wq_has_sleeper(wq_head)                 \
	({                                      \
		smp_mb();                       \
		waitqueue_active(wq_head);      \
	})

static inline void prepare_to_wait(struct wait_queue_head *wq_head,
				   struct wait_queue_entry *wq_entry, int state)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock(&wq_head->lock);
	if (list_empty(&wq_entry->entry))
		list_add(&wq_entry->entry, &wq_head->head);
	set_current_state(state);
	spin_unlock(&wq_head->lock);
}

/* Returns whether the queue was empty. */
static inline bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
					     struct wait_queue_entry *wq_entry, int state)
{
	bool was_empty = false;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock(&wq_head->lock);
	if (list_empty(&wq_entry->entry)) {
		was_empty = list_empty(&wq_head->head);
		list_add_tail(&wq_entry->entry, &wq_head->head);
	}
	set_current_state(state);
	spin_unlock(&wq_head->lock);
	return was_empty;
}

static inline void finish_wait(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry)
{
	__set_current_state(TASK_RUNNING);
	/* The waker may have taken the entry off already, and may still be at it. */
	if (!list_empty_careful(&wq_entry->entry)) {
		spin_lock(&wq_head->lock);
		list_del_init(&wq_entry->entry);
		spin_unlock(&wq_head->lock);
	}
}

/* Wake every non-exclusive entry and @nr_exclusive exclusive ones (0: all); lock held. */
static inline void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode,
				    int nr_exclusive)
{
	struct wait_queue_entry *curr, *next;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned int flags = curr->flags;
		int ret = curr->func(curr, mode, 0, NULL);

		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

static inline void __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
			     int nr_exclusive, void *key)
{
	(void)key;
	spin_lock(&wq_head->lock);
	__wake_up_locked(wq_head, mode, nr_exclusive);
	spin_unlock(&wq_head->lock);
}

#define wake_up(x) __wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_all(x) __wake_up(x, TASK_NORMAL, 0, NULL)

/* What a deadlock report says the task waits on; not the kernel's. */
static inline void sim_wait_queue_enter(const struct wait_queue_head *wq_head, const char *expr)
{
	current->wait_queue = wq_head;
	current->wait_queue_expr = expr;
}

static inline void sim_wait_queue_leave(void)
{
	current->wait_queue = NULL;
}

/* The caller's words for the queue go into the report. */
#define prepare_to_wait(wq_head, wq_entry, state) \
	(sim_wait_queue_enter(wq_head, #wq_head), prepare_to_wait(wq_head, wq_entry, state))
#define prepare_to_wait_exclusive(wq_head, wq_entry, state)         \
	(sim_wait_queue_enter(wq_head, #wq_head),                   \
	 prepare_to_wait_exclusive(wq_head, wq_entry, state))
#define finish_wait(wq_head, wq_entry) \
	(finish_wait(wq_head, wq_entry), sim_wait_queue_leave())

/* Sleep until @condition, tested after each prepare_to_wait(): no wake-up is lost. */
#define wait_event(wq_head, condition)                                                  \
	do {                                                                            \
		might_sleep();                                                          \
		if (condition)                                                          \
			break;                                                          \
		DEFINE_WAIT(__wq_entry);                                                \
		for (;;) {                                                              \
			prepare_to_wait(&(wq_head), &__wq_entry, TASK_UNINTERRUPTIBLE); \
			if (condition)                                                  \
				break;                                                  \
			schedule();                                                     \
		}                                                                       \
		finish_wait(&(wq_head), &__wq_entry);                                   \
	} while (0)

#endif /* _LINUX_WAIT_H */
