// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz campaign: every scenario (or those matching --scenario), under
 * every model it has a known verdict for, searched within a time budget --
 * half of it random, half PCT -- and a table of what was found beside what
 * the seed threads say.  A clean run of a known-buggy scenario is a finding
 * as much as a failure of a correct one; either makes the exit status 1.
 */
#include <fnmatch.h>
#include <string.h>

#include "algos/registry.h"
#include "cli.h"

#define MAX_GLOBS 16
#define MAX_ENTRIES 256

struct entry {
	const struct sim_scenario *scenario;
	enum sim_mm mm;
	const char *status;		/* "agrees", "DISAGREES", "not in this build" */
	char found[160];
	unsigned long long runs;	/* until the failure, or in all */
	double seconds;
	char reproducer[4096];
};

static bool selected(const char *name, const char *const *globs, unsigned int nr_globs)
{
	unsigned int i;

	for (i = 0; i < nr_globs; i++)
		if (!fnmatch(globs[i], name, 0))
			return true;
	return !nr_globs;
}

static void campaign_entry(struct entry *e, double budget, unsigned long long seed,
			   const char *out_dir)
{
	static const char *const strategies[] = { "random", "pct" };
	const char *bug = e->scenario->bug;
	bool buggy = e->scenario->verdict[e->mm] == SIM_VERDICT_BUGGY;
	struct sim_run_config cfg;
	struct sim_source src;
	struct search search;
	char label[96];
	unsigned int i;

	sim_config_defaults(&cfg, e->scenario, &src);
	cfg.mm = e->mm;
	e->runs = 0;
	e->seconds = 0;
	snprintf(e->found, sizeof(e->found), "clean");
	for (i = 0; i < 2; i++) {
		search = (struct search){ .cfg = &cfg, .strategy = strategies[i], .seed = seed,
					  .depth = 3, .seconds = budget / 2, .out_dir = out_dir };
		/* A zero budget would mean no limit: run once at least, and stop. */
		if (!search.seconds)
			search.runs = 1;
		search_run(&search);
		e->runs += search.runs_done;
		e->seconds += search.elapsed;
		if (search.result.failure.kind != SIM_OK)
			break;
	}
	snprintf(e->reproducer, sizeof(e->reproducer), "%s", search.reproducer);
	if (search.result.failure.kind == SIM_OK) {
		snprintf(e->found, sizeof(e->found), "clean");
		e->status = !buggy ? "agrees" : build_can_find(bug) ? "DISAGREES" : "not in this build";
		return;
	}
	failure_label(&search.result.failure, label, sizeof(label));
	snprintf(e->found, sizeof(e->found), "%s (%s)", label, strategies[i]);
	e->status = buggy && bug_matches(bug, &search.result.failure) ? "agrees" : "DISAGREES";
}

static void print_table(const struct entry *entries, unsigned int n)
{
	static const char *const verdict[] = { "-", "correct", "buggy" };
	unsigned int i;

	printf("\n%-30s %-3s %-7s %-44s %-22s %s\n", "scenario", "mm", "known", "found",
	       "after", "reproducer");
	for (i = 0; i < n; i++) {
		const struct entry *e = &entries[i];
		char after[32];

		snprintf(after, sizeof(after), "%llu runs, %.1f s", e->runs, e->seconds);
		printf("%-30s %-3s %-7s %-44s %-22s %s\n", e->scenario->name, sim_mm_name[e->mm],
		       verdict[e->scenario->verdict[e->mm]], e->found, after,
		       e->reproducer[0] ? e->reproducer : "-");
		if (!strcmp(e->status, "DISAGREES"))
			printf("  !! %s: the known verdict is %s%s%s\n", e->scenario->name,
			       verdict[e->scenario->verdict[e->mm]], e->scenario->bug ? ", " : "",
			       e->scenario->bug ? e->scenario->bug : "");
		else if (strcmp(e->status, "agrees"))
			printf("  (%s: %s needs a sanitizer this build lacks)\n", e->scenario->name,
			       e->scenario->bug);
	}
}

static void print_json(const struct entry *entries, unsigned int n)
{
	static const char *const verdict[] = { "none", "correct", "buggy" };
	unsigned int i;

	printf("[");
	for (i = 0; i < n; i++) {
		const struct entry *e = &entries[i];

		printf("%s{\"scenario\":", i ? "," : "");
		json_string(stdout, e->scenario->name);
		printf(",\"mm\":\"%s\",\"known\":\"%s\",\"found\":", sim_mm_name[e->mm],
		       verdict[e->scenario->verdict[e->mm]]);
		json_string(stdout, e->found);
		printf(",\"status\":");
		json_string(stdout, e->status);
		printf(",\"runs\":%llu,\"seconds\":%.3f,\"reproducer\":", e->runs, e->seconds);
		json_string(stdout, e->reproducer[0] ? e->reproducer : NULL);
		printf("}");
	}
	printf("]\n");
}

int cmd_campaign(int argc, char **argv)
{
	static struct entry entries[MAX_ENTRIES];
	const char *globs[MAX_GLOBS], *out_dir = "schedfuzz-out";
	const struct sim_scenario *const *s;
	unsigned long long seed = 1;
	unsigned int nr_globs = 0, n = 0, i, disagree = 0, unchecked = 0;
	double seconds = 30, start;
	int mm_wanted = -1, a, m;
	bool json = false;

	for (a = 0; a < argc; a++) {
		if (!strcmp(argv[a], "--time")) {
			seconds = (double)parse_count(argv[a], flag_value(argc, argv, &a), 1000000);
		} else if (!strcmp(argv[a], "--scenario")) {
			if (nr_globs == MAX_GLOBS)
				die_usage("at most %d --scenario", MAX_GLOBS);
			globs[nr_globs++] = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--mm")) {
			const char *v = flag_value(argc, argv, &a);

			mm_wanted = strcmp(v, "all") ? (int)parse_mm(v) : -1;
		} else if (!strcmp(argv[a], "--seed")) {
			seed = parse_count(argv[a], flag_value(argc, argv, &a), UINT64_MAX);
		} else if (!strcmp(argv[a], "--out")) {
			out_dir = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--json")) {
			json = true;
		} else {
			die_usage("unknown argument '%s' to campaign", argv[a]);
		}
	}
	for (s = sim_scenarios; *s; s++) {
		if (!selected((*s)->name, globs, nr_globs))
			continue;
		/* Every model with a known verdict. */
		for (m = 0; m < SIM_MM_NR && n < MAX_ENTRIES; m++)
			if ((*s)->verdict[m] != SIM_VERDICT_NONE && (mm_wanted < 0 || mm_wanted == m))
				entries[n++] = (struct entry){ .scenario = *s, .mm = (enum sim_mm)m };
	}
	if (!n)
		die_usage("no scenario matches (schedfuzz list shows them)");

	start = now_seconds();
	for (i = 0; i < n; i++) {
		struct entry *e = &entries[i];
		double left = seconds - (now_seconds() - start);

		/* What a quick find leaves over goes to the entries after it. */
		campaign_entry(e, left > 0 ? left / (n - i) : 0, seed, out_dir);
		disagree += !strcmp(e->status, "DISAGREES");
		unchecked += !strcmp(e->status, "not in this build");
		if (!json)
			printf("%s (%s): %s, %s\n", e->scenario->name, sim_mm_name[e->mm], e->found,
			       e->status);
	}
	if (json)
		print_json(entries, n);
	else
		print_table(entries, n);
	if (!json)
		printf("\n%u of %u results agree with the known verdicts, %u disagree%s%s\n",
		       n - disagree - unchecked, n, disagree, disagree ? " (see !! above)" : "",
		       unchecked ? ", the rest need another build" : "");
	return disagree ? 1 : 0;
}
