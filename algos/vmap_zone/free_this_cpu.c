// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_zone/free-this-cpu: the free path of [PATCH 8/9]
 * (../shared/seeds/003_d2d7d49b73c4718a.txt) looking the area up in the
 * busy tree of the CPU that calls vfree() instead of addr_to_cvz(addr)'s --
 * the mirror of Baoquan He's question, and the shortcut a reviewer might
 * take for a "per-CPU" structure.  An area vfree()d on another CPU than
 * the one its address names is not found: "Trying to vfree() nonexistent
 * vm area", and the area stays busy for good.
 */
#include "vmap_zone.h"

static const struct vz_ops free_this_cpu_ops = {
	.this_cpu_zone_alloc = this_cpu_zone_alloc,
	.this_cpu_zone_alloc_fill = this_cpu_zone_alloc_fill,
	.busy_cvz = vz_addr_to_cvz,
	.free_cvz = vz_this_cpu_zone,
};

static void *free_this_cpu_setup(void)
{
	return vz_setup(&free_this_cpu_ops);
}

static const struct sim_param_spec free_this_cpu_params[] = { VZ_PARAMS };

SIM_SCENARIO(vmap_zone_free_this_cpu) = {
	.name = "vmap_zone/free-this-cpu",
	.description = "the free path searches the current CPU's busy tree: the area is not found",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:area-lost",
	.fixed_by = "vmap_zone/as-posted",
	.params = free_this_cpu_params,
	.nr_params = ARRAY_SIZE(free_this_cpu_params),
	.setup = free_this_cpu_setup,
	.check = vz_check,
	.finish = vz_finish,
};
