/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atomic_t, atomic_long_t, xchg() and cmpxchg().  As in the kernel, the
 * void operations (atomic_inc, atomic_add, ...) and atomic_read/atomic_set
 * order nothing; those returning a value are fully ordered.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }

/* One read-modify-write of v->counter, returning the old value in the counter's type. */
#define SIM_ATOMIC(op, v, rmw, operand, expected, order)                                   \
	((__typeof__((v)->counter))sim_rmw(SIM_SITE(op, #v), &(v)->counter,                \
					   sizeof((v)->counter), rmw, (uint64_t)(operand), \
					   (uint64_t)(expected), 0, order))

#define SIM_ATOMIC_READ(op, v) \
	((__typeof__((v)->counter))sim_load(SIM_SITE(op, #v), &(v)->counter, sizeof((v)->counter), \
					    0, SIM_ORDER_ONCE))
#define SIM_ATOMIC_SET(op, v, i)                                                            \
	sim_store(SIM_SITE(op, #v), &(v)->counter, sizeof((v)->counter), (uint64_t)(i), 0, \
		  SIM_ORDER_ONCE)

#define atomic_read(v) SIM_ATOMIC_READ("atomic_read", v)
#define atomic_set(v, i) SIM_ATOMIC_SET("atomic_set", v, i)
#define atomic_add(i, v) ((void)SIM_ATOMIC("atomic_add", v, SIM_RMW_ADD, i, 0, SIM_ORDER_ONCE))
#define atomic_sub(i, v) ((void)SIM_ATOMIC("atomic_sub", v, SIM_RMW_ADD, -(i), 0, SIM_ORDER_ONCE))
#define atomic_inc(v) ((void)SIM_ATOMIC("atomic_inc", v, SIM_RMW_ADD, 1, 0, SIM_ORDER_ONCE))
#define atomic_dec(v) ((void)SIM_ATOMIC("atomic_dec", v, SIM_RMW_ADD, -1, 0, SIM_ORDER_ONCE))
#define atomic_add_return(i, v) \
	(SIM_ATOMIC("atomic_add_return", v, SIM_RMW_ADD, i, 0, SIM_ORDER_FULL) + (i))
#define atomic_sub_return(i, v) \
	(SIM_ATOMIC("atomic_sub_return", v, SIM_RMW_ADD, -(i), 0, SIM_ORDER_FULL) - (i))
#define atomic_inc_return(v) (SIM_ATOMIC("atomic_inc_return", v, SIM_RMW_ADD, 1, 0, SIM_ORDER_FULL) + 1)
#define atomic_dec_return(v) (SIM_ATOMIC("atomic_dec_return", v, SIM_RMW_ADD, -1, 0, SIM_ORDER_FULL) - 1)
#define atomic_dec_and_test(v) (atomic_dec_return(v) == 0)
#define atomic_fetch_add(i, v) SIM_ATOMIC("atomic_fetch_add", v, SIM_RMW_ADD, i, 0, SIM_ORDER_FULL)
#define atomic_fetch_sub(i, v) \
	SIM_ATOMIC("atomic_fetch_sub", v, SIM_RMW_ADD, -(i), 0, SIM_ORDER_FULL)
#define atomic_fetch_and(i, v) SIM_ATOMIC("atomic_fetch_and", v, SIM_RMW_AND, i, 0, SIM_ORDER_FULL)
#define atomic_fetch_or(i, v) SIM_ATOMIC("atomic_fetch_or", v, SIM_RMW_OR, i, 0, SIM_ORDER_FULL)
#define atomic_fetch_xor(i, v) SIM_ATOMIC("atomic_fetch_xor", v, SIM_RMW_XOR, i, 0, SIM_ORDER_FULL)
#define atomic_xchg(v, new) SIM_ATOMIC("atomic_xchg", v, SIM_RMW_XCHG, new, 0, SIM_ORDER_FULL)
#define atomic_cmpxchg(v, old, new) \
	SIM_ATOMIC("atomic_cmpxchg", v, SIM_RMW_CMPXCHG, new, old, SIM_ORDER_FULL)

/*
 * atomic_add_unless(v, 1, 0): a read, then a cmpxchg that fails if the count
 * moved meanwhile (each a point, as the kernel's loop has two accesses).
 * Fully ordered when it increments; the read of 0 orders nothing.
 */
#define atomic_inc_not_zero(v)                                                             \
	({                                                                                 \
		int __c = SIM_ATOMIC_READ("atomic_inc_not_zero", v), __old;                \
		while (__c && (__old = SIM_ATOMIC("atomic_inc_not_zero", v, SIM_RMW_CMPXCHG, \
						  __c + 1, __c, SIM_ORDER_FULL)) != __c)   \
			__c = __old;                                                       \
		__c != 0;                                                                  \
	})

#define atomic_long_read(v) SIM_ATOMIC_READ("atomic_long_read", v)
#define atomic_long_set(v, i) SIM_ATOMIC_SET("atomic_long_set", v, i)
#define atomic_long_add(i, v) \
	((void)SIM_ATOMIC("atomic_long_add", v, SIM_RMW_ADD, i, 0, SIM_ORDER_ONCE))
#define atomic_long_sub(i, v) \
	((void)SIM_ATOMIC("atomic_long_sub", v, SIM_RMW_ADD, -(i), 0, SIM_ORDER_ONCE))
#define atomic_long_inc(v) ((void)SIM_ATOMIC("atomic_long_inc", v, SIM_RMW_ADD, 1, 0, SIM_ORDER_ONCE))
#define atomic_long_dec(v) ((void)SIM_ATOMIC("atomic_long_dec", v, SIM_RMW_ADD, -1, 0, SIM_ORDER_ONCE))
#define atomic_long_add_return(i, v) \
	(SIM_ATOMIC("atomic_long_add_return", v, SIM_RMW_ADD, i, 0, SIM_ORDER_FULL) + (i))
#define atomic_long_sub_return(i, v) \
	(SIM_ATOMIC("atomic_long_sub_return", v, SIM_RMW_ADD, -(i), 0, SIM_ORDER_FULL) - (i))
#define atomic_long_inc_return(v) \
	(SIM_ATOMIC("atomic_long_inc_return", v, SIM_RMW_ADD, 1, 0, SIM_ORDER_FULL) + 1)
#define atomic_long_dec_return(v) \
	(SIM_ATOMIC("atomic_long_dec_return", v, SIM_RMW_ADD, -1, 0, SIM_ORDER_FULL) - 1)
#define atomic_long_xchg(v, new) \
	SIM_ATOMIC("atomic_long_xchg", v, SIM_RMW_XCHG, new, 0, SIM_ORDER_FULL)
#define atomic_long_cmpxchg(v, old, new) \
	SIM_ATOMIC("atomic_long_cmpxchg", v, SIM_RMW_CMPXCHG, new, old, SIM_ORDER_FULL)

/* xchg() and cmpxchg() on any scalar, pointers included; fully ordered. */
#define SIM_XCHG(op, ptr, rmw, new, old)                                                     \
	({                                                                                   \
		SIM_VALUE_UNION(*(ptr)) __n = { .raw = 0 }, __o = { .raw = 0 }, __r;         \
		__n.val = (new);                                                             \
		__o.val = (old);                                                             \
		__r.raw = sim_rmw(SIM_SITE(op, #ptr), (ptr), sizeof(*(ptr)), rmw, __n.raw,   \
				  __o.raw, SIM_VALUE_FLAGS(*(ptr)), SIM_ORDER_FULL);         \
		__r.val;                                                                     \
	})

#define xchg(ptr, new) SIM_XCHG("xchg", ptr, SIM_RMW_XCHG, new, 0)
#define cmpxchg(ptr, old, new) SIM_XCHG("cmpxchg", ptr, SIM_RMW_CMPXCHG, new, old)

/* On failure, *oldp learns the value found. */
#define try_cmpxchg(ptr, oldp, new)                                    \
	({                                                             \
		__typeof__(oldp) __op = (oldp);                        \
		__typeof__(*(ptr)) __old = *__op;                      \
		__typeof__(*(ptr)) __found = cmpxchg(ptr, __old, new); \
		bool __ok = __found == __old;                          \
		if (!__ok)                                             \
			*__op = __found;                               \
		__ok;                                                  \
	})

#endif /* _LINUX_ATOMIC_H */
