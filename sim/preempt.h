/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The preemption model and migration (preempt.c), as the scheduler asks
 * them at each point; not for ports (they use <linux/preempt.h>).
 */
#ifndef SIM_PREEMPT_H
#define SIM_PREEMPT_H

#include <stdbool.h>

#include "scenario.h"
#include "sched.h"
#include "site.h"

/* The kernel's preempt_count fields (include/linux/preempt.h). */
#define SIM_PREEMPT_MASK		0x000000ff
#define SIM_SOFTIRQ_OFFSET		0x00000100
#define SIM_SOFTIRQ_DISABLE_OFFSET	(2 * SIM_SOFTIRQ_OFFSET)
#define SIM_SOFTIRQ_MASK		0x0000ff00
#define SIM_HARDIRQ_OFFSET		0x00010000
#define SIM_HARDIRQ_MASK		0x000f0000

enum sim_preempt sim_run_preempt(void);

/*
 * The point @t stopped at lets another task of its CPU in, under @model
 * (@resched: cond_resched() or schedule()); preempt_count and irqs are the
 * scheduler's to check.  Consumes the might_sleep() hint.  Inline: every
 * point asks.
 */
static inline bool sim_preempt_here(struct sim_task *t, enum sim_preempt model, bool resched)
{
	bool hint = t->resched_hint;

	t->resched_hint = false;
	if (model == SIM_PREEMPT_NONE)
		return resched;
	if (model == SIM_PREEMPT_VOLUNTARY)
		return resched || hint;
	return true;
}
/* At a point where @t may leave its CPU: the stream may move it to another. */
void sim_preempt_maybe_move(struct sim_task *t);

/* sched.c: move @t to @cpu now (its stores drained, both CPUs fenced). */
void sim_task_move(struct sim_task *t, unsigned int cpu);
/* sched.c: the irq handler @irq returns; its CPU is the interrupted task's again. */
void sim_irq_return_cpu(struct sim_task *irq);
/* sched.c: create a task from setup or from a running task. */
struct sim_task *sim_task_new(const char *name, unsigned int cpu, void (*fn)(void *), void *arg,
			      bool unpinned);

/* Per-run state of irq.c and kthread.c, cleared by run_reset(). */
void sim_irq_reset(void);
void sim_kthread_reset(void);
/* sched.c: @t is an interrupt handler's context (irq.c sets it up). */
void sim_task_set_irq(struct sim_task *t);

#endif /* SIM_PREEMPT_H */
