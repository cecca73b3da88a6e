/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU variables.  A port keeps its state in a per-run context, so
 * DEFINE_PER_CPU declares a member of that context: one slot per CPU.
 *
 *	struct swap_ctx { DEFINE_PER_CPU(struct pagevec, lru_add_pvec); };
 *	struct pagevec *pvec = &get_cpu_var(ctx->lru_add_pvec);
 *
 * The CPU is the task's at the moment of the call: a task that can move
 * (an unpinned one, preemptible) may use another CPU's slot by the time it
 * touches it.  this_cpu_ptr() and __this_cpu_*() check that it cannot, as
 * CONFIG_DEBUG_PREEMPT does (smp_processor_id() in <linux/smp.h>);
 * raw_cpu_ptr() and raw_cpu_*() do not.  this_cpu_read() and the other
 * this_cpu_*() are one instruction on x86: safe anywhere, no check.
 */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H

#include <stddef.h>

#include <linux/preempt.h>
#include <linux/smp.h>

#define DEFINE_PER_CPU(type, name) type name[NR_CPUS]

/*
 * @cpu, checked against the slots the variable has: a scenario with more
 * CPUs than the CONFIG_NR_CPUS its file was built with gets a clear
 * "bad-scenario" instead of memory past the array.
 */
#define sim_percpu_slot(var, cpu) \
	sim_percpu_index(cpu, sizeof(var) / sizeof((var)[0]), #var)
unsigned int sim_percpu_index(unsigned int cpu, size_t slots, const char *var);

#define per_cpu(var, cpu) ((var)[sim_percpu_slot(var, cpu)])
#define per_cpu_ptr(ptr, cpu) (&(*(ptr))[sim_percpu_slot(*(ptr), cpu)])
#define raw_cpu_ptr(ptr) per_cpu_ptr(ptr, raw_smp_processor_id())
#define this_cpu_ptr(ptr)                                                              \
	per_cpu_ptr(ptr,                                                               \
		    sim_smp_processor_id(SIM_SITE("smp_processor_id", "this_cpu_ptr(" #ptr ")")))
#define get_cpu_var(var) (*({ preempt_disable(); &per_cpu(var, smp_processor_id()); }))
#define put_cpu_var(var) preempt_enable()
#define get_cpu_ptr(ptr) ({ preempt_disable(); this_cpu_ptr(ptr); })
#define put_cpu_ptr(ptr) preempt_enable()
#define get_cpu() ({ preempt_disable(); smp_processor_id(); })
#define put_cpu() preempt_enable()

#define raw_cpu_read(var) per_cpu(var, raw_smp_processor_id())
#define raw_cpu_write(var, val) ((void)(per_cpu(var, raw_smp_processor_id()) = (val)))
#define __this_cpu_read(var) \
	per_cpu(var, sim_smp_processor_id(SIM_SITE("__this_cpu_read", #var)))
#define __this_cpu_write(var, val) \
	((void)(per_cpu(var, sim_smp_processor_id(SIM_SITE("__this_cpu_write", #var))) = (val)))
#define this_cpu_read(var) per_cpu(var, raw_smp_processor_id())
#define this_cpu_write(var, val) ((void)(per_cpu(var, raw_smp_processor_id()) = (val)))
#define this_cpu_add(var, val) ((void)(per_cpu(var, raw_smp_processor_id()) += (val)))
#define this_cpu_inc(var) this_cpu_add(var, 1)
#define this_cpu_dec(var) this_cpu_add(var, -1)

#endif /* _LINUX_PERCPU_H */
