/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU (sim/rcu.c, the model in sim/rcu.h).  rcu_read_lock() and
 * rcu_read_unlock() nest; the outermost pair is the read-side critical
 * section.  Without CONFIG_PREEMPT_RCU (the default) the section raises
 * preempt_count, as the kernel's preempt_disable() does, so sleeping in it
 * is "sleeping-while-atomic"; a scenario that declares SIM_RCU_PARAM gets
 * --param preempt_rcu=1, where readers may be preempted and sleeping in one
 * is "sleeping-in-rcu-reader".  Both are preemption points and steps.
 *
 * synchronize_rcu() sleeps until every reader that had begun when it was
 * called has ended, with a full barrier at both ends; called inside the
 * caller's own reader it is a deadlock report.  call_rcu() and kfree_rcu()
 * queue a callback that the CPU's RCU callback task ("rcuc/N") invokes
 * after a grace period; kfree_rcu() really frees there, so a reader that
 * still uses the object is a use-after-free report (ASan, and the engine's
 * own check at every marked access, sim/alloc.h).  rcu_barrier() waits for
 * the callbacks queued before it.
 *
 * rcu_dereference() is a marked load whose dependent accesses are ordered
 * after it (lkmm: a pointer-typed load, sim/README.md); outside a reader
 * it is lockdep's "suspicious RCU usage".  rcu_assign_pointer() is a
 * store-release (WRITE_ONCE() of a constant NULL, as the kernel's).
 */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include "sim/rcu.h"

#define rcu_head callback_head

/* For a scenario's params: --param preempt_rcu=1 is CONFIG_PREEMPT_RCU. */
#define SIM_RCU_PARAM                                                                \
	{ SIM_RCU_PREEMPT_PARAM, 0, 0, 1,                                            \
	  "1: CONFIG_PREEMPT_RCU, readers may be preempted (sleeping still is a report)" }

#define rcu_read_lock() sim_rcu_read_lock(SIM_SITE("rcu_read_lock", ""))
#define rcu_read_unlock() sim_rcu_read_unlock(SIM_SITE("rcu_read_unlock", ""))
#define rcu_read_lock_held() sim_rcu_read_lock_held()
#define synchronize_rcu() sim_synchronize_rcu(SIM_SITE("synchronize_rcu", ""))
#define call_rcu(head, func) sim_call_rcu(SIM_SITE("call_rcu", #head), head, func)
#define rcu_barrier() sim_rcu_barrier(SIM_SITE("rcu_barrier", ""))

/* kfree_rcu(ptr, rhf): @rhf names ptr's struct rcu_head member. */
#define kfree_rcu(ptr, rhf)                                                           \
	do {                                                                          \
		__typeof__(ptr) __kfree_rcu_p = (ptr);                                \
		if (__kfree_rcu_p)                                                    \
			sim_kfree_rcu(SIM_SITE("kfree_rcu", #ptr), &__kfree_rcu_p->rhf, \
				      offsetof(__typeof__(*__kfree_rcu_p), rhf));    \
	} while (0)

#define __rcu

#define rcu_dereference_check(p, c)                                                   \
	({                                                                            \
		sim_rcu_check(SIM_SITE("rcu_dereference_check", #p), !!(c),           \
			      sim_rcu_read_lock_held());                              \
		SIM_READ("rcu_dereference", p, SIM_ORDER_ONCE);                       \
	})
#define rcu_dereference(p) rcu_dereference_check(p, 0)
#define rcu_dereference_raw(p) SIM_READ("rcu_dereference_raw", p, SIM_ORDER_ONCE)
/* The update side holds what protects @p: a plain load, as the kernel's. */
#define rcu_dereference_protected(p, c)                                               \
	({                                                                            \
		sim_rcu_check(SIM_SITE("rcu_dereference_protected", #p), !!(c), false); \
		(p);                                                                  \
	})
/* The pointer's value only, never dereferenced. */
#define rcu_access_pointer(p) SIM_READ("rcu_access_pointer", p, SIM_ORDER_ONCE)

#define rcu_assign_pointer(p, v)                                                      \
	do {                                                                          \
		if (__builtin_constant_p(v) && !(v))                                  \
			SIM_WRITE("rcu_assign_pointer", p, v, SIM_ORDER_ONCE);        \
		else                                                                  \
			SIM_WRITE("rcu_assign_pointer", p, v, SIM_ORDER_RELEASE);     \
	} while (0)
#define RCU_INIT_POINTER(p, v) SIM_WRITE("RCU_INIT_POINTER", p, v, SIM_ORDER_ONCE)
#define RCU_POINTER_INITIALIZER(p, v) .p = (v)

#endif /* _LINUX_RCUPDATE_H */
