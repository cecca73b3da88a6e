/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler calls a port makes.  The simulated kernel is fully
 * preemptible (CONFIG_PREEMPT): any point with preempt_count == 0 may
 * switch, so cond_resched() is a point like any other -- and a BUG in
 * atomic context, as with CONFIG_DEBUG_ATOMIC_SLEEP.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/spinlock.h>

#include "../engine.h"

#define might_sleep() sim_might_sleep(SIM_SITE("might_sleep", ""))

#define cond_resched()                                                \
	({                                                            \
		sim_might_sleep(SIM_SITE("cond_resched", ""));        \
		sim_resched(SIM_SITE("cond_resched", ""));            \
		0;                                                    \
	})

/* Another task wants this CPU. */
#define need_resched()                                                          \
	({                                                                      \
		sim_point(SIM_SITE("need_resched", ""));                        \
		bool __nr = sim_cpu_wanted();                                   \
		sim_trace_op(SIM_SITE("need_resched", ""), SIM_EV_READ, __nr, 0); \
		__nr;                                                           \
	})

#define cond_resched_lock(lock) \
	sim_cond_resched_lock(SIM_SITE("cond_resched_lock", #lock), &(lock)->raw)

/* An explicit preemption point a port may place between plain accesses. */
#define sim_yield() sim_step(SIM_SITE("sim_yield", ""))

#endif /* _LINUX_SCHED_H */
