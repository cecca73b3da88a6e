/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler: simulated CPUs, tasks on them (pinned, or free to move:
 * sim/preempt.c), and the preemption points where the decision stream picks
 * who runs the next step.
 *
 * At a point, any runnable task may run if its CPU is free or its CPU's
 * current task may be preempted where it stands: preempt_count == 0, irqs
 * on, not spinning, and stopped at a point where the run's preemption
 * model (--preempt) lets another task of its CPU in.  A task that spins or
 * sleeps is not offered until what it waits for holds, so waiting costs no
 * decisions.  An interrupt handler (sim/irq.c) is a task of its CPU that
 * may run wherever that CPU has interrupts on.  Option 0 of every choice is
 * "the task that reached the point goes on", which makes the empty schedule
 * run each task as far as it can before the next one starts.
 */
#ifndef SIM_SCHED_H
#define SIM_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "fiber.h"
#include "site.h"

/* Arrays are sized by these; a run pays only for the CPUs and tasks it has. */
#define SIM_MAX_CPUS 64
#define SIM_MAX_TASKS 256
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
	/* Preemption and migration (sim/preempt.c). */
	bool unpinned;		/* may move to another CPU where it is preemptible */
	bool may_preempt;	/* the point it stopped at lets another task of its CPU in */
	bool resched_hint;	/* might_sleep() since its last point (--preempt voluntary) */
	int migrate_disabled;	/* migrate_disable() depth */
	int moved_from;		/* the CPU it left + 1, until it runs on the new one; or 0 */
	/* Interrupts (sim/irq.c): irqs_off is the CPU's flag while the task runs. */
	bool irqs_off;
	bool is_irq;		/* an interrupt handler's context: a task of its CPU */
	struct sim_task *interrupted;	/* irq: the CPU's task it runs on top of */
	/* A task that exits once only such idle ones are left (kworkers, irqs). */
	bool (*daemon_idle)(const struct sim_task *t);
};

/*
 * A task @name on @cpu that will run fn(arg), pinned to that CPU.  Called
 * from a scenario's setup, or from a task (kthread_create(), sim/kthread.c,
 * puts such a one to sleep until it is woken).
 */
struct sim_task *sim_task_create(const char *name, unsigned int cpu, void (*fn)(void *),
				 void *arg);
/*
 * The same, starting on @cpu but free to move to any CPU at a point where it
 * is preemptible (the kernel's unbound task): a decision of the stream.
 */
struct sim_task *sim_task_create_unpinned(const char *name, unsigned int cpu,
					  void (*fn)(void *), void *arg);

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
/* Where schedule() is called: a task may leave its CPU here under every model. */
void sim_sched_point(const struct sim_site *site);
/*
 * Where preemption may come back without touching shared state (the drop of
 * preempt_count to 0 under --preempt full, local_irq_enable()): only tasks
 * of this CPU (its interrupts included) are offered, and a move.
 */
void sim_preempt_point(const struct sim_site *site);

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
/* The task @cpu runs, or NULL: an irq handler, if one runs there. */
struct sim_task *sim_cpu_curr(unsigned int cpu);
/* Every task has returned but idle daemons (kworkers, irq handlers): they may exit. */
bool sim_only_idle_daemons(void);
/* The task with @id, or NULL. */
struct sim_task *sim_task(unsigned int id);

/*
 * The kernel's sleep and wake-up (wake.c): schedule() gives the CPU up until
 * the task's state is TASK_RUNNING again, as wake_up_process() makes it when
 * the state is in @mask; it returns whether it did.
 */
void sim_schedule(const struct sim_site *site);
bool sim_wake_up_process(const struct sim_site *site, struct sim_task *t, unsigned int mask);

/*
 * Preemption (preempt.c), for <linux/preempt.h> and <linux/smp.h>:
 * preempt_count changes, migrate_disable(), and the CPU number, checked as
 * CONFIG_DEBUG_PREEMPT does (a BUG when the task could move meanwhile).
 */
void sim_preempt_count_add(int val);
bool sim_preempt_count_sub(const struct sim_site *site, int val, int mask);
void sim_preempt_enable_no_resched(const struct sim_site *site);
void sim_migrate_disable(void);
void sim_migrate_enable(const struct sim_site *site);
unsigned int sim_smp_processor_id(const struct sim_site *site);
unsigned int sim_raw_smp_processor_id(void);

/* A value of the scenario's parameter @name for this run. */
long sim_param(const char *name);

#endif /* SIM_SCHED_H */
