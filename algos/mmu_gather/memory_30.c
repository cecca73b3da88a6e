// SPDX-License-Identifier: GPL-2.0
/*
 * Unmapping as Linux 3.0 does it, after Peter Zijlstra's "mm:
 * Preemptibility -v6" and Hugh Dickins' review of it (seed
 * 001_3ed880e5034f04b6.txt): the mmu_gather of mm/memory.c ("mm: mmu_gather
 * rework", "mm: extended batches for generic mmu_gather") and the zap path
 * without ZAP_BLOCK_SIZE ("mm: Remove i_mmap_lock lockbreak"): a full gather
 * breaks out of the PTE lock to be flushed (force_flush), and zap_pmd_range()
 * calls cond_resched() after each PTE page.  The variants swap in their
 * remove_page_under_ptl() and tlb_flush_mmu().  Trimmed: one vma, no
 * hugetlb, no swap entries, no zap_details, no rss, no mmu notifiers.
 */
#include <linux/gfp.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "tlb_30.h"

static int tlb_next_batch(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *batch;

	batch = tlb->active;
	if (batch->next) {
		tlb->active = batch->next;
		return 1;
	}

	batch = kmalloc(sizeof(*batch), GFP_NOWAIT | __GFP_NOWARN);	/* __get_free_pages() */
	gather_mm(tlb->mm)->nr_batch_allocs++;
	if (!batch) {
		gather_mm(tlb->mm)->nr_batch_alloc_failures++;
		return 0;
	}

	batch->next = NULL;
	batch->nr   = 0;
	batch->max  = gather_mm(tlb->mm)->batch_max;

	tlb->active->next = batch;
	tlb->active = batch;

	return 1;
}

static void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm, bool fullmm)
{
	tlb->mm = mm;

	tlb->fullmm     = fullmm;
	tlb->need_flush = 0;
	tlb->local.next = NULL;
	tlb->local.nr   = 0;
	tlb->local.max  = gather_mm(mm)->batch_max;
	tlb->active     = &tlb->local;
}

void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	flush_tlb_mm(tlb->mm);		/* tlb_flush(tlb) on x86 */
}

void tlb_flush_mmu_free(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *batch;

	for (batch = &tlb->local; batch; batch = batch->next) {
		free_pages_and_swap_cache(tlb->mm, batch->pages, (int)batch->nr);
		batch->nr = 0;
	}
	tlb->active = &tlb->local;
}

void tlb_flush_mmu_30(struct mmu_gather *tlb)
{
	if (!tlb->need_flush)
		return;
	tlb->need_flush = 0;
	tlb_flush_mmu_tlbonly(tlb);
	tlb_flush_mmu_free(tlb);
}

static void tlb_finish_mmu(struct mmu_gather *tlb, unsigned long start, unsigned long end)
{
	struct mmu_gather_batch *batch, *next;

	(void)start;
	(void)end;
	tlb_flush_mmu(tlb);

	for (batch = tlb->local.next; batch; batch = next) {
		next = batch->next;
		kfree(batch);		/* free_pages((unsigned long)batch, 0) */
	}
	tlb->local.next = NULL;
}

int __tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	struct mmu_gather_batch *batch;

	tlb->need_flush = 1;

	batch = tlb->active;
	batch->pages[batch->nr++] = page;
	if (batch->nr == batch->max) {
		if (!tlb_next_batch(tlb))
			return 0;
		batch = tlb->active;
	}
	BUG_ON(batch->nr > batch->max);

	return (int)(batch->max - batch->nr);
}

bool tlb_remove_page_or_break(struct mmu_gather *tlb, struct page *page)
{
	return !__tlb_remove_page(tlb, page);
}

/* __tlb_remove_tlb_entry() is empty on x86: the flush is per mm. */
#define tlb_remove_tlb_entry(tlb, ptep, address) ((tlb)->need_flush = 1)

static unsigned long zap_pte_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				   pmd_t *pmd, unsigned long addr, unsigned long end)
{
	struct mm_struct *mm = tlb->mm;
	int force_flush = 0;
	spinlock_t *ptl;
	pte_t *start_pte;
	pte_t *pte;

again:
	start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	pte = start_pte;
	do {
		pte_t ptent = *pte;
		struct page *page;

		if (pte_none(ptent))
			continue;

		page = vm_normal_page(vma, addr, ptent);
		ptent = ptep_get_and_clear(mm, addr, pte);
		tlb_remove_tlb_entry(tlb, pte, addr);
		force_flush = gather_mm(mm)->remove_page_under_ptl(tlb, page);
		if (force_flush)
			break;
	} while (pte++, addr += PAGE_SIZE, addr != end);
	pte_unmap_unlock(start_pte, ptl);

	/*
	 * mmu_gather ran out of room to batch pages, we break out of
	 * the PTE lock to avoid doing the potential expensive TLB invalidate
	 * and page-free while holding it.
	 */
	if (force_flush) {
		force_flush = 0;
		tlb_flush_mmu(tlb);
		if (addr != end)
			goto again;
	}

	return addr;
}

static unsigned long zap_pmd_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				   unsigned long addr, unsigned long end)
{
	pmd_t *pmd = pmd_offset(vma->vm_mm, addr);
	unsigned long next;

	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(*pmd))
			continue;
		next = zap_pte_range(tlb, vma, pmd, addr, next);
		cond_resched();
	} while (pmd++, addr = next, addr != end);

	return addr;
}

/* The pgd and pud levels are folded: unmap_page_range() goes straight to the PMDs. */
static unsigned long unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				      unsigned long addr, unsigned long end)
{
	BUG_ON(addr >= end);
	return zap_pmd_range(tlb, vma, addr, end);
}

static unsigned long unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma,
				unsigned long start_addr, unsigned long end_addr)
{
	unsigned long start = max(vma->vm_start, start_addr);
	unsigned long end = min(vma->vm_end, end_addr);

	while (start != end)
		start = unmap_page_range(tlb, vma, start, end);
	return start;
}

static void zap_page_range(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size)
{
	struct mmu_gather tlb;
	unsigned long end = address + size;

	tlb_gather_mmu(&tlb, vma->vm_mm, 0);
	end = unmap_vmas(&tlb, vma, address, end);
	tlb_finish_mmu(&tlb, address, end);
}

void *gather_setup(bool (*remove_page_under_ptl)(struct mmu_gather *tlb, struct page *page),
		   void (*flush_mmu)(struct mmu_gather *tlb))
{
	struct gather_mm *ctx = (void *)mm_setup(sizeof(*ctx));

	ctx->mm.zap_page_range = zap_page_range;
	ctx->batch_max = (unsigned int)sim_param("batch");
	ctx->remove_page_under_ptl = remove_page_under_ptl;
	ctx->tlb_flush_mmu = flush_mmu;
	return ctx;
}
