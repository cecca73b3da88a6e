// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler semantics, each checked by a small scenario written against the
 * kernel API and run over many schedules.
 */
#include <linux/atomic.h>
#include <linux/barrier.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "helpers.h"
#include "sched.h"

/* ---- a non-preemptible stretch keeps its CPU, other CPUs interleave ---- */

#define SECTION_STEPS 6

struct nonpreempt {
	int progress;		/* 0, then 1 .. SECTION_STEPS inside the section */
	int same_cpu_saw_inside;
	int other_cpu_saw_inside;
};

static void section_owner(void *arg)
{
	struct nonpreempt *ctx = arg;
	int i;

	preempt_disable();
	for (i = 1; i <= SECTION_STEPS; i++)
		WRITE_ONCE(ctx->progress, i);
	WRITE_ONCE(ctx->progress, 0);
	preempt_enable();
}

static void watch(struct nonpreempt *ctx, int *saw_inside)
{
	int i;

	for (i = 0; i < SECTION_STEPS; i++)
		if (READ_ONCE(ctx->progress))
			(*saw_inside)++;
}

static void same_cpu_watcher(void *arg)
{
	struct nonpreempt *ctx = arg;

	watch(ctx, &ctx->same_cpu_saw_inside);
}

static void other_cpu_watcher(void *arg)
{
	struct nonpreempt *ctx = arg;

	watch(ctx, &ctx->other_cpu_saw_inside);
}

static void *nonpreempt_setup(void)
{
	struct nonpreempt *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("owner", 0, section_owner, ctx);
	sim_task_create("same", 0, same_cpu_watcher, ctx);
	sim_task_create("other", 1, other_cpu_watcher, ctx);
	return ctx;
}

static int other_cpu_interleaved;

static void nonpreempt_finish(void *arg)
{
	struct nonpreempt *ctx = arg;

	if (ctx->same_cpu_saw_inside)
		sim_violation("preempted", "a task of cpu0 ran inside cpu0's preempt_disable()");
	other_cpu_interleaved += ctx->other_cpu_saw_inside > 0;
}

static const struct sim_scenario nonpreempt = {
	.name = "test/nonpreempt",
	.nr_cpus = 2,
	.setup = nonpreempt_setup,
	.finish = nonpreempt_finish,
};

START_TEST(test_nonpreemptible_keeps_cpu)
{
	struct outcome o;

	other_cpu_interleaved = 0;
	ck_assert_uint_eq(search(&nonpreempt, 7, 0, 20000, &o), 0);
	ck_assert_uint_eq(search(&nonpreempt, 7, 2, 20000, &o), 0);
	/* Not vacuous: the other CPU did see the section from inside. */
	ck_assert_int_gt(other_cpu_interleaved, 1000);
}
END_TEST

/* ---- mutual exclusion --------------------------------------------------- */

struct exclusion {
	spinlock_t spin;
	struct mutex mutex;
	int inside, count, use_mutex, nr_tasks;
};

static void critical_section(void *arg)
{
	struct exclusion *ctx = arg;
	int i;

	for (i = 0; i < 2; i++) {
		if (ctx->use_mutex)
			mutex_lock(&ctx->mutex);
		else
			spin_lock(&ctx->spin);
		if (ctx->inside++)
			sim_violation("exclusion", "two tasks inside the critical section");
		sim_yield();
		ctx->count++;
		sim_yield();
		ctx->inside--;
		if (ctx->use_mutex)
			mutex_unlock(&ctx->mutex);
		else
			spin_unlock(&ctx->spin);
	}
}

static void *exclusion_setup(int use_mutex)
{
	static const char *const names[] = { "t0", "t1", "t2", "t3" };
	struct exclusion *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	int i;

	spin_lock_init(&ctx->spin);
	mutex_init(&ctx->mutex);
	ctx->use_mutex = use_mutex;
	ctx->nr_tasks = 4;
	/* Two tasks per CPU: the mutex holder can be preempted by its neighbour. */
	for (i = 0; i < ctx->nr_tasks; i++)
		sim_task_create(names[i], (unsigned int)i % 2, critical_section, ctx);
	return ctx;
}

static void *spin_exclusion_setup(void)
{
	return exclusion_setup(0);
}

static void *mutex_exclusion_setup(void)
{
	return exclusion_setup(1);
}

static void exclusion_finish(void *arg)
{
	struct exclusion *ctx = arg;

	if (ctx->count != 2 * ctx->nr_tasks)
		sim_violation("count", "count %d", ctx->count);
}

static const struct sim_scenario spin_exclusion = {
	.name = "test/spin-exclusion",
	.nr_cpus = 2,
	.setup = spin_exclusion_setup,
	.finish = exclusion_finish,
};

static const struct sim_scenario mutex_exclusion = {
	.name = "test/mutex-exclusion",
	.nr_cpus = 2,
	.setup = mutex_exclusion_setup,
	.finish = exclusion_finish,
};

START_TEST(test_spinlock_excludes)
{
	struct outcome o;

	ck_assert_uint_eq(search(&spin_exclusion, 11, 0, 20000, &o), 0);
	ck_assert_uint_eq(search(&spin_exclusion, 11, 3, 20000, &o), 0);
}
END_TEST

START_TEST(test_mutex_excludes)
{
	struct outcome o;
	uint64_t preemptions = 0;
	uint64_t run;

	ck_assert_uint_eq(search(&mutex_exclusion, 13, 0, 20000, &o), 0);
	ck_assert_uint_eq(search(&mutex_exclusion, 13, 3, 20000, &o), 0);
	/* A holder was preempted by a task of its own CPU in some runs. */
	for (run = 0; run < 200; run++) {
		struct sim_run_config cfg;
		struct sim_source src;
		struct sim_result res;

		sim_source_random(&src, 5);
		sim_source_begin_run(&src, run);
		sim_config_defaults(&cfg, &mutex_exclusion, &src);
		sim_run(&cfg, &res);
		preemptions += res.preemptions;
	}
	ck_assert_uint_gt(preemptions, 0);
}
END_TEST

/* ---- deadlock, no progress, sleeping in atomic context ----------------- */

struct two_locks {
	spinlock_t a, b;
	int flag;
};

static void spin_ab(void *arg)
{
	struct two_locks *ctx = arg;

	spin_lock(&ctx->a);
	spin_lock(&ctx->b);
	spin_unlock(&ctx->b);
	spin_unlock(&ctx->a);
}

static void spin_ba(void *arg)
{
	struct two_locks *ctx = arg;

	spin_lock(&ctx->b);
	spin_lock(&ctx->a);
	spin_unlock(&ctx->a);
	spin_unlock(&ctx->b);
}

static void *spin_abba_setup(void)
{
	struct two_locks *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->a);
	spin_lock_init(&ctx->b);
	sim_task_create("ab", 0, spin_ab, ctx);
	sim_task_create("ba", 1, spin_ba, ctx);
	return ctx;
}

static const struct sim_scenario spin_abba = {
	.name = "test/spin-abba",
	.nr_cpus = 2,
	.setup = spin_abba_setup,
};

START_TEST(test_deadlock_detected)
{
	struct outcome o;

	ck_assert_uint_gt(search(scenario("demo/abba"), 1, 0, 1000, &o), 0);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_uint_gt(search(&spin_abba, 1, 0, 1000, &o), 0);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	/* The empty schedule runs one task to its end first: no deadlock. */
	run_bytes(&spin_abba, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
}
END_TEST

static void wait_for_flag(void *arg)
{
	struct two_locks *ctx = arg;

	while (!READ_ONCE(ctx->flag))
		cpu_relax();
}

static void set_flag(void *arg)
{
	struct two_locks *ctx = arg;

	WRITE_ONCE(ctx->flag, 1);
}

static void *flag_setup(int with_setter)
{
	struct two_locks *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("waiter", 0, wait_for_flag, ctx);
	if (with_setter)
		sim_task_create("setter", 1, set_flag, ctx);
	return ctx;
}

static void *lonely_waiter_setup(void)
{
	return flag_setup(0);
}

static void *waiter_and_setter_setup(void)
{
	return flag_setup(1);
}

static const struct sim_scenario lonely_waiter = {
	.name = "test/lonely-waiter",
	.nr_cpus = 2,
	.max_steps = 500,
	.setup = lonely_waiter_setup,
};

static const struct sim_scenario waiter_and_setter = {
	.name = "test/waiter-and-setter",
	.nr_cpus = 2,
	.max_steps = 500,
	.setup = waiter_and_setter_setup,
};

START_TEST(test_lonely_waiter_detected)
{
	struct outcome o;

	/* Nobody will ever set the flag: its busy-wait waits for a change (spin.h). */
	run_bytes(&lonely_waiter, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_msg(strstr(o.message, "waiter (cpu0) spins in cpu_relax"), "%s", o.message);
	/* With a setter, the default answer at cpu_relax() lets it run. */
	run_bytes(&waiter_and_setter, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	ck_assert_uint_eq(search(&waiter_and_setter, 3, 0, 5000, &o), 0);
}
END_TEST

static void mutex_under_spinlock(void *arg)
{
	struct exclusion *ctx = arg;

	spin_lock(&ctx->spin);
	mutex_lock(&ctx->mutex);
	mutex_unlock(&ctx->mutex);
	spin_unlock(&ctx->spin);
}

static void *atomic_sleep_setup(void)
{
	struct exclusion *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->spin);
	mutex_init(&ctx->mutex);
	sim_task_create("bad", 0, mutex_under_spinlock, ctx);
	return ctx;
}

static const struct sim_scenario atomic_sleep = {
	.name = "test/atomic-sleep",
	.nr_cpus = 1,
	.setup = atomic_sleep_setup,
};

START_TEST(test_sleeping_while_atomic)
{
	struct outcome o;

	run_bytes(&atomic_sleep, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_BUG);
	ck_assert_str_eq(o.name, "sleeping-while-atomic");
}
END_TEST

/* ---- the latency figure ----------------------------------------------- */

#define HOLD_STEPS 10

static void long_hold(void *arg)
{
	struct exclusion *ctx = arg;
	int i;

	spin_lock(&ctx->spin);
	for (i = 0; i < HOLD_STEPS; i++)
		WRITE_ONCE(ctx->count, i);
	spin_unlock(&ctx->spin);
}

static void short_task(void *arg)
{
	struct exclusion *ctx = arg;

	WRITE_ONCE(ctx->inside, 1);
}

static void *latency_setup(void)
{
	struct exclusion *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->spin);
	sim_task_create("holder", 0, long_hold, ctx);
	sim_task_create("waiter", 0, short_task, ctx);
	return ctx;
}

static const struct sim_scenario latency = {
	.name = "test/latency",
	.nr_cpus = 1,
	.setup = latency_setup,
};

START_TEST(test_latency_figure)
{
	struct outcome o;

	/*
	 * spin_lock() raises preempt_count before its own point, so the points
	 * of the lock, the ten WRITE_ONCEs and the unlock all find holder
	 * non-preemptible with waiter ready: 12 steps.
	 */
	run_bytes(&latency, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	ck_assert_uint_eq(o.max_nonpreempt, HOLD_STEPS + 2);
	/* If waiter runs first, nothing waits while the lock is held. */
	run_bytes(&latency, (const uint8_t[]){ 1 }, 1, &o);
	ck_assert_uint_eq(o.max_nonpreempt, 0);
}
END_TEST

/* ---- allocation failure by decision ------------------------------------ */

struct alloc_ctx {
	void *p;
	int failed;
};

static void try_alloc(void *arg)
{
	struct alloc_ctx *ctx = arg;

	ctx->p = kmalloc(64, GFP_NOWAIT | __GFP_NOWARN);
	ctx->failed = !ctx->p;
	kfree(ctx->p);
}

static void *alloc_setup(void)
{
	struct alloc_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("alloc", 0, try_alloc, ctx);
	return ctx;
}

static int alloc_failed;

static void alloc_finish(void *arg)
{
	alloc_failed = ((struct alloc_ctx *)arg)->failed;
}

static const struct sim_scenario alloc = {
	.name = "test/alloc",
	.nr_cpus = 1,
	.setup = alloc_setup,
	.finish = alloc_finish,
};

static void double_free(void *arg)
{
	void *p = kmalloc(16, GFP_KERNEL);

	(void)arg;
	kfree(p);
	kfree(p);
}

static void *double_free_setup(void)
{
	sim_task_create("free2", 0, double_free, NULL);
	return NULL;
}

static const struct sim_scenario double_free_scenario = {
	.name = "test/double-free",
	.nr_cpus = 1,
	.setup = double_free_setup,
};

START_TEST(test_gfp_nowait_fails_by_decision)
{
	struct outcome o;

	/* Out of bytes, the answer is 0 -- and recorded, like every answer. */
	run_bytes(&alloc, NULL, 0, &o);
	ck_assert_int_eq(alloc_failed, 0);
	ck_assert_uint_eq(o.len, 1);
	ck_assert_uint_eq(o.schedule[0], 0);
	run_bytes(&alloc, (const uint8_t[]){ 1 }, 1, &o);
	ck_assert_int_eq(alloc_failed, 1);
	ck_assert_uint_eq(o.len, 1);
	run_bytes(&double_free_scenario, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_BUG);
	ck_assert_str_eq(o.name, "bad-kfree");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("semantics");

	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_nonpreemptible_keeps_cpu);
	tcase_add_test(tc, test_spinlock_excludes);
	tcase_add_test(tc, test_mutex_excludes);
	tcase_add_test(tc, test_deadlock_detected);
	tcase_add_test(tc, test_lonely_waiter_detected);
	tcase_add_test(tc, test_sleeping_while_atomic);
	tcase_add_test(tc, test_latency_figure);
	tcase_add_test(tc, test_gfp_nowait_fails_by_decision);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
