// SPDX-License-Identifier: GPL-2.0
/*
 * Peter Zijlstra's question in the thread
 * (../shared/seeds/002_fbefd46eabd4f629.txt): "_why_ we need the refcount
 * thing at all".  Without it: the tree is searched under rcu_read_lock()
 * with the mm_seq retry, and an unmapped VMA is freed by call_rcu() after a
 * grace period -- but the fault handler keeps using the VMA after
 * rcu_read_unlock(), while it may sleep, and nothing then holds the grace
 * period back.  Laurent Dufour's answer: "The need for the VMA's refcount
 * is to ensure that the VMA will remain until the end of the SPF handler.
 * This is a consequence of the use of RCU instead of SRCU".  Buggy under
 * every model: the handler touches the VMA after its free.
 */
#include "mm.h"
#include "variants.h"

/* The VMA found is protected only until rcu_read_unlock(). */
static struct vm_area_struct *find_vma_rcu(struct vma_ctx *ctx, struct mm_struct *mm,
					   unsigned long addr)
{
	struct vm_area_struct *vma;
	unsigned int seq;

	do {
		seq = read_seqbegin(&mm->mm_seq);

		rcu_read_lock();
		vma = __find_vma(ctx, mm, addr);
		rcu_read_unlock();
	} while (read_seqretry(&mm->mm_seq, seq));

	vma_ghost_lookup(ctx, addr, vma, seq, "find_vma_rcu");
	return vma;
}

static int rcu_noref_handle_speculative_fault(struct vma_ctx *ctx, struct mm_struct *mm,
					      unsigned long address)
{
	struct vm_area_struct *vma = find_vma_rcu(ctx, mm, address);

	if (!vma)
		return VM_FAULT_RETRY;
	vma_ghost_touch(ctx, vma, "handle_speculative_fault");
	if (address < vma->vm_start)
		return VM_FAULT_RETRY;
	return vma_handle_fault(ctx, vma, address);
}

/* remove_vma(): no reference to drop; the free waits for a grace period. */
static void remove_vma_free_rcu(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	vma_free_after_gp(vma);
}

static const struct vma_ops rcu_noref_ops = {
	.name = "rcu-noref",
	.remove_vma_release = remove_vma_free_rcu,
	.handle_speculative_fault = rcu_noref_handle_speculative_fault,
};

static void *rcu_noref_setup(void)
{
	return vma_setup(&rcu_noref_ops);
}

SIM_SCENARIO(vma_rcu_rcu_noref) = {
	.name = "vma_rcu/rcu-noref",
	.description = "no refcount: RCU protects the lookup only, the handler uses the VMA "
		       "after rcu_read_unlock()",
	.nr_cpus = 2,
	.max_steps = 4000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "bug:use-after-free",
	.fixed_by = "vma_rcu/srcu",
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = rcu_noref_setup,
	.finish = vma_finish,
};

/*
 * The other way to do without the refcount with RCU: keep the read-side
 * section over the whole fault.  The handler may sleep, and a
 * non-preemptible RCU reader must not ("sleeping-while-atomic"; with
 * --param preempt_rcu=1 the RCU engine's own report): buggy everywhere.
 */
static int rcu_sleep_handle_speculative_fault(struct vma_ctx *ctx, struct mm_struct *mm,
					      unsigned long address)
{
	struct vm_area_struct *vma;
	unsigned int seq;
	int ret = VM_FAULT_RETRY;

	rcu_read_lock();
	do {
		seq = read_seqbegin(&mm->mm_seq);
		vma = __find_vma(ctx, mm, address);
	} while (read_seqretry(&mm->mm_seq, seq));
	vma_ghost_lookup(ctx, address, vma, seq, "find_vma_rcu");
	if (vma && vma->vm_start <= address)
		ret = vma_handle_fault(ctx, vma, address);
	rcu_read_unlock();
	return ret;
}

static const struct vma_ops rcu_sleep_ops = {
	.name = "rcu-sleep",
	.remove_vma_release = remove_vma_free_rcu,
	.handle_speculative_fault = rcu_sleep_handle_speculative_fault,
};

static void *rcu_sleep_setup(void)
{
	return vma_setup(&rcu_sleep_ops);
}

SIM_SCENARIO(vma_rcu_rcu_sleep) = {
	.name = "vma_rcu/rcu-sleep",
	.description = "no refcount: the whole fault in one RCU read-side section, which the "
		       "handler sleeps in",
	.nr_cpus = 2,
	.max_steps = 4000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "bug:sleeping-while-atomic",
	.fixed_by = "vma_rcu/srcu",
	.params = vma_params,
	.nr_params = VMA_NR_PARAMS,
	.setup = rcu_sleep_setup,
	.finish = vma_finish,
};
