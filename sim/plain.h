/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A plain load of a location its own CPU writes with marked stores, such as
 * a per-CPU counter: x86 forwards the CPU's own buffered store to it, so
 * under tso it reads that store, else memory.  Like any plain access it is
 * no preemption point and no step; TSan does not see it (sim/ is not
 * instrumented), which is right only for data of the reader's own CPU.
 */
#ifndef SIM_PLAIN_H
#define SIM_PLAIN_H

#include <stdint.h>

uint64_t sim_plain_load_own(const volatile void *addr, unsigned int size);

#define SIM_PLAIN_READ_OWN(x) ((__typeof__(x))sim_plain_load_own(&(x), sizeof(x)))

#endif /* SIM_PLAIN_H */
