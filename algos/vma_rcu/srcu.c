// SPDX-License-Identifier: GPL-2.0
/*
 * Peter Zijlstra's original plan, as he recalls it in the thread
 * (../shared/seeds/002_fbefd46eabd4f629.txt): "My original plan was to use
 * SRCU ... SRCU has all the required bits and pieces".  No refcount: the
 * whole speculative fault is one SRCU read-side section, which may sleep,
 * and an unmapped VMA is freed by call_srcu() after an SRCU grace period.
 * So the handler's VMA outlives its sleep without a reference and without
 * a shared counter to bounce between CPUs; Laurent Dufour's objection is
 * the cost of the callbacks ("a lot a scheduling to run the SRCU callback
 * mechanism"), which tools/bench/vma_contention shows beside the lines
 * the refcount moves.  Correct under sc, tso and lkmm.
 */
#include "mm.h"
#include "variants.h"

static int srcu_handle_speculative_fault(struct vma_ctx *ctx, struct mm_struct *mm,
					 unsigned long address)
{
	struct vm_area_struct *vma;
	unsigned int seq;
	int idx, ret = VM_FAULT_RETRY;

	idx = srcu_read_lock(&mm->vma_srcu);
	do {
		seq = read_seqbegin(&mm->mm_seq);
		vma = __find_vma(ctx, mm, address);
	} while (read_seqretry(&mm->mm_seq, seq));
	vma_ghost_lookup(ctx, address, vma, seq, "find_vma_srcu");
	if (vma && vma->vm_start <= address)
		ret = vma_handle_fault(ctx, vma, address);
	srcu_read_unlock(&mm->vma_srcu, idx);
	return ret;
}

static void remove_vma_free_srcu(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_ghost_queue_free(vma_ctx_of(mm), vma, "call_srcu");
	call_srcu(&mm->vma_srcu, &vma->vm_rcu, vma_free_rcu);
}

static const struct vma_ops srcu_ops = {
	.name = "srcu",
	.remove_vma_release = remove_vma_free_srcu,
	.handle_speculative_fault = srcu_handle_speculative_fault,
};

static void *srcu_setup(void)
{
	return vma_setup(&srcu_ops);
}

SIM_SCENARIO(vma_rcu_srcu) = {
	.name = "vma_rcu/srcu",
	.description = "Peter Zijlstra's plan: no refcount, the whole fault in an SRCU section, "
		       "VMAs freed by call_srcu()",
	.nr_cpus = 2,
	.max_steps = 4000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.dfs_preemption_bound = 1,	/* complete under sc and lkmm (README.md) */
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = srcu_setup,
	.finish = vma_finish,
};
