// SPDX-License-Identifier: GPL-2.0
/*
 * purge/mutex-lockbreak: where ../shared/seeds/000_6f1e366fcfb7e502.txt
 * ends -- Christoph Hellwig's series "that adds a mutex, adds the lockbreak
 * and gives sensible calling conventions to __purge_vmap_area_lazy", as
 * merged for v4.10 ("mm: turn vmap_purge_lock into a mutex", "mm: add
 * preempt points into __purge_vmap_area_lazy()").  Purges are serialized
 * by a sleeping lock; vmap_area_lock is broken after each area given back,
 * and vmap_lazy_nr lowered as each one is.
 */
#include <linux/bug.h>
#include <linux/sched.h>

#include "vmalloc.h"

/* Purges all lazily-freed vmap areas. */
static bool __purge_vmap_area_lazy(struct vmap_ctx *ctx, unsigned long start, unsigned long end)
{
	struct llist_node *valist;
	struct vmap_area *va;
	struct vmap_area *n_va;
	bool do_free = false;

	BUG_ON(!mutex_is_locked(&ctx->vmap_purge_lock));	/* lockdep_assert_held */

	valist = llist_del_all(&ctx->vmap_purge_list);
	llist_for_each_entry(va, valist, purge_list) {
		if (va->va_start < start)
			start = va->va_start;
		if (va->va_end > end)
			end = va->va_end;
		do_free = true;
	}

	if (!do_free)
		return false;

	flush_tlb_kernel_range(&ctx->tlb, start, end);

	spin_lock(&ctx->vmap_area_lock);
	llist_for_each_entry_safe(va, n_va, valist, purge_list) {
		int nr = (int)((va->va_end - va->va_start) >> PAGE_SHIFT);

		__free_vmap_area(ctx, va);
		atomic_sub(nr, &ctx->vmap_lazy_nr);
		cond_resched_lock(&ctx->vmap_area_lock);
	}
	spin_unlock(&ctx->vmap_area_lock);
	return true;
}

/*
 * Kick off a purge of the outstanding lazy areas. Don't bother if somebody
 * is already purging.
 */
static void try_purge_vmap_area_lazy(struct vmap_ctx *ctx)
{
	if (mutex_trylock(&ctx->vmap_purge_lock)) {
		__purge_vmap_area_lazy(ctx, ULONG_MAX, 0);
		mutex_unlock(&ctx->vmap_purge_lock);
	}
}

/* Kick off a purge of the outstanding lazy areas. */
static void purge_vmap_area_lazy(struct vmap_ctx *ctx)
{
	mutex_lock(&ctx->vmap_purge_lock);
	purge_fragmented_blocks_allcpus(ctx);
	__purge_vmap_area_lazy(ctx, ULONG_MAX, 0);
	mutex_unlock(&ctx->vmap_purge_lock);
}

/* Without vmap blocks no CPU has dirty ranges to add: start, end and flush stay. */
static void vm_unmap_aliases(struct vmap_ctx *ctx)
{
	unsigned long start = ULONG_MAX, end = 0;
	int flush = 0;

	might_sleep();
	mutex_lock(&ctx->vmap_purge_lock);
	purge_fragmented_blocks_allcpus(ctx);
	if (!__purge_vmap_area_lazy(ctx, start, end) && flush)
		flush_tlb_kernel_range(&ctx->tlb, start, end);
	mutex_unlock(&ctx->vmap_purge_lock);
}

static const struct purge_ops mutex_lockbreak_ops = {
	.try_purge_vmap_area_lazy = try_purge_vmap_area_lazy,
	.purge_vmap_area_lazy = purge_vmap_area_lazy,
	.vm_unmap_aliases = vm_unmap_aliases,
};

static void *mutex_lockbreak_setup(void)
{
	return vmap_setup(&mutex_lockbreak_ops);
}

static const struct sim_param_spec mutex_lockbreak_params[] = VMAP_PARAMS(1);

SIM_SCENARIO(purge_mutex_lockbreak) = {
	.name = "purge/mutex-lockbreak",
	.description = "v4.10: vmap_purge_lock a mutex, cond_resched_lock in the free loop",
	.nr_cpus = 2,
	.max_steps = 50000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = mutex_lockbreak_params,
	.nr_params = ARRAY_SIZE(mutex_lockbreak_params),
	.setup = mutex_lockbreak_setup,
	.check = vmap_check,
	.finish = vmap_finish,
};
