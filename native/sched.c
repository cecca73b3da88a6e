// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler calls, natively.  The operating system schedules: a
 * preemption point is only where a task notices that the iteration has
 * failed (and, with --yield-every N, gives its real CPU up every N points,
 * the nearest thing to a preemption we can ask for).  Waiting is spinning
 * with a pause, yielding the real CPU now and then to the tasks that share
 * it.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "native.h"
#include "sim/engine.h"
#include "sim/report.h"
#include "sim/trace.h"

struct native_run native_run;
__thread struct native_thread *native_self;

/* Pauses between two sched_yield()s of a busy-wait. */
#define SPINS_PER_YIELD 64

struct sim_task *sim_current(void)
{
	return native_self ? native_self->task : NULL;
}

bool sim_in_task(void)
{
	return sim_current() != NULL;
}

struct sim_task *sim_task(unsigned int id)
{
	return id < native_run.nr_tasks ? &native_run.tasks[id] : NULL;
}

unsigned int sim_nr_tasks(void)
{
	return native_run.nr_tasks;
}

unsigned int sim_nr_cpus(void)
{
	return native_run.cfg->scenario->nr_cpus;
}

/* What the scenario's checks should expect: the model asked for (README.md). */
enum sim_mm sim_run_mm(void)
{
	return native_run.cfg->mm;
}

long sim_param(const char *name)
{
	const struct sim_scenario *s = native_run.cfg->scenario;
	unsigned int i;

	for (i = 0; i < s->nr_params; i++)
		if (!strcmp(s->params[i].name, name))
			return native_run.cfg->params[i];
	sim_fail(SIM_FAIL_BUG, "bad-scenario", "scenario %s has no parameter %s", s->name, name);
	return 0;
}

void native_abandon(void)
{
	longjmp(native_self->abandon, 1);
}

void native_point(const struct sim_site *site)
{
	struct native_thread *self = native_self;

	if (!self || !self->task)
		return;
	/* Read by the watchdog's report while the task runs on. */
	__atomic_store_n(&self->task->at, site, __ATOMIC_RELAXED);
	if (NATIVE_LOAD(native_run.stop))
		native_abandon();
	if (native_run.cfg->yield_every && ++self->points % native_run.cfg->yield_every == 0)
		sched_yield();
}

void native_wait_step(unsigned int *spins, unsigned int yield_every)
{
	if (NATIVE_LOAD(native_run.stop) && sim_current())
		native_abandon();
	if (++*spins < yield_every) {
		native_pause();
		return;
	}
	*spins = 0;
	sched_yield();
}

void native_waiting(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (t)
		__atomic_store_n(&t->wait_site, site, __ATOMIC_RELAXED);
}

void sim_point(const struct sim_site *site)
{
	native_point(site);
}

void sim_step(const struct sim_site *site)
{
	native_point(site);
}

/* cond_resched(): give the real CPU up if a task of this CPU waits to disable preemption. */
void sim_resched(const struct sim_site *site)
{
	native_point(site);
	if (sim_cpu_wanted())
		sched_yield();
}

void sim_relax(const struct sim_site *site)
{
	native_point(site);
	native_pause();
}

void sim_block(enum sim_task_state how, bool (*can_continue)(const void *), const void *arg,
	       const struct sim_site *site)
{
	unsigned int spins = 0;

	native_point(site);
	native_waiting(site);
	/* A sleeper gives its CPU up at once; a spinner keeps it a while. */
	while (!can_continue(arg))
		native_wait_step(&spins, how == SIM_TASK_SLEEPING ? 1 : SPINS_PER_YIELD);
	native_waiting(NULL);
}

void sim_might_sleep(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (t && t->preempt_count > 0)
		sim_fail(SIM_FAIL_BUG, "sleeping-while-atomic",
			 "%s:%u: %s(%s) may sleep, called by %s with preempt_count %d",
			 site->func, site->line, site->op, site->expr, t->name, t->preempt_count);
}

/* need_resched(): natively, another task of this CPU waits to disable preemption. */
bool sim_cpu_wanted(void)
{
	struct sim_task *t = sim_current();

	return t && NATIVE_LOAD(native_run.cpu[t->cpu].waiters) > 0;
}

static struct sim_task *task_create(const char *name, unsigned int cpu, void (*fn)(void *),
				    void *arg, bool kworker)
{
	struct sim_task *t;

	if (native_run.in_tasks || native_run.nr_tasks == SIM_MAX_TASKS ||
	    cpu >= sim_nr_cpus()) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "cannot create task %s on cpu%u (%u tasks, "
			 "%u CPUs)", name, cpu, native_run.nr_tasks, sim_nr_cpus());
		return NULL;
	}
	t = &native_run.tasks[native_run.nr_tasks];
	memset(t, 0, sizeof(*t));
	t->id = native_run.nr_tasks;
	t->cpu = cpu;
	t->fn = fn;
	t->arg = arg;
	snprintf(t->name, sizeof(t->name), "%s", name);
	native_run.kworker[t->id] = kworker;
	native_run.nr_tasks++;
	return t;
}

struct sim_task *sim_task_create(const char *name, unsigned int cpu, void (*fn)(void *),
				 void *arg)
{
	return task_create(name, cpu, fn, arg, false);
}

struct sim_task *native_kworker_create(const char *name, unsigned int cpu, void (*fn)(void *),
				       void *arg)
{
	return task_create(name, cpu, fn, arg, true);
}

/*
 * No trace natively: a run is not replayable, and recording every step
 * would serialise the tasks on the trace buffer.  A failure says what and
 * where; the simulator tells the story.
 */
void sim_trace_op(const struct sim_site *site, unsigned int flags, uint64_t value,
		  uint64_t value2)
{
	(void)site;
	(void)flags;
	(void)value;
	(void)value2;
}

void sim_trace_event(enum sim_event_kind kind, const struct sim_site *site, unsigned int flags,
		     const char *note, int other)
{
	(void)kind;
	(void)site;
	(void)flags;
	(void)note;
	(void)other;
}
