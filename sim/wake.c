// SPDX-License-Identifier: GPL-2.0
/*
 * schedule() and wake_up_process(): the task state word the kernel's sleep
 * protocol is built on.  set_current_state() is smp_store_mb() of the word
 * (linux/sched.h); try_to_wake_up() is fully ordered before it reads the
 * word (smp_mb__after_spinlock()) and sets it to TASK_RUNNING when the task
 * sleeps in a state it wakes; schedule() takes the runqueue lock, a full
 * barrier, and gives the CPU up unless the state is TASK_RUNNING already --
 * so a wake-up between set_current_state() and schedule() is not lost, and
 * one before set_current_state() is.  Everything the waker did before the
 * wake-up happens before what the woken task does after it.
 */
#include "decide.h"
#include "engine.h"
#include "memory.h"
#include "por.h"
#include "sched.h"
#include "trace.h"

static bool task_woken(const void *arg)
{
	const struct sim_task *t = arg;

	return *(const volatile unsigned int *)&t->kstate == 0;
}

void sim_schedule(const struct sim_site *site)
{
	struct sim_task *t = sim_current();
	unsigned int state;

	sim_might_sleep(site);
	/* A drain begins its step (dfs.c), and it is a way off the CPU (sched.c). */
	sim_dfs_point_drains(t->id, true);
	sim_sched_point(site);
	sim_dfs_point_drains(t->id, false);
	sim_mm_full_barrier(t->cpu);
	sim_por_access(&t->kstate, sizeof(t->kstate), false);
	state = (unsigned int)sim_mm_raw_load(&t->kstate, sizeof(t->kstate));
	if (state) {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps", -1);
		sim_block(SIM_TASK_SLEEPING, task_woken, t, site);
		/* Back on the runqueue: its lock again, a full barrier (lkmm: sees the waker). */
		sim_mm_full_barrier(t->cpu);
	}
	sim_hb_acquire(&t->kstate);
	sim_trace_op(site, SIM_EV_READ, state, 0);
}

bool sim_wake_up_process(const struct sim_site *site, struct sim_task *t, unsigned int mask)
{
	struct sim_task *self = sim_current();
	uint64_t old, state, new_value;
	int32_t from;
	bool stored;

	sim_point_drains(site);
	sim_mm_full_barrier(self->cpu);
	state = sim_mm_raw_load(&t->kstate, sizeof(t->kstate));
	sim_hb_release(&t->kstate);
	/* The word becomes TASK_RUNNING only if it holds a state @mask wakes. */
	old = sim_mm_rmw(&t->kstate, sizeof(t->kstate), SIM_RMW_CMPXCHG, 0,
			 state & mask ? state : ~0ULL, 0, SIM_ORDER_FULL, &stored, &new_value, &from);
	sim_trace_op_from(site, SIM_EV_READ | (stored ? SIM_EV_WRITE : 0), old, new_value, from);
	return stored;
}
