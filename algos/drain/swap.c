// SPDX-License-Identifier: GPL-2.0
/*
 * What every lru_add_drain_all() variant shares, after mm/swap.c as of
 * 2020 (../shared/seeds/004_9290366d9c4e164a.txt): lru_cache_add() into
 * the per-CPU lru_add_pvec, lru_add_drain_cpu() moving a pagevec to the
 * LRU under lru_lock, the per-CPU drain work; the workload; and the
 * drain-lost check.  Only lru_add_pvec is ported: the rotate, deactivate
 * and lazyfree pagevecs are drained the same way.
 */
#include <stdio.h>

#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "engine.h"
#include "swap.h"

static inline void pagevec_reinit(struct pagevec *pvec)
{
	WRITE_ONCE(pvec->nr, 0);
}

/*
 * Add a page to a pagevec; the space left after it.  The kernel's
 * pvec->nr++ is a plain read-modify-write of this CPU's count: here a plain
 * read (which sees this CPU's own stores), and a marked store that the
 * remote pagevec_count() of lru_add_drain_all() may miss.
 */
static inline unsigned int pagevec_add(struct pagevec *pvec, struct page *page)
{
	unsigned int nr = pvec->nr;

	pvec->pages[nr] = page;
	WRITE_ONCE(pvec->nr, nr + 1);
	return PAGEVEC_SIZE - (nr + 1);
}

/* The kernel's flag ops are atomic; here only lru_lock holders change flags. */
#define PageLRU(page) test_bit(PG_lru, &(page)->flags)
#define SetPageLRU(page) __set_bit(PG_lru, &(page)->flags)

static void __pagevec_lru_add_fn(struct swap_ctx *ctx, struct page *page)
{
	BUG_ON(PageLRU(page));
	SetPageLRU(page);
	list_add(&page->lru, &ctx->lru_list);	/* add_page_to_lru_list() */
}

static void pagevec_lru_move_fn(struct swap_ctx *ctx, struct pagevec *pvec,
				void (*move_fn)(struct swap_ctx *ctx, struct page *page))
{
	unsigned int i, nr = pagevec_count(pvec);

	spin_lock(&ctx->lru_lock);
	for (i = 0; i < nr; i++)
		move_fn(ctx, pvec->pages[i]);
	spin_unlock(&ctx->lru_lock);
	pagevec_reinit(pvec);
}

static void __pagevec_lru_add(struct swap_ctx *ctx, struct pagevec *pvec)
{
	pagevec_lru_move_fn(ctx, pvec, __pagevec_lru_add_fn);
}

static void __lru_cache_add(struct swap_ctx *ctx, struct page *page)
{
	struct pagevec *pvec = &get_cpu_var(ctx->lru_add_pvec);

	if (!pagevec_add(pvec, page))
		__pagevec_lru_add(ctx, pvec);
	put_cpu_var(ctx->lru_add_pvec);
}

static void lru_cache_add(struct swap_ctx *ctx, struct page *page)
{
	__lru_cache_add(ctx, page);
}

static void lru_add_drain_cpu(struct swap_ctx *ctx, int cpu)
{
	struct pagevec *pvec = &per_cpu(ctx->lru_add_pvec, cpu);

	if (pagevec_count(pvec))
		__pagevec_lru_add(ctx, pvec);
}

static void lru_add_drain(struct swap_ctx *ctx)
{
	lru_add_drain_cpu(ctx, get_cpu());
	put_cpu();
}

/* The kworker of a CPU runs that CPU's work: that is how it finds the context. */
void lru_add_drain_per_cpu(struct work_struct *dummy)
{
	struct swap_ctx *ctx = container_of(dummy, struct swap_ctx,
					    lru_add_drain_work[smp_processor_id()]);

	lru_add_drain(ctx);
}

/* ---- the drain-lost check ---------------------------------------------- */

/*
 * Ghost code: it reads and writes what tasks share without a lock and
 * without a preemption point, so TSan must not see it.
 */
#define __ghost __attribute__((no_sanitize("thread"), noinline))

static __ghost void drain_ghost_added(struct swap_ctx *ctx, int i)
{
	ctx->ghost.page_added[i] = ++ctx->ghost.clock;
}

static __ghost void drain_ghost_call(struct swap_ctx *ctx)
{
	int me = (int)sim_current()->id;

	BUG_ON(me >= SWAP_MAX_TASKS);
	ctx->ghost.call_began[me] = ++ctx->ghost.clock;
	ctx->ghost.piggybacked_on[me] = -1;
}

__ghost void drain_ghost_drainer(struct swap_ctx *ctx)
{
	ctx->ghost.drainer = (int)sim_current()->id;
	ctx->ghost.drains_begun++;
}

static __ghost bool drain_ghost_begun(const void *arg)
{
	const struct swap_ctx *ctx = arg;

	return ctx->ghost.drains_begun;
}

__ghost void drain_ghost_piggyback(struct swap_ctx *ctx)
{
	ctx->ghost.piggybacked_on[sim_current()->id] = ctx->ghost.drainer;
}

/*
 * drain-lost: when lru_add_drain_all() returns, every page its caller added
 * before calling is on the LRU; under sc also every page whose add returned,
 * on any CPU, before the call began.  (Under tso another CPU's add may still
 * sit in its store buffer: no drainer can see it, nor has to.)
 */
static __ghost void drain_ghost_check(struct swap_ctx *ctx)
{
	const struct sim_task *me = sim_current();
	int piggy = ctx->ghost.piggybacked_on[me->id];
	char why[96];
	int i;

	if (me->cpu != CALLER_CPU && sim_run_mm() != SIM_MM_SC)
		return;
	for (i = 0; i < ctx->nr_pages; i++) {
		unsigned long added = ctx->ghost.page_added[i];

		if (!added || added > ctx->ghost.call_began[me->id] || PageLRU(&ctx->pages[i]))
			continue;
		if (piggy >= 0)
			snprintf(why, sizeof(why), "it piggybacked on %s's drain",
				 sim_task((unsigned int)piggy)->name);
		else
			snprintf(why, sizeof(why), "it did not piggyback");
		sim_violation("drain-lost", "%s's lru_add_drain_all() returned with page%d, "
			      "added %s, still in cpu%d's lru_add_pvec; %s", me->name, i,
			      me->cpu == CALLER_CPU ? "by it before the call" :
			      "by caller before the call began", CALLER_CPU, why);
	}
}

/* ---- the workload ------------------------------------------------------ */

const struct sim_param_spec drain_params[DRAIN_NR_PARAMS] = {
	{ "pages", 1, 1, MAX_PAGES, "pages the caller adds before lru_add_drain_all()" },
	{ "drains", 8, 1, 16, "calls to lru_add_drain_all() the drainer makes" },
};

/*
 * P0 and P2 of the litmus test: add pages to this CPU's pagevec, drain all.
 * It comes along while a drain is under way, as in the thread ("CPU #x
 * comes along, adds some pages ..."): it starts once the first has begun.
 */
static void caller(void *arg)
{
	static const struct sim_site begun = { "caller", "wait for a drain", "", 0 };
	struct swap_ctx *ctx = arg;
	int i;

	if (!drain_ghost_begun(ctx)) {
		sim_trace_event(SIM_EV_BLOCK, &begun, 0, "waits until a drain has begun", -1);
		sim_block(SIM_TASK_SLEEPING, drain_ghost_begun, ctx, &begun);
	}
	for (i = 0; i < ctx->nr_pages; i++) {
		lru_cache_add(ctx, &ctx->pages[i]);
		drain_ghost_added(ctx, i);
	}
	drain_ghost_call(ctx);
	ctx->lru_add_drain_all(ctx);
	drain_ghost_check(ctx);
}

/*
 * P1: a task that keeps draining, for the caller to piggyback on.  Each call
 * is a window for the caller to fall into, which a search needs more than
 * the kernel does.
 */
static void drainer(void *arg)
{
	struct swap_ctx *ctx = arg;
	int i;

	for (i = 0; i < ctx->nr_drains; i++) {
		drain_ghost_call(ctx);
		ctx->lru_add_drain_all(ctx);
		drain_ghost_check(ctx);
		cond_resched();
	}
}

void *drain_setup(void (*lru_add_drain_all)(struct swap_ctx *ctx))
{
	struct swap_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->lru_lock);
	INIT_LIST_HEAD(&ctx->lru_list);
	mutex_init(&ctx->lock);
	seqcount_init(&ctx->seqcount);
	ctx->nr_pages = (int)sim_param("pages");
	ctx->nr_drains = (int)sim_param("drains");
	ctx->lru_add_drain_all = lru_add_drain_all;
	/* The drainer first: in a schedule's default it runs first. */
	sim_task_create("drainer", DRAINER_CPU, drainer, ctx);
	sim_task_create("caller", CALLER_CPU, caller, ctx);
	ctx->mm_percpu_wq = alloc_workqueue("mm_percpu_wq", WQ_MEM_RECLAIM, 0);
	return ctx;
}
