// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU workqueues natively: a kworker task per simulated CPU, pinned
 * with the CPU's other tasks, as the kernel's per-CPU worker pools are.
 * That matters to lru_add_drain_all(): the drain work of a CPU must run on
 * it, because lru_add_drain_per_cpu() drains smp_processor_id()'s pagevec
 * with preemption off against that CPU's own lru_cache_add().
 *
 * queue_work_on() sets WORK_STRUCT_PENDING_BIT with a fully ordered
 * test_and_set_bit(), then puts the work on the pool's list under the
 * pool's lock; the kworker marks it running, clears the bit with a full
 * barrier (set_work_pool_and_clear_pending()) and runs it.  flush_work()
 * waits until the work is neither pending nor running, with acquire loads
 * that pair with the kworker's release once the work has returned, as
 * wait_for_completion() pairs with complete().  A kworker returns once no
 * task that could queue work is left and its list is empty.
 */
#include <stdio.h>

#include "native.h"
#include "sim/alloc.h"
#include "sim/engine.h"
#include "sim/linux/workqueue.h"

#define WORK_PENDING (1UL << WORK_STRUCT_PENDING_BIT)

/* Pauses between yields of an idle kworker and of flush_work(). */
#define IDLE_YIELD 16
#define FLUSH_YIELD 4

struct worker_pool {
	unsigned int lock;		/* pool->lock: a raw spinlock, held briefly */
	struct list_head worklist;
};

struct workqueue_struct {
	struct worker_pool pools[SIM_MAX_CPUS];
};

static void pool_lock(struct worker_pool *pool)
{
	unsigned int free;

	for (;;) {
		free = 0;
		if (!NATIVE_LOAD(pool->lock) &&
		    __atomic_compare_exchange_n(&pool->lock, &free, 1, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		native_pause();
	}
}

static void pool_unlock(struct worker_pool *pool)
{
	__atomic_store_n(&pool->lock, 0, __ATOMIC_RELEASE);
}

/* The first work on the list, marked running and no longer pending; or NULL. */
static struct work_struct *pool_take(struct worker_pool *pool)
{
	struct work_struct *work = NULL;

	pool_lock(pool);
	if (!list_empty(&pool->worklist)) {
		work = list_first_entry(&pool->worklist, struct work_struct, entry);
		list_del_init(&work->entry);
		/* Running before not pending: flush_work() never sees neither in between. */
		__atomic_store_n(&work->running, 1, __ATOMIC_RELAXED);
		__atomic_fetch_and(&work->data, ~WORK_PENDING, __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
	pool_unlock(pool);
	return work;
}

static bool pool_empty(struct worker_pool *pool)
{
	bool empty;

	pool_lock(pool);
	empty = list_empty(&pool->worklist);
	pool_unlock(pool);
	return empty;
}

static void worker_thread(void *arg)
{
	static const struct sim_site idle = { "worker_thread", "schedule", "", 0 };
	struct worker_pool *pool = arg;
	unsigned int spins = 0;
	struct work_struct *work;

	for (;;) {
		work = pool_take(pool);
		if (work) {
			native_waiting(NULL);
			work->func(work);
			/* Taking pool->lock to say so is a full barrier, as is complete(). */
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			__atomic_store_n(&work->running, 0, __ATOMIC_RELEASE);
			continue;
		}
		/* The last queuer's return is ordered after its queue_work_on(). */
		if (!__atomic_load_n(&native_run.busy, __ATOMIC_ACQUIRE) && pool_empty(pool))
			return;
		native_waiting(&idle);
		native_wait_step(&spins, IDLE_YIELD);
	}
}

struct workqueue_struct *sim_alloc_workqueue(void)
{
	struct workqueue_struct *wq;
	unsigned int cpu;

	wq = sim_kmalloc(SIM_SITE("alloc_workqueue", "wq"), sizeof(*wq),
			 SIM_GFP_MAY_SLEEP | SIM_GFP_ZERO);
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct worker_pool *pool = &wq->pools[cpu];
		char name[32];

		INIT_LIST_HEAD(&pool->worklist);
		snprintf(name, sizeof(name), "kworker/%u", cpu);
		if (!native_kworker_create(name, cpu, worker_thread, pool))
			return NULL;
	}
	return wq;
}

bool sim_queue_work_on(const struct sim_site *site, int cpu, struct workqueue_struct *wq,
		       struct work_struct *work)
{
	struct worker_pool *pool = &wq->pools[cpu];

	/* test_and_set_bit(WORK_STRUCT_PENDING_BIT): fully ordered. */
	if (sim_rmw(site, &work->data, sizeof(work->data), SIM_RMW_OR, WORK_PENDING, 0, 0,
		    SIM_ORDER_FULL) & WORK_PENDING)
		return false;
	pool_lock(pool);
	list_add_tail(&work->entry, &pool->worklist);
	pool_unlock(pool);
	return true;
}

static bool work_busy(const struct work_struct *work)
{
	return (__atomic_load_n(&work->data, __ATOMIC_ACQUIRE) & WORK_PENDING) ||
	       __atomic_load_n(&work->running, __ATOMIC_ACQUIRE);
}

bool sim_flush_work(const struct sim_site *site, struct work_struct *work)
{
	unsigned int spins = 0;
	bool busy;

	sim_might_sleep(site);
	native_point(site);
	busy = work_busy(work);
	if (!busy)
		return false;
	native_waiting(site);
	while (work_busy(work))
		native_wait_step(&spins, FLUSH_YIELD);
	native_waiting(NULL);
	return true;
}
