// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_gather/percpu-preemptible: a mutation of Linux 2.6.37 (seed
 * 001_3ed880e5034f04b6.txt) that makes the gather "preemptible" the wrong
 * way: the per-CPU mmu_gathers taken with this_cpu_ptr() and preemption
 * left on.  Two tasks of one CPU then share one gather: one's
 * tlb_gather_mmu() empties the other's batch (pages lost), or one frees
 * what the other gathered (freed twice, or before the other's TLB flush).
 */
#include "tlb_2637.h"

/*
 * tlb_gather_mmu()'s get_cpu_var() kept, its put_cpu_var() moved up from
 * tlb_finish_mmu() to right after it: the gather is the CPU's the task ran
 * on when it took it, and preemption is on while it is used.
 */
static struct mmu_gather *get_shared_gather(struct percpu_gather_mm *ctx)
{
	struct mmu_gather *tlb = &get_cpu_var(ctx->mmu_gathers);

	put_cpu_var(ctx->mmu_gathers);
	return tlb;
}

static void put_shared_gather(struct percpu_gather_mm *ctx)
{
	(void)ctx;
}

static void *percpu_preemptible_setup(void)
{
	/*
	 * With unbound=1 the tasks may move, and then two CPUs use one gather
	 * at once -- a data race TSan reports before any invariant.  By
	 * default they stay on cpu0, where only preemption interleaves them
	 * (one CPU: no race), so every build meets the same bug first.
	 */
	return percpu_gather_setup(get_shared_gather, put_shared_gather);
}

static const struct sim_param_spec percpu_preemptible_params[] = { PERCPU_GATHER_PARAMS };

SIM_SCENARIO(mmu_gather_percpu_preemptible) = {
	.name = "mmu_gather/percpu-preemptible",
	.description = "mutation: the per-CPU gather with preemption on, shared by two tasks",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:page-accounting",
	.fixed_by = "mmu_gather/percpu",
	.params = percpu_preemptible_params,
	.nr_params = ARRAY_SIZE(percpu_preemptible_params),
	.setup = percpu_preemptible_setup,
	.finish = mm_finish,
};
