// SPDX-License-Identifier: GPL-2.0
/*
 * A reviewer's mutation of v12 (../shared/seeds/002_fbefd46eabd4f629.txt):
 * drop the tree's reference at once in __vma_rb_erase() and defer the
 * free instead -- put_vma()'s last reference queues __free_vma() with
 * call_rcu() -- the usual "refcount + RCU-deferred free" shape.  The memory
 * a reader finds then stays valid, but its count may already be 0, and
 * v12's get_vma() is an atomic_inc(): it revives a VMA whose free is
 * queued.  Buggy under every model: the free runs under the reader's
 * reference (a use-after-free), or the reader's put queues it again.  With
 * --param refcount_t=1, refcount_inc() reports the "addition on 0" first.
 * vma_rcu/inc-not-zero is the fix.
 */
#include "mm.h"
#include "variants.h"

static void vma_rb_put_now(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	put_vma(vma);
}

static const struct vma_ops get_vma_zero_ops = {
	.name = "get-vma-zero",
	.refcount = true,
	.rb_insert_ref = get_vma,
	.rb_erase_release = vma_rb_put_now,
	.remove_vma_release = vma_put_mm,
	.free_vma = vma_free_after_gp,
	.handle_speculative_fault = v12_handle_speculative_fault,
};

static void *get_vma_zero_setup(void)
{
	return vma_setup(&get_vma_zero_ops);
}

SIM_SCENARIO(vma_rcu_get_vma_zero) = {
	.name = "vma_rcu/get-vma-zero",
	.description = "tree ref dropped at once, free deferred by call_rcu(): get_vma()'s "
		       "atomic_inc() revives a count of 0",
	.nr_cpus = 2,
	.max_steps = 4000,
	/* tso: found by random and pct, beyond dfs (README.md); every sc run is a tso run */
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.dfs_preemption_bound = 1,
	.bug = "invariant:vma-refcount",
	.fixed_by = "vma_rcu/inc-not-zero",
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = get_vma_zero_setup,
	.finish = vma_finish,
};
