/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/asm-generic/tlb.h as of Linux 2.6.37, before Peter Zijlstra's
 * "mm: Preemptibility" series (seed 001_3ed880e5034f04b6.txt): one
 * mmu_gather per CPU with a fixed page array, taken with get_cpu_var() --
 * preemption off from tlb_gather_mmu() to tlb_finish_mmu().  Without the
 * single-CPU fast mode (two CPUs here) and check_pgt_cache().
 */
#ifndef ALGOS_MMU_GATHER_TLB_2637_H
#define ALGOS_MMU_GATHER_TLB_2637_H

#include <linux/percpu.h>

#include "mm.h"

struct mmu_gather {
	struct mm_struct	*mm;
	unsigned int		nr;
	unsigned int		need_flush;	/* Really unmapped some ptes? */
	unsigned int		fullmm;		/* non-zero means full mm flush */
	struct page		*pages[MAX_BATCH];
};

/* The run's context for this family: the mm, then the per-CPU gathers. */
struct percpu_gather_mm {
	struct mm_struct mm;
	unsigned int free_pte_nr;	/* FREE_PTE_NR: the "batch" parameter */
	unsigned long zap_block_size;	/* ZAP_BLOCK_SIZE: the "zap_block" parameter */
	/* How tlb_gather_mmu() takes this CPU's gather, and tlb_finish_mmu() lets it go. */
	struct mmu_gather *(*get_gather)(struct percpu_gather_mm *ctx);
	void (*put_gather)(struct percpu_gather_mm *ctx);
	DEFINE_PER_CPU(struct mmu_gather, mmu_gathers);
};

/* Two tasks on cpu0 that may share the gather; FREE_PTE_NR above ZAP_BLOCK_SIZE, as upstream. */
#define PERCPU_GATHER_PARAMS                                                            \
	MM_PARAMS(2, 2, 8),                                                             \
	{ "zap_block", 2, 1, 64, "ZAP_BLOCK_SIZE in pages: unmap_vmas() lets the gather " \
	  "go and may reschedule after each block (8 with CONFIG_PREEMPT)" },            \
	{ "unbound", 0, 0, 1, "1: the unmapping tasks, as munmap() callers, may move "   \
	  "between CPUs where they are preemptible" }

/* mm/memory.c's zap_page_range() for this family. */
void zap_page_range_2637(struct vm_area_struct *vma, unsigned long address,
			 unsigned long size);
void *percpu_gather_setup(struct mmu_gather *(*get_gather)(struct percpu_gather_mm *ctx),
			  void (*put_gather)(struct percpu_gather_mm *ctx));

#endif /* ALGOS_MMU_GATHER_TLB_2637_H */
