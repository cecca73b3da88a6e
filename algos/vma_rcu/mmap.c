// SPDX-License-Identifier: GPL-2.0
/*
 * What the find_vma_rcu() variants share, after mm/mmap.c and mm/internal.h
 * of the speculative page fault series v12
 * (../shared/seeds/002_fbefd46eabd4f629.txt and patch 20 before it): the
 * VMA tree changed under mm_seq (__vma_link_rb(), __vma_rb_erase()),
 * get_vma()/put_vma(), remove_vma(), the classic fault path under
 * mmap_sem, and the workload: page-fault tasks against a task that
 * munmaps and mmaps under mmap_sem held for write.  The seed ends inside
 * __vma_rb_erase(); its last lines (RB_CLEAR_NODE() then vm_rcu_put(),
 * which asserts the node is clear) are reconstructed from vm_rcu_put().
 * Reduced: one page per VMA, no page tables (the fault handler reads the
 * VMA, may sleep, reads it again), no vm_file, no rb_subtree_gap.
 */
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "alloc.h"

#include "mm.h"
#include "sanitizer.h"

static const struct sim_field vma_fields[] = {
	SIM_FIELD(struct vm_area_struct, vm_start),
	SIM_FIELD(struct vm_area_struct, vm_end),
	SIM_FIELD(struct vm_area_struct, vm_flags),
	SIM_FIELD(struct vm_area_struct, vm_pgoff),
	SIM_FIELD(struct vm_area_struct, vm_ref_count),
	SIM_FIELD(struct vm_area_struct, vm_rcu),
	SIM_FIELD(struct vm_area_struct, vm_rb),
};
SIM_FIELDS(vma_fields);

/* The mm's members, by name in the story and in the contention figure. */
static const struct sim_field vma_ctx_fields[] = {
	SIM_FIELD(struct vma_ctx, mm.mm_rb),
	SIM_FIELD(struct vma_ctx, mm.mm_seq),
	SIM_FIELD(struct vma_ctx, mm.mmap_sem),
	SIM_FIELD(struct vma_ctx, mm.vma_srcu),
};

struct vma_ctx *vma_ctx_of(struct mm_struct *mm)
{
	return container_of(mm, struct vma_ctx, mm);
}

/* Slot 0 is left out: address 0 is never mapped. */
unsigned long vma_address(unsigned int slot)
{
	return (slot + 1) * PAGE_SIZE;
}

static inline void mm_write_seqlock(struct mm_struct *mm)
{
	write_seqlock(&mm->mm_seq);
}

/* The ghost's tree version is the one the sequence count will name once it is even. */
static inline void mm_write_sequnlock(struct mm_struct *mm)
{
	vma_ghost_version(vma_ctx_of(mm));
	write_sequnlock(&mm->mm_seq);
}

/* ---- get_vma(), put_vma(), __free_vma() (mm/internal.h, mm/mmap.c) ----- */

/*
 * get_vma() and put_vma() find the run's context through the VMA itself,
 * so whether it is still allocated is asked of the heap first (the
 * engine's record of this run's frees), before vma->vm_mm is read.
 */
static struct vma_ctx *vma_ctx_checked(struct vm_area_struct *vma, const char *where)
{
	if (sim_alloc_freed(vma) && (sim_param("uaf_check") || !SIM_ASAN))
		sim_fail(SIM_FAIL_BUG, "use-after-free", "%s touches a VMA in %s after it was "
			 "freed", sim_current()->name, where);
	return vma_ctx_of(vma->vm_mm);
}

void get_vma(struct vm_area_struct *vma)
{
	struct vma_ctx *ctx = vma_ctx_checked(vma, "get_vma");

	vma_ghost_touch(ctx, vma, "get_vma");
	if (ctx->use_refcount_t) {
		refcount_inc(&vma->vm_refcnt);	/* its own "addition on 0" warning */
		return;
	}
	atomic_inc(&vma->vm_ref_count);
	vma_ghost_get(ctx, vma);
}

void put_vma(struct vm_area_struct *vma)
{
	struct vma_ctx *ctx = vma_ctx_checked(vma, "put_vma");
	int count;

	vma_ghost_touch(ctx, vma, "put_vma");
	/* atomic_dec_and_test(), keeping the count for the check */
	if (ctx->use_refcount_t)
		count = refcount_dec_and_test(&vma->vm_refcnt) ? 0 : 1;
	else
		count = atomic_dec_return(&vma->vm_ref_count);
	vma_ghost_count(ctx, vma, count, "put_vma");
	if (count)
		return;
	if (ctx->ops->free_vma)
		ctx->ops->free_vma(vma);
	else
		__free_vma(vma);
}

void __free_vma(struct vm_area_struct *vma)
{
	struct vma_ctx *ctx = vma_ctx_checked(vma, "__free_vma");

	vma_ghost_touch(ctx, vma, "__free_vma");
	BUG_ON(!RB_EMPTY_NODE(&vma->vm_rb));	/* VM_BUG_ON_VMA() */
	vma_ghost_free(ctx, vma, "__free_vma");
	kfree(vma);				/* vm_area_free() */
}

void vma_free_rcu(struct rcu_head *head)
{
	__free_vma(container_of(head, struct vm_area_struct, vm_rcu));
}

void vma_free_after_gp(struct vm_area_struct *vma)
{
	vma_ghost_queue_free(vma_ctx_of(vma->vm_mm), vma, "call_rcu");
	call_rcu(&vma->vm_rcu, vma_free_rcu);
}

static struct vm_area_struct *vm_area_alloc(struct vma_ctx *ctx, unsigned int slot)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	sim_fields(vma, vma_fields);
	vma->vm_mm = &ctx->mm;
	vma->vm_start = vma_address(slot);
	vma->vm_end = vma->vm_start + PAGE_SIZE;
	vma->vm_flags = VM_READ;
	vma->vm_pgoff = slot;
	RB_CLEAR_NODE(&vma->vm_rb);
	vma_ghost_alloc(ctx, vma);
	/* INIT_VMA(): the mm's reference */
	if (ctx->ops->refcount)
		atomic_set(&vma->vm_ref_count, 1);
	return vma;
}

/* ---- the tree ----------------------------------------------------------- */

/*
 * The walk of find_vma(), shared by find_vma_rcu() (no lock: marked loads,
 * racing with __vma_rb_erase()'s rotations) and the mmap_sem paths.  The
 * lowest VMA ending above @addr, as the kernel's; it may not cover @addr.
 */
struct vm_area_struct *__find_vma(struct vma_ctx *ctx, struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *rb_node;
	struct vm_area_struct *vma = NULL;

	rb_node = READ_ONCE(mm->mm_rb.rb_node);
	while (rb_node) {
		struct vm_area_struct *tmp;

		tmp = rb_entry(rb_node, struct vm_area_struct, vm_rb);
		vma_ghost_hold(ctx, tmp);
		vma_ghost_touch(ctx, tmp, "__find_vma");
		if (tmp->vm_end > addr) {
			vma = tmp;
			if (tmp->vm_start <= addr)
				break;
			rb_node = READ_ONCE(rb_node->rb_left);
		} else {
			rb_node = READ_ONCE(rb_node->rb_right);
		}
	}
	return vma;
}

static void find_vma_links(struct mm_struct *mm, unsigned long addr,
			   struct rb_node ***rb_link, struct rb_node **rb_parent)
{
	struct rb_node **__rb_link = &mm->mm_rb.rb_node, *__rb_parent = NULL;

	while (*__rb_link) {
		struct vm_area_struct *vma_tmp;

		__rb_parent = *__rb_link;
		vma_tmp = rb_entry(__rb_parent, struct vm_area_struct, vm_rb);
		if (vma_tmp->vm_end > addr)
			__rb_link = &__rb_parent->rb_left;
		else
			__rb_link = &__rb_parent->rb_right;
	}
	*rb_link = __rb_link;
	*rb_parent = __rb_parent;
}

static inline void vma_rb_insert(struct vm_area_struct *vma, struct mm_struct *mm)
{
	struct vma_ctx *ctx = vma_ctx_of(mm);

	if (ctx->ops->rb_insert_ref)
		ctx->ops->rb_insert_ref(vma);		/* v12: get_vma(vma) */
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
}

static void __vma_link_rb(struct mm_struct *mm, struct vm_area_struct *vma,
			  struct rb_node **rb_link, struct rb_node *rb_parent)
{
	mm_write_seqlock(mm);
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	vma_rb_insert(vma, mm);
	vma_ghost_link(vma_ctx_of(mm), vma, true);
	mm_write_sequnlock(mm);
}

static void __vma_rb_erase(struct vm_area_struct *vma, struct mm_struct *mm)
{
	struct vma_ctx *ctx = vma_ctx_of(mm);

	mm_write_seqlock(mm);
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	vma_ghost_link(ctx, vma, false);
	mm_write_sequnlock(mm);	/* wmb */
	/* Ensure the removal is complete before clearing the node. */
	RB_CLEAR_NODE(&vma->vm_rb);
	if (ctx->ops->rb_erase_release)
		ctx->ops->rb_erase_release(mm, vma);	/* v12: vm_rcu_put(vma) */
}

/* remove_vma() of v12: the node is clear; drop the mm's reference. */
static void remove_vma(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	BUG_ON(!RB_EMPTY_NODE(&vma->vm_rb));	/* VM_BUG_ON_VMA() */
	might_sleep();
	vma_ctx_of(mm)->ops->remove_vma_release(mm, vma);
}

/* do_munmap() of the one VMA at @start: detach it, then remove it. */
static void do_munmap(struct vma_ctx *ctx, struct mm_struct *mm, unsigned long start)
{
	struct vm_area_struct *vma = __find_vma(ctx, mm, start);

	if (!vma || vma->vm_start > start)
		return;
	__vma_rb_erase(vma, mm);	/* detach_vmas_to_be_unmapped() */
	remove_vma(vma);		/* remove_vma_list() */
}

/* mmap_region() of one page at @slot, which is free. */
static void mmap_region(struct vma_ctx *ctx, struct mm_struct *mm, unsigned int slot)
{
	struct vm_area_struct *vma = vm_area_alloc(ctx, slot);
	struct rb_node **rb_link, *rb_parent;

	find_vma_links(mm, vma->vm_start, &rb_link, &rb_parent);
	__vma_link_rb(mm, vma, rb_link, rb_parent);	/* vma_link() */
}

/* ---- the fault ---------------------------------------------------------- */

/*
 * handle_mm_fault() reduced to what the thread is about: it reads the VMA,
 * allocates the page (may sleep), waits for it (lock_page(), the I/O: may
 * sleep), and reads the VMA again to map it.  No page tables: the page is
 * dropped, only the VMA's memory is at stake here.
 */
int vma_handle_fault(struct vma_ctx *ctx, struct vm_area_struct *vma, unsigned long address)
{
	unsigned long flags, pgoff;
	void *page;

	vma_ghost_touch(ctx, vma, "handle_mm_fault");
	flags = vma->vm_flags;
	page = kzalloc(PAGE_SIZE / 64, GFP_KERNEL);	/* alloc_page(), smaller */
	cond_resched();					/* the read I/O */
	cond_resched();					/* lock_page() */
	vma_ghost_touch(ctx, vma, "handle_mm_fault");
	pgoff = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	kfree(page);
	return (flags & VM_READ) && pgoff < VMA_SLOTS ? 0 : -EFAULT;
}

/* do_page_fault(): the speculative path first, the mmap_sem one when it says retry. */
static void do_page_fault(struct vma_ctx *ctx, struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma;

	if (ctx->ops->handle_speculative_fault(ctx, mm, address) != VM_FAULT_RETRY) {
		vma_ghost_note(ctx, VMA_NOTE_SPECULATIVE);
		return;
	}
	vma_ghost_note(ctx, VMA_NOTE_FALLBACK);
	down_read(&mm->mmap_sem);
	vma = __find_vma(ctx, mm, address);
	vma_ghost_lookup(ctx, address, vma, mm->mm_seq.seqcount.sequence, "find_vma");
	if (vma && vma->vm_start <= address)
		vma_handle_fault(ctx, vma, address);
	up_read(&mm->mmap_sem);
}

/* ---- the workload ------------------------------------------------------- */

const struct sim_param_spec vma_params[] = {
	{ "faults", 2, 1, 4, "page faults each of the 2 fault tasks takes" },
	{ "rounds", 1, 1, 3, "munmap + mmap rounds of the mapper" },
	{ "vmas", 3, 1, 3, "VMAs mapped at the start (slots 1, 3, 5)" },
	{ "uaf_check", 1, 0, 1,
	  "0: in an ASan build, let the late access happen for ASan to report" },
	{ "refcount_t", 0, 0, 1, "1: vm_ref_count is a refcount_t (its warnings)" },
	SIM_RCU_PARAM,
};
const unsigned int vma_nr_params = ARRAY_SIZE(vma_params);

/* Round r unmaps the VMA of slot 1 + 2r and maps slot 2 + 2r. */
static void mapper(void *arg)
{
	struct vma_ctx *ctx = arg;
	struct mm_struct *mm = &ctx->mm;
	int r;

	for (r = 0; r < ctx->nr_rounds; r++) {
		down_write(&mm->mmap_sem);
		do_munmap(ctx, mm, vma_address(1 + 2 * r));
		up_write(&mm->mmap_sem);
		down_write(&mm->mmap_sem);
		mmap_region(ctx, mm, 2 + 2 * r);
		up_write(&mm->mmap_sem);
	}
}

/*
 * The fault tasks fault on the two slots a round changes, in turns: first
 * on the VMA the mapper unmaps, then on the slot it maps.
 */
static void faulter(void *arg)
{
	struct vma_ctx *ctx = arg;
	unsigned int k;

	for (k = 0; k < (unsigned int)ctx->nr_faults; k++) {
		unsigned int r = k / 2 % ctx->nr_rounds;

		do_page_fault(ctx, &ctx->mm, vma_address(1 + 2 * r + k % 2));
	}
}

/*
 * The VMAs the run starts with, linked before any task runs: no lock, no
 * sequence count, and the tree's reference (if the variant takes one)
 * counted at once.
 */
static void setup_vma(struct vma_ctx *ctx, unsigned int slot)
{
	struct vm_area_struct *vma = vm_area_alloc(ctx, slot);
	struct rb_node **rb_link, *rb_parent;

	find_vma_links(&ctx->mm, vma->vm_start, &rb_link, &rb_parent);
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	rb_insert_color(&vma->vm_rb, &ctx->mm.mm_rb);
	if (ctx->ops->rb_insert_ref)
		atomic_set(&vma->vm_ref_count, 2);
	vma_ghost_link(ctx, vma, true);
}

void *vma_setup(const struct vma_ops *ops)
{
	struct vma_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct mm_struct *mm = &ctx->mm;
	int i;

	sim_fields(ctx, vma_ctx_fields);
	ctx->ops = ops;
	ctx->nr_faults = (int)sim_param("faults");
	ctx->nr_rounds = (int)sim_param("rounds");
	ctx->nr_vmas = (int)sim_param("vmas");
	ctx->uaf_check = sim_param("uaf_check") || !SIM_ASAN;
	ctx->use_refcount_t = sim_param("refcount_t");
	mm->mm_rb = RB_ROOT;
	seqlock_init(&mm->mm_seq);
	init_rwsem(&mm->mmap_sem);
	init_srcu_struct(&mm->vma_srcu);
	for (i = 0; i < ctx->nr_vmas; i++)
		setup_vma(ctx, 1 + 2 * i);
	ctx->ghost.nr_versions = 0;
	vma_ghost_version(ctx);		/* the tree the tasks start from */
	/*
	 * fault1 and the mapper share cpu1: when fault1's handler sleeps, the
	 * CPU goes to the mapper (another thread of the process, in munmap),
	 * which is what a schedule's default does -- so the race a variant
	 * leaves open is near the default, where dfs looks first.  fault0 on
	 * cpu0 races with both for real.
	 */
	sim_task_create("fault1", 1, faulter, ctx);
	sim_task_create("mapper", 1, mapper, ctx);
	sim_task_create("fault0", 0, faulter, ctx);
	return ctx;
}

void vma_finish(void *arg)
{
	vma_ghost_finish(arg);
}
