// SPDX-License-Identifier: GPL-2.0
/*
 * What sim/preempt.c, sim/irq.c and sim/kthread.c give the ports, on real
 * threads: preempt_count fields, the irq flag and migrate_disable() as
 * counters (a thread keeps its real CPU, so nothing moves), smp_processor_id()
 * as the simulated CPU.  Interrupt handlers, cross-CPU calls and kthreads
 * made at run time have no native counterpart yet: a scenario using them
 * fails with a clear message instead of running something else.
 */
#include <stdarg.h>

#include "native.h"
#include "sim/lock.h"
#include "sim/report.h"
#include "sim/sched.h"
#include "sim/site.h"

static void not_native(const char *what)
{
	sim_fail(SIM_FAIL_BUG, "not-native", "%s has no native back end yet: run it in the "
		 "simulator", what);
}

struct sim_task *sim_task_create_unpinned(const char *name, unsigned int cpu,
					  void (*fn)(void *), void *arg)
{
	return sim_task_create(name, cpu, fn, arg);
}

void sim_preempt_count_add(int val)
{
	struct sim_task *t = sim_current();

	if (t)
		t->preempt_count += val;
}

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
	return !t->preempt_count;
}

void sim_preempt_enable_no_resched(const struct sim_site *site)
{
	sim_preempt_enable(site);
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

	(void)site;
	if (t && t->migrate_disabled > 0)
		t->migrate_disabled--;
}

unsigned int sim_smp_processor_id(const struct sim_site *site)
{
	(void)site;
	return sim_raw_smp_processor_id();
}

unsigned int sim_percpu_index(unsigned int cpu, size_t slots, const char *var)
{
	if (cpu < slots)
		return cpu;
	sim_fail(SIM_FAIL_BUG, "bad-scenario", "per-CPU %s has %zu slots, not one for cpu%u",
		 var, slots, cpu);
	return 0;
}

unsigned int sim_raw_smp_processor_id(void)
{
	struct sim_task *t = sim_current();

	return t ? t->cpu : 0;
}

void sim_sched_point(const struct sim_site *site)
{
	sim_point(site);
}

void sim_preempt_point(const struct sim_site *site)
{
	(void)site;
}

bool sim_irqs_disabled(void)
{
	struct sim_task *t = sim_current();

	return t && t->irqs_off;
}

void sim_local_irq_disable(void)
{
	struct sim_task *t = sim_current();

	if (t)
		t->irqs_off = true;
}

void sim_local_irq_enable(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	(void)site;
	if (t)
		t->irqs_off = false;
}

unsigned long sim_local_irq_save(void)
{
	unsigned long flags = sim_irqs_disabled();

	sim_local_irq_disable();
	return flags;
}

void sim_local_irq_restore(const struct sim_site *site, unsigned long flags)
{
	if (!flags)
		sim_local_irq_enable(site);
}

void sim_local_bh_disable(void)
{
	sim_preempt_count_add(0x200);
}

void sim_local_bh_enable(const struct sim_site *site)
{
	sim_preempt_count_sub(site, 0x200, 0xff00);
}

struct sim_task *sim_irq_create(const char *name, unsigned int cpu, void (*handler)(void *),
				void *arg, unsigned int count)
{
	(void)name, (void)cpu, (void)handler, (void)arg, (void)count;
	not_native("an interrupt handler (sim_irq_create)");
	return NULL;
}

int sim_smp_call_function_single(const struct sim_site *site, int cpu,
				 void (*func)(void *info), void *info, int wait)
{
	(void)cpu, (void)func, (void)info, (void)wait;
	not_native(site->op);
	return -1;
}

void sim_smp_call_function_many(const struct sim_site *site, unsigned long mask,
				void (*func)(void *info), void *info, bool wait, bool self)
{
	(void)mask, (void)func, (void)info, (void)wait, (void)self;
	not_native(site->op);
}

struct sim_task *sim_kthread_create(const struct sim_site *site, int (*threadfn)(void *data),
				    void *data, int cpu, const char *namefmt, ...)
{
	(void)threadfn, (void)data, (void)cpu, (void)namefmt;
	not_native(site->op);
	return NULL;
}

void sim_kthread_bind(const struct sim_site *site, struct sim_task *t, unsigned int cpu)
{
	(void)t, (void)cpu;
	not_native(site->op);
}

bool sim_kthread_should_stop(const struct sim_site *site)
{
	not_native(site->op);
	return true;
}

int sim_kthread_stop(const struct sim_site *site, struct sim_task *t)
{
	(void)t;
	not_native(site->op);
	return -1;
}
