/* SPDX-License-Identifier: GPL-2.0 */
/*
 * READ_ONCE() and WRITE_ONCE(): marked accesses, each a preemption point and
 * a step, routed through the memory model (sim/memory.c).  Scalars of 1, 2,
 * 4 or 8 bytes, as the kernel's own.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include "sim/memory.h"
#include "sim/trace.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" ::: "memory")

/* How the trace prints a value of the type of @x. */
#define SIM_VALUE_FLAGS(x) (__builtin_classify_type(x) == 5 ? SIM_EV_PTR : 0u)

/* A value of the type of @x, as the 8 bytes the engine moves (little-endian). */
#define SIM_VALUE_UNION(x)          \
	union {                     \
		__typeof__(x) val;  \
		uint64_t raw;       \
	}

#define SIM_READ(op, x, order)                                                                \
	({                                                                                    \
		SIM_VALUE_UNION(x) __r;                                                       \
		_Static_assert(sizeof(x) <= 8, op " of a non-scalar");                        \
		__r.raw = sim_load(SIM_SITE(op, #x), &(x), sizeof(x), SIM_VALUE_FLAGS(x), order); \
		__r.val;                                                                      \
	})

#define SIM_WRITE(op, x, v, order)                                                      \
	do {                                                                            \
		SIM_VALUE_UNION(x) __w = { .raw = 0 };                                  \
		_Static_assert(sizeof(x) <= 8, op " of a non-scalar");                  \
		__w.val = (v);                                                          \
		sim_store(SIM_SITE(op, #x), &(x), sizeof(x), __w.raw, SIM_VALUE_FLAGS(x), \
			  order);                                                       \
	} while (0)

#define READ_ONCE(x) SIM_READ("READ_ONCE", x, SIM_ORDER_ONCE)
#define WRITE_ONCE(x, val) SIM_WRITE("WRITE_ONCE", x, val, SIM_ORDER_ONCE)

#endif /* _LINUX_COMPILER_H */
