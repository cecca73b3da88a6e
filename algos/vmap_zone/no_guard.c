// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_zone/no-guard: the posted this_cpu_zone_alloc_fill()
 * (../shared/seeds/003_d2d7d49b73c4718a.txt) without its fill_in_progress
 * guard -- what a reviewer asks when the comment above the guard says it
 * "still can race" anyway.  Every lock is still taken, so no range is
 * handed out twice; what goes is the guard's own promise ("It controls
 * that only one CPU can pre-fetch this CPU zone"): two tasks fill one zone
 * at once, each taking a chunk of cvz_size from the global free tree.
 */
#include <linux/slab.h>

#include "vmap_zone.h"

static unsigned long no_guard_zone_alloc_fill(struct vz_ctx *ctx, struct cpu_vmap_zone *z,
					      unsigned long size, unsigned long align)
{
	unsigned long addr = VMALLOC_END;
	struct vmap_area *va;

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
	return addr;
}

static const struct vz_ops no_guard_ops = {
	.this_cpu_zone_alloc = this_cpu_zone_alloc,
	.this_cpu_zone_alloc_fill = no_guard_zone_alloc_fill,
	.busy_cvz = vz_addr_to_cvz,
	.free_cvz = vz_addr_to_cvz,
};

static void *no_guard_setup(void)
{
	return vz_setup(&no_guard_ops);
}

static const struct sim_param_spec no_guard_params[] = { VZ_PARAMS };

SIM_SCENARIO(vmap_zone_no_guard) = {
	.name = "vmap_zone/no-guard",
	.description = "the fill without its fill_in_progress guard: two fills of one zone at once",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:fill-overlap",
	.fixed_by = "vmap_zone/as-posted",
	.params = no_guard_params,
	.nr_params = ARRAY_SIZE(no_guard_params),
	.setup = no_guard_setup,
	.check = vz_check,
	.finish = vz_finish,
};
