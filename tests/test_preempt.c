// SPDX-License-Identifier: GPL-2.0
/*
 * Preemption models, migration and CONFIG_DEBUG_PREEMPT (sim/preempt.c),
 * each checked by a small scenario: "found" by a random search from
 * scratch, "never" by an exhaustive dfs.
 */
#include <linux/atomic.h>
#include <linux/barrier.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "helpers.h"
#include "sched.h"

/* Every schedule (dfs, no bound) stays clean; returns how many ran. */
static uint64_t never(const struct sim_scenario *s, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source *src = malloc(sizeof(*src));
	struct sim_result res;
	uint64_t run;

	ck_assert_ptr_nonnull(src);
	sim_source_dfs(src, SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, s, src);
	cfg.mm = helper_mm;
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
	ck_assert_str_eq(o->name, name);
}

/* ---- where each model lets another task of the CPU in ------------------- */

/*
 * `owner` opens a window (x = 1, plain) and closes it right after one kind
 * of point; `peer`, on the same CPU, looks once when it first runs.  It
 * can see the window only if it took the CPU at that very point.
 */
enum window_point {
	WINDOW_ONCE,		/* a WRITE_ONCE(): any API call */
	WINDOW_MIGHT_SLEEP,	/* mutex_lock() */
	WINDOW_PREEMPT_ENABLE,	/* the drop of preempt_count to 0 */
	WINDOW_SPIN_UNLOCK,	/* spin_unlock()'s preempt_enable() */
	WINDOW_COND_RESCHED,
	WINDOW_NR,
};

/* x is set and read with relaxed atomics: no point of its own, and no data race for TSan. */
#define set_x(ctx, v) __atomic_store_n(&(ctx)->x, v, __ATOMIC_RELAXED)

struct window {
	int x, y;
	struct mutex m;
	spinlock_t lock;
};

static enum window_point window_point;

static void window_owner(void *arg)
{
	struct window *ctx = arg;

	READ_ONCE(ctx->y);	/* a task's first point makes no decision */
	switch (window_point) {
	case WINDOW_ONCE:
		set_x(ctx, 1);
		WRITE_ONCE(ctx->y, 1);
		break;
	case WINDOW_MIGHT_SLEEP:
		set_x(ctx, 1);
		mutex_lock(&ctx->m);
		break;
	case WINDOW_PREEMPT_ENABLE:
		preempt_disable();
		set_x(ctx, 1);
		preempt_enable();
		break;
	case WINDOW_SPIN_UNLOCK:
		spin_lock(&ctx->lock);
		set_x(ctx, 1);
		spin_unlock(&ctx->lock);
		break;
	default:
		set_x(ctx, 1);
		cond_resched();
		break;
	}
	set_x(ctx, 0);
	WRITE_ONCE(ctx->y, 2);
	if (window_point == WINDOW_MIGHT_SLEEP)
		mutex_unlock(&ctx->m);
}

static void window_peer(void *arg)
{
	struct window *ctx = arg;

	if (READ_ONCE(ctx->y) >= 0 && __atomic_load_n(&ctx->x, __ATOMIC_RELAXED))
		sim_violation("window", "peer ran inside the owner's window");
}

static void *window_setup(void)
{
	struct window *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	mutex_init(&ctx->m);
	spin_lock_init(&ctx->lock);
	sim_task_create("owner", 0, window_owner, ctx);
	sim_task_create("peer", 0, window_peer, ctx);
	return ctx;
}

static const struct sim_scenario window = {
	.name = "test/window",
	.nr_cpus = 1,
	.setup = window_setup,
};

/* Found under which models: none, voluntary, full, full-v1. */
static const bool window_found[WINDOW_NR][SIM_PREEMPT_NR] = {
	[WINDOW_ONCE] = { false, false, true, true },
	[WINDOW_MIGHT_SLEEP] = { false, true, true, true },
	[WINDOW_PREEMPT_ENABLE] = { false, false, true, false },
	[WINDOW_SPIN_UNLOCK] = { false, false, true, false },
	[WINDOW_COND_RESCHED] = { true, true, true, true },
};

START_TEST(test_model_points)
{
	struct outcome o;
	unsigned int p;

	window_point = (enum window_point)_i;
	for (p = 0; p < SIM_PREEMPT_NR; p++) {
		helper_preempt = (enum sim_preempt)p;
		if (window_found[_i][p])
			found(&window, "window", &o);
		else
			never(&window, &o);
	}
	helper_preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/* The same windows with the peer on another CPU: parallelism, under every model. */
static void *window_parallel_setup(void)
{
	struct window *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	mutex_init(&ctx->m);
	spin_lock_init(&ctx->lock);
	sim_task_create("owner", 0, window_owner, ctx);
	sim_task_create("peer", 1, window_peer, ctx);
	return ctx;
}

static const struct sim_scenario window_parallel = {
	.name = "test/window-parallel",
	.nr_cpus = 2,
	.setup = window_parallel_setup,
};

START_TEST(test_other_cpu_runs_at_every_point)
{
	struct outcome o;
	unsigned int p;

	/*
	 * Every kind but preempt_enable(), which touches nothing shared
	 * (spin_unlock() is a point of its own before its preempt_enable()).
	 */
	window_point = (enum window_point)_i;
	for (p = 0; p < SIM_PREEMPT_NR; p++) {
		helper_preempt = (enum sim_preempt)p;
		if (_i == WINDOW_PREEMPT_ENABLE)
			never(&window_parallel, &o);
		else
			found(&window_parallel, "window", &o);
	}
	helper_preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/* ---- migration ---------------------------------------------------------- */

enum pin_how {
	PIN_NONE,		/* unpinned and preemptible: may move */
	PIN_MIGRATE_DISABLE,
	PIN_PREEMPT_DISABLE,
	PIN_SPINLOCK,
	PIN_TASK,		/* created pinned */
};

struct mover {
	DEFINE_PER_CPU(int, slot);
	spinlock_t lock;
	int y;
	int before, after;
	int *ptr;
};

static enum pin_how pin_how;

static void mover_task(void *arg)
{
	struct mover *ctx = arg;

	if (pin_how == PIN_MIGRATE_DISABLE)
		migrate_disable();
	if (pin_how == PIN_PREEMPT_DISABLE)
		preempt_disable();
	if (pin_how == PIN_SPINLOCK)
		spin_lock(&ctx->lock);
	ctx->before = (int)raw_smp_processor_id();
	WRITE_ONCE(ctx->y, 1);	/* a task's first point makes no decision */
	WRITE_ONCE(ctx->y, 2);
	ctx->after = (int)raw_smp_processor_id();
	ctx->ptr = raw_cpu_ptr(&ctx->slot);
	if (pin_how == PIN_SPINLOCK)
		spin_unlock(&ctx->lock);
	if (pin_how == PIN_PREEMPT_DISABLE)
		preempt_enable();
	if (pin_how == PIN_MIGRATE_DISABLE)
		migrate_enable();
}

static void *mover_setup(void)
{
	struct mover *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->lock);
	if (pin_how == PIN_TASK)
		sim_task_create("mover", 0, mover_task, ctx);
	else
		sim_task_create_unpinned("mover", 0, mover_task, ctx);
	return ctx;
}

static void mover_finish(void *arg)
{
	struct mover *ctx = arg;

	if (ctx->ptr != &ctx->slot[ctx->after])
		sim_violation("raw-cpu-ptr", "raw_cpu_ptr() gave cpu%ld's slot on cpu%d",
			      (long)(ctx->ptr - ctx->slot), ctx->after);
	if (ctx->before != ctx->after)
		sim_violation("moved", "cpu%d, then cpu%d", ctx->before, ctx->after);
}

static const struct sim_scenario mover = {
	.name = "test/mover",
	.nr_cpus = 3,
	.setup = mover_setup,
	.finish = mover_finish,
};

START_TEST(test_migration)
{
	struct outcome o;
	unsigned int p;

	pin_how = (enum pin_how)_i;
	for (p = 0; p < SIM_PREEMPT_NR; p++) {
		helper_preempt = (enum sim_preempt)p;
		/* Under none and voluntary the WRITE_ONCE()s are no place to leave. */
		if (_i == PIN_NONE && p >= SIM_PREEMPT_FULL)
			found(&mover, "moved", &o);
		else
			never(&mover, &o);
	}
	helper_preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/* Under none a task moves where it sleeps or calls cond_resched(). */
static void resched_mover(void *arg)
{
	struct mover *ctx = arg;

	ctx->before = (int)raw_smp_processor_id();
	READ_ONCE(ctx->y);	/* a task's first point makes no decision */
	cond_resched();
	ctx->after = (int)raw_smp_processor_id();
	ctx->ptr = raw_cpu_ptr(&ctx->slot);
}

static void *resched_mover_setup(void)
{
	struct mover *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create_unpinned("mover", 1, resched_mover, ctx);
	return ctx;
}

static const struct sim_scenario resched_mover_scenario = {
	.name = "test/resched-mover",
	.nr_cpus = 2,
	.setup = resched_mover_setup,
	.finish = mover_finish,
};

START_TEST(test_migration_at_cond_resched)
{
	struct outcome o;
	static const uint8_t move[] = { 1 };

	helper_preempt = SIM_PREEMPT_NONE;
	found(&resched_mover_scenario, "moved", &o);
	/* One decision: the move, 1 CPU on, from cpu1 to cpu0. */
	run_bytes(&resched_mover_scenario, move, sizeof(move), &o);
	ck_assert_str_eq(o.name, "moved");
	ck_assert(strstr(o.message, "cpu1, then cpu0"));
	helper_preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/*
 * Under tso a task's stores keep their order across a move: the old CPU's
 * buffer drains first (the kernel's context switch is a full barrier).
 */
struct tso_mover {
	int x, y;
};

static void tso_writer(void *arg)
{
	struct tso_mover *ctx = arg;

	WRITE_ONCE(ctx->x, 1);
	sim_yield();
	WRITE_ONCE(ctx->y, 1);
}

static void tso_observer(void *arg)
{
	struct tso_mover *ctx = arg;
	int y = READ_ONCE(ctx->y), x = READ_ONCE(ctx->x);

	if (y && !x)
		sim_violation("store-order", "saw the writer's second store, not its first");
}

static void *tso_mover_setup(void)
{
	struct tso_mover *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create_unpinned("writer", 0, tso_writer, ctx);
	sim_task_create("observer", 2, tso_observer, ctx);
	return ctx;
}

static const struct sim_scenario tso_mover = {
	.name = "test/tso-mover",
	.nr_cpus = 3,
	.setup = tso_mover_setup,
};

START_TEST(test_migration_drains_store_buffer)
{
	struct outcome o;
	uint64_t runs;

	helper_mm = SIM_MM_TSO;
	runs = never(&tso_mover, &o);
	/* Not vacuous: the writer moved in some of them (decisions of kind MIGRATE). */
	ck_assert_uint_gt(runs, 100);
	helper_mm = SIM_MM_SC;
}
END_TEST

/* ---- CONFIG_DEBUG_PREEMPT ------------------------------------------------ */

enum cpu_id_how {
	ID_PREEMPTIBLE,		/* smp_processor_id(), unpinned: the BUG */
	ID_THIS_CPU_PTR,	/* this_cpu_ptr(): the same check */
	ID_RAW,			/* raw_smp_processor_id(): no check */
	ID_PINNED,		/* a task bound to its CPU */
	ID_PREEMPT_OFF,
	ID_MIGRATE_OFF,
	ID_IRQS_OFF,
	ID_GET_CPU_VAR,
};

struct cpu_id {
	DEFINE_PER_CPU(int, counter);
};

static enum cpu_id_how cpu_id_how;

static void cpu_id_task(void *arg)
{
	struct cpu_id *ctx = arg;
	unsigned long flags;

	switch (cpu_id_how) {
	case ID_PREEMPTIBLE:
	case ID_PINNED:
		ctx->counter[smp_processor_id()]++;
		break;
	case ID_THIS_CPU_PTR:
		(*this_cpu_ptr(&ctx->counter))++;
		break;
	case ID_RAW:
		ctx->counter[raw_smp_processor_id()]++;
		break;
	case ID_PREEMPT_OFF:
		preempt_disable();
		ctx->counter[smp_processor_id()]++;
		preempt_enable();
		break;
	case ID_MIGRATE_OFF:
		migrate_disable();
		(*this_cpu_ptr(&ctx->counter))++;
		migrate_enable();
		break;
	case ID_IRQS_OFF:
		local_irq_save(flags);
		ctx->counter[smp_processor_id()]++;
		local_irq_restore(flags);
		break;
	case ID_GET_CPU_VAR:
		get_cpu_var(ctx->counter)++;
		put_cpu_var(ctx->counter);
		break;
	}
}

static void *cpu_id_setup(void)
{
	struct cpu_id *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (cpu_id_how == ID_PINNED)
		sim_task_create("counter", 1, cpu_id_task, ctx);
	else
		sim_task_create_unpinned("counter", 1, cpu_id_task, ctx);
	return ctx;
}

static const struct sim_scenario cpu_id = {
	.name = "test/cpu-id",
	.nr_cpus = 2,
	.setup = cpu_id_setup,
};

START_TEST(test_debug_preempt)
{
	struct outcome o;

	cpu_id_how = (enum cpu_id_how)_i;
	run_bytes(&cpu_id, NULL, 0, &o);
	if (_i == ID_PREEMPTIBLE || _i == ID_THIS_CPU_PTR) {
		ck_assert_int_eq(o.kind, SIM_FAIL_BUG);
		ck_assert_str_eq(o.name, "smp-processor-id-preemptible");
		ck_assert_msg(strstr(o.message, "BUG: using smp_processor_id() in preemptible"),
			      "%s", o.message);
	} else {
		ck_assert_msg(o.kind == SIM_OK, "case %d: %s", _i, o.message);
	}
}
END_TEST

/* ---- scale ------------------------------------------------------------- */

static void many_clean(const char *tasks, uint64_t runs, unsigned int depth)
{
	const struct sim_scenario *s = scenario("demo/many-cpus");
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	char err[128];
	uint64_t run;

	if (depth)
		sim_source_pct(&src, 1, depth);
	else
		sim_source_random(&src, 1);
	sim_config_defaults(&cfg, s, &src);
	cfg.preempt = helper_preempt;
	ck_assert_int_eq(sim_config_set_param(&cfg, tasks, err, sizeof(err)), 0);
	for (run = 0; run < runs; run++) {
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		ck_assert_msg(res.failure.kind == SIM_OK, "%s run %llu: %s: %s", tasks,
			      (unsigned long long)run, res.failure.name, res.failure.message);
	}
}

/* 16 CPUs and 64 tasks, half unpinned, then 256: they run, and stay correct. */
START_TEST(test_many_cpus_and_tasks)
{
	unsigned int p;

	for (p = 0; p < SIM_PREEMPT_NR; p++) {
		helper_preempt = (enum sim_preempt)p;
		many_clean("tasks=64", 300, 0);
		many_clean("tasks=64", 300, 3);
	}
	helper_preempt = SIM_PREEMPT_DEFAULT;
	many_clean("tasks=256", 20, 0);
	many_clean("tasks=256", 20, 3);
}
END_TEST

/* A port's per-CPU arrays hold CONFIG_NR_CPUS slots; more CPUs are told, not overrun. */
struct too_many {
	DEFINE_PER_CPU(int, slot);
};

static void too_many_task(void *arg)
{
	struct too_many *ctx = arg;

	get_cpu_var(ctx->slot)++;
	put_cpu_var(ctx->slot);
}

static void *too_many_setup(void)
{
	struct too_many *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("t", NR_CPUS, too_many_task, ctx);
	return ctx;
}

static const struct sim_scenario too_many = {
	.name = "test/too-many",
	.nr_cpus = NR_CPUS + 1,
	.setup = too_many_setup,
};

START_TEST(test_percpu_slots_checked)
{
	struct outcome o;

	run_bytes(&too_many, NULL, 0, &o);
	ck_assert_str_eq(o.name, "bad-scenario");
	ck_assert_msg(strstr(o.message, "CONFIG_NR_CPUS"), "%s", o.message);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("preempt");
	TCase *tc = tcase_create("preempt");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_model_points, 0, WINDOW_NR);
	tcase_add_loop_test(tc, test_other_cpu_runs_at_every_point, 0, WINDOW_NR);
	tcase_add_loop_test(tc, test_migration, PIN_NONE, PIN_TASK + 1);
	tcase_add_test(tc, test_migration_at_cond_resched);
	tcase_add_test(tc, test_migration_drains_store_buffer);
	tcase_add_loop_test(tc, test_debug_preempt, ID_PREEMPTIBLE, ID_GET_CPU_VAR + 1);
	tcase_add_test(tc, test_many_cpus_and_tasks);
	tcase_add_test(tc, test_percpu_slots_checked);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
