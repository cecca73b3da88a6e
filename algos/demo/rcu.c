// SPDX-License-Identifier: GPL-2.0
/*
 * "Did I forget synchronize_rcu() before kfree()?"  An updater replaces
 * the object readers find under rcu_read_lock() and frees the old one:
 *
 * demo/rcu-sync		synchronize_rcu(), then kfree(): correct.
 * demo/rcu-kfree-rcu		kfree_rcu(): the RCU callback task frees it after a
 *				grace period: correct.
 * demo/rcu-forgot-sync		kfree() at once: a reader that found the old object
 *				reads it after the free -- "use-after-free", the
 *				engine's check at its READ_ONCE(), in every build.
 *
 * The readers' plain read of ->b is judged by TSan against the updater's
 * plain write after the grace period: the grace period orders them.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include <schedfuzz/scenario.h>

#define NR_READERS 2

struct foo {
	int a;
	int b;
	struct rcu_head rcu;
};

struct rcu_demo {
	struct foo __rcu *gp;
	int retire;	/* RETIRE_* */
};

enum { RETIRE_SYNC, RETIRE_KFREE_RCU, RETIRE_NOW };

static const struct sim_field foo_fields[] = {
	SIM_FIELD(struct foo, a),
	SIM_FIELD(struct foo, b),
};
SIM_FIELDS(foo_fields);

static void reader(void *arg)
{
	struct rcu_demo *ctx = arg;
	struct foo *p;
	int a;

	rcu_read_lock();
	p = rcu_dereference(ctx->gp);
	a = READ_ONCE(p->a);
	if (a != 1 && a != 2)
		sim_violation("stale-object", "the object found holds a = %d", a);
	/* Not when it may be freed under us: TSan would call the read a race with kfree(). */
	if (ctx->retire != RETIRE_NOW && p->b != 10 * a)
		sim_violation("stale-object", "the object found holds b = %d", p->b);
	rcu_read_unlock();
}

static void updater(void *arg)
{
	struct rcu_demo *ctx = arg;
	struct foo *new = kzalloc(sizeof(struct foo), GFP_KERNEL), *old;

	new->a = 2;
	new->b = 20;
	old = rcu_dereference_protected(ctx->gp, 1);
	rcu_assign_pointer(ctx->gp, new);
	switch (ctx->retire) {
	case RETIRE_SYNC:
		synchronize_rcu();
		old->b = 0;	/* plain: ordered after every reader that could see it */
		kfree(old);
		break;
	case RETIRE_KFREE_RCU:
		kfree_rcu(old, rcu);
		break;
	case RETIRE_NOW:
		kfree(old);
		break;
	}
}

static void *rcu_demo_setup(int retire)
{
	struct rcu_demo *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct foo *first = kzalloc(sizeof(struct foo), GFP_KERNEL);
	unsigned int i;

	first->a = 1;
	first->b = 10;
	RCU_INIT_POINTER(ctx->gp, first);
	ctx->retire = retire;
	sim_task_create("updater", 0, updater, ctx);
	for (i = 0; i < NR_READERS; i++) {
		static const char *const names[NR_READERS] = { "reader0", "reader1" };

		sim_task_create(names[i], 1 + i, reader, ctx);
	}
	return ctx;
}

static void *sync_setup(void) { return rcu_demo_setup(RETIRE_SYNC); }
static void *kfree_rcu_setup(void) { return rcu_demo_setup(RETIRE_KFREE_RCU); }
static void *now_setup(void) { return rcu_demo_setup(RETIRE_NOW); }

static const struct sim_param_spec rcu_demo_params[] = { SIM_RCU_PARAM };

#define EVERY_MODEL(v) { [SIM_MM_SC] = (v), [SIM_MM_TSO] = (v), [SIM_MM_LKMM] = (v) }

SIM_SCENARIO(demo_rcu_sync) = {
	.name = "demo/rcu-sync",
	.description = "an RCU updater replaces an object: synchronize_rcu(), then kfree()",
	.nr_cpus = 1 + NR_READERS,
	.max_steps = 1000,
	.verdict = EVERY_MODEL(SIM_VERDICT_CORRECT),
	.params = rcu_demo_params,
	.nr_params = 1,
	.setup = sync_setup,
};

SIM_SCENARIO(demo_rcu_kfree_rcu) = {
	.name = "demo/rcu-kfree-rcu",
	.description = "an RCU updater replaces an object and frees it with kfree_rcu()",
	.nr_cpus = 1 + NR_READERS,
	.max_steps = 1000,
	.verdict = EVERY_MODEL(SIM_VERDICT_CORRECT),
	.params = rcu_demo_params,
	.nr_params = 1,
	.setup = kfree_rcu_setup,
};

SIM_SCENARIO(demo_rcu_forgot_sync) = {
	.name = "demo/rcu-forgot-sync",
	.description = "an RCU updater frees the object it replaced at once: use-after-free",
	.nr_cpus = 1 + NR_READERS,
	.max_steps = 1000,
	.verdict = EVERY_MODEL(SIM_VERDICT_BUGGY),
	.bug = "bug:use-after-free",
	.fixed_by = "demo/rcu-sync",
	.params = rcu_demo_params,
	.nr_params = 1,
	.setup = now_setup,
};
