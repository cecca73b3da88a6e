// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_zone/this-cpu-ptr and vmap_zone/preempt-off: the two things a
 * reviewer of [PATCH 8/9] (../shared/seeds/003_d2d7d49b73c4718a.txt) might
 * put in place of this_cpu_zone_alloc()'s raw_cpu_ptr(&cpu_vmap_zone),
 * taken with preemption on.
 *
 * this-cpu-ptr: this_cpu_ptr(), the accessor for code that cannot move.
 * Preemptible, the task may be on another CPU by the time it uses the zone
 * -- which the posted code does not mind, every zone access being under
 * the zone's locks -- and CONFIG_DEBUG_PREEMPT says so: "BUG: using
 * smp_processor_id() in preemptible code".
 *
 * preempt-off: get_cpu_ptr() / put_cpu_ptr() around the fast path, so that
 * the zone stays the CPU's and the comment's race (a second task of the
 * CPU "preempted on entry") cannot happen.  The fill then allocates its
 * vmap_area with GFP_KERNEL, which may sleep, with preemption off:
 * "BUG: sleeping function called from invalid context".  The posted code
 * keeps preemption on and lives with the race.
 */
#include "vmap_zone.h"

/* this_cpu_zone_alloc() as posted, but for how it takes its zone. */
static unsigned long zone_alloc(struct vz_ctx *ctx, struct cpu_vmap_zone *z, unsigned long size,
				unsigned long align)
{
	unsigned long extra = align > PAGE_SIZE ? align : 0;
	unsigned long addr = VMALLOC_END, left = 0;

	if (cvz_size == ULONG_MAX)
		return addr;
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
	if (addr == VMALLOC_END && left < 4 * PAGE_SIZE) {
		vz_fill_decided(ctx, z);
		addr = ctx->ops->this_cpu_zone_alloc_fill(ctx, z, size, align);
		vz_fill_returned(ctx, z);
	}
	return addr;
}

static unsigned long this_cpu_ptr_zone_alloc(struct vz_ctx *ctx, unsigned long size,
					     unsigned long align)
{
	return zone_alloc(ctx, this_cpu_ptr(&ctx->cpu_vmap_zone), size, align);
}

static unsigned long preempt_off_zone_alloc(struct vz_ctx *ctx, unsigned long size,
					    unsigned long align)
{
	struct cpu_vmap_zone *z = get_cpu_ptr(&ctx->cpu_vmap_zone);
	unsigned long addr = zone_alloc(ctx, z, size, align);

	put_cpu_ptr(&ctx->cpu_vmap_zone);
	return addr;
}

static const struct vz_ops this_cpu_ptr_ops = {
	.this_cpu_zone_alloc = this_cpu_ptr_zone_alloc,
	.this_cpu_zone_alloc_fill = this_cpu_zone_alloc_fill,
	.busy_cvz = vz_addr_to_cvz,
	.free_cvz = vz_addr_to_cvz,
};

static const struct vz_ops preempt_off_ops = {
	.this_cpu_zone_alloc = preempt_off_zone_alloc,
	.this_cpu_zone_alloc_fill = this_cpu_zone_alloc_fill,
	.busy_cvz = vz_addr_to_cvz,
	.free_cvz = vz_addr_to_cvz,
};

static void *this_cpu_ptr_setup(void)
{
	return vz_setup(&this_cpu_ptr_ops);
}

static void *preempt_off_setup(void)
{
	return vz_setup(&preempt_off_ops);
}

static const struct sim_param_spec vz_params[] = { VZ_PARAMS };

SIM_SCENARIO(vmap_zone_this_cpu_ptr) = {
	.name = "vmap_zone/this-cpu-ptr",
	.description = "this_cpu_ptr() for the zone, preemption on: CONFIG_DEBUG_PREEMPT's BUG",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "bug:smp-processor-id-preemptible",
	.fixed_by = "vmap_zone/as-posted",
	.params = vz_params,
	.nr_params = ARRAY_SIZE(vz_params),
	.setup = this_cpu_ptr_setup,
	.check = vz_check,
	.finish = vz_finish,
};

SIM_SCENARIO(vmap_zone_preempt_off) = {
	.name = "vmap_zone/preempt-off",
	.description = "get_cpu_ptr() around the fast path: the fill's GFP_KERNEL allocation sleeps",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "bug:sleeping-while-atomic",
	.fixed_by = "vmap_zone/as-posted",
	.params = vz_params,
	.nr_params = ARRAY_SIZE(vz_params),
	.setup = preempt_off_setup,
	.check = vz_check,
	.finish = vz_finish,
};
