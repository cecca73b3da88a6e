// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_gather/preemptible: the preemptible mmu_gather as merged for Linux 3.0
 * (seed 001_3ed880e5034f04b6.txt: Peter Zijlstra's "mm: Preemptibility -v6"
 * with Hugh Dickins' review taken in -- ZAP_BLOCK_SIZE gone, a full gather
 * breaks out of the PTE lock to be flushed).  The gather is on the stack,
 * the unmapping preemptible but for one PTE page at a time.
 */
#include "tlb_30.h"

static void *preemptible_setup(void)
{
	return gather_setup(tlb_remove_page_or_break, tlb_flush_mmu_30);
}

static const struct sim_param_spec preemptible_params[] = { GATHER_PARAMS };

SIM_SCENARIO(mmu_gather_preemptible) = {
	.name = "mmu_gather/preemptible",
	.description = "3.0: on-stack gather, GFP_NOWAIT batches, force_flush out of the PTE lock",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = preemptible_params,
	.nr_params = ARRAY_SIZE(preemptible_params),
	.setup = preemptible_setup,
	.finish = mm_finish,
};
