// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts: the CPU's irq flag, bottom halves, interrupt handlers and
 * cross-CPU function calls.
 *
 * An interrupt handler is a task of its CPU (is_irq) that the scheduler
 * offers wherever that CPU has interrupts on -- whatever its task's
 * preempt_count, and under every preemption model -- after the CPU's other
 * candidates, so the default answer never takes an interrupt.  Chosen, it
 * runs on top of the CPU's task with HARDIRQ_OFFSET and irqs off, and gives
 * the CPU back when it returns.  A device interrupt (sim_irq_create())
 * comes at most its count of times a run, so runs end; an IPI handler is
 * made for a CPU the first time a function is sent to it, and runs the
 * calls queued for it.  Both exit once only idle kworkers and interrupts
 * are left.  `current` in a handler is the handler, not the task it
 * interrupted (the kernel's is the latter).
 *
 * Per-run state only: everything here is reset by sim_irq_reset().
 */
#include <errno.h>
#include <stdio.h>

#include "engine.h"
#include "lock.h"
#include "memory.h"
#include "preempt.h"
#include "por.h"
#include "report.h"
#include "sched.h"
#include "trace.h"
#include <linux/smp.h>

#define MAX_IRQS 64		/* device interrupts a run */
#define MAX_CALLS 1024		/* smp_call_function*() calls a run */

struct call_single_data {
	smp_call_func_t func;
	void *info;
	struct call_single_data *next;	/* in its CPU's queue */
	bool done;
};

struct sim_irq {
	void (*handler)(void *arg);
	void *arg;
	unsigned int remaining;		/* deliveries left this run */
	bool in_handler;
	bool ipi;			/* runs the CPU's call queue */
	struct call_single_data *queue, **tail;
	struct sim_task *task;
};

static struct {
	struct sim_irq irq[MAX_IRQS + SIM_MAX_CPUS];
	unsigned int nr_irqs, nr_device;
	struct sim_irq *ipi[SIM_MAX_CPUS];	/* by target CPU, made on first use */
	unsigned int nr_cpus_used;
	struct call_single_data call[MAX_CALLS];
	unsigned int nr_calls;
} irqs;

static const struct sim_site irq_idle_site = { "irq_handler", "wait for an interrupt", "", 0 };

void sim_irq_reset(void)
{
	unsigned int c;

	for (c = 0; c < irqs.nr_cpus_used; c++)
		irqs.ipi[c] = NULL;
	irqs.nr_cpus_used = sim_nr_cpus() <= SIM_MAX_CPUS ? sim_nr_cpus() : 0;
	irqs.nr_irqs = irqs.nr_device = irqs.nr_calls = 0;
}

/* ---- the irq flag and bottom halves ------------------------------------ */

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

	if (!t || !t->irqs_off)
		return;
	t->irqs_off = false;
	/* A pending interrupt comes in now; under full, so may preemption. */
	if (!t->is_irq)
		sim_preempt_point(site);
}

unsigned long sim_local_irq_save(void)
{
	struct sim_task *t = sim_current();
	unsigned long flags = t && t->irqs_off;

	sim_local_irq_disable();
	return flags;
}

void sim_local_irq_restore(const struct sim_site *site, unsigned long flags)
{
	if (flags)
		sim_local_irq_disable();
	else
		sim_local_irq_enable(site);
}

void sim_local_bh_disable(void)
{
	sim_preempt_count_add(SIM_SOFTIRQ_DISABLE_OFFSET);
}

void sim_local_bh_enable(const struct sim_site *site)
{
	if (sim_preempt_count_sub(site, SIM_SOFTIRQ_DISABLE_OFFSET, SIM_SOFTIRQ_MASK) &&
	    sim_run_preempt() == SIM_PREEMPT_FULL)
		sim_preempt_point(site);
}

/* ---- handlers ----------------------------------------------------------- */

static bool irq_pending(const struct sim_irq *irq)
{
	return irq->ipi ? irq->queue != NULL : irq->remaining > 0;
}

static bool irq_may_fire(const void *arg)
{
	return irq_pending(arg) || sim_only_idle_daemons();
}

static bool irq_idle(const struct sim_task *t)
{
	const struct sim_irq *irq = t->arg;

	return !irq->in_handler;
}

static void run_calls(struct sim_irq *irq)
{
	while (irq->queue) {
		struct call_single_data *csd = irq->queue;

		irq->queue = csd->next;
		if (!irq->queue)
			irq->tail = &irq->queue;
		sim_hb_acquire(&csd->func);	/* what the sender did before sending */
		csd->func(csd->info);
		/* csd_unlock(): a release the waiter's csd_lock_wait() acquires. */
		sim_mm_full_barrier(irq->task->cpu);
		sim_hb_release(csd);
		csd->done = true;
	}
}

static void irq_thread(void *arg)
{
	struct sim_irq *irq = arg;
	struct sim_task *t = sim_current();

	for (;;) {
		if (sim_only_idle_daemons())
			break;
		/* irq_enter(); the switch to it was a full barrier on the CPU. */
		irq->in_handler = true;
		t->preempt_count = SIM_HARDIRQ_OFFSET;
		t->irqs_off = true;
		if (irq->ipi) {
			run_calls(irq);
		} else {
			irq->remaining--;
			irq->handler(irq->arg);
		}
		if (t->preempt_count != SIM_HARDIRQ_OFFSET)
			sim_fail(SIM_FAIL_BUG, "irq-preempt-count",
				 "%s returns with preempt_count %#x", t->name,
				 (unsigned int)t->preempt_count);
		t->preempt_count = 0;
		t->irqs_off = false;
		irq->in_handler = false;
		sim_irq_return_cpu(t);
		sim_block(SIM_TASK_SLEEPING, irq_may_fire, irq, &irq_idle_site);
		sim_por_global();
	}
	sim_irq_return_cpu(t);
}

static struct sim_irq *irq_new(const char *name, unsigned int cpu)
{
	struct sim_irq *irq;
	struct sim_task *t;

	if (irqs.nr_irqs == MAX_IRQS + SIM_MAX_CPUS) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "more than %u interrupt handlers",
			 MAX_IRQS + SIM_MAX_CPUS);
		return NULL;
	}
	irq = &irqs.irq[irqs.nr_irqs++];
	*irq = (struct sim_irq){ 0 };
	irq->tail = &irq->queue;
	t = sim_task_new(name, cpu, irq_thread, irq, false);
	if (!t)
		return NULL;
	irq->task = t;
	sim_task_set_irq(t);
	t->daemon_idle = irq_idle;
	/* Asleep until it fires: offered where its CPU has irqs on. */
	t->state = SIM_TASK_SLEEPING;
	t->can_continue = irq_may_fire;
	t->wait_arg = irq;
	t->wait_site = &irq_idle_site;
	return irq;
}

struct sim_task *sim_irq_create(const char *name, unsigned int cpu, void (*handler)(void *),
				void *arg, unsigned int count)
{
	struct sim_irq *irq;

	if (irqs.nr_device == MAX_IRQS) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "more than %u interrupts", MAX_IRQS);
		return NULL;
	}
	irqs.nr_device++;
	irq = irq_new(name, cpu);
	if (!irq)
		return NULL;
	irq->handler = handler;
	irq->arg = arg;
	irq->remaining = count;
	return irq->task;
}

/* ---- cross-CPU calls ---------------------------------------------------- */

static struct sim_irq *ipi_of(unsigned int cpu)
{
	if (!irqs.ipi[cpu]) {
		char name[SIM_TASK_NAME_MAX];
		struct sim_irq *irq;

		snprintf(name, sizeof(name), "ipi/%u", cpu);
		irq = irq_new(name, cpu);
		if (!irq)
			return NULL;
		irq->ipi = true;
		irqs.ipi[cpu] = irq;
	}
	return irqs.ipi[cpu];
}

static struct call_single_data *queue_call(unsigned int cpu, smp_call_func_t func, void *info)
{
	struct call_single_data *csd;
	struct sim_irq *irq = ipi_of(cpu);

	if (!irq)
		return NULL;
	if (irqs.nr_calls == MAX_CALLS) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "more than %u cross-CPU calls a run",
			 MAX_CALLS);
		return NULL;
	}
	csd = &irqs.call[irqs.nr_calls++];
	*csd = (struct call_single_data){ .func = func, .info = info };
	sim_hb_release(&csd->func);
	*irq->tail = csd;
	irq->tail = &csd->next;
	return csd;
}

static bool call_done(const void *arg)
{
	const struct call_single_data *csd = arg;

	return csd->done;
}

static void wait_call(const struct sim_site *site, struct call_single_data *csd)
{
	/* csd_lock_wait(): spins, preemption off, irqs as they are. */
	if (!csd->done) {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "spins until the call has run", -1);
		sim_block(SIM_TASK_SPINNING, call_done, csd, site);
		sim_por_global();
	}
	sim_hb_acquire(csd);
	sim_mm_full_barrier(sim_current()->cpu);
}

/* The call for this CPU: the kernel runs it with irqs off, not as an interrupt. */
static void run_local(const struct sim_site *site, smp_call_func_t func, void *info)
{
	unsigned long flags = sim_local_irq_save();

	func(info);
	sim_local_irq_restore(site, flags);
}

static bool call_allowed(const struct sim_site *site, unsigned int cpu)
{
	struct sim_task *t = sim_current();

	if (!t) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "%s outside a task", site->op);
		return false;
	}
	if (cpu >= sim_nr_cpus()) {
		sim_fail(SIM_FAIL_BUG, "bad-cpu", "%s:%u: %s(%s) to cpu%u of %u", site->func,
			 site->line, site->op, site->expr, cpu, sim_nr_cpus());
		return false;
	}
	/* The kernel's WARN_ON_ONCE: it can deadlock when called with irqs off. */
	if (t->irqs_off || t->is_irq) {
		sim_fail(SIM_FAIL_BUG, "smp-call-irqs-disabled",
			 "%s:%u: %s(%s) called by %s %s", site->func, site->line, site->op,
			 site->expr, t->name, t->is_irq ? "in interrupt context" : "with irqs off");
		return false;
	}
	return true;
}

int sim_smp_call_function_single(const struct sim_site *site, int cpu, smp_call_func_t func,
				 void *info, int wait)
{
	struct call_single_data *csd;
	struct sim_task *t;

	sim_preempt_disable();		/* get_cpu() */
	sim_point(site);
	sim_por_global();	/* state outside memory (por.h) */
	t = sim_current();
	if (cpu < 0 || !call_allowed(site, (unsigned int)cpu))
		return -ENXIO;
	sim_trace_op(site, 0, (uint64_t)cpu, 0);
	if ((unsigned int)cpu == t->cpu) {
		run_local(site, func, info);
	} else {
		sim_mm_full_barrier(t->cpu);	/* the IPI is sent after what came before */
		csd = queue_call((unsigned int)cpu, func, info);
		if (csd && wait)
			wait_call(site, csd);
	}
	sim_preempt_enable(site);	/* put_cpu() */
	return 0;
}

void sim_smp_call_function_many(const struct sim_site *site, unsigned long mask,
				smp_call_func_t func, void *info, bool wait, bool self)
{
	struct call_single_data *sent[SIM_MAX_CPUS];
	unsigned int c, n = 0, me;

	sim_preempt_disable();
	sim_point(site);
	sim_por_global();	/* state outside memory (por.h) */
	if (!call_allowed(site, 0))
		return;
	me = sim_current()->cpu;
	sim_trace_op(site, 0, mask, 0);
	sim_mm_full_barrier(me);
	for (c = 0; c < sim_nr_cpus() && c < 8 * sizeof(mask); c++) {
		if (c == me || !(mask >> c & 1))
			continue;
		sent[n] = queue_call(c, func, info);
		if (!sent[n])
			return;
		n++;
	}
	if (self)
		run_local(site, func, info);
	if (wait)
		for (c = 0; c < n; c++)
			wait_call(site, sent[c]);
	sim_preempt_enable(site);
}
