/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include "sim/sched.h"

#define NR_CPUS SIM_MAX_CPUS
#define nr_cpu_ids sim_nr_cpus()
#define smp_processor_id() (sim_current()->cpu)
#define for_each_online_cpu(cpu) for ((cpu) = 0; (cpu) < (int)sim_nr_cpus(); (cpu)++)
#define for_each_possible_cpu(cpu) for_each_online_cpu(cpu)

#endif /* _LINUX_SMP_H */
