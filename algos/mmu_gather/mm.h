/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine the mmu_gather ports run on (seed 001_3ed880e5034f04b6.txt):
 * one mm with a two-level page table (pgd and pud folded, as on 32-bit x86
 * without PAE), a lock per PTE page (split page-table locks), pages that
 * are heap objects, and a TLB per CPU.  User space on another CPU touches
 * the pages through its TLB while kernel tasks unmap them.
 *
 * A TLB entry outlives the PTE it was filled from: it keeps working until a
 * flush for the mm reaches its CPU.  So a page may be freed only after the
 * PTE is cleared *and* the flush is done -- what mmu_gather batches for.
 */
#ifndef ALGOS_MMU_GATHER_MM_H
#define ALGOS_MMU_GATHER_MM_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "scenario.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PTRS_PER_PTE	4
#define PMD_SHIFT	(PAGE_SHIFT + 2)
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))

#define MAX_PTE_PAGES	16
#define MAX_PAGES	(MAX_PTE_PAGES * PTRS_PER_PTE)
#define MAX_BATCH	32	/* pages a gather batch holds, at most */
#define MAX_UNMAPPERS	2

/* A page is its contents: one word user space reads and writes. */
struct page {
	unsigned long word;
};

/* A PTE maps the page it points to; NULL is pte_none.  No protection bits. */
typedef struct page *pte_t;
/* A PMD entry points to its PTE page. */
typedef pte_t *pmd_t;

/* One CPU's TLB: the translations of the mm it caches, by virtual page number. */
struct tlb {
	/*
	 * A flush IPI is taken between two instructions, never inside a page
	 * walk and the access it serves: flush_tlb_mm() and touch_page() both
	 * hold this across exactly that.
	 */
	spinlock_t lock;
	struct page *entry[MAX_PAGES];
};

struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start, vm_end;
};

struct mm_struct;

/* An unmapping task: zap_page_range() over its own part of the vma. */
struct unmapper {
	struct mm_struct *mm;
	unsigned long start, end;
};

struct mm_struct {
	pmd_t pmd[MAX_PTE_PAGES];
	spinlock_t ptl[MAX_PTE_PAGES];
	pte_t pte_page[MAX_PTE_PAGES][PTRS_PER_PTE];
	struct tlb tlb[NR_CPUS];
	struct vm_area_struct vma;
	struct unmapper unmappers[MAX_UNMAPPERS];
	unsigned int nr_unmappers;
	/* the variant's mm/memory.c entry point */
	void (*zap_page_range)(struct vm_area_struct *vma, unsigned long address,
			       unsigned long size);

	/* The workload and what the checks need: the page setup mapped at each address. */
	unsigned long nr_pages;
	unsigned int rounds;
	bool tlb_check;
	struct page *page[MAX_PAGES];
	unsigned int freeing[MAX_PAGES];	/* free_page_and_swap_cache() calls */
	bool freed[MAX_PAGES];			/* ... that have returned */
};

static inline unsigned long pmd_index(unsigned long addr)
{
	return addr >> PMD_SHIFT;
}

static inline unsigned long pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

static inline unsigned long pmd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PMD_SIZE) & PMD_MASK;

	return boundary < end ? boundary : end;
}

static inline pmd_t *pmd_offset(struct mm_struct *mm, unsigned long addr)
{
	return &mm->pmd[pmd_index(addr)];
}

static inline bool pmd_none(pmd_t pmd)
{
	return !pmd;
}

/* The PTE of virtual page @vpn. */
static inline pte_t *vpn_pte(struct mm_struct *mm, unsigned long vpn)
{
	return &mm->pte_page[vpn / PTRS_PER_PTE][vpn % PTRS_PER_PTE];
}

static inline bool pte_none(pte_t pte)
{
	return !pte;
}

/* Map the PTE of @addr and take its PTE page's lock. */
static inline pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
					 spinlock_t **ptlp)
{
	spinlock_t *ptl = &mm->ptl[pmd - mm->pmd];

	*ptlp = ptl;
	spin_lock(ptl);
	return *pmd + pte_index(addr);
}

static inline void pte_unmap_unlock(pte_t *pte, spinlock_t *ptl)
{
	(void)pte;
	spin_unlock(ptl);
}

/* x86's native_ptep_get_and_clear() on SMP: an xchg, racing the hardware walker. */
#define ptep_get_and_clear(mm, addr, ptep) xchg(ptep, NULL)

/* The page a PTE maps: every PTE here maps a normal page. */
static inline struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
					  pte_t pte)
{
	(void)vma;
	(void)addr;
	return pte;
}

void flush_tlb_mm(struct mm_struct *mm);
/* Release the page; here it is the last reference, so the page is freed. */
void free_page_and_swap_cache(struct mm_struct *mm, struct page *page);
void free_pages_and_swap_cache(struct mm_struct *mm, struct page **pages, int nr);

/*
 * The scenario parameters every variant has, and the setup they share: @ctx_size
 * bytes of context (the variant's, starting with the mm) with the mm mapped and
 * the tasks created.  The defaults are the smallest workload that tells the
 * family's story (see README.md).
 */
#define MM_PARAMS(unmappers, rounds, batch)                                                \
	{ "pages", 4, 1, 32, "pages each unmapping task unmaps" },                         \
	{ "unmappers", unmappers, 1, MAX_UNMAPPERS, "unmapping tasks, all on cpu0" },      \
	{ "rounds", rounds, 0, 8, "passes of the toucher on cpu1 over every page" },       \
	{ "batch", batch, 1, MAX_BATCH, "pages a gather batch holds" },                    \
	{ "tlb_check", 1, 0, 1, "0: leave the stale-TLB access to AddressSanitizer "       \
	  "(ASan builds only)" }

struct mm_struct *mm_setup(size_t ctx_size);
void mm_finish(void *ctx);

#endif /* ALGOS_MMU_GATHER_MM_H */
