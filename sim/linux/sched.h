/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler calls a port makes.  Where a task may lose its CPU to
 * another task of that CPU is the run's preemption model (--preempt,
 * sim/preempt.c): cond_resched() and schedule() under every model,
 * might_sleep() from voluntary on, any point with preempt_count 0 under
 * full.  cond_resched() and might_sleep() are a BUG in atomic context, as
 * with CONFIG_DEBUG_ATOMIC_SLEEP.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/spinlock.h>

#include "sim/engine.h"

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

/*
 * Tasks and their state.  `current` is the running task; set_current_state()
 * is the kernel's smp_store_mb() of the state (a fully ordered exchange, as
 * on x86), __set_current_state() a WRITE_ONCE.  schedule() sleeps unless
 * the state is TASK_RUNNING; wake_up_process() makes it so (sim/wake.c).
 */
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define task_struct sim_task
#define current sim_current()

#define set_current_state(state)                                                        \
	((void)sim_rmw(SIM_SITE("set_current_state", #state), &current->kstate,          \
		       sizeof(current->kstate), SIM_RMW_XCHG, (state), 0, 0, SIM_ORDER_FULL))
#define __set_current_state(state)                                                     \
	sim_store(SIM_SITE("__set_current_state", #state), &current->kstate,           \
		  sizeof(current->kstate), (state), 0, SIM_ORDER_ONCE)

#define schedule() sim_schedule(SIM_SITE("schedule", ""))
#define wake_up_process(p) sim_wake_up_process(SIM_SITE("wake_up_process", #p), p, TASK_NORMAL)

/* An explicit preemption point a port may place between plain accesses. */
#define sim_yield() sim_step(SIM_SITE("sim_yield", ""))

#endif /* _LINUX_SCHED_H */
