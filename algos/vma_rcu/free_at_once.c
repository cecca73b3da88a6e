// SPDX-License-Identifier: GPL-2.0
/*
 * v12 (../shared/seeds/002_fbefd46eabd4f629.txt) with the erase freeing at
 * once: __vma_rb_erase() drops the tree's reference with put_vma() instead
 * of vm_rcu_put(), so remove_vma()'s put of the mm's reference frees the
 * VMA within the same munmap, no grace period after it left the tree.  A
 * fault task that read the pointer under rcu_read_lock() just before the
 * erase walks, or takes a reference on, freed memory: buggy under every
 * model (an ASan heap-use-after-free in that build, --param uaf_check=0).
 */
#include "mm.h"
#include "variants.h"

static void vma_rb_put_now(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	put_vma(vma);
}

static const struct vma_ops free_at_once_ops = {
	.name = "free-at-once",
	.refcount = true,
	.rb_insert_ref = get_vma,
	.rb_erase_release = vma_rb_put_now,
	.remove_vma_release = vma_put_mm,
	.handle_speculative_fault = v12_handle_speculative_fault,
};

static void *free_at_once_setup(void)
{
	return vma_setup(&free_at_once_ops);
}

SIM_SCENARIO(vma_rcu_free_at_once) = {
	.name = "vma_rcu/free-at-once",
	.description = "v12 with __vma_rb_erase() dropping the tree's reference at once: no "
		       "grace period before the free",
	.nr_cpus = 2,
	.max_steps = 4000,
	/* tso: found by random and pct, beyond dfs (README.md); every sc run is a tso run */
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.dfs_preemption_bound = 1,
	.bug = "bug:use-after-free",
	.fixed_by = "vma_rcu/v12",
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = free_at_once_setup,
	.finish = vma_finish,
};
