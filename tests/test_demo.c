// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict test: every built-in scenario against its known verdicts,
 * under every model it has one for, by search from scratch.  Every search
 * has a budget of runs, so no scenario can make it hang (algos/README.md
 * says what it asks of a new one):
 *
 * - buggy: a portfolio -- random with seeds 1 to 3, PCT of depth 1 to 3,
 *   dfs -- each within FIND_BUDGET runs (dfs DFS_FIND_BUDGET), must find
 *   the failure the verdict names, one member at least; every failure any
 *   member finds must be that one (anything else is a false report); and
 *   a dfs that finishes without it contradicts the verdict.
 * - correct: clean over CLEAN_RUNS schedules of random, PCT and dfs (over
 *   all of them when dfs finishes first).
 *
 * The plain build makes the 10^5 the issues ask for; the sanitizer builds,
 * ten times slower, a tenth of it.
 */
#include <stdio.h>

#include "../tools/cli.h"
#include "helpers.h"

#define FIND_BUDGET 2000
#if SIM_ASAN || SIM_TSAN
#define CLEAN_RUNS 10000
#define DFS_FIND_BUDGET 20000
#else
#define CLEAN_RUNS 100000
#define DFS_FIND_BUDGET 200000
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

/* A scenario too big for a complete dfs names the bound its README argues for. */
static uint32_t dfs_bound(const struct sim_scenario *s)
{
	return s->dfs_preemption_bound ? s->dfs_preemption_bound : SIM_DFS_UNBOUNDED;
}

enum member { RANDOM, PCT, DFS };

static const char *const member_name[] = { "random", "pct", "dfs" };

static void check_buggy(const struct sim_scenario *s, enum sim_mm mm)
{
	static const struct { enum member kind; unsigned int arg; } portfolio[] = {
		{ RANDOM, 1 }, { RANDOM, 2 }, { RANDOM, 3 }, { PCT, 1 }, { PCT, 2 }, { PCT, 3 },
		{ DFS, 0 },
	};
	struct sim_source src;
	struct sim_result res;
	unsigned int i, found = 0;
	char by[256] = "";
	uint64_t runs;

	for (i = 0; i < sizeof(portfolio) / sizeof(portfolio[0]); i++) {
		enum member m = portfolio[i].kind;
		uint64_t budget = m == DFS ? DFS_FIND_BUDGET : FIND_BUDGET;
		size_t len = strlen(by);

		if (m == RANDOM)
			sim_source_random(&src, portfolio[i].arg);
		else if (m == PCT)
			sim_source_pct(&src, 1, portfolio[i].arg);
		else
			sim_source_dfs(&src, dfs_bound(s));
		if (search_mm(s, mm, &src, budget, &res, &runs) == SIM_OK) {
			ck_assert_msg(m != DFS || !sim_source_exhausted(&src) ||
				      sim_source_bounded(&src),
				      "%s (%s): every schedule explored by dfs, and no %s", s->name,
				      sim_mm_name[mm], s->bug);
			continue;
		}
		ck_assert_msg(bug_matches(s->bug, &res.failure), "%s (%s): %s %u found %s %s, "
			      "not %s", s->name, sim_mm_name[mm], member_name[m], portfolio[i].arg,
			      sim_fail_kind_name[res.failure.kind], res.failure.name, s->bug);
		found++;
		snprintf(by + len, sizeof(by) - len, " %s%.0u:%llu", member_name[m],
			 portfolio[i].arg, (unsigned long long)runs);
	}
	ck_assert_msg(found, "%s (%s): %s found by none of random seeds 1-3, pct depth 1-3 "
		      "(%d runs each) and dfs (%d runs)", s->name, sim_mm_name[mm], s->bug,
		      FIND_BUDGET, DFS_FIND_BUDGET);
	/* Which member found it in how many runs: the figures algos/README.md quotes. */
	fprintf(stderr, "%s (%s): found by%s\n", s->name, sim_mm_name[mm], by);
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
	ck_assert_msg(search_mm(s, mm, &src, CLEAN_RUNS, &res, &runs) == SIM_OK,
		      "%s (%s) pct: %s %s", s->name, sim_mm_name[mm],
		      sim_fail_kind_name[res.failure.kind], res.failure.name);
	sim_source_dfs(&src, dfs_bound(s));
	ck_assert_msg(search_mm(s, mm, &src, CLEAN_RUNS, &res, &runs) == SIM_OK,
		      "%s (%s) dfs: %s %s", s->name, sim_mm_name[mm],
		      sim_fail_kind_name[res.failure.kind], res.failure.name);
	fprintf(stderr, "%s (%s): clean; dfs %s after %llu runs\n", s->name, sim_mm_name[mm],
		sim_source_exhausted(&src) ? "complete" : "stopped",
		(unsigned long long)runs);
}

/* One test per scenario and model (the loop index), so one failure hides no other. */
START_TEST(test_known_verdict)
{
	const struct sim_scenario *s = sim_scenario_list()[_i / SIM_MM_NR];
	enum sim_mm mm = (enum sim_mm)(_i % SIM_MM_NR);

	/*
	 * Those only a sanitizer can find have their own test; under TSan a use
	 * after kfree() is often first TSan's race with the free, which ends the
	 * process with 66: the plain and ASan builds check those verdicts.
	 */
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
