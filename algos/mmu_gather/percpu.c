// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_gather/percpu: Linux 2.6.37 as it was (seed 001_3ed880e5034f04b6.txt,
 * the kernel Peter Zijlstra's "mm: Preemptibility -v6" starts from).  The
 * per-CPU mmu_gathers is taken with get_cpu_var(): while one task gathers,
 * no other task of its CPU can run, so none can touch its gather -- and the
 * non-preemptible stretch is as long as a ZAP_BLOCK_SIZE block.
 */
#include "tlb_2637.h"

static struct mmu_gather *get_cpu_gather(struct percpu_gather_mm *ctx)
{
	return &get_cpu_var(ctx->mmu_gathers);
}

static void put_cpu_gather(struct percpu_gather_mm *ctx)
{
	(void)ctx;
	put_cpu_var(ctx->mmu_gathers);
}

static void *percpu_setup(void)
{
	return percpu_gather_setup(get_cpu_gather, put_cpu_gather);
}

static const struct sim_param_spec percpu_params[] = { PERCPU_GATHER_PARAMS };

SIM_SCENARIO(mmu_gather_percpu) = {
	.name = "mmu_gather/percpu",
	.description = "2.6.37: per-CPU gather under get_cpu_var, ZAP_BLOCK_SIZE breaks",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = percpu_params,
	.nr_params = ARRAY_SIZE(percpu_params),
	.setup = percpu_setup,
	.finish = mm_finish,
};
