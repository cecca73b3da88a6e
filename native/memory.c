// SPDX-License-Identifier: GPL-2.0
/*
 * Marked accesses on the real machine: each one is a C11 atomic of the
 * order the kernel's primitive promises, so the hardware's memory model --
 * TSO on x86 -- decides what a load sees.  A fully ordered operation is
 * fenced on both sides: a seq_cst RMW alone does not order the relaxed
 * accesses around it in C11 (x86's LOCK prefix does; other machines need
 * the fences, and on x86 they cost an MFENCE each).
 */
#include "native.h"
#include "sim/memory.h"

#define FULL_FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* One load of @size bytes with a constant @mo: the builtins want a constant. */
#define LOAD_SIZED(addr, size, mo)                                                       \
	({                                                                               \
		uint64_t __v = 0;                                                        \
		switch (size) {                                                          \
		case 1: __v = __atomic_load_n((const volatile uint8_t *)(addr), mo); break;  \
		case 2: __v = __atomic_load_n((const volatile uint16_t *)(addr), mo); break; \
		case 4: __v = __atomic_load_n((const volatile uint32_t *)(addr), mo); break; \
		default: __v = __atomic_load_n((const volatile uint64_t *)(addr), mo); break; \
		}                                                                        \
		__v;                                                                     \
	})

#define STORE_SIZED(addr, size, v, mo)                                                       \
	do {                                                                                 \
		switch (size) {                                                              \
		case 1: __atomic_store_n((volatile uint8_t *)(addr), (uint8_t)(v), mo); break;   \
		case 2: __atomic_store_n((volatile uint16_t *)(addr), (uint16_t)(v), mo); break; \
		case 4: __atomic_store_n((volatile uint32_t *)(addr), (uint32_t)(v), mo); break; \
		default: __atomic_store_n((volatile uint64_t *)(addr), (uint64_t)(v), mo); break; \
		}                                                                            \
	} while (0)

uint64_t sim_load(const struct sim_site *site, const volatile void *addr, unsigned int size,
		  unsigned int flags, enum sim_order order)
{
	uint64_t v;

	(void)flags;
	native_point(site);
	switch (order) {
	case SIM_ORDER_ONCE:
		return LOAD_SIZED(addr, size, __ATOMIC_RELAXED);
	case SIM_ORDER_ACQUIRE:
		return LOAD_SIZED(addr, size, __ATOMIC_ACQUIRE);
	default:
		/* A load has no release half: anything stronger than acquire is full. */
		FULL_FENCE();
		v = LOAD_SIZED(addr, size, __ATOMIC_SEQ_CST);
		FULL_FENCE();
		return v;
	}
}

void sim_store(const struct sim_site *site, volatile void *addr, unsigned int size, uint64_t value,
	       unsigned int flags, enum sim_order order)
{
	(void)flags;
	native_point(site);
	switch (order) {
	case SIM_ORDER_ONCE:
		STORE_SIZED(addr, size, value, __ATOMIC_RELAXED);
		break;
	case SIM_ORDER_RELEASE:
		STORE_SIZED(addr, size, value, __ATOMIC_RELEASE);
		break;
	default:
		FULL_FENCE();
		STORE_SIZED(addr, size, value, __ATOMIC_SEQ_CST);
		FULL_FENCE();
		break;
	}
}

#define RMW_TYPED(type, addr, op, operand, expected, mo, fail_mo)                              \
	({                                                                                     \
		volatile type *__p = (volatile type *)(addr);                                  \
		type __e = (type)(expected);                                                   \
		uint64_t __old = 0;                                                            \
		switch (op) {                                                                  \
		case SIM_RMW_ADD: __old = __atomic_fetch_add(__p, (type)(operand), mo); break; \
		case SIM_RMW_XCHG: __old = __atomic_exchange_n(__p, (type)(operand), mo); break; \
		case SIM_RMW_AND: __old = __atomic_fetch_and(__p, (type)(operand), mo); break; \
		case SIM_RMW_OR: __old = __atomic_fetch_or(__p, (type)(operand), mo); break;   \
		case SIM_RMW_XOR: __old = __atomic_fetch_xor(__p, (type)(operand), mo); break; \
		case SIM_RMW_CMPXCHG:                                                          \
			__atomic_compare_exchange_n(__p, &__e, (type)(operand), false, mo,     \
						    fail_mo);                                  \
			__old = __e;                                                           \
			break;                                                                 \
		}                                                                              \
		__old;                                                                         \
	})

#define RMW_SIZED(a, size, op, v, e, mo, fmo)                                      \
	({                                                                         \
		uint64_t __r;                                                      \
		switch (size) {                                                    \
		case 1: __r = RMW_TYPED(uint8_t, a, op, v, e, mo, fmo); break;     \
		case 2: __r = RMW_TYPED(uint16_t, a, op, v, e, mo, fmo); break;    \
		case 4: __r = RMW_TYPED(uint32_t, a, op, v, e, mo, fmo); break;    \
		default: __r = RMW_TYPED(uint64_t, a, op, v, e, mo, fmo); break;   \
		}                                                                  \
		__r;                                                               \
	})

uint64_t sim_rmw(const struct sim_site *site, volatile void *addr, unsigned int size,
		 enum sim_rmw_op op, uint64_t operand, uint64_t expected, unsigned int flags,
		 enum sim_order order)
{
	uint64_t old;

	(void)flags;
	native_point(site);
	switch (order) {
	case SIM_ORDER_ONCE:
		return RMW_SIZED(addr, size, op, operand, expected, __ATOMIC_RELAXED,
				 __ATOMIC_RELAXED);
	case SIM_ORDER_ACQUIRE:
		return RMW_SIZED(addr, size, op, operand, expected, __ATOMIC_ACQUIRE,
				 __ATOMIC_ACQUIRE);
	case SIM_ORDER_RELEASE:
		return RMW_SIZED(addr, size, op, operand, expected, __ATOMIC_RELEASE,
				 __ATOMIC_RELAXED);
	default:
		FULL_FENCE();
		old = RMW_SIZED(addr, size, op, operand, expected, __ATOMIC_SEQ_CST,
				__ATOMIC_SEQ_CST);
		FULL_FENCE();
		return old;
	}
}

/*
 * smp_mb() is MFENCE on x86; smp_rmb() and smp_wmb() only keep the
 * compiler from reordering there (x86 does not reorder loads with loads nor
 * stores with stores), which the acquire and release fences do -- and on a
 * weaker machine they emit the barriers the kernel would.
 */
void sim_fence(const struct sim_site *site, enum sim_fence fence)
{
	native_point(site);
	switch (fence) {
	case SIM_FENCE_MB:
		FULL_FENCE();
		break;
	case SIM_FENCE_RMB:
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		break;
	case SIM_FENCE_WMB:
		__atomic_thread_fence(__ATOMIC_RELEASE);
		break;
	}
}
