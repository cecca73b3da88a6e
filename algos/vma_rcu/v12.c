// SPDX-License-Identifier: GPL-2.0
/*
 * find_vma_rcu() as Laurent Dufour posted it in "[PATCH v12 21/31] mm:
 * Introduce find_vma_rcu()" (2019-04-16,
 * ../shared/seeds/002_fbefd46eabd4f629.txt): the tree is searched under
 * rcu_read_lock(), retried while mm_seq changes, and a reference is taken
 * on the VMA found (get_vma(), an atomic_inc()); vma_rb_insert() takes the
 * tree's reference and __vma_rb_erase() drops it only after a grace period
 * (vm_rcu_put(), call_rcu()).  So a VMA the walk can reach has the tree's
 * reference until every reader that could have found it has left its
 * section, get_vma() never sees 0, and the fault handler may sleep with
 * its own reference.  Correct under sc, tso and lkmm.
 */
#include <linux/bug.h>

#include "mm.h"
#include "variants.h"

/*
 * Like find_vma() but under the protection of RCU and the mm sequence
 * counter.  The vma returned has to be released by the caller through the
 * call to put_vma().
 */
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
		if (vma)
			get_vma(vma);
		rcu_read_unlock();
	} while (read_seqretry(&mm->mm_seq, seq));

	vma_ghost_lookup(ctx, addr, vma, seq, "find_vma_rcu");
	return vma;
}

/* handle_speculative_fault(), what of it concerns the VMA's life. */
int v12_handle_speculative_fault(struct vma_ctx *ctx, struct mm_struct *mm,
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

static void __vm_rcu_put(struct rcu_head *head)
{
	struct vm_area_struct *vma = container_of(head, struct vm_area_struct, vm_rcu);

	put_vma(vma);
}

void vm_rcu_put(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	BUG_ON(!RB_EMPTY_NODE(&vma->vm_rb));	/* VM_BUG_ON_VMA() */
	call_rcu(&vma->vm_rcu, __vm_rcu_put);
}

void vma_put_mm(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	put_vma(vma);
}

static const struct vma_ops v12_ops = {
	.name = "v12",
	.refcount = true,
	.rb_insert_ref = get_vma,
	.rb_erase_release = vm_rcu_put,
	.remove_vma_release = vma_put_mm,
	.handle_speculative_fault = v12_handle_speculative_fault,
};

static void *v12_setup(void)
{
	return vma_setup(&v12_ops);
}

SIM_SCENARIO(vma_rcu_v12) = {
	.name = "vma_rcu/v12",
	.description = "find_vma_rcu() as posted: RCU + mm_seq retry + get_vma(), tree ref "
		       "dropped by call_rcu()",
	.nr_cpus = 2,
	.max_steps = 4000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.dfs_preemption_bound = 1,	/* complete under sc and lkmm (README.md) */
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = v12_setup,
	.finish = vma_finish,
};
