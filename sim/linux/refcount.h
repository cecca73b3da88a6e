/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refcount_t (include/linux/refcount.h, lib/refcount.c): an atomic_t that
 * refuses to wrap.  The kernel WARNs and saturates the count at
 * REFCOUNT_SATURATED when an increment finds 0 ("addition on 0;
 * use-after-free"), when it would overflow ("saturated; leaking memory"),
 * and when a decrement goes below 0 ("underflow; use-after-free"); here
 * each warning ends the run as a report of kind "bug" named after it.
 * Ordering as the kernel's: increments relaxed, refcount_dec_and_test() a
 * release, and an acquire when it reaches 0.
 */
#ifndef _LINUX_REFCOUNT_H
#define _LINUX_REFCOUNT_H

#include <limits.h>

#include <linux/atomic.h>
#include <linux/barrier.h>

#include "sim/report.h"

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }
#define REFCOUNT_SATURATED (INT_MIN / 2)

#define refcount_set(r, n) atomic_set(&(r)->refs, n)
#define refcount_read(r) atomic_read(&(r)->refs)

/* refcount_warn_saturate(): which of the kernel's warnings, at the caller's line. */
#define SIM_REFCOUNT_WARN(name, what, r)                                                 \
	sim_fail(SIM_FAIL_BUG, name, "%s:%d: refcount_t: %s (%s)", __func__, __LINE__, what, \
		 #r)

#define refcount_add(i, r)                                                                 \
	do {                                                                               \
		int __old = SIM_ATOMIC("refcount_add", &(r)->refs, SIM_RMW_ADD, i, 0,       \
				       SIM_ORDER_ONCE);                                     \
		if (!__old)                                                                \
			SIM_REFCOUNT_WARN("refcount-add-on-0", "addition on 0; use-after-free", r); \
		else if (__old < 0 || __old + (i) < 0)                                     \
			SIM_REFCOUNT_WARN("refcount-saturated", "saturated; leaking memory", r); \
	} while (0)
#define refcount_inc(r) refcount_add(1, r)

/*
 * The kernel's try_cmpxchg loop: relaxed (the caller keeps the memory
 * stable, by RCU here), a control dependency orders later stores.
 */
#define refcount_inc_not_zero(r)                                                           \
	({                                                                                 \
		int __c = SIM_ATOMIC_READ("refcount_inc_not_zero", &(r)->refs), __o;       \
		while (__c && (__o = SIM_ATOMIC("refcount_inc_not_zero", &(r)->refs,       \
						SIM_RMW_CMPXCHG, __c + 1, __c,             \
						SIM_ORDER_ONCE)) != __c)                   \
			__c = __o;                                                         \
		if (__c < 0 || __c + 1 < 0)                                                \
			SIM_REFCOUNT_WARN("refcount-saturated", "saturated; leaking memory", r); \
		__c != 0;                                                                  \
	})

/* True when the count reached 0: the caller frees the object. */
#define refcount_sub_and_test(i, r)                                                        \
	({                                                                                 \
		int __old = SIM_ATOMIC("refcount_sub_and_test", &(r)->refs, SIM_RMW_ADD,    \
				       -(i), 0, SIM_ORDER_RELEASE);                         \
		bool __zero = __old == (i);                                                \
		if (__zero)                                                                \
			smp_rmb();	/* smp_acquire__after_ctrl_dep() */                \
		else if (__old < (i))                                                      \
			SIM_REFCOUNT_WARN("refcount-underflow", "underflow; use-after-free", r); \
		__zero;                                                                    \
	})
#define refcount_dec_and_test(r) refcount_sub_and_test(1, r)

/* A decrement that must not be the last: reaching 0 leaks the object. */
#define refcount_dec(r)                                                                    \
	do {                                                                               \
		int __old = SIM_ATOMIC("refcount_dec", &(r)->refs, SIM_RMW_ADD, -1, 0,      \
				       SIM_ORDER_RELEASE);                                  \
		if (__old == 1)                                                            \
			SIM_REFCOUNT_WARN("refcount-dec-to-0", "decrement hit 0; leaking memory", \
					  r);                                              \
		else if (__old < 1)                                                        \
			SIM_REFCOUNT_WARN("refcount-underflow", "underflow; use-after-free", r); \
	} while (0)

#endif /* _LINUX_REFCOUNT_H */
