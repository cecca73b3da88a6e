// SPDX-License-Identifier: GPL-2.0
/*
 * The vma_rcu scenarios (algos/vma_rcu/) beyond their verdicts, which
 * test_demo checks: what each bug's report names, the kernel's refcount_t
 * warning on the mutation, the correct variants' bounded dfs explored in
 * full, and the use-after-free made for real under ASan.
 */
#include <unistd.h>

#include <linux/kernel.h>

#include "../sim/engine.h"
#include "../sim/report.h"
#include "helpers.h"

/* Runs 0.. of @src on @name with @params until a failure, at most @budget. */
static uint64_t search_params(const char *name, struct sim_source *src,
			      const char *const *params, enum sim_mm mm, uint64_t budget,
			      struct sim_result *res)
{
	struct sim_run_config cfg;
	uint64_t run;
	char err[256];

	sim_config_defaults(&cfg, scenario(name), src);
	cfg.mm = mm;
	for (; params && *params; params++)
		ck_assert_msg(!sim_config_set_param(&cfg, *params, err, sizeof(err)), "%s", err);
	for (run = 0; run < budget && !sim_source_exhausted(src); run++) {
		sim_source_begin_run(src, run);
		if (sim_run(&cfg, res) != SIM_OK)
			return run + 1;
		sim_source_end_run(src, res->steps);
	}
	return 0;
}

/*
 * Under TSan the first report is a data race between __free_vma() in an
 * RCU/SRCU callback and a reader's plain read -- for the correct variants
 * too: the edge from a reader's end to the callback is not yet given to
 * TSan (README.md, "TSan"); these tests are the other builds' until then.
 */
static void first_failure(const char *name, enum sim_mm mm, const char *const *params,
			  struct sim_result *res)
{
	struct sim_source src;

	sim_source_pct(&src, 1, 3);
	ck_assert_msg(search_params(name, &src, params, mm, 20000, res), "%s: not found", name);
}

#define HAS(f, s) ck_assert_msg(strstr((f)->message, s), "no \"%s\" in: %s", s, (f)->message)

/* The report names the task, the VMA, where it touched it, and who freed it where. */
START_TEST(test_use_after_free_story)
{
	static const char *const buggy[] = { "vma_rcu/free-at-once", "vma_rcu/rcu-noref" };
	struct sim_result res;
	unsigned int i;

	if (SIM_TSAN)
		return;

	for (i = 0; i < ARRAY_SIZE(buggy); i++) {
		first_failure(buggy[i], (enum sim_mm)_i, NULL, &res);
		ck_assert_int_eq(res.failure.kind, SIM_FAIL_BUG);
		ck_assert_str_eq(res.failure.name, "use-after-free");
		HAS(&res.failure, "vma");
		HAS(&res.failure, "freed");
	}
	first_failure("vma_rcu/rcu-noref", (enum sim_mm)_i, NULL, &res);
	HAS(&res.failure, "in handle_mm_fault after rcuc/");
	HAS(&res.failure, "freed it in __free_vma");
}
END_TEST

/* get-vma-zero: the ghost's "count was 0"; with refcount_t, the kernel's own warning. */
START_TEST(test_get_vma_on_zero)
{
	static const char *const with_refcount_t[] = { "refcount_t=1", NULL };
	struct sim_result res;

	if (SIM_TSAN)
		return;

	first_failure("vma_rcu/get-vma-zero", (enum sim_mm)_i, NULL, &res);
	ck_assert_str_eq(res.failure.name, "vma-refcount");
	HAS(&res.failure, "get_vma() took a reference on vma");
	HAS(&res.failure, "whose count was 0");
	first_failure("vma_rcu/get-vma-zero", (enum sim_mm)_i, with_refcount_t, &res);
	ck_assert_int_eq(res.failure.kind, SIM_FAIL_BUG);
	ck_assert_str_eq(res.failure.name, "refcount-add-on-0");
	HAS(&res.failure, "refcount_t: addition on 0; use-after-free");
}
END_TEST

START_TEST(test_rcu_sleep)
{
	static const char *const preempt_rcu[] = { "preempt_rcu=1", NULL };
	struct sim_result res;

	if (SIM_TSAN)
		return;

	first_failure("vma_rcu/rcu-sleep", (enum sim_mm)_i, NULL, &res);
	ck_assert_str_eq(res.failure.name, "sleeping-while-atomic");
	HAS(&res.failure, "may sleep, called by fault");
	/* Preemptible RCU lets the reader be preempted, never sleep. */
	first_failure("vma_rcu/rcu-sleep", (enum sim_mm)_i, preempt_rcu, &res);
	ck_assert_int_eq(res.failure.kind, SIM_FAIL_BUG);
}
END_TEST

/*
 * The correct variants under sc: every schedule within one preemption,
 * clean and complete (the README has the counts, lkmm's too: 10^6
 * schedules, minutes, too long for a test).
 */
START_TEST(test_correct_bounded_dfs)
{
	static const char *const correct[] = { "vma_rcu/v12", "vma_rcu/srcu",
					       "vma_rcu/inc-not-zero" };
	const enum sim_mm mm = SIM_MM_SC;
	struct sim_source src;
	struct sim_result res;
	unsigned int i;

	if (SIM_ASAN || SIM_TSAN)
		return;		/* the plain build's job */
	for (i = 0; i < ARRAY_SIZE(correct); i++) {
		sim_source_dfs(&src, 1);
		ck_assert_msg(!search_params(correct[i], &src, NULL, mm, 3000000, &res),
			      "%s %s: %s", correct[i], sim_mm_name[mm], res.failure.message);
		ck_assert_msg(sim_source_exhausted(&src) && !src.truncated, "%s %s: incomplete",
			      correct[i], sim_mm_name[mm]);
	}
}
END_TEST

static void uaf_seen(void)
{
	_exit(!strcmp(sim_run_failure()->name, "heap-use-after-free") ? 42 : 43);
}

/*
 * rcu-noref's first failing schedule again with uaf_check=0: under ASan the
 * handler's late read is made and reported (the process ends, status 42);
 * elsewhere the check stays on.
 */
START_TEST(test_rcu_noref_asan)
{
	static const char *const unchecked[] = { "uaf_check=0", NULL };
	struct sim_source src;
	struct sim_result res;
	uint8_t schedule[4096];
	size_t len;

	first_failure("vma_rcu/rcu-noref", SIM_MM_SC, NULL, &res);
	len = res.schedule_len;
	ck_assert_uint_le(len, sizeof(schedule));
	memcpy(schedule, res.schedule, len);
	sim_install_fatal_handlers(uaf_seen);
	sim_source_bytes(&src, schedule, len);
	search_params("vma_rcu/rcu-noref", &src, unchecked, SIM_MM_SC, 1, &res);
	ck_assert_str_eq(res.failure.name, "use-after-free");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vma_rcu");
	TCase *tc = tcase_create("vma_rcu");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_use_after_free_story, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_get_vma_on_zero, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_rcu_sleep, 0, SIM_MM_NR);
	tcase_add_test(tc, test_correct_bounded_dfs);
	tcase_add_exit_test(tc, test_rcu_noref_asan, SIM_ASAN ? 42 : 0);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
