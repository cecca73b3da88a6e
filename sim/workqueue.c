// SPDX-License-Identifier: GPL-2.0
/*
 * Workqueues: a kworker task per CPU, queue_work_on() and flush_work() (see
 * linux/workqueue.h).  Like the rest of the engine this file is not
 * instrumented by TSan: the worklists are bookkeeping, and what the kernel
 * orders is told to it -- the pending bit's fully ordered read-modify-writes
 * carry queue_work_on() to the kworker, and a finished work happens before
 * the flush_work() that waited for it.
 */
#include <stdio.h>

#include "alloc.h"
#include "engine.h"
#include <linux/workqueue.h>
#include "sched.h"
#include "trace.h"

#define WORK_PENDING (1UL << WORK_STRUCT_PENDING_BIT)

struct worker_pool {
	struct list_head worklist;
	struct work_struct *current_work;
};

struct workqueue_struct {
	struct worker_pool pools[1];	/* one per CPU of the run: allocated so */
};

static const struct sim_site worker_idle_site = { "worker_thread", "schedule", "", 0 };

static void worker_thread(void *arg);

static bool pool_idle(const struct worker_pool *pool)
{
	return list_empty(&pool->worklist) && !pool->current_work;
}

static bool kworker_idle(const struct sim_task *t)
{
	return pool_idle(t->arg);
}

/* No work can come: every task has returned but idle kworkers (and idle interrupts). */
static bool no_more_work(void)
{
	return sim_only_idle_daemons();
}

static bool worker_may_run(const void *arg)
{
	const struct worker_pool *pool = arg;

	return !list_empty(&pool->worklist) || no_more_work();
}

static void process_one_work(struct worker_pool *pool, struct work_struct *work)
{
	/* set_work_pool_and_clear_pending(): the kernel's smp_mb() is in the RMW. */
	sim_rmw(SIM_SITE("set_work_pool_and_clear_pending", "work"), &work->data,
		sizeof(work->data), SIM_RMW_AND, ~WORK_PENDING, 0, 0, SIM_ORDER_FULL);
	list_del_init(&work->entry);
	pool->current_work = work;
	work->running = 1;

	work->func(work);

	/* Taking pool->lock to say so is a full barrier, as is complete(). */
	sim_fence(SIM_SITE("worker->current_work = NULL", ""), SIM_FENCE_MB);
	pool->current_work = NULL;
	work->running = 0;
	sim_hb_release(work);
}

static void worker_thread(void *arg)
{
	struct worker_pool *pool = arg;

	for (;;) {
		if (!list_empty(&pool->worklist)) {
			process_one_work(pool, list_first_entry(&pool->worklist,
								struct work_struct, entry));
			continue;
		}
		if (no_more_work())
			return;
		sim_trace_event(SIM_EV_BLOCK, &worker_idle_site, 0, "sleeps: no work", -1);
		sim_block(SIM_TASK_SLEEPING, worker_may_run, pool, &worker_idle_site);
	}
}

struct workqueue_struct *sim_alloc_workqueue(void)
{
	struct workqueue_struct *wq;
	unsigned int cpu;

	wq = sim_kmalloc(SIM_SITE("alloc_workqueue", "wq"),
			 sizeof(*wq) + (sim_nr_cpus() - 1) * sizeof(wq->pools[0]),
			 SIM_GFP_MAY_SLEEP | SIM_GFP_ZERO);
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct worker_pool *pool = &wq->pools[cpu];
		struct sim_task *t;
		char task_name[32];

		INIT_LIST_HEAD(&pool->worklist);
		snprintf(task_name, sizeof(task_name), "kworker/%u", cpu);
		t = sim_task_create(task_name, cpu, worker_thread, pool);
		if (!t)
			return NULL;
		/* Born idle: offered to the scheduler once work is queued. */
		t->daemon_idle = kworker_idle;
		t->state = SIM_TASK_SLEEPING;
		t->can_continue = worker_may_run;
		t->wait_arg = pool;
		t->wait_site = &worker_idle_site;
	}
	return wq;
}

bool sim_queue_work_on(const struct sim_site *site, int cpu, struct workqueue_struct *wq,
		       struct work_struct *work)
{
	/* test_and_set_bit(WORK_STRUCT_PENDING_BIT): fully ordered. */
	if (sim_rmw(site, &work->data, sizeof(work->data), SIM_RMW_OR, WORK_PENDING, 0, 0,
		    SIM_ORDER_FULL) & WORK_PENDING)
		return false;
	list_add_tail(&work->entry, &wq->pools[cpu].worklist);
	return true;
}

static bool work_idle(const void *arg)
{
	const struct work_struct *work = arg;

	return !(work->data & WORK_PENDING) && !work->running;
}

bool sim_flush_work(const struct sim_site *site, struct work_struct *work)
{
	bool busy;

	sim_might_sleep(site);
	sim_point(site);
	busy = !work_idle(work);
	sim_trace_op(site, SIM_EV_READ, busy, 0);
	if (busy) {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps until the work has run", -1);
		sim_block(SIM_TASK_SLEEPING, work_idle, work, site);
	}
	sim_hb_acquire(work);
	return busy;
}
