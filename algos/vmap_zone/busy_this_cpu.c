// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_zone/busy-this-cpu: Baoquan He's question on [PATCH 8/9]
 * (../shared/seeds/003_d2d7d49b73c4718a.txt, 5 June 2023): "how can we
 * guarantee it must belong to the 'z' zone?"  It is not guaranteed -- the
 * prefetch takes the lowest free chunk, whichever zone its address names --
 * so a version that put a new area in the busy tree of the zone it was
 * allocated from (the current CPU's) would file it where the free path,
 * which looks in addr_to_cvz(addr), never searches.
 */
#include "vmap_zone.h"

static const struct vz_ops busy_this_cpu_ops = {
	.this_cpu_zone_alloc = this_cpu_zone_alloc,
	.this_cpu_zone_alloc_fill = this_cpu_zone_alloc_fill,
	.busy_cvz = vz_this_cpu_zone,
	.free_cvz = vz_addr_to_cvz,
};

static void *busy_this_cpu_setup(void)
{
	return vz_setup(&busy_this_cpu_ops);
}

static const struct sim_param_spec busy_this_cpu_params[] = { VZ_PARAMS };

SIM_SCENARIO(vmap_zone_busy_this_cpu) = {
	.name = "vmap_zone/busy-this-cpu",
	.description = "a new area in the current CPU's busy tree, not addr_to_cvz()'s (Baoquan He)",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:busy-zone",
	.fixed_by = "vmap_zone/as-posted",
	.params = busy_this_cpu_params,
	.nr_params = ARRAY_SIZE(busy_this_cpu_params),
	.setup = busy_this_cpu_setup,
	.check = vz_check,
	.finish = vz_finish,
};
