// SPDX-License-Identifier: GPL-2.0
/*
 * The vmap_zone family beyond its verdicts (test_demo checks those on the
 * default workload): each buggy variant found from scratch by random, PCT
 * and dfs, also on a workload whose default schedule is clean; the correct
 * variant clean over many schedules of several workloads and every model;
 * and the comment's own race -- the extra prefetch -- shown to happen,
 * counted, and never a failure, with its reproducer in algos/vmap_zone/.
 */
#include "../algos/vmap_zone/vmap_zone.h"
#include "../sim/repro.h"
#include "../tools/cli.h"
#include "helpers.h"

#if SIM_ASAN || SIM_TSAN
#define CLEAN_RUNS 2000
#else
#define CLEAN_RUNS 20000
#endif
#define FIND_BUDGET 500

/* The figure of each run, gathered by a finish hook around the variant's own. */
static struct sim_scenario counted;
static void (*counted_finish)(void *ctx);
static struct {
	unsigned long runs, runs_with_extra, prefetches, extra, windows, busy_windows;
	unsigned int max_per_window;
} fig;

static void count_prefetches(void *arg)
{
	struct vz_ctx *ctx = arg;

	counted_finish(arg);
	fig.runs++;
	fig.runs_with_extra += ctx->shadow.extra_prefetches > 0;
	fig.prefetches += ctx->shadow.prefetches;
	fig.extra += ctx->shadow.extra_prefetches;
	fig.windows += ctx->shadow.windows;
	fig.busy_windows += ctx->shadow.busy_windows;
	if (ctx->shadow.max_prefetches > fig.max_per_window)
		fig.max_per_window = ctx->shadow.max_prefetches;
}

static const struct sim_scenario *counting(const char *name)
{
	counted = *scenario(name);
	counted_finish = counted.finish;
	counted.finish = count_prefetches;
	memset(&fig, 0, sizeof(fig));
	return &counted;
}

/* Runs of @src until a failure: the runs it took, 0 if @budget stayed clean. */
static enum sim_preempt preempt = SIM_PREEMPT_DEFAULT;

static uint64_t search_params(const struct sim_scenario *s, struct sim_source *src, enum sim_mm mm,
			      const char *const *params, uint64_t budget, struct sim_result *res)
{
	struct sim_run_config cfg;
	uint64_t run;
	char err[256];

	sim_config_defaults(&cfg, s, src);
	cfg.mm = mm;
	cfg.preempt = preempt;
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

static const char *const buggy[] = {
	"vmap_zone/no-guard", "vmap_zone/busy-this-cpu", "vmap_zone/free-this-cpu",
	"vmap_zone/this-cpu-ptr", "vmap_zone/preempt-off",
};

/*
 * Workloads: the default; one where the purge comes early, so that cpu1's
 * prefetch finds zone 1's chunk by luck in the default schedule and only a
 * search makes it take zone 0's (pinned, so that a bounded dfs gets there:
 * the bound does not count moves); four tasks on two CPUs, three areas each.
 */
static const char *const dflt[] = { NULL };
static const char *const early_purge[] = { "lazy_max=2", "unpinned=0", NULL };
static const char *const crowded[] = { "tasks=4", "allocs=3", "zone=3", NULL };
static const char *const *const workloads[] = { dflt, early_purge, crowded };

static void expect_found(const char *name, enum sim_mm mm, const char *const *params,
			 struct sim_source *src, const char *how)
{
	const struct sim_scenario *s = scenario(name);
	struct sim_result res;
	uint64_t runs = search_params(s, src, mm, params, FIND_BUDGET, &res);

	ck_assert_msg(runs, "%s (%s, --preempt %s, %s): not found by %s in %d runs", name,
		      sim_mm_name[mm], sim_preempt_name[preempt], params[0] ? params[0] : "defaults",
		      how, FIND_BUDGET);
	ck_assert_msg(bug_matches(s->bug, &res.failure), "%s (%s, --preempt %s) by %s: %s %s, not %s",
		      name, sim_mm_name[mm], sim_preempt_name[preempt], how,
		      sim_fail_kind_name[res.failure.kind], res.failure.name, s->bug);
}

/*
 * Each bug, each memory model, each workload: random and PCT seeds 1..5,
 * and dfs; under the default preemption model (full).
 */
START_TEST(test_found_from_scratch)
{
	unsigned int b = (unsigned int)_i / 3, w = (unsigned int)_i % 3;
	struct sim_source src;
	uint64_t seed;
	int mm;

	preempt = SIM_PREEMPT_DEFAULT;
	/* Pinned, this_cpu_ptr() is right: the task cannot move. */
	if (workloads[w] == early_purge && !strcmp(buggy[b], "vmap_zone/this-cpu-ptr"))
		return;
	for (mm = 0; mm < SIM_MM_NR; mm++) {
		for (seed = 1; seed <= 5; seed++) {
			sim_source_random(&src, seed);
			expect_found(buggy[b], mm, workloads[w], &src, "random");
			sim_source_pct(&src, seed, 3);
			expect_found(buggy[b], mm, workloads[w], &src, "pct");
		}
		/*
		 * Unbounded dfs varies the end of the default schedule first:
		 * where that one is clean (early purge) the bug needs a switch
		 * near its start, which a bound of one preemption reaches first
		 * (278 runs under lkmm) -- but not under tso, whose flush orders
		 * the bound leaves free: no find in 60 s, so no dfs there.
		 */
		if (workloads[w] == early_purge && mm == SIM_MM_TSO)
			continue;
		sim_source_dfs(&src, workloads[w] == early_purge ? 1 : SIM_DFS_UNBOUNDED);
		expect_found(buggy[b], mm, workloads[w], &src, "dfs");
	}
}
END_TEST

/* Every bug under every preemption model, tasks pinned and not: random seeds 1..3. */
START_TEST(test_found_every_preempt_model)
{
	static const char *const pinned[] = { "unpinned=0", NULL };
	unsigned int b = (unsigned int)_i / SIM_PREEMPT_FULL_V1;
	struct sim_source src;
	uint64_t seed;

	preempt = (enum sim_preempt)(_i % SIM_PREEMPT_FULL_V1);
	for (seed = 1; seed <= 3; seed++) {
		sim_source_random(&src, seed);
		expect_found(buggy[b], SIM_MM_SC, dflt, &src, "random");
		/* Pinned, this_cpu_ptr() is right: the task cannot move. */
		if (strcmp(buggy[b], "vmap_zone/this-cpu-ptr")) {
			sim_source_random(&src, seed);
			expect_found(buggy[b], SIM_MM_SC, pinned, &src, "random, pinned");
		}
	}
	preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/* The early-purge workload needs a search: its default schedule is clean. */
START_TEST(test_default_schedule_clean_early_purge)
{
	struct sim_source src;
	struct sim_result res;
	unsigned int b;

	for (b = 1; b < 3; b++) {
		sim_source_bytes(&src, NULL, 0);
		ck_assert_uint_eq(search_params(scenario(buggy[b]), &src, SIM_MM_SC, early_purge,
						1, &res), 0);
	}
}
END_TEST

/* as-posted: clean on every workload and memory model, random and PCT; every preemption model. */
START_TEST(test_as_posted_clean)
{
	unsigned int w = (unsigned int)_i % 3;
	enum sim_mm mm = (enum sim_mm)(_i / 3 % SIM_MM_NR);
	struct sim_source src;
	struct sim_result res;

	preempt = (enum sim_preempt)(_i / (3 * SIM_MM_NR));

	sim_source_random(&src, 7);
	ck_assert_msg(!search_params(scenario("vmap_zone/as-posted"), &src, mm, workloads[w],
				     CLEAN_RUNS, &res), "%s: %s %s: %s", sim_mm_name[mm],
		      sim_fail_kind_name[res.failure.kind], res.failure.name, res.failure.message);
	sim_source_pct(&src, 7, 3);
	ck_assert_msg(!search_params(scenario("vmap_zone/as-posted"), &src, mm, workloads[w],
				     CLEAN_RUNS, &res), "%s pct: %s %s: %s", sim_mm_name[mm],
		      sim_fail_kind_name[res.failure.kind], res.failure.name, res.failure.message);
	preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/*
 * The comment's race happens -- some schedules make an extra prefetch, a
 * second chunk for a zone whose cache the first one's fill already filled --
 * and is no failure; the guard keeps fills of one zone from overlapping.
 */
START_TEST(test_extra_prefetch_counted)
{
	struct sim_source src;
	struct sim_result res;

	sim_source_random(&src, 1);
	ck_assert(!search_params(counting("vmap_zone/as-posted"), &src, SIM_MM_SC, NULL,
				 CLEAN_RUNS, &res));
	ck_assert_uint_eq(fig.runs, CLEAN_RUNS);
	ck_assert_uint_gt(fig.runs_with_extra, 0);
	ck_assert_uint_lt(fig.runs_with_extra, fig.runs);
	ck_assert_uint_ge(fig.max_per_window, 2);
	ck_assert_uint_ge(fig.prefetches, fig.windows);

	/* With the check on, the same search calls it a failure by name. */
	sim_source_random(&src, 1);
	ck_assert(search_params(scenario("vmap_zone/as-posted"), &src, SIM_MM_SC,
				(const char *const[]){ "prefetch_check=1", NULL }, CLEAN_RUNS, &res));
	ck_assert_str_eq(res.failure.name, "extra-prefetch");

	/* Without the guard, the overlapping fills make more of them. */
	sim_source_random(&src, 1);
	search_params(counting("vmap_zone/no-guard"), &src, SIM_MM_SC,
		      (const char *const[]){ "prefetch_check=0", NULL }, 1, &res);
	ck_assert_str_eq(res.failure.name, "fill-overlap");
}
END_TEST

/*
 * Where the race needs preemption: pinned, a second task of the zone's CPU
 * must stop between its decision to fill and its atomic_xchg() -- a point
 * only --preempt full lets it leave the CPU at.  Unpinned, a task that took
 * the zone and moved fills it from another CPU in parallel: under every
 * model.
 */
START_TEST(test_extra_prefetch_per_preempt_model)
{
	static const char *const pinned[] = { "unpinned=0", NULL };
	static const char *const unpinned[] = { "unpinned=1", NULL };
	struct sim_source src;
	struct sim_result res;

	for (preempt = SIM_PREEMPT_NONE; preempt <= SIM_PREEMPT_FULL; preempt++) {
		sim_source_random(&src, 1);
		ck_assert(!search_params(counting("vmap_zone/as-posted"), &src, SIM_MM_SC, pinned,
					 CLEAN_RUNS, &res));
		if (preempt == SIM_PREEMPT_FULL)
			ck_assert_uint_gt(fig.extra, 0);
		else
			ck_assert_msg(!fig.extra, "--preempt %s pinned: %lu extra prefetches",
				      sim_preempt_name[preempt], fig.extra);
		sim_source_random(&src, 1);
		ck_assert(!search_params(counting("vmap_zone/as-posted"), &src, SIM_MM_SC, unpinned,
					 CLEAN_RUNS, &res));
		ck_assert_msg(fig.extra > 0, "--preempt %s unpinned: no extra prefetch",
			      sim_preempt_name[preempt]);
	}
	preempt = SIM_PREEMPT_DEFAULT;
}
END_TEST

/*
 * The reproducers of algos/vmap_zone/: the comment's own story (pinned,
 * --preempt full) and the one migration allows under --preempt none; clean
 * as recorded, each with its one extra prefetch.
 */
START_TEST(test_extra_prefetch_reproducer)
{
	static const char *const files[] = { "extra-prefetch.repro",
					     "extra-prefetch-migrated.repro" };
	struct sim_run_config cfg;
	struct sim_repro r;
	struct sim_source src;
	struct sim_result res;
	char err[256], path[4096];
	unsigned int i;

	snprintf(path, sizeof(path), "%s/algos/vmap_zone/%s", SOURCE_ROOT, files[_i]);
	ck_assert_msg(!sim_repro_read(path, &r, err, sizeof(err)), "%s", err);
	ck_assert_str_eq(r.scenario, "vmap_zone/as-posted");
	ck_assert_int_eq(r.expect_kind, SIM_OK);
	sim_source_bytes(&src, r.schedule, r.len);
	sim_config_defaults(&cfg, counting(r.scenario), &src);
	cfg.mm = r.mm;
	cfg.preempt = r.preempt;
	for (i = 0; i < r.nr_params; i++) {
		char assignment[80];

		snprintf(assignment, sizeof(assignment), "%s=%ld", r.param_name[i],
			 r.param_value[i]);
		ck_assert(!sim_config_set_param(&cfg, assignment, err, sizeof(err)));
	}
	ck_assert_int_eq(sim_run(&cfg, &res), SIM_OK);
	ck_assert_uint_eq(fig.extra, 1);
	ck_assert_uint_eq(fig.max_per_window, 2);
	sim_repro_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vmap_zone");
	TCase *tc = tcase_create("vmap_zone");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_found_from_scratch, 0, (int)ARRAY_SIZE(buggy) * 3);
	tcase_add_loop_test(tc, test_found_every_preempt_model, 0,
			    (int)ARRAY_SIZE(buggy) * SIM_PREEMPT_FULL_V1);
	tcase_add_test(tc, test_default_schedule_clean_early_purge);
	tcase_add_loop_test(tc, test_as_posted_clean, 0, 3 * SIM_MM_NR * SIM_PREEMPT_FULL_V1);
	tcase_add_test(tc, test_extra_prefetch_counted);
	tcase_add_test(tc, test_extra_prefetch_per_preempt_model);
	tcase_add_loop_test(tc, test_extra_prefetch_reproducer, 0, 2);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
