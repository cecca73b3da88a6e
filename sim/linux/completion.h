/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Completions on a wait queue, as kernel/sched/completion.c had them before
 * simple wait queues (v4.19): a count of done events under the queue's lock.
 * complete() counts one and wakes one waiter; complete_all() makes the
 * count infinite and wakes every waiter; wait_for_completion() sleeps,
 * exclusively queued, until the count is non-zero, then takes one.
 */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H

#include <limits.h>

#include <linux/wait.h>

struct completion {
	unsigned int done;
	wait_queue_head_t wait;
};

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

static inline void complete(struct completion *x)
{
	spin_lock(&x->wait.lock);
	if (x->done != UINT_MAX)
		x->done++;
	__wake_up_locked(&x->wait, TASK_NORMAL, 1);
	spin_unlock(&x->wait.lock);
}

static inline void complete_all(struct completion *x)
{
	spin_lock(&x->wait.lock);
	x->done = UINT_MAX;
	__wake_up_locked(&x->wait, TASK_NORMAL, 0);
	spin_unlock(&x->wait.lock);
}

static inline void wait_for_completion(struct completion *x)
{
	might_sleep();
	spin_lock(&x->wait.lock);
	if (!x->done) {
		DECLARE_WAITQUEUE(wait, current);

		wait.flags |= WQ_FLAG_EXCLUSIVE;
		list_add_tail(&wait.entry, &x->wait.head);
		do {
			__set_current_state(TASK_UNINTERRUPTIBLE);
			spin_unlock(&x->wait.lock);
			schedule();
			spin_lock(&x->wait.lock);
		} while (!x->done);
		list_del(&wait.entry);
	}
	if (x->done != UINT_MAX)
		x->done--;
	spin_unlock(&x->wait.lock);
}

/* Take a done event if there is one, without sleeping. */
static inline bool try_wait_for_completion(struct completion *x)
{
	bool ret = true;

	if (!READ_ONCE(x->done))
		return false;
	spin_lock(&x->wait.lock);
	if (!x->done)
		ret = false;
	else if (x->done != UINT_MAX)
		x->done--;
	spin_unlock(&x->wait.lock);
	return ret;
}

/* Whether a done event is pending; the lock orders it after complete()'s unlock. */
static inline bool completion_done(struct completion *x)
{
	if (!READ_ONCE(x->done))
		return false;
	spin_lock(&x->wait.lock);
	spin_unlock(&x->wait.lock);
	return true;
}

#define wait_for_completion(x)                                           \
	(sim_wait_queue_enter(&(x)->wait, #x), wait_for_completion(x), \
	 sim_wait_queue_leave())

#endif /* _LINUX_COMPLETION_H */
