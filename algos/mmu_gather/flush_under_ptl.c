// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_gather/flush-under-ptl: the preemptible gather of Linux 3.0 as it was
 * before Hugh Dickins' review (seed 001_3ed880e5034f04b6.txt): a gather that
 * cannot grow -- its GFP_NOWAIT batch allocation failed -- is flushed and
 * its pages freed by tlb_remove_page() with the PTE lock still held.  Safe,
 * but "introducing a large unpreemptible latency": the stretch grows with
 * the batch.
 */
#include "tlb_30.h"

static bool tlb_remove_page_under_ptl(struct mmu_gather *tlb, struct page *page)
{
	tlb_remove_page(tlb, page);
	return false;
}

static void *flush_under_ptl_setup(void)
{
	return gather_setup(tlb_remove_page_under_ptl, tlb_flush_mmu_30);
}

static const struct sim_param_spec flush_under_ptl_params[] = { GATHER_PARAMS };

SIM_SCENARIO(mmu_gather_flush_under_ptl) = {
	.name = "mmu_gather/flush-under-ptl",
	.description = "a full gather flushed and freed with the PTE lock held (latency)",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = flush_under_ptl_params,
	.nr_params = ARRAY_SIZE(flush_under_ptl_params),
	.setup = flush_under_ptl_setup,
	.finish = mm_finish,
};
