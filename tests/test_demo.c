// SPDX-License-Identifier: GPL-2.0
/*
 * The demo scenarios' verdicts, found by search from scratch: the buggy ones
 * within a stated budget for every seed tried, the correct one clean over
 * 10^5 schedules per strategy.
 */
#include "helpers.h"

#define FIND_BUDGET 1000	/* runs; lost-update and abba fall within a handful */

static void expect_found(const char *name, enum sim_fail_kind kind, const char *what)
{
	const struct sim_scenario *s = scenario(name);
	uint64_t seed;
	unsigned int depth;

	/* PCT of depth 1 never preempts: these bugs have depth 2. */
	for (depth = 0; depth <= 3; depth += depth ? 1 : 2) {
		for (seed = 1; seed <= 20; seed++) {
			struct outcome o;
			uint64_t runs = search(s, seed, depth, FIND_BUDGET, &o);

			ck_assert_msg(runs > 0, "%s not found by %s seed %llu in %d runs", name,
				      depth ? "pct" : "random", (unsigned long long)seed,
				      FIND_BUDGET);
			ck_assert_int_eq(o.kind, kind);
			ck_assert_str_eq(o.name, what);
		}
	}
}

START_TEST(test_lost_update_found)
{
	expect_found("demo/lost-update", SIM_FAIL_INVARIANT, "final-count");
}
END_TEST

START_TEST(test_abba_deadlocks)
{
	expect_found("demo/abba", SIM_FAIL_DEADLOCK, "deadlock");
}
END_TEST

START_TEST(test_locked_counter_clean)
{
	const struct sim_scenario *s = scenario("demo/locked-counter");
	struct outcome o;

	ck_assert_uint_eq(search(s, 1, 0, 100000, &o), 0);
	ck_assert_uint_eq(search(s, 1, 3, 100000, &o), 0);
}
END_TEST

START_TEST(test_plain_race)
{
	expect_race_only_under_tsan(scenario("demo/plain-race"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("verdicts");

	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_lost_update_found);
	tcase_add_test(tc, test_abba_deadlocks);
	tcase_add_test(tc, test_locked_counter_clean);
	/* TSan ends a process that reported with status 66: here that is the point. */
	tcase_add_exit_test(tc, test_plain_race, SIM_TSAN ? 66 : 0);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
