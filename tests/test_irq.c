// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts, cross-CPU calls and kthreads (sim/irq.c, sim/kthread.c): a
 * handler runs only where its CPU has interrupts on, spin_lock_irqsave()
 * keeps it out, an IPI with wait returns after the function has run there,
 * kthreads start, stop and return; sleeping in interrupt context is a BUG.
 * "found" by a random search from scratch, "never" by an exhaustive dfs.
 */
#include <linux/atomic.h>
#include <linux/barrier.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "helpers.h"
#include "sched.h"

static uint64_t never(const struct sim_scenario *s, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source *src = malloc(sizeof(*src));
	struct sim_result res;
	uint64_t run;

	ck_assert_ptr_nonnull(src);
	sim_source_dfs(src, SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, s, src);
	cfg.preempt = helper_preempt;
	for (run = 0; !sim_source_exhausted(src); run++) {
		ck_assert_uint_lt(run, 2000000);
		sim_source_begin_run(src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(src, res.steps);
		if (res.failure.kind != SIM_OK) {
			outcome_take(o, &res);
			ck_abort_msg("%s under preempt %s: %s %s after %llu runs: %s", s->name,
				     sim_preempt_name[helper_preempt], sim_fail_kind_name[o->kind],
				     o->name, (unsigned long long)run + 1, o->message);
		}
	}
	ck_assert(!src->truncated);
	free(src);
	return run;
}

static void found(const struct sim_scenario *s, const char *name, struct outcome *o)
{
	uint64_t runs = search(s, 1, 0, 20000, o);

	ck_assert_msg(runs, "%s under preempt %s: not found in 20000 runs", s->name,
		      sim_preempt_name[helper_preempt]);
	ck_assert_msg(!strcmp(o->name, name), "%s: %s, not %s: %s", s->name, o->name, name,
		      o->message);
}

/* ---- a handler comes only where irqs are on ----------------------------- */

enum irq_guard {
	GUARD_NONE,
	GUARD_IRQ_DISABLE,
	GUARD_IRQ_SAVE,
	GUARD_SPIN_LOCK,		/* the handler takes the lock too: deadlock */
	GUARD_SPIN_LOCK_IRQSAVE,
	GUARD_SPIN_LOCK_IRQ,
	GUARD_PREEMPT_DISABLE,		/* keeps tasks out, not interrupts */
	GUARD_NR,
};

struct irq_ctx {
	spinlock_t lock;
	int inside;		/* the task is in its guarded section */
	int count;
	int handled;
	int handler_saw_inside;
	bool handler_in_irq, task_in_irq;
};

static enum irq_guard irq_guard;

static void timer_interrupt(void *arg)
{
	struct irq_ctx *ctx = arg;

	if (irq_guard >= GUARD_SPIN_LOCK && irq_guard <= GUARD_SPIN_LOCK_IRQ)
		spin_lock(&ctx->lock);
	if (READ_ONCE(ctx->inside))
		ctx->handler_saw_inside++;
	ctx->handler_in_irq = in_irq() && in_interrupt() && irqs_disabled();
	WRITE_ONCE(ctx->count, READ_ONCE(ctx->count) + 1);
	ctx->handled++;
	if (irq_guard >= GUARD_SPIN_LOCK && irq_guard <= GUARD_SPIN_LOCK_IRQ)
		spin_unlock(&ctx->lock);
}

static void irq_task(void *arg)
{
	struct irq_ctx *ctx = arg;
	unsigned long flags = 0;
	int v;

	ctx->task_in_irq = in_interrupt();
	READ_ONCE(ctx->count);	/* a task's first point makes no decision */
	switch (irq_guard) {
	case GUARD_IRQ_DISABLE:
		local_irq_disable();
		break;
	case GUARD_IRQ_SAVE:
		local_irq_save(flags);
		break;
	case GUARD_SPIN_LOCK:
		spin_lock(&ctx->lock);
		break;
	case GUARD_SPIN_LOCK_IRQSAVE:
		spin_lock_irqsave(&ctx->lock, flags);
		break;
	case GUARD_SPIN_LOCK_IRQ:
		spin_lock_irq(&ctx->lock);
		break;
	case GUARD_PREEMPT_DISABLE:
		preempt_disable();
		break;
	default:
		break;
	}
	WRITE_ONCE(ctx->inside, 1);
	v = READ_ONCE(ctx->count);
	WRITE_ONCE(ctx->count, v + 1);
	WRITE_ONCE(ctx->inside, 0);
	switch (irq_guard) {
	case GUARD_IRQ_DISABLE:
		local_irq_enable();
		break;
	case GUARD_IRQ_SAVE:
		local_irq_restore(flags);
		break;
	case GUARD_SPIN_LOCK:
		spin_unlock(&ctx->lock);
		break;
	case GUARD_SPIN_LOCK_IRQSAVE:
		spin_unlock_irqrestore(&ctx->lock, flags);
		break;
	case GUARD_SPIN_LOCK_IRQ:
		spin_unlock_irq(&ctx->lock);
		break;
	case GUARD_PREEMPT_DISABLE:
		preempt_enable();
		break;
	default:
		break;
	}
	READ_ONCE(ctx->count);
}

static void *irq_setup(void)
{
	struct irq_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->lock);
	sim_task_create("task", 0, irq_task, ctx);
	sim_irq_create("timer", 0, timer_interrupt, ctx, 1);
	return ctx;
}

static void irq_finish(void *arg)
{
	struct irq_ctx *ctx = arg;

	if (ctx->handler_saw_inside)
		sim_violation("irq-inside", "the handler ran inside the task's section");
	if (ctx->count != 1 + ctx->handled)
		sim_violation("lost-update", "count %d after 1 + %d increments", ctx->count,
			      ctx->handled);
	if (ctx->task_in_irq || (ctx->handled && !ctx->handler_in_irq))
		sim_violation("context", "in_interrupt() wrong in the task or the handler");
}

static const struct sim_scenario irq_scenario = {
	.name = "test/irq",
	.nr_cpus = 2,
	.setup = irq_setup,
	.finish = irq_finish,
};

START_TEST(test_irq_where_enabled)
{
	struct outcome o;
	unsigned int p;

	irq_guard = (enum irq_guard)_i;
	for (p = 0; p < SIM_PREEMPT_NR; p++) {
		helper_preempt = (enum sim_preempt)p;
		switch (irq_guard) {
		case GUARD_NONE:
		case GUARD_PREEMPT_DISABLE:
			found(&irq_scenario, "irq-inside", &o);
			break;
		case GUARD_SPIN_LOCK:
			found(&irq_scenario, "deadlock", &o);
			ck_assert(strstr(o.message, "timer (cpu0) spins"));
			break;
		default:
			never(&irq_scenario, &o);
			break;
		}
	}
	helper_preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/* A handler that never comes leaves the run as it was: the default schedule takes none. */
START_TEST(test_irq_default_takes_none)
{
	struct outcome o;

	irq_guard = GUARD_NONE;
	run_bytes(&irq_scenario, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
}
END_TEST

/* ---- sleeping where one must not ---------------------------------------- */

struct sleeper {
	struct mutex m;
	int mode;
};

static int sleep_mode;

static void sleeping_handler(void *arg)
{
	struct sleeper *ctx = arg;

	mutex_lock(&ctx->m);
	mutex_unlock(&ctx->m);
}

static void sleeper_task(void *arg)
{
	struct sleeper *ctx = arg;

	READ_ONCE(ctx->mode);
	if (sleep_mode == 1)
		local_irq_disable();
	if (sleep_mode == 2)
		local_bh_disable();
	mutex_lock(&ctx->m);
	mutex_unlock(&ctx->m);
	if (sleep_mode == 1)
		local_irq_enable();
	if (sleep_mode == 2)
		local_bh_enable();
	READ_ONCE(ctx->mode);
}

static void *sleeper_setup(void)
{
	struct sleeper *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	mutex_init(&ctx->m);
	sim_task_create("task", 0, sleeper_task, ctx);
	if (sleep_mode == 0)
		sim_irq_create("irq", 0, sleeping_handler, ctx, 1);
	return ctx;
}

static const struct sim_scenario sleeper = {
	.name = "test/sleeper",
	.nr_cpus = 1,
	.setup = sleeper_setup,
};

START_TEST(test_sleeping_in_atomic)
{
	struct outcome o;

	sleep_mode = _i;
	if (_i == 0) {
		found(&sleeper, "sleeping-while-atomic", &o);
		ck_assert(strstr(o.message, "in interrupt context"));
	} else {
		run_bytes(&sleeper, NULL, 0, &o);
		ck_assert_str_eq(o.name, "sleeping-while-atomic");
		ck_assert(strstr(o.message, _i == 1 ? "with irqs disabled" : "preempt_count"));
	}
}
END_TEST

/* ---- cross-CPU calls ---------------------------------------------------- */

struct ipi {
	DEFINE_PER_CPU(int, ran);
	int bad_context;
	int wait, many;
};

static void ipi_func(void *info)
{
	struct ipi *ctx = info;
	unsigned int cpu = smp_processor_id();

	if (cpu != 0 && (!in_irq() || !irqs_disabled()))
		ctx->bad_context++;
	if (cpu == 0 && (in_irq() || !irqs_disabled()))
		ctx->bad_context++;
	WRITE_ONCE(ctx->ran[cpu], READ_ONCE(ctx->ran[cpu]) + 1);
}

static void ipi_caller(void *arg)
{
	struct ipi *ctx = arg;
	unsigned int c;

	READ_ONCE(ctx->wait);
	if (ctx->many)
		on_each_cpu(ipi_func, ctx, ctx->wait);
	else
		smp_call_function_single(2, ipi_func, ctx, ctx->wait);
	for (c = 0; c < 3; c++) {
		if (!ctx->many && c != 2)
			continue;
		if (!READ_ONCE(ctx->ran[c]))
			sim_violation("not-yet", "returned before the call ran on cpu%u", c);
	}
}

static void busy_cpu2(void *arg)
{
	struct ipi *ctx = arg;
	unsigned long flags;

	READ_ONCE(ctx->wait);
	local_irq_save(flags);
	READ_ONCE(ctx->wait);
	READ_ONCE(ctx->wait);
	local_irq_restore(flags);
}

static int ipi_wait, ipi_many;

static void *ipi_setup(void)
{
	struct ipi *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->wait = ipi_wait;
	ctx->many = ipi_many;
	sim_task_create("caller", 0, ipi_caller, ctx);
	sim_task_create("busy", 2, busy_cpu2, ctx);
	return ctx;
}

static void ipi_finish(void *arg)
{
	struct ipi *ctx = arg;
	unsigned int c;

	if (ctx->bad_context)
		sim_violation("ipi-context", "a call ran outside its CPU's interrupt context");
	for (c = 0; c < 3; c++)
		if ((ctx->many || c == 2) && ctx->ran[c] != 1)
			sim_violation("ipi-count", "ran %d times on cpu%u", ctx->ran[c], c);
}

static const struct sim_scenario ipi = {
	.name = "test/ipi",
	.nr_cpus = 3,
	.setup = ipi_setup,
	.finish = ipi_finish,
};

START_TEST(test_ipi)
{
	struct outcome o;

	ipi_many = _i / 2;
	ipi_wait = _i % 2;
	if (ipi_wait)
		never(&ipi, &o);
	else
		found(&ipi, "not-yet", &o);
}
END_TEST

/* ---- kthreads ----------------------------------------------------------- */

struct kt {
	int loops;
	int started;
	int stop_result;
	int mode;
};

static int kt_mode;

static int kt_fn(void *data)
{
	struct kt *ctx = data;

	WRITE_ONCE(ctx->started, 1);
	while (!kthread_should_stop()) {
		WRITE_ONCE(ctx->loops, READ_ONCE(ctx->loops) + 1);
		cond_resched();
	}
	return 42;
}

static void kt_parent(void *arg)
{
	struct kt *ctx = arg;
	struct task_struct *k;

	READ_ONCE(ctx->mode);
	if (ctx->mode == 1) {
		k = kthread_create(kt_fn, ctx, "kt/%d", 1);
	} else {
		k = kthread_run(kt_fn, ctx, "kt/%d", 0);
		WRITE_ONCE(ctx->mode, ctx->mode);
	}
	ctx->stop_result = kthread_stop(k);
}

static void *kt_setup(void)
{
	struct kt *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->mode = kt_mode;
	sim_task_create("parent", 0, kt_parent, ctx);
	return ctx;
}

static int kt_ran;

static void kt_finish(void *arg)
{
	struct kt *ctx = arg;

	kt_ran += ctx->started;
	if (ctx->mode == 1 && (ctx->started || ctx->stop_result != -EINTR))
		sim_violation("kthread", "stopped before it ran: started %d, returned %d",
			      ctx->started, ctx->stop_result);
	if (ctx->mode == 0 && ctx->started && ctx->stop_result != 42)
		sim_violation("kthread", "kthread_stop() returned %d", ctx->stop_result);
	if (ctx->mode == 0 && !ctx->started && ctx->stop_result != -EINTR)
		sim_violation("kthread", "never started, but returned %d", ctx->stop_result);
}

static const struct sim_scenario kt = {
	.name = "test/kthread",
	.nr_cpus = 2,
	.max_steps = 2000,
	.setup = kt_setup,
	.finish = kt_finish,
};

START_TEST(test_kthread)
{
	struct outcome o;

	kt_mode = _i;
	kt_ran = 0;
	/*
	 * Random runs: the thread loops until stopped, which dfs would unroll
	 * forever, and PCT too when the thread outranks its parent (cond_resched()
	 * is no busy-wait to it).
	 */
	ck_assert_msg(!search(&kt, 1, 0, 3000, &o), "%s: %s", o.name, o.message);
	run_bytes(&kt, NULL, 0, &o);
	ck_assert_msg(o.kind == SIM_OK, "%s: %s", o.name, o.message);
	/* Not vacuous: kthread_run()'s thread ran in most runs, kthread_create()'s never. */
	if (_i == 0)
		ck_assert_int_gt(kt_ran, 1000);
	else
		ck_assert_int_eq(kt_ran, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("irq");
	TCase *tc = tcase_create("irq");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_irq_where_enabled, 0, GUARD_NR);
	tcase_add_test(tc, test_irq_default_takes_none);
	tcase_add_loop_test(tc, test_sleeping_in_atomic, 0, 3);
	tcase_add_loop_test(tc, test_ipi, 0, 4);
	tcase_add_loop_test(tc, test_kthread, 0, 2);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
