/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marked accesses: the one place READ_ONCE, WRITE_ONCE, acquire/release,
 * atomics, barriers and lock words go through.  Each is a preemption point
 * and a step of the trace; the memory model (--mm) decides what a load sees
 * and when a store becomes visible; TSan is told the happens-before the
 * kernel's rules give, and never sees the access itself (a marked access is
 * not a data race, as with KCSAN).
 */
#ifndef SIM_MEMORY_H
#define SIM_MEMORY_H

#include <stdint.h>

#include "site.h"

enum sim_order {
	SIM_ORDER_ONCE,		/* READ_ONCE, WRITE_ONCE, atomic_read, atomic_set */
	SIM_ORDER_ACQUIRE,	/* smp_load_acquire, lock acquisition */
	SIM_ORDER_RELEASE,	/* smp_store_release, unlock */
	SIM_ORDER_FULL,		/* value-returning RMW: smp_mb() on both sides */
};

enum sim_rmw_op {
	SIM_RMW_ADD,
	SIM_RMW_XCHG,
	SIM_RMW_CMPXCHG,
	SIM_RMW_AND,
	SIM_RMW_OR,
	SIM_RMW_XOR,
};

enum sim_fence {
	SIM_FENCE_MB,
	SIM_FENCE_RMB,
	SIM_FENCE_WMB,
};

/*
 * The load's address came from an earlier marked load in a way the engine
 * cannot follow (the litmus runner's registers): lkmm orders it after that
 * load, as the address dependency does.
 */
#define SIM_MM_ADDR_DEP (1u << 14)
/*
 * An RMW that returns nothing (atomic_inc()): LKMM's smp_rmb() does not
 * order its read.  Without the flag lkmm treats a relaxed RMW as one that
 * returns a value, which is ordered more.
 */
#define SIM_MM_NORETURN (1u << 13)

/* @flags: SIM_EV_PTR when the value is a pointer (see trace.h), SIM_MM_ADDR_DEP. */
uint64_t sim_load(const struct sim_site *site, const volatile void *addr, unsigned int size,
		  unsigned int flags, enum sim_order order);
void sim_store(const struct sim_site *site, volatile void *addr, unsigned int size, uint64_t value,
	       unsigned int flags, enum sim_order order);
/*
 * Atomically replace *addr by op(*addr, operand) (for CMPXCHG: by operand
 * when *addr == expected) and return the old value.  Ordering is ONCE for
 * the kernel's void atomics, FULL for the value-returning ones.
 */
uint64_t sim_rmw(const struct sim_site *site, volatile void *addr, unsigned int size,
		 enum sim_rmw_op op, uint64_t operand, uint64_t expected, unsigned int flags,
		 enum sim_order order);
void sim_fence(const struct sim_site *site, enum sim_fence fence);

#endif /* SIM_MEMORY_H */
