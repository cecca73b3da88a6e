/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler: simulated CPUs, tasks pinned to them, and the preemption
 * points where the decision stream picks who runs the next step.
 *
 * At a point, any runnable task may run if its CPU is free or its CPU's
 * current task is preemptible (preempt_count == 0, not spinning); a task
 * that spins or sleeps is not offered until what it waits for holds, so
 * waiting costs no decisions.  Option 0 of every choice is "the task that
 * reached the point goes on", which makes the empty schedule run each task
 * as far as it can before the next one starts.
 */
#ifndef SIM_SCHED_H
#define SIM_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "fiber.h"
#include "site.h"

#define SIM_MAX_CPUS 8
#define SIM_MAX_TASKS 32
#define SIM_TASK_NAME_MAX 16

enum sim_task_state {
	SIM_TASK_RUNNABLE,
	SIM_TASK_SPINNING,	/* keeps its CPU, preempt_count > 0 */
	SIM_TASK_SLEEPING,	/* gave its CPU up */
	SIM_TASK_DONE,
};

struct sim_task {
	struct sim_fiber *fiber;
	char name[SIM_TASK_NAME_MAX];
	unsigned int id;
	unsigned int cpu;
	enum sim_task_state state;
	int preempt_count;
	const struct sim_site *at;	/* its last preemption point */
	/* While spinning or sleeping: may it go on, and where does it wait. */
	bool (*can_continue)(const void *arg);
	const void *wait_arg;
	const struct sim_site *wait_site;
	void (*fn)(void *arg);
	void *arg;
	/* The kernel's p->__state (TASK_RUNNING is 0): set_current_state(), schedule(). */
	unsigned int kstate;
	/* Between prepare_to_wait() and finish_wait(): the queue, for a deadlock report. */
	const void *wait_queue;
	const char *wait_queue_expr;
	/* It took its CPU over from this task: see everything that one did. */
	struct sim_task *handover;
	/* TSan's view of the task's fences, see memory.c. */
	bool released_by_fence;
	unsigned int nr_unfenced_loads;
	const void *unfenced_load[8];	/* tokens of releases read, see hb.c */
};

/* Called from a scenario's setup: a task @name on @cpu that will run fn(arg). */
struct sim_task *sim_task_create(const char *name, unsigned int cpu, void (*fn)(void *),
				 void *arg);

/*
 * The same from a running task (the RCU callback task, born when the first
 * callback is queued): it joins the scheduler at the next decision.
 */
struct sim_task *sim_task_create_late(const char *name, unsigned int cpu, void (*fn)(void *),
				      void *arg);

/*
 * A preemption point: the decision stream picks which task runs the next
 * step (this one by default).  Called by every kernel-API call before it
 * touches shared state.
 */
void sim_point(const struct sim_site *site);
/* A point that is a step of its own in the trace: barriers, cond_resched, sim_yield(). */
void sim_step(const struct sim_site *site);
/* A step where the kernel would schedule() if needed: the default answer runs a task waiting for this CPU. */
void sim_resched(const struct sim_site *site);
/* A step in a busy-wait (cpu_relax): the default answer lets another task run. */
void sim_relax(const struct sim_site *site);

/*
 * Stop the current task until can_continue(arg) holds: spinning keeps the
 * CPU (the task must have raised preempt_count), sleeping gives it up.
 */
void sim_block(enum sim_task_state how, bool (*can_continue)(const void *), const void *arg,
	       const struct sim_site *site);

struct sim_task *sim_current(void);
/* On a task's stack (also while a scenario's check runs there). */
bool sim_in_task(void);
unsigned int sim_nr_tasks(void);
unsigned int sim_nr_cpus(void);
/* Another task on this CPU wants it: what need_resched() would say. */
bool sim_cpu_wanted(void);
/* The task with @id, or NULL. */
struct sim_task *sim_task(unsigned int id);

/*
 * The kernel's sleep and wake-up (wake.c): schedule() gives the CPU up until
 * the task's state is TASK_RUNNING again, as wake_up_process() makes it when
 * the state is in @mask; it returns whether it did.
 */
void sim_schedule(const struct sim_site *site);
bool sim_wake_up_process(const struct sim_site *site, struct sim_task *t, unsigned int mask);

/* A value of the scenario's parameter @name for this run. */
long sim_param(const char *name);
/* The same for a parameter the scenario may not have (the engine's options): false if not. */
bool sim_param_find(const char *name, long *value);

#endif /* SIM_SCHED_H */
