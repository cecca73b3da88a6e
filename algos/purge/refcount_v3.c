// SPDX-License-Identifier: GPL-2.0
/*
 * purge/refcount-v3: "[PATCH v3] mm: vmalloc: Replace purge_lock spinlock
 * with atomic refcount", Joel Fernandes, 2016-10-15, in
 * ../shared/seeds/000_6f1e366fcfb7e502.txt.  An atomic count of purges in
 * progress replaces purge_lock: the lazy free still skips when another
 * purge runs, but a synchronous caller no longer waits for one.  Areas are
 * counted off vmap_lazy_nr one by one as they are given back, with a lock
 * break after each.
 */
#include <linux/sched.h>

#include "vmalloc.h"

static void __purge_vmap_area_lazy(struct vmap_ctx *ctx, unsigned long *start,
				   unsigned long *end, int sync, int force_flush)
{
	struct llist_node *valist;
	struct vmap_area *va;
	struct vmap_area *n_va;
	int dofree = 0;

	/*
	 * If sync is 0 but force_flush is 1, we'll go sync anyway but callers
	 * should not expect such behaviour.
	 */
	if (!sync && !force_flush) {
		/* Incase a purge is already in progress, just return. */
		if (atomic_cmpxchg(&ctx->purging, 0, 1))
			return;
	} else
		atomic_inc(&ctx->purging);

	if (sync)
		purge_fragmented_blocks_allcpus(ctx);

	valist = llist_del_all(&ctx->vmap_purge_list);
	llist_for_each_entry(va, valist, purge_list) {
		if (va->va_start < *start)
			*start = va->va_start;
		if (va->va_end > *end)
			*end = va->va_end;
		dofree = 1;
	}

	if (dofree || force_flush)
		flush_tlb_kernel_range(&ctx->tlb, *start, *end);

	if (dofree) {
		spin_lock(&ctx->vmap_area_lock);
		llist_for_each_entry_safe(va, n_va, valist, purge_list) {
			int nrfree = (int)((va->va_end - va->va_start) >> PAGE_SHIFT);

			__free_vmap_area(ctx, va);
			atomic_sub(nrfree, &ctx->vmap_lazy_nr);
			cond_resched_lock(&ctx->vmap_area_lock);
		}
		spin_unlock(&ctx->vmap_area_lock);
	}
	atomic_dec(&ctx->purging);
}

static const struct purge_ops refcount_v3_ops = PURGE48_OPS(__purge_vmap_area_lazy);

static void *refcount_v3_setup(void)
{
	return vmap_setup(&refcount_v3_ops);
}

static const struct sim_param_spec refcount_v3_params[] = VMAP_PARAMS(1);

SIM_SCENARIO(purge_refcount_v3) = {
	.name = "purge/refcount-v3",
	.description = "Joel's v3: atomic purging count, per-area vmap_lazy_nr, lock break",
	.nr_cpus = 2,
	.max_steps = 50000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:purge-incomplete",
	.fixed_by = "purge/mutex-lockbreak",
	.params = refcount_v3_params,
	.nr_params = ARRAY_SIZE(refcount_v3_params),
	.setup = refcount_v3_setup,
	.check = vmap_check,
	.finish = vmap_finish,
};
