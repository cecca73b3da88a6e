// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_gather/free-before-flush: a mutation of the Linux 3.0 gather (seed
 * 001_3ed880e5034f04b6.txt) that a reviewer fears: tlb_flush_mmu() frees the
 * batched pages before the TLB flush.  Between the two, another CPU still
 * reaches a freed page through its TLB.
 */
#include "tlb_30.h"

static void tlb_flush_mmu_free_first(struct mmu_gather *tlb)
{
	if (!tlb->need_flush)
		return;
	tlb->need_flush = 0;
	tlb_flush_mmu_free(tlb);
	tlb_flush_mmu_tlbonly(tlb);
}

static void *free_before_flush_setup(void)
{
	return gather_setup(tlb_remove_page_or_break, tlb_flush_mmu_free_first);
}

static const struct sim_param_spec free_before_flush_params[] = { GATHER_PARAMS };

SIM_SCENARIO(mmu_gather_free_before_flush) = {
	.name = "mmu_gather/free-before-flush",
	.description = "mutation: batched pages freed before the TLB flush",
	.nr_cpus = 2,
	.max_steps = 20000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:page-freed-while-mapped",
	.fixed_by = "mmu_gather/preemptible",
	.params = free_before_flush_params,
	.nr_params = ARRAY_SIZE(free_before_flush_params),
	.setup = free_before_flush_setup,
	.finish = mm_finish,
};
