/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mm of the find_vma_rcu() ports (../shared/seeds/002_fbefd46eabd4f629.txt,
 * Laurent Dufour's "[PATCH v12 21/31] mm: Introduce find_vma_rcu()", 2019,
 * and the thread under it): an address space of a few pages, its VMAs in
 * the mm_rb red-black tree (<linux/rbtree.h>, without the rb_subtree_gap
 * augmentation, which only get_unmapped_area() reads), mmap_sem, and the
 * mm_seq sequence lock that every change of the tree is made under.
 *
 * What the variants differ in -- what keeps a VMA alive while a fault
 * handler that does not hold mmap_sem uses it -- is a struct vma_ops of
 * each variant's file; mmap.c has the rest (the tree, munmap, mmap, the
 * classic fault path) and the workload; check.c the invariants.
 */
#ifndef ALGOS_VMA_RCU_MM_H
#define ALGOS_VMA_RCU_MM_H

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rwsem.h>
#include <linux/seqlock.h>
#include <linux/srcu.h>

#include "scenario.h"
#include "sched.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

#define VMA_SLOTS	8	/* pages of the address space */
#define VMA_MAX		16	/* VMAs a run may allocate */
#define VMA_VERSIONS	32	/* changes of the tree a run may make, plus one */
#define VMA_HOLDS	8	/* VMA pointers a task holds at once */
#define MAX_FAULTERS	2

#define VM_READ		0x1UL
#define VM_FAULT_RETRY	0x400

struct vm_area_struct {
	unsigned long vm_start, vm_end;
	struct mm_struct *vm_mm;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	/*
	 * CONFIG_SPECULATIVE_PAGE_FAULT: v12's atomic_t; refcount_t, which
	 * Laurent says he would rather have used, where a variant asks for it.
	 */
	union {
		atomic_t vm_ref_count;
		refcount_t vm_refcnt;
	};
	struct rcu_head vm_rcu;
	struct rb_node vm_rb;
};

struct mm_struct {
	struct rb_root mm_rb;
	seqlock_t mm_seq;
	struct rw_semaphore mmap_sem;
	struct srcu_struct vma_srcu;	/* Peter Zijlstra's plan: the srcu variant only */
};

struct vma_ctx;

/* What the variants do differently; NULL members do nothing. */
struct vma_ops {
	const char *name;
	bool refcount;				/* VMAs carry vm_ref_count */
	/* vma_rb_insert(): the tree takes its reference. */
	void (*rb_insert_ref)(struct vm_area_struct *vma);
	/* __vma_rb_erase(), after the tree no longer reaches @vma. */
	void (*rb_erase_release)(struct mm_struct *mm, struct vm_area_struct *vma);
	/* The end of remove_vma(): the mm's reference. */
	void (*remove_vma_release)(struct mm_struct *mm, struct vm_area_struct *vma);
	/* put_vma() dropped the last reference (NULL: __free_vma() at once). */
	void (*free_vma)(struct vm_area_struct *vma);
	/* The speculative fault: VM_FAULT_RETRY sends the caller to the mmap_sem path. */
	int (*handle_speculative_fault)(struct vma_ctx *ctx, struct mm_struct *mm,
					unsigned long address);
};

/* What the checks know and the kernel does not (check.c). */
struct vma_ghost_vma {
	const void *addr;
	unsigned long start, end;
	bool alive, free_queued;
	const char *freed_in;
	int freed_by;			/* task id, -1 outside a task */
};

struct vma_ghost {
	unsigned int nr;
	struct vma_ghost_vma vma[VMA_MAX];
	/* who covers each slot (ghost id + 1) in the tree after each write section */
	unsigned int nr_versions;
	u8 cover[VMA_VERSIONS][VMA_SLOTS];
	u8 now[VMA_SLOTS];
	/* per task: which VMA each pointer it holds was when it was read */
	struct {
		const void *addr;
		unsigned int id;
	} hold[SIM_MAX_TASKS][VMA_HOLDS];
	unsigned int next_hold[SIM_MAX_TASKS];
	unsigned int lookups, speculative, fallbacks, retries;
};

struct vma_ctx {
	struct mm_struct mm;
	const struct vma_ops *ops;
	int nr_faults, nr_rounds, nr_vmas;
	bool uaf_check;
	bool use_refcount_t;
	struct vma_ghost ghost;
};

extern const struct sim_param_spec vma_params[];
extern const unsigned int vma_nr_params;

/* The scenario's setup: the mm, its first VMAs and the tasks, for @ops. */
void *vma_setup(const struct vma_ops *ops);
void vma_finish(void *arg);

/* mm/mmap.c and mm/internal.h, shared by the variants. */
unsigned long vma_address(unsigned int slot);
struct vm_area_struct *__find_vma(struct vma_ctx *ctx, struct mm_struct *mm,
				  unsigned long addr);
void __free_vma(struct vm_area_struct *vma);
void vma_free_rcu(struct rcu_head *head);	/* __free_vma() from a callback */
/* The last reference's free, after a grace period (call_rcu(vma_free_rcu)). */
void vma_free_after_gp(struct vm_area_struct *vma);
/* v12's get_vma() and put_vma() (mm/internal.h, patch 20). */
void get_vma(struct vm_area_struct *vma);
void put_vma(struct vm_area_struct *vma);
/* The fault handler proper, given a VMA it may use: reads it, may sleep, reads it again. */
int vma_handle_fault(struct vma_ctx *ctx, struct vm_area_struct *vma, unsigned long address);
struct vma_ctx *vma_ctx_of(struct mm_struct *mm);

/* check.c: ghost bookkeeping, invisible to TSan and to the schedule. */
void vma_ghost_alloc(struct vma_ctx *ctx, struct vm_area_struct *vma);
void vma_ghost_free(struct vma_ctx *ctx, struct vm_area_struct *vma, const char *where);
void vma_ghost_get(struct vma_ctx *ctx, const struct vm_area_struct *vma);
void vma_ghost_queue_free(struct vma_ctx *ctx, struct vm_area_struct *vma, const char *where);
void vma_ghost_hold(struct vma_ctx *ctx, const struct vm_area_struct *vma);
void vma_ghost_touch(struct vma_ctx *ctx, const struct vm_area_struct *vma, const char *where);
void vma_ghost_link(struct vma_ctx *ctx, const struct vm_area_struct *vma, bool linked);
void vma_ghost_version(struct vma_ctx *ctx);
void vma_ghost_lookup(struct vma_ctx *ctx, unsigned long addr, const struct vm_area_struct *vma,
		      unsigned int seq, const char *how);
void vma_ghost_count(struct vma_ctx *ctx, const struct vm_area_struct *vma, int count,
		     const char *where);
void vma_ghost_note(struct vma_ctx *ctx, int what);
void vma_ghost_finish(struct vma_ctx *ctx);

enum { VMA_NOTE_SPECULATIVE, VMA_NOTE_FALLBACK, VMA_NOTE_RETRY };

#endif /* ALGOS_VMA_RCU_MM_H */
