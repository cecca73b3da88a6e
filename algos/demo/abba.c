// SPDX-License-Identifier: GPL-2.0
/* Two mutexes taken in opposite orders by tasks on two CPUs: ABBA deadlock. */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "scenario.h"
#include "sched.h"

struct abba {
	struct mutex a, b;
};

static void take_ab(void *arg)
{
	struct abba *ctx = arg;

	mutex_lock(&ctx->a);
	mutex_lock(&ctx->b);
	mutex_unlock(&ctx->b);
	mutex_unlock(&ctx->a);
}

static void take_ba(void *arg)
{
	struct abba *ctx = arg;

	mutex_lock(&ctx->b);
	mutex_lock(&ctx->a);
	mutex_unlock(&ctx->a);
	mutex_unlock(&ctx->b);
}

static void *abba_setup(void)
{
	struct abba *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	mutex_init(&ctx->a);
	mutex_init(&ctx->b);
	sim_task_create("ab", 0, take_ab, ctx);
	sim_task_create("ba", 1, take_ba, ctx);
	return ctx;
}

SIM_SCENARIO(demo_abba) = {
	.name = "demo/abba",
	.description = "two mutexes taken in opposite orders: deadlock",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "deadlock",
	.setup = abba_setup,
};
