// SPDX-License-Identifier: GPL-2.0
/*
 * Independent reads of independent writes: two CPUs each store to one
 * variable, two others read both, in opposite orders.  Under sc and
 * x86-TSO (multicopy-atomic: a store reaches every other CPU at once) the
 * readers cannot disagree on which store came first.  LKMM is not
 * multicopy-atomic and they can (IRIW+poonceonces+OnceOnce: Sometimes),
 * even with smp_rmb() between the reads; with smp_mb() they cannot
 * (IRIW+fencembonceonces+OnceOnce: Never): a full barrier is cumulative.
 */
#include <linux/barrier.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "scenario.h"
#include "sched.h"

struct iriw {
	int x, y;
	int r[2][2];	/* reader 0: x then y; reader 1: y then x */
	bool mb;
};

static void write_x(void *arg)
{
	struct iriw *ctx = arg;

	WRITE_ONCE(ctx->x, 1);
}

static void write_y(void *arg)
{
	struct iriw *ctx = arg;

	WRITE_ONCE(ctx->y, 1);
}

static void read_x_y(void *arg)
{
	struct iriw *ctx = arg;

	ctx->r[0][0] = READ_ONCE(ctx->x);
	if (ctx->mb)
		smp_mb();
	ctx->r[0][1] = READ_ONCE(ctx->y);
}

static void read_y_x(void *arg)
{
	struct iriw *ctx = arg;

	ctx->r[1][0] = READ_ONCE(ctx->y);
	if (ctx->mb)
		smp_mb();
	ctx->r[1][1] = READ_ONCE(ctx->x);
}

static void *iriw_setup(bool mb)
{
	struct iriw *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->mb = mb;
	sim_task_create("write-x", 0, write_x, ctx);
	sim_task_create("read-xy", 1, read_x_y, ctx);
	sim_task_create("write-y", 2, write_y, ctx);
	sim_task_create("read-yx", 3, read_y_x, ctx);
	return ctx;
}

static void *iriw_plain_setup(void)
{
	return iriw_setup(false);
}

static void *iriw_mb_setup(void)
{
	return iriw_setup(true);
}

static void iriw_finish(void *arg)
{
	struct iriw *ctx = arg;

	if (ctx->r[0][0] && !ctx->r[0][1] && ctx->r[1][0] && !ctx->r[1][1])
		sim_violation("iriw", "one reader saw x = 1 before y = 1, the other y = 1 "
			      "before x = 1: the stores reached them in different orders");
}

SIM_SCENARIO(demo_iriw) = {
	.name = "demo/iriw",
	.description = "x=1 || r=x; s=y || y=1 || t=y; u=x: the readers disagree on the order",
	.nr_cpus = 4,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:iriw",
	.fixed_by = "demo/iriw-mb",
	.setup = iriw_plain_setup,
	.finish = iriw_finish,
};

SIM_SCENARIO(demo_iriw_mb) = {
	.name = "demo/iriw-mb",
	.description = "the same with smp_mb() between each reader's loads",
	.nr_cpus = 4,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.setup = iriw_mb_setup,
	.finish = iriw_finish,
};
