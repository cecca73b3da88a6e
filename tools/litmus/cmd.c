// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz litmus FILE: one test, one model, every schedule (dfs) or a
 * sample (random).  schedfuzz litmus --summary DIR...: every test under the
 * folders, under every model (or those --mm names), against LKMM's
 * verdicts: the header's "Result:", else a verdict index's (verdicts.c).
 *
 * Exit status: 0 as expected; 1 when a result contradicts LKMM (a Never
 * outcome reached, an Always one missed), contradicts the header's
 * "Expect:", or a run failed (a bad pointer, an unlock of a free lock);
 * 2 for a bad command line, a malformed file or an unsupported construct.
 * --summary counts refused constructs (exit 0 for them) and exits 2 for a
 * malformed file only when nothing earns it 1.
 */
#include <string.h>

#include "litmus.h"
#include "tools/cli.h"

/* Past this many schedules a dfs stops and says it is incomplete. */
#define LITMUS_DFS_BUDGET	2000000ULL
/* Per test and model in --summary: the 3,775 tests of the herd7 corpus end in minutes. */
#define LITMUS_SUMMARY_BUDGET	20000ULL
#define LITMUS_RANDOM_RUNS	10000ULL

static void die_test_error(const struct litmus_test *test)
{
	if (test->error.line)
		die_usage("%s:%u: %s", test->path, test->error.line, test->error.what);
	die_usage("%s: %s", test->path, test->error.what);
}

static int run_one(const char *path, const struct litmus_options *opt, bool json,
		   const char *verdicts)
{
	struct litmus_test *test = litmus_load(path);
	struct litmus_result res;
	int status;

	if (verdicts)
		litmus_verdicts_load(verdicts, true);
	else
		litmus_verdicts_find_near(path);
	litmus_verdicts_apply(test);
	litmus_verdicts_free();
	if (test->error.kind != LITMUS_OK)
		die_test_error(test);
	litmus_run(test, opt, &res);
	if (json)
		litmus_print_json(stdout, test, opt, &res);
	else
		litmus_print_result(stdout, test, opt, &res);
	status = litmus_nonconformance(test, &res) || res.errors ||
		 !litmus_expectation_met(test, opt->mm, &res);
	litmus_result_free(&res);
	litmus_free(test);
	return status;
}

static void add_model(enum sim_mm *models, unsigned int *nr, enum sim_mm mm)
{
	unsigned int i;

	for (i = 0; i < *nr; i++)
		if (models[i] == mm)
			return;
	models[(*nr)++] = mm;
}

int cmd_litmus(int argc, char **argv)
{
	struct litmus_options opt = {
		.mm = SIM_MM_SC,
		.strategy = "dfs",
		.seed = 1,
		.preemption_bound = SIM_DFS_UNBOUNDED,
	};
	struct litmus_summary_options sopt = { 0 };
	enum sim_mm *models = sopt.models;
	unsigned int nr_models = 0;
	bool json = false, summary = false;
	const char *verdicts = NULL;
	char **paths = argv;
	int i, nr_paths = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--mm")) {
			add_model(models, &nr_models, parse_mm(flag_value(argc, argv, &i)));
		} else if (!strcmp(a, "--strategy")) {
			opt.strategy = flag_value(argc, argv, &i);
			if (strcmp(opt.strategy, "dfs") && strcmp(opt.strategy, "random"))
				die_usage("unknown strategy '%s' for litmus (dfs, random)",
					  opt.strategy);
		} else if (!strcmp(a, "--runs")) {
			opt.runs = parse_count(a, flag_value(argc, argv, &i), UINT64_MAX);
			if (!opt.runs)
				die_usage("--runs takes at least 1");
			opt.runs_given = true;
		} else if (!strcmp(a, "--time")) {
			opt.seconds = (double)parse_count(a, flag_value(argc, argv, &i), 1000000);
		} else if (!strcmp(a, "--seed")) {
			opt.seed = parse_count(a, flag_value(argc, argv, &i), UINT64_MAX);
		} else if (!strcmp(a, "--preemption-bound")) {
			const char *bound = flag_value(argc, argv, &i);

			opt.preemption_bound = (unsigned int)parse_count(a, bound,
									 SIM_DFS_UNBOUNDED - 1);
		} else if (!strcmp(a, "--delay-bound")) {
			opt.delay_bound = (unsigned int)parse_count(a, flag_value(argc, argv, &i),
								    SIM_DFS_UNBOUNDED - 1);
			opt.delay_bounded = true;
		} else if (!strcmp(a, "--no-reduction")) {
			opt.no_reduction = true;
		} else if (!strcmp(a, "--trace")) {
			opt.trace = true;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--summary")) {
			summary = true;
		} else if (!strcmp(a, "--table")) {
			sopt.table_only = true;
		} else if (!strcmp(a, "--jobs")) {
			sopt.jobs = (unsigned int)parse_count(a, flag_value(argc, argv, &i), 256);
			if (!sopt.jobs)
				die_usage("--jobs takes at least 1");
		} else if (!strcmp(a, "--sample")) {
			sopt.sample = (unsigned int)parse_count(a, flag_value(argc, argv, &i),
								1000000);
			if (!sopt.sample)
				die_usage("--sample takes at least 1 (1 in N tests)");
		} else if (!strcmp(a, "--verdicts")) {
			verdicts = flag_value(argc, argv, &i);
		} else if (a[0] == '-') {
			die_usage("unknown argument '%s' to litmus", a);
		} else {
			paths[nr_paths++] = argv[i];
		}
	}
	if (!opt.runs && strcmp(opt.strategy, "dfs"))
		opt.runs = LITMUS_RANDOM_RUNS;
	else if (!opt.runs)
		opt.runs = summary ? LITMUS_SUMMARY_BUDGET : LITMUS_DFS_BUDGET;

	if (summary) {
		if (!nr_paths)
			die_usage("litmus --summary needs a folder");
		if (opt.trace)
			die_usage("litmus --summary does not take --trace");
		/* Every model the engine has: a new one gets its column unasked. */
		if (!nr_models)
			for (i = 0; i < SIM_MM_NR; i++)
				add_model(models, &nr_models, (enum sim_mm)i);
		sopt.nr_models = nr_models;
		sopt.json = json;
		sopt.verdicts = verdicts;
		return litmus_summary(nr_paths, paths, &opt, &sopt);
	}
	if (sopt.table_only || sopt.jobs || sopt.sample)
		die_usage("--table, --jobs and --sample go with --summary");
	if (nr_paths != 1)
		die_usage(nr_paths ? "litmus runs one FILE (--summary takes folders)" :
			  "litmus needs a FILE.litmus (or --summary DIR...)");
	if (nr_models > 1)
		die_usage("litmus FILE takes one --mm (--summary takes several)");
	if (nr_models)
		opt.mm = models[0];
	return run_one(paths[0], &opt, json, verdicts);
}
