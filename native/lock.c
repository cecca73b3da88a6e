// SPDX-License-Identifier: GPL-2.0
/*
 * Spinlocks, mutexes and preemption, natively.
 *
 * A lock is test-and-test-and-set on sim_lock.locked: acquire on success,
 * release to unlock.  A spinner pauses, and yields its real CPU now and
 * then (the holder may be a task pinned to the same one); a mutex waiter
 * yields at once, the nearest thing to sleeping.  sim_lock.owner holds the
 * owner's task id + 1 in its low byte, for the bad-unlock check, and the
 * number of spinners above it, for spin_is_contended().
 *
 * User space cannot turn preemption off.  preempt_count is counted per
 * task, and with cpu_exclusion (the default) preempt_disable() also takes
 * its simulated CPU: no other task of that CPU enters a non-preemptible
 * section meanwhile, which is what per-CPU data under get_cpu_var() relies
 * on.  A preemptible task of the same CPU still runs in the meantime (in
 * the kernel it would wait for the CPU), and the operating system may
 * still deschedule a task whose preemption is "off".
 */
#include "native.h"
#include "sim/engine.h"
#include "sim/lock.h"
#include "sim/report.h"
#include "sim/sched.h"

#define OWNER_MASK 0xffu
#define WAITER 0x100
#define MAIN_OWNER OWNER_MASK	/* setup and finish run outside any task */

/* Pauses between yields: a spinner keeps its CPU longer than a sleeper. */
#define SPIN_YIELD 64
#define SLEEP_YIELD 1
#define CPU_YIELD 8
/* How long an unlocking cond_resched_lock() leaves a spinner to take the lock. */
#define HANDOVER_SPINS 256

static int owner_id(void)
{
	struct sim_task *t = sim_current();

	return t ? (int)t->id + 1 : (int)MAIN_OWNER;
}

void native_cpus_reset(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < SIM_MAX_CPUS; cpu++)
		native_run.cpu[cpu] = (struct native_cpu){ 0, 0 };
}

static void cpu_take(struct sim_task *t)
{
	struct native_cpu *c = &native_run.cpu[t->cpu];
	unsigned int spins = 0, free = 0;

	if (__atomic_compare_exchange_n(&c->owner, &free, t->id + 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	__atomic_fetch_add(&c->waiters, 1, __ATOMIC_RELAXED);
	for (;;) {
		free = 0;
		if (!NATIVE_LOAD(c->owner) &&
		    __atomic_compare_exchange_n(&c->owner, &free, t->id + 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			break;
		native_wait_step(&spins, CPU_YIELD);
	}
	__atomic_fetch_sub(&c->waiters, 1, __ATOMIC_RELAXED);
}

void sim_preempt_disable(void)
{
	struct sim_task *t = sim_current();

	if (t && t->preempt_count++ == 0 && native_run.cfg->cpu_exclusion)
		cpu_take(t);
}

void sim_preempt_enable(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	if (--t->preempt_count < 0)
		sim_fail(SIM_FAIL_BUG, "preempt-count-underflow", "%s:%u: %s by %s", site->func,
			 site->line, site->op, t->name);
	if (!t->preempt_count && native_run.cfg->cpu_exclusion)
		__atomic_store_n(&native_run.cpu[t->cpu].owner, 0, __ATOMIC_RELEASE);
}

static bool lock_try(struct sim_lock *lock)
{
	unsigned int free = 0;

	if (NATIVE_LOAD(lock->locked) ||
	    !__atomic_compare_exchange_n(&lock->locked, &free, 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	__atomic_fetch_add(&lock->owner, owner_id(), __ATOMIC_RELAXED);
	return true;
}

static void lock_wait(const struct sim_site *site, struct sim_lock *lock, unsigned int yield)
{
	unsigned int spins = 0;

	if (lock_try(lock))
		return;
	__atomic_fetch_add(&lock->owner, WAITER, __ATOMIC_RELAXED);
	native_waiting(site);
	while (!lock_try(lock))
		native_wait_step(&spins, yield);
	native_waiting(NULL);
	__atomic_fetch_sub(&lock->owner, WAITER, __ATOMIC_RELAXED);
}

static void lock_release(const struct sim_site *site, struct sim_lock *lock)
{
	int me = owner_id();

	if ((NATIVE_LOAD(lock->owner) & (int)OWNER_MASK) != me)
		sim_fail(SIM_FAIL_BUG, "bad-unlock", "%s:%u: %s(%s) by %s, which does not hold it",
			 site->func, site->line, site->op, site->expr,
			 sim_current() ? sim_current()->name : "setup");
	__atomic_fetch_sub(&lock->owner, me, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

void sim_spin_lock(const struct sim_site *site, struct sim_lock *lock)
{
	sim_preempt_disable();
	native_point(site);
	lock_wait(site, lock, SPIN_YIELD);
}

bool sim_spin_trylock(const struct sim_site *site, struct sim_lock *lock)
{
	bool taken;

	sim_preempt_disable();
	native_point(site);
	taken = lock_try(lock);
	if (!taken)
		sim_preempt_enable(site);
	return taken;
}

void sim_spin_unlock(const struct sim_site *site, struct sim_lock *lock)
{
	native_point(site);
	lock_release(site, lock);
	sim_preempt_enable(site);
}

bool sim_spin_contended(const struct sim_lock *lock)
{
	return NATIVE_LOAD(lock->owner) >= WAITER;
}

/*
 * The lock break.  x86's queued spinlock hands the lock to the spinner
 * that waits; test-and-set would let this task take it straight back, so
 * it leaves the spinner a moment first.
 */
bool sim_cond_resched_lock(const struct sim_site *site, struct sim_lock *lock)
{
	unsigned int spins;
	bool contended;

	native_point(site);
	contended = sim_spin_contended(lock);
	if (!contended && !sim_cpu_wanted())
		return false;
	lock_release(site, lock);
	sim_preempt_enable(site);
	for (spins = 0; contended && spins < HANDOVER_SPINS && !NATIVE_LOAD(lock->locked); spins++)
		native_pause();
	sim_resched(site);
	sim_spin_lock(site, lock);
	return true;
}

void sim_mutex_lock(const struct sim_site *site, struct sim_lock *lock)
{
	sim_might_sleep(site);
	native_point(site);
	lock_wait(site, lock, SLEEP_YIELD);
}

bool sim_mutex_trylock(const struct sim_site *site, struct sim_lock *lock)
{
	native_point(site);
	return lock_try(lock);
}

void sim_mutex_unlock(const struct sim_site *site, struct sim_lock *lock)
{
	native_point(site);
	lock_release(site, lock);
}
