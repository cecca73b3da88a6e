// SPDX-License-Identifier: GPL-2.0
/*
 * The preemption models and migration.
 *
 * At every point another CPU may run: that is parallelism, not preemption,
 * and no model restricts it.  What a model decides is where a task may leave
 * its CPU to another task of the same CPU (the kernel's CONFIG_PREEMPT_*):
 *
 *   none       where it sleeps, or calls cond_resched() / schedule();
 *   voluntary  also at might_sleep() (mutex_lock(), flush_work(), a
 *              GFP_KERNEL allocation...): might_resched() is a
 *              cond_resched() there.  The point that follows the
 *              might_sleep() stands for it: nothing shared is touched
 *              in between;
 *   full       at every point with preempt_count 0 and irqs on (an
 *              interrupt may come anywhere, and its return preempts), and
 *              where preempt_count drops to 0 -- preempt_enable(),
 *              spin_unlock(), local_bh_enable(), local_irq_enable() /
 *              restore -- the kernel's preempt_schedule() there;
 *   full-v1    full without those last points: the engine before the
 *              models were added, kept so that format-1 reproducers
 *              replay as they did.
 *
 * The default is full: its schedules contain those of the other two (a
 * verdict "correct" under full holds under them), it is what the engine
 * always modelled except for the preempt_enable() points, and it is what
 * the seed threads reason about (percpu-preemptible, vmap zones).
 *
 * Migration: a task created unpinned may move to another CPU wherever it
 * could leave its CPU (preempt_count 0, irqs on, no migrate_disable(), and
 * a point the model lets it go at), and where it goes to sleep (where it
 * wakes).  One decision, SIM_CHOICE_MIGRATE: 0 stays, k moves k CPUs on.
 */
#include "por.h"
#include "engine.h"
#include "lock.h"
#include "preempt.h"
#include "report.h"
#include "sched.h"
#include "trace.h"

static bool may_move(const struct sim_task *t)
{
	if (!t->unpinned || t->is_irq || t->preempt_count || t->irqs_off || t->migrate_disabled)
		return false;
	return t->may_preempt || t->state == SIM_TASK_SLEEPING;
}

void sim_preempt_maybe_move(struct sim_task *t)
{
	unsigned int n = sim_nr_cpus(), answer;

	if (n < 2 || !may_move(t))
		return;
	answer = sim_choose(SIM_CHOICE_MIGRATE, n);
	if (answer) {
		sim_por_global();	/* the two CPUs' runqueues are outside memory */
		sim_task_move(t, (t->cpu + answer) % n);
	}
}

/* ---- preempt_count ----------------------------------------------------- */

void sim_preempt_count_add(int val)
{
	struct sim_task *t = sim_current();

	if (t)
		t->preempt_count += val;
}

/*
 * Returns whether preempt_count is now 0 with irqs on: where the kernel's
 * preempt_enable() would call preempt_schedule().
 */
bool sim_preempt_count_sub(const struct sim_site *site, int val, int mask)
{
	struct sim_task *t = sim_current();

	if (!t)
		return false;
	if ((t->preempt_count & mask) < val) {
		sim_fail(SIM_FAIL_BUG, "preempt-count-underflow", "%s:%u: %s by %s", site->func,
			 site->line, site->op, t->name);
		return false;
	}
	t->preempt_count -= val;
	return t->preempt_count == 0 && !t->irqs_off;
}

void sim_preempt_disable(void)
{
	sim_preempt_count_add(1);
}

void sim_preempt_enable(const struct sim_site *site)
{
	if (sim_preempt_count_sub(site, 1, SIM_PREEMPT_MASK) &&
	    sim_run_preempt() == SIM_PREEMPT_FULL)
		sim_preempt_point(site);
}

void sim_preempt_enable_no_resched(const struct sim_site *site)
{
	sim_preempt_count_sub(site, 1, SIM_PREEMPT_MASK);
}

void sim_migrate_disable(void)
{
	struct sim_task *t = sim_current();

	if (t)
		t->migrate_disabled++;
}

void sim_migrate_enable(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	if (t->migrate_disabled <= 0)
		sim_fail(SIM_FAIL_BUG, "migrate-disable-underflow", "%s:%u: %s by %s", site->func,
			 site->line, site->op, t->name);
	else
		t->migrate_disabled--;
}

/*
 * CONFIG_DEBUG_PREEMPT's check_preemption_disabled(): the CPU number may be
 * stale by the time it is used, unless preemption or irqs are off, the task
 * cannot migrate, or it is bound to this one CPU.
 */
unsigned int sim_smp_processor_id(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return 0;
	if (t->unpinned && !t->preempt_count && !t->irqs_off && !t->migrate_disabled)
		sim_fail(SIM_FAIL_BUG, "smp-processor-id-preemptible",
			 "BUG: using %s() in preemptible [%08x] code: %s, at %s:%u (%s)",
			 site->op, (unsigned int)t->preempt_count, t->name, site->func, site->line,
			 site->expr);
	return t->cpu;
}

unsigned int sim_percpu_index(unsigned int cpu, size_t slots, const char *var)
{
	if (cpu < slots)
		return cpu;
	sim_fail(SIM_FAIL_BUG, "bad-scenario", "per-CPU %s has %zu slots, not one for cpu%u: "
		 "define CONFIG_NR_CPUS (%zu now) before the port's first #include", var, slots,
		 cpu, slots);
	return 0;
}

unsigned int sim_raw_smp_processor_id(void)
{
	struct sim_task *t = sim_current();

	return t ? t->cpu : 0;
}
