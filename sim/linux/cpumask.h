/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct cpumask: one bit per simulated CPU.  cpumask_set_cpu() is the
 * atomic set_bit(), __cpumask_set_cpu() the plain one; reading and clearing
 * a mask are plain, as in the kernel.
 */
#ifndef _LINUX_CPUMASK_H
#define _LINUX_CPUMASK_H

#include <linux/bitops.h>
#include <linux/smp.h>

struct cpumask {
	unsigned long bits[1];
};

_Static_assert(NR_CPUS <= 8 * sizeof(long), "one word holds every CPU");

#define cpumask_bits(maskp) ((maskp)->bits)

static inline void cpumask_clear(struct cpumask *dstp)
{
	dstp->bits[0] = 0;
}

#define cpumask_set_cpu(cpu, dstp) set_bit(cpu, cpumask_bits(dstp))
#define __cpumask_set_cpu(cpu, dstp) __set_bit(cpu, cpumask_bits(dstp))
#define cpumask_clear_cpu(cpu, dstp) clear_bit(cpu, cpumask_bits(dstp))
#define cpumask_test_cpu(cpu, srcp) test_bit(cpu, cpumask_bits(srcp))

/* The next CPU in @srcp after @n, or nr_cpu_ids. */
static inline unsigned int cpumask_next(int n, const struct cpumask *srcp)
{
	unsigned int cpu;

	for (cpu = (unsigned int)(n + 1); cpu < nr_cpu_ids; cpu++)
		if (cpumask_test_cpu(cpu, srcp))
			break;
	return cpu;
}

#define for_each_cpu(cpu, mask) \
	for ((cpu) = -1; (cpu) = cpumask_next((cpu), (mask)), (unsigned int)(cpu) < nr_cpu_ids;)

#endif /* _LINUX_CPUMASK_H */
