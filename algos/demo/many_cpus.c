// SPDX-License-Identifier: GPL-2.0
/*
 * demo/many-cpus: many tasks on many CPUs, half of them free to move, each
 * adding one to a total under a spinlock and to its CPU's counter with
 * get_cpu_var() (preemption off, so the CPU cannot change under it).
 * Correct: the total and the sum of the per-CPU counters both equal the
 * number of tasks.  What it shows is scale: 16 CPUs and 64 tasks by default
 * (up to 256 tasks), and what a run costs with them (tools/bench).  No
 * verdict: 3 x 10^5 schedules of it (the verdict test) would take minutes;
 * tests/test_preempt.c runs it over a few thousand instead.
 */
#define CONFIG_NR_CPUS 16	/* before any kernel header: DEFINE_PER_CPU's slots */

#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <stdio.h>

#include "scenario.h"
#include "sched.h"

#define MANY_CPUS 16

struct many {
	spinlock_t lock;
	int total;
	int nr_tasks;
	DEFINE_PER_CPU(int, hits);
};

static void many_task(void *arg)
{
	struct many *ctx = arg;

	spin_lock(&ctx->lock);
	ctx->total++;
	spin_unlock(&ctx->lock);
	get_cpu_var(ctx->hits)++;
	put_cpu_var(ctx->hits);
}

static void *many_setup(void)
{
	struct many *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	char name[16];
	int i;

	spin_lock_init(&ctx->lock);
	ctx->nr_tasks = (int)sim_param("tasks");
	for (i = 0; i < ctx->nr_tasks; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		if (i % 2)
			sim_task_create_unpinned(name, (unsigned int)i % MANY_CPUS, many_task, ctx);
		else
			sim_task_create(name, (unsigned int)i % MANY_CPUS, many_task, ctx);
	}
	return ctx;
}

static void many_finish(void *arg)
{
	struct many *ctx = arg;
	int cpu, sum = 0;

	for_each_possible_cpu(cpu)
		sum += per_cpu(ctx->hits, cpu);
	if (ctx->total != ctx->nr_tasks || sum != ctx->nr_tasks)
		sim_violation("count", "total %d, per-CPU sum %d, after %d tasks", ctx->total, sum,
			      ctx->nr_tasks);
}

static const struct sim_param_spec many_params[] = {
	{ "tasks", 64, 1, SIM_MAX_TASKS, "tasks, task i on cpu i % 16, the odd ones unpinned" },
};

SIM_SCENARIO(demo_many_cpus) = {
	.name = "demo/many-cpus",
	.description = "16 CPUs, 64 tasks (half unpinned): a spinlocked total, per-CPU counts",
	.nr_cpus = MANY_CPUS,
	.max_steps = 100000,
	.params = many_params,
	.nr_params = ARRAY_SIZE(many_params),
	.setup = many_setup,
	.finish = many_finish,
};
