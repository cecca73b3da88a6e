// SPDX-License-Identifier: GPL-2.0
/*
 * purge/rewrite-noflush and purge/rewrite: "mm: rewrite
 * __purge_vmap_area_lazy", Christoph Hellwig, 2016-10-15, in
 * ../shared/seeds/000_6f1e366fcfb7e502.txt: first as posted ("only boot
 * tested"), which dropped the flush_tlb_kernel_range() call by accident,
 * then as reposted with it reinstated (commit f720cc324498 of the mail).
 * No purge lock: llist_del_all() alone keeps concurrent purges apart, and
 * the sync argument is gone, so a purge that finds the list empty returns
 * at once -- while another may still hold what it detached.
 */
#include <linux/sched.h>
#include <linux/slab.h>

#include "vmalloc.h"

struct rewrite_ctx {
	struct vmap_ctx vmap;
	bool flush;		/* as reposted */
};

static bool __purge_vmap_area_lazy(struct vmap_ctx *ctx, unsigned long start, unsigned long end)
{
	struct llist_node *valist;
	struct vmap_area *va;
	struct vmap_area *n_va;
	int nr = 0;

	valist = llist_del_all(&ctx->vmap_purge_list);
	llist_for_each_entry(va, valist, purge_list) {
		if (va->va_start < start)
			start = va->va_start;
		if (va->va_end > end)
			end = va->va_end;
		nr += (int)((va->va_end - va->va_start) >> PAGE_SHIFT);
	}

	if (!nr)
		return false;

	atomic_sub(nr, &ctx->vmap_lazy_nr);
	if (container_of(ctx, struct rewrite_ctx, vmap)->flush)
		flush_tlb_kernel_range(&ctx->tlb, start, end);

	spin_lock(&ctx->vmap_area_lock);
	llist_for_each_entry_safe(va, n_va, valist, purge_list)
		__free_vmap_area(ctx, va);
	spin_unlock(&ctx->vmap_area_lock);
	return true;
}

/*
 * Upstream calls __purge_vmap_area_lazy(ULONG_MAX, 0) straight from
 * free_vmap_area_noflush(): "Don't bother to purge the per-cpu lists of
 * fragmented blocks."
 */
static void try_purge_vmap_area_lazy(struct vmap_ctx *ctx)
{
	__purge_vmap_area_lazy(ctx, ULONG_MAX, 0);
}

/*
 * Kick off a purge of the outstanding lazy areas, including the fragment
 * blocks on the per-cpu lists.
 */
static void purge_vmap_area_lazy(struct vmap_ctx *ctx)
{
	purge_fragmented_blocks_allcpus(ctx);
	__purge_vmap_area_lazy(ctx, ULONG_MAX, 0);
}

/* Without vmap blocks no CPU has dirty ranges to add: start, end and flush stay. */
static void vm_unmap_aliases(struct vmap_ctx *ctx)
{
	unsigned long start = ULONG_MAX, end = 0;
	int flush = 0;

	might_sleep();
	purge_fragmented_blocks_allcpus(ctx);
	if (!__purge_vmap_area_lazy(ctx, start, end) && flush)
		flush_tlb_kernel_range(&ctx->tlb, start, end);
}

static const struct purge_ops rewrite_ops = {
	.try_purge_vmap_area_lazy = try_purge_vmap_area_lazy,
	.purge_vmap_area_lazy = purge_vmap_area_lazy,
	.vm_unmap_aliases = vm_unmap_aliases,
};

static void *rewrite_setup(bool flush)
{
	struct rewrite_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->flush = flush;
	vmap_init(&ctx->vmap, &rewrite_ops);
	return ctx;
}

static void *rewrite_noflush_setup(void)
{
	return rewrite_setup(false);
}

static void *rewrite_flush_setup(void)
{
	return rewrite_setup(true);
}

static const struct sim_param_spec rewrite_noflush_params[] = VMAP_PARAMS(0);
static const struct sim_param_spec rewrite_params[] = VMAP_PARAMS(1);

SIM_SCENARIO(purge_rewrite_noflush) = {
	.name = "purge/rewrite-noflush",
	.description = "Christoph's rewrite as first posted: no purge lock, no TLB flush",
	.nr_cpus = 2,
	.max_steps = 50000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:stale-tlb-reuse",
	.fixed_by = "purge/rewrite",
	.params = rewrite_noflush_params,
	.nr_params = ARRAY_SIZE(rewrite_noflush_params),
	.setup = rewrite_noflush_setup,
	.check = vmap_check,
	.finish = vmap_finish,
};

SIM_SCENARIO(purge_rewrite) = {
	.name = "purge/rewrite",
	.description = "the rewrite as reposted, flush reinstated: still no purge lock",
	.nr_cpus = 2,
	.max_steps = 50000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:purge-incomplete",
	.fixed_by = "purge/mutex-lockbreak",
	.params = rewrite_params,
	.nr_params = ARRAY_SIZE(rewrite_params),
	.setup = rewrite_flush_setup,
	.check = vmap_check,
	.finish = vmap_finish,
};
