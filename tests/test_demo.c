// SPDX-License-Identifier: GPL-2.0
/*
 * Every built-in scenario against its known verdicts, under every model it
 * has one for, by search from scratch: a buggy one found with the failure
 * it names within FIND_BUDGET runs for every seed tried (random, PCT) and by
 * exhaustive search; a correct one clean over CLEAN_RUNS schedules per
 * strategy, and over all of them when DFS can finish.  The plain build makes
 * the 10^5 the issues ask for; the sanitizer builds, ten times slower, a
 * tenth of it.
 */
#include "../tools/cli.h"
#include "helpers.h"

#define FIND_BUDGET 2000
#if SIM_ASAN || SIM_TSAN
#define CLEAN_RUNS 10000
#else
#define CLEAN_RUNS 100000
#endif

static enum sim_fail_kind search_mm(const struct sim_scenario *s, enum sim_mm mm,
				    struct sim_source *src, uint64_t budget, struct sim_result *res,
				    uint64_t *runs)
{
	struct sim_run_config cfg;
	uint64_t run;

	sim_config_defaults(&cfg, s, src);
	cfg.mm = mm;
	for (run = 0; run < budget && !sim_source_exhausted(src); run++) {
		sim_source_begin_run(src, run);
		if (sim_run(&cfg, res) != SIM_OK) {
			*runs = run + 1;
			return res->failure.kind;
		}
		sim_source_end_run(src, res->steps);
	}
	*runs = run;
	return SIM_OK;
}

static void check_buggy(const struct sim_scenario *s, enum sim_mm mm)
{
	struct sim_source src;
	struct sim_result res;
	unsigned int depth;
	uint64_t seed, runs;

	for (seed = 1; seed <= 10; seed++) {
		for (depth = 0; depth <= 3; depth += depth ? 1 : 2) {
			if (depth)
				sim_source_pct(&src, seed, depth);
			else
				sim_source_random(&src, seed);
			ck_assert_msg(search_mm(s, mm, &src, FIND_BUDGET, &res, &runs) != SIM_OK,
				      "%s (%s) not found by %s seed %llu in %d runs", s->name,
				      sim_mm_name[mm], depth ? "pct" : "random",
				      (unsigned long long)seed, FIND_BUDGET);
			ck_assert_msg(bug_matches(s->bug, &res.failure), "%s (%s): found %s %s",
				      s->name, sim_mm_name[mm], sim_fail_kind_name[res.failure.kind],
				      res.failure.name);
		}
	}
	sim_source_dfs(&src, s->dfs_preemption_bound ? s->dfs_preemption_bound : SIM_DFS_UNBOUNDED);
	ck_assert_msg(search_mm(s, mm, &src, UINT64_MAX, &res, &runs) != SIM_OK,
		      "%s (%s) not found by dfs", s->name, sim_mm_name[mm]);
	ck_assert(bug_matches(s->bug, &res.failure));
}

static void check_correct(const struct sim_scenario *s, enum sim_mm mm)
{
	struct sim_source src;
	struct sim_result res;
	uint64_t runs;

	sim_source_random(&src, 1);
	ck_assert_msg(search_mm(s, mm, &src, CLEAN_RUNS, &res, &runs) == SIM_OK,
		      "%s (%s): %s %s", s->name, sim_mm_name[mm],
		      sim_fail_kind_name[res.failure.kind], res.failure.name);
	sim_source_pct(&src, 1, 3);
	ck_assert(search_mm(s, mm, &src, CLEAN_RUNS, &res, &runs) == SIM_OK);
	sim_source_dfs(&src, s->dfs_preemption_bound ? s->dfs_preemption_bound : SIM_DFS_UNBOUNDED);
	ck_assert(search_mm(s, mm, &src, CLEAN_RUNS, &res, &runs) == SIM_OK);
}

/* One test per scenario and model (the loop index), so one failure hides no other. */
START_TEST(test_known_verdict)
{
	const struct sim_scenario *s = sim_scenario_list()[_i / SIM_MM_NR];
	enum sim_mm mm = (enum sim_mm)(_i % SIM_MM_NR);

	/* Those only a sanitizer can find have their own test. */
	if (!build_can_find(s->bug) || !twice_alike_in_one_process(s))
		return;
	if (s->verdict[mm] == SIM_VERDICT_BUGGY)
		check_buggy(s, mm);
	else if (s->verdict[mm] == SIM_VERDICT_CORRECT)
		check_correct(s, mm);
}
END_TEST

START_TEST(test_plain_race)
{
	expect_race_only_under_tsan(scenario("demo/plain-race"));
}
END_TEST

static unsigned int nr_scenarios(void)
{
	unsigned int n = 0;

	while (sim_scenario_list()[n])
		n++;
	return n;
}

int main(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("verdicts");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_known_verdict, 0, (int)(nr_scenarios() * SIM_MM_NR));
	/* TSan ends a process that reported with status 66: here that is the point. */
	tcase_add_exit_test(tc, test_plain_race, SIM_TSAN ? 66 : 0);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
