// SPDX-License-Identifier: GPL-2.0
/*
 * Message passing: a writer fills in data, then sets a flag; a reader that
 * sees the flag must see the data.  Under sc and x86-TSO program order is
 * enough (stores leave a TSO buffer in order, loads are not reordered).
 * Under LKMM it is not (MP+poonceonces: Sometimes): the writer's stores may
 * reach the reader's CPU in either order, and the reader's loads are not
 * ordered either.  The kernel's two fixes: smp_wmb() in the writer paired
 * with smp_rmb() in the reader (MP+fencewmbonceonce+fencermbonceonce), or
 * smp_store_release() of the flag paired with smp_load_acquire()
 * (MP+pooncerelease+poacquireonce); both Never.
 */
#include <linux/barrier.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "scenario.h"
#include "sched.h"

enum mp_barriers {
	MP_NONE,
	MP_WMB_RMB,
	MP_RELEASE_ACQUIRE,
};

struct message_passing {
	int data, flag;
	int r_flag, r_data;
	enum mp_barriers barriers;
};

static void mp_writer(void *arg)
{
	struct message_passing *ctx = arg;

	WRITE_ONCE(ctx->data, 42);
	switch (ctx->barriers) {
	case MP_NONE:
		WRITE_ONCE(ctx->flag, 1);
		break;
	case MP_WMB_RMB:
		smp_wmb();
		WRITE_ONCE(ctx->flag, 1);
		break;
	case MP_RELEASE_ACQUIRE:
		smp_store_release(&ctx->flag, 1);
		break;
	}
}

static void mp_reader(void *arg)
{
	struct message_passing *ctx = arg;

	switch (ctx->barriers) {
	case MP_NONE:
		ctx->r_flag = READ_ONCE(ctx->flag);
		break;
	case MP_WMB_RMB:
		ctx->r_flag = READ_ONCE(ctx->flag);
		smp_rmb();
		break;
	case MP_RELEASE_ACQUIRE:
		ctx->r_flag = smp_load_acquire(&ctx->flag);
		break;
	}
	ctx->r_data = READ_ONCE(ctx->data);
}

static void *mp_setup(enum mp_barriers barriers)
{
	struct message_passing *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->barriers = barriers;
	sim_task_create("writer", 0, mp_writer, ctx);
	sim_task_create("reader", 1, mp_reader, ctx);
	return ctx;
}

static void *mp_none_setup(void)
{
	return mp_setup(MP_NONE);
}

static void *mp_wmb_rmb_setup(void)
{
	return mp_setup(MP_WMB_RMB);
}

static void *mp_release_acquire_setup(void)
{
	return mp_setup(MP_RELEASE_ACQUIRE);
}

static void mp_finish(void *arg)
{
	struct message_passing *ctx = arg;

	if (ctx->r_flag && ctx->r_data != 42)
		sim_violation("message-passing", "the reader saw flag = 1 but data = %d, not 42",
			      ctx->r_data);
}

SIM_SCENARIO(demo_mp) = {
	.name = "demo/mp",
	.description = "message passing: data=42; flag=1 || r=flag; d=data sees flag without data",
	.nr_cpus = 2,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:message-passing",
	.fixed_by = "demo/mp-wmb-rmb",
	.setup = mp_none_setup,
	.finish = mp_finish,
};

SIM_SCENARIO(demo_mp_wmb_rmb) = {
	.name = "demo/mp-wmb-rmb",
	.description = "the same with smp_wmb() in the writer and smp_rmb() in the reader",
	.nr_cpus = 2,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.setup = mp_wmb_rmb_setup,
	.finish = mp_finish,
};

SIM_SCENARIO(demo_mp_release_acquire) = {
	.name = "demo/mp-release-acquire",
	.description = "the same with smp_store_release() of the flag and smp_load_acquire()",
	.nr_cpus = 2,
	.max_steps = 100,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.setup = mp_release_acquire_setup,
	.finish = mp_finish,
};
