/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU numbers.  smp_processor_id() is CONFIG_DEBUG_PREEMPT's: in code where
 * the task could move to another CPU (preemptible, irqs on, an unpinned
 * task without migrate_disable()) it is the BUG "using smp_processor_id()
 * in preemptible code".  raw_smp_processor_id() never complains: the
 * number it gives may already be stale.  Cross-CPU calls are in sim/irq.c.
 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <stdbool.h>

#include "sim/sched.h"

/*
 * The CPUs a port's per-CPU arrays have room for, as the kernel's config
 * says it: 8 unless the port's file defines CONFIG_NR_CPUS (up to
 * SIM_MAX_CPUS, 64) before its first #include.  A run pays for what its
 * contexts hold, so a bigger default would make every port's runs slower.
 */
#ifndef CONFIG_NR_CPUS
#define CONFIG_NR_CPUS 8
#endif
_Static_assert(CONFIG_NR_CPUS >= 1 && CONFIG_NR_CPUS <= SIM_MAX_CPUS, "CONFIG_NR_CPUS: 1 to 64");
#define NR_CPUS CONFIG_NR_CPUS
#define nr_cpu_ids sim_nr_cpus()
#define smp_processor_id() sim_smp_processor_id(SIM_SITE("smp_processor_id", ""))
#define raw_smp_processor_id() sim_raw_smp_processor_id()
#define for_each_online_cpu(cpu) for ((cpu) = 0; (cpu) < (int)sim_nr_cpus(); (cpu)++)
#define for_each_possible_cpu(cpu) for_each_online_cpu(cpu)
#define num_online_cpus() sim_nr_cpus()

/*
 * Run func(info) on other CPUs in their interrupt context (on this CPU with
 * irqs off, for smp_call_function_single() of this CPU); with @wait, return
 * once it has run everywhere.  sim/irq.c.
 */
typedef void (*smp_call_func_t)(void *info);

int sim_smp_call_function_single(const struct sim_site *site, int cpu, smp_call_func_t func,
				 void *info, int wait);
void sim_smp_call_function_many(const struct sim_site *site, unsigned long mask,
				smp_call_func_t func, void *info, bool wait, bool self);

#define smp_call_function_single(cpu, func, info, wait) \
	sim_smp_call_function_single(SIM_SITE("smp_call_function_single", #func), cpu, func, \
				     info, wait)
/* @mask: a const struct cpumask *, as <linux/cpumask.h> gives it. */
#define smp_call_function_many(mask, func, info, wait) \
	sim_smp_call_function_many(SIM_SITE("smp_call_function_many", #func), (mask)->bits[0], \
				   func, info, wait, false)
#define smp_call_function(func, info, wait) \
	sim_smp_call_function_many(SIM_SITE("smp_call_function", #func), ~0UL, func, info, wait, \
				   false)
#define on_each_cpu(func, info, wait) \
	sim_smp_call_function_many(SIM_SITE("on_each_cpu", #func), ~0UL, func, info, wait, true)

#endif /* _LINUX_SMP_H */
