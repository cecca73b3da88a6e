// SPDX-License-Identifier: GPL-2.0
#include "engine.h"
#include "lock.h"
#include "memory.h"
#include "por.h"
#include "report.h"
#include "sched.h"
#include "trace.h"

static bool lock_free(const void *arg)
{
	const struct sim_lock *lock = arg;

	/* What every CPU sees, not what a store buffer may still hide. */
	return !sim_mm_visible_load(&lock->locked, sizeof(lock->locked));
}

static bool lock_try(struct sim_lock *lock)
{
	uint64_t new_value;
	bool stored;

	sim_mm_rmw(&lock->locked, sizeof(lock->locked), SIM_RMW_CMPXCHG, 1, 0, SIM_MM_LOCK,
		   SIM_ORDER_ACQUIRE, &stored, &new_value, NULL);
	if (stored)
		lock->owner = (int)sim_current()->id + 1;
	return stored;
}

static void lock_wait(const struct sim_site *site, struct sim_lock *lock,
		      enum sim_task_state how)
{
	while (!lock_try(lock)) {
		sim_trace_event(SIM_EV_BLOCK, site, 0,
				how == SIM_TASK_SPINNING ? "spins" : "sleeps", lock->owner - 1);
		sim_block(how, lock_free, lock, site);
	}
	sim_trace_op(site, 0, 0, 0);
}

static void lock_release(const struct sim_site *site, struct sim_lock *lock)
{
	struct sim_task *t = sim_current();

	if (lock->owner != (int)t->id + 1)
		sim_fail(SIM_FAIL_BUG, "bad-unlock", "%s:%u: %s(%s) by %s, which does not hold it",
			 site->func, site->line, site->op, site->expr, t->name);
	lock->owner = 0;
	sim_trace_op(site, sim_mm_store(site, &lock->locked, sizeof(lock->locked), 0, 0,
					SIM_ORDER_RELEASE), 0, 0);
}

void sim_spin_lock(const struct sim_site *site, struct sim_lock *lock)
{
	sim_preempt_disable();
	sim_point_drains(site);
	lock_wait(site, lock, SIM_TASK_SPINNING);
}

bool sim_spin_trylock(const struct sim_site *site, struct sim_lock *lock)
{
	bool taken;

	sim_preempt_disable();
	sim_point_drains(site);
	taken = lock_try(lock);
	if (!taken)
		sim_preempt_enable(site);
	sim_trace_op(site, SIM_EV_READ, taken, 0);
	return taken;
}

void sim_spin_unlock(const struct sim_site *site, struct sim_lock *lock)
{
	sim_point(site);
	lock_release(site, lock);
	sim_preempt_enable(site);
}

bool sim_spin_contended(const struct sim_lock *lock)
{
	unsigned int i;

	sim_por_global();	/* it reads every task's state */
	for (i = 0; i < sim_nr_tasks(); i++) {
		const struct sim_task *t = sim_task(i);

		if (t->state == SIM_TASK_SPINNING && t->wait_arg == lock)
			return true;
	}
	return false;
}

bool sim_cond_resched_lock(const struct sim_site *site, struct sim_lock *lock)
{
	bool resched;

	sim_point(site);
	resched = sim_cpu_wanted() || sim_spin_contended(lock);
	sim_trace_op(site, SIM_EV_READ, resched, 0);
	if (!resched)
		return false;
	lock_release(site, lock);
	sim_preempt_enable(site);
	/* The lock break: preemptible, and a task waiting for the CPU gets it. */
	sim_resched(site);
	sim_spin_lock(site, lock);
	return true;
}

void sim_mutex_lock(const struct sim_site *site, struct sim_lock *lock)
{
	sim_might_sleep(site);
	sim_point_drains(site);
	lock_wait(site, lock, SIM_TASK_SLEEPING);
}

bool sim_mutex_trylock(const struct sim_site *site, struct sim_lock *lock)
{
	bool taken;

	sim_point_drains(site);
	taken = lock_try(lock);
	sim_trace_op(site, SIM_EV_READ, taken, 0);
	return taken;
}

void sim_mutex_unlock(const struct sim_site *site, struct sim_lock *lock)
{
	sim_point(site);
	lock_release(site, lock);
}
