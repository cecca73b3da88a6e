// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler and the run loop.
 *
 * Tasks switch to each other directly: the task that reaches a preemption
 * point asks the decision stream who runs the next step and switches to it,
 * so a context switch is one fiber switch.  sim_run() waits on the thread's
 * own stack until the last task returns, the tasks deadlock, or a failure
 * abandons them.
 *
 * The latency figure: for each CPU, the number of consecutive steps (any
 * CPU's) during which its task is non-preemptible -- preempt_count > 0,
 * spinning included, or stopped where the preemption model lets no other
 * task in -- while another task of that CPU is ready to run.  It is the
 * simulated counterpart of what cyclictest measures, under the run's model.
 *
 * What the preemption model decides (where a task may leave its CPU, where
 * it may move to another) is in preempt.c, interrupts in irq.c; this file
 * asks them at each point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "contention.h"
#include "engine.h"
#include "memory.h"
#include "names.h"
#include "por.h"
#include "preempt.h"
#include "rcu.h"
#include "report.h"
#include "sched.h"
#include "spin.h"
#include "trace.h"

#define STACK_SIZE (256 * 1024)
#define DEFAULT_MAX_STEPS 100000

static struct {
	const struct sim_run_config *cfg;
	const struct sim_scenario *scenario;
	void *ctx;
	struct sim_fiber thread;
	struct sim_fiber pool[SIM_MAX_TASKS];
	unsigned int nr_pool;
	struct sim_task tasks[SIM_MAX_TASKS];
	unsigned int nr_tasks;
	unsigned int nr_irq_tasks;	/* of which interrupt handlers */
	struct sim_task *cpu_curr[SIM_MAX_CPUS];
	/* The task that left the CPU by moving away: the next one there sees what it did. */
	struct sim_task *cpu_left[SIM_MAX_CPUS];
	uint64_t cpu_stretch[SIM_MAX_CPUS];
	unsigned int nr_cpus_used;	/* of the arrays above, by the current run */
	struct sim_task *current;	/* NULL outside tasks, and while a check runs */
	struct sim_task *running;	/* the task whose stack we are on */
	/* In a point's store-buffer decisions: what pick_next() is asked next (dfs.c). */
	struct sim_task *point_task;
	int point_kind;
	bool in_flush_decisions;
	uint64_t max_steps;
	struct sim_schedule schedule;
	struct sim_result *result;
	bool in_run;
	bool thread_ready;
} eng;

struct sim_task *sim_current(void)
{
	return eng.current;
}

struct sim_task *sim_task(unsigned int id)
{
	return id < eng.nr_tasks ? &eng.tasks[id] : NULL;
}

struct sim_task *sim_cpu_current(unsigned int cpu)
{
	return cpu < SIM_MAX_CPUS ? eng.cpu_curr[cpu] : NULL;
}

unsigned int sim_nr_cpus(void)
{
	return eng.scenario ? eng.scenario->nr_cpus : 0;
}

struct sim_task *sim_cpu_curr(unsigned int cpu)
{
	return eng.cpu_curr[cpu];
}

enum sim_preempt sim_run_preempt(void)
{
	return eng.cfg ? eng.cfg->preempt : SIM_PREEMPT_DEFAULT;
}

enum sim_mm sim_run_mm(void)
{
	return eng.cfg ? eng.cfg->mm : SIM_MM_SC;
}

struct sim_failure *sim_run_failure(void)
{
	return &eng.result->failure;
}

long sim_param(const char *name)
{
	unsigned int i;

	for (i = 0; i < eng.scenario->nr_params; i++)
		if (!strcmp(eng.scenario->params[i].name, name))
			return eng.cfg->params[i];
	sim_fail(SIM_FAIL_BUG, "bad-scenario", "scenario %s has no parameter %s",
		 eng.scenario->name, name);
	return 0;
}

bool sim_param_find(const char *name, long *value)
{
	unsigned int i;

	for (i = 0; eng.scenario && i < eng.scenario->nr_params; i++)
		if (!strcmp(eng.scenario->params[i].name, name)) {
			*value = eng.cfg->params[i];
			return true;
		}
	return false;
}

/* ---- who may run ------------------------------------------------------- */

static bool task_ready(const struct sim_task *t)
{
	if (t->state == SIM_TASK_DONE)
		return false;
	return t->state == SIM_TASK_RUNNABLE || t->can_continue(t->wait_arg);
}

/* The CPU is idle: no task, or one that sleeps or has returned. */
static bool cpu_idle(const struct sim_task *curr)
{
	return !curr || curr->state == SIM_TASK_DONE || curr->state == SIM_TASK_SLEEPING;
}

/* Another task of the CPU may take it from @curr where @curr stands. */
static bool cpu_preemptible(const struct sim_task *curr)
{
	return cpu_idle(curr) || (curr->preempt_count == 0 && !curr->irqs_off &&
				  curr->may_preempt);
}

/* An interrupt may come in on top of @curr: the CPU has interrupts on. */
static bool cpu_irqs_on(const struct sim_task *curr)
{
	return cpu_idle(curr) || !curr->irqs_off;
}

static bool task_may_run(const struct sim_task *t)
{
	const struct sim_task *curr = eng.cpu_curr[t->cpu];

	if (!task_ready(t))
		return false;
	if (curr == t)
		return true;
	return t->is_irq ? cpu_irqs_on(curr) : cpu_preemptible(curr);
}

/* Another task of @t's CPU is ready to run (an interrupt is no task waiting). */
static bool cpu_has_waiter(const struct sim_task *t)
{
	unsigned int i;

	for (i = 0; i < eng.nr_tasks; i++) {
		const struct sim_task *o = &eng.tasks[i];

		if (o != t && o->cpu == t->cpu && !o->is_irq && task_ready(o))
			return true;
	}
	return false;
}

bool sim_only_idle_daemons(void)
{
	unsigned int i;

	for (i = 0; i < eng.nr_tasks; i++) {
		const struct sim_task *t = &eng.tasks[i];

		if (t->state != SIM_TASK_DONE && (!t->daemon_idle || !t->daemon_idle(t)))
			return false;
	}
	return true;
}

bool sim_cpu_wanted(void)
{
	sim_por_global();	/* it reads every task's state */
	return eng.current && cpu_has_waiter(eng.current);
}

/*
 * One pass over the tasks for every CPU's waiters, and only when some CPU
 * is non-preemptible: a point costs O(tasks + CPUs), not O(tasks x CPUs).
 */
static void latency_account(void)
{
	unsigned int c, i, n = eng.scenario->nr_cpus, wanted = 0;
	bool waiter[SIM_MAX_CPUS];

	for (c = 0; c < n; c++) {
		/* true: no need to look (preemptible); false: does anyone wait? */
		waiter[c] = cpu_preemptible(eng.cpu_curr[c]);
		wanted += !waiter[c];
	}
	for (i = 0; wanted && i < eng.nr_tasks; i++) {
		const struct sim_task *t = &eng.tasks[i];

		if (!waiter[t->cpu] && !t->is_irq && t != eng.cpu_curr[t->cpu] && task_ready(t)) {
			waiter[t->cpu] = true;
			wanted--;
		}
	}
	for (c = 0; c < n; c++) {
		if (waiter[c] && !cpu_preemptible(eng.cpu_curr[c])) {
			if (++eng.cpu_stretch[c] > eng.result->max_nonpreempt_steps)
				eng.result->max_nonpreempt_steps = eng.cpu_stretch[c];
		} else {
			eng.cpu_stretch[c] = 0;
		}
	}
}

/* ---- decisions --------------------------------------------------------- */

enum point_kind {
	POINT_NORMAL,
	POINT_RESCHED,
	POINT_RELAX,
	POINT_SCHED,	/* schedule(): ordered as NORMAL, a way off the CPU under every model */
	POINT_PREEMPT,	/* no access: only the CPU's own tasks are offered */
};

void sim_run_prune(void)
{
	eng.result->pruned = true;
	sim_abandon_run();
}

/* dfs found the rest of this run already explored: stop, with no end and no outcome. */
static void prune_if_asked(void)
{
	if (eng.cfg->source->prune && eng.running)
		sim_run_prune();
}

unsigned int sim_choose(enum sim_choice kind, unsigned int n)
{
	unsigned int answer;

	if (n < 2) {
		/* A forced flush is a step of its own, even without a choice (dfs.c). */
		if (n == 1 && kind == SIM_CHOICE_FLUSH)
			sim_source_single(eng.cfg->source, kind, 0);
		prune_if_asked();
		return 0;
	}
	answer = sim_source_choose(eng.cfg->source, kind, n, NULL, -1, sim_trace_steps(), false);
	prune_if_asked();
	sim_schedule_push(&eng.schedule, (uint8_t)answer);
	return answer;
}

/*
 * Append the tasks that may run, after @first in cyclic id order, on its CPU
 * or not; interrupt handlers (@irq) or tasks.
 */
static unsigned int add_tasks(uint8_t *ids, unsigned int n, const struct sim_task *first,
			      int same_cpu, bool irq)
{
	unsigned int i, idx = first ? first->id + 1 : 0;

	/* Cyclic from @idx, without a division per task. */
	for (i = 0; i < eng.nr_tasks; i++, idx++) {
		const struct sim_task *t;

		if (idx >= eng.nr_tasks)
			idx = 0;
		t = &eng.tasks[idx];

		if (t == first || t->is_irq != irq || !task_may_run(t))
			continue;
		if (same_cpu >= 0 && first && (t->cpu == first->cpu) != same_cpu)
			continue;
		ids[n++] = (uint8_t)t->id;
	}
	return n;
}

static inline unsigned int add_candidates(uint8_t *ids, unsigned int n,
					  const struct sim_task *first, int same_cpu)
{
	return add_tasks(ids, n, first, same_cpu, false);
}

static unsigned int candidates_of(struct sim_task *first, enum point_kind kind, uint8_t *ids);

/* Interrupts come last: no default answer takes one. */
static inline unsigned int candidates(struct sim_task *first, enum point_kind kind,
				      uint8_t *ids)
{
	unsigned int n = candidates_of(first, kind, ids);

	if (__builtin_expect(!eng.nr_irq_tasks, 1))
		return n;
	return add_tasks(ids, n, first,
			 kind == POINT_PREEMPT && first && task_may_run(first) ? 1 : -1, true);
}

/*
 * The tasks that may run the next step, in the order that makes option 0
 * what the kernel would do by default:
 *   POINT_NORMAL:  @first goes on; the others after it.
 *   POINT_RESCHED: a task waiting for @first's CPU gets it (schedule());
 *                  else @first goes on; then the other CPUs.
 *   POINT_RELAX:   anyone but @first (a busy-wait must let others on).
 *   POINT_PREEMPT: @first goes on; the others of its CPU after it.
 */
static unsigned int candidates_of(struct sim_task *first, enum point_kind kind, uint8_t *ids)
{
	bool first_may_run = first && task_may_run(first);
	unsigned int n = 0;

	/* Unless @first just moved to a CPU it cannot have: then anyone may run. */
	if (kind == POINT_PREEMPT && first_may_run) {
		ids[n++] = (uint8_t)first->id;
		return add_candidates(ids, n, first, 1);
	}
	if (kind == POINT_NORMAL || kind == POINT_SCHED || !first) {
		if (first_may_run)
			ids[n++] = (uint8_t)first->id;
		return add_candidates(ids, n, first, -1);
	}
	n = add_candidates(ids, n, first, 1);
	if (first_may_run && kind == POINT_RESCHED)
		ids[n++] = (uint8_t)first->id;
	n = add_candidates(ids, n, first, 0);
	if (first_may_run && kind == POINT_RELAX)
		ids[n++] = (uint8_t)first->id;
	return n;
}

int sim_sched_point_candidates(uint8_t *ids, bool *relax)
{
	if (!eng.in_flush_decisions)
		return -1;
	*relax = eng.point_kind == POINT_RELAX;
	return (int)candidates(eng.point_task, (enum point_kind)eng.point_kind, ids);
}

static const struct sim_site exit_site = { "exit", "exit", "", 0 };

int sim_sched_drain_first(unsigned int id)
{
	const struct sim_task *t = &eng.tasks[id], *curr = eng.cpu_curr[t->cpu];

	if (!sim_mm_pending(t->cpu))
		return -1;
	if (t->at == &exit_site)
		return (int)t->cpu;	/* task_exit() drains */
	if (curr && curr != t)
		return (int)t->cpu;	/* a context switch is a full barrier */
	return -1;
}

bool sim_run_checks_steps(void)
{
	return eng.scenario && eng.scenario->check;
}

static void report_deadlock(void)
{
	char msg[sizeof(eng.result->failure.message)] = "";
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < eng.nr_tasks && len < sizeof(msg); i++) {
		const struct sim_task *t = &eng.tasks[i];
		const struct sim_site *w = t->wait_site;

		if (t->state == SIM_TASK_DONE || (t->is_irq && t->state == SIM_TASK_SLEEPING))
			continue;
		if (t->state == SIM_TASK_RUNNABLE)
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
						"%s%s (cpu%u) waits for its CPU at %s:%u",
						len ? "; " : "", t->name, t->cpu,
						t->at ? t->at->func : "start", t->at ? t->at->line : 0);
		else
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
						"%s%s (cpu%u) %s in %s(%s) at %s:%u", len ? "; " : "",
						t->name, t->cpu,
						t->state == SIM_TASK_SPINNING ? "spins" : "sleeps",
						w->op, w->expr, w->func, w->line);
		if (t->state == SIM_TASK_SLEEPING && t->wait_queue && len < sizeof(msg)) {
			char name[96];

			sim_names_format_ptr(name, sizeof(name), t->wait_queue);
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
						", on wait queue %s (%s)", t->wait_queue_expr,
						name);
		}
	}
	sim_fail(SIM_FAIL_DEADLOCK, "deadlock", "%s", msg);
}

/*
 * Pick the task for the next step; NULL when every task has finished.
 * Deadlock is reported here: unfinished tasks, none of which may run.
 */
static struct sim_task *pick_next(struct sim_task *first, enum point_kind kind)
{
	uint8_t ids[SIM_MAX_TASKS];
	unsigned int i, n = candidates(first, kind, ids), answer = 0;
	struct sim_task *next, *prev;

	/* Under tso, what the tasks wait for may sit in a store buffer. */
	while (!n && sim_mm_flush_forced())
		n = candidates(first, kind, ids);
	if (!n) {
		for (i = 0; i < eng.nr_tasks; i++) {
			if (eng.tasks[i].state != SIM_TASK_DONE) {
				report_deadlock();
				break;
			}
		}
		return NULL;
	}
	if (n > 1) {
		answer = sim_source_choose(eng.cfg->source, SIM_CHOICE_TASK, n, ids,
					   first ? (int)first->id : -1, sim_trace_steps(),
					   kind == POINT_RELAX);
		prune_if_asked();
		sim_schedule_push(&eng.schedule, (uint8_t)answer);
	} else {
		/* No choice, but maybe another task's step: dfs.c tells steps apart. */
		sim_source_single(eng.cfg->source, SIM_CHOICE_TASK, ids[0]);
		prune_if_asked();
	}
	next = &eng.tasks[ids[answer]];
	next->state = SIM_TASK_RUNNABLE;
	prev = eng.cpu_curr[next->cpu];
	if (prev != next) {
		bool preempt = prev && prev->state == SIM_TASK_RUNNABLE && !next->is_irq;
		unsigned int flags = preempt ? SIM_EV_PREEMPT : 0;

		eng.cpu_curr[next->cpu] = next;
		if (next->is_irq) {
			/* It runs on top of the CPU's task, which goes on when it returns. */
			next->interrupted = prev;
			flags |= SIM_EV_IRQ;
		}
		/* The task that moved away from it (unless it is this one, back). */
		if (!prev && eng.cpu_left[next->cpu] != next)
			prev = eng.cpu_left[next->cpu];
		eng.cpu_left[next->cpu] = NULL;
		if (prev) {
			/* A context switch is a full barrier on the CPU. */
			sim_mm_context_switch(next->cpu);
			next->handover = prev;
		}
		if (next->moved_from)
			flags |= SIM_EV_MIGRATED;
		eng.result->preemptions += preempt;
		sim_trace_event_value(next->id, next->cpu, SIM_EV_SWITCH, flags,
				      prev && prev->state != SIM_TASK_DONE ? (int)prev->id : -1,
				      next->moved_from ? (uint64_t)(next->moved_from - 1) : 0);
		next->moved_from = 0;
	}
	return next;
}

/*
 * @t moves to @cpu (preempt.c decided): its store buffer drains and both
 * CPUs pass a full barrier, as the runqueue locks of a migration make them,
 * so it reads on the new CPU nothing older than it read on the old one.
 */
void sim_task_move(struct sim_task *t, unsigned int cpu)
{
	unsigned int from = t->cpu;

	sim_mm_drain(from);
	sim_mm_full_barrier(from);
	sim_mm_full_barrier(cpu);
	/* For TSan: what it did there happens before the next task there (cpu_left). */
	sim_hb_release(t);
	if (eng.cpu_curr[from] == t) {
		eng.cpu_curr[from] = NULL;
		eng.cpu_left[from] = t;
	}
	t->cpu = cpu;
	t->moved_from = (int)from + 1;
	sim_trace_event_value(t->id, from, SIM_EV_BLOCK, SIM_EV_MIGRATED, -1, cpu);
}

/* An interrupt handler returns: the CPU is its interrupted task's again. */
void sim_irq_return_cpu(struct sim_task *irq)
{
	if (eng.cpu_curr[irq->cpu] == irq) {
		eng.cpu_curr[irq->cpu] = irq->interrupted;
		if (irq->interrupted)
			irq->interrupted->handover = irq;
	}
	irq->interrupted = NULL;
}

/* ---- switching --------------------------------------------------------- */

/*
 * A task resumes.  If it took its CPU over from another task, that one's
 * last accesses happen before its next ones: a context switch is a full
 * barrier on the CPU, so same-CPU accesses never race (as KCSAN sees it).
 */
static void task_resumed(struct sim_task *t)
{
	if (t->handover) {
		sim_hb_acquire(t->handover);
		t->handover = NULL;
	}
}

static void switch_to(struct sim_task *from, struct sim_task *next)
{
	eng.result->switches++;
	/* For the task that takes this CPU over, and for the end of the run. */
	sim_hb_release(from);
	eng.current = eng.running = next;
	sim_fiber_switch(from->fiber, next->fiber);
	task_resumed(from);
}

void sim_abandon_run(void)
{
	struct sim_task *t = eng.running;

	eng.current = eng.running = NULL;
	sim_hb_release(t);
	sim_fiber_exit(t->fiber, &eng.thread);
}

bool sim_in_task(void)
{
	return eng.running != NULL;
}

struct sim_task *sim_running_task(void)
{
	return eng.running;
}

unsigned int sim_nr_tasks(void)
{
	return eng.nr_tasks;
}

/*
 * Under tso, before the decision of who runs next: which buffered stores
 * become visible first.  Offered before every such decision (a point, a
 * task blocking or ending), so that what may happen next does not depend
 * on how the last step ended (dfs.c's reduction commutes steps).
 */
static void flush_decisions(struct sim_task *first, enum point_kind kind)
{
	if (!first && eng.cfg->tso_v2)
		return;
	eng.point_task = first;
	eng.point_kind = kind;
	eng.in_flush_decisions = true;
	sim_mm_flush_decisions(kind == POINT_RELAX);
	eng.in_flush_decisions = false;
	eng.point_task = NULL;
}

static void point(const struct sim_site *site, enum point_kind kind)
{
	struct sim_task *t = eng.current, *next;
	bool first_point;

	if (!t)
		return;
	first_point = !t->at;
	t->at = site;
	t->may_preempt = sim_preempt_here(t, eng.cfg->preempt,
					  kind == POINT_RESCHED || kind == POINT_SCHED);
	if (eng.result->failure.kind != SIM_OK)
		sim_abandon_run();	/* a sanitizer reported since the last point */
	if (sim_trace_steps() >= eng.max_steps)
		sim_fail(SIM_FAIL_NO_PROGRESS, "no-progress",
			 "still running after %llu steps, the scenario's budget",
			 (unsigned long long)eng.max_steps);
	latency_account();
	if (eng.scenario->check) {
		eng.current = NULL;	/* the check's own accesses are not steps */
		eng.scenario->check(eng.ctx);
		eng.current = t;
	}
	/*
	 * A task's first point makes no decision: the decision that started
	 * it chose it for this very step, and asking again would make two
	 * schedules of one.
	 */
	if (first_point)
		return;
	/* A busy-wait that would only repeat itself waits for a change (spin.h). */
	if (kind == POINT_RELAX && sim_spin_would_repeat(t)) {
		sim_block(SIM_TASK_SPINNING, sim_spin_changed, t, site);
		return;
	}
	flush_decisions(t, kind);
	if (t->unpinned)
		sim_preempt_maybe_move(t);
	next = pick_next(t, kind);
	if (next != t)
		switch_to(t, next);
	else
		task_resumed(t);	/* it moved, and goes on there: see the CPU's last task */
}

/* Another task than @t may run, on @t's CPU (@same) or on another. */
static bool other_may_run(const struct sim_task *t, bool same)
{
	unsigned int i;

	for (i = 0; i < eng.nr_tasks; i++)
		if (&eng.tasks[i] != t && (eng.tasks[i].cpu == t->cpu) == same &&
		    task_may_run(&eng.tasks[i]))
			return true;
	return false;
}

/*
 * No step, no access: the check and the latency figure wait for the next
 * real point, and no other CPU is offered (nothing here is shared), so a
 * run where nobody takes the CPU is the run it was without this point.
 */
void sim_preempt_point(const struct sim_site *site)
{
	struct sim_task *t = eng.current, *next;

	if (!t || !t->at)
		return;
	if (eng.result->failure.kind != SIM_OK)
		sim_abandon_run();
	/* Not might_sleep()'s point: leave its hint for the next real one. */
	t->may_preempt = sim_run_preempt() >= SIM_PREEMPT_FULL;
	if (!cpu_preemptible(t) && !cpu_irqs_on(t))
		return;
	/*
	 * A step that ends here, where another task of the CPU may take it,
	 * commutes with nothing if the point hides something -- other CPUs'
	 * tasks, buffered stores (dfs.c): in another order it would end where
	 * they are offered.  With no such task, the step goes on past it.
	 */
	if (other_may_run(t, true) && (sim_mm_pending_any() || other_may_run(t, false)))
		sim_por_global();
	t->at = site;
	if (t->unpinned)
		sim_preempt_maybe_move(t);
	next = pick_next(t, POINT_PREEMPT);
	if (next != t)
		switch_to(t, next);
	else
		task_resumed(t);
}

void sim_sched_point(const struct sim_site *site)
{
	point(site, POINT_SCHED);
}

void sim_point(const struct sim_site *site)
{
	point(site, POINT_NORMAL);
}

void sim_step(const struct sim_site *site)
{
	point(site, POINT_NORMAL);
	sim_trace_op(site, 0, 0, 0);
}

void sim_resched(const struct sim_site *site)
{
	point(site, POINT_RESCHED);
	sim_trace_op(site, 0, 0, 0);
}

void sim_relax(const struct sim_site *site)
{
	point(site, POINT_RELAX);
	if (eng.current)
		sim_spin_next(eng.current);
	sim_trace_op(site, 0, 0, 0);
}

void sim_block(enum sim_task_state how, bool (*can_continue)(const void *), const void *arg,
	       const struct sim_site *site)
{
	struct sim_task *t = eng.current, *next;

	t->state = how;
	t->can_continue = can_continue;
	t->wait_arg = arg;
	t->wait_site = site;
	if (how == SIM_TASK_SLEEPING && t->unpinned)
		sim_preempt_maybe_move(t);	/* where it wakes up */
	flush_decisions(NULL, POINT_NORMAL);
	next = pick_next(NULL, POINT_NORMAL);
	if (next != t)
		switch_to(t, next);
	else
		task_resumed(t);
	t->wait_site = NULL;
}

void sim_might_sleep(const struct sim_site *site)
{
	struct sim_task *t = eng.current;

	if (!t)
		return;
	if (t->preempt_count > 0 && !t->is_irq && !t->irqs_off)
		sim_fail(SIM_FAIL_BUG, "sleeping-while-atomic",
			 "%s:%u: %s(%s) may sleep, called by %s with preempt_count %d",
			 site->func, site->line, site->op, site->expr, t->name, t->preempt_count);
	sim_rcu_might_sleep(site);
	if (t->is_irq || t->irqs_off)
		sim_fail(SIM_FAIL_BUG, "sleeping-while-atomic",
			 "%s:%u: %s(%s) may sleep, called by %s %s (preempt_count %#x)",
			 site->func, site->line, site->op, site->expr, t->name,
			 t->is_irq ? "in interrupt context" : "with irqs disabled",
			 (unsigned int)t->preempt_count);
	/* might_resched(): under --preempt voluntary the next point may switch. */
	t->resched_hint = true;
}

/* ---- tasks ------------------------------------------------------------- */

static void task_exit(struct sim_task *t)
{
	struct sim_task *next;

	/*
	 * Stores still buffered: the others may run before they drain, or
	 * ending a task would order its stores before everyone's next load.
	 */
	if (sim_mm_pending(t->cpu))
		point(&exit_site, POINT_NORMAL);
	if (eng.result->failure.kind != SIM_OK)
		sim_abandon_run();
	sim_mm_drain(t->cpu);
	t->state = SIM_TASK_DONE;
	sim_trace_event(SIM_EV_EXIT, NULL, 0, NULL, -1);
	sim_hb_release(t);
	flush_decisions(NULL, POINT_NORMAL);
	next = pick_next(NULL, POINT_NORMAL);
	if (!next)
		sim_abandon_run();	/* all done, or a deadlock reported */
	eng.current = eng.running = next;
	sim_fiber_exit(t->fiber, next->fiber);
}

static void task_main(void *arg)
{
	struct sim_task *t = arg;

	sim_hb_acquire(&eng);	/* see everything the scenario's setup did */
	sim_hb_acquire(&t->arg);	/* ... or the task that created it */
	task_resumed(t);
	t->fn(t->arg);
	task_exit(t);
}

struct sim_task *sim_task_new(const char *name, unsigned int cpu, void (*fn)(void *), void *arg,
			      bool unpinned)
{
	struct sim_task *t;
	int err;

	/* From setup, or from a task (not from a check, which runs between steps). */
	if (!eng.in_run || (!eng.current && eng.running) || eng.nr_tasks == SIM_MAX_TASKS ||
	    cpu >= eng.scenario->nr_cpus) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "cannot create task %s on cpu%u (%u tasks, "
			 "%u CPUs)", name, cpu, eng.nr_tasks, eng.scenario->nr_cpus);
		return NULL;
	}
	while (eng.nr_pool <= eng.nr_tasks) {
		char fiber_name[32];

		snprintf(fiber_name, sizeof(fiber_name), "task%u", eng.nr_pool);
		err = sim_fiber_create(&eng.pool[eng.nr_pool], STACK_SIZE, fiber_name);
		if (err) {
			fprintf(stderr, "schedfuzz: cannot map a task stack: %s\n", strerror(-err));
			exit(2);
		}
		eng.nr_pool++;
	}
	t = &eng.tasks[eng.nr_tasks];
	memset(t, 0, sizeof(*t));
	t->id = eng.nr_tasks++;
	t->cpu = cpu;
	t->fn = fn;
	t->arg = arg;
	t->unpinned = unpinned;
	t->fiber = &eng.pool[t->id];
	snprintf(t->name, sizeof(t->name), "%s", name);
	sim_fiber_prepare(t->fiber, task_main, t);
	/* What its creator did happens before it starts. */
	if (eng.current)
		sim_hb_release(&t->arg);
	return t;
}

void sim_task_set_irq(struct sim_task *t)
{
	t->is_irq = true;
	eng.nr_irq_tasks++;
}

struct sim_task *sim_task_create(const char *name, unsigned int cpu, void (*fn)(void *),
				 void *arg)
{
	return sim_task_new(name, cpu, fn, arg, false);
}

struct sim_task *sim_task_create_unpinned(const char *name, unsigned int cpu,
					  void (*fn)(void *), void *arg)
{
	return sim_task_new(name, cpu, fn, arg, true);
}

/* RCU's callback tasks, made when a task first queues a callback (rcu.c). */
struct sim_task *sim_task_create_late(const char *name, unsigned int cpu, void (*fn)(void *),
				      void *arg)
{
	return sim_task_new(name, cpu, fn, arg, false);
}

/* ---- runs -------------------------------------------------------------- */

static void run_reset(const struct sim_run_config *cfg, struct sim_result *result)
{
	memset(result, 0, sizeof(*result));
	eng.cfg = cfg;
	eng.scenario = cfg->scenario;
	eng.result = result;
	eng.ctx = NULL;
	eng.nr_tasks = eng.nr_irq_tasks = 0;
	eng.current = eng.running = NULL;
	eng.point_task = NULL;
	eng.schedule.len = 0;
	eng.max_steps = cfg->scenario->max_steps ? cfg->scenario->max_steps : DEFAULT_MAX_STEPS;
	/* The last run's CPUs: what a run pays for is what it used. */
	memset(eng.cpu_curr, 0, eng.nr_cpus_used * sizeof(eng.cpu_curr[0]));
	memset(eng.cpu_left, 0, eng.nr_cpus_used * sizeof(eng.cpu_left[0]));
	memset(eng.cpu_stretch, 0, eng.nr_cpus_used * sizeof(eng.cpu_stretch[0]));
	eng.nr_cpus_used = cfg->scenario->nr_cpus <= SIM_MAX_CPUS ? cfg->scenario->nr_cpus : 0;
	sim_trace_reset();
	sim_irq_reset();
	sim_kthread_reset();
	sim_names_reset();
	sim_alloc_reset();
	sim_mm_reset();
	sim_rcu_reset();
}

enum sim_fail_kind sim_run(const struct sim_run_config *cfg, struct sim_result *result)
{
	const struct sim_scenario *s = cfg->scenario;
	struct sim_task *first;
	unsigned int i;

	if (!eng.thread_ready) {
		sim_fiber_init_thread(&eng.thread);
		eng.thread_ready = true;
	}
	run_reset(cfg, result);
	if (s->nr_cpus < 1 || s->nr_cpus > SIM_MAX_CPUS) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "scenario %s has %u CPUs (1 to %d)",
			 s->name, s->nr_cpus, SIM_MAX_CPUS);
		return result->failure.kind;
	}
	eng.in_run = true;
	eng.ctx = s->setup();
	if (result->failure.kind == SIM_OK) {
		sim_hb_release(&eng);
		first = pick_next(NULL, POINT_NORMAL);
		if (first) {
			eng.current = eng.running = first;
			sim_fiber_switch(&eng.thread, first->fiber);
		}
		for (i = 0; i < eng.nr_tasks; i++)
			sim_hb_acquire(&eng.tasks[i]);
	}
	if (result->failure.kind == SIM_OK && !result->pruned) {
		if (s->check)
			s->check(eng.ctx);
		if (s->finish && result->failure.kind == SIM_OK)
			s->finish(eng.ctx);
	}
	if (s->teardown)
		s->teardown(eng.ctx);
	sim_contention_run_end();
	sim_alloc_reset();
	eng.in_run = false;

	result->steps = sim_trace_steps();
	result->decisions = eng.schedule.len;
	result->schedule = eng.schedule.bytes;
	result->schedule_len = eng.schedule.len;
	return result->failure.kind;
}

void sim_current_schedule(const uint8_t **bytes, size_t *len)
{
	*bytes = eng.schedule.bytes;
	*len = eng.schedule.len;
}

bool sim_in_run(void)
{
	return eng.in_run;
}

void sim_shutdown(void)
{
	unsigned int i;

	for (i = 0; i < eng.nr_pool; i++)
		sim_fiber_destroy(&eng.pool[i]);
	eng.nr_pool = 0;
	sim_schedule_free(&eng.schedule);
}

bool sim_fault_in_guard(const void *addr, const char **task)
{
	unsigned int i;

	for (i = 0; i < eng.nr_pool; i++) {
		if (sim_fiber_guard_hit(&eng.pool[i], addr)) {
			*task = i < eng.nr_tasks ? eng.tasks[i].name : "?";
			return true;
		}
	}
	return false;
}
