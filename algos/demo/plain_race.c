// SPDX-License-Identifier: GPL-2.0
/*
 * A plain, unlocked counter++ in two tasks.  Between two preemption points
 * a task runs alone, so the count always comes out right here: only
 * ThreadSanitizer, which sees no happens-before between the tasks, can
 * call it what the kernel's rules call it, a data race.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "scenario.h"
#include "sched.h"

struct plain_race {
	int counter;
};

static void plain_increment(void *arg)
{
	struct plain_race *ctx = arg;

	sim_yield();
	ctx->counter++;
}

static void *plain_race_setup(void)
{
	struct plain_race *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("inc0", 0, plain_increment, ctx);
	sim_task_create("inc1", 1, plain_increment, ctx);
	return ctx;
}

SIM_SCENARIO(demo_plain_race) = {
	.name = "demo/plain-race",
	.description = "a plain unlocked counter++ in two tasks: a data race for TSan",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "sanitizer:data-race",
	.setup = plain_race_setup,
};
