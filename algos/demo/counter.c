// SPDX-License-Identifier: GPL-2.0
/*
 * Two ways to count to N with N tasks spread over two CPUs: racing marked
 * accesses (demo/lost-update, buggy: READ_ONCE and WRITE_ONCE are each
 * atomic, their pair is not) and a critical section under a spinlock
 * (demo/locked-counter, correct: the yield inside it can interleave nothing).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "scenario.h"
#include "sched.h"

struct counter {
	spinlock_t lock;
	int x;
	int nr_tasks;
};

static const char *const task_names[] = { "inc0", "inc1", "inc2", "inc3",
					  "inc4", "inc5", "inc6", "inc7" };

static void lost_update(void *arg)
{
	struct counter *ctx = arg;

	WRITE_ONCE(ctx->x, READ_ONCE(ctx->x) + 1);
}

static void locked_increment(void *arg)
{
	struct counter *ctx = arg;
	int x;

	spin_lock(&ctx->lock);
	x = ctx->x;
	sim_yield();
	ctx->x = x + 1;
	spin_unlock(&ctx->lock);
}

static void *counter_setup(void (*fn)(void *))
{
	struct counter *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	int i;

	spin_lock_init(&ctx->lock);
	ctx->nr_tasks = (int)sim_param("tasks");
	for (i = 0; i < ctx->nr_tasks; i++)
		sim_task_create(task_names[i], (unsigned int)i % 2, fn, ctx);
	return ctx;
}

static void *lost_update_setup(void)
{
	return counter_setup(lost_update);
}

static void *locked_counter_setup(void)
{
	return counter_setup(locked_increment);
}

static void counter_finish(void *arg)
{
	struct counter *ctx = arg;

	if (ctx->x != ctx->nr_tasks)
		sim_violation("final-count", "x = %d after %d increments", ctx->x, ctx->nr_tasks);
}

static const struct sim_param_spec counter_params[] = {
	{ "tasks", 2, 2, 8, "incrementing tasks, alternating between cpu0 and cpu1" },
};

SIM_SCENARIO(demo_lost_update) = {
	.name = "demo/lost-update",
	.description = "two tasks WRITE_ONCE(x, READ_ONCE(x) + 1): an increment is lost",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:final-count",
	.fixed_by = "demo/locked-counter",
	.params = counter_params,
	.nr_params = ARRAY_SIZE(counter_params),
	.setup = lost_update_setup,
	.finish = counter_finish,
};

SIM_SCENARIO(demo_locked_counter) = {
	.name = "demo/locked-counter",
	.description = "the same increment as a critical section under a spinlock",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = counter_params,
	.nr_params = ARRAY_SIZE(counter_params),
	.setup = locked_counter_setup,
	.finish = counter_finish,
};
