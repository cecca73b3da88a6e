// SPDX-License-Identifier: GPL-2.0
/*
 * purge/spinlock: __purge_vmap_area_lazy() as in v4.8, the "-" side of
 * every diff in ../shared/seeds/000_6f1e366fcfb7e502.txt.  purge_lock
 * serializes purges (a trylock for the lazy free, a waiting lock for the
 * synchronous callers) and is held, preemption off, for the whole purge;
 * vmap_lazy_nr is lowered before the areas are given back.
 */
#include "vmalloc.h"

/*
 * Purges all lazily-freed vmap areas.
 *
 * If sync is 0 then don't purge if there is already a purge in progress.
 * If force_flush is 1, then flush kernel TLBs between *start and *end even
 * if we found no lazy vmap areas to unmap.
 */
static void __purge_vmap_area_lazy(struct vmap_ctx *ctx, unsigned long *start,
				   unsigned long *end, int sync, int force_flush)
{
	struct llist_node *valist;
	struct vmap_area *va;
	struct vmap_area *n_va;
	int nr = 0;

	/*
	 * If sync is 0 but force_flush is 1, we'll go sync anyway but callers
	 * should not expect such behaviour.
	 */
	if (!sync && !force_flush) {
		if (!spin_trylock(&ctx->purge_lock))
			return;
	} else
		spin_lock(&ctx->purge_lock);

	if (sync)
		purge_fragmented_blocks_allcpus(ctx);

	valist = llist_del_all(&ctx->vmap_purge_list);
	llist_for_each_entry(va, valist, purge_list) {
		if (va->va_start < *start)
			*start = va->va_start;
		if (va->va_end > *end)
			*end = va->va_end;
		nr += (int)((va->va_end - va->va_start) >> PAGE_SHIFT);
	}

	if (nr)
		atomic_sub(nr, &ctx->vmap_lazy_nr);

	if (nr || force_flush)
		flush_tlb_kernel_range(&ctx->tlb, *start, *end);

	if (nr) {
		spin_lock(&ctx->vmap_area_lock);
		llist_for_each_entry_safe(va, n_va, valist, purge_list)
			__free_vmap_area(ctx, va);
		spin_unlock(&ctx->vmap_area_lock);
	}
	spin_unlock(&ctx->purge_lock);
}

static const struct purge_ops spinlock_ops = PURGE48_OPS(__purge_vmap_area_lazy);

static void *spinlock_setup(void)
{
	return vmap_setup(&spinlock_ops);
}

static const struct sim_param_spec spinlock_params[] = VMAP_PARAMS(1);

SIM_SCENARIO(purge_spinlock) = {
	.name = "purge/spinlock",
	.description = "v4.8: purge_lock held, preemption off, for the whole purge",
	.nr_cpus = 2,
	.max_steps = 50000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = spinlock_params,
	.nr_params = ARRAY_SIZE(spinlock_params),
	.setup = spinlock_setup,
	.check = vmap_check,
	.finish = vmap_finish,
};
