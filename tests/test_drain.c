// SPDX-License-Identifier: GPL-2.0
/*
 * The drain scenarios (algos/drain/) beyond their verdicts, which test_demo
 * checks: the workqueue they run on, what a drain-lost report names, and
 * drain/gen-trylock's data race, which only the TSan build sees.
 */
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "helpers.h"
#include "sched.h"

/* ---- workqueues: a flushed work has run, and its writes are seen ------- */

struct wq_ctx {
	struct workqueue_struct *wq;
	struct work_struct remote, local;
	int remote_runs, local_runs;	/* plain: flush_work() orders them */
};

static void count_remote(struct work_struct *work)
{
	container_of(work, struct wq_ctx, remote)->remote_runs++;
}

static void count_local(struct work_struct *work)
{
	container_of(work, struct wq_ctx, local)->local_runs++;
}

/* On cpu0: queue a work on cpu1 twice (the second may find it pending), flush. */
static void queue_remote(void *arg)
{
	struct wq_ctx *ctx = arg;
	int queued;

	INIT_WORK(&ctx->remote, count_remote);
	queued = queue_work_on(1, ctx->wq, &ctx->remote);
	queued += queue_work_on(1, ctx->wq, &ctx->remote);
	flush_work(&ctx->remote);
	if (ctx->remote_runs != queued)
		sim_violation("flush-work", "queued %d times, ran %d times before flush_work() "
			      "returned", queued, ctx->remote_runs);
}

/* On cpu1: queue a work on this very CPU, whose kworker must preempt it. */
static void queue_local(void *arg)
{
	struct wq_ctx *ctx = arg;

	INIT_WORK(&ctx->local, count_local);
	if (!queue_work_on(1, ctx->wq, &ctx->local))
		sim_violation("queue-work", "an idle work was found pending");
	flush_work(&ctx->local);
	if (ctx->local_runs != 1)
		sim_violation("flush-work", "local work ran %d times", ctx->local_runs);
}

static void *wq_setup(void)
{
	struct wq_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("remote", 0, queue_remote, ctx);
	sim_task_create("local", 1, queue_local, ctx);
	ctx->wq = alloc_workqueue("test", 0, 0);
	return ctx;
}

static const struct sim_scenario wq = {
	.name = "test/workqueue",
	.nr_cpus = 2,
	.max_steps = 500,
	.setup = wq_setup,
};

/* Every schedule under both models: no report, no deadlock (kworkers exit). */
START_TEST(test_flush_work_waits)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;
	int mm;

	for (mm = 0; mm < SIM_MM_NR; mm++) {
		sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
		sim_config_defaults(&cfg, &wq, &src);
		cfg.mm = (enum sim_mm)mm;
		for (run = 0; run < 200000 && !sim_source_exhausted(&src); run++) {
			sim_source_begin_run(&src, run);
			ck_assert_msg(sim_run(&cfg, &res) == SIM_OK, "%s run %llu: %s %s",
				      sim_mm_name[mm], (unsigned long long)run,
				      sim_fail_kind_name[res.failure.kind], res.failure.message);
			sim_source_end_run(&src, res.steps);
		}
		ck_assert_msg(sim_source_exhausted(&src) && !src.truncated,
			      "%s: dfs did not finish in %llu runs", sim_mm_name[mm],
			      (unsigned long long)run);
	}
}
END_TEST

/* ---- what a drain-lost report names ------------------------------------ */

/* The first failure @src finds in @name under @mm within 10^5 runs. */
static void first_failure(const char *name, enum sim_mm mm, struct sim_source *src,
			  struct sim_failure *f)
{
	struct sim_run_config cfg;
	struct sim_result res;
	uint64_t run;

	sim_config_defaults(&cfg, scenario(name), src);
	cfg.mm = mm;
	for (run = 0; run < 100000; run++) {
		sim_source_begin_run(src, run);
		if (sim_run(&cfg, &res) != SIM_OK)
			break;
		sim_source_end_run(src, res.steps);
	}
	*f = res.failure;
}

/* The page, the CPU whose pagevec holds it, and the drainer piggybacked on. */
static void assert_names_page_cpu_drainer(const struct sim_failure *f)
{
	ck_assert_int_eq(f->kind, SIM_FAIL_INVARIANT);
	ck_assert_str_eq(f->name, "drain-lost");
	ck_assert_msg(strstr(f->message, "caller's lru_add_drain_all() returned with page0") &&
		      strstr(f->message, "still in cpu0's lru_add_pvec") &&
		      strstr(f->message, "it piggybacked on drainer's drain"), "%s", f->message);
}

START_TEST(test_tso_lost_drain_report)
{
	static const char *const buggy_under_tso[] = { "drain/seqcount-latch", "drain/gen-v1" };
	struct sim_source src;
	struct sim_failure f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buggy_under_tso); i++) {
		sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
		first_failure(buggy_under_tso[i], SIM_MM_TSO, &src, &f);
		assert_names_page_cpu_drainer(&f);
	}
}
END_TEST

START_TEST(test_trylock_lost_drain_report)
{
	struct sim_source src;
	struct sim_failure f;

	if (SIM_TSAN)
		return;		/* the race comes first there: test_trylock_race */
	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	first_failure("drain/gen-trylock", SIM_MM_SC, &src, &f);
	assert_names_page_cpu_drainer(&f);
}
END_TEST

/*
 * drain/gen-trylock bumps lru_drain_gen outside the lock: the TSan build
 * reports the race in the first run where the two calls overlap (and ends
 * the process with status 66); every other build finds the lost drain.
 */
START_TEST(test_trylock_race)
{
	struct sim_source src;
	struct sim_failure f;

	sim_source_random(&src, 1);
	first_failure("drain/gen-trylock", SIM_MM_SC, &src, &f);
	if (SIM_TSAN) {
		ck_assert_int_eq(f.kind, SIM_FAIL_SANITIZER);
		ck_assert_str_eq(f.name, "data-race");
		ck_assert_msg(strstr(f.message, "gen_trylock.c") &&
			      strstr(f.message, "lru_add_drain_all"), "%s", f.message);
	} else {
		ck_assert_int_eq(f.kind, SIM_FAIL_INVARIANT);
		ck_assert_str_eq(f.name, "drain-lost");
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("drain");
	TCase *tc = tcase_create("drain");

	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_flush_work_waits);
	tcase_add_test(tc, test_tso_lost_drain_report);
	tcase_add_test(tc, test_trylock_lost_drain_report);
	tcase_add_exit_test(tc, test_trylock_race, SIM_TSAN ? 66 : 0);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
