// SPDX-License-Identifier: GPL-2.0
/*
 * Store buffering, the shape of the lost drain in 004_9290366d9c4e164a.txt
 * (John Ogness' litmus test): each CPU stores to one variable, then loads
 * the other.  Interleaving alone cannot make both loads miss both stores;
 * x86's store buffers can (demo/sb, buggy under tso only), unless a full
 * barrier sits between each store and load (demo/sb-mb, correct under both).
 */
#include <linux/barrier.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "scenario.h"
#include "sched.h"

struct store_buffering {
	int x, y;
	int r0, r1;
	bool mb;
};

static void store_x_load_y(void *arg)
{
	struct store_buffering *ctx = arg;

	WRITE_ONCE(ctx->x, 1);
	if (ctx->mb)
		smp_mb();
	ctx->r0 = READ_ONCE(ctx->y);
}

static void store_y_load_x(void *arg)
{
	struct store_buffering *ctx = arg;

	WRITE_ONCE(ctx->y, 1);
	if (ctx->mb)
		smp_mb();
	ctx->r1 = READ_ONCE(ctx->x);
}

static void *sb_setup(bool mb)
{
	struct store_buffering *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->mb = mb;
	sim_task_create("P0", 0, store_x_load_y, ctx);
	sim_task_create("P1", 1, store_y_load_x, ctx);
	return ctx;
}

static void *sb_plain_setup(void)
{
	return sb_setup(false);
}

static void *sb_mb_setup(void)
{
	return sb_setup(true);
}

static void sb_finish(void *arg)
{
	struct store_buffering *ctx = arg;

	if (ctx->r0 == 0 && ctx->r1 == 0)
		sim_violation("store-buffering", "P0 read y = 0 and P1 read x = 0: each load "
			      "passed its CPU's earlier store");
}

SIM_SCENARIO(demo_sb) = {
	.name = "demo/sb",
	.description = "store buffering: x=1; r0=y || y=1; r1=x ends with r0 = r1 = 0",
	.nr_cpus = 2,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:store-buffering",
	.fixed_by = "demo/sb-mb",
	.setup = sb_plain_setup,
	.finish = sb_finish,
};

SIM_SCENARIO(demo_sb_mb) = {
	.name = "demo/sb-mb",
	.description = "the same with smp_mb() between each store and load",
	.nr_cpus = 2,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.setup = sb_mb_setup,
	.finish = sb_finish,
};
