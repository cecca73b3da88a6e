/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/asm-generic/tlb.h after Peter Zijlstra's "mm: Preemptibility -v6"
 * (seed 001_3ed880e5034f04b6.txt) as merged for Linux 3.0 ("mm: mmu_gather
 * rework", "mm: extended batches for generic mmu_gather"): the gather lives
 * on the caller's stack; a local batch, then batches in pages allocated with
 * GFP_NOWAIT | __GFP_NOWARN that may fail.  Without the single-CPU fast mode
 * and the RCU table freeing; batches hold at most MAX_BATCH pages.
 */
#ifndef ALGOS_MMU_GATHER_TLB_30_H
#define ALGOS_MMU_GATHER_TLB_30_H

#include "mm.h"

struct mmu_gather_batch {
	struct mmu_gather_batch	*next;
	unsigned int		nr;
	unsigned int		max;
	struct page		*pages[MAX_BATCH];
};

struct mmu_gather {
	struct mm_struct	*mm;
	unsigned int		need_flush : 1,	/* Did free PTEs */
				fullmm : 1;	/* we have performed a full mm invalidation */
	struct mmu_gather_batch	*active;
	struct mmu_gather_batch	local;	/* its pages[] are upstream's __pages[MMU_GATHER_BUNDLE] */
};

/* The run's context for this family, and the two places where its variants differ. */
struct gather_mm {
	struct mm_struct mm;
	unsigned int batch_max;		/* MMU_GATHER_BUNDLE and MAX_GATHER_BATCH: "batch" */
	/*
	 * What zap_pte_range() does with a page under the PTE lock; true: the
	 * gather is full, flush it once the lock is dropped.
	 */
	bool (*remove_page_under_ptl)(struct mmu_gather *tlb, struct page *page);
	void (*tlb_flush_mmu)(struct mmu_gather *tlb);
	/* GFP_NOWAIT batch allocations tried and failed this run: for the tests. */
	unsigned int nr_batch_allocs, nr_batch_alloc_failures;
};

static inline struct gather_mm *gather_mm(struct mm_struct *mm)
{
	return container_of(mm, struct gather_mm, mm);
}

/* 0: the gather is full. */
int __tlb_remove_page(struct mmu_gather *tlb, struct page *page);

static inline void tlb_flush_mmu(struct mmu_gather *tlb)
{
	gather_mm(tlb->mm)->tlb_flush_mmu(tlb);
}

static inline void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	if (!__tlb_remove_page(tlb, page))
		tlb_flush_mmu(tlb);
}

/* tlb_flush_mmu() in its two halves, as split upstream in 3.15. */
void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb);
void tlb_flush_mmu_free(struct mmu_gather *tlb);

void *gather_setup(bool (*remove_page_under_ptl)(struct mmu_gather *tlb, struct page *page),
		   void (*flush_mmu)(struct mmu_gather *tlb));
/* Linux 3.0's. */
bool tlb_remove_page_or_break(struct mmu_gather *tlb, struct page *page);
void tlb_flush_mmu_30(struct mmu_gather *tlb);

/* One unmapping task, raced by a toucher pass; batches of 2 make GFP_NOWAIT matter. */
#define GATHER_PARAMS MM_PARAMS(1, 2, 2)

#endif /* ALGOS_MMU_GATHER_TLB_30_H */
