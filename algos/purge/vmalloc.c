// SPDX-License-Identifier: GPL-2.0
/*
 * What every purge variant shares, after mm/vmalloc.c as of v4.8 (the code
 * the diffs in ../shared/seeds/000_6f1e366fcfb7e502.txt apply to): the
 * arena and its allocation path with the overflow retry, the lazy free,
 * the give-back under vmap_area_lock; and the workload, after Joel
 * Fernandes' test: tasks that vfree() a buffer and vmalloc() another while
 * a cyclictest-like task wants the first CPU.
 *
 * The arena is nr_slots one-page slots from VMALLOC_START; the rbtree of
 * busy areas becomes an array by slot, searched first-fit from the bottom
 * as upstream walks from vstart.  vmap blocks are not modelled.
 */
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "sched.h"
#include "vmalloc.h"

/* Upstream: fls(num_online_cpus()) * 32MB worth of pages; here a parameter. */
int lazy_max_pages(struct vmap_ctx *ctx)
{
	return ctx->lazy_max;
}

/* No vmap blocks in this arena: only the preemption point is left. */
void purge_fragmented_blocks_allcpus(struct vmap_ctx *ctx)
{
	(void)ctx;
	sim_step(SIM_SITE("purge_fragmented_blocks_allcpus", ""));
}

/* Upstream defers the kfree by RCU for lockless lookups; there are none here. */
void __free_vmap_area(struct vmap_ctx *ctx, struct vmap_area *va)
{
	unsigned int slot = va_slot(va);

	BUG_ON(ctx->vmap_area_root[slot] != va);
	ctx->vmap_area_root[slot] = NULL;
	check_free(ctx, va);
	kfree(va);
}

/*
 * Allocate a region of KVA of the specified size.  Upstream returns
 * ERR_PTR(-EBUSY) on overflow and vmalloc() then NULL, the -ENOMEM its
 * callers see; here NULL.
 */
static struct vmap_area *alloc_vmap_area(struct vmap_ctx *ctx, unsigned long size)
{
	struct vmap_area *va;
	unsigned long started = 0;
	unsigned int slot;
	int purged = 0;

	BUG_ON(size != PAGE_SIZE);
	va = kmalloc(sizeof(struct vmap_area), GFP_KERNEL);

retry:
	spin_lock(&ctx->vmap_area_lock);
	for (slot = 0; slot < ctx->nr_slots; slot++)
		if (!ctx->vmap_area_root[slot])
			break;
	if (slot == ctx->nr_slots)
		goto overflow;

	va->va_start = VMALLOC_START + slot * PAGE_SIZE;
	va->va_end = va->va_start + size;
	ctx->vmap_area_root[slot] = va;
	check_handout(ctx, va);
	spin_unlock(&ctx->vmap_area_lock);
	return va;

overflow:
	spin_unlock(&ctx->vmap_area_lock);
	if (!purged) {
		started = check_sync_begin(ctx);
		ctx->ops->purge_vmap_area_lazy(ctx);
		check_sync_end(ctx, started, "alloc_vmap_area");
		purged = 1;
		goto retry;
	}
	check_enomem(ctx, started);
	kfree(va);
	return NULL;
}

/*
 * Free a vmap area, caller ensuring that the area has been unmapped and
 * flush_cache_vunmap had been called for the correct range previously.
 */
static void free_vmap_area_noflush(struct vmap_ctx *ctx, struct vmap_area *va)
{
	unsigned int slot = va_slot(va);	/* for the oracle, which must not touch va later */
	int nr_lazy;

	nr_lazy = atomic_add_return((int)((va->va_end - va->va_start) >> PAGE_SHIFT),
				    &ctx->vmap_lazy_nr);

	/* After this point, we may free va at any time */
	check_lazy_free_begin(ctx, slot);
	llist_add(&va->purge_list, &ctx->vmap_purge_list);
	check_lazy_free(ctx, slot);

	if (unlikely(nr_lazy > lazy_max_pages(ctx)))
		ctx->ops->try_purge_vmap_area_lazy(ctx);
}

/*
 * vunmap(): unmap_vmap_area() clears the page tables, which drops no TLB
 * entry, and the area goes on the lazy list.  (flush_cache_vunmap() does
 * nothing on x86; the lookup by address is skipped: the task holds va.)
 */
static void free_unmap_vmap_area(struct vmap_ctx *ctx, struct vmap_area *va)
{
	free_vmap_area_noflush(ctx, va);
}

/* ---- the workload --------------------------------------------------------- */

/* vfree() of the buffer this task used: its lazy free may purge. */
static void vfree_buffer(void *arg)
{
	struct vmap_ctx *ctx = arg;

	free_unmap_vmap_area(ctx, ctx->vfree_va);
}

/* vmalloc() of a buffer in the full arena: the overflow path purges. */
static void vmalloc_buffer(void *arg)
{
	struct vmap_ctx *ctx = arg;
	struct vmap_area *va = alloc_vmap_area(ctx, PAGE_SIZE);

	if (va)
		tlb_fill(&ctx->tlb, smp_processor_id(), va);
}

/* Always ready for its CPU: every step the purge keeps it waiting counts. */
static void cyclictest(void *arg)
{
	struct vmap_ctx *ctx = arg;
	unsigned int i;

	for (i = 0; i < ctx->rt_wakeups; i++)
		cond_resched();
}

static void unmap_aliases(void *arg)
{
	struct vmap_ctx *ctx = arg;
	unsigned long started = check_sync_begin(ctx);

	ctx->ops->vm_unmap_aliases(ctx);
	check_sync_end(ctx, started, "vm_unmap_aliases");
}

/*
 * Slot 0 is the buffer cpu0 is about to vfree(); every other slot was
 * vfree()d before the run, used last by some CPU, and waits on the lazy
 * list: the arena is full.  The vfree task comes first, so the default
 * schedule (and a depth-first search, which varies the end of it first)
 * has its purge run while the others wait.
 */
void vmap_init(struct vmap_ctx *ctx, const struct purge_ops *ops)
{
	unsigned int slot;

	ctx->ops = ops;
	ctx->nr_slots = (unsigned int)sim_param("slots");
	ctx->lazy_max = (int)sim_param("lazy_max");
	ctx->rt_wakeups = (unsigned int)sim_param("rt");
	ctx->shadow.sync_check = (int)sim_param("sync_check");
	ctx->shadow.lazy_nr_check = sim_param("lazy_nr_check");
	spin_lock_init(&ctx->vmap_area_lock);
	spin_lock_init(&ctx->purge_lock);
	mutex_init(&ctx->vmap_purge_lock);
	init_llist_head(&ctx->vmap_purge_list);
	ctx->vmap_area_root = kzalloc(ctx->nr_slots * sizeof(*ctx->vmap_area_root), GFP_KERNEL);
	tlb_model_init(&ctx->tlb, ctx->nr_slots);
	shadow_init(ctx, ctx->nr_slots);

	for (slot = 0; slot < ctx->nr_slots; slot++) {
		struct vmap_area *va = kzalloc(sizeof(struct vmap_area), GFP_KERNEL);

		sim_name(va, "va_slot%u", slot);
		va->va_start = VMALLOC_START + slot * PAGE_SIZE;
		va->va_end = va->va_start + PAGE_SIZE;
		ctx->vmap_area_root[slot] = va;
		shadow_set(ctx, slot, SLOT_BUSY);
		tlb_fill(&ctx->tlb, slot % ctx->tlb.nr_cpus, va);
		if (!slot) {
			ctx->vfree_va = va;
			continue;
		}
		va->purge_list.next = ctx->vmap_purge_list.first;
		ctx->vmap_purge_list.first = &va->purge_list;
		ctx->vmap_lazy_nr.counter++;
		shadow_set(ctx, slot, SLOT_LAZY);
	}

	sim_task_create("vfree", 0, vfree_buffer, ctx);
	if (ctx->rt_wakeups)
		sim_task_create("cyclictest", 0, cyclictest, ctx);
	sim_task_create("vmalloc", 1, vmalloc_buffer, ctx);
	if (sim_param("aliases"))
		sim_task_create("unmap_alias", 1, unmap_aliases, ctx);
}

void *vmap_setup(const struct purge_ops *ops)
{
	struct vmap_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	vmap_init(ctx, ops);
	return ctx;
}

void vmap_check(void *arg)
{
	check_lazy_nr(arg);
}

void vmap_finish(void *arg)
{
	check_quiescent(arg);
}

/* The story names the members of every kmalloc(sizeof(struct vmap_area)). */
static const struct sim_field vmap_area_fields[] = {
	SIM_FIELD(struct vmap_area, va_start),
	SIM_FIELD(struct vmap_area, va_end),
	SIM_FIELD(struct vmap_area, purge_list),
};
SIM_FIELDS(vmap_area_fields);
