// SPDX-License-Identifier: GPL-2.0
/*
 * Unmapping as Linux 2.6.37 does it (seed 001_3ed880e5034f04b6.txt, the
 * kernel before Peter Zijlstra's "mm: Preemptibility -v6"): the mmu_gather
 * of include/asm-generic/tlb.h and the zap path of mm/memory.c.  The gather
 * is per CPU, so preemption stays off while it is held; unmap_vmas() bounds
 * that stretch by ZAP_BLOCK_SIZE, giving the gather back between blocks.
 * Trimmed: one vma, no hugetlb, no swap entries, no zap_details, no rss.
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <string.h>

#include "tlb_2637.h"

static struct percpu_gather_mm *gather_mm(struct mm_struct *mm)
{
	return container_of(mm, struct percpu_gather_mm, mm);
}

static struct mmu_gather *tlb_gather_mmu(struct mm_struct *mm, unsigned int full_mm_flush)
{
	struct mmu_gather *tlb = gather_mm(mm)->get_gather(gather_mm(mm));

	tlb->mm = mm;
	tlb->nr = 0;
	tlb->fullmm = full_mm_flush;
	return tlb;
}

static void tlb_flush_mmu(struct mmu_gather *tlb, unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	if (!tlb->need_flush)
		return;
	tlb->need_flush = 0;
	flush_tlb_mm(tlb->mm);			/* tlb_flush(tlb) on x86 */
	free_pages_and_swap_cache(tlb->mm, tlb->pages, (int)tlb->nr);
	tlb->nr = 0;
}

static void tlb_finish_mmu(struct mmu_gather *tlb, unsigned long start, unsigned long end)
{
	tlb_flush_mmu(tlb, start, end);
	gather_mm(tlb->mm)->put_gather(gather_mm(tlb->mm));
}

static void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb->need_flush = 1;
	tlb->pages[tlb->nr++] = page;
	if (tlb->nr >= gather_mm(tlb->mm)->free_pte_nr)
		tlb_flush_mmu(tlb, 0, 0);
}

/* __tlb_remove_tlb_entry() is empty on x86: the flush is per mm. */
#define tlb_remove_tlb_entry(tlb, ptep, address) ((tlb)->need_flush = 1)

static unsigned long zap_pte_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				   pmd_t *pmd, unsigned long addr, unsigned long end,
				   long *zap_work)
{
	struct mm_struct *mm = tlb->mm;
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	do {
		pte_t ptent = *pte;
		struct page *page;

		if (pte_none(ptent)) {
			(*zap_work)--;
			continue;
		}
		(*zap_work) -= PAGE_SIZE;
		page = vm_normal_page(vma, addr, ptent);
		ptent = ptep_get_and_clear(mm, addr, pte);
		tlb_remove_tlb_entry(tlb, pte, addr);
		tlb_remove_page(tlb, page);
	} while (pte++, addr += PAGE_SIZE, (addr != end && *zap_work > 0));
	pte_unmap_unlock(pte - 1, ptl);

	return addr;
}

static unsigned long zap_pmd_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				   unsigned long addr, unsigned long end, long *zap_work)
{
	pmd_t *pmd = pmd_offset(vma->vm_mm, addr);
	unsigned long next;

	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(*pmd)) {
			(*zap_work)--;
			continue;
		}
		next = zap_pte_range(tlb, vma, pmd, addr, next, zap_work);
	} while (pmd++, addr = next, (addr != end && *zap_work > 0));

	return addr;
}

/* The pgd and pud levels are folded: unmap_page_range() goes straight to the PMDs. */
static unsigned long unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				      unsigned long addr, unsigned long end, long *zap_work)
{
	BUG_ON(addr >= end);
	return zap_pmd_range(tlb, vma, addr, end, zap_work);
}

static unsigned long unmap_vmas(struct mmu_gather **tlbp, struct vm_area_struct *vma,
				unsigned long start_addr, unsigned long end_addr)
{
	long zap_block_size = (long)(gather_mm(vma->vm_mm)->zap_block_size * PAGE_SIZE);
	long zap_work = zap_block_size;
	unsigned long tlb_start = 0;	/* For tlb_finish_mmu */
	int tlb_start_valid = 0;
	unsigned long start = max(vma->vm_start, start_addr);
	unsigned long end = min(vma->vm_end, end_addr);
	int fullmm = (int)(*tlbp)->fullmm;

	while (start != end) {
		if (!tlb_start_valid) {
			tlb_start = start;
			tlb_start_valid = 1;
		}
		start = unmap_page_range(*tlbp, vma, start, end, &zap_work);
		if (zap_work > 0) {
			BUG_ON(start != end);
			break;
		}

		tlb_finish_mmu(*tlbp, tlb_start, start);
		if (need_resched())
			cond_resched();
		*tlbp = tlb_gather_mmu(vma->vm_mm, (unsigned int)fullmm);
		tlb_start_valid = 0;
		zap_work = zap_block_size;
	}
	return start;	/* which is now the end (or restart) address */
}

void zap_page_range_2637(struct vm_area_struct *vma, unsigned long address, unsigned long size)
{
	struct mmu_gather *tlb;
	unsigned long end = address + size;

	tlb = tlb_gather_mmu(vma->vm_mm, 0);
	end = unmap_vmas(&tlb, vma, address, end);
	tlb_finish_mmu(tlb, address, end);
}

void *percpu_gather_setup(struct mmu_gather *(*get_gather)(struct percpu_gather_mm *ctx),
			  void (*put_gather)(struct percpu_gather_mm *ctx))
{
	struct percpu_gather_mm *ctx = (void *)mm_setup(sizeof(*ctx));
	unsigned int i;

	ctx->mm.zap_page_range = zap_page_range_2637;
	ctx->free_pte_nr = (unsigned int)sim_param("batch");
	ctx->zap_block_size = (unsigned long)sim_param("zap_block");
	ctx->get_gather = get_gather;
	ctx->put_gather = put_gather;
	/* munmap() runs in ordinary tasks, bound to no CPU. */
	for (i = 0; sim_param("unbound") && i < sim_nr_tasks(); i++)
		if (!strncmp(sim_task(i)->name, "unmap", 5))
			sim_task(i)->unpinned = true;
	return ctx;
}
