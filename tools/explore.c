// SPDX-License-Identifier: GPL-2.0
/* schedfuzz explore: one scenario, one strategy, until a failure or the budget. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "sim/trace.h"

int cmd_explore(int argc, char **argv)
{
	struct search search = { .strategy = "random", .seed = 1, .depth = 3,
				 .preemption_bound = SIM_DFS_UNBOUNDED, .out_dir = "schedfuzz-out" };
	const struct sim_scenario *s;
	const struct sim_result *res = &search.result;
	struct sim_run_config cfg;
	struct sim_source src;
	bool json = false, have_runs = false, failed;
	int i;

	if (argc < 1 || argv[0][0] == '-')
		die_usage("explore needs a scenario (schedfuzz list shows them)");
	s = find_scenario(argv[0]);
	sim_config_defaults(&cfg, s, &src);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--strategy")) {
			search.strategy = flag_value(argc, argv, &i);
			if (strcmp(search.strategy, "random") && strcmp(search.strategy, "pct") &&
			    strcmp(search.strategy, "dfs"))
				die_usage("unknown strategy '%s' (random, pct, dfs)", search.strategy);
		} else if (!strcmp(a, "--depth")) {
			search.depth = parse_count(a, flag_value(argc, argv, &i), SIM_PCT_MAX_DEPTH);
			if (!search.depth)
				die_usage("--depth takes 1 to %d", SIM_PCT_MAX_DEPTH);
		} else if (!strcmp(a, "--preemption-bound")) {
			search.preemption_bound = parse_count(a, flag_value(argc, argv, &i),
							      SIM_DFS_UNBOUNDED - 1);
		} else if (!strcmp(a, "--seed")) {
			search.seed = parse_count(a, flag_value(argc, argv, &i), UINT64_MAX);
		} else if (!strcmp(a, "--runs")) {
			search.runs = parse_count(a, flag_value(argc, argv, &i), UINT64_MAX);
			have_runs = search.runs > 0;
			if (!have_runs)
				die_usage("--runs takes at least 1");
		} else if (!strcmp(a, "--time")) {
			search.seconds = parse_seconds(a, flag_value(argc, argv, &i));
		} else if (!strcmp(a, "--mm")) {
			cfg.mm = parse_mm(flag_value(argc, argv, &i));
		} else if (!strcmp(a, "--preempt")) {
			cfg.preempt = parse_preempt(flag_value(argc, argv, &i));
		} else if (!strcmp(a, "--want")) {
			search.want = flag_value(argc, argv, &i);
			if (!strchr(search.want, ':') && strcmp(search.want, "deadlock") &&
			    strcmp(search.want, "no-progress"))
				die_usage("--want takes a failure as scenarios name it "
					  "(invariant:NAME, bug:NAME, deadlock), not '%s'",
					  search.want);
		} else if (!strcmp(a, "--param")) {
			set_param(&cfg, flag_value(argc, argv, &i));
		} else if (!strcmp(a, "--out")) {
			search.out_dir = flag_value(argc, argv, &i);
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else {
			die_usage("unknown argument '%s' to explore", a);
		}
	}
	/* dfs ends by itself; the others need a budget. */
	if (!have_runs && !search.seconds && strcmp(search.strategy, "dfs"))
		search.runs = 10000;
	search.cfg = &cfg;
	search_run(&search);
	failed = res->failure.kind != SIM_OK;

	if (failed) {
		printf("%s: %s (mm %s, preempt %s), found by %s\n", s->name,
		       sim_fail_kind_name[res->failure.kind], sim_mm_name[cfg.mm],
		       sim_preempt_name[cfg.preempt], search.found_by);
		describe_failure(stdout, &res->failure);
		if (search.want)
			printf("  (--want %s: %llu runs before failed otherwise)\n", search.want,
			       search.other_failures);
		printf("  %" PRIu64 " steps, %" PRIu64 " decisions, %" PRIu64 " switches "
		       "(%" PRIu64 " preemptions); trace hash %016" PRIx64 "\n", res->steps,
		       res->decisions, res->switches, res->preemptions, sim_trace_hash());
		if (search.reproducer[0])
			printf("reproducer: %s\nreplay:     %s replay %s --trace\n", search.reproducer,
			       progname, search.reproducer);
		else
			printf("reproducer: none -- %s\n", search.save_error);
	} else if (!json) {
		printf("%s: clean (mm %s, preempt %s) after %llu runs, %llu steps, %.1f s; "
		       "max non-preemptible stretch %llu steps\n", s->name, sim_mm_name[cfg.mm],
		       sim_preempt_name[cfg.preempt], search.runs_done, search.steps, search.elapsed,
		       search.max_nonpreempt);
		if (search.want)
			printf("  %s not found; %llu runs failed otherwise\n", search.want,
			       search.other_failures);
		if (search.complete)
			printf("  every schedule explored%s\n",
			       search.preemption_bound == SIM_DFS_UNBOUNDED ? "" :
			       " within the preemption bound");
	}
	if (json) {
		printf("{\"scenario\":");
		json_string(stdout, s->name);
		printf(",\"mm\":\"%s\",\"preempt\":\"%s\",\"strategy\":\"%s\",\"seed\":%llu,"
		       "\"runs\":%llu,\"steps\":%llu,\"elapsed_s\":%.6f,\"result\":\"%s\",\"kind\":",
		       sim_mm_name[cfg.mm], sim_preempt_name[cfg.preempt], search.strategy,
		       search.seed, search.runs_done, search.steps, search.elapsed,
		       failed ? "violation" : "clean");
		json_string(stdout, failed ? sim_fail_kind_name[res->failure.kind] : NULL);
		printf(",\"name\":");
		json_string(stdout, failed ? res->failure.name : NULL);
		printf(",\"reproducer\":");
		json_string(stdout, search.reproducer[0] ? search.reproducer : NULL);
		printf(",\"max_nonpreempt_steps\":%llu,\"runs_hash\":\"%016llx\",\"complete\":%s,"
		       "\"other_failures\":%llu}\n", search.max_nonpreempt, search.runs_hash,
		       search.complete ? "true" : "false", search.other_failures);
	}
	/* A finding that cannot be replayed is lost: say so as an error. */
	if (failed && !search.reproducer[0]) {
		fflush(stdout);
		die_usage("%s", search.save_error);
	}
	return failed;
}
