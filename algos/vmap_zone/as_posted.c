// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_zone/as-posted: [PATCH 8/9] "mm: vmalloc: Offload
 * free_vmap_area_lock global lock" as posted (../shared/seeds/
 * 003_d2d7d49b73c4718a.txt): the fill guarded by fill_in_progress, a new
 * area put in the busy tree of addr_to_cvz(va->va_start) whichever CPU
 * prefetched its chunk, and the free path looking there ("The busy/lazy are
 * placed per-cpu zone (using addr_to_cvz(addr)) whereas the allocated chunk
 * on a current CPU", Rezki to Baoquan He, 7 June 2023).
 */
#include "vmap_zone.h"

static const struct vz_ops as_posted_ops = {
	.this_cpu_zone_alloc = this_cpu_zone_alloc,
	.this_cpu_zone_alloc_fill = this_cpu_zone_alloc_fill,
	.busy_cvz = vz_addr_to_cvz,
	.free_cvz = vz_addr_to_cvz,
};

static void *as_posted_setup(void)
{
	return vz_setup(&as_posted_ops);
}

static const struct sim_param_spec as_posted_params[] = { VZ_PARAMS };

SIM_SCENARIO(vmap_zone_as_posted) = {
	.name = "vmap_zone/as-posted",
	.description = "Rezki's per-CPU vmap zones as posted: raw_cpu_ptr, fill_in_progress guard",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = as_posted_params,
	.nr_params = ARRAY_SIZE(as_posted_params),
	.setup = as_posted_setup,
	.check = vz_check,
	.finish = vz_finish,
};
