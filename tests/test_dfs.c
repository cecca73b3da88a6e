// SPDX-License-Identifier: GPL-2.0
/*
 * The bounded-exhaustive strategy enumerates exactly the schedules there
 * are: for two tasks of s steps on two CPUs, C(2s, s) interleavings; with
 * at most one preemption, 2s of them; with none, 2.
 */
#include <linux/kernel.h>
#include <linux/sched.h>

#include "helpers.h"
#include "sched.h"

static int steps_per_task;

static void stepper(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < steps_per_task; i++)
		sim_yield();
}

static void *two_steppers_setup(void)
{
	sim_task_create("a", 0, stepper, NULL);
	sim_task_create("b", 1, stepper, NULL);
	return NULL;
}

static const struct sim_scenario two_steppers = {
	.name = "test/two-steppers",
	.nr_cpus = 2,
	.setup = two_steppers_setup,
};

/* Runs until the search is exhausted; every run's trace must be new. */
static uint64_t dfs_count(const struct sim_scenario *s, uint32_t bound)
{
	static uint64_t seen[4096];
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run, i;

	sim_source_dfs(&src, bound);
	sim_config_defaults(&cfg, s, &src);
	for (run = 0; !sim_source_exhausted(&src); run++) {
		ck_assert_uint_lt(run, 4096);
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		seen[run] = sim_trace_hash();
		for (i = 0; i < run; i++)
			ck_assert_msg(seen[i] != seen[run], "run %llu repeats run %llu",
				      (unsigned long long)run, (unsigned long long)i);
	}
	ck_assert(!src.truncated);
	return run;
}

START_TEST(test_dfs_counts_interleavings)
{
	static const uint64_t binomial[] = { 1, 2, 6, 20, 70, 252 };	/* C(2s, s) */

	for (steps_per_task = 1; steps_per_task <= 5; steps_per_task++) {
		ck_assert_uint_eq(dfs_count(&two_steppers, SIM_DFS_UNBOUNDED),
				  binomial[steps_per_task]);
		ck_assert_uint_eq(dfs_count(&two_steppers, 0), 2);
		ck_assert_uint_eq(dfs_count(&two_steppers, 1), 2 * (uint64_t)steps_per_task);
	}
}
END_TEST

START_TEST(test_dfs_finds_demo_bugs)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, scenario("demo/lost-update"), &src);
	for (run = 0; !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		if (sim_run(&cfg, &res) != SIM_OK)
			break;
		sim_source_end_run(&src, res.steps);
	}
	ck_assert_int_eq(res.failure.kind, SIM_FAIL_INVARIANT);
	/* The correct demo is clean over every one of its schedules. */
	ck_assert_uint_gt(dfs_count(scenario("demo/locked-counter"), SIM_DFS_UNBOUNDED), 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dfs");
	TCase *tc = tcase_create("dfs");

	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_dfs_counts_interleavings);
	tcase_add_test(tc, test_dfs_finds_demo_bugs);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
