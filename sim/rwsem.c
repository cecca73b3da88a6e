// SPDX-License-Identifier: GPL-2.0
/*
 * Reader-writer semaphores (sim/rwsem.h).  Like the mutex of lock.c, each
 * operation is one preemption point and one step; a task that must wait
 * sleeps in sim_block(), so a cycle of waiters is a deadlock report.
 */
#include "engine.h"
#include "memory.h"
#include "por.h"
#include "report.h"
#include "rwsem.h"
#include "sched.h"
#include "trace.h"

/*
 * Its count, owner and waiting writers are one lock word to dfs's
 * reduction (por.h): every operation writes it.
 */
static void rwsem_access(const struct sim_rwsem *sem)
{
	sim_por_access(sem, sizeof(*sem), true);
}

static long count_now(const struct sim_rwsem *sem)
{
	/* Only RMWs write the word, so what memory holds is what every CPU sees. */
	return (long)sim_mm_visible_load(&sem->count, sizeof(sem->count));
}

static bool can_read(const void *arg)
{
	const struct sim_rwsem *sem = arg;

	return !(count_now(sem) & SIM_RWSEM_WRITER_LOCKED) && !sem->writers_waiting;
}

static bool can_write(const void *arg)
{
	return count_now(arg) == 0;
}

/* One compare-and-swap from what the word holds now; true when it took the lock. */
static bool try_swap(struct sim_rwsem *sem, long old, long new)
{
	uint64_t stored_value;
	bool stored;

	sim_mm_rmw(&sem->count, sizeof(sem->count), SIM_RMW_CMPXCHG, (uint64_t)new,
		   (uint64_t)old, SIM_MM_LOCK, SIM_ORDER_ACQUIRE, &stored, &stored_value, NULL);
	return stored;
}

static bool read_try(struct sim_rwsem *sem)
{
	long c = count_now(sem);

	if (!can_read(sem) || !try_swap(sem, c, c + SIM_RWSEM_READER_BIAS))
		return false;
	sim_hb_acquire(&sem->hb_writers);
	return true;
}

static bool write_try(struct sim_rwsem *sem)
{
	if (!try_swap(sem, 0, SIM_RWSEM_WRITER_LOCKED))
		return false;
	sem->owner = (int)sim_current()->id + 1;
	sim_hb_acquire(&sem->hb_writers);
	sim_hb_acquire(&sem->hb_readers);
	return true;
}

static void release(const struct sim_site *site, struct sim_rwsem *sem, long bias, char *hb)
{
	uint64_t new_value;
	bool stored;

	sim_hb_release(hb);
	sim_mm_rmw(&sem->count, sizeof(sem->count), SIM_RMW_ADD, (uint64_t)-bias, 0, SIM_MM_LOCK,
		   SIM_ORDER_RELEASE, &stored, &new_value, NULL);
	sim_trace_op(site, 0, 0, 0);
}

void sim_down_read(const struct sim_site *site, struct sim_rwsem *sem)
{
	sim_might_sleep(site);
	sim_point(site);
	rwsem_access(sem);
	while (!read_try(sem)) {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps", sem->owner - 1);
		sim_block(SIM_TASK_SLEEPING, can_read, sem, site);
		rwsem_access(sem);
	}
	sim_trace_op(site, 0, 0, 0);
}

bool sim_down_read_trylock(const struct sim_site *site, struct sim_rwsem *sem)
{
	bool taken;

	sim_point(site);
	rwsem_access(sem);
	taken = read_try(sem);
	sim_trace_op(site, SIM_EV_READ, taken, 0);
	return taken;
}

void sim_up_read(const struct sim_site *site, struct sim_rwsem *sem)
{
	sim_point(site);
	rwsem_access(sem);
	if (count_now(sem) < SIM_RWSEM_READER_BIAS)
		sim_fail(SIM_FAIL_BUG, "bad-unlock", "%s:%u: %s(%s) by %s, with no reader holding it",
			 site->func, site->line, site->op, site->expr, sim_current()->name);
	release(site, sem, SIM_RWSEM_READER_BIAS, &sem->hb_readers);
}

void sim_down_write(const struct sim_site *site, struct sim_rwsem *sem)
{
	sim_might_sleep(site);
	sim_point(site);
	rwsem_access(sem);
	if (write_try(sem)) {
		sim_trace_op(site, 0, 0, 0);
		return;
	}
	sem->writers_waiting++;
	do {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps", sem->owner - 1);
		sim_block(SIM_TASK_SLEEPING, can_write, sem, site);
		rwsem_access(sem);
	} while (!write_try(sem));
	sem->writers_waiting--;
	sim_trace_op(site, 0, 0, 0);
}

bool sim_down_write_trylock(const struct sim_site *site, struct sim_rwsem *sem)
{
	bool taken;

	sim_point(site);
	rwsem_access(sem);
	taken = write_try(sem);
	sim_trace_op(site, SIM_EV_READ, taken, 0);
	return taken;
}

void sim_up_write(const struct sim_site *site, struct sim_rwsem *sem)
{
	struct sim_task *t = sim_current();

	sim_point(site);
	rwsem_access(sem);
	if (sem->owner != (int)t->id + 1)
		sim_fail(SIM_FAIL_BUG, "bad-unlock", "%s:%u: %s(%s) by %s, which does not hold it",
			 site->func, site->line, site->op, site->expr, t->name);
	sem->owner = 0;
	release(site, sem, SIM_RWSEM_WRITER_LOCKED, &sem->hb_writers);
}

bool sim_rwsem_write_held(const struct sim_rwsem *sem)
{
	const struct sim_task *t = sim_current();

	return t && sem->owner == (int)t->id + 1;
}
