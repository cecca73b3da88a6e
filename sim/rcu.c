// SPDX-License-Identifier: GPL-2.0
/*
 * RCU: read-side critical sections, grace periods, callbacks (sim/rcu.h has
 * the model).  The machinery is shared with SRCU (srcu.c): a domain is RCU
 * itself or one srcu_struct.
 *
 * Callbacks are invoked by an RCU callback task per CPU, "rcuc/N" as the
 * kernel's per-CPU kthreads are called, born (asleep) when the first
 * callback is queued on that CPU: a scenario that queues none has none, so
 * its schedules are what they were.  It invokes its CPU's callbacks in the
 * order they were queued once their grace period has ended, and returns
 * when it has none and nothing else can run -- so a run still ends.
 *
 * Like the rest of the engine this file is not instrumented by TSan; what
 * RCU orders is told to it (sim/hb.h).
 */
#include <stdio.h>

#include "alloc.h"
#include "engine.h"
#include "hb.h"
#include "lkmm.h"
#include "lock.h"
#include "rcu.h"
#include "por.h"
#include "report.h"
#include "sched.h"
#include "store_buffer.h"
#include "trace.h"

#define MAX_CALLBACKS 256
#define MAX_WAITERS SIM_MAX_TASKS
#define NR_TOKENS 4096

struct gp_waiter {
	struct sim_gp_domain *d;
	unsigned long long snap;	/* waits for the readers that began before this */
	const char *token;
};

struct rcu_cb {
	struct gp_waiter gp;
	struct callback_head *head;
	rcu_callback_t func;		/* NULL: kfree_rcu() of the object at head - offset */
	size_t offset;
	const struct sim_site *site;	/* where it was queued: kfree_rcu()'s free names it */
	unsigned long long seq;		/* the domain's callback number */
	unsigned long long uid;		/* found again by it: the queue moves under a callback */
	unsigned int cpu;
	bool running;
};

static struct {
	unsigned long long clock;
	bool preemptible;
	struct sim_gp_domain rcu;
	int nesting[SIM_MAX_TASKS];	/* rcu_read_lock() depth per task */
	unsigned int slot[SIM_MAX_TASKS];	/* its reader in rcu.readers */
	struct gp_waiter *waiters[MAX_WAITERS];	/* in synchronize_*(), rcu_barrier() */
	unsigned int nr_waiters;
	struct rcu_cb cbs[MAX_CALLBACKS];	/* queued and not yet invoked, in order */
	unsigned int nr_cbs;
	struct sim_task *cb_task[SIM_MAX_CPUS];
	unsigned int next_token;
	unsigned long long next_uid;
} rcu;

static char tokens[NR_TOKENS];

static const struct sim_site cb_idle_site = { "rcu_cpu_kthread", "schedule", "", 0 };

void sim_rcu_reset(void)
{
	long v = 0;
	unsigned int i;

	rcu.clock = 0;
	rcu.preemptible = sim_param_find(SIM_RCU_PREEMPT_PARAM, &v) && v;
	rcu.rcu = (struct sim_gp_domain){ .name = "rcu", .por_key = &rcu.rcu };
	for (i = 0; i < SIM_MAX_TASKS; i++)
		rcu.nesting[i] = 0;
	rcu.nr_waiters = 0;
	rcu.nr_cbs = 0;
	for (i = 0; i < SIM_MAX_CPUS; i++)
		rcu.cb_task[i] = NULL;
	sim_srcu_reset();
}

bool sim_rcu_preemptible(void)
{
	return rcu.preemptible;
}

static const char *new_token(void)
{
	return &tokens[rcu.next_token++ % NR_TOKENS];
}

/* ---- readers ------------------------------------------------------------- */

/*
 * A domain's readers, grace periods and owed quiescent states are one
 * word to dfs's reduction, not accesses to memory (por.h).  Grace periods
 * write it; a task's reader beginning or ending only reads it: two such
 * commute (the set of open readers, the order of their begins against
 * every grace period's start, the CPUs owing a quiescent state are the
 * same either way).  A reader of no task (srcu_down_read()) writes it:
 * srcu_up_read() ends whichever of them is newest.
 */
static void gp_domain_access(const struct sim_gp_domain *d, bool write)
{
	sim_por_access(d->por_key, 1, write);
}

void sim_gp_full_fence(void)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	if (sim_run_mm() == SIM_MM_TSO)
		sim_mm_drain(t->cpu);
	else if (sim_run_mm() == SIM_MM_LKMM)
		lkmm_fence(t, SIM_FENCE_MB);
	hb_fence(t, SIM_FENCE_MB);
}

unsigned int sim_gp_reader_begin(struct sim_gp_domain *d, int task, int idx,
				 const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	gp_domain_access(d, task < 0);
	if (d->nr_readers == SIM_GP_MAX_READERS) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "%s:%u: more than %d open %s readers",
			 site->func, site->line, SIM_GP_MAX_READERS, d->name);
		return 0;
	}
	d->readers[d->nr_readers] = (struct sim_gp_reader){ ++rcu.clock, task, idx, site };
	/*
	 * After a grace period's start every CPU was sent what preceded it
	 * (the caller's full barrier): a reader beginning now sees it, or a
	 * reader that outlives the grace period could miss the unpublishing.
	 */
	if (d->gp_started && t && sim_run_mm() == SIM_MM_LKMM)
		lkmm_fence(t, SIM_FENCE_RMB);
	return d->nr_readers++;
}

/* Does @g still wait for a reader of its domain? */
static bool gp_done(const struct gp_waiter *g)
{
	unsigned int i;

	for (i = 0; i < g->d->nr_readers; i++)
		if (g->d->readers[i].begin < g->snap)
			return false;
	return true;
}

void sim_gp_reader_end(struct sim_gp_domain *d, unsigned int slot)
{
	unsigned long long begin = d->readers[slot].begin;
	bool waited = false;
	unsigned int i;

	gp_domain_access(d, d->readers[slot].task < 0);
	for (i = 0; i < rcu.nr_waiters; i++) {
		if (rcu.waiters[i]->d == d && rcu.waiters[i]->snap > begin) {
			sim_hb_release(rcu.waiters[i]->token);
			waited = true;
		}
	}
	for (i = 0; i < rcu.nr_cbs; i++) {
		if (rcu.cbs[i].gp.d == d && rcu.cbs[i].gp.snap > begin) {
			sim_hb_release(rcu.cbs[i].gp.token);
			waited = true;
		}
	}
	sim_hb_release(&d->ended_token);
	/*
	 * The quiescent state a grace period needs: a full barrier on this
	 * CPU, now for one that waits, at the next one's start otherwise.
	 */
	if (waited)
		sim_gp_full_fence();
	else if (sim_current())
		d->qs_owed[sim_current()->cpu] = true;
	for (i = slot; i + 1 < d->nr_readers; i++)
		d->readers[i] = d->readers[i + 1];
	d->nr_readers--;
	/* Slots moved: RCU's per-task index follows them. */
	if (d == &rcu.rcu)
		for (i = 0; i < d->nr_readers; i++)
			rcu.slot[d->readers[i].task] = i;
}

void sim_rcu_read_lock(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;		/* setup: nothing runs beside it */
	sim_point(site);
	if (!rcu.preemptible)
		sim_preempt_disable();
	if (rcu.nesting[t->id]++ == 0)
		rcu.slot[t->id] = sim_gp_reader_begin(&rcu.rcu, (int)t->id, 0, site);
	sim_trace_op(site, 0, 0, 0);
}

void sim_rcu_read_unlock(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	sim_point(site);
	if (rcu.nesting[t->id] <= 0)
		sim_fail(SIM_FAIL_BUG, "rcu-unbalanced", "%s:%u: rcu_read_unlock() by %s, which is "
			 "in no RCU read-side critical section", site->func, site->line, t->name);
	if (--rcu.nesting[t->id] == 0)
		sim_gp_reader_end(&rcu.rcu, rcu.slot[t->id]);
	sim_trace_op(site, 0, 0, 0);
	if (!rcu.preemptible)
		sim_preempt_enable(site);
}

bool sim_rcu_read_lock_held(void)
{
	struct sim_task *t = sim_current();

	return t && rcu.nesting[t->id] > 0;
}

void sim_rcu_check(const struct sim_site *site, bool cond, bool reader_held)
{
	struct sim_task *t = sim_current();

	if (t && !cond && !reader_held)
		sim_fail(SIM_FAIL_BUG, "suspicious-rcu-usage", "%s:%u: %s(%s) by %s outside a "
			 "read-side critical section and without the update-side protection "
			 "it names", site->func, site->line, site->op, site->expr, t->name);
}

void sim_rcu_might_sleep(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (t && rcu.nesting[t->id] > 0)
		sim_fail(SIM_FAIL_BUG, "sleeping-in-rcu-reader",
			 "%s:%u: %s(%s) may sleep, called by %s in an RCU read-side critical "
			 "section (rcu_read_lock() at %s:%u)", site->func, site->line, site->op,
			 site->expr, t->name, rcu.rcu.readers[rcu.slot[t->id]].site->func,
			 rcu.rcu.readers[rcu.slot[t->id]].site->line);
}

/* ---- grace periods ------------------------------------------------------- */

/* Do two tasks that have not returned run on @cpu? */
static bool cpu_shared(unsigned int cpu)
{
	unsigned int i, n = 0;

	for (i = 0; i < sim_nr_tasks(); i++)
		if (sim_task(i)->cpu == cpu && sim_task(i)->state != SIM_TASK_DONE)
			n++;
	return n > 1;
}

/* Is @t in an open reader of @d? */
static bool task_reads(const struct sim_gp_domain *d, const struct sim_task *t)
{
	unsigned int i;

	for (i = 0; t && i < d->nr_readers; i++)
		if (d->readers[i].task == (int)t->id)
			return true;
	return false;
}

/*
 * A grace period starts.  Every CPU must pass a quiescent state before it
 * ends, with a full barrier.  One where a reader of the domain ended and
 * none runs now passes it here, so what that reader did is seen after the
 * grace period (RCU+sync+read); one running a reader passes it when the
 * reader ends (sim_gp_reader_end()).  Taking it at the start is one of the
 * moments the kernel may take it, so no execution appears that the kernel
 * lacks.
 */
static void gp_start(struct sim_gp_domain *d, struct gp_waiter *g)
{
	struct sim_task *self = sim_current();
	unsigned int c;

	gp_domain_access(d, true);
	for (c = 0; c < sim_nr_cpus(); c++) {
		if (!d->qs_owed[c])
			continue;
		d->qs_owed[c] = false;
		if (self && c == self->cpu)
			continue;
		/*
		 * Who runs on @c is outside memory; it matters to dfs only where
		 * two tasks share @c (a switch drains the buffer the barrier
		 * would).
		 */
		if (cpu_shared(c))
			sim_por_global();
		if (task_reads(d, sim_cpu_current(c)))
			continue;
		sim_mm_full_barrier(c);
	}
	g->d = d;
	g->snap = ++rcu.clock;
	g->token = new_token();
	d->gp_started++;
	d->idx++;	/* SRCU: readers from now on count on the other index */
}

/*
 * A task that returned inside a reader holds every later grace period up:
 * lockdep's "lock held when returning", said before waiting on it forever.
 */
static void reader_leak_check(const struct sim_gp_domain *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_readers; i++) {
		const struct sim_gp_reader *r = &d->readers[i];
		const struct sim_task *t = r->task >= 0 ? sim_task((unsigned int)r->task) : NULL;

		if (t && t->state == SIM_TASK_DONE)
			sim_fail(SIM_FAIL_DEADLOCK, "deadlock", "%s returned inside its %s reader "
				 "begun at %s:%u (%s): no grace period can end", t->name, d->name,
				 r->site->func, r->site->line, r->site->op);
	}
}

static bool gp_waiter_done(const void *arg)
{
	return gp_done(arg);
}

void sim_gp_wait(const struct sim_site *site, struct sim_gp_domain *d)
{
	struct sim_task *t = sim_current();
	struct gp_waiter g;
	unsigned int i;

	if (!t)
		return;		/* setup: no reader can be open */
	sim_might_sleep(site);
	/* The full barrier at the grace period's start (a step of the trace). */
	sim_fence(site, SIM_FENCE_MB);
	gp_start(d, &g);
	/* The readers that have ended began before it. */
	sim_hb_acquire(&d->ended_token);
	if (!gp_done(&g)) {
		reader_leak_check(d);
		if (rcu.nr_waiters == MAX_WAITERS)
			sim_fail(SIM_FAIL_BUG, "bad-scenario", "too many grace-period waiters");
		rcu.waiters[rcu.nr_waiters++] = &g;
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps until its readers end", -1);
		sim_block(SIM_TASK_SLEEPING, gp_waiter_done, &g, site);
		gp_domain_access(d, true);
		for (i = 0; i < rcu.nr_waiters; i++)
			if (rcu.waiters[i] == &g)
				break;
		for (; i + 1 < rcu.nr_waiters; i++)
			rcu.waiters[i] = rcu.waiters[i + 1];
		rcu.nr_waiters--;
	}
	/* The full barrier at its end: what the readers did is seen from here on. */
	sim_hb_acquire(g.token);
	sim_gp_full_fence();
}

void sim_synchronize_rcu(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (t && rcu.nesting[t->id] > 0) {
		const struct sim_gp_reader *r = &rcu.rcu.readers[rcu.slot[t->id]];

		sim_fail(SIM_FAIL_DEADLOCK, "deadlock", "%s (cpu%u) calls %s() at %s:%u inside "
			 "its own RCU read-side critical section (rcu_read_lock() at %s:%u): "
			 "the grace period waits for that reader", t->name, t->cpu, site->op,
			 site->func, site->line, r->site->func, r->site->line);
	}
	sim_gp_wait(site, &rcu.rcu);
}

/* ---- callbacks ----------------------------------------------------------- */

static bool is_cb_task(const struct sim_task *t)
{
	unsigned int c;

	for (c = 0; c < SIM_MAX_CPUS; c++)
		if (rcu.cb_task[c] == t)
			return true;
	return false;
}

/* The oldest callback queued on @cpu, or NULL. */
static struct rcu_cb *first_cb(unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < rcu.nr_cbs; i++)
		if (rcu.cbs[i].cpu == cpu && !rcu.cbs[i].running)
			return &rcu.cbs[i];
	return NULL;
}

/*
 * Nothing but callback tasks could still run: every other task has
 * returned or waits for something no running task will change.
 */
static bool others_idle(void)
{
	unsigned int i;

	for (i = 0; i < sim_nr_tasks(); i++) {
		const struct sim_task *t = sim_task(i);

		if (is_cb_task(t) || t->state == SIM_TASK_DONE)
			continue;
		if (t->state == SIM_TASK_RUNNABLE || t->can_continue(t->wait_arg))
			return false;
	}
	return true;
}

static bool cb_may_run(const void *arg)
{
	const struct rcu_cb *cb = first_cb((unsigned int)(uintptr_t)arg);

	return cb ? gp_done(&cb->gp) : others_idle();
}

static void invoke_cb(struct rcu_cb *cb)
{
	struct sim_gp_domain *d = cb->gp.d;
	struct callback_head *head = cb->head;
	rcu_callback_t func = cb->func;
	const struct sim_site *site = cb->site;
	unsigned long long uid = cb->uid;
	size_t offset = cb->offset, i;

	sim_por_global();
	cb->running = true;
	/* The grace period's end on this CPU: everything the readers did is seen. */
	sim_hb_acquire(cb->gp.token);
	sim_hb_acquire(&d->ended_token);
	sim_step(SIM_SITE("rcu_do_batch", "callback"));
	sim_gp_full_fence();
	if (func)
		func(head);
	else
		sim_kfree(site, (char *)head - offset);
	sim_hb_release(&d->barrier_token);
	/* Gone from the queue only now: rcu_barrier() waits for it to have run. */
	for (i = 0; i < rcu.nr_cbs && rcu.cbs[i].uid != uid; i++)
		;
	for (; i + 1 < rcu.nr_cbs; i++)
		rcu.cbs[i] = rcu.cbs[i + 1];
	rcu.nr_cbs--;
}

static void rcu_cpu_kthread(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	for (;;) {
		struct rcu_cb *cb = first_cb(cpu);

		if (cb && gp_done(&cb->gp)) {
			invoke_cb(cb);
			continue;
		}
		if (!cb && others_idle())
			return;
		if (cb)
			reader_leak_check(cb->gp.d);
		sim_trace_event(SIM_EV_BLOCK, &cb_idle_site, 0,
				cb ? "sleeps until a grace period ends" : "sleeps: no callbacks",
				-1);
		sim_block(SIM_TASK_SLEEPING, cb_may_run, arg, &cb_idle_site);
		sim_por_global();
	}
}

static void cb_task_wake(unsigned int cpu)
{
	struct sim_task *t = rcu.cb_task[cpu];
	char name[SIM_TASK_NAME_MAX];

	if (t && t->state != SIM_TASK_DONE)
		return;
	snprintf(name, sizeof(name), "rcuc/%u", cpu);
	if (sim_current())
		t = sim_task_create_late(name, cpu, rcu_cpu_kthread, (void *)(uintptr_t)cpu);
	else
		t = sim_task_create(name, cpu, rcu_cpu_kthread, (void *)(uintptr_t)cpu);
	if (!t)
		return;
	/* Born asleep: offered to the scheduler once a grace period has ended. */
	t->state = SIM_TASK_SLEEPING;
	t->can_continue = cb_may_run;
	t->wait_arg = (void *)(uintptr_t)cpu;
	t->wait_site = &cb_idle_site;
	rcu.cb_task[cpu] = t;
}

void sim_gp_queue(const struct sim_site *site, struct sim_gp_domain *d,
		  struct callback_head *head, rcu_callback_t func, size_t kfree_offset)
{
	struct sim_task *t = sim_current();
	unsigned int cpu = t ? t->cpu : 0;
	struct rcu_cb *cb;

	sim_por_global();
	if (t)
		sim_point(site);
	sim_por_global();	/* state outside memory (por.h) */
	if (rcu.nr_cbs == MAX_CALLBACKS) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "%s:%u: more than %d RCU callbacks queued",
			 site->func, site->line, MAX_CALLBACKS);
		return;
	}
	/*
	 * The caller's quiescent state comes after the call: a full barrier,
	 * so the callback, and a reader that begins from now on, see what it
	 * did before (the unpublishing).
	 */
	sim_gp_full_fence();
	cb = &rcu.cbs[rcu.nr_cbs++];
	*cb = (struct rcu_cb){ .head = head, .func = func, .offset = kfree_offset, .site = site,
			       .seq = d->cb_seq++, .uid = rcu.next_uid++, .cpu = cpu };
	gp_start(d, &cb->gp);
	sim_hb_release(cb->gp.token);
	if (t)
		sim_trace_op(site, SIM_EV_WRITE | SIM_EV_PTR, 0, (uintptr_t)head);
	cb_task_wake(cpu);
}

void sim_call_rcu(const struct sim_site *site, struct callback_head *head, rcu_callback_t func)
{
	sim_gp_queue(site, &rcu.rcu, head, func, 0);
}

void sim_kfree_rcu(const struct sim_site *site, struct callback_head *head, size_t offset)
{
	sim_gp_queue(site, &rcu.rcu, head, NULL, offset);
}

/* rcu_barrier()'s wait: none of the callbacks queued before it is left. */
struct barrier_wait {
	const struct sim_gp_domain *d;
	unsigned long long seq;
};

static bool barrier_done(const void *arg)
{
	const struct barrier_wait *w = arg;
	unsigned int i;

	for (i = 0; i < rcu.nr_cbs; i++)
		if (rcu.cbs[i].gp.d == w->d && rcu.cbs[i].seq < w->seq)
			return false;
	return true;
}

void sim_gp_barrier(const struct sim_site *site, struct sim_gp_domain *d)
{
	struct barrier_wait w = { d, 0 };

	sim_por_global();
	if (!sim_current())
		return;
	sim_might_sleep(site);
	sim_point(site);
	sim_por_global();	/* state outside memory (por.h) */
	w.seq = d->cb_seq;
	sim_trace_op(site, 0, 0, 0);
	if (!barrier_done(&w)) {
		sim_trace_event(SIM_EV_BLOCK, site, 0, "sleeps until the callbacks have run", -1);
		sim_block(SIM_TASK_SLEEPING, barrier_done, &w, site);
		sim_por_global();
	}
	sim_hb_acquire(&d->barrier_token);
	sim_gp_full_fence();
}

void sim_rcu_barrier(const struct sim_site *site)
{
	sim_gp_barrier(site, &rcu.rcu);
}
