/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU variables.  A port keeps its state in a per-run context, so
 * DEFINE_PER_CPU declares a member of that context: one slot per CPU.
 *
 *	struct swap_ctx { DEFINE_PER_CPU(struct pagevec, lru_add_pvec); };
 *	struct pagevec *pvec = &get_cpu_var(ctx->lru_add_pvec);
 */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H

#include <linux/preempt.h>
#include <linux/smp.h>

#define DEFINE_PER_CPU(type, name) type name[NR_CPUS]

#define per_cpu(var, cpu) ((var)[cpu])
#define per_cpu_ptr(ptr, cpu) (&(*(ptr))[cpu])
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, smp_processor_id())
#define get_cpu_var(var) (*({ preempt_disable(); &(var)[smp_processor_id()]; }))
#define put_cpu_var(var) preempt_enable()
#define get_cpu() ({ preempt_disable(); smp_processor_id(); })
#define put_cpu() preempt_enable()

#endif /* _LINUX_PERCPU_H */
