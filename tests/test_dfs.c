// SPDX-License-Identifier: GPL-2.0
/*
 * Without reduction, the exhaustive strategy enumerates exactly the
 * schedules there are: for two tasks of s steps on two CPUs, C(2s, s)
 * interleavings; with at most one preemption, 2s of them; with none, 2;
 * with a delay bound of d, those of at most d delays.  With reduction,
 * steps that touch nothing in common are one schedule; that nothing is
 * lost by it is test_por's.
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

enum count_mode { RAW, REDUCED, DELAYS };

/* Runs until the search is exhausted; every run's trace must be new. */
static uint64_t dfs_count_mode(const struct sim_scenario *s, uint32_t bound, enum count_mode mode)
{
	static uint64_t seen[4096];
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run, i;

	if (mode == DELAYS) {
		sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
		sim_source_dfs_delay_bound(&src, bound);
	} else {
		sim_source_dfs(&src, bound);
	}
	if (mode == RAW)
		sim_source_dfs_no_reduction(&src);
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
	ck_assert_uint_eq(src.pruned, 0);
	return run;
}

static uint64_t dfs_count(const struct sim_scenario *s, uint32_t bound)
{
	return dfs_count_mode(s, bound, RAW);
}

START_TEST(test_dfs_counts_interleavings)
{
	static const uint64_t binomial[] = { 1, 2, 6, 20, 70, 252 };	/* C(2s, s) */

	for (steps_per_task = 1; steps_per_task <= 5; steps_per_task++) {
		ck_assert_uint_eq(dfs_count(&two_steppers, SIM_DFS_UNBOUNDED),
				  binomial[steps_per_task]);
		ck_assert_uint_eq(dfs_count(&two_steppers, 0), 2);
		ck_assert_uint_eq(dfs_count(&two_steppers, 1), 2 * (uint64_t)steps_per_task);
		/* A bound turns the reduction off: the same counts. */
		ck_assert_uint_eq(dfs_count_mode(&two_steppers, 1, REDUCED),
				  2 * (uint64_t)steps_per_task);
		/*
		 * Delays: none is the default schedule; one is b first, or a
		 * switch to b at one of a's s - 1 decisions (b then runs out).
		 */
		ck_assert_uint_eq(dfs_count_mode(&two_steppers, 0, DELAYS), 1);
		ck_assert_uint_eq(dfs_count_mode(&two_steppers, 1, DELAYS),
				  1 + (uint64_t)steps_per_task);
		/* Steps of nothing in common commute: one schedule. */
		ck_assert_uint_eq(dfs_count_mode(&two_steppers, SIM_DFS_UNBOUNDED, REDUCED), 1);
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
