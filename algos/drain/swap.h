/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lru_add_drain_all() and what it drains, from mm/swap.c as of 2020
 * (../shared/seeds/004_9290366d9c4e164a.txt): the per-CPU lru_add_pvec, the
 * per-CPU drain work on mm_percpu_wq, and the one run's state that the
 * variants share.  Each variant's lru_add_drain_all() is in a file of its
 * own; swap.c has the rest and the workload.
 */
#ifndef ALGOS_DRAIN_SWAP_H
#define ALGOS_DRAIN_SWAP_H

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "scenario.h"
#include "sched.h"

/* Small, so that a short run can fill one (the kernel's holds 15). */
#define PAGEVEC_SIZE 3
/* The scenario's tasks (callers, then kworkers): its ghost state has a slot for each. */
#define SWAP_MAX_TASKS 8
#define MAX_PAGES 4

/* The workload: John Ogness' litmus test, P0 and P2 being one task. */
#define CALLER_CPU 0	/* adds pages, then calls lru_add_drain_all() */
#define DRAINER_CPU 1	/* only calls lru_add_drain_all() */

#define PG_lru 0

struct page {
	unsigned long flags;
	struct list_head lru;
};

struct pagevec {
	unsigned char nr;
	struct page *pages[PAGEVEC_SIZE];
};

/*
 * Read remotely by lru_add_drain_all(), so a marked load (as is the add):
 * the memory model decides what it sees.  A macro, so that the trace names
 * the caller's line.
 */
#define pagevec_count(pvec)                                                   \
	((unsigned int)sim_load(SIM_SITE("pagevec_count", #pvec), &(pvec)->nr, \
				sizeof((pvec)->nr), 0, SIM_ORDER_ONCE))

/* What the drain-lost check knows and the kernel does not. */
struct drain_ghost {
	unsigned long clock;
	unsigned long page_added[MAX_PAGES];		/* at lru_cache_add()'s return */
	unsigned long call_began[SWAP_MAX_TASKS];	/* at lru_add_drain_all()'s call */
	int drainer;					/* whose drain began last */
	int drains_begun;
	int piggybacked_on[SWAP_MAX_TASKS];		/* the drainer returned on, or -1 */
};

struct swap_ctx {
	DEFINE_PER_CPU(struct pagevec, lru_add_pvec);
	DEFINE_PER_CPU(struct work_struct, lru_add_drain_work);
	struct workqueue_struct *mm_percpu_wq;
	/* pgdat->lru_lock, and the one LRU list of the one node */
	spinlock_t lru_lock;
	struct list_head lru_list;
	/* lru_add_drain_all()'s statics; each variant uses its own few */
	struct mutex lock;
	struct cpumask has_work;
	seqcount_t seqcount;
	unsigned int lru_drain_gen;
	/* the caller's pages */
	struct page pages[MAX_PAGES];
	int nr_pages;
	int nr_drains;
	void (*lru_add_drain_all)(struct swap_ctx *ctx);
	struct drain_ghost ghost;
};

extern const struct sim_param_spec drain_params[];
#define DRAIN_NR_PARAMS 2

void lru_add_drain_per_cpu(struct work_struct *dummy);

/* The scenario's setup: the workload around @lru_add_drain_all. */
void *drain_setup(void (*lru_add_drain_all)(struct swap_ctx *ctx));

/* Ghost bookkeeping for the check, invisible to TSan and to the schedule. */
void drain_ghost_drainer(struct swap_ctx *ctx);
void drain_ghost_piggyback(struct swap_ctx *ctx);

#endif /* ALGOS_DRAIN_SWAP_H */
