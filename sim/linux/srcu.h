/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleepable RCU (sim/srcu.c), after the kernel's include/linux/srcu.h: one
 * grace-period domain per srcu_struct.  srcu_read_lock() returns the index
 * srcu_read_unlock() is given back; readers may sleep and are not tracked
 * by preempt_count.  srcu_down_read()/srcu_up_read() are the same reader,
 * begun and ended by any tasks.  Tree SRCU's reader has a full barrier on
 * each side (smp_mb() B and C of srcu_read_lock()/srcu_read_unlock()), so
 * smp_mb__after_srcu_read_unlock() has nothing to add, as in the kernel.
 * synchronize_srcu() waits for the readers of its srcu_struct that had
 * begun, call_srcu() queues a callback for after that, srcu_barrier()
 * waits for the callbacks queued before it.  A synchronize_srcu() inside a
 * reader of the same srcu_struct is a deadlock report.
 */
#ifndef _LINUX_SRCU_H
#define _LINUX_SRCU_H

#include <linux/rcupdate.h>

struct srcu_struct {
	const char *name;
	/* The engine's: which of this run's domains it is (sim/srcu.c). */
	unsigned long long sim_run;
	unsigned int sim_slot;
};

#define __SRCU_STRUCT_INIT(name) { .name = #name }
#define DEFINE_SRCU(name) struct srcu_struct name = __SRCU_STRUCT_INIT(name)
#define DEFINE_STATIC_SRCU(name) static struct srcu_struct name = __SRCU_STRUCT_INIT(name)

#define init_srcu_struct(ssp) sim_srcu_init(ssp, #ssp)
#define cleanup_srcu_struct(ssp) ((void)(ssp))

#define srcu_read_lock(ssp) sim_srcu_read_lock(SIM_SITE("srcu_read_lock", #ssp), ssp, false)
#define srcu_read_unlock(ssp, idx) \
	sim_srcu_read_unlock(SIM_SITE("srcu_read_unlock", #ssp), ssp, idx, false)
#define srcu_down_read(ssp) sim_srcu_read_lock(SIM_SITE("srcu_down_read", #ssp), ssp, true)
#define srcu_up_read(ssp, idx) \
	sim_srcu_read_unlock(SIM_SITE("srcu_up_read", #ssp), ssp, idx, true)
#define srcu_read_lock_held(ssp) sim_srcu_read_lock_held(ssp)
#define smp_mb__after_srcu_read_unlock() barrier()

#define synchronize_srcu(ssp) sim_synchronize_srcu(SIM_SITE("synchronize_srcu", #ssp), ssp)
#define synchronize_srcu_expedited(ssp) \
	sim_synchronize_srcu(SIM_SITE("synchronize_srcu_expedited", #ssp), ssp)
#define call_srcu(ssp, head, func) \
	sim_call_srcu(SIM_SITE("call_srcu", #head), ssp, head, func)
#define srcu_barrier(ssp) sim_srcu_barrier(SIM_SITE("srcu_barrier", #ssp), ssp)

#define srcu_dereference_check(p, ssp, c)                                             \
	({                                                                            \
		sim_rcu_check(SIM_SITE("srcu_dereference_check", #p), !!(c),          \
			      sim_srcu_read_lock_held(ssp));                          \
		SIM_READ("srcu_dereference", p, SIM_ORDER_ONCE);                      \
	})
#define srcu_dereference(p, ssp) srcu_dereference_check(p, ssp, 0)

#endif /* _LINUX_SRCU_H */
