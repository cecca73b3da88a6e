/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU workqueues (sim/workqueue.c).  alloc_workqueue(), called from a
 * scenario's setup, creates one kworker task per CPU, asleep as an idle
 * kworker is.  queue_work_on() sets WORK_STRUCT_PENDING_BIT with
 * test_and_set_bit() -- a full barrier, which callers such as
 * lru_add_drain_all() rely on -- and hands the work to that CPU's kworker,
 * which clears the bit with a full barrier and runs the work.  flush_work()
 * sleeps until the work is neither pending nor running; the work's accesses
 * happen before flush_work() returns, as wait_for_completion() makes them.
 * A kworker exits once every task that could queue work has returned, so a
 * run still ends.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/list.h>

#include "sim/site.h"

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

#define WORK_STRUCT_PENDING_BIT 0

struct work_struct {
	unsigned long data;		/* WORK_STRUCT_PENDING_BIT */
	struct list_head entry;		/* on its CPU's worklist while pending */
	work_func_t func;
	/* A kworker runs it: the kernel finds that through the pool in data. */
	unsigned int running;
};

struct workqueue_struct;

#define WQ_MEM_RECLAIM (1u << 3)

#define INIT_WORK(_work, _func)                         \
	do {                                            \
		(_work)->data = 0;                      \
		INIT_LIST_HEAD(&(_work)->entry);        \
		(_work)->func = (_func);                \
	} while (0)

struct workqueue_struct *sim_alloc_workqueue(void);
bool sim_queue_work_on(const struct sim_site *site, int cpu, struct workqueue_struct *wq,
		       struct work_struct *work);
bool sim_flush_work(const struct sim_site *site, struct work_struct *work);

#define alloc_workqueue(fmt, flags, max_active) sim_alloc_workqueue()
#define queue_work_on(cpu, wq, work) \
	sim_queue_work_on(SIM_SITE("queue_work_on", #work), cpu, wq, work)
#define flush_work(work) sim_flush_work(SIM_SITE("flush_work", #work), work)

#endif /* _LINUX_WORKQUEUE_H */
