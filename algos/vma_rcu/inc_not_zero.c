// SPDX-License-Identifier: GPL-2.0
/*
 * The fix of vma_rcu/get-vma-zero, and the refcount_t Laurent Dufour says
 * he would rather have used (../shared/seeds/002_fbefd46eabd4f629.txt,
 * "it would be better here to avoid wrapping"): the tree's reference is
 * dropped at once, the last put frees after a grace period, and the
 * lookup takes its reference with refcount_inc_not_zero(): a VMA whose
 * count reached 0 is on its way out, and the lookup retries (its erase
 * moved mm_seq).  Correct under sc, tso and lkmm: the count's last
 * decrement is a release after the erase's sequence store, and the
 * reader's smp_rmb() in read_seqretry() orders its read of 0 before the
 * sequence load.
 */
#include "mm.h"
#include "variants.h"

static struct vm_area_struct *find_vma_rcu(struct vma_ctx *ctx, struct mm_struct *mm,
					   unsigned long addr)
{
	struct vm_area_struct *vma = NULL;
	unsigned int seq;

	do {
		if (vma) {
			put_vma(vma);
			vma_ghost_note(ctx, VMA_NOTE_RETRY);
		}

		seq = read_seqbegin(&mm->mm_seq);

		rcu_read_lock();
		vma = __find_vma(ctx, mm, addr);
		if (vma) {
			vma_ghost_touch(ctx, vma, "get_vma");
			if (!refcount_inc_not_zero(&vma->vm_refcnt))
				vma = NULL;
		}
		rcu_read_unlock();
	} while (read_seqretry(&mm->mm_seq, seq));

	vma_ghost_lookup(ctx, addr, vma, seq, "find_vma_rcu");
	return vma;
}

static int inc_not_zero_handle_speculative_fault(struct vma_ctx *ctx, struct mm_struct *mm,
						 unsigned long address)
{
	struct vm_area_struct *vma = find_vma_rcu(ctx, mm, address);
	int ret;

	if (!vma)
		return VM_FAULT_RETRY;
	vma_ghost_touch(ctx, vma, "handle_speculative_fault");
	if (address < vma->vm_start) {
		put_vma(vma);
		return VM_FAULT_RETRY;
	}
	ret = vma_handle_fault(ctx, vma, address);
	put_vma(vma);
	return ret;
}

static void vma_rb_put_now(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	put_vma(vma);
}

static const struct vma_ops inc_not_zero_ops = {
	.name = "inc-not-zero",
	.refcount = true,
	.rb_insert_ref = get_vma,
	.rb_erase_release = vma_rb_put_now,
	.remove_vma_release = vma_put_mm,
	.free_vma = vma_free_after_gp,
	.handle_speculative_fault = inc_not_zero_handle_speculative_fault,
};

static void *inc_not_zero_setup(void)
{
	struct vma_ctx *ctx = vma_setup(&inc_not_zero_ops);

	ctx->use_refcount_t = true;
	return ctx;
}

SIM_SCENARIO(vma_rcu_inc_not_zero) = {
	.name = "vma_rcu/inc-not-zero",
	.description = "tree ref dropped at once, free deferred by call_rcu(), get by "
		       "refcount_inc_not_zero()",
	.nr_cpus = 2,
	.max_steps = 4000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.dfs_preemption_bound = 1,	/* complete under sc and lkmm (README.md) */
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = inc_not_zero_setup,
	.finish = vma_finish,
};
