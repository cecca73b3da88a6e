// SPDX-License-Identifier: GPL-2.0
/*
 * The mm, the TLBs and the workload the mmu_gather variants share (see
 * mm.h).  Only the unmapping differs between variants; the checks here:
 *
 * page-freed-while-mapped: user space reaches a freed page, through a TLB
 *	entry no flush has reached yet (or a walk that read the PTE before it
 *	was cleared).  Checked at the access; with tlb_check=0 an ASan build
 *	makes the access for real and reports the heap-use-after-free.
 * page-accounting: every page unmapped is freed exactly once.
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <string.h>

#include "mm.h"
#include "sanitizer.h"
#include "sched.h"

/*
 * x86's flush_tlb_mm(): this CPU's TLB, then an IPI to every other CPU that
 * ran the mm, waited for; preemption off throughout, but for O(CPUs), not
 * O(pages).
 */
void flush_tlb_mm(struct mm_struct *mm)
{
	int cpu;

	preempt_disable();
	for_each_online_cpu(cpu) {
		struct tlb *tlb = &mm->tlb[cpu];

		spin_lock(&tlb->lock);
		memset(tlb->entry, 0, sizeof(tlb->entry));
		spin_unlock(&tlb->lock);
	}
	preempt_enable();
}

/* The address a page was mapped at: by pointer, never reading a page that may be freed. */
static unsigned long page_vpn(struct mm_struct *mm, struct page *page)
{
	unsigned long vpn;

	for (vpn = 0; vpn < mm->nr_pages; vpn++)
		if (mm->page[vpn] == page)
			return vpn;
	BUG();
	return 0;
}

void free_page_and_swap_cache(struct mm_struct *mm, struct page *page)
{
	unsigned long vpn = page_vpn(mm, page);

	/* Claimed before kfree(), a preemption point: a second free is told, not done. */
	if (mm->freeing[vpn]++)
		sim_violation("page-accounting", "page %lu freed twice", vpn);
	kfree(page);
	mm->freed[vpn] = true;
}

void free_pages_and_swap_cache(struct mm_struct *mm, struct page **pages, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		free_page_and_swap_cache(mm, pages[i]);
}

/*
 * User space on this CPU reads and writes a word of the page at @vpn:
 * through the TLB, else by a page walk that fills the TLB; no PTE, a fault
 * (the page is gone: nothing to touch).  The TLB lock keeps a flush out
 * from translation to access, as an IPI waits for the instruction; another
 * CPU may still act in between, hence the point.  A user access: TSan,
 * like KCSAN, judges kernel accesses only.
 */
__attribute__((no_sanitize("thread")))
static void touch_page(struct mm_struct *mm, unsigned long vpn)
{
	unsigned int cpu = smp_processor_id();
	struct tlb *tlb = &mm->tlb[cpu];
	pte_t *pte = vpn_pte(mm, vpn);
	struct page *page;

	spin_lock(&tlb->lock);
	page = tlb->entry[vpn];
	if (!page) {
		page = READ_ONCE(*pte);
		tlb->entry[vpn] = page;
	}
	if (page) {
		sim_yield();
		if (mm->freed[vpn] && (mm->tlb_check || !SIM_ASAN))
			sim_violation("page-freed-while-mapped",
				      "cpu%u reaches page %lu through its TLB after the page was "
				      "freed: no TLB flush reached cpu%u since its PTE was cleared",
				      cpu, vpn, cpu);
		page->word++;
	}
	spin_unlock(&tlb->lock);
}

static void toucher(void *arg)
{
	struct mm_struct *mm = arg;
	unsigned long vpn;
	unsigned int round;

	for (round = 0; round < mm->rounds; round++)
		for (vpn = 0; vpn < mm->nr_pages; vpn++)
			touch_page(mm, vpn);
}

static void unmap_task(void *arg)
{
	struct unmapper *u = arg;

	u->mm->zap_page_range(&u->mm->vma, u->start, u->end - u->start);
}

static const char *const unmapper_names[MAX_UNMAPPERS] = { "unmap0", "unmap1" };

struct mm_struct *mm_setup(size_t ctx_size)
{
	struct mm_struct *mm = kzalloc(ctx_size, GFP_KERNEL);
	unsigned long pages = (unsigned long)sim_param("pages"), vpn, i;

	mm->nr_unmappers = (unsigned int)sim_param("unmappers");
	mm->nr_pages = pages * mm->nr_unmappers;
	mm->rounds = (unsigned int)sim_param("rounds");
	mm->tlb_check = sim_param("tlb_check");
	for (i = 0; i < MAX_PTE_PAGES; i++) {
		spin_lock_init(&mm->ptl[i]);
		if (i * PTRS_PER_PTE < mm->nr_pages)
			mm->pmd[i] = mm->pte_page[i];
	}
	for (i = 0; i < NR_CPUS; i++)
		spin_lock_init(&mm->tlb[i].lock);
	for (vpn = 0; vpn < mm->nr_pages; vpn++) {
		mm->page[vpn] = kzalloc(sizeof(struct page), GFP_KERNEL);
		*vpn_pte(mm, vpn) = mm->page[vpn];
	}
	mm->vma = (struct vm_area_struct){ mm, 0, mm->nr_pages << PAGE_SHIFT };

	sim_task_create("touch1", 1, toucher, mm);
	for (i = 0; i < mm->nr_unmappers; i++) {
		mm->unmappers[i] = (struct unmapper){ mm, (i * pages) << PAGE_SHIFT,
						      ((i + 1) * pages) << PAGE_SHIFT };
		sim_task_create(unmapper_names[i], 0, unmap_task, &mm->unmappers[i]);
	}
	return mm;
}

void mm_finish(void *ctx)
{
	struct mm_struct *mm = ctx;
	unsigned long vpn;

	for (vpn = 0; vpn < mm->nr_pages; vpn++) {
		if (*vpn_pte(mm, vpn))
			sim_violation("page-accounting", "page %lu is still mapped after its unmap",
				      vpn);
		if (!mm->freed[vpn])
			sim_violation("page-accounting", "page %lu was unmapped and never freed: "
				      "lost", vpn);
	}
}
