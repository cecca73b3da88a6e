// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU fast path of [PATCH 8/9] "mm: vmalloc: Offload
 * free_vmap_area_lock global lock" (../shared/seeds/003_d2d7d49b73c4718a.txt,
 * <20230522110849.2921-9-urezki@gmail.com>) as posted: this_cpu_zone_alloc()
 * takes raw_cpu_ptr(&cpu_vmap_zone) with preemption on, and when the zone
 * runs low this_cpu_zone_alloc_fill() prefetches a cvz_size chunk from the
 * global free tree under free_vmap_area_lock, guarded by fill_in_progress.
 *
 * The oracle's calls (vz_fill_*, vz_prefetched) mark the fill window and
 * count its prefetches: the figure of the comment's own race.
 */
#include <linux/slab.h>

#include "vmap_zone.h"

unsigned long this_cpu_zone_alloc_fill(struct vz_ctx *ctx, struct cpu_vmap_zone *z,
				       unsigned long size, unsigned long align)
{
	unsigned long addr = VMALLOC_END;
	struct vmap_area *va;

	/*
	 * It still can race. One task sets a progress to
	 * 1 a second one gets preempted on entry, the first
	 * zeroed the progress flag and second proceed with
	 * an extra prefetch.
	 */
	if (atomic_xchg(&z->fill_in_progress, 1))
		return addr;
	vz_fill_enter(ctx, z);

	va = kmem_cache_alloc_node_va();
	if (unlikely(!va))
		goto out;

	spin_lock(&ctx->free_vmap_area_lock);
	addr = __alloc_vmap_area(ctx, &ctx->free_vmap_area_root, &ctx->free_vmap_area_list,
				 cvz_size, 1, VMALLOC_START, VMALLOC_END);
	vz_prefetched(ctx, z, addr);
	spin_unlock(&ctx->free_vmap_area_lock);

	if (addr == VMALLOC_END) {
		kfree(va);
		goto out;
	}

	va->va_start = addr;
	va->va_end = addr + cvz_size;

	fbl_lock(z, FREE);
	vz_chunk_arrives(ctx, z, va->va_start, size);
	va = merge_or_add_vmap_area_augment(ctx, va, &fbl_root(z, FREE), &fbl_head(z, FREE));
	addr = va_alloc(ctx, va, &fbl_root(z, FREE), &fbl_head(z, FREE), size, align,
			VMALLOC_START, VMALLOC_END);
	fbl_unlock(z, FREE);

out:
	vz_fill_leave(ctx, z);
	atomic_set(&z->fill_in_progress, 0);
	return addr;
}

unsigned long this_cpu_zone_alloc(struct vz_ctx *ctx, unsigned long size, unsigned long align)
{
	struct cpu_vmap_zone *z = raw_cpu_ptr(&ctx->cpu_vmap_zone);
	unsigned long extra = align > PAGE_SIZE ? align : 0;
	unsigned long addr = VMALLOC_END, left = 0;

	/* It is disabled, fallback to a global heap. */
	if (cvz_size == ULONG_MAX)
		return addr;

	/* Any allocation bigger/equal than one half of a zone-size will fallback to a global heap. */
	if (cvz_size / (size + extra) < 3)
		return addr;

	if (RB_EMPTY_ROOT(&fbl_root(z, FREE)))
		goto fill;

	fbl_lock(z, FREE);
	addr = __alloc_vmap_area(ctx, &fbl_root(z, FREE), &fbl_head(z, FREE), size, align,
				 VMALLOC_START, VMALLOC_END);

	if (addr == VMALLOC_END)
		left = get_subtree_max_size(ctx, &fbl_head(z, FREE));
	fbl_unlock(z, FREE);

fill:
	/* A low watermark is 3 pages. */
	if (addr == VMALLOC_END && left < 4 * PAGE_SIZE) {
		vz_fill_decided(ctx, z);
		addr = ctx->ops->this_cpu_zone_alloc_fill(ctx, z, size, align);
		vz_fill_returned(ctx, z);
	}

	return addr;
}

/* Where upstream puts and looks for a busy area: the zone its address names. */
struct cpu_vmap_zone *vz_addr_to_cvz(struct vz_ctx *ctx, unsigned long addr)
{
	return addr_to_cvz(ctx, addr);
}

/* What a variant uses instead: the zone of the CPU the task runs on now. */
struct cpu_vmap_zone *vz_this_cpu_zone(struct vz_ctx *ctx, unsigned long addr)
{
	(void)addr;
	return raw_cpu_ptr(&ctx->cpu_vmap_zone);
}
