// SPDX-License-Identifier: GPL-2.0
/*
 * The mmu_gather family beyond its verdicts (test_demo checks those): the
 * correct variants stay clean when every GFP_NOWAIT batch allocation fails,
 * and with two unmapping tasks sharing cpu0; free-before-flush's reproducer
 * is a heap-use-after-free under ASan; the non-preemptible stretch grows
 * with the batch only when the full batch is flushed under the PTE lock.
 */
#include <unistd.h>

#include "../algos/mmu_gather/tlb_30.h"
#include "../sim/engine.h"
#include "helpers.h"

#define CLEAN_RUNS 100000

static struct sim_scenario counted;
static void (*counted_finish)(void *ctx);
static unsigned long runs_all_failed, runs_some_succeeded;

/* The variant's checks, then how its GFP_NOWAIT allocations went. */
static void count_allocs(void *ctx)
{
	struct gather_mm *g = ctx;

	counted_finish(ctx);
	if (g->nr_batch_allocs && g->nr_batch_allocs == g->nr_batch_alloc_failures)
		runs_all_failed++;
	else if (g->nr_batch_allocs)
		runs_some_succeeded++;
}

static uint64_t search_params(const struct sim_scenario *s, struct sim_source *src,
			      const char *const *params, uint64_t budget, struct sim_result *res)
{
	struct sim_run_config cfg;
	uint64_t run;
	char err[256];

	sim_config_defaults(&cfg, s, src);
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

static const char *const correct_30[] = { "mmu_gather/preemptible", "mmu_gather/flush-under-ptl" };

START_TEST(test_clean_when_nowait_fails)
{
	struct sim_source src;
	struct sim_result res;

	counted = *scenario(correct_30[_i]);
	counted_finish = counted.finish;
	counted.finish = count_allocs;
	runs_all_failed = runs_some_succeeded = 0;
	sim_source_random(&src, 1);
	ck_assert_msg(!search_params(&counted, &src, NULL, CLEAN_RUNS, &res), "%s: %s %s",
		      counted.name, sim_fail_kind_name[res.failure.kind], res.failure.name);
	/* A random answer per allocation: both kinds of run must be well represented. */
	ck_assert_uint_gt(runs_all_failed, CLEAN_RUNS / 20);
	ck_assert_uint_gt(runs_some_succeeded, CLEAN_RUNS / 20);
	runs_all_failed = 0;
	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	ck_assert(!search_params(&counted, &src, NULL, CLEAN_RUNS, &res));
	ck_assert_uint_gt(runs_all_failed, 0);
}
END_TEST

/* The 3.0 family with two unmapping tasks on cpu0, each with its own gather. */
START_TEST(test_clean_with_two_unmappers)
{
	static const char *const two[] = { "unmappers=2", NULL };
	struct sim_source src;
	struct sim_result res;

	sim_source_random(&src, 1);
	ck_assert(!search_params(scenario(correct_30[_i]), &src, two, CLEAN_RUNS / 10, &res));
	sim_source_pct(&src, 1, 3);
	ck_assert(!search_params(scenario(correct_30[_i]), &src, two, CLEAN_RUNS / 10, &res));
}
END_TEST

static void uaf_seen(void)
{
	_exit(!strcmp(sim_run_failure()->name, "heap-use-after-free") ? 42 : 43);
}

/*
 * The schedule that finds page-freed-while-mapped, run again with
 * tlb_check=0: under ASan the stale access is made and reported (the
 * process ends, status 42); elsewhere the check stays on.
 */
START_TEST(test_free_before_flush_is_use_after_free)
{
	const struct sim_scenario *s = scenario("mmu_gather/free-before-flush");
	static const char *const unchecked[] = { "tlb_check=0", NULL };
	struct sim_source src;
	struct sim_result res;
	uint8_t schedule[4096];
	size_t len;

	sim_source_random(&src, 1);
	ck_assert(search_params(s, &src, NULL, 2000, &res));
	ck_assert_str_eq(res.failure.name, "page-freed-while-mapped");
	len = res.schedule_len;
	ck_assert_uint_le(len, sizeof(schedule));
	memcpy(schedule, res.schedule, len);

	sim_install_fatal_handlers(uaf_seen);
	sim_source_bytes(&src, schedule, len);
	search_params(s, &src, unchecked, 1, &res);
	ck_assert_str_eq(res.failure.name, "page-freed-while-mapped");
}
END_TEST

static uint64_t stretch(const char *name, const char *batch)
{
	const char *const params[] = { "pages=32", "unmappers=2", "rounds=0", batch, NULL };
	static uint8_t low_memory[1 << 14];
	struct sim_source src;
	struct sim_result res;

	memset(low_memory, 1, sizeof(low_memory));
	sim_source_bytes(&src, low_memory, sizeof(low_memory));
	ck_assert(!search_params(scenario(name), &src, params, 1, &res));
	return res.max_nonpreempt_steps;
}

/* Every GFP_NOWAIT fails (Hugh's "memory is low"): see tools/bench/mmu_gather_latency. */
START_TEST(test_latency_grows_only_under_ptl)
{
	ck_assert_uint_gt(stretch("mmu_gather/flush-under-ptl", "batch=32"),
			  stretch("mmu_gather/flush-under-ptl", "batch=8") + 16);
	ck_assert_uint_eq(stretch("mmu_gather/preemptible", "batch=32"),
			  stretch("mmu_gather/preemptible", "batch=8"));
	ck_assert_uint_eq(stretch("mmu_gather/percpu", "batch=32"),
			  stretch("mmu_gather/percpu", "batch=8"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mmu_gather");
	TCase *tc = tcase_create("mmu_gather");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_clean_when_nowait_fails, 0, ARRAY_SIZE(correct_30));
	tcase_add_loop_test(tc, test_clean_with_two_unmappers, 0, ARRAY_SIZE(correct_30));
	tcase_add_exit_test(tc, test_free_before_flush_is_use_after_free, SIM_ASAN ? 42 : 0);
	tcase_add_test(tc, test_latency_grows_only_under_ptl);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
