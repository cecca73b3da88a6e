/* SPDX-License-Identifier: GPL-2.0 */
/* asm/barrier.h: the SMP barriers and acquire/release, as marked accesses. */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#include <linux/compiler.h>

#define smp_mb() sim_fence(SIM_SITE("smp_mb", ""), SIM_FENCE_MB)
#define smp_rmb() sim_fence(SIM_SITE("smp_rmb", ""), SIM_FENCE_RMB)
#define smp_wmb() sim_fence(SIM_SITE("smp_wmb", ""), SIM_FENCE_WMB)
#define smp_mb__before_atomic() sim_fence(SIM_SITE("smp_mb__before_atomic", ""), SIM_FENCE_MB)
#define smp_mb__after_atomic() sim_fence(SIM_SITE("smp_mb__after_atomic", ""), SIM_FENCE_MB)

/* A store, then a full barrier: the store is ordered before every later access. */
#define smp_store_mb(var, value)                                             \
	do {                                                                 \
		WRITE_ONCE(var, value);                                      \
		sim_fence(SIM_SITE("smp_store_mb", #var), SIM_FENCE_MB);     \
	} while (0)

#define smp_load_acquire(p) SIM_READ("smp_load_acquire", *(p), SIM_ORDER_ACQUIRE)
#define smp_store_release(p, v) SIM_WRITE("smp_store_release", *(p), v, SIM_ORDER_RELEASE)

#endif /* _ASM_BARRIER_H */
