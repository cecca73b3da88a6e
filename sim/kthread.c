// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads made at run time (<linux/kthread.h>).  kthread_create()
 * makes a task on the caller's CPU, free to move (kthread_bind() or
 * kthread_create_on_cpu() pin it), asleep in TASK_UNINTERRUPTIBLE until
 * wake_up_process(); kthread_run() is both.  kthread_stop() sets the
 * thread's stop bit, wakes it and sleeps until its function has returned,
 * and returns what it returned; a thread stopped before it ever ran does
 * not run its function (-EINTR), as the kernel's kthread() checks first.
 * What the creator did happens before the thread starts; what the thread
 * did happens before kthread_stop() returns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "engine.h"
#include "memory.h"
#include "preempt.h"
#include "report.h"
#include "sched.h"
#include "trace.h"
#include <linux/kthread.h>

#define KTHREAD_SHOULD_STOP 1UL

struct kthread {
	int (*threadfn)(void *data);
	void *data;
	unsigned long flags;	/* KTHREAD_SHOULD_STOP */
	int result;
	struct sim_task *task;
};

/* By task id: a task is a kthread when its entry here names it. */
static struct {
	struct kthread k[SIM_MAX_TASKS];
	unsigned int used;	/* entries that may be set: reset clears only those */
} kthreads;

static const struct sim_site created_site = { "kthread", "wait to be woken", "", 0 };

void sim_kthread_reset(void)
{
	unsigned int i;

	for (i = 0; i < kthreads.used; i++)
		kthreads.k[i].task = NULL;
	kthreads.used = 0;
}

static struct kthread *to_kthread(const struct sim_task *t)
{
	return t && t->id < kthreads.used && kthreads.k[t->id].task == t ? &kthreads.k[t->id]
									   : NULL;
}

static void kthread_main(void *arg)
{
	struct kthread *k = arg;

	if (sim_load(SIM_SITE("test_bit", "KTHREAD_SHOULD_STOP"), &k->flags, sizeof(k->flags), 0,
		     SIM_ORDER_ONCE) & KTHREAD_SHOULD_STOP)
		k->result = -EINTR;
	else
		k->result = k->threadfn(k->data);
}

static bool woken(const void *arg)
{
	const struct sim_task *t = arg;

	return *(const volatile unsigned int *)&t->kstate == 0;
}

struct sim_task *sim_kthread_create(const struct sim_site *site, int (*threadfn)(void *data),
				    void *data, int cpu, const char *namefmt, ...)
{
	struct sim_task *self = sim_current(), *t;
	char name[SIM_TASK_NAME_MAX];
	struct kthread *k;
	va_list ap;

	if (!self) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "%s outside a task (setup makes tasks with "
			 "sim_task_create())", site->op);
		return NULL;
	}
	sim_might_sleep(site);
	sim_point(site);
	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	t = sim_task_new(name, cpu >= 0 ? (unsigned int)cpu : self->cpu, kthread_main, NULL,
			 cpu < 0);
	if (!t)
		return NULL;
	while (kthreads.used <= t->id)
		kthreads.k[kthreads.used++].task = NULL;
	k = &kthreads.k[t->id];
	*k = (struct kthread){ .threadfn = threadfn, .data = data, .task = t };
	t->arg = k;
	t->kstate = TASK_UNINTERRUPTIBLE;
	t->state = SIM_TASK_SLEEPING;
	t->can_continue = woken;
	t->wait_arg = t;
	t->wait_site = &created_site;
	sim_trace_op(site, SIM_EV_READ, t->id, 0);
	return t;
}

void sim_kthread_bind(const struct sim_site *site, struct sim_task *t, unsigned int cpu)
{
	if (!to_kthread(t) || t->at || cpu >= sim_nr_cpus()) {
		sim_fail(SIM_FAIL_BUG, "bad-kthread-bind", "%s:%u: %s(%s, %u): not a kthread that "
			 "has not run yet, or no such CPU", site->func, site->line, site->op,
			 site->expr, cpu);
		return;
	}
	t->cpu = cpu;
	t->unpinned = false;
}

bool sim_kthread_should_stop(const struct sim_site *site)
{
	struct kthread *k = to_kthread(sim_current());
	uint64_t flags;

	if (!k) {
		sim_fail(SIM_FAIL_BUG, "bad-kthread", "%s:%u: %s() in %s, not a kthread",
			 site->func, site->line, site->op,
			 sim_current() ? sim_current()->name : "?");
		return true;
	}
	flags = sim_load(site, &k->flags, sizeof(k->flags), 0, SIM_ORDER_ONCE);
	return flags & KTHREAD_SHOULD_STOP;
}

static bool task_done(const void *arg)
{
	const struct sim_task *t = arg;

	return t->state == SIM_TASK_DONE;
}

int sim_kthread_stop(const struct sim_site *site, struct sim_task *t)
{
	struct kthread *k = to_kthread(t);

	if (!k || t == sim_current()) {
		sim_fail(SIM_FAIL_BUG, "bad-kthread", "%s:%u: %s(%s): %s", site->func, site->line,
			 site->op, site->expr,
			 k ? "a kthread cannot stop itself" : "not a kthread");
		return -EINVAL;
	}
	sim_might_sleep(site);
	/* set_bit(KTHREAD_SHOULD_STOP), then wake_up_process(): fully ordered. */
	sim_rmw(site, &k->flags, sizeof(k->flags), SIM_RMW_OR, KTHREAD_SHOULD_STOP, 0, 0,
		SIM_ORDER_FULL);
	sim_wake_up_process(site, t, TASK_NORMAL);
	if (t->state != SIM_TASK_DONE) {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps until the kthread has returned",
				(int)t->id);
		sim_block(SIM_TASK_SLEEPING, task_done, t, site);
	}
	/* wait_for_completion(&kthread->exited) */
	sim_hb_acquire(t);
	sim_mm_full_barrier(sim_current()->cpu);
	return k->result;
}
