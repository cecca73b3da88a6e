// SPDX-License-Identifier: GPL-2.0
/*
 * The reduction loses nothing: on every litmus test of ../shared/litmus
 * whose raw enumeration finishes within RAW_BUDGET schedules, and on the
 * small built-in scenarios, under sc and tso, the reduced dfs reaches the
 * same set of distinct outcomes (litmus: final registers and locations)
 * and of distinct failures (kind and name, or none) as every sequence of answers,
 * and it finishes.  It also runs fewer schedules where there is anything
 * to reduce (the Must-show counts of issue 13 are checked exactly).
 */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../tools/cli.h"
#include "../tools/litmus/litmus.h"
#include "helpers.h"

#define RAW_BUDGET 20000ULL
#define REDUCED_BUDGET 2000000ULL

static const char *litmus_dir;

static void run_litmus(const struct litmus_test *t, enum sim_mm mm, bool raw,
		       unsigned long long budget, struct litmus_result *res)
{
	struct litmus_options opt = { .mm = mm, .strategy = "dfs", .runs = budget, .seed = 1,
				      .preemption_bound = SIM_DFS_UNBOUNDED, .no_reduction = raw };

	litmus_run(t, &opt, res);
}

/* Same outcome keys (counts differ: the reduction runs each class once). */
static bool same_outcomes(const struct litmus_result *a, const struct litmus_result *b)
{
	unsigned int i;

	if (a->nr_outcomes != b->nr_outcomes || !a->deadlocks != !b->deadlocks ||
	    !a->errors != !b->errors)
		return false;
	for (i = 0; i < a->nr_outcomes; i++)
		if (strcmp(a->outcomes[i].key, b->outcomes[i].key))
			return false;
	return true;
}

static unsigned int compared[SIM_MM_NR], reduced_fewer[SIM_MM_NR];

static unsigned long long raw_budget = RAW_BUDGET;

static void compare_file(const char *path)
{
	struct litmus_test *t = litmus_load(path);
	unsigned int mm;

	if (t->error.kind != LITMUS_OK) {
		litmus_free(t);
		return;
	}
	for (mm = SIM_MM_SC; mm <= SIM_MM_TSO; mm++) {
		struct litmus_result raw = { 0 }, red = { 0 };

		run_litmus(t, (enum sim_mm)mm, true, raw_budget, &raw);
		if (raw.complete) {
			run_litmus(t, (enum sim_mm)mm, false, REDUCED_BUDGET, &red);
			ck_assert_msg(red.complete, "%s under %s: the reduced dfs did not finish",
				      path, sim_mm_name[mm]);
			ck_assert_msg(same_outcomes(&raw, &red),
				      "%s under %s: %u outcomes raw (%llu schedules), %u reduced "
				      "(%llu schedules)", path, sim_mm_name[mm], raw.nr_outcomes,
				      raw.schedules, red.nr_outcomes, red.schedules);
			compared[mm]++;
			reduced_fewer[mm] += red.schedules - red.pruned < raw.schedules;
		}
		litmus_result_free(&raw);
		litmus_result_free(&red);
	}
	litmus_free(t);
}

static void walk(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);

	ck_assert_msg(dp, "%s", dir);
	while ((d = readdir(dp))) {
		char path[4096];
		size_t len = strlen(d->d_name);
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path);
		else if (len > 7 && !strcmp(d->d_name + len - 7, ".litmus"))
			compare_file(path);
	}
	closedir(dp);
}

START_TEST(test_litmus_same_outcomes)
{
	char seeds[4096];

	if (!litmus_dir)
		return;
	walk(litmus_dir);
	/* The seeds' lru_add_drain_all tests, whose raw tso dfs takes 67,059 schedules. */
	snprintf(seeds, sizeof(seeds), "%s/seeds", litmus_dir);
	raw_budget = 100000;
	walk(seeds);
	raw_budget = RAW_BUDGET;
	fprintf(stderr, "compared %u tests under sc (%u with fewer schedules), %u under tso "
		"(%u fewer)\n", compared[SIM_MM_SC], reduced_fewer[SIM_MM_SC], compared[SIM_MM_TSO],
		reduced_fewer[SIM_MM_TSO]);
	ck_assert_uint_ge(compared[SIM_MM_SC], 100);
	ck_assert_uint_ge(compared[SIM_MM_TSO], 80);
	ck_assert_uint_ge(reduced_fewer[SIM_MM_SC], 50);
	ck_assert_uint_ge(reduced_fewer[SIM_MM_TSO], 50);
}
END_TEST

/* Schedules of a complete dfs of one litmus test (must finish). */
static unsigned long long count(const char *name, enum sim_mm mm, bool raw)
{
	struct litmus_result res = { 0 };
	struct litmus_test *t;
	unsigned long long n;
	char path[4096];

	snprintf(path, sizeof(path), "%s/lkmm/%s.litmus", litmus_dir, name);
	t = litmus_load(path);
	ck_assert_msg(t->error.kind == LITMUS_OK, "%s: %s", path, t->error.what);
	run_litmus(t, mm, raw, REDUCED_BUDGET, &res);
	ck_assert_msg(res.complete, "%s under %s did not finish", name, sim_mm_name[mm]);
	/* The runs to their end: those cut short are prefixes of them. */
	n = res.schedules - res.pruned;
	fprintf(stderr, "%s under %s: %llu schedules%s (and %llu cut short)\n", name,
		sim_mm_name[mm], n, raw ? " raw" : "", res.pruned);
	litmus_result_free(&res);
	litmus_free(t);
	return n;
}

START_TEST(test_must_show_counts)
{
	if (!litmus_dir)
		return;
	ck_assert_uint_le(count("SB+poonceonces", SIM_MM_SC, false), 3);
	ck_assert_uint_le(count("SB+fencembonceonces", SIM_MM_SC, false), 3);
	ck_assert_uint_le(count("IRIW+poonceonces+OnceOnce", SIM_MM_SC, false), 15);
	ck_assert_uint_le(count("WRC+poonceonces+Once", SIM_MM_SC, false), 7);
	/* Nidhugg's 4 for store buffering: each CPU's flushes are events of their own. */
	ck_assert_uint_le(count("SB+poonceonces", SIM_MM_TSO, false), 4);
	ck_assert_uint_le(count("MP+poonceonces", SIM_MM_TSO, false), 3);
	ck_assert_uint_le(count("IRIW+poonceonces+OnceOnce", SIM_MM_TSO, false), 15);
	ck_assert_uint_le(count("WRC+poonceonces+Once", SIM_MM_TSO, false), 7);
	ck_assert_uint_le(count("SB+fencembonceonces", SIM_MM_TSO, false), 3);
}
END_TEST

/* ---- scenarios: the set of distinct failures, "clean" one of them ------- */

#define MAX_KINDS 16

struct failures {
	unsigned int nr;
	char label[MAX_KINDS][96];
	bool complete;
	uint64_t schedules;
};

static void explore_all(const struct sim_scenario *s, enum sim_mm mm, bool raw,
			uint64_t budget, struct failures *f)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	memset(f, 0, sizeof(*f));
	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	if (raw)
		sim_source_dfs_no_reduction(&src);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = mm;
	for (run = 0; run < budget && !sim_source_exhausted(&src); run++) {
		char label[96];
		unsigned int i;

		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		f->schedules += !res.pruned;
		if (res.pruned)
			continue;
		/* A run to its end with no failure is an outcome too. */
		if (res.failure.kind == SIM_OK)
			snprintf(label, sizeof(label), "clean");
		else
			failure_label(&res.failure, label, sizeof(label));
		for (i = 0; i < f->nr && strcmp(f->label[i], label); i++)
			;
		if (i == f->nr && f->nr < MAX_KINDS)
			snprintf(f->label[f->nr++], sizeof(f->label[0]), "%s", label);
	}
	f->complete = sim_source_exhausted(&src) && !src.truncated;
}

static bool same_failures(const struct failures *a, const struct failures *b)
{
	unsigned int i, j;

	if (a->nr != b->nr)
		return false;
	for (i = 0; i < a->nr; i++) {
		for (j = 0; j < b->nr && strcmp(a->label[i], b->label[j]); j++)
			;
		if (j == b->nr)
			return false;
	}
	return true;
}

static const char *const small_scenarios[] = {
	"demo/abba", "demo/iriw", "demo/iriw-mb", "demo/locked-counter", "demo/lost-update",
	"demo/mp", "demo/mp-release-acquire", "demo/mp-wmb-rmb", "demo/rcu-forgot-sync",
	"demo/rcu-kfree-rcu", "demo/rcu-sync", "demo/sb", "demo/sb-mb",
	"drain/gen-trylock", "drain/gen-v1", "drain/gen-v2", "drain/seqcount-latch",
	"mmu_gather/free-before-flush", "purge/rewrite-noflush", NULL,
};

START_TEST(test_scenarios_same_failures)
{
	const struct sim_scenario *s = sim_scenario_find(small_scenarios[_i / 2]);
	enum sim_mm mm = _i % 2 ? SIM_MM_TSO : SIM_MM_SC;
	struct failures raw, red;

	ck_assert(s);
	if (!every_schedule_alike_in_one_process(s) || s->verdict[mm] == SIM_VERDICT_NONE)
		return;
	explore_all(s, mm, true, 300000, &raw);
	if (!raw.complete)
		return;
	explore_all(s, mm, false, 3000000, &red);
	ck_assert_msg(red.complete, "%s %s: reduced dfs did not finish", s->name,
		      sim_mm_name[mm]);
	ck_assert_msg(same_failures(&raw, &red), "%s %s: %u outcomes raw (%llu schedules), "
		      "%u reduced (%llu)", s->name, sim_mm_name[mm], raw.nr,
		      (unsigned long long)raw.schedules, red.nr, (unsigned long long)red.schedules);
	ck_assert_uint_le(red.schedules, raw.schedules);
}
END_TEST

static unsigned int nr_small(void)
{
	unsigned int n = 0;

	while (small_scenarios[n])
		n++;
	return n;
}

int main(int argc, char **argv)
{
	Suite *s = suite_create("por");
	TCase *tc = tcase_create("por");
	DIR *dir;

	if (argc > 1 && (dir = opendir(argv[1]))) {
		closedir(dir);
		litmus_dir = argv[1];
	}
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_must_show_counts);
	tcase_add_test(tc, test_litmus_same_outcomes);
	tcase_add_loop_test(tc, test_scenarios_same_failures, 0, (int)(2 * nr_small()));
	suite_add_tcase(s, tc);
	return run_suite(s);
}
