// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU TLBs for the arena, x86 style: a CPU that touches a mapped area
 * keeps the translation until a flush drops it, unmapping the page tables
 * drops nothing, and flush_tlb_kernel_range() drops the range on every CPU
 * before it returns (the IPIs are waited for), so it is one step.
 *
 * The entries are hardware state, outside the memory model: read and
 * written with relaxed atomics so TSan does not take them for the kernel's
 * data, and only flush_tlb_kernel_range() is a preemption point (a touch is
 * a plain access to vmalloc'ed memory).
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "vmalloc.h"

void tlb_model_init(struct tlb_model *tlb, unsigned int nr_slots)
{
	tlb->nr_cpus = nr_cpu_ids;
	tlb->nr_slots = nr_slots;
	tlb->entry = kzalloc(tlb->nr_cpus * nr_slots, GFP_KERNEL);
}

void tlb_fill(struct tlb_model *tlb, unsigned int cpu, const struct vmap_area *va)
{
	__atomic_store_n(&tlb->entry[cpu * tlb->nr_slots + va_slot(va)], 1, __ATOMIC_RELAXED);
}

int tlb_holder(const struct tlb_model *tlb, unsigned int slot)
{
	unsigned int cpu;

	for (cpu = 0; cpu < tlb->nr_cpus; cpu++)
		if (__atomic_load_n(&tlb->entry[cpu * tlb->nr_slots + slot], __ATOMIC_RELAXED))
			return (int)cpu;
	return -1;
}

void flush_tlb_kernel_range(struct tlb_model *tlb, unsigned long start, unsigned long end)
{
	unsigned long addr;
	unsigned int cpu;

	sim_step(SIM_SITE("flush_tlb_kernel_range", "start, end"));
	for (addr = start; addr < end; addr += PAGE_SIZE) {
		unsigned int slot = (unsigned int)((addr - VMALLOC_START) >> PAGE_SHIFT);

		for (cpu = 0; cpu < tlb->nr_cpus; cpu++)
			__atomic_store_n(&tlb->entry[cpu * tlb->nr_slots + slot], 0,
					 __ATOMIC_RELAXED);
	}
}
